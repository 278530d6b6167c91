#!/usr/bin/env python3
"""Opening a big graph without positions: how soon a picture comes, and how
the layout is seen forming (issue 17).

The explorer runs on a real pseudo-terminal of 120×40 cells with 10×20-pixel
cells, in sixel mode; this script is the terminal (it answers every DA1 query
at once as a local sixel terminal does, reads everything written and times
each picture). For Barabási–Albert graphs of 100k and 1M nodes (m = 3, no
positions, so the multilevel layout starts from nothing) it reports:

- time from start (fork) to the first picture on the terminal;
- frames while the layout runs, and frames per second over that time;
- the longest render (and render + encode) of a moving frame, from the
  explorer's own frame log (TANGLE_FRAME_LOG);
- whether any full-detail frame was drawn while the layout ran (never should);
- time to the final still (full-detail) frame;
- for BA-100k, the stress of the explorer's final layout (written with `w`)
  beside `tangle layout --metrics` on the same file;
- how long `q` takes to end the explorer (1M: in the middle of the layout).

Targets (issue 17, this 2-core machine): BA-100k first frame ≤ 2 s, ≥ 10
frames/s while the layout runs, no moving frame over 200 ms, stress no worse
than `tangle layout`; BA-1M first frame ≤ 5 s.

Writes bench/results/open.json and open.md (with the commit and load average).
Usage: open_bench.py [--only 100k|1m] [--seconds-1m N]
"""
import fcntl, glob, json, os, pty, re, select, shutil, signal, struct, subprocess, sys, termios, time
from benchlib import commit as head_commit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TANGLE = os.environ.get("TANGLE_BIN", os.path.join(ROOT, ".build", "release", "tangle"))
OUT = os.path.join(ROOT, "bench", "out"); RES = os.path.join(ROOT, "bench", "results")
os.makedirs(OUT, exist_ok=True); os.makedirs(RES, exist_ok=True)
COLS, ROWS, CW, CH = 120, 40, 10, 20
DA1_QUERY = b"\x1b[c"
DA1_SIXEL = b"\x1b[?62;4;22c"      # VT220-class with sixel (4), as xterm -ti vt340 answers


def spawn(args, env_extra):
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(os.environ, TERM="xterm-256color", XDG_CONFIG_HOME="/nonexistent", **env_extra)
        os.execve(TANGLE, [TANGLE, *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, COLS * CW, ROWS * CH))
    os.kill(pid, signal.SIGWINCH)
    return pid, fd


class Terminal:
    """Reads the explorer's output, answers DA1, timestamps each picture
    (monotonic clock, as the frame log's)."""
    def __init__(self, fd):
        self.fd = fd
        self.frames = []          # (monotonic time, bytes of that frame)
        self.buf = b""
        self.frame_bytes = 0
        self.answered = False
        self.qtail = b""
        self.closed = False

    def pump(self, seconds):
        end = time.monotonic() + seconds
        while not self.closed:
            left = end - time.monotonic()
            if left <= 0: return
            r, _, _ = select.select([self.fd], [], [], left)
            if not r: continue
            try: data = os.read(self.fd, 1 << 20)
            except OSError: self.closed = True; return
            if not data: self.closed = True; return
            self.scan(data, time.monotonic())

    def scan(self, data, now):
        # Answer every DA1 query, as a terminal does (the explorer's flow
        # control ends each write with one and waits for the answers).
        q = self.qtail + data
        for _ in range(q.count(DA1_QUERY)):
            os.write(self.fd, DA1_SIXEL)
            self.answered = True
        self.qtail = q[-2:]
        # A picture ends with SGR 0 written as ESC[0m (ImagePlacement.appendFrame).
        self.buf += data
        while True:
            j = self.buf.find(b"\x1b[0m")
            if j < 0:
                keep = self.buf[-8:]
                self.frame_bytes += len(self.buf) - len(keep)
                self.buf = keep
                return
            self.frame_bytes += j
            if self.frame_bytes > 2000:
                self.frames.append((now, self.frame_bytes))
            self.frame_bytes = 0
            self.buf = self.buf[j + 4:]


