"""The explorer in a real terminal (tmux), driven with keys as a person would."""
import json, os, re, signal, subprocess, time
import pytest
from conftest import TANGLE, ROOT
from tmux import Tmux
import ansi_image

ENV = {"TERM": "xterm-256color", "XDG_CONFIG_HOME": "/nonexistent"}

@pytest.fixture
def explorer(request, tmp_path):
    sessions = []
    def start(args="demo:lesmis --graphics blocks", width=120, height=40):
        log = str(tmp_path / f"frames-{len(sessions)}.log")
        t = Tmux(f"{TANGLE} {args}", width=width, height=height, env=dict(ENV, TANGLE_FRAME_LOG=log))
        t.frame_log = log
        sessions.append(t)
        t.wait_for("Layout")
        return t
    yield start
    for t in sessions:
        t.close()

def frames(t):
    # Picture lines only (the log also lists text-only writes and the terminal's answers).
    return sum(" render " in l for l in open(t.frame_log).read().splitlines()) if os.path.exists(t.frame_log) else 0

def wait_frames(t, n, timeout=20):
    """Waits until the explorer's frame log holds at least n pictures."""
    deadline = time.time() + timeout
    while frames(t) < n:
        assert time.time() < deadline, f"fewer than {n} frames drawn"
        time.sleep(0.05)

def settled(t, timeout=20):
    """The screen once three captures in a row (0.2 s apart) are the same."""
    deadline = time.time() + timeout
    last, same = None, 0
    while True:
        s = t.screen()
        same = same + 1 if s == last else 0
        if same >= 2:
            return s
        assert time.time() < deadline, "the screen never held still"
        last = s
        time.sleep(0.2)

def wait_until(predicate, timeout=20, what="condition"):
    deadline = time.time() + timeout
    while not predicate():
        assert time.time() < deadline, f"{what} never held"
        time.sleep(0.1)

def panel_value(screen, name, section=None):
    """The value of a side-panel row, optionally within a titled section."""
    inside = section is None
    for line in screen.splitlines():
        if "│" in line:
            right = line.split("│", 1)[1]
            if section is not None and right.startswith(section):
                inside = True
                continue
            if inside and right.strip().startswith(name):
                return right.strip()[len(name):].strip()
    return None

def test_statistics_of_the_demo_are_on_screen(explorer):
    t = explorer("demo:karate --graphics blocks")
    wait_until(lambda: re.match(r"0\.\d+", panel_value(t.screen(), "clustering") or ""), what="the clustering coefficient")
    s = t.screen()
    assert panel_value(s, "nodes") == "34"
    assert panel_value(s, "edges") == "78"
    assert panel_value(s, "clustering") == "0.5706"
    assert panel_value(s, "transitivity") == "0.2557"

def test_space_toggles_paused_and_running(explorer):
    t = explorer()
    t.keys("Space")
    s = t.wait_for("paused")
    assert panel_value(s, "state") == "paused"
    t.keys("Space")
    s = t.wait_for("paused", absent=True)
    assert panel_value(s, "state") in ("running", "converged")

def test_search_selects_a_node_and_shows_its_degree(explorer):
    t = explorer()
    t.keys("/"); t.keys("Valj", literal=True)
    t.wait_for("1/1: Valjean")
    t.keys("Enter")
    s = t.wait_for("Selection")
    assert panel_value(s, "label", "Selection") == "Valjean"
    assert panel_value(s, "degree", "Selection") == "36"

def test_theme_key_changes_the_theme_name(explorer):
    t = explorer()
    s = t.wait_for("theme t")
    before = panel_value(s, "theme t")
    t.keys("t")
    deadline = time.time() + 10
    while time.time() < deadline and panel_value(t.screen(), "theme t") == before:
        time.sleep(0.1)
    assert panel_value(t.screen(), "theme t") not in (None, before)

