"""tangle-serve as the explorer will run it: the announcement lines, the
token, shutdown on SIGTERM with streams open, --exit-with-source, and the
segment left alone. Uses the stand-in explorer (stream-demo-publisher)."""
import json, os, socket, subprocess, time

from stream_helpers import SERVE, get, read_json_line, start_publisher, start_server, stop


def open_stream(info, read_first=True):
    s = socket.create_connection(("127.0.0.1", info["port"]), timeout=5)
    s.sendall(f"GET /stream.mjpg?token={info['token']} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    if read_first:
        data = b""
        while b"image/jpeg" not in data:
            chunk = s.recv(65536)
            assert chunk, "stream closed early"
            data += chunk
    return s


def test_announces_url_token_and_ssh_line_then_enforces_the_token():
    pub, pinfo = start_publisher("--size", "320x180", "--fps", "20", seconds=60)
    server, info = start_server("--source", pinfo["segment"])
    try:
        assert info["version"] == 1 and info["bind"] == "127.0.0.1" and "warning" not in info
        assert len(info["token"]) == 64
        assert info["url"] == f"http://127.0.0.1:{info['port']}/?token={info['token']}"
        assert info["ssh"].startswith(f"ssh -L {info['port']}:127.0.0.1:{info['port']} ") and "@" in info["ssh"]
        live = read_json_line(server, "source")
        assert live["state"] == "live" and live["segment"] == pinfo["segment"]
        for path in ["/", "/stream.mjpg", "/frame.jpg", "/ws", "/stats.json", "/healthz"]:
            status, body = get(info, path, token=False)
            assert status == 401 and info["token"].encode() not in body, path
        status, body = get(info, "/frame.jpg")
        assert status == 200 and body[:2] == b"\xff\xd8" and body[-2:] == b"\xff\xd9"
    finally:
        stop(server)
        stop(pub)


def test_sigterm_stops_within_a_second_with_streams_open_and_leaves_the_segment():
    pub, pinfo = start_publisher("--size", "1280x720", "--fps", "30", seconds=60)
    server, info = start_server("--source", pinfo["segment"])
    try:
        streams = [open_stream(info) for _ in range(5)]
        stalled = open_stream(info, read_first=False)  # never reads
        time.sleep(1.5)
        took = stop(server)
        assert took < 1.0, f"took {took:.2f} s"
        assert server.returncode == 0
        rest = getattr(server, "_json_buf", b"") + server.stdout.buffer.read() if hasattr(server.stdout, "buffer") else b""
        lines = [json.loads(l) for l in rest.splitlines() if l.strip()]
        assert lines and lines[-1]["event"] == "stopped"
        # The server only attached: the explorer's segment is still there.
        assert os.path.exists("/dev/shm" + pinfo["segment"])
        assert pub.poll() is None
        for s in streams + [stalled]:
            s.close()
    finally:
        stop(server)
        stop(pub)


def test_exit_with_source_ends_when_the_explorer_exits():
    pub, pinfo = start_publisher("--size", "320x180", "--fps", "20", seconds=60)
    server, info = start_server("--source", pinfo["segment"], "--exit-when-source-gone")
    try:
        assert read_json_line(server, "source")["state"] == "live"
        stream = open_stream(info)
        stop(pub)
        gone = read_json_line(server, "source")
        assert gone["state"] == "gone" and gone["segment"] == pinfo["segment"]
        server.wait(timeout=3)
        assert server.returncode == 0
        stream.close()
    finally:
        stop(server)
        stop(pub)


def test_bad_arguments_exit_nonzero_with_a_message():
    for args in (["--port", "70000"], ["--source", "/etc/passwd"], ["--quality", "0"], ["--max-clients", "0"]):
        r = subprocess.run([SERVE, *args], capture_output=True, text=True, timeout=20)
        assert r.returncode != 0 and r.stdout == "", args
        assert "error" in r.stderr.lower(), (args, r.stderr)


def test_a_taken_port_is_an_error_not_a_hang():
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    port = holder.getsockname()[1]
    try:
        r = subprocess.run([SERVE, "--port", str(port), "--demo-source"], capture_output=True, text=True, timeout=20)
        assert r.returncode != 0
        assert "stopped" in r.stdout and "listening" not in r.stdout
    finally:
        holder.close()
