#!/usr/bin/env python3
"""Full-detail still frames at 1280×720, full detail against full detail.

Barabási–Albert graphs laid out by `tangle layout` (the picture a person
sees): 10k nodes / 30k edges (m = 3), 100k / 500k and 1M / 5M (m = 5). Each is
drawn by `tangle render --timing --repeat-frames N`: the first frame (which
also compiles llvmpipe's shaders and uploads the buffers) and then N warm
frames of the same picture, as the explorer redraws a still. Every edge is a
GL line (OSMesa, llvmpipe, LP_NUM_THREADS=2); the only edges left out are
those shorter than a pixel or wholly off screen (`edges` says how many were
drawn). Reports the median warm frame (wall and CPU), its GL part, and the
first frame.

Beside each, the floor of the GL path on this machine: bench/gl_floor.c draws
the same culled edges of the same layout at the same size and fit in the
cheapest ways GL has (GL_LINES of one constant colour, unblended, no depth
buffer; the same blended; thin two-triangle quads), with nothing else in the
frame. A still cannot be drawn by GL faster than its edges alone.

Writes bench/results/still.json and still.md.
"""
import json, os, re, shutil, statistics, subprocess, sys
from benchlib import commit as head_commit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TANGLE = os.environ.get("TANGLE_BIN", os.path.join(ROOT, ".build", "release", "tangle"))
OUT = os.path.join(ROOT, "bench", "out"); RES = os.path.join(ROOT, "bench", "results")
os.makedirs(OUT, exist_ok=True); os.makedirs(RES, exist_ok=True)

CASES = [  # (name, nodes, m, warm frames, target ms, floor modes)
    ("ba10k_m3", 10_000, 3, 7, 30, ("lines", "blend", "quads")),
    ("ba100k_m5", 100_000, 5, 5, 120, ("lines", "blend", "quads")),
    ("ba1m_m5", 1_000_000, 5, 2, 600, ("lines",)),
]

def floor_probe():
    """Compiles bench/gl_floor.c (the toolchain's clang when there is no cc)."""
    exe = os.path.join(OUT, "gl_floor")
    src = os.path.join(ROOT, "bench", "gl_floor.c")
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        cc = shutil.which("cc") or shutil.which("clang")
        if cc is None:
            raise SystemExit("no C compiler (cc or clang) for bench/gl_floor.c")
        subprocess.run([cc, "-O2", "-o", exe, src, "-lOSMesa", "-lm"], check=True)
    return exe