def test_help_overlay_lists_keys(explorer):
    t = explorer()
    t.keys("?")
    t.wait_for("Tangle keys")
    s = t.wait_for("pause / resume the layout")
    # However many pictures land after the box opened (the layout may still be
    # running under it), it stays whole: wait until the screen holds still.
    s = settled(t)
    assert "Tangle keys" in s and "pause / resume the layout" in s and "search by label" in s
    t.keys("Escape")
    t.wait_for("Tangle keys", absent=True)

def test_resize_keeps_panels_intact(explorer):
    t = explorer()
    t.resize(90, 30)
    wait_until(lambda: all(len(l) <= 90 for l in t.screen().splitlines()) and "? help" in t.screen()
               and "nodes" in t.screen(), what="90x30 screen")
    s = t.screen()
    lines = s.splitlines()
    assert len(lines) >= 29
    assert "nodes" in s and "? help" in s
    assert all(len(l) <= 90 for l in lines)
    t.resize(70, 20)
    wait_until(lambda: "? help" in t.screen() and all(len(l) <= 70 for l in t.screen().splitlines()), what="70x20 screen")

def test_small_80x24_collapses_sensibly(explorer):
    t = explorer(width=80, height=24)
    s = t.screen()
    assert "nodes" in s and "q quit" in s

def test_q_returns_to_a_clean_shell(explorer):
    t = explorer()
    t.keys("q")
    s = t.wait_for("TANGLE-EXIT=0")
    assert "Layout" not in s  # the alternate screen is gone

@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGSEGV])
def test_signals_restore_the_terminal(sig):
    t = Tmux(f"{TANGLE} demo:lesmis --graphics blocks; st=$?; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; (exit $st)", env=ENV)
    try:
        t.wait_for("Layout")
        pid = int(subprocess.run(["pgrep", "-P", str(t.pane_pid()), "-f", "tangle"], capture_output=True, text=True).stdout.split()[0])
        os.kill(pid, sig)
        s = t.wait_for("TANGLE-EXIT=")
        assert "Layout" not in s  # the alternate screen is gone
        # Canonical mode and echo are back on.
        assert "icanon echo" in s and "-icanon" not in s and "-echo " not in s
        assert f"TANGLE-EXIT={128 + sig}" in s  # a crash (SIGSEGV) still dies by its signal, after restoring
    finally:
        t.close()

def test_picture_pane_shows_the_graph_in_colour(explorer):
    t = explorer("demo:lesmis --graphics blocks")
    wait_frames(t, 1)
    def picture_colours():
        r = subprocess.run(["tmux", "-L", t.socket, "capture-pane", "-e", "-p", "-t", t.name], capture_output=True, text=True)
        rows = ansi_image.parse(r.stdout)
        colours = set()
        for cells in rows[:38]:
            for ch, fg, bg in cells[:75]:
                if ch == "▀":
                    colours.add(fg); colours.add(bg)
        return rows, colours
    wait_until(lambda: len(picture_colours()[1]) >= 6, what="a picture in several colours")
    rows, colours = picture_colours()
    # Background plus several community colours and edge tints.
    assert len(colours) >= 6, colours
    os.makedirs(os.path.join(ROOT, "bench", "out"), exist_ok=True)
    ansi_image.write_png(os.path.join(ROOT, "bench", "out", "e2e-blocks.png"), ansi_image.pixels(rows, 120))

def test_no_terminal_gives_a_clear_message():
    r = subprocess.run([TANGLE, "demo:karate"], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=30)
    assert r.returncode == 2
    assert "needs a terminal" in r.stderr

def test_bad_file_gives_message_before_the_screen(tmp_path, explorer):
    bad = tmp_path / "bad.graphml"; bad.write_text("<graphml><graph><node id='a'/>")
    t = Tmux(f"{TANGLE} {bad}", env=ENV)
    try:
        s = t.wait_for("TANGLE-EXIT=2")
        assert "tangle: " in s and "bad.graphml" in s
    finally:
        t.close()

