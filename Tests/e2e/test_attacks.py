"""Issue 16, "hold under attack": each test reproduces an attack by an adversary
on the same machine (or a browser viewer with a valid token) and checks that
it now holds. Load is bounded and only against 127.0.0.1."""
import gzip, json, os, resource, select, signal, socket, subprocess, time, zlib
import pytest
from conftest import TANGLE
from tmux import Tmux
from stream_helpers import SERVE, start_publisher, start_server, stop, get

ENV = {"TERM": "xterm-256color", "XDG_CONFIG_HOME": "/nonexistent"}


# ---------------------------------------------------------------- signals

def explorer_pid(t):
    """The tangle process under the pane's shell."""
    deadline = time.time() + 10
    while time.time() < deadline:
        r = subprocess.run(["pgrep", "-P", str(t.pane_pid())], capture_output=True, text=True)
        if r.stdout.split():
            return int(r.stdout.split()[0])
        time.sleep(0.1)
    raise AssertionError("no explorer process under the tmux pane")


def terminal_modes(t):
    """tmux's view of the pane's modes, and `stty -a` on its tty."""
    fmt = "#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{keypad_flag} #{mouse_any_flag} #{mouse_button_flag} #{mouse_sgr_flag} #{pane_tty}"
    r = subprocess.run(["tmux", "-L", t.socket, "display-message", "-p", "-t", t.name, fmt],
                       capture_output=True, text=True, check=True)
    *flags, tty = r.stdout.split()
    stty = subprocess.run(["stty", "-a", "-F", tty], capture_output=True, text=True, check=True).stdout
    return dict(zip(["alternate", "cursor", "keypad_cursor", "keypad", "mouse_any", "mouse_button", "mouse_sgr"],
                    flags)), stty.split()


@pytest.mark.parametrize("sig", [signal.SIGUSR1, signal.SIGALRM, signal.SIGSEGV, signal.SIGUSR2, signal.SIGXCPU])
def test_a_fatal_signal_leaves_the_terminal_as_it_was(sig):
    t = Tmux(f"{TANGLE} demo:karate --graphics blocks", width=100, height=30, env=ENV)
    try:
        t.wait_for("Layout")
        modes, _ = terminal_modes(t)
        # The explorer really took the terminal: the alternate screen and SGR mouse reporting.
        assert modes["alternate"] == "1" and modes["mouse_sgr"] == "1" and modes["cursor"] == "0", modes
        os.kill(explorer_pid(t), sig)
        t.wait_for("TANGLE-EXIT=", timeout=10)
        modes, stty = terminal_modes(t)
        assert modes == {"alternate": "0", "cursor": "1", "keypad_cursor": "0", "keypad": "0", "mouse_any": "0",
                         "mouse_button": "0", "mouse_sgr": "0"}, modes
        for flag in ("icanon", "echo", "isig", "icrnl", "opost"):
            assert flag in stty and "-" + flag not in stty, (flag, stty)
    finally:
        t.close()


# ---------------------------------------------------------------- sharing

def test_source_names_a_missing_segment_and_another_explorer_runs():
    publisher, info = start_publisher("--size", "64x48")
    try:
        missing = f"/tangle-{os.geteuid()}-{publisher.pid}-r00000000000000aa"
        assert missing != info["segment"]
        t0 = time.monotonic()
        r = subprocess.run([SERVE, "--port", "0", "--source", missing], capture_output=True, text=True, timeout=10)
        elapsed = time.monotonic() - t0
        assert r.returncode == 1
        assert elapsed < 2.0, elapsed
        assert "cannot attach --source " + missing in r.stderr
        assert info["segment"] not in r.stdout + r.stderr      # never the other explorer's
    finally:
        stop(publisher)


