#!/usr/bin/env python3
"""Side-server benchmark: frames/s, latency from FrameBus publish to a client
receiving the whole frame (p50/p99), and server CPU per client, for 1, 10 and
50 MJPEG clients of a 1280x720 stream on loopback.

The stand-in explorer (stream-demo-publisher) publishes into a real FrameBus
segment at --fps; tangle-serve (release build) encodes each new frame once
and sends it to every client. Clients are asyncio sockets in this process; a
part's X-Published-At header is CLOCK_MONOTONIC at publish, and
time.monotonic_ns() here is the same clock, so latency is a subtraction.

Results: bench/results/stream_bench.json and .md. Only loopback addresses."""
import asyncio, json, os, signal, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REL = os.environ.get("TANGLE_BUILD", os.path.join(ROOT, ".build", "release"))
SERVE = os.path.join(REL, "tangle-serve")
PUBLISHER = os.path.join(REL, "stream-demo-publisher")
CLIENTS = [int(x) for x in os.environ.get("STREAM_BENCH_CLIENTS", "1,10,50").split(",")]
SECONDS = float(os.environ.get("STREAM_BENCH_SECONDS", "10"))
FPS = float(os.environ.get("STREAM_BENCH_FPS", "30"))
TICK = os.sysconf("SC_CLK_TCK")


def json_line(proc, want=None, timeout=20):
    deadline = time.monotonic() + timeout
    import select
    while time.monotonic() < deadline:
        r, _, _ = select.select([proc.stdout], [], [], 0.5)
        if r:
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError(proc.stderr.read())
            obj = json.loads(line)
            if want is None or obj.get("event") == want:
                return obj
    raise RuntimeError(f"no line from {proc.args[0]}")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


class Client:
    def __init__(self):
        self.latencies = []
        self.frames = 0
        self.bytes = 0
        self.sequences = []


async def client(port, token, c, stop_at):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET /stream.mjpg HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
    await writer.drain()
    await reader.readuntil(b"\r\n\r\n")
    try:
        while time.monotonic() < stop_at:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
            headers = {}
            for line in head.decode("latin-1").split("\r\n"):
                if ":" in line:
                    k, v = line.split(":", 1)
                    headers[k.strip().lower()] = v.strip()
            n = int(headers["content-length"])
            await reader.readexactly(n + 2)
            now = time.monotonic_ns()
            c.latencies.append((now - int(headers["x-published-at"])) / 1e6)
            c.frames += 1
            c.bytes += n
            c.sequences.append(int(headers["x-frame-sequence"]))
    finally:
        writer.close()


def percentile(values, p):
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


async def measure(port, token, n, server_pid):
    clients = [Client() for _ in range(n)]
    warm = time.monotonic() + 2
    stop_at = warm + SECONDS
    tasks = [asyncio.create_task(client(port, token, c, stop_at)) for c in clients]
    await asyncio.sleep(max(0, warm - time.monotonic()))
    for c in clients:  # drop the warm-up
        c.latencies.clear(); c.frames = 0; c.bytes = 0; c.sequences.clear()
    cpu0, t0 = cpu_seconds(server_pid), time.monotonic()
    await asyncio.gather(*tasks, return_exceptions=True)
    cpu1, t1 = cpu_seconds(server_pid), time.monotonic()
    return clients, (cpu1 - cpu0) / (t1 - t0), t1 - t0


def main():
    for b in (SERVE, PUBLISHER):
        if not os.path.exists(b):
            sys.exit(f"stream_bench: {b} missing; run: swift build -c release")
    rows = []
    for n in CLIENTS:
        pub = subprocess.Popen([PUBLISHER, "--size", "1280x720", "--fps", str(FPS), "--seconds", str(SECONDS + 30)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seg = json_line(pub)["segment"]
        srv = subprocess.Popen([SERVE, "--port", "0", "--source", seg, "--max-clients", str(max(64, n + 4))],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        info = json_line(srv, "listening")
        try:
            time.sleep(1)
            idle0, ti0 = cpu_seconds(srv.pid), time.monotonic()
            time.sleep(2)
            idle_cpu = (cpu_seconds(srv.pid) - idle0) / (time.monotonic() - ti0)
            clients, cpu, span = asyncio.run(measure(info["port"], info["token"], n, srv.pid))
            import urllib.request
            req = urllib.request.Request(f"http://127.0.0.1:{info['port']}/stats.json",
                                         headers={"Authorization": "Bearer " + info["token"]})
            counters = json.load(urllib.request.urlopen(req, timeout=5))["server"]["counters"]
        finally:
            srv.send_signal(signal.SIGTERM); srv.wait(timeout=10)
            pub.send_signal(signal.SIGTERM); pub.wait(timeout=10)
        lat = [x for c in clients for x in c.latencies]
        fps = [c.frames / span for c in clients]
        row = {
            "clients": n, "seconds": round(span, 2), "publish_fps": FPS,
            "fps_min": round(min(fps), 1), "fps_mean": round(sum(fps) / len(fps), 1),
            "latency_p50_ms": round(percentile(lat, 50), 2), "latency_p99_ms": round(percentile(lat, 99), 2),
            "latency_max_ms": round(max(lat), 2),
            "server_cpu_pct": round(cpu * 100, 1), "server_idle_cpu_pct": round(idle_cpu * 100, 1),
            "cpu_per_client_pct": round((cpu - idle_cpu) * 100 / n, 2),
            "frames_encoded": counters["framesEncoded"], "parts_sent": counters["partsSent"],
            "encode_ms_mean": round(counters["encodeMicrosTotal"] / max(1, counters["framesEncoded"]) / 1000, 2),
            "jpeg_kb_mean": round(counters["jpegBytesTotal"] / max(1, counters["framesEncoded"]) / 1024, 1),
            "frames_skipped": counters["framesSkipped"],
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    meta = {"machine": f"{os.cpu_count()} cores", "frame": "1280x720 RGBA, demo discs", "clients_in": "one asyncio process",
            "load": os.getloadavg()}
    with open(os.path.join(ROOT, "bench", "results", "stream_bench.json"), "w") as f:
        json.dump({"meta": meta, "rows": rows}, f, indent=1)
    with open(os.path.join(ROOT, "bench", "results", "stream_bench.md"), "w") as f:
        f.write("# tangle-serve MJPEG benchmark (bench/stream_bench.py)\n\n")
        f.write(f"1280x720 frames published at {FPS:g} fps into FrameBus; clients on loopback; {SECONDS:g} s per row; "
                f"{meta['machine']}, load average at end {tuple(round(x, 2) for x in meta['load'])}.\n\n")
        f.write("| clients | fps (min / mean per client) | latency p50 | p99 | max | server CPU | CPU per client | encodes | mean JPEG |\n")
        f.write("|---|---|---|---|---|---|---|---|---|\n")
        for r in rows:
            f.write(f"| {r['clients']} | {r['fps_min']} / {r['fps_mean']} | {r['latency_p50_ms']} ms | {r['latency_p99_ms']} ms "
                    f"| {r['latency_max_ms']} ms | {r['server_cpu_pct']}% | {r['cpu_per_client_pct']}% "
                    f"| {r['frames_encoded']} ({r['encode_ms_mean']} ms each) | {r['jpeg_kb_mean']} KiB |\n")
        f.write("\nEach frame is encoded once however many clients read it (encodes ≈ publish fps × seconds, "
                "not × clients). FURY's stream re-encoded every frame for every client at a fixed ~30 fps.\n")


if __name__ == "__main__":
    main()
