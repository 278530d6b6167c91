"""Issue 14 as a user meets it: GEXF statistics against NetworkX (live),
positions a file carries written back unchanged, a node table coloring a
picture, GEXF out for Gephi, and `make install` into a temporary prefix."""
import json, os, shutil, struct, subprocess, sys, zlib
import pytest
from conftest import run, ROOT, FIXTURES

try:
    import networkx as nx
except ImportError:
    nx = None

needs_nx = pytest.mark.skipif(nx is None, reason="networkx is not installed")


def close(a, b):
    if a is None or b is None or isinstance(a, (bool, str, list)):
        return a == b
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) or abs(a - b) < 1e-15


@needs_nx
@pytest.mark.parametrize("name", ["karate_networkx.gexf", "mixed_networkx.gexf", "multi_networkx.gexf"])
def test_gexf_stats_equal_live_networkx(name):
    path = os.path.join(FIXTURES, name)
    ours = json.loads(run("stats", path, "--json", check=True).stdout)
    peer = json.loads(subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "nx_gexf_stats.py"), path],
                                     check=True, capture_output=True, text=True).stdout)
    compared = 0
    for key, want in peer["stats"].items():
        if isinstance(want, dict):
            for sub, w in want.items():
                assert close(ours[key][sub], w), f"{name}: {key}.{sub} ours {ours[key][sub]} NetworkX {w}"
                compared += 1
        else:
            assert close(ours[key], want), f"{name}: {key} ours {ours[key]} NetworkX {want}"
            compared += 1
    for key in ["top_degree", "top_pagerank", "degree_histogram", "diameter"]:
        assert ours[key] == peer["extra"][key], f"{name}: {key}"
    assert compared >= 13


def read_csv_positions(path):
    lines = open(path).read().splitlines()
    assert lines[0] == "id,x,y"
    return {row.split(",")[0]: tuple(float(v) for v in row.split(",")[1:]) for row in lines[1:]}


@needs_nx
@pytest.mark.parametrize("name", ["karate_networkx.gexf", "positions_networkx.graphml"])
def test_positions_a_file_carries_come_back_unchanged(name, tmp_path):
    path = os.path.join(FIXTURES, name)
    out = tmp_path / "pos.csv"
    r = run("layout", path, "--iterations", "0", "-o", str(out), check=True)
    assert "0 iterations" in r.stderr
    ours = read_csv_positions(out)
    if name.endswith(".gexf"):
        g = nx.read_gexf(path)
        want = {v: (d["viz"]["position"]["x"], d["viz"]["position"]["y"]) for v, d in g.nodes(data=True)}
    else:
        g = nx.read_graphml(path)
        want = {v: (d["x"], d["y"]) for v, d in g.nodes(data=True)}
    assert set(ours) == set(want) and len(ours) == 34
    for v, (x, y) in want.items():
        # Float precision: within an ulp of a 32-bit float.
        assert abs(ours[v][0] - x) <= 1.2e-7 * abs(x) and abs(ours[v][1] - y) <= 1.2e-7 * abs(y), (v, ours[v], (x, y))