def test_ctrl_z_and_fg_bring_the_explorer_back():
    t = Tmux("bash --norc --noprofile -i", env=ENV)
    try:
        t.keys(f"TERM=xterm-256color {TANGLE} demo:karate --graphics blocks", "Enter")
        t.wait_for("Layout")
        # Stopped right after a key that makes the explorer write (and ask the
        # terminal for its flow-control answer): the answer must not reach the
        # shell as typed text (`1;2c` before `fg`).
        for round_ in range(4):
            t.keys("l" if round_ % 2 else "+")
            t.keys("C-z")
            s = t.wait_for("Stopped")
            assert "Layout" not in s            # the shell has the screen back
            t.keys("fg", "Enter")
            s = t.wait_for("Layout")
            assert panel_value(s, "nodes") == "34"
        t.keys("q")
        s = t.wait_for("Layout", absent=True)
        assert "command not found" not in s, s
        assert ";2c" not in s and "[?" not in s, s
    finally:
        t.close()

def test_share_starts_the_side_server_and_the_browser_endpoints_answer():
    import json, re, urllib.request, urllib.error
    t = Tmux(f"{TANGLE} demo:karate --graphics blocks --serve --port 0", width=160, height=40, env=ENV)
    try:
        s = t.wait_for("share http://127.0.0.1:", timeout=30)
        m = re.search(r"share (http://127\.0\.0\.1:\d+/\?token=[0-9A-Za-z_-]+)", s)
        assert m, s
        url = m.group(1)
        base, token = url.split("/?token=")
        # Without the token: refused, nothing leaks.
        try:
            urllib.request.urlopen(base + "/stats.json", timeout=5)
            assert False, "stats.json answered without the token"
        except urllib.error.HTTPError as e:
            assert e.code == 401
        deadline = time.time() + 15
        while True:
            stats = json.loads(urllib.request.urlopen(f"{base}/stats.json?token={token}", timeout=5).read())
            if stats.get("explorer") or time.time() > deadline: break
            time.sleep(0.3)
        assert stats["explorer"]["graph"]["name"] == "demo:karate"
        assert stats["explorer"]["graph"]["nodes"] == 34
        jpeg = urllib.request.urlopen(f"{base}/frame.jpg?token={token}", timeout=5).read()
        assert jpeg[:2] == b"\xff\xd8" and len(jpeg) > 1000
        # The tunnel line to copy is on screen.
        assert "ssh -L" in t.screen()
        t.keys("q")
        t.wait_for("TANGLE-EXIT=0")
    finally:
        t.close()

def test_w_never_writes_through_planted_links(tmp_path):
    """`w` creates new files only: planted symlinks for the names it would
    use (this second and the next few) are stepped around, their targets untouched."""
    snap = tmp_path / "snaps"; snap.mkdir()
    victim = tmp_path / "victim.txt"; victim.write_text("precious\n")
    now = int(time.time())
    for stamp in range(now, now + 40):
        for ext in ("csv", "png"):
            os.symlink(victim, snap / f"tangle-{stamp}.{ext}")
    log = str(tmp_path / "frames.log")
    t = Tmux(f"{TANGLE} demo:karate --graphics blocks --paused --snapshot-dir {snap}", env=dict(ENV, TANGLE_FRAME_LOG=log))
    try:
        t.wait_for("Layout")
        t.keys("w")
        s = t.wait_for("wrote", timeout=20)
        wait_until(lambda: any(p.suffix == ".png" and not p.is_symlink() and p.stat().st_size > 1000 for p in snap.iterdir()),
                   what="the snapshot PNG")
        assert victim.read_text() == "precious\n"
        made = [p for p in snap.iterdir() if not p.is_symlink()]
        assert sorted(p.suffix for p in made) == [".csv", ".png"], made
        csv = next(p for p in made if p.suffix == ".csv").read_text().splitlines()
        assert csv[0].startswith("id,x,y") and len(csv) == 35
        for p in made:
            assert oct(p.stat().st_mode & 0o777) == "0o600"
        t.keys("q")
        t.wait_for("TANGLE-EXIT=0")
    finally:
        t.close()