def floor(exe, edges, pos, mode, frames):
    env = dict(os.environ, LP_NUM_THREADS="2")
    r = subprocess.run([exe, edges, pos, "1280", "720", str(frames), mode], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise SystemExit(f"gl_floor failed: {r.stderr}")
    rows = [l.split() for l in r.stdout.splitlines() if l.startswith("floor ")]
    return {"mode": mode, "edges": int(rows[0][2]), "wall_ms": statistics.median(float(x[3]) for x in rows),
            "cpu_ms": statistics.median(float(x[4]) for x in rows)}

def ensure(name, nodes, m):
    edges = os.path.join(OUT, f"{name}.edges")
    if not os.path.exists(edges):
        subprocess.run([TANGLE, "gen", "ba", "--nodes", str(nodes), "--m", str(m), "--seed", "1", "-o", edges], check=True)
    pos = os.path.join(OUT, f"{name}_multilevel.csv")
    if not os.path.exists(pos):
        subprocess.run([TANGLE, "layout", edges, "--algorithm", "multilevel", "--seed", "1", "-o", pos], check=True)
    return edges, pos

LINE = re.compile(r"timing (\S+) ([\d.]+) cpu ([\d.]+) threads (\d+)(.*)")

def measure(edges, pos, frames):
    png = os.path.join(OUT, "still_bench.png")
    env = dict(os.environ, LP_NUM_THREADS="2")
    r = subprocess.run([TANGLE, "render", edges, "--positions", pos, "-o", png, "--width", "1280", "--height", "720",
                        "--timing", "--repeat-frames", str(frames)], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise SystemExit(f"render failed: {r.stderr}")
    first, warm = None, []
    for line in r.stderr.splitlines():
        m = LINE.match(line)
        if not m: continue
        name, wall, cpu, threads, extra = m.group(1), float(m.group(2)), float(m.group(3)), int(m.group(4)), m.group(5)
        if name == "draw": first = (wall, cpu)
        if name == "again":
            f = extra.split()
            d = {f[i]: f[i + 1] for i in range(0, len(f) - 1, 2)}
            warm.append({"wall": wall, "cpu": cpu, "gl": float(d["gl"]), "prepare": float(d["prepare"]),
                         "overlay": float(d["overlay"]), "edges": int(d["edges"]), "nodes": int(d["nodes"]), "threads": threads})
    return first, warm

def main():
    commit = head_commit()
    load0 = os.getloadavg()[0]
    rows = []
    probe = floor_probe()
    for name, nodes, m, frames, target, modes in CASES:
        edges, pos = ensure(name, nodes, m)
        first, warm = measure(edges, pos, frames)
        floors = [floor(probe, edges, pos, mode, frames) for mode in modes]
        # Equal work, or no floor: gl_floor.c repeats the renderer's fit and culling.
        for f in floors:
            if f["edges"] != warm[0]["edges"]:
                raise SystemExit(f"gl_floor drew {f['edges']} edges of {name}, tangle render {warm[0]['edges']}: "
                                 "its fit or culling no longer matches the renderer's")
        med = lambda k: statistics.median(w[k] for w in warm)
        row = {"graph": name, "nodes": nodes, "first_frame_ms": first[0], "first_frame_cpu_ms": first[1],
               "warm_ms": med("wall"), "warm_cpu_ms": med("cpu"), "gl_ms": med("gl"), "edges_drawn": warm[0]["edges"],
               "nodes_drawn": warm[0]["nodes"], "warm_frames": [w["wall"] for w in warm], "target_ms": target,
               "gl_floor": floors}
        print(json.dumps(row)); sys.stdout.flush()
        rows.append(row)
    load1 = os.getloadavg()[0]
    driver = "llvmpipe (OSMesa), LP_NUM_THREADS=2"
    json.dump({"commit": commit, "load_average_start": load0, "load_average_end": load1,
               "driver": driver, "rows": rows}, open(os.path.join(RES, "still.json"), "w"), indent=1)
    lines = ["# Full-detail still frames, 1280×720", "",
             f"`python3 bench/still_bench.py` at {commit}; load average {load0:.2f} at the start, "
             f"{load1:.2f} at the end (2 cores). {driver}.",
             "Barabási–Albert graphs at their `tangle layout` positions, drawn by `tangle render --timing --repeat-frames N`:",
             "every edge a GL line except those shorter than a pixel or wholly off screen, every node a disc; labels and legend.",
             "Warm: the same still drawn again (as the explorer redraws one); first: the first frame of the process",
             "(llvmpipe compiles its shaders, buffers are uploaded).", "",
             "| graph | edges drawn | warm frame, median (wall / CPU) | of which GL | first frame (wall / CPU) | target | met |",
             "|---|---:|---|---:|---|---:|---|"]
    for r in rows:
        lines.append(f"| {r['graph']} | {r['edges_drawn']:,} | {r['warm_ms']:.0f} ms / {r['warm_cpu_ms']:.0f} ms | {r['gl_ms']:.0f} ms | "
                     f"{r['first_frame_ms']:.0f} ms / {r['first_frame_cpu_ms']:.0f} ms | ≤ {r['target_ms']} ms | "
                     f"{'yes' if r['warm_ms'] <= r['target_ms'] else 'no'} |")
    lines += ["", "The GL floor: the same edges (same culling, fit and size) drawn by `bench/gl_floor.c` alone,",
              "with no nodes, labels or legend; median warm frame, wall / CPU, 2 raster threads.", "",
              "| graph | edges | unblended lines, one colour | blended lines, one colour | two-triangle quads, unblended | target |",
              "|---|---:|---|---|---|---:|"]
    for r in rows:
        by = {f["mode"]: f for f in r["gl_floor"]}
        cell = lambda k: f"{by[k]['wall_ms']:.0f} / {by[k]['cpu_ms']:.0f} ms" if k in by else "not run"
        lines.append(f"| {r['graph']} | {r['gl_floor'][0]['edges']:,} | {cell('lines')} | {cell('blend')} | {cell('quads')} | "
                     f"≤ {r['target_ms']} ms |")
    open(os.path.join(RES, "still.md"), "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))

if __name__ == "__main__":
    main()