def test_shm_list_sizes_and_clean_takes_status_files_too():
    publisher, info = start_publisher("--size", "1280x720")
    try:
        listing = subprocess.run([TANGLE, "shm", "list"], capture_output=True, text=True, check=True).stdout
        row = next(line for line in listing.splitlines() if line.startswith(info["segment"]))
        size = os.stat("/dev/shm" + info["segment"]).st_size
        expect = f"{(size * 10 >> 20) // 10}.{(size * 10 >> 20) % 10} MiB"
        assert size > 5 << 20 and expect in row, (row, expect)
        status = info["status"]
        deadline = time.time() + 5
        while not os.path.exists(status) and time.time() < deadline:
            time.sleep(0.05)
        assert os.path.exists(status)
        publisher.kill()                        # stale: segment and status file stay behind
        publisher.wait()
        assert os.path.exists("/dev/shm" + info["segment"]) and os.path.exists(status)
        out = subprocess.run([TANGLE, "shm", "clean"], capture_output=True, text=True, check=True).stdout
        assert "removed " + info["segment"] in out
        assert not os.path.exists("/dev/shm" + info["segment"])
        assert not os.path.exists(status)
    finally:
        if publisher.poll() is None:
            stop(publisher)


def test_a_truncated_segment_ends_the_stream_with_a_message_not_sigbus():
    publisher, info = start_publisher("--size", "320x240")
    server = None
    try:
        server, listening = start_server("--source", info["segment"])
        assert get(listening, "/frame.jpg")[0] == 200
        os.truncate("/dev/shm" + info["segment"], 0)
        deadline = time.time() + 5
        line = ""
        while time.time() < deadline and "truncated" not in line:
            time.sleep(0.2)
            assert server.poll() is None, "tangle-serve died (SIGBUS?)"
            status, body = get(listening, "/healthz")
            line = body.decode()
            if json.loads(body)["source"] != "live":
                break
        assert server.poll() is None
        assert json.loads(get(listening, "/healthz")[1])["source"] in ("gone", "waiting")
        assert stop(server) < 5
        err = server.stderr.read()
        assert "segment " + info["segment"] + " truncated" in err, err
        assert server.returncode in (0, -15)
    finally:
        if server and server.poll() is None:
            stop(server)
        stop(publisher)


def test_a_truncated_segment_does_not_kill_the_explorer():
    t = Tmux(f"{TANGLE} demo:lesmis --graphics blocks", width=100, height=30, env=ENV)
    try:
        t.wait_for("Layout")
        pid = explorer_pid(t)
        name = next(f for f in os.listdir("/dev/shm") if f.startswith(f"tangle-{os.geteuid()}-{pid}-") and not f.endswith(".json"))
        os.truncate("/dev/shm/" + name, 0)
        t.keys("Space"); time.sleep(0.3); t.keys("Space")       # frames keep being published into it
        time.sleep(2)
        assert "TANGLE-EXIT=" not in t.screen()
        os.kill(pid, 0)
        t.keys("q")
        s = t.wait_for("TANGLE-EXIT=", timeout=10)
        assert "TANGLE-EXIT=0" in s
    finally:
        t.close()


# ---------------------------------------------------------------- errors

def test_escapes_and_huge_tokens_in_errors_are_not_printed(tmp_path):
    graphml = tmp_path / "esc.graphml"
    graphml.write_text('<graphml><key id="w" for="node" attr.name="w" attr.type="int"/><graph edgedefault="undirected">'
                       '<node id="a"><data key="w">&#27;[2J&#27;]0;owned&#7;</data></node></graph></graphml>')
    js = tmp_path / "esc.json"
    js.write_text('{"nodes":[{"id":"a"}],"links":[{"source":"a","target":"\\u001b[31mred"}]}')
    dot = tmp_path / "huge.dot"
    dot.write_text("graph { a [" + "K" * (10 << 20) + " b] }")
    for path in (graphml, js, dot):
        r = subprocess.run([TANGLE, "stats", str(path)], capture_output=True, timeout=60)
        assert r.returncode == 2, (path, r.returncode)
        err = r.stderr.decode("utf-8")
        assert not any(ord(c) < 0x20 and c != "\n" for c in err), repr(err[:200])
        assert err.count("\n") == 1, repr(err[:300])
        assert len(err) < 600, len(err)
    assert "\\x1b" in subprocess.run([TANGLE, "stats", str(graphml)], capture_output=True, text=True).stderr