def test_command_line_filter_grow_undo_and_path(explorer):
    """`:filter kcore >= 3`, `x`, `u` and `:path` on demo:lesmis, read from the panel."""
    t = explorer("demo:lesmis --graphics blocks --paused", width=160, height=45)
    t.keys(":"); t.keys("filter kcore >= 3", literal=True); t.keys("Enter")
    s = t.wait_for("kcore >= 3", timeout=20)
    wait_until(lambda: re.search(r"shown\s+\d+ of 77 nodes", t.screen()), what="the shown count")
    shown = int(re.search(r"shown\s+(\d+) of 77", t.screen()).group(1))
    assert 0 < shown < 77
    t.keys("/"); t.keys("Valjean", literal=True); t.keys("Enter")
    t.wait_for("Selection")
    t.keys("x")
    s = t.wait_for("ego(Valjean, 1)", timeout=20)
    wait_until(lambda: panel_value(t.screen(), "nodes") == "37", what="Valjean and his 36 neighbours")
    t.keys("u")
    wait_until(lambda: re.search(r"filter\s+kcore >= 3", t.screen()), what="undo back to the k-core")
    t.keys(":"); t.keys("path Napoleon Javert", literal=True); t.keys("Enter")
    s = t.wait_for("hops", timeout=10)
    assert "Napoleon" in s and "Javert" in s and "Path" in s
    assert "\ufffd" not in s
    t.keys("q")
    t.wait_for("TANGLE-EXIT=0")


def still(t, timeout=40):
    """The screen once the last picture drawn is a full-detail (still) one
    and three captures agree: a moving frame may hold for a while before
    its still picture replaces it."""
    def last_full():
        lines = [l for l in open(t.frame_log).read().splitlines() if " render " in l] if os.path.exists(t.frame_log) else []
        return bool(lines) and " full " in lines[-1] and " partial " not in lines[-1]
    wait_until(last_full, timeout=timeout, what="a still picture")
    return settled(t, timeout=timeout)


def stable_screen(screen):
    """The screen without what moves by itself: the status line and the frame's render times."""
    lines = screen.rstrip("\n").splitlines()[:-1]
    return "\n".join(l for l in lines if "ms render" not in l)


def test_a_session_saved_and_reopened_shows_the_same_screen(explorer, tmp_path):
    """`:filter kcore >= 3`, `x`, `u` and `:path` on demo:lesmis; `:save`, quit, reopen
    with --session: the same panel (and picture) on the whole screen."""
    session = tmp_path / "lesmis-session.json"
    t = explorer(f"demo:lesmis --graphics blocks --paused --session {session}", width=160, height=45)
    t.keys(":"); t.keys("filter kcore >= 3", literal=True); t.keys("Enter")
    wait_until(lambda: re.search(r"shown\s+\d+ of 77 nodes", t.screen()), what="the shown count", timeout=40)
    t.keys("/"); t.keys("Valjean", literal=True); t.keys("Enter")
    t.wait_for("Selection")
    t.keys("x")
    wait_until(lambda: panel_value(t.screen(), "nodes") == "37", what="Valjean and his 36 neighbours", timeout=40)
    t.keys("u")
    wait_until(lambda: re.search(r"filter\s+kcore >= 3", t.screen()), what="undo back to the k-core", timeout=40)
    t.keys(":"); t.keys("path Napoleon Javert", literal=True); t.keys("Enter")
    t.wait_for("hops", timeout=10)
    t.keys(":"); t.keys("color pagerank", literal=True); t.keys("Enter")
    t.wait_for("colour pagerank")
    wait_until(lambda: "computing" not in t.screen(), what="the statistics", timeout=40)
    t.keys(":"); t.keys("save", literal=True); t.keys("Enter")
    t.wait_for("saved the session to")
    before = still(t)
    t.keys("q")
    t.wait_for("TANGLE-EXIT=0")
    saved = json.loads(session.read_text())
    assert saved["filter"] == "kcore >= 3" and saved["color"] == "mapped:pagerank"
    assert saved["selected"] == "Valjean" and saved["path"][0] == "Napoleon" and saved["path"][-1] == "Javert"
    assert saved["graph"]["nodes"] == 77 and saved["graph"]["edges"] == 254

    again = explorer(f"demo:lesmis --graphics blocks --session {session}", width=160, height=45)
    wait_until(lambda: "computing" not in again.screen() and "Path" in again.screen(), what="the restored view", timeout=40)
    after = still(again)
    assert re.search(r"filter\s+kcore >= 3", after) and re.search(r"label\s+Valjean", after)
    # The same panel (the test); the picture is there and shows the path's labels.
    panel = lambda screen: [l.split("│", 1)[1] for l in stable_screen(screen).splitlines() if "│" in l]
    assert panel(after) == panel(before), f"before:\n{before}\nafter:\n{after}"
    assert "Napoleon" in after and "Javert" in after and sum(l.count("▀") for l in after.splitlines()) > 500
    # :open brings a session back over whatever is shown now.
    again.keys(":"); again.keys("filter degree >= 10", literal=True); again.keys("Enter")
    wait_until(lambda: re.search(r"filter\s+degree >= 10", again.screen()), what="another filter", timeout=40)
    again.keys(":"); again.keys(f"open {session}", literal=True); again.keys("Enter")
    wait_until(lambda: re.search(r"filter\s+kcore >= 3", again.screen()) and "opened the session" in again.screen(),
               what=":open of the saved session", timeout=40)
    # ...and refuses one of another graph, changing nothing.
    other = tmp_path / "karate.json"
    k = explorer(f"demo:karate --graphics blocks --paused --session {other}", width=120, height=40)
    k.keys("q"); k.wait_for("TANGLE-EXIT=0")
    settled(again, timeout=40)
    again.keys(":"); again.keys(f"open {other}", literal=True); again.keys("Enter")
    s = again.wait_for("session of another graph")
    assert re.search(r"filter\s+kcore >= 3", s)
    again.keys("q")
    again.wait_for("TANGLE-EXIT=0")


