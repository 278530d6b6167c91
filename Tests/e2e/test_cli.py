"""The command line as a user meets it: help, demos, bad input, stdin and gzip."""
import gzip, os, subprocess
from conftest import run

def test_help_lists_every_subcommand():
    r = run("--help", check=True)
    for word in ["stats", "demo", "gen"]:
        assert word in r.stdout
    r = run("help", "stats", check=True)
    assert "--json" in r.stdout and "FILE" in r.stdout

def test_demo_lists_bundled_graphs():
    r = run("demo", check=True)
    assert "demo:karate" in r.stdout and "demo:lesmis" in r.stdout

def test_missing_file_is_exit_2_with_message(tmp_path):
    r = run("stats", str(tmp_path / "nope.edges"))
    assert r.returncode == 2
    assert r.stderr.startswith("tangle: ") and "nope.edges" in r.stderr and "No such file" in r.stderr

def test_malformed_file_names_line_and_column(tmp_path):
    p = tmp_path / "bad.edges"
    p.write_text("a b 1\nc d 2\ne f heavy\n")
    r = run("stats", str(p))
    assert r.returncode == 2
    assert f"tangle: {p}:3:5: expected a number for the edge weight, found 'heavy'" in r.stderr
    assert r.stdout == ""  # no partial graph shown as if whole

def test_empty_and_binary_files(tmp_path):
    e = tmp_path / "empty.csv"; e.write_text("")
    r = run("stats", str(e)); assert r.returncode == 2 and "empty" in r.stderr
    b = tmp_path / "garbage.edges"; b.write_bytes(bytes(range(256)) * 4)
    r = run("stats", str(b)); assert r.returncode == 2 and "binary" in r.stderr

def test_unknown_format(tmp_path):
    p = tmp_path / "graph.xyz"; p.write_text("::: ;;; :::\n")
    r = run("stats", str(p), "--format", "nonsense")
    assert r.returncode != 0 and "nonsense" in r.stderr

def test_stdin_and_gzip_read_the_same_graph(tmp_path):
    text = "a b\nb c\nc a\nc d\n"
    r1 = run("stats", "-", "--json", input=text, check=True)
    gz = tmp_path / "t.edges.gz"; gz.write_bytes(gzip.compress(text.encode()))
    r2 = run("stats", str(gz), "--json", check=True)
    assert r1.stdout == r2.stdout and '"nodes": 4' in r1.stdout.replace(" ", " ")

def test_outputs_are_written_in_place_not_renamed_over(tmp_path):
    # A symlink named with -o stays a symlink and its target gets the data
    # (an atomic rename would replace the link; as root it once replaced /dev/null).
    target = tmp_path / "real.csv"; target.write_text("old")
    link = tmp_path / "link.csv"; link.symlink_to(target)
    for args in (["layout", "demo:karate", "-o", str(link)], ["gen", "grid", "--rows", "2", "--cols", "2", "-o", str(link)]):
        run(*args, check=True)
        assert link.is_symlink() and target.read_text() != "old"
        target.write_text("old")

def test_stats_timing_names_each_part_within_the_whole():
    # stats_bench.py compares the parts with NetworKit, igraph and NetworkX.
    r = run("stats", "demo:lesmis", "--timing", "--threads", "1", check=True)
    times = {}
    for line in r.stderr.splitlines():
        f = line.split()  # timing NAME WALL_MS cpu CPU_MS threads N
        assert f[0] == "timing" and f[3] == "cpu" and f[5] == "threads", line
        times[f[1]] = float(f[2])
    parts = ["stats.basic", "stats.clustering", "stats.communities", "stats.pagerank", "stats.diameter"]
    assert list(times) == ["read"] + parts + ["stats"]
    assert sum(times[p] for p in parts) <= times["stats"] + 0.01
    # --only basic times only the part it computes.
    r = run("stats", "demo:lesmis", "--timing", "--only", "basic", check=True)
    assert [l.split()[1] for l in r.stderr.splitlines()] == ["read", "stats.basic", "stats"]

def test_render_timing_names_each_phase(tmp_path):
    # One line per phase, in order, and the file written is the picture the phases made.
    def phases(*args):
        r = run("render", "demo:lesmis", "--timing", *args, check=True)
        names = []
        for line in r.stderr.splitlines():
            f = line.split()  # timing NAME WALL_MS cpu CPU_MS threads N
            assert f[0] == "timing" and f[3] == "cpu" and f[5] == "threads", line
            assert float(f[2]) >= 0 and float(f[4]) >= 0 and int(f[6]) >= 1, line
            names.append(f[1])
        return names
    png = tmp_path / "a.png"
    assert phases("-o", str(png)) == ["read", "layout", "communities", "scene", "renderer-setup", "draw",
                                      "encode", "write"]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    six = tmp_path / "a.six"
    assert phases("-o", str(six), "--color-by", "degree", "--repeat-frames", "2") == [
        "read", "layout", "colour", "scene", "renderer-setup", "draw", "again", "again", "encode", "write"]
    assert six.read_bytes().startswith(b"\x1bP")
