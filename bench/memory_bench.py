#!/usr/bin/env python3
"""Peak memory reading a 1M-node / 10M-edge edge list (issue 2: under 300 MB).

Writes bench/results/memory.json and bench/results/memory.md. The input (BA, 1M nodes, m=10, seed 1,
about 130 MB) is generated once into bench/out/. Peak resident memory is the child's ru_maxrss
(os.wait4), for:
  tangle        `tangle stats FILE --only basic`: read, build the CSR graph, counts/degrees/components
  tangle floor  `tangle stats demo:karate --only basic`: what the executable's shared libraries
                (Foundation, OSMesa/LLVM, ...) cost before any graph is read
  igraph        `Graph.Read_Edgelist(FILE)` in python3 (context; its floor is python3 + igraph's import)
NetworkX is left out: it needs several GB and minutes for this file.
"""
import json, os, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
RES = os.path.join(ROOT, "bench", "results")
TANGLE = os.path.join(ROOT, ".build", "release", "tangle")
REPEAT = int(os.environ.get("REPEAT", "2"))
TARGET_MB = 300
os.makedirs(OUT, exist_ok=True); os.makedirs(RES, exist_ok=True)


def peak(cmd):
    """(peak RSS in MB, wall seconds, stderr) of one run of cmd."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read().decode()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}): {err}")
    return usage.ru_maxrss / 1024, time.perf_counter() - t, err


def best(cmd):
    runs = [peak(cmd) for _ in range(REPEAT)]
    return min(r[0] for r in runs), min(r[1] for r in runs), runs[-1][2]


def main():
    path = os.path.join(OUT, "ba1m_m10.edges")
    if not os.path.exists(path):
        subprocess.run([TANGLE, "gen", "ba", "--nodes", "1000000", "--m", "10", "--seed", "1", "-o", path], check=True)
    load_before = os.getloadavg()[0]
    tangle_mb, tangle_s, err = best([TANGLE, "stats", path, "--only", "basic", "--timing"])
    read_ms = min(float(l.split()[2]) for l in err.splitlines() if l.startswith("timing read "))
    floor_mb, _, _ = best([TANGLE, "stats", "demo:karate", "--only", "basic"])
    ig_code = f"import igraph; g = igraph.Graph.Read_Edgelist({path!r}, directed=False); print(g.ecount())"
    igraph_mb, igraph_s, _ = best([sys.executable, "-c", ig_code])
    ig_floor_mb, _, _ = best([sys.executable, "-c", "import igraph"])
    load_after = os.getloadavg()[0]

    result = {
        "input": {"file": os.path.relpath(path, ROOT), "bytes": os.path.getsize(path), "nodes": 1000000, "m": 10},
        "machine": {"cores": os.cpu_count(), "load_before": load_before, "load_after": load_after},
        "tangle": {"peak_mb": tangle_mb, "floor_mb": floor_mb, "graph_work_mb": tangle_mb - floor_mb,
                   "read_ms": read_ms, "wall_s": tangle_s},
        "igraph": {"peak_mb": igraph_mb, "floor_mb": ig_floor_mb, "wall_s": igraph_s},
        "target_mb": TARGET_MB, "met": tangle_mb < TARGET_MB,
    }
    json.dump(result, open(os.path.join(RES, "memory.json"), "w"), indent=1)
    lines = [
        f"Reading {result['input']['file']} ({result['input']['bytes'] / 1e6:.0f} MB, 1M nodes, ~10M edges); "
        f"peak resident memory, best of {REPEAT}; load average {load_before:.1f} → {load_after:.1f} on {os.cpu_count()} cores.",
        "",
        "| process | peak RSS | of which before any graph | wall |",
        "|---|---|---|---|",
        f"| `tangle stats FILE --only basic` (read {read_ms:.0f} ms) | {tangle_mb:.0f} MB | {floor_mb:.0f} MB | {tangle_s:.1f} s |",
        f"| igraph `Graph.Read_Edgelist` (python3) | {igraph_mb:.0f} MB | {ig_floor_mb:.0f} MB | {igraph_s:.1f} s |",
        "",
        f"Target: under {TARGET_MB} MB — {'met' if result['met'] else '**not met**'} ({tangle_mb:.0f} MB).",
    ]
    open(os.path.join(RES, "memory.md"), "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
