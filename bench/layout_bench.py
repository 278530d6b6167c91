#!/usr/bin/env python3
"""Layout benchmark: tangle against igraph, fa2-modified and Graphviz sfdp.

Same graphs, same run, same quality yardstick (shared/peers/layout_quality.py):
  ba10k   Barabási–Albert, 10k nodes, m=3 (networkx, seed 1)
  grid100 100×100 grid
  ba100k  Barabási–Albert, 100k nodes, m=3
Writes bench/results/layout.md and layout.json (time and quality per tool,
ratios to sfdp). Tangle and sfdp are timed as whole processes (reading the
file, writing positions); igraph and fa2 are timed around the layout call
only (graph already built), which favours them. Besides wall seconds the
table gives CPU seconds (user + system, all threads), which a busy shared
machine disturbs much less than wall time.

usage: bench/layout_bench.py [--quick] [--skip-slow] [--tangle PATH]
  --quick      only the 10k graphs
  --skip-slow  no DrL on the 100k graph (sfdp stays: it is the yardstick
               of the 100k target; about 4 minutes here)
"""
import csv, json, os, resource, subprocess, sys, time
from benchlib import stress_samples, commit as head_commit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out", "layout")
RESULTS = os.path.join(ROOT, "bench", "results")
QUALITY = os.path.normpath(os.path.join(ROOT, "..", "shared", "peers", "layout_quality.py"))
if not os.path.exists(QUALITY):
    QUALITY = "/work/shared/peers/layout_quality.py"
TANGLE = os.path.join(ROOT, ".build", "release", "tangle")
if "--tangle" in sys.argv:
    TANGLE = sys.argv[sys.argv.index("--tangle") + 1]
QUICK, SKIP_SLOW = "--quick" in sys.argv, "--skip-slow" in sys.argv
STRESS_SEEDS = [0, 1, 2, 3, 4]


def make_graphs():
    import networkx as nx
    os.makedirs(OUT, exist_ok=True)
    specs = [("ba10k", lambda: nx.barabasi_albert_graph(10000, 3, seed=1)),
             ("grid100", lambda: nx.convert_node_labels_to_integers(nx.grid_2d_graph(100, 100), ordering="sorted"))]
    if not QUICK:
        specs.append(("ba100k", lambda: nx.barabasi_albert_graph(100000, 3, seed=1)))
    graphs = {}
    for name, make in specs:
        path = os.path.join(OUT, name + ".txt")
        if not os.path.exists(path):
            g = make()
            with open(path, "w") as f:
                for u, v in g.edges():
                    f.write(f"{u} {v}\n")
        graphs[name] = path
    return graphs


def read_edges(path):
    edges, ids = [], {}
    for line in open(path):
        u, v = line.split()
        edges.append((ids.setdefault(u, len(ids)), ids.setdefault(v, len(ids))))
    return edges, list(ids)


def write_positions(path, names, coords):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "x", "y"])
        for name, (x, y) in zip(names, coords):
            w.writerow([name, x, y])


def quality(edges_path, pos_path):
    r = subprocess.run([sys.executable, QUALITY, edges_path, pos_path], capture_output=True, text=True)
    if r.returncode != 0:
        return {"error": r.stderr.strip()[-300:]}
    return json.loads(r.stdout)


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


LAST_CPU = [None]


def run_tangle(graph, path, out, extra=()):
    c = child_cpu()
    t = time.perf_counter()
    r = subprocess.run([TANGLE, "layout", path, "--format", "edgelist", "-o", out, *extra],
                       capture_output=True, text=True)
    dt = time.perf_counter() - t
    LAST_CPU[0] = child_cpu() - c
    if r.returncode != 0:
        raise RuntimeError(r.stderr)
    return dt


def run_sfdp(path, out):
    dot = out + ".dot"
    with open(dot, "w") as f:
        f.write("graph G {\n")
        for line in open(path):
            u, v = line.split()
            f.write(f"\"{u}\" -- \"{v}\";\n")
        f.write("}\n")
    c = child_cpu()
    t = time.perf_counter()
    r = subprocess.run(["sfdp", "-Tplain", dot], capture_output=True, text=True)
    dt = time.perf_counter() - t
    LAST_CPU[0] = child_cpu() - c
    rows = [l.split() for l in r.stdout.splitlines() if l.startswith("node ")]
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "x", "y"])
        for row in rows:
            w.writerow([row[1].strip('"'), row[2], row[3]])
    return dt


