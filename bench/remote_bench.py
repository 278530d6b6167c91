#!/usr/bin/env python3
"""The explorer over a real SSH link, measured at the client.

- sshd runs on loopback with its own config, host key and user key (nothing
  of the machine's own ssh setup is used or changed);
- a user-space shaping proxy sits between ssh and sshd: per direction a
  token bucket (the link rate, a bottleneck queue of 100 ms at that rate)
  and a fixed one-way delay of half the round trip (this kernel has no netem);
- `ssh -tt` runs `tangle` on a 10k-node / 30k-edge BA graph in a pty of
  160×48 cells of 10×20 pixels; this script is the terminal: it answers the
  queries like `xterm -ti vt340` (sixel, 256 registers, DA1) and timestamps
  every byte that arrives.

The explorer's frame log (TANGLE_FRAME_LOG) lists every write with its size,
so the client knows when each write has fully arrived; picture writes also
carry the last input they include and when they were asked for.

Reported per link:
- fps at the client while moving (ForceAtlas2 running, and the view panned
  left and right by an arrow key held down: 25 presses a second, X11's
  default auto-repeat, so it moves whether or not the layout has settled;
  a key every 0.1 s, as before, capped the count at 10 frames a second
  once the layout had settled, whatever the link);
- key → first frame that shows the key (zoom keys, each sent once the
  previous one's full-detail frame arrived): p50 / p90 / max;
- the age of frames on arrival (arrival − when the picture was asked for):
  p50 / p90 while moving;
- the time from the last zoom key to its full-detail frame, and whether it
  came after every zoom.
Each link is run with end-to-end flow control (the default) and without it
(TANGLE_FLOW_CONTROL=off, how the explorer behaved before).

Writes bench/results/remote.json and remote.md.
"""
import collections, fcntl, getpass, json, os, pty, select, shutil, signal, socket, struct, subprocess, sys, tempfile, termios, threading, time
from benchlib import commit as head_commit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TANGLE = os.environ.get("TANGLE_BIN", os.path.join(ROOT, ".build", "release", "tangle"))
OUT = os.path.join(ROOT, "bench", "out"); RES = os.path.join(ROOT, "bench", "results")
os.makedirs(OUT, exist_ok=True); os.makedirs(RES, exist_ok=True)
COLS, ROWS, CW, CH = 160, 48, 10, 20
ZOOMS = int(os.environ.get("REMOTE_ZOOMS", "12"))
MOVING_SECONDS = float(os.environ.get("REMOTE_MOVING_SECONDS", "6"))
KEY_HZ = float(os.environ.get("REMOTE_KEY_HZ", "25"))   # a held key's auto-repeat (X11's default rate)

# ---------------------------------------------------------------- sshd

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def start_sshd(work):
    sshd = shutil.which("sshd") or "/usr/sbin/sshd"
    if not os.path.exists(sshd):
        sys.exit("remote_bench: sshd not found (apt-get install openssh-server; `scripts/install-deps.sh bench` does)")
    for name in ("host", "user"):
        subprocess.run(["ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-f", os.path.join(work, name)], check=True)
    shutil.copy(os.path.join(work, "user.pub"), os.path.join(work, "authorized_keys"))
    port = free_port()
    cfg = os.path.join(work, "sshd_config")
    open(cfg, "w").write("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {work}/host", f"PidFile {work}/sshd.pid",
        f"AuthorizedKeysFile {work}/authorized_keys", "StrictModes no", "UsePAM no", "PasswordAuthentication no",
        "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password", "PrintMotd no", "PrintLastLog no",
        "AcceptEnv LANG LC_*", "LogLevel ERROR", ""]))
    os.makedirs("/run/sshd", exist_ok=True)   # privilege separation directory (root)
    proc = subprocess.Popen([sshd, "-D", "-e", "-f", cfg], stderr=open(os.path.join(work, "sshd.log"), "w"))
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close(); return proc, port
        except OSError: time.sleep(0.05)
    proc.kill(); sys.exit("remote_bench: sshd did not start: " + open(os.path.join(work, "sshd.log")).read())

# ---------------------------------------------------------------- the shaped link

