"""The cell-mode screen inside tmux is never garbled: after `?`, after `/Val`,
after a resize and back, on demo:lesmis and on a 50k-node graph. Reads the
whole screen (with colours) and checks every line, not one word on it."""
import os, re, subprocess, time
import pytest
from conftest import TANGLE, ROOT, run
from tmux import Tmux
import ansi_image

ENV = {"TERM": "xterm-256color", "XDG_CONFIG_HOME": "/nonexistent"}
PICTURE_GLYPHS = set("▀▄█") | {chr(c) for c in range(0x2801, 0x2900)}


def colour_screen(t):
    r = subprocess.run(["tmux", "-L", t.socket, "capture-pane", "-e", "-p", "-t", t.name], capture_output=True, text=True)
    return r.stdout


def separator_column(plain):
    """The panel separator's column: the column holding │ on (almost) every row."""
    lines = plain.splitlines()
    counts = {}
    for line in lines[:-1]:
        for i, ch in enumerate(line):
            if ch == "│":
                counts[i] = counts.get(i, 0) + 1
    col, n = max(counts.items(), key=lambda kv: kv[1])
    return col, n


def check_screen(t, rows, columns, help_open=False):
    """No U+FFFD; the separator on every row above the status line; no
    picture cell right of it; panel rows are 'name value' text; inside the
    help box only text. Returns the plain screen."""
    plain = t.screen()
    assert "\ufffd" not in plain, plain
    lines = plain.splitlines()
    assert len(lines) >= rows - 1, plain
    sep, n = separator_column(plain)
    panel_rows = rows - 1
    assert n >= panel_rows - 2, f"separator on {n} of {panel_rows} rows:\n{plain}"
    cells = ansi_image.parse(colour_screen(t))
    for y, line in enumerate(lines[:panel_rows]):
        assert len(line) <= columns, f"row {y} is {len(line)} columns"
        right = line[sep + 1:] if len(line) > sep else ""
        assert not (set(right) & PICTURE_GLYPHS), f"picture glyph right of the separator on row {y}: {line!r}"
        if y < len(cells):
            for x, (ch, fg, bg) in enumerate(cells[y][sep + 1:columns], start=sep + 1):
                assert ch not in PICTURE_GLYPHS, (y, x, ch)
    # Panel lines: a section title at the left edge, or " name   value".
    for y, line in enumerate(lines[:panel_rows]):
        right = line[sep + 1:].rstrip()
        if not right:
            continue
        assert re.match(r"^(\S.*|\s\S.*)$", right), f"panel row {y} garbled: {right!r}"
    if help_open:
        top = next(i for i, l in enumerate(lines) if "Tangle keys" in l)
        left = lines[top].index("╭")
        right = lines[top].index("╮")
        y = top + 1
        while y < len(lines) and lines[y][left:left + 1] == "│" and "╰" not in lines[y]:
            inside = lines[y][left + 1:right]
            assert not (set(inside) & PICTURE_GLYPHS), f"picture inside the help box on row {y}: {inside!r}"
            assert lines[y][right:right + 1] == "│", f"help box border broken on row {y}: {lines[y]!r}"
            y += 1
        assert y - top >= 10, "help box too short"
    return plain


def wait_frames(log, count, timeout=60):
    """Waits until the frame log has `count` lines; returns them."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(log):
            lines = [l for l in open(log).read().splitlines() if " render " in l]
            if len(lines) >= count:
                return lines
        time.sleep(0.05)
    raise AssertionError(f"fewer than {count} frames in {timeout}s")


def wait_settled(t, predicate, timeout=20):
    """Waits until predicate(screen) holds on two captures in a row (no frame in between changed it)."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        s = t.screen()
        if predicate(s) and s == last:
            return s
        last = s if predicate(s) else None
        time.sleep(0.15)
    raise AssertionError("screen never settled:\n" + t.screen())


@pytest.fixture(scope="module")
def ba50k(tmp_path_factory):
    path = tmp_path_factory.mktemp("g") / "ba50k.edges"
    r = run("gen", "ba", "--nodes", "50000", "--m", "2", "-o", str(path))
    assert r.returncode == 0, r.stderr
    return str(path)


@pytest.mark.parametrize("graph", ["demo:lesmis", "ba50k"])
def test_cell_screen_is_never_garbled(graph, ba50k, tmp_path):
    source = ba50k if graph == "ba50k" else graph
    log = str(tmp_path / "frames.log")
    env = dict(ENV, TANGLE_FRAME_LOG=log)
    t = Tmux(f"{TANGLE} {source} --graphics blocks", width=160, height=45, env=env)
    try:
        t.wait_for("Layout", timeout=60)
        wait_frames(log, 2)
        check_screen(t, 45, 160)
        # Help over a live picture.
        t.keys("?")
        wait_settled(t, lambda s: "Tangle keys" in s and "this help" in s)
        n = sum(" render " in l for l in open(log).read().splitlines())
        wait_frames(log, n + 1, timeout=20) if graph == "ba50k" else None  # the picture goes on under the box
        check_screen(t, 45, 160, help_open=True)
        t.keys("Escape")
        t.wait_for("Tangle keys", absent=True)
        # Search.
        t.keys("/")
        t.keys("Val" if graph == "demo:lesmis" else "12", literal=True)
        s = wait_settled(t, lambda s: re.search(r"^/(Val|12)▏", s.splitlines()[-1] if s.splitlines() else "") is not None)
        check_screen(t, 45, 160)
        t.keys("Enter")
        s = t.wait_for("Selection")
        check_screen(t, 45, 160)
        # Resize and back: nothing of the old screen stays.
        t.resize(100, 30)
        wait_settled(t, lambda s: len(s.splitlines()) <= 30 and "Selection" in s)
        check_screen(t, 30, 100)
        t.resize(160, 45)
        wait_settled(t, lambda s: "Selection" in s and len(s.splitlines()[0]) > 100)
        check_screen(t, 45, 160)
        t.keys("q")
        t.wait_for("TANGLE-EXIT=0")
    finally:
        t.close()


def test_labels_of_top_degree_nodes_are_text_on_the_picture(tmp_path):
    log = str(tmp_path / "frames.log")
    t = Tmux(f"{TANGLE} demo:lesmis --graphics blocks --paused", width=160, height=45, env=dict(ENV, TANGLE_FRAME_LOG=log))
    try:
        t.wait_for("Layout")
        wait_frames(log, 1)
        s = wait_settled(t, lambda s: "Valjean" in s)
        sep, _ = separator_column(s)
        picture = "\n".join(line[:sep] for line in s.splitlines()[:-1])
        # The five highest-degree characters of Les Misérables.
        for name in ["Valjean", "Gavroche", "Marius", "Javert", "Thenardier"]:
            assert name in picture, f"{name} not written on the picture:\n{picture}"
        assert "community" in picture or "degree" in picture  # the legend's title
    finally:
        t.close()
