#!/usr/bin/env python3
"""The explorer as a terminal sees it: sustained frames per second while the
layout runs, key-press-to-new-frame latency, and bytes per second, for the demo
graphs and a 10k-node / 50k-edge graph, in sixel and blocks modes.

The explorer runs on a real pseudo-terminal of 120×40 cells with 10×20-pixel
cells (set with TIOCSWINSZ, as a terminal emulator does); this script is the
terminal: it reads everything the explorer writes and finds frame boundaries
(a sixel frame ends with ESC \\; a blocks frame ends with the end of a
synchronized-output block or SGR 0 after cursor moves into the picture).

Writes bench/results/explorer.json and explorer.md.
"""
import fcntl, json, os, pty, select, signal, struct, subprocess, sys, termios, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TANGLE = os.environ.get("TANGLE_BIN", os.path.join(ROOT, ".build", "release", "tangle"))
OUT = os.path.join(ROOT, "bench", "out"); RES = os.path.join(ROOT, "bench", "results")
os.makedirs(OUT, exist_ok=True); os.makedirs(RES, exist_ok=True)
COLS, ROWS, CW, CH = 120, 40, 10, 20

def spawn(args, frame_log=None):
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(os.environ, TERM="xterm-256color", XDG_CONFIG_HOME="/nonexistent")
        if frame_log: env["TANGLE_FRAME_LOG"] = frame_log
        os.execve(TANGLE, [TANGLE, *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, COLS * CW, ROWS * CH))
    os.kill(pid, signal.SIGWINCH)
    return pid, fd

class Terminal:
    """Reads the explorer's output and timestamps each completed frame."""
    def __init__(self, fd, mode):
        self.fd, self.mode = fd, mode
        self.frames = []          # (time, bytes of that frame)
        self.total = 0
        self.buf = b""
        self.frame_bytes = 0

    def pump(self, seconds):
        end = time.time() + seconds
        while True:
            left = end - time.time()
            if left <= 0: return
            r, _, _ = select.select([self.fd], [], [], left)
            if not r: continue
            try: data = os.read(self.fd, 1 << 20)
            except OSError: return
            now = time.time()
            self.total += len(data)
            self.scan(data, now)

    def scan(self, data, now):
        # Every picture the explorer sends ends with SGR 0 written as ESC[0m
        # (ImagePlacement.appendFrame); ncurses resets with ESC(B ESC[m, so the
        # two never mix up. A frame is the bytes since the previous ESC[0m,
        # counted when it carries picture bytes (more than 200).
        self.buf += data
        while True:
            j = self.buf.find(b"\x1b[0m")
            if j < 0:
                keep = self.buf[-8:]
                self.frame_bytes += len(self.buf) - len(keep)
                self.buf = keep
                return
            self.frame_bytes += j
            if self.frame_bytes > 200:
                self.frames.append((now, self.frame_bytes))
            self.frame_bytes = 0
            self.buf = self.buf[j + 4:]

def read_frame_log(log):
    """The explorer's TANGLE_FRAME_LOG: per picture shown, (monotonic time,
    detail, (pixels, "WxH"), render + encode ms)."""
    frames = []
    if os.path.exists(log):
        for line in open(log):
            f = line.split()
            if len(f) >= 11 and "x" in f[10]:
                w, h = f[10].split("x")
                frames.append((float(f[0]), f[9], (int(w) * int(h), f[10]), float(f[2]) + float(f[4])))
    return frames

def read_frame_log_inputs(log):
    """The last input each picture in the frame log includes, in order."""
    out = []
    if os.path.exists(log):
        for line in open(log):
            f = line.split()
            if len(f) > 4 and f[1] == "render" and "input" in f:
                out.append(int(f[f.index("input") + 1]))
    return out