class Direction:
    """One way of the link: chunks leave the bottleneck at `rate` bytes/s
    (queue of at most `queue` bytes not yet serialized: beyond it the proxy
    stops reading, and TCP pushes back) and arrive `delay` seconds later."""
    def __init__(self, src, dst, rate, delay):
        self.src, self.dst, self.rate, self.delay = src, dst, rate, delay
        self.queue = max(16384, int(rate * 0.1)) if rate else 1 << 30
        self.items = collections.deque(); self.cv = threading.Condition(); self.closed = False
        self.last_departure = 0.0
        threading.Thread(target=self.read, daemon=True).start()
        threading.Thread(target=self.send, daemon=True).start()

    def backlog(self, now):
        return sum(n for dep, _, n in self.items if dep > now)

    def read(self):
        while True:
            with self.cv:
                while self.rate and self.backlog(time.monotonic()) > self.queue: self.cv.wait(0.005)
            try: data = self.src.recv(4096)
            except OSError: data = b""
            now = time.monotonic()
            with self.cv:
                if not data: self.closed = True; self.cv.notify_all(); return
                dep = max(now, self.last_departure) + (len(data) / self.rate if self.rate else 0)
                self.last_departure = dep
                self.items.append((dep, data, len(data))); self.cv.notify_all()

    def send(self):
        while True:
            with self.cv:
                while not self.items and not self.closed: self.cv.wait()
                if not self.items: 
                    try: self.dst.shutdown(socket.SHUT_WR)
                    except OSError: pass
                    return
                dep, data, _ = self.items[0]
            wait = dep + self.delay - time.monotonic()
            if wait > 0: time.sleep(wait)
            with self.cv:
                self.items.popleft(); self.cv.notify_all()
            try: self.dst.sendall(data)
            except OSError: return

class Shaper:
    def __init__(self, upstream_port, rate_bps, rtt):
        self.listener = socket.socket(); self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0)); self.listener.listen(4)
        self.port = self.listener.getsockname()[1]
        self.upstream, self.rate, self.delay = upstream_port, rate_bps / 8 if rate_bps else None, rtt / 2
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try: c, _ = self.listener.accept()
            except OSError: return
            s = socket.create_connection(("127.0.0.1", self.upstream))
            for sock in (c, s): sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            Direction(c, s, self.rate, self.delay)     # keys and replies up
            Direction(s, c, self.rate, self.delay)     # pictures down

    def close(self):
        self.listener.close()

# ---------------------------------------------------------------- the terminal

ANSWERS = [  # query → what xterm -ti vt340 answers (160×48 cells of 10×20 px)
    (b"\x1b[>0q", b"\x1bP>|XTerm(379)\x1b\\"),
    (b"\x1b[?1;1;0S", b"\x1b[?1;0;256S"),
    (b"\x1b[?2;1;0S", b"\x1b[?2;0;1600;960S"),
    (b"\x1b[?2;4;0S", b"\x1b[?2;0;1600;960S"),
    (b"\x1b[14t", b"\x1b[4;960;1600t"),
    (b"\x1b[16t", b"\x1b[6;20;10t"),
    (b"\x1b[18t", b"\x1b[8;48;160t"),
    (b"\x1b[?2026$p", b"\x1b[?2026;0$y"),
    (b"\x1b[c", b"\x1b[?63;1;2;4;6;9;15;16;22;28c"),
]

class Client:
    """Reads everything ssh delivers, answers queries at once, and records
    (arrival time, cumulative bytes) so any write's arrival can be found."""
    def __init__(self, fd):
        self.fd, self.total, self.tail = fd, 0, b""
        self.arrivals = []          # (monotonic time, total bytes so far)

    def pump(self, seconds):
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0: return
            r, _, _ = select.select([self.fd], [], [], min(left, 0.05))
            if not r: continue
            try: data = os.read(self.fd, 1 << 20)
            except OSError: return
            if not data: return
            now = time.monotonic()
            self.total += len(data)
            self.arrivals.append((now, self.total))
            scan = self.tail + data
            replies = []
            i = 0
            while True:
                j = scan.find(b"\x1b", i)
                if j < 0: break
                for q, a in ANSWERS:
                    if scan.startswith(q, j) and j + len(q) > len(self.tail):
                        replies.append(a); break
                i = j + 1
            self.tail = scan[-12:]
            if replies: os.write(self.fd, b"".join(replies))

    def arrival_of(self, offset):
        """When the byte at cumulative `offset` had arrived (None: not yet)."""
        lo, hi = 0, len(self.arrivals)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.arrivals[mid][1] >= offset: hi = mid
            else: lo = mid + 1
        return self.arrivals[lo][0] if lo < len(self.arrivals) else None

