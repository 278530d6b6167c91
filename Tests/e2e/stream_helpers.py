"""Helpers for the side-server end-to-end tests: start the stand-in explorer
(stream-demo-publisher, a real FrameBus segment) and tangle-serve, read their
JSON lines with timeouts, and make authorised requests."""
import json, os, select, signal, subprocess, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("TANGLE_BUILD", os.path.join(ROOT, ".build", "debug"))
SERVE = os.environ.get("TANGLE_SERVE_BIN", os.path.join(BUILD, "tangle-serve"))
PUBLISHER = os.environ.get("STREAM_PUBLISHER_BIN", os.path.join(BUILD, "stream-demo-publisher"))
OUT = os.environ.get("E2E_OUT", os.path.join(ROOT, ".build", "e2e-out"))


def read_json_line(proc, want=None, timeout=20.0):
    """Next JSON line on proc's stdout (with `event == want` if given), or AssertionError.
    Reads the pipe's file descriptor directly (select on a buffered text stream
    would miss lines already in Python's buffer)."""
    deadline = time.monotonic() + timeout
    buf = getattr(proc, "_json_buf", b"")
    fd = proc.stdout.fileno()
    try:
        while True:
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                if not line.strip():
                    continue
                obj = json.loads(line)
                if want is None or obj.get("event") == want:
                    return obj
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                break
            chunk = os.read(fd, 65536)
            if not chunk:
                raise AssertionError(f"process {proc.args[0]} ended: {proc.stderr.read() if proc.stderr else ''}")
            buf += chunk
    finally:
        proc._json_buf = buf
    raise AssertionError(f"no {want or 'JSON'} line from {proc.args[0]} within {timeout} s")


def start_publisher(*extra, seconds=180):
    p = subprocess.Popen([PUBLISHER, "--seconds", str(seconds), *extra], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    info = read_json_line(p)
    return p, info


def start_server(*args):
    p = subprocess.Popen([SERVE, "--port", "0", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    info = read_json_line(p, "listening")
    return p, info


def stop(proc, timeout=5.0):
    """SIGTERM, then wait; returns seconds it took to exit."""
    if proc.poll() is not None:
        return 0.0
    t0 = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise AssertionError(f"{proc.args[0]} did not exit within {timeout} s of SIGTERM")
    return time.monotonic() - t0


def get(info, path, token=True, timeout=5.0):
    """GET on the server; returns (status, body bytes)."""
    req = urllib.request.Request(f"http://127.0.0.1:{info['port']}{path}")
    if token:
        req.add_header("Authorization", "Bearer " + info["token"])
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def stats(info):
    status, body = get(info, "/stats.json")
    assert status == 200, status
    return json.loads(body)
