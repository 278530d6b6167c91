#!/usr/bin/env python3
"""Statistics, equal work: Tangle beside NetworKit, igraph and NetworkX, with 1 and 2 threads.

  python3 bench/stats_bench.py            (REPEAT=3 by default; NX=0 leaves NetworkX out)

Writes bench/results/stats.json and stats.md, with the commit and the load average.

Each tool computes the same four parts on the same graph, timed inside its own
process after the graph is read (no interpreter or process start-up):
  basic       : every node's degree and the connected components
  clustering  : average local clustering, transitivity and degree assortativity
  communities : Louvain, resolution 1 (the modularity each reaches is printed beside its time)
  pagerank    : alpha 0.85, from the uniform vector, stopping when the L1 change
                falls below n x 1e-6 (NetworkX's rule; NetworKit is given the same
                L1 rule; igraph's PRPACK solves the system directly, said in the table)
Tangle reports each part with `tangle stats --timing` (stats.basic, stats.clustering, …).
Threads: Tangle --threads 1|2 and NetworKit setNumberOfThreads(1|2). igraph and
NetworkX compute on one thread (they have no thread setting for these). CPU time is
the process's (all threads), beside wall time.
Graphs: BA 100k nodes / 1M edges (m = 10), and BA 1M nodes / 5M edges (m = 5), where
NetworkX is left out (its clustering alone takes minutes there).
"""
import json, os, subprocess, sys, time
from benchlib import commit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
RES = os.path.join(ROOT, "bench", "results")
TANGLE = os.path.join(ROOT, ".build", "release", "tangle")
REPEAT = int(os.environ.get("REPEAT", "3"))
WITH_NX = os.environ.get("NX", "1") != "0"
PARTS = ["basic", "clustering", "communities", "pagerank"]
# label, file, nodes, m, seed, NetworkX too, runs per tool
GRAPHS = [("BA 100k / 1M edges", "ba100k_m10.edges", 100_000, 10, 3, True, REPEAT),
          ("BA 1M / 5M edges", "ba1m_m5.edges", 1_000_000, 5, 1, False, 1)]
# igraph's Louvain (community_multilevel) did not finish on BA-1M in 400 s in
# a trial (2.7 s at 100k): it runs in its own process, stopped after this long.
IGRAPH_LOUVAIN_LIMIT = int(os.environ.get("IGRAPH_LOUVAIN_LIMIT", "300"))


def ensure(name, nodes, m, seed):
    path = os.path.join(OUT, name)
    if not os.path.exists(path):
        subprocess.run([TANGLE, "gen", "ba", "--nodes", str(nodes), "--m", str(m), "--seed", str(seed), "-o", path], check=True)
    return path


def timed(fn):
    """(wall s, process CPU s, result) of one call."""
    w, c = time.perf_counter(), time.process_time()
    r = fn()
    return time.perf_counter() - w, time.process_time() - c, r


def best_of(runs):
    """The run with the least wall time, per part: {part: (wall, cpu)}."""
    out = {}
    for run in runs:
        for part, (w, c) in run.items():
            if part not in out or w < out[part][0]:
                out[part] = (w, c)
    return out


def tangle(path, threads, repeat):
    runs, modularity = [], None
    for _ in range(repeat):
        r = subprocess.run([TANGLE, "stats", path, "--timing", "--json", "--threads", str(threads)],
                           capture_output=True, text=True, check=True)
        parts = {}
        for line in r.stderr.splitlines():
            f = line.split()  # timing NAME WALL_MS cpu CPU_MS threads N
            if f and f[0] == "timing" and f[1].startswith("stats."):
                parts[f[1][6:]] = (float(f[2]) / 1000, float(f[4]) / 1000)
        runs.append(parts)
        modularity = json.loads(r.stdout)["communities"]["modularity"]
    return best_of(runs), {"communities": modularity}