def read_log(path, client):
    """Every write in the frame log, with where it ends in the stream and when that arrived."""
    writes = []
    if not os.path.exists(path): return writes
    offset = 0
    for line in open(path):
        if not line.endswith("\n"): break     # being written: the rest next time
        f = line.split()
        if len(f) < 4: continue
        if f[1] == "text":
            offset += int(f[3]); writes.append({"picture": False, "end": offset})
        elif f[1] == "render":
            kv = {f[k]: f[k + 1] for k in range(1, len(f) - 1)}
            offset += int(kv["bytes"])
            writes.append({"picture": True, "end": offset, "detail": f[9], "input": int(kv["input"]),
                           "asked": float(kv.get("asked", "nan")), "divisor": int(kv["divisor"]), "bytes": int(kv["bytes"])})
    for w in writes: w["arrived"] = client.arrival_of(w["end"])
    return writes

def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(p * len(v)))] if v else float("nan")

def run_link(name, sshd_port, rate_bps, rtt, graph, work, flow):
    shaper = Shaper(sshd_port, rate_bps, rtt) if rate_bps else None
    port = shaper.port if shaper else sshd_port
    log = os.path.join(OUT, f"remote-{name.replace(' ', '_').replace('/', '_')}-{'flow' if flow else 'noflow'}.log")
    if os.path.exists(log): os.unlink(log)
    remote = (f"cd {ROOT} && TERM=xterm-256color LANG=C.UTF-8 XDG_CONFIG_HOME=/nonexistent TANGLE_FRAME_LOG={log} "
              f"TANGLE_FLOW_CONTROL={'on' if flow else 'off'} exec {TANGLE} {graph} --graphics sixel --fps 30 --algorithm fa2")
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, COLS * CW, ROWS * CH))
        os.execvp("ssh", ["ssh", "-tt", "-p", str(port), "-i", os.path.join(work, "user"), "-F", "/dev/null",
                          "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                          "-o", "IPQoS=none", f"{getpass.getuser()}@127.0.0.1", remote])
    client = Client(fd)
    keys_sent = 0
    def key(k):
        nonlocal keys_sent
        keys_sent += 1
        os.write(fd, k)
        return keys_sent, time.monotonic()
    def pictures():
        return [w for w in read_log(log, client) if w["picture"]]
    result = {"link": name, "flow_control": flow}
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(w["arrived"] for w in pictures()):
            client.pump(0.1)
        client.pump(2.0)                               # the layout under way
        # Moving: someone holds an arrow key, left then right (auto-repeat
        # at KEY_HZ), so the view moves for the whole window whether or not
        # ForceAtlas2 has settled by then.
        t0 = time.monotonic()
        n = 0
        while time.monotonic() - t0 < MOVING_SECONDS:
            key(b"l" if (n // 12) % 2 == 0 else b"h"); n += 1
            next_key = t0 + n / KEY_HZ
            while time.monotonic() < next_key:
                client.pump(max(0.0, min(0.02, next_key - time.monotonic())))
        t1 = time.monotonic()
        moving = [w for w in pictures() if w["arrived"] and t0 <= w["arrived"] < t1]
        result["fps_moving"] = len(moving) / (t1 - t0)
        result["keys_per_second_moving"] = n / (t1 - t0)
        ages = [(w["arrived"] - w["asked"]) * 1000 for w in moving]
        result["age_ms_p50"], result["age_ms_p90"], result["age_ms_max"] = pct(ages, .5), pct(ages, .9), max(ages, default=float("nan"))
        result["kb_per_frame_moving"] = sum(w["bytes"] for w in moving) / max(len(moving), 1) / 1000
        result["divisor_moving_median"] = pct([w["divisor"] for w in moving], .5)
        # Pause: the still picture must come.
        seq, tp = key(b" ")
        full_after_pause = None
        deadline = tp + 30
        while time.monotonic() < deadline and full_after_pause is None:
            client.pump(0.05)
            full_after_pause = next((w["arrived"] - tp for w in pictures() if w["arrived"] and w["input"] >= seq and w["detail"] == "full"), None)
        result["pause_to_full_s"] = full_after_pause
        latencies, to_full, missing = [], [], 0
        for z in range(ZOOMS):
            seq, tk = key(b"+" if z % 2 == 0 else b"-")
            result.setdefault("key_times", []).append((seq, tk))
            first = full = None
            deadline = tk + 20
            while time.monotonic() < deadline and full is None:
                client.pump(0.02)
                ws = [w for w in pictures() if w["arrived"] and w["input"] >= seq]
                if ws and first is None: first = min(w["arrived"] for w in ws) - tk
                full = next((w["arrived"] - tk for w in ws if w["detail"] == "full"), None)
            if first is not None: latencies.append(first * 1000)
            if full is None: missing += 1
            else: to_full.append(full * 1000)
            client.pump(0.3)                           # settled: the next key
        result.update({"key_ms_p50": pct(latencies, .5), "key_ms_p90": pct(latencies, .9), "key_ms_max": max(latencies, default=float("nan")),
                       "key_ms_each": [round(v) for v in latencies], "keys_answered": len(latencies), "zooms": ZOOMS, "full_after_zoom": ZOOMS - missing,
                       "zoom_to_full_ms_p50": pct(to_full, .5), "zoom_to_full_ms_max": max(to_full, default=float("nan"))})
        stills = [w for w in pictures() if w["detail"] == "full"]
        result["kb_full_frame"] = max((w["bytes"] for w in stills), default=0) / 1000
        os.write(fd, b"q"); client.pump(2.0)
    finally:
        try: os.kill(pid, signal.SIGTERM)
        except ProcessLookupError: pass
        try: os.waitpid(pid, 0)
        except ChildProcessError: pass
        os.close(fd)
        if shaper: shaper.close()
    return result

def main():
    graph = os.path.join(OUT, "ba10k_30k.edges")
    if not os.path.exists(graph):
        subprocess.run([TANGLE, "gen", "ba", "--nodes", "10000", "--m", "3", "--seed", "7", "-o", graph], check=True)
    work = tempfile.mkdtemp(prefix="tangle-sshd-")
    sshd, port = start_sshd(work)
    links = [("direct", None, 0.0), ("20 Mbit/s 50 ms", 20e6, 0.050), ("5 Mbit/s 100 ms", 5e6, 0.100)]
    only = os.environ.get("REMOTE_LINKS")
    rows = []
    try:
        for name, rate, rtt in links:
            if only and name.split()[0] not in only.split(","): continue
            for flow in (True, False):
                r = run_link(name, port, rate, rtt, graph, work, flow)
                print(json.dumps(r)); sys.stdout.flush()
                rows.append(r)
    finally:
        sshd.terminate(); sshd.wait()
        shutil.rmtree(work, ignore_errors=True)
    commit = head_commit()
    meta = {"commit": commit, "load_average": os.getloadavg(), "graph": "BA 10k nodes / 30k edges",
            "terminal": f"{COLS}x{ROWS} cells of {CW}x{CH} px, answers like xterm -ti vt340", "cpus": os.cpu_count()}
    json.dump({**meta, "rows": rows}, open(os.path.join(RES, "remote.json"), "w"), indent=1)
    f = lambda v, d=0: "–" if v is None or v != v else f"{v:.{d}f}"
    lines = [f"Explorer over `ssh -tt` through a user-space shaped link, measured at the client "
             f"(commit {commit}, load {meta['load_average'][0]:.2f}, {meta['cpus']} cores; {meta['graph']}, {meta['terminal']}).", "",
             "Targets: 20 Mbit/s 50 ms: ≥ 15 fps moving, key→frame p90 ≤ 150 ms, age p90 ≤ 150 ms; "
             "5 Mbit/s 100 ms: ≥ 8 fps, p90 ≤ 300 ms, age p90 ≤ 300 ms; full-detail frame after every zoom.", "",
             "| link | flow control | fps moving | KB/frame moving | age p50 / p90 ms | key→frame p50 / p90 / max ms | full frame after zoom | zoom→full p50 / max ms | pause→full s | full frame KB |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['link']} | {'on' if r['flow_control'] else 'off'} | {f(r['fps_moving'], 1)} | {f(r['kb_per_frame_moving'])} | "
                     f"{f(r['age_ms_p50'])} / {f(r['age_ms_p90'])} | {f(r['key_ms_p50'])} / {f(r['key_ms_p90'])} / {f(r['key_ms_max'])} | "
                     f"{r['full_after_zoom']} of {r['zooms']} | {f(r['zoom_to_full_ms_p50'])} / {f(r['zoom_to_full_ms_max'])} | "
                     f"{f(r['pause_to_full_s'], 2)} | {f(r['kb_full_frame'])} |")
    open(os.path.join(RES, "remote.md"), "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))

if __name__ == "__main__":
    main()
