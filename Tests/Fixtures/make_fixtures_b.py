#!/usr/bin/env python3
"""Writes the JSON node-link, Pajek, Matrix Market and edge-list fixtures with
the real peers (NetworkX, igraph, SciPy), plus expected_b.jsonl: for each
fixture, the graph Tangle should read from it, computed from the peer's own
in-memory graph under Tangle's documented rules (ids as text, parallel edges
merged with weights added).

Run from anywhere:  python3 Tests/Fixtures/make_fixtures_b.py
Needs: networkx, numpy, scipy, igraph (pip install igraph).
(make_fixtures.py, another script, writes the GraphML/GML/DOT fixtures.)
"""
import json
import os
import warnings

import igraph as ig
import networkx as nx
import numpy as np
import scipy.io
import scipy.sparse as sp

HERE = os.path.dirname(os.path.abspath(__file__))
expected = []


def path(name):
    return os.path.join(HERE, name)


def idtext(n):
    """A node key as Tangle keeps it: strings as they are, numbers as JSON writes them."""
    return n if isinstance(n, str) else json.dumps(n)


def expect(name, directed, nodes, edges, read_directed=None, weighted=True):
    """edges: (u, v, w) with ids as text; parallel edges merge and weights add."""
    merged = {}
    order = []
    for u, v, w in edges:
        key = (u, v) if directed or u <= v else (v, u)
        if key not in merged:
            order.append(key)
            merged[key] = 0.0
        merged[key] += 1.0 if w is None else float(w)
    expected.append({
        "file": name,
        "readDirected": read_directed,
        "directed": directed,
        "weighted": weighted,
        "nodes": list(nodes),
        "edges": [[u, v, merged[(u, v)]] for (u, v) in order],
    })


def nx_edges(G, weight="weight"):
    return [(idtext(u), idtext(v), d.get(weight)) for u, v, d in G.edges(data=True)]


# --- JSON node-link (NetworkX) -------------------------------------------

karate = nx.karate_club_graph()
with open(path("karate_networkx.json"), "w") as f:
    json.dump(nx.node_link_data(karate), f)  # NetworkX 3.4+: "edges" key
expect("karate_networkx.json", False, [idtext(n) for n in karate], nx_edges(karate))

mixed = nx.DiGraph(name="mixed \"types\"", version=3)
mixed.add_node("a b", size=3, score=0.25, flag=True, tags=["x", "y"], meta={"k": [1, 2]}, missing=None)
mixed.add_node("quote\"d\\back/slash", size=-4)
mixed.add_node("ünï 😀 \u2028")
mixed.add_node(7, score=1e-7)
mixed.add_node(2.5)
mixed.add_node("lonely")
mixed.add_edge("a b", "quote\"d\\back/slash", weight=2.5, label="first")
mixed.add_edge("quote\"d\\back/slash", "a b", weight=0.5)
mixed.add_edge("ünï 😀 \u2028", 7, weight=-1, label="neg")
mixed.add_edge(7, 7, weight=3)  # self-loop
mixed.add_edge(2.5, "a b", weight=1e300)
with open(path("mixed_networkx_links.json"), "w") as f:
    # The pre-3.4 key, indented as people often save it; ensure_ascii escapes
    # the emoji as a \ud83d\ude00 surrogate pair.
    json.dump(nx.node_link_data(mixed, edges="links"), f, indent=1)
expect("mixed_networkx_links.json", True, [idtext(n) for n in mixed], nx_edges(mixed))

multi = nx.MultiGraph()
multi.add_edge("x", "y", weight=2)
multi.add_edge("x", "y", weight=3)
multi.add_edge("y", "x", weight=0.5)
multi.add_edge("y", "z")
with open(path("multi_networkx.json"), "w") as f:
    json.dump(nx.node_link_data(multi), f)
expect("multi_networkx.json", False, [idtext(n) for n in multi], nx_edges(multi))

# The old d3 style (force-directed examples such as miserables.json): nodes
# without ids, links by index into "nodes", "value" as the edge strength.
d3 = nx.les_miserables_graph()
names = list(d3)
index = {n: i for i, n in enumerate(names)}
with open(path("miserables_d3.json"), "w") as f:
    json.dump({"nodes": [{"name": n, "group": len(n) % 5} for n in names],
               "links": [{"source": index[u], "target": index[v], "value": d["weight"]}
                         for u, v, d in d3.edges(data=True)]}, f, indent=2)
expect("miserables_d3.json", False, [str(i) for i in range(len(names))],
       [(str(index[u]), str(index[v]), None) for u, v in d3.edges()], weighted=False)

# --- Pajek ----------------------------------------------------------------

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # non-string attributes are skipped, and NetworkX says so
    nx.write_pajek(karate, path("karate_networkx.net"))
expect("karate_networkx.net", False, [str(n) for n in karate], nx_edges(karate))

pj = nx.DiGraph()
pj.add_node("Alice Smith", role="admin")
pj.add_node("bob")
pj.add_node("Zoë")
pj.add_node("isolated one")
pj.add_edge("Alice Smith", "bob", weight=1.5, kind="follows")
pj.add_edge("bob", "Alice Smith", weight=2)
pj.add_edge("bob", "Zoë")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    nx.write_pajek(pj, path("people_networkx.net"))
expect("people_networkx.net", True, list(pj), [(u, v, d.get("weight", 1.0)) for u, v, d in pj.edges(data=True)])

