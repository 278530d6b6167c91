#!/usr/bin/env python3
"""GraphCore benchmark: reading, Tangle beside igraph and NetworkX in one run (statistics: stats_bench.py).

Writes bench/results/graph.json and bench/results/graph.md. Inputs are generated once into bench/out/.
  read-edgelist : a 1M-edge edge list (BA, 200k nodes, m=5), integer ids
  read-graphml  : a 200k-edge GraphML written by NetworkX
Times are the best of REPEAT runs, measured inside each process (no interpreter/process start-up):
Tangle reports its read time with `tangle stats --timing`.
"""
import json, os, random, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
RES = os.path.join(ROOT, "bench", "results")
TANGLE = os.path.join(ROOT, ".build", "release", "tangle")
REPEAT = int(os.environ.get("REPEAT", "3"))
os.makedirs(OUT, exist_ok=True); os.makedirs(RES, exist_ok=True)

import networkx as nx
import igraph as ig

def best(fn, repeat=REPEAT):
    times = []
    for _ in range(repeat):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return min(times)

def tangle_timing(path, *args, repeat=REPEAT):
    """Best phase times (seconds) reported by `tangle stats --timing`."""
    best_t = {}
    for _ in range(repeat):
        r = subprocess.run([TANGLE, "stats", path, "--timing", *args], capture_output=True, text=True, check=True)
        for line in r.stderr.splitlines():
            if line.startswith("timing "):
                phase, ms = line.split()[1:3]  # timing NAME WALL_MS cpu CPU_MS threads N
                best_t[phase] = min(best_t.get(phase, 1e18), float(ms) / 1000)
    return best_t

def make_inputs():
    el = os.path.join(OUT, "ba200k_m5.edges")
    if not os.path.exists(el):
        subprocess.run([TANGLE, "gen", "ba", "--nodes", "200000", "--m", "5", "--seed", "1", "-o", el], check=True)
    gml = os.path.join(OUT, "ba40k_m5.graphml")
    if not os.path.exists(gml):
        G = nx.barabasi_albert_graph(40000, 5, seed=2)
        for u, v in G.edges(): G[u][v]["weight"] = round(random.Random(u * 7 + v).random(), 4)
        nx.write_graphml(G, gml)
    return el, gml

def main():
    el, gml = make_inputs()
    load_before = os.getloadavg()[0]
    rows = []
    # 1. edge list
    t_tangle = tangle_timing(el, "--only", "basic")["read"]
    t_igraph = best(lambda: ig.Graph.Read_Edgelist(el, directed=False))
    t_nx = best(lambda: nx.read_edgelist(el, nodetype=None), repeat=1)
    rows.append(("read 1M-edge edge list", t_tangle, t_igraph, t_nx))
    # 2. GraphML
    t_tangle = tangle_timing(gml, "--only", "basic")["read"]
    t_igraph = best(lambda: ig.Graph.Read_GraphML(gml))
    t_nx = best(lambda: nx.read_graphml(gml), repeat=1)
    rows.append(("read 200k-edge GraphML", t_tangle, t_igraph, t_nx))

    load_after = os.getloadavg()[0]
    result = {"machine": {"cores": os.cpu_count(), "load_before": load_before, "load_after": load_after}, "rows": []}
    lines = [f"Best of {REPEAT} (NetworkX: 1) in one run; load average {load_before:.1f} → {load_after:.1f} on {os.cpu_count()} cores.", "",
             "| task | tangle | igraph | networkx | igraph/tangle | networkx/tangle |", "|---|---|---|---|---|---|"]
    for name, a, b, c in rows:
        result["rows"].append({"task": name, "tangle_s": a, "igraph_s": b, "networkx_s": c,
                               "speedup_vs_igraph": b / a, "speedup_vs_networkx": c / a})
        lines.append(f"| {name} | {a*1000:.0f} ms | {b*1000:.0f} ms | {c*1000:.0f} ms | {b/a:.1f}× | {c/a:.1f}× |")
    json.dump(result, open(os.path.join(RES, "graph.json"), "w"), indent=1)
    open(os.path.join(RES, "graph.md"), "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))

if __name__ == "__main__":
    main()