def test_a_session_of_another_graph_is_refused_and_left_alone(tmp_path):
    session = tmp_path / "s.json"
    t = Tmux(f"{TANGLE} demo:lesmis --graphics blocks --paused --session {session}", width=120, height=40, env=ENV)
    try:
        t.wait_for("Layout")
        t.keys("q")
        t.wait_for("TANGLE-EXIT=0")
    finally:
        t.close()
    before = session.read_bytes()
    r = subprocess.run([TANGLE, "demo:karate", "--session", str(session)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2, r
    assert "session of another graph" in r.stderr and "77 nodes" in r.stderr and "34 nodes" in r.stderr, r.stderr
    assert "Nothing was loaded or overwritten" in r.stderr
    assert session.read_bytes() == before

def test_posix_locale_writes_utf8_never_latin1(tmp_path):
    """With LANG=C (ssh did not forward the locale), the explorer switches
    LC_CTYPE to C.UTF-8 and says so; the screen has its separators and half
    blocks and not one replacement character."""
    t = Tmux(f"{TANGLE} demo:lesmis --graphics blocks --paused", width=120, height=40,
             env=dict(ENV, LANG="C", LC_ALL="C", LC_CTYPE="C"))
    try:
        s = t.wait_for("LC_CTYPE=C.UTF-8")
        assert "locale C is not UTF-8" in s.splitlines()[-1]
        s = t.wait_for("▀")
        assert "\ufffd" not in s and "·" in s and "│" in s
        # Nothing but what the explorer drew: every line of the panel is whole.
        assert "nodes" in s and "Layout" in s
        t.keys("q")
        t.wait_for("TANGLE-EXIT=0")
    finally:
        t.close()

def test_quitting_leaves_no_terminal_answers_for_the_shell(explorer):
    """Every write ends with a DA1 probe; the answers to the last ones are
    read before the terminal goes back to the shell, not echoed as '^[[?…c'."""
    t = explorer("demo:lesmis --graphics blocks")   # the layout runs: writes keep coming
    wait_frames(t, 2)
    t.keys("q")
    s = t.wait_for("TANGLE-EXIT=0")
    assert "[?" not in s and "^[" not in s, s