# ---------------------------------------------------------------- memory

def peak_rss_mb(args, stdin=None):
    """Runs tangle; returns (exit status, stderr, peak RSS in MB) of that one process."""
    p = subprocess.Popen([TANGLE, *args], stdin=stdin if stdin is not None else subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, err.decode("utf-8", "replace"), usage.ru_maxrss / 1024


_members = {}

def gzip_member(fill, total):
    """`total` bytes of `fill` as gzip (about total / 1000 bytes): one 64 MiB
    member, made once, repeated (concatenated members are one gzip file)."""
    if fill not in _members:
        z = zlib.compressobj(9, zlib.DEFLATED, 31)
        chunk = fill * (1 << 20)
        parts = [z.compress(chunk) for _ in range(64)]
        parts.append(z.flush())
        _members[fill] = b"".join(parts)
    return _members[fill] * (total >> 26)


def gzip_bomb(path, head, fill, total):
    """`head` then `total` bytes of `fill`, gzip-compressed: two concatenated members."""
    with open(path, "wb") as f:
        if head:
            f.write(gzip.compress(head))
        f.write(gzip_member(fill, total))


BOMB_HEADS = {
    "graphml": b"<graphml><graph edgedefault='undirected'>",
    "json": b'{"nodes": [',
    "gml": b"graph [ ",
    "dot": b"graph { ",
    "net": b"*Vertices 2\n",
    "mtx": b"%%MatrixMarket matrix coordinate pattern general\n",
    "edges": b"a b\n",
    "csv": b"source,target\n",
    "tsv": b"source\ttarget\n",
}


@pytest.mark.parametrize("ext", sorted(BOMB_HEADS))
def test_a_gzip_bomb_stays_under_300_mb(tmp_path, ext):
    # 1 GiB of whitespace after a valid beginning: passes the first-bytes check,
    # so only the buffering cap (or streaming) keeps it bounded. ~1 MB on disk.
    bomb = tmp_path / f"bomb.{ext}.gz"
    gzip_bomb(bomb, BOMB_HEADS[ext], b" ", 1 << 30)
    assert bomb.stat().st_size < 1_200_000
    status, err, rss = peak_rss_mb(["stats", str(bomb)])
    assert rss < 300, f"{ext}: peak RSS {rss:.0f} MB"
    assert status in (0, 2), (status, err)
    zeros = tmp_path / f"zeros.{ext}.gz"
    gzip_bomb(zeros, b"", b"\0", 1 << 30)
    status, err, rss = peak_rss_mb(["stats", str(zeros)])
    assert status == 2 and "NUL" in err, err
    assert rss < 300, f"{ext} zeros: peak RSS {rss:.0f} MB"


@pytest.mark.parametrize("fmt", ["graphml", "json", "mtx", "pajek"])
def test_one_long_line_on_stdin_is_capped(fmt):
    feeder = subprocess.Popen(["sh", "-c", "printf x; head -c 400000000 /dev/zero | tr '\\000' 'x'"], stdout=subprocess.PIPE)
    status, err, rss = peak_rss_mb(["stats", "--format", fmt, "-"], stdin=feeder.stdout)
    feeder.stdout.close()
    feeder.wait()
    assert status == 2, err
    assert rss < 300, f"{fmt}: peak RSS {rss:.0f} MB"


# ---------------------------------------------------------------- HTTP under pressure

def raise_fd_limit(n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(n, hard), hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def raw_exchange(port, data, timeout=5.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    t0 = time.monotonic()
    s.sendall(data)
    answer = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
    except socket.timeout:
        pass
    s.close()
    return answer, time.monotonic() - t0


def test_bad_and_oversized_heads_are_answered_at_once():
    server, info = start_server("--demo-source", "--demo-size", "64x48", "--demo-fps", "5")
    try:
        port = info["port"]
        answer, took = raw_exchange(port, b"GET / HTTP/1.1\r\nX-Big: " + b"b" * 40_000 + b"\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 431"), answer[:80]
        assert took < 1.0
        answer, took = raw_exchange(port, b"\x01\x02NONSENSE /\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 400"), answer[:80]
        assert took < 1.0
        # A head that never ends is cut after the 2 s deadline, not 10 s.
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET /healthz HTTP/1.1\r\nX-Slow: ")
        t0 = time.monotonic()
        assert s.recv(100) == b""
        assert 1.5 < time.monotonic() - t0 < 4.0
        s.close()
        # HEAD on the stream answers like GET without a body.
        answer, _ = raw_exchange(port, f"HEAD /stream.mjpg HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {info['token']}\r\nConnection: close\r\n\r\n".encode())
        assert answer.startswith(b"HTTP/1.1 200") and b"multipart/x-mixed-replace" in answer, answer[:200]
    finally:
        stop(server)


def test_a_viewer_gets_in_while_10000_idle_sockets_and_slow_lorises_are_open():
    assert raise_fd_limit(12_000) >= 11_000
    server, info = start_server("--demo-source", "--demo-size", "64x48", "--demo-fps", "5")
    idle = []
    try:
        port = info["port"]
        for i in range(10_000):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            idle.append(s)
            if i % 100 == 99:
                # slow-loris among them: heads that never finish
                try:
                    s.send(b"GET /healthz HTTP/1.1\r\nX-Slow: ")
                except OSError:
                    pass
        # Wait until every one of them is connected (accepted, or in the listen queue).
        poller = select.epoll()
        for s in idle:
            poller.register(s.fileno(), select.EPOLLOUT)
        pending, t0 = len(idle), time.monotonic()
        while pending and time.monotonic() - t0 < 30:
            for fd, _ in poller.poll(1):
                poller.unregister(fd)
                pending -= 1
        assert pending == 0, f"{pending} sockets never connected"
        for attempt in range(3):
            t0 = time.monotonic()
            status, body = get(info, "/healthz", timeout=5)
            took = time.monotonic() - t0
            assert status == 200 and b'"ok"' in body
            assert took < 2.0, took
        status, _ = get(info, "/frame.jpg", timeout=5)
        assert status == 200
        counters = json.loads(get(info, "/stats.json")[1])["server"]["counters"]
        assert counters["unauthenticatedEvicted"] > 1_000, counters
    finally:
        for s in idle:
            s.close()
        stop(server)


def test_invalid_utf8_in_a_websocket_message_closes_with_1007():
    server, info = start_server("--demo-source", "--demo-size", "64x48", "--demo-fps", "5")
    try:
        s = socket.create_connection(("127.0.0.1", info["port"]), timeout=5)
        s.sendall((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{info['port']}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                   f"Authorization: Bearer {info['token']}\r\n\r\n").encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf += s.recv(4096)
        assert buf.startswith(b"HTTP/1.1 101"), buf[:80]
        payload = b'{"type":"key","key":"\xff\xfe"}'
        mask = b"\x01\x02\x03\x04"
        s.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
        frames = buf.split(b"\r\n\r\n", 1)[1]
        deadline = time.time() + 5
        code = None
        while time.time() < deadline and code is None:
            while len(frames) >= 2:
                op, n = frames[0] & 0x0F, frames[1] & 0x7F
                head = 2 + (2 if n == 126 else 8 if n == 127 else 0)
                if n == 126: n = int.from_bytes(frames[2:4], "big")
                if len(frames) < head + n: break
                body, frames = frames[head:head + n], frames[head + n:]
                if op == 8:
                    code = int.from_bytes(body[:2], "big")
                    break
            if code is None:
                chunk = s.recv(4096)
                if not chunk: break
                frames += chunk
        assert code == 1007, code
        s.close()
    finally:
        stop(server)


def test_the_ssh_line_names_the_bound_address():
    server, info = start_server("--demo-source", "--demo-size", "64x48", "--bind", "127.0.0.2")
    try:
        assert f"-L {info['port']}:127.0.0.2:{info['port']}" in info["ssh"], info["ssh"]
    finally:
        stop(server)