def measure(graph, mode, seconds=8.0, keys=12):
    # ForceAtlas2 keeps iterating from a random start, so frames keep coming.
    log = os.path.join(OUT, f"frames-{os.path.basename(graph).replace(':', '-')}-{mode}.log")
    pid, fd = spawn([graph, "--graphics", mode, "--fps", "30", "--algorithm", "fa2"], frame_log=log)
    term = Terminal(fd, mode)
    window = []
    try:
        deadline = time.time() + 10
        while not term.frames and time.time() < deadline:
            term.pump(0.05)                 # start-up: detection timeout, first frame
        first = len(term.frames)
        start_bytes, t0 = term.total, time.time()
        term.pump(seconds)                  # sustained, while the layout runs
        window = term.frames[first:]
        # Frames per second over the whole window (a small graph converges
        # within it and then nothing needs drawing: its figure is lower).
        fps = len(window) / seconds
        active = seconds
        bps = (sum(b for _, b in window)) / active
        sizes = [b for _, b in window]
        # Key to frame, with the layout running: from the key to the first
        # frame that includes it (the frame log's input number, matched to
        # the frames as they arrive, in order), each key sent once the
        # previous one's frame has come and the camera has settled.
        lat = []
        to_wall = time.time() - time.monotonic()
        for k in range(keys):
            n = len(term.frames)
            t = time.time()
            os.write(fd, b"+" if k % 2 == 0 else b"-")
            seq = k + 1
            deadline = t + 3.0
            got = None
            while got is None and time.time() < deadline:
                term.pump(0.005)
                logged = [f for f in read_frame_log_inputs(log)]
                # The i-th picture in the log is the i-th frame the terminal received.
                for i, inp in enumerate(logged):
                    if inp >= seq and i < len(term.frames) and term.frames[i][0] >= t:
                        got = term.frames[i][0]; break
            if got is not None:
                lat.append((got - t) * 1000)
            term.pump(0.4)                  # the camera's easing settles
        os.write(fd, b"q"); term.pump(1.0)
    finally:
        try: os.kill(pid, signal.SIGTERM)
        except ProcessLookupError: pass
        os.waitpid(pid, 0)
        os.close(fd)
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("nan")
    # What the frames were: the explorer's own log (TANGLE_FRAME_LOG) of each
    # picture shown — render and encode ms, size — over the sustained window.
    frames = read_frame_log(log)
    sizes_px, render_ms = [], []
    if window:
        t_first, t_last = window[0][0], window[-1][0]
        to_wall = time.time() - time.monotonic()   # the log's clock is CLOCK_MONOTONIC
        for t, detail, size, cost in frames:
            if t_first - 0.2 <= t + to_wall <= t_last + 0.2 and detail == "interactive":
                sizes_px.append(size); render_ms.append(cost)
    med = lambda v: sorted(v)[len(v) // 2] if v else float("nan")
    return {"graph": graph, "mode": mode, "fps": fps, "bytes_per_s": bps,
            "moving_frame_size_median": med(sizes_px)[1] if sizes_px else "", "moving_render_encode_ms_median": med(render_ms),
            # The picture pane's full pixel size: the largest frame drawn.
            "full_frame_size": max((size for _, _, size, _ in frames), default=(0, ""))[1],
            "frame_kb_mean": (sum(sizes) / len(sizes) / 1000) if sizes else 0,
            "frames_in_window": len(window), "key_to_frame_ms_p50": pct(0.5), "key_to_frame_ms_p90": pct(0.9),
            "key_to_frame_ms_max": max(lat, default=float("nan")), "keys_answered": len(lat), "keys_sent": keys}

def main():
    big = os.path.join(OUT, "er10k_50k.edges")
    if not os.path.exists(big):
        subprocess.run([TANGLE, "gen", "er", "--nodes", "10000", "--p", "0.001", "--seed", "7", "-o", big], check=True)
    rows = []
    for graph in ["demo:karate", "demo:lesmis", big]:
        for mode in ["sixel", "blocks"]:
            r = measure(graph, mode)
            r["graph"] = os.path.basename(graph)
            print(json.dumps(r)); sys.stdout.flush()
            rows.append(r)
    json.dump({"terminal": f"{COLS}x{ROWS} cells, {CW}x{CH} px", "load_average_end": os.getloadavg()[0], "rows": rows}, open(os.path.join(RES, "explorer.json"), "w"), indent=1)
    lines = [f"Explorer on a {COLS}×{ROWS} pty with {CW}×{CH}-pixel cells (targets for 10k nodes: ≥ 20 fps, ≤ 50 ms key-to-frame).", "",
             "Moving frames render at a lower resolution when full size would miss the frame budget (the explorer's frame-time governor);",
             "the picture is redrawn at full size once still. The frame columns come from the explorer's own log (TANGLE_FRAME_LOG).", "",
             "| graph | mode | fps (layout running) | key→frame p50 | p90 | KB/frame | terminal MB/s | moving frame (median) | full frame | render+encode ms (median, moving) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        fps = f"{r['fps']:.1f}" if r["frames_in_window"] >= 10 else f"converged first ({r['frames_in_window']} frames)"
        lines.append(f"| {r['graph']} | {r['mode']} | {fps} | {r['key_to_frame_ms_p50']:.0f} ms | {r['key_to_frame_ms_p90']:.0f} ms | "
                     f"{r['frame_kb_mean']:.0f} | {r['bytes_per_s'] / 1e6:.2f} | {r['moving_frame_size_median']} | {r['full_frame_size']} | "
                     f"{r['moving_render_encode_ms_median']:.1f} |")
    open(os.path.join(RES, "explorer.md"), "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))

if __name__ == "__main__":
    main()