def networkit(path, nodes, threads, repeat):
    import networkit as nk
    import numpy as np
    nk.setNumberOfThreads(threads)
    nk.engineering.setSeed(1, True)
    g = nk.graphio.EdgeListReader(" ", 0, continuous=True, directed=False).read(path)
    g.removeMultiEdges(); g.removeSelfLoops()
    runs, modularity = [], None
    for _ in range(repeat):
        parts = {}
        def basic():
            cc = nk.components.ConnectedComponents(g); cc.run()
            return cc.numberOfComponents(), nk.centrality.DegreeCentrality(g).run().scores()
        w, c, (_, degrees) = timed(basic); parts["basic"] = (w, c)
        def clustering():
            # NetworKit at its fastest: the turbo local coefficients, and transitivity
            # from them (3 x triangles / connected triples) rather than exactGlobal,
            # which counts the triangles again (0.8 s more at 100k nodes).
            lcc = nk.centrality.LocalClusteringCoefficient(g, turbo=True); lcc.run()
            local, d = np.asarray(lcc.scores()), np.asarray(degrees)
            triples = d * (d - 1) / 2
            avg, glob = local.mean(), float((local * triples).sum() / triples.sum())
            a = nk.correlation.Assortativity(g, degrees); a.run()
            return avg, glob, a.getCoefficient()
        w, c, _ = timed(clustering); parts["clustering"] = (w, c)
        def louvain():
            plm = nk.community.PLM(g, refine=False, gamma=1.0); plm.run()
            return nk.community.Modularity().getQuality(plm.getPartition(), g)
        w, c, modularity = timed(louvain); parts["communities"] = (w, c)
        def pagerank():
            pr = nk.centrality.PageRank(g, damp=0.85, tol=nodes * 1e-6)
            pr.norm = nk.centrality.Norm.L1_NORM
            pr.run()
            return pr.numberOfIterations()
        w, c, iterations = timed(pagerank); parts["pagerank"] = (w, c)
        runs.append(parts)
    return best_of(runs), {"communities": modularity, "pagerank_iterations": iterations}


def igraph_(path, repeat):
    """igraph's parts but its Louvain (igraph_louvain, in a process of its own)."""
    import igraph as ig
    g = ig.Graph.Read_Edgelist(path, directed=False).simplify()
    runs = []
    for _ in range(repeat):
        parts = {}
        w, c, _ = timed(lambda: (g.degree(), g.connected_components())); parts["basic"] = (w, c)
        w, c, _ = timed(lambda: (g.transitivity_avglocal_undirected(mode="zero"), g.transitivity_undirected(),
                                 g.assortativity_degree(directed=False))); parts["clustering"] = (w, c)
        w, c, _ = timed(lambda: g.pagerank(damping=0.85)); parts["pagerank"] = (w, c)
        runs.append(parts)
    return best_of(runs), {}


def igraph_louvain(path, repeat):
    import igraph as ig
    g = ig.Graph.Read_Edgelist(path, directed=False).simplify()
    runs, modularity = [], None
    for _ in range(repeat):
        w, c, modularity = timed(lambda: g.community_multilevel().modularity)
        runs.append({"communities": (w, c)})
    return best_of(runs), {"communities": modularity}


def networkx_(path):
    import networkx as nx
    g = nx.read_edgelist(path, nodetype=int)
    parts = {}
    w, c, _ = timed(lambda: (dict(g.degree()), list(nx.connected_components(g)))); parts["basic"] = (w, c)
    w, c, _ = timed(lambda: (nx.average_clustering(g), nx.transitivity(g),
                             nx.degree_assortativity_coefficient(g))); parts["clustering"] = (w, c)
    w, c, comms = timed(lambda: nx.community.louvain_communities(g, seed=0)); parts["communities"] = (w, c)
    modularity = nx.community.modularity(g, comms)
    w, c, _ = timed(lambda: nx.pagerank(g, alpha=0.85, tol=1e-6)); parts["pagerank"] = (w, c)
    return parts, {"communities": modularity}


def run_isolated(kind, *args, timeout=None):
    """Runs one peer in its own Python process (each thread setting starts clean)."""
    code = f"import sys, json; sys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r}); " \
           f"import stats_bench as b; print(json.dumps(b.{kind}(*{args!r})))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=timeout)
    parts, extra = json.loads(r.stdout.strip().splitlines()[-1])
    return {k: tuple(v) for k, v in parts.items()}, extra


