"""The filter language end to end: `tangle stats FILE --filter EXPR --json` against
NetworkX's statistics of the same induced subgraph (computed live), `tangle path`
against NetworkX's shortest path lengths, and mistakes reported at their column."""
import csv, json, os, random, sys
import pytest
from conftest import run, FIXTURES, PEERS

nx = pytest.importorskip("networkx")
sys.path.insert(0, PEERS)
import nx_stats  # noqa: E402  (NetworkX's reading of every format, shared with the statistics tests)

GRAPHS = [
    ("stats/ba2000.edges", False),      # edge list
    ("stats/weighted.csv", False),      # CSV with weights
    ("karate_networkx.graphml", False), # GraphML
    ("karate_networkx.gml", False),     # GML
    ("karate_networkx.json", False),    # JSON node-link
    ("stats/directed.edges", True),     # directed edge list
]
KEYS = ["nodes", "edges", "density", "components", "average_clustering", "transitivity"]


def nx_graph(name, directed):
    G = nx_stats.read(os.path.join(FIXTURES, name), directed)
    return nx.relabel_nodes(G, {n: str(n) for n in G})  # Tangle keeps ids as text


def tangle_ids(name, directed, expr):
    """Node ids Tangle selects, read back from `tangle convert --filter` (JSON node-link)."""
    args = ["convert", os.path.join(FIXTURES, name), "--filter", expr, "--to", "json", "-o", "-"]
    r = run(*args, *(["--directed"] if directed else []), check=True)
    return {str(n["id"]) for n in json.loads(r.stdout)["nodes"]}


def ego_center(G):
    return sorted(G, key=lambda n: (G.degree(n), n))[len(G) // 2]


def nx_selection(G, name, directed, expr):
    """The nodes NetworkX selects for each of the filters the issue names."""
    if expr == "degree >= 5":
        return [n for n in G if G.degree(n) >= 5]
    if expr == "kcore >= 3":
        loopless = G.copy()  # Tangle's kcore ignores self-loops; NetworkX refuses them
        loopless.remove_edges_from(list(nx.selfloop_edges(loopless)))
        core = nx.core_number(loopless)
        return [n for n in G if core[n] >= 3]
    if expr == "component == largest":
        comps = nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G)
        return max(comps, key=len)
    if expr.startswith("ego("):
        return list(nx.ego_graph(G, ego_center(G), radius=2, undirected=True))
    if expr == "degree >= 3 and not community == 0":
        # Tangle's own community labels (Louvain, seed 0), not another algorithm's.
        community0 = tangle_ids(name, directed, "community == 0")
        assert 0 < len(community0) < len(G)
        return [n for n in G if G.degree(n) >= 3 and n not in community0]
    raise AssertionError(expr)


def nx_stats_of(H):
    comps = nx.number_weakly_connected_components(H) if H.is_directed() else nx.number_connected_components(H)
    out = {"nodes": H.number_of_nodes(), "edges": H.number_of_edges(), "density": nx.density(H), "components": comps,
           "average_clustering": None, "transitivity": None}
    if not H.is_directed():
        out["average_clustering"] = nx.average_clustering(H)
        out["transitivity"] = nx.transitivity(H)
    return out


def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


FILTERS = ["degree >= 5", "kcore >= 3", "component == largest", "ego", "degree >= 3 and not community == 0"]


@pytest.mark.parametrize("name,directed", GRAPHS)
@pytest.mark.parametrize("expr", FILTERS)
def test_filtered_statistics_equal_networkx(name, directed, expr):
    G = nx_graph(name, directed)
    if expr == "ego":
        expr = f'ego("{ego_center(G)}", 2)'
    args = ["stats", os.path.join(FIXTURES, name), "--filter", expr, "--json", "--only", "clustering"]
    r = run(*args, *(["--directed"] if directed else []), check=True)
    ours = json.loads(r.stdout)
    nodes = nx_selection(G, name, directed, expr)
    H = G.subgraph(nodes)
    assert 0 < H.number_of_nodes(), f"{expr} selects nothing on {name}: a weak test"
    theirs = nx_stats_of(H)
    for k in KEYS:
        assert same(ours[k], theirs[k]), f"{name} {expr}: {k} tangle {ours[k]} networkx {theirs[k]}"
    # The same selection, node for node.
    assert tangle_ids(name, directed, expr) == set(H.nodes())


def weighted_csv():
    G = nx.Graph()
    with open(os.path.join(FIXTURES, "stats/weighted.csv")) as f:
        for row in list(csv.reader(f))[1:]:
            u, v, w = row[0], row[1], float(row[2])
            G.add_edge(u, v, weight=G[u][v]["weight"] + w if G.has_edge(u, v) else w)  # Tangle adds parallel weights
    return G