def read_frame_log(path):
    """(monotonic time, render ms, encode ms, detail, WxH) per picture written."""
    frames = []
    if os.path.exists(path):
        for line in open(path):
            f = line.split()
            if len(f) >= 11 and f[1] == "render":
                frames.append((float(f[0]), float(f[2]), float(f[4]), f[9], f[10]))
    return frames


def screen_text(path):
    try: return open(path).read()
    except OSError: return ""


def ensure_graph(nodes):
    path = os.path.join(OUT, f"ba{nodes // 1000}k_m3.edges")
    if not os.path.exists(path):
        subprocess.run([TANGLE, "gen", "ba", "--nodes", str(nodes), "--m", "3", "--seed", "1", "-o", path], check=True)
    return path


def stress_of(graph, positions=None):
    args = [TANGLE, "layout", graph, "--metrics"]
    if positions: args += ["--positions", positions, "--iterations", "0"]
    t = time.monotonic()
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    m = re.search(r"stress ([0-9.]+)", out.stdout)
    lm = re.search(r"([0-9.]+) s$", out.stderr.strip())
    return float(m.group(1)), (float(lm.group(1)) if lm else None), time.monotonic() - t


def measure(nodes, window, want_final):
    graph = ensure_graph(nodes)
    name = os.path.basename(graph)
    log = os.path.join(OUT, f"open-{name}.frames.log")
    screen = os.path.join(OUT, f"open-{name}.screen.txt")
    snapdir = os.path.join(OUT, f"open-{name}-snap")
    shutil.rmtree(snapdir, ignore_errors=True); os.makedirs(snapdir)
    for p in (log, screen):
        if os.path.exists(p): os.remove(p)
    t0 = time.monotonic()
    pid, fd = spawn([graph, "--graphics", "sixel", "--snapshot-dir", snapdir],
                    {"TANGLE_FRAME_LOG": log, "TANGLE_SCREEN_LOG": screen})
    term = Terminal(fd)
    layout_end = None          # when the panel first said "converged"
    final_still = None
    progress_seen = set()
    quit_s = None
    stress = None
    try:
        deadline = t0 + window
        while time.monotonic() < deadline and not term.closed:
            term.pump(0.05)
            text = screen_text(screen)
            m = re.search(r"progress\s+(level \d+ of \d+|coarsening|stress \w+)", text)
            if m: progress_seen.add(m.group(1))
            if layout_end is None and re.search(r"state\s+converged", text):
                layout_end = time.monotonic()
            if layout_end is not None:
                full = [f for f in read_frame_log(log) if f[3] == "full" and f[0] >= layout_end - 0.5]
                if full:
                    final_still = full[0][0]
                    break
        if want_final and final_still is not None:
            os.write(fd, b"w")
            end = time.monotonic() + 30
            while time.monotonic() < end and not glob.glob(os.path.join(snapdir, "*.csv")):
                term.pump(0.1)
            term.pump(1.0)
        tq = time.monotonic()
        os.write(fd, b"q")
        while not term.closed and time.monotonic() - tq < 10:
            term.pump(0.02)
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done: pid = None; break
        quit_s = time.monotonic() - tq
    finally:
        if pid:
            try: os.kill(pid, signal.SIGTERM)
            except ProcessLookupError: pass
            os.waitpid(pid, 0)
        os.close(fd)
    frames = read_frame_log(log)
    first = term.frames[0][0] - t0 if term.frames else None
    end = layout_end if layout_end is not None else tq
    running = [f for f in frames if f[0] <= end]
    moving = [f for f in running if f[3] == "interactive"]
    full_while_running = [f for f in running if f[3] == "full"]
    span = (running[-1][0] - running[0][0]) if len(running) >= 2 else 0
    fps = (len(running) - 1) / span if span > 0 else 0.0
    r = {
        "graph": name, "nodes": nodes,
        "first_frame_s": first,
        "layout_seconds": (layout_end - t0) if layout_end else None,
        "frames_while_layout_runs": len(running),
        "fps_while_layout_runs": fps,
        "moving_render_ms_max": max((f[1] for f in moving), default=None),
        "moving_render_encode_ms_max": max((f[1] + f[2] for f in moving), default=None),
        "moving_render_ms_median": sorted(f[1] for f in moving)[len(moving) // 2] if moving else None,
        "moving_frames": len(moving),
        "moving_frames_over_200ms": sum(1 for f in moving if f[1] > 200),
        "moving_frame_sizes": sorted({f[4] for f in moving}),
        "full_frames_while_running": len(full_while_running),
        "final_still_frame_s": (final_still - t0) if final_still else None,
        "final_still_render_ms": next((f[1] for f in frames if final_still and f[0] == final_still), None),
        "levels_seen": sorted(progress_seen),
        "quit_seconds": quit_s,
        "window_seconds": window,
    }
    csvs = glob.glob(os.path.join(snapdir, "*.csv"))
    if want_final and csvs:
        explorer_stress, _, _ = stress_of(graph, csvs[0])
        cli_stress, cli_layout_s, _ = stress_of(graph)
        r.update({"explorer_stress": explorer_stress, "tangle_layout_stress": cli_stress, "tangle_layout_seconds": cli_layout_s})
    return r


def fmt(v, f="{:.2f}"):
    return "—" if v is None else f.format(v)


def main():
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    window_1m = float(sys.argv[sys.argv.index("--seconds-1m") + 1]) if "--seconds-1m" in sys.argv else 60.0
    commit = head_commit()
    load_start = os.getloadavg()
    rows = []
    if only in (None, "100k"):
        rows.append(measure(100_000, 180, True)); print(json.dumps(rows[-1])); sys.stdout.flush()
    if only in (None, "1m"):
        rows.append(measure(1_000_000, window_1m, False)); print(json.dumps(rows[-1])); sys.stdout.flush()
    load_end = os.getloadavg()
    json.dump({"commit": commit, "terminal": f"{COLS}x{ROWS} cells, {CW}x{CH} px, sixel", "load_average_start": load_start,
               "load_average_end": load_end, "rows": rows}, open(os.path.join(RES, "open.json"), "w"), indent=1)
    lines = [f"Opening a graph without positions (issue 17): the explorer on a {COLS}×{ROWS} pty ({CW}×{CH}-px cells, sixel).",
             f"Commit {commit}; load average {load_start[0]:.2f} at the start, {load_end[0]:.2f} at the end (2 cores, shared).", "",
             "Targets: BA-100k first frame ≤ 2 s, ≥ 10 frames/s while the layout runs, no moving frame over 200 ms, "
             "stress no worse than `tangle layout`; BA-1M first frame ≤ 5 s.", "",
             "| graph | first frame | layout done | frames while running | fps | moving render max (render+encode) | median | moving frames > 200 ms | full frames while running | final still frame | quit | stress (explorer / tangle layout) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        stress = f"{r['explorer_stress']:.4f} / {r['tangle_layout_stress']:.4f}" if "explorer_stress" in r else "—"
        done = fmt(r["layout_seconds"], "{:.1f} s") if r["layout_seconds"] else f"not within {r['window_seconds']:.0f} s"
        lines.append(f"| {r['graph']} | {fmt(r['first_frame_s'], '{:.2f} s')} | {done} | {r['frames_while_layout_runs']} | {r['fps_while_layout_runs']:.1f} | "
                     f"{fmt(r['moving_render_ms_max'], '{:.0f} ms')} ({fmt(r['moving_render_encode_ms_max'], '{:.0f} ms')}) | {fmt(r['moving_render_ms_median'], '{:.0f} ms')} | "
                     f"{r['moving_frames_over_200ms']} of {r['moving_frames']} | {r['full_frames_while_running']} | {fmt(r['final_still_frame_s'], '{:.1f} s')} | {fmt(r['quit_seconds'], '{:.2f} s')} | {stress} |")
    open(os.path.join(RES, "open.md"), "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