def main():
    if not os.path.exists(TANGLE):
        sys.exit("stats_bench: build first: swift build -c release --product tangle")
    head = commit()
    load0 = os.getloadavg()[0]
    results = []
    for label, name, nodes, m, seed, nx_here, repeat in GRAPHS:
        path = ensure(name, nodes, m, seed)
        tools = []
        for threads in (1, 2):
            parts, extra = tangle(path, threads, repeat)
            tools.append((f"Tangle, {threads} thread{'s' if threads > 1 else ''}", threads, parts, extra))
        for threads in (1, 2):
            parts, extra = run_isolated("networkit", path, nodes, threads, repeat)
            tools.append((f"NetworKit {__import__('networkit').__version__}, {threads} thread{'s' if threads > 1 else ''}",
                          threads, parts, extra))
        parts, extra = run_isolated("igraph_", path, repeat)
        try:
            louvain, extra = run_isolated("igraph_louvain", path, repeat, timeout=IGRAPH_LOUVAIN_LIMIT)
            parts.update(louvain)
        except subprocess.TimeoutExpired:
            parts["communities"] = None
            extra = {"communities": None, "communities_stopped_after_s": IGRAPH_LOUVAIN_LIMIT}
        tools.append((f"igraph {__import__('igraph').__version__}, 1 thread", 1, parts, extra))
        if nx_here and WITH_NX:
            parts, extra = run_isolated("networkx_", path)
            tools.append((f"NetworkX {__import__('networkx').__version__}, 1 thread (one run)", 1, parts, extra))
        for t in tools:
            print(label, t[0], {k: v and round(v[0] * 1000, 1) for k, v in t[2].items()}, t[3]); sys.stdout.flush()
        results.append((label, tools))
    load1 = os.getloadavg()[0]

    data = {"commit": head, "load_average_start": load0, "load_average_end": load1, "cores": os.cpu_count(),
            "repeat": REPEAT, "graphs": []}
    lines = ["# Statistics, equal work", "",
             f"`python3 bench/stats_bench.py` at {head}; load average {load0:.2f} at the start, {load1:.2f} at the end "
             f"({os.cpu_count()} cores). Best of {REPEAT} at 100k (NetworkX: one run), one run at 1M; "
             "timed inside each process after reading.",
             "Wall / CPU milliseconds; CPU is the whole process's, over all its threads.", "",
             "- basic: degrees and connected components",
             "- clustering: average local clustering, transitivity, degree assortativity",
             "- communities: Louvain, resolution 1; the modularity reached is in brackets",
             "- PageRank: α 0.85 from the uniform vector until the L1 change < n·1e-6 (NetworkX's rule; NetworKit given "
             "the same rule; igraph's PRPACK solves directly)", ""]
    for label, tools in results:
        g = {"graph": label, "tools": []}
        lines += [f"## {label}", "", "| tool | threads | basic | clustering | communities | PageRank | all four |",
                  "|---|---:|---|---|---|---|---|"]
        for name, threads, parts, extra in tools:
            done = all(parts[p] is not None for p in PARTS)
            total = (sum(parts[p][0] for p in PARTS), sum(parts[p][1] for p in PARTS)) if done else None
            cells = []
            for p in PARTS:
                if parts[p] is None:
                    cells.append(f"stopped after {extra['communities_stopped_after_s']} s")
                    continue
                w, c = parts[p]
                cell = f"{w*1000:,.0f} / {c*1000:,.0f}"
                if p == "communities":
                    cell += f" ({extra['communities']:.4f})"
                cells.append(cell)
            whole = f"{total[0]*1000:,.0f} / {total[1]*1000:,.0f}" if total else "—"
            lines.append(f"| {name} | {threads} | " + " | ".join(cells) + f" | {whole} |")
            g["tools"].append({"tool": name, "threads": threads, "extra": extra,
                               "parts_ms": {p: parts[p] and {"wall": parts[p][0] * 1000, "cpu": parts[p][1] * 1000}
                                            for p in PARTS},
                               "total_wall_ms": total and total[0] * 1000, "total_cpu_ms": total and total[1] * 1000})
        lines.append("")
        data["graphs"].append(g)
    json.dump(data, open(os.path.join(RES, "stats.json"), "w"), indent=1)
    open(os.path.join(RES, "stats.md"), "w").write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