def run_igraph(kind, edges, names, out):
    import igraph as ig
    g = ig.Graph(n=len(names), edges=edges)
    c = time.process_time()
    t = time.perf_counter()
    lay = g.layout_fruchterman_reingold() if kind == "fr" else g.layout_drl()
    dt = time.perf_counter() - t
    LAST_CPU[0] = time.process_time() - c
    write_positions(out, names, lay.coords)
    return dt


def run_fa2(edges, names, out, iterations):
    import numpy as np
    import scipy.sparse as sp
    from fa2_modified import ForceAtlas2
    n = len(names)
    a = sp.coo_matrix((np.ones(len(edges)), ([u for u, _ in edges], [v for _, v in edges])), shape=(n, n))
    a = ((a + a.T) > 0).astype(float).tolil()
    fa2 = ForceAtlas2(verbose=False)
    c = time.process_time()
    t = time.perf_counter()
    pos = fa2.forceatlas2(a, pos=None, iterations=iterations)
    dt = time.perf_counter() - t
    LAST_CPU[0] = time.process_time() - c
    write_positions(out, names, pos)
    return dt



def main():
    if not os.path.exists(TANGLE):
        sys.exit(f"{TANGLE} missing: run `swift build -c release --product tangle` first")
    graphs = make_graphs()
    rows = []
    for gname, path in graphs.items():
        edges, names = read_edges(path)
        big = gname == "ba100k"
        tools = [("tangle (multilevel)", lambda o: run_tangle(gname, path, o)),
                 ("tangle (multilevel, 1 thread)", lambda o: run_tangle(gname, path, o, ["--threads", "1"])),
                 ("sfdp", lambda o: run_sfdp(path, o)),
                 ("igraph FR", lambda o: run_igraph("fr", edges, names, o))]
        if not (big and SKIP_SLOW):
            tools.append(("igraph DrL", lambda o: run_igraph("drl", edges, names, o)))
        if not big:
            tools.append(("fa2-modified (100 it)", lambda o: run_fa2(edges, names, o, 100)))
            tools.append(("tangle fa2 (100 it)", lambda o: run_tangle(gname, path, o, ["--algorithm", "fa2", "--iterations", "100"])))
            # Equal work: fa2-modified's settings (θ 1.2; scaling 2, gravity 1 are the defaults of both) on one thread.
            tools.append(("tangle fa2 (100 it, θ 1.2, 1 thread)", lambda o: run_tangle(
                gname, path, o, ["--algorithm", "fa2", "--iterations", "100", "--theta", "1.2", "--threads", "1"])))
        for tool, fn in tools:
            out = os.path.join(OUT, f"{gname}.{tool.split()[0]}.{len(rows)}.csv")
            LAST_CPU[0] = None
            try:
                dt = fn(out)
                q = quality(path, out)
                # The same source nodes for every tool, five samples: mean and spread.
                samples = stress_samples(path, out, STRESS_SEEDS)
                q.update({"stress_samples": [round(x, 4) for x in samples],
                          "stress_mean": round(sum(samples) / len(samples), 4)})
            except Exception as e:  # a peer that fails is reported, not fatal
                dt, q = None, {"error": str(e)[-300:]}
            cpu = LAST_CPU[0]
            row = {"graph": gname, "tool": tool, "seconds": None if dt is None else round(dt, 3),
                   "cpu_seconds": None if cpu is None else round(cpu, 3), **q}
            print(json.dumps(row), flush=True)
            rows.append(row)
    # One ForceAtlas2 step on BA-10k: (110 steps − 10 steps) / 100, whole processes.
    step_ms = step_cpu_ms = step_equal_ms = None
    if "ba10k" in graphs:
        o = os.path.join(OUT, "fa2step.csv")
        def best(iterations):
            runs = []
            for _ in range(3):
                w = run_tangle("ba10k", graphs["ba10k"], o, ["--algorithm", "fa2", "--iterations", str(iterations)])
                runs.append((w, LAST_CPU[0]))
            return min(r[0] for r in runs), min(r[1] for r in runs)
        (w10, c10), (w110, c110) = best(10), best(110)
        step_ms = round((w110 - w10) / 100 * 1000, 2)
        step_cpu_ms = round((c110 - c10) / 100 * 1000, 2)
        print(json.dumps({"fa2_step_ms_ba10k": step_ms, "fa2_step_cpu_ms_ba10k": step_cpu_ms}))
        # The same with fa2-modified's θ on one thread (its equal work).
        def best_equal(iterations):
            runs = []
            for _ in range(3):
                w = run_tangle("ba10k", graphs["ba10k"], o, ["--algorithm", "fa2", "--iterations", str(iterations),
                                                              "--theta", "1.2", "--threads", "1"])
                runs.append((w, LAST_CPU[0]))
            return min(r[0] for r in runs), min(r[1] for r in runs)
        (e10, _), (e110, _) = best_equal(10), best_equal(110)
        step_equal_ms = round((e110 - e10) / 100 * 1000, 2)
        print(json.dumps({"fa2_step_ms_ba10k_theta1.2_1thread": step_equal_ms}))
    sfdp = {r["graph"]: r for r in rows if r["tool"] == "sfdp" and r.get("seconds")}
    for r in rows:
        s = sfdp.get(r["graph"])
        if s and r.get("seconds") and "stress" in r and "stress" in s:
            r["time_vs_sfdp"] = round(r["seconds"] / s["seconds"], 3)
            if r.get("cpu_seconds") and s.get("cpu_seconds"):
                r["cpu_vs_sfdp"] = round(r["cpu_seconds"] / s["cpu_seconds"], 3)
            r["stress_vs_sfdp"] = round(r["stress"] / s["stress"], 3)
            if "stress_mean" in r and "stress_mean" in s:
                r["stress_mean_vs_sfdp"] = round(r["stress_mean"] / s["stress_mean"], 3)
    load, commit = os.getloadavg(), head_commit()
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "layout.json"), "w") as f:
        json.dump({"rows": rows, "fa2_step_ms_ba10k": step_ms, "fa2_step_cpu_ms_ba10k": step_cpu_ms,
                   "fa2_step_ms_ba10k_theta1_2_1thread": step_equal_ms, "commit": commit,
                   "loadavg": load, "cores": os.cpu_count()}, f, indent=1)
    with open(os.path.join(RESULTS, "layout.md"), "w") as f:
        f.write("# Layout benchmark\n\n")
        f.write(f"Generated by bench/layout_bench.py at {commit} on {os.cpu_count()} cores; load average at the end "
                f"{load[0]:.1f} (the machine is shared, so times are noisy). Quality by layout_quality.py. "
                f"Tangle runs 2 threads unless a row says otherwise; sfdp, igraph and fa2-modified run one. "
                f"\"stress\" is layout_quality.py's (its 100 sources drawn from each file's rows, so tools that "
                f"write their nodes in different orders are measured from different nodes); \"stress, same sources\" "
                f"draws them from the sorted node ids, the same nodes for every tool, for seeds {STRESS_SEEDS}: "
                f"mean (min–max).\n\n")
        f.write("| graph | tool | wall s | × sfdp wall | CPU s | × sfdp CPU | stress | stress, same sources | × sfdp | neighbourhood | edge-length CV | crossings/edge |\n")
        f.write("|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n")
        for r in rows:
            same = ""
            if r.get("stress_samples"):
                same = f"{r['stress_mean']} ({min(r['stress_samples'])}–{max(r['stress_samples'])})"
            f.write(f"| {r['graph']} | {r['tool']} | {r.get('seconds')} | {r.get('time_vs_sfdp', '')} | "
                    f"{r.get('cpu_seconds')} | {r.get('cpu_vs_sfdp', '')} | "
                    f"{r.get('stress', r.get('error', ''))} | {same} | {r.get('stress_mean_vs_sfdp', '')} | "
                    f"{r.get('np_jaccard', '')} | {r.get('edge_len_cv', '')} | {r.get('cross_per_edge', '')} |\n")
        if step_ms is not None:
            f.write(f"\nOne ForceAtlas2 step on BA-10k (10k nodes, 30k edges), 2 threads: {step_ms} ms wall, "
                    f"{step_cpu_ms} ms CPU over both threads ((110 − 10 steps) / 100, whole processes, best of 3); "
                    f"with fa2-modified's θ 1.2 on one thread (its equal work): {step_equal_ms} ms.\n")


if __name__ == "__main__":
    main()