@pytest.mark.parametrize("weighted", [True, False])
def test_paths_are_shortest(weighted):
    if weighted:
        G, path = weighted_csv(), os.path.join(FIXTURES, "stats/weighted.csv")
    else:
        G, path = nx_graph("stats/ba2000.edges", False), os.path.join(FIXTURES, "stats/ba2000.edges")
    rng = random.Random(12)
    nodes = sorted(G)
    for _ in range(8):
        a, b = rng.sample(nodes, 2)
        args = ["path", path, a, b] + ([] if weighted else ["--unweighted"])
        r = run(*args, check=True)
        ids = r.stdout.split()
        assert ids[0] == a and ids[-1] == b
        for u, v in zip(ids, ids[1:]):
            assert G.has_edge(u, v), f"{u} and {v} are not adjacent"
        if weighted:
            length = sum(G[u][v]["weight"] for u, v in zip(ids, ids[1:]))
            assert abs(length - nx.dijkstra_path_length(G, a, b)) <= 1e-9 * length
            j = json.loads(run("path", path, a, b, "--json", check=True).stdout)
            assert j["nodes"] == ids and abs(j["weight"] - length) <= 1e-9 * length and j["hops"] == len(ids) - 1
        else:
            assert len(ids) - 1 == nx.shortest_path_length(G, a, b)


def test_weights_change_the_path_and_unweighted_ignores_them(tmp_path):
    p = tmp_path / "w.csv"
    p.write_text("source,target,weight\na,b,1\nb,c,1\nc,d,1\na,d,10\n")
    assert run("path", str(p), "a", "d", check=True).stdout.split() == ["a", "b", "c", "d"]
    assert run("path", str(p), "a", "d", "--unweighted", check=True).stdout.split() == ["a", "d"]


def test_no_path_exits_1_and_unknown_node_exits_2(tmp_path):
    p = tmp_path / "two.edges"
    p.write_text("a b\nc d\n")
    r = run("path", str(p), "a", "d")
    assert r.returncode == 1 and "no path from a to d" in r.stderr and r.stdout == ""
    r = run("path", str(p), "a", "zz")
    assert r.returncode == 2 and 'no node with id "zz"' in r.stderr


@pytest.mark.parametrize("cmd", [["stats"], ["convert", "-o", "-"], ["layout", "-o", "-"]])
def test_a_mistake_points_at_its_column_and_exits_2(cmd, tmp_path):
    r = run(cmd[0], "demo:karate", *cmd[1:], "--filter", "degree >= 3 and kcor > 2")
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert lines[0] == 'tangle: filter:1:17: unknown name "kcor" (metrics: degree, indegree, outdegree, kcore, pagerank, clustering, betweenness, community, component, id; the file gives no node attributes)'
    assert lines[1] == "  degree >= 3 and kcor > 2"
    assert lines[2] == "                  ^"
    r = run("stats", "demo:karate", "--filter", "degree >= (3")
    assert r.returncode == 2 and "filter:1:11:" in r.stderr and r.stderr.splitlines()[-1] == "            ^"


def test_render_and_layout_take_the_filter(tmp_path):
    out = tmp_path / "pos.csv"
    run("layout", "demo:lesmis", "--filter", "kcore >= 4", "-o", str(out), check=True)
    rows = out.read_text().splitlines()
    G = nx.les_miserables_graph()
    core = nx.core_number(G)
    assert len(rows) - 1 == sum(1 for n in G if core[n] >= 4)
    png = tmp_path / "k.png"
    run("render", "demo:lesmis", "--filter", "kcore >= 4", "--color-by", "pagerank", "--size-by", "betweenness",
        "-o", str(png), "--width", "400", "--height", "300", check=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    r = run("render", "demo:lesmis", "--color-by", "nonsense", "-o", str(png))
    assert r.returncode == 2 and 'unknown metric or attribute "nonsense"' in r.stderr


def test_the_explorer_checks_its_filter_before_taking_the_screen():
    r = run("explore", "demo:karate", "--filter", "ego(99, 1)", input="")
    assert r.returncode == 2 and r.stderr.splitlines()[0] == 'tangle: filter:1:1: no node with id "99"'
    r = run("demo:karate", "--filter", "degree >> 3", input="")
    assert r.returncode == 2 and "filter:1:9:" in r.stderr


def test_a_whole_graph_positions_file_serves_a_filtered_layout_and_render(tmp_path):
    whole, sub = tmp_path / "all.csv", tmp_path / "sub.csv"
    run("layout", "demo:karate", "-o", str(whole), check=True)
    run("layout", "demo:karate", "--filter", "kcore >= 4", "--positions", str(whole), "--iterations", "0",
        "-o", str(sub), check=True)
    rows = dict(l.split(",", 1) for l in whole.read_text().splitlines()[1:])
    kept = sub.read_text().splitlines()[1:]
    assert len(kept) == 10 and all(rows[l.split(",", 1)[0]] == l.split(",", 1)[1] for l in kept)
    run("render", "demo:karate", "--filter", "kcore >= 4", "--positions", str(whole), "-o", str(tmp_path / "k.png"),
        "--width", "200", "--height", "150", check=True)
