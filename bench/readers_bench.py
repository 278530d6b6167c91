#!/usr/bin/env python3
"""Times Tangle's GraphML, GML and DOT readers against NetworkX and igraph.

Usage (from the repository root, after `swift build -c release --product tangle`):
    python3 bench/readers_bench.py [--edges 200000]
Writes the inputs to bench/out/ (not committed) and a table to
bench/results/readers.md.

Every reader gets the same file: GraphML and GML written by NetworkX
(write_graphml, write_gml) and DOT written by this script in the shape
`dot -Tcanon` prints. Tangle's time is the whole `tangle stats FILE` process
(start, read, parse, build the CSR graph); the peers' is the read call alone
inside an already running Python. Best of several runs; NetworkX runs once
per format when it is slow.
"""
import argparse
import os
import platform
import random
import resource
import subprocess
import time

import igraph as ig
import networkx as nx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
RESULTS = os.path.join(ROOT, "bench", "results", "readers.md")
TANGLE = os.path.join(ROOT, ".build", "release", "tangle")


def make_graph(edges, seed=1):
    rng = random.Random(seed)
    g = nx.gnm_random_graph(edges // 4, edges, seed=seed)
    for u, v in g.edges():
        g[u][v]["weight"] = rng.randint(1, 9)
    for n in g.nodes():
        g.nodes[n]["group"] = rng.choice(["red", "green", "blue"])
    return g


def write_dot(g, path):
    with open(path, "w") as f:
        f.write("graph G {\n\tnode [label=\"\\N\"];\n")
        for n, d in g.nodes(data=True):
            f.write('\t%s\t[group=%s];\n' % (n, d["group"]))
        for u, v, d in g.edges(data=True):
            f.write("\t%s -- %s\t[weight=%d];\n" % (u, v, d["weight"]))
        f.write("}\n")


def cpu():
    """CPU seconds (user + system) of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def best(fn, runs):
    """Best wall time and best CPU time over `runs` calls, and the last result.

    The machine is shared, so wall time includes waiting for a core; CPU
    time is the work itself and is the fairer comparison."""
    walls, cpus = [], []
    result = None
    for _ in range(runs):
        w, c = time.perf_counter(), cpu()
        result = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(cpu() - c)
    return (min(walls), min(cpus)), result


def tangle(path):
    out = subprocess.run([TANGLE, "stats", path], capture_output=True, text=True, check=True).stdout
    parts = out.split()
    return int(parts[1].replace(",", "")), int(parts[3].replace(",", ""))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--edges", type=int, default=200_000)
    args = parser.parse_args()
    if not os.path.exists(TANGLE):
        raise SystemExit("build first: swift build -c release --product tangle")
    os.makedirs(OUT, exist_ok=True)
    g = make_graph(args.edges)
    files = {
        "graphml": os.path.join(OUT, "gnm_%d.graphml" % args.edges),
        "gml": os.path.join(OUT, "gnm_%d.gml" % args.edges),
        "dot": os.path.join(OUT, "gnm_%d.dot" % args.edges),
    }
    nx.write_graphml(g, files["graphml"])
    nx.write_gml(g, files["gml"])
    write_dot(g, files["dot"])

    rows = []
    for fmt, path in files.items():
        size = os.path.getsize(path) / 1e6
        t_tangle, (n, m) = best(lambda: tangle(path), 5)
        assert (n, m) == (g.number_of_nodes(), g.number_of_edges()), (fmt, n, m)
        t_ig = None
        if fmt == "graphml":
            t_ig, h = best(lambda: ig.Graph.Read_GraphML(path), 3)
            assert h.ecount() == m
        elif fmt == "gml":
            t_ig, h = best(lambda: ig.Graph.Read_GML(path), 3)
            assert h.ecount() == m
        reader = {"graphml": nx.read_graphml, "gml": nx.read_gml, "dot": None}[fmt]
        t_nx = None
        if reader:
            t_nx, h = best(lambda: reader(path), 1)
            assert h.number_of_edges() == m
        rows.append((fmt, size, n, m, t_tangle, t_ig, t_nx))

    def cell(t, base):
        if t is None:
            return "—"
        return "%.3f s / %.3f s (%.1f×)" % (t[0], t[1], t[1] / base[1])

    lines = [
        "# Reader speed: Tangle vs igraph vs NetworkX",
        "",
        "`python3 bench/readers_bench.py --edges %d` on %s, Python %s, networkx %s, igraph %s."
        % (args.edges, platform.machine(), platform.python_version(), nx.__version__, ig.__version__),
        "Machine shared with other jobs (2 cores); best of 5 (Tangle), 3 (igraph), 1 (NetworkX).",
        "Tangle: whole `tangle stats FILE` process, release build. Peers: the read call alone.",
        "Cells are wall / CPU (user+system) seconds; the ratio is the peer's CPU time over Tangle's.",
        "Random G(n, m) graph, integer edge weights, one string node attribute, written by NetworkX",
        "(GraphML, GML) or in `dot -Tcanon` style (DOT).",
        "",
        "| format | MB | nodes | edges | Tangle | igraph | NetworkX |",
        "|---|---|---|---|---|---|---|",
    ]
    for fmt, size, n, m, tt, ti, tn in rows:
        lines.append("| %s | %.1f | %d | %d | %.3f s / %.3f s | %s | %s |" % (fmt, size, n, m, tt[0], tt[1], cell(ti, tt), cell(tn, tt)))
    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