zk = ig.Graph.Famous("Zachary")
zk.vs["name"] = [f"member {i}" for i in range(zk.vcount())]
zk.es["weight"] = [(i % 7) + 0.5 for i in range(zk.ecount())]
zk.write_pajek(path("karate_igraph.net"))
expect("karate_igraph.net", False, zk.vs["name"],
       [(zk.vs[e.source]["name"], zk.vs[e.target]["name"], e["weight"]) for e in zk.es])

dg = ig.Graph(n=6, edges=[(0, 1), (1, 2), (2, 0), (3, 4), (4, 4)], directed=True)  # vertex 6 isolated
dg.write_pajek(path("directed_igraph.net"))
expect("directed_igraph.net", True, [str(i + 1) for i in range(6)],
       [(str(e.source + 1), str(e.target + 1), None) for e in dg.es], weighted=False)

dg.write_edgelist(path("directed_igraph.edgelist"))  # 0-based "u v" lines; isolated vertex 5 is not written
expect("directed_igraph.edgelist", True, ["0", "1", "2", "3", "4"],
       [(str(e.source), str(e.target), None) for e in dg.es], read_directed=True, weighted=False)

# Pajek as Pajek itself writes it: a *Network line, comments, mixed *Edges and
# *Arcs (so the graph is directed and *Edges go both ways), list sections.
with open(path("mixed_sections_pajek.net"), "w") as f:
    f.write("""% hand-written in Pajek's own style
*Network "Mixed sections"
*Vertices 5
1 "one" 0.1 0.2 0.5 box ic Red
2 "two"
3 three 0.3 0.4
*Arcs
1 2 2
*Edges
2 3 1.5
*Arcslist
4 1 5
*Edgeslist
5 3
*Partition parts
*Vertices 5
1
2
""")
expect("mixed_sections_pajek.net", True, ["one", "two", "three", "4", "5"],
       [("one", "two", 2), ("two", "three", 1.5), ("three", "two", 1.5), ("4", "one", None), ("4", "5", None),
        ("5", "three", None), ("three", "5", None)])

# --- Matrix Market (SciPy) ---------------------------------------------------

A = nx.to_scipy_sparse_array(karate, nodelist=range(34), weight=None, dtype=np.int64)
scipy.io.mmwrite(path("karate_scipy_pattern.mtx"), sp.coo_matrix(A), field="pattern", symmetry="symmetric",
                 comment="Zachary's karate club, pattern")
expect("karate_scipy_pattern.mtx", False, [str(i) for i in range(1, 35)],
       [(str(u + 1), str(v + 1), None) for u, v in karate.edges()], weighted=False)

W = nx.to_scipy_sparse_array(karate, nodelist=range(34), weight="weight", dtype=float) / 3.0
scipy.io.mmwrite(path("karate_scipy_real.mtx"), sp.coo_matrix(W), symmetry="symmetric")
coo = sp.coo_matrix(W)
expect("karate_scipy_real.mtx", False, [str(i) for i in range(1, 35)],
       [(str(i + 1), str(j + 1), w) for i, j, w in zip(coo.row, coo.col, coo.data) if i >= j])

rng = np.random.default_rng(7)
rows = rng.integers(0, 12, 30)
cols = rng.integers(0, 12, 30)
vals = rng.integers(-5, 20, 30)
G = sp.coo_matrix((vals, (rows, cols)), shape=(14, 14)).tocsr()  # sums duplicates; rows 13, 14 empty
G.eliminate_zeros()
G = G.tocoo()
scipy.io.mmwrite(path("random_scipy_integer.mtx"), G, field="integer", symmetry="general")
directed_edges = [(str(i + 1), str(j + 1), int(w)) for i, j, w in zip(G.row, G.col, G.data)]
expect("random_scipy_integer.mtx", False, [str(i) for i in range(1, 15)], directed_edges)
expect("random_scipy_integer.mtx", True, [str(i) for i in range(1, 15)], directed_edges, read_directed=True)

R = sp.random(9, 9, density=0.3, random_state=3, format="coo")
scipy.io.mmwrite(path("random_scipy_real.mtx"), R, field="real", symmetry="general", precision=17)
expect("random_scipy_real.mtx", True, [str(i) for i in range(1, 10)],
       [(str(i + 1), str(j + 1), w) for i, j, w in zip(R.row, R.col, R.data)], read_directed=True)

S = sp.coo_matrix(np.array([[0, 2.0, 0], [-2.0, 0, -0.5], [0, 0.5, 0]]))
scipy.io.mmwrite(path("skew_scipy_real.mtx"), S, symmetry="skew-symmetric")
expect("skew_scipy_real.mtx", True, ["1", "2", "3"],
       [("1", "2", 2.0), ("2", "1", -2.0), ("2", "3", -0.5), ("3", "2", 0.5)])

with open(path("expected_b.jsonl"), "w") as f:
    for e in expected:
        f.write(json.dumps(e, ensure_ascii=False) + "\n")
print(f"wrote {len(expected)} expectations")