def png_pixels(path):
    """(width, height, rows of (r, g, b)) of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and ctype in (2, 6)
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return w, h, rows


def colour_counts(path, colours):
    _, _, rows = png_pixels(path)
    counts = {c: 0 for c in colours}
    for row in rows:
        for p in row:
            if p in counts:
                counts[p] += 1
    return counts


def hexrgb(h):
    return tuple(int(h[i:i + 2], 16) for i in (1, 3, 5))


def test_node_table_colours_the_picture(tmp_path):
    edges = tmp_path / "edges.csv"
    edges.write_text("source,target\na,b\nb,c\nc,a\nc,d\nd,e\ne,f\nf,d\n")
    nodes = tmp_path / "nodes.csv"
    nodes.write_text('id,label,group,score\na,Alice,red,1\nb,Bob,red,2\nc,"Carol, C.",blue,3\n'
                     'd,Dan,blue,\ne,Eve,green,7\nf,Fay,green,1\nzz,Ghost,green,0\n')
    png = tmp_path / "x.png"
    r = run("render", str(edges), "--nodes", str(nodes), "--color-by", "group", "-o", str(png), check=True)
    assert "1 node id not in the graph" in r.stderr
    palette = [hexrgb(c) for c in json.load(open(os.path.join(ROOT, "themes", "dark.json")))["nodes"]["palette"]]
    counts = colour_counts(png, palette[:4])
    assert all(counts[c] >= 20 for c in palette[:3]), counts  # three groups, three colours
    assert counts[palette[3]] < 5, counts                        # and no fourth
    # The table's columns are node attributes everywhere: a typed column in GraphML.
    out = tmp_path / "joined.graphml"
    run("convert", str(edges), "--nodes", str(nodes), "--add-missing", "-o", str(out), check=True)
    text = out.read_text()
    assert 'attr.name="score" attr.type="long"' in text and '<node id="zz">' in text
    bad = tmp_path / "dup.csv"
    bad.write_text("id,group\na,x\na,y\n")
    r = run("stats", str(edges), "--nodes", str(bad))
    assert r.returncode == 2 and f"{bad}:3:1: node id \"a\" appears twice in the table" in r.stderr


def test_render_uses_viz_colours_and_convert_writes_gexf_for_gephi(tmp_path):
    png = tmp_path / "k.png"
    run("render", os.path.join(FIXTURES, "karate_networkx.gexf"), "-o", str(png), check=True)
    counts = colour_counts(png, [(230, 97, 1), (94, 60, 153)])
    assert all(n >= 20 for n in counts.values()), counts
    # Positions from a CSV end up as viz:position, and read back as the start.
    gexf = tmp_path / "k.gexf"
    pos = tmp_path / "pos.csv"
    run("layout", "demo:karate", "--iterations", "50", "-o", str(pos), check=True)
    run("convert", "demo:karate", "--positions", str(pos), "-o", str(gexf), check=True)
    text = gexf.read_text()
    assert text.count("<viz:position") == 34 and text.count("<viz:color") == 34 and text.count("<viz:size") == 34
    back = tmp_path / "back.csv"
    run("layout", str(gexf), "--iterations", "0", "-o", str(back), check=True)
    a, b = read_csv_positions(pos), read_csv_positions(back)
    assert a.keys() == b.keys()
    assert all(abs(a[v][i] - b[v][i]) <= 1e-6 * max(1.0, abs(a[v][i])) for v in a for i in (0, 1))


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_install_and_uninstall(tmp_path):
    """Installs the build under test (CONFIG=debug spares a release build)."""
    prefix = tmp_path / "t"
    config = "release" if os.path.abspath(os.environ.get("TANGLE_BIN", "")).endswith("/release/tangle") else "debug"
    r = subprocess.run(["make", "-s", "install", f"PREFIX={prefix}", f"CONFIG={config}"], cwd=ROOT,
                       capture_output=True, text=True, timeout=3600)
    assert r.returncode == 0, r.stderr
    tangle = prefix / "bin" / "tangle"
    v = subprocess.run([str(tangle), "--version"], capture_output=True, text=True, check=True).stdout.strip()
    head = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert v.startswith("0.") and "commit" in v and head and head in v, v
    assert os.access(prefix / "bin" / "tangle-serve", os.X_OK)
    man = (prefix / "share" / "man" / "man1" / "tangle.1").read_text()
    assert man.startswith(".TH TANGLE 1") and "\\-\\-nodes" in man and ".SS convert" in man
    assert "_tangle()" in (prefix / "share" / "bash-completion" / "completions" / "tangle").read_text() or \
        "complete -F" in (prefix / "share" / "bash-completion" / "completions" / "tangle").read_text()
    assert "#compdef tangle" in (prefix / "share" / "zsh" / "site-functions" / "_tangle").read_text()
    assert "complete -c 'tangle'" in (prefix / "share" / "fish" / "vendor_completions.d" / "tangle.fish").read_text()
    assert (prefix / "share" / "tangle" / "themes" / "dark.json").exists()
    # The installed tangle finds themes installed beside it.
    light = prefix / "share" / "tangle" / "themes" / "mine.json"
    light.write_text('{"format": 1, "name": "mine", "base": "light"}')
    r = subprocess.run([str(tangle), "render", "demo:karate", "--theme", "mine", "-o", str(tmp_path / "m.png")],
                       capture_output=True, text=True, env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "none")})
    assert r.returncode == 0 and "no theme named" not in r.stderr, r.stderr
    light.unlink()
    r = subprocess.run(["make", "-s", "uninstall", f"PREFIX={prefix}"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    left = [os.path.join(d, f) for d, _, fs in os.walk(prefix) for f in fs]
    assert left == [], left
