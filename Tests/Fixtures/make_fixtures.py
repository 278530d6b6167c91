#!/usr/bin/env python3
"""Writes the reader fixtures in Tests/Fixtures with the real peers.

Run from anywhere: python3 Tests/Fixtures/make_fixtures.py
Needs networkx, igraph (pip install igraph) and Graphviz (gml2gv, dot).

Which peer wrote which file:
  karate_networkx.graphml   networkx.write_graphml
  karate_networkx.gml       networkx.write_gml
  karate_igraph.graphml     igraph Graph.write_graphml
  karate_igraph.gml         igraph Graph.write_gml
  karate_hand.dot           written by this script by hand, in Graphviz style
                            (chains, subgraphs, defaults, comments, ports)
  karate_canon.dot          Graphviz `dot -Tcanon karate_hand.dot`
  karate_gml2gv.dot         Graphviz `gml2gv karate_networkx.gml`
  mixed_networkx.graphml    networkx.write_graphml (directed, typed attributes)
  mixed_networkx.gml        networkx.write_gml
  mixed_igraph.graphml      igraph Graph.write_graphml
  mixed_igraph.gml          igraph Graph.write_gml
  multi_networkx.graphml    networkx.write_graphml of a MultiGraph (parallel edges)
  multi_networkx.gml        networkx.write_gml of the same MultiGraph
"""
import os
import subprocess

import igraph as ig
import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def karate():
    g = nx.karate_club_graph()
    return nx.relabel_nodes(g, {n: str(n) for n in g})  # string ids, same in every format


def to_igraph(g):
    """An igraph copy of a networkx graph: vertex `name` is the networkx node."""
    nodes = list(g.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    h = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in g.edges()], directed=g.is_directed())
    h.vs["name"] = [str(n) for n in nodes]
    for key in sorted({k for _, d in g.nodes(data=True) for k in d}):
        h.vs[key] = [d.get(key) for _, d in g.nodes(data=True)]
    for key in sorted({k for _, _, d in g.edges(data=True) for k in d}):
        h.es[key] = [d.get(key) for _, _, d in g.edges(data=True)]
    for key, value in g.graph.items():
        h[key] = value
    return h


def mixed():
    """Directed, with int/float/bool/string attributes and awkward ids."""
    g = nx.DiGraph(name="mixed & <typed>")
    g.add_node("alpha", size=3, score=0.5, core=True, note="plain")
    g.add_node("b&c", size=-7, score=1e-3, core=False, note='say "hi" <now>')
    g.add_node("ünï", size=0, score=2.25, core=True, note="naïve — ☃")
    g.add_node("lonely", size=1, score=0.0, core=False, note="")
    g.add_node("d", size=12, score=-4.5, core=True, note="tab\there")
    g.add_edge("alpha", "b&c", weight=1.5, kind="road")
    g.add_edge("b&c", "alpha", weight=2.0, kind="rail")
    g.add_edge("b&c", "ünï", weight=0.25, kind="air")
    g.add_edge("ünï", "ünï", weight=3.0, kind="loop")
    g.add_edge("d", "alpha", weight=10.0, kind="sea")
    return g


def multi():
    g = nx.MultiGraph()
    g.add_edge("x", "y", weight=1.0)
    g.add_edge("x", "y", weight=2.5)
    g.add_edge("y", "z", weight=4.0)
    return g


HAND_DOT_HEAD = """\
/* Zachary's karate club, written by hand in Graphviz style. */
# a preprocessor-style comment line
strict graph "Zachary's karate club" {
    graph [name="Zachary's Karate Club", splines=true];
    node [shape=circle, fontsize=10];   // defaults for nodes made below
    edge [color=gray50]
    subgraph cluster_hi {
        label = "Mr. Hi";
        node [club="Mr. Hi"]
        %s
    }
    subgraph cluster_officer {
        label="Officer"
        node [club=Officer];
        %s
    }
"""


def hand_dot(g):
    """Karate in the shapes people write by hand: chains, edges to `{...}`
    groups, ports, quoted and bare ids, both separators, no separator."""
    hi = [n for n, d in g.nodes(data=True) if d["club"] == "Mr. Hi"]
    officer = [n for n, d in g.nodes(data=True) if d["club"] != "Mr. Hi"]
    text = HAND_DOT_HEAD % (" ".join(hi) + ";", "; ".join('"%s"' % n for n in officer))
    weight = {frozenset((u, v)): d["weight"] for u, v, d in g.edges(data=True)}
    used = set()
    out = []
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        e = frozenset((u, v))
        if e in used:
            continue
        used.add(e)
        w = d["weight"]
        # A chain u -- v -- x when v--x has the same weight and is still unused.
        nxt = [x for x in g[v] if x != u and frozenset((v, x)) not in used and weight[frozenset((v, x))] == w]
        if nxt and i % 3 == 0:
            used.add(frozenset((v, nxt[0])))
            out.append("    %s -- %s -- %s [weight=%d]" % (u, v, nxt[0], w))
            continue
        # A group u -- {v y ...} of u's other unused neighbours with this weight.
        group = [y for y in g[u] if y != v and frozenset((u, y)) not in used and weight[frozenset((u, y))] == w]
        if group and i % 3 == 1:
            for y in group:
                used.add(frozenset((u, y)))
            out.append("    %s -- { %s } [weight=%d, label=\"w%d\"];" % (u, " ".join([v] + group), w, w))
        elif i % 4 == 3:
            out.append('    %s:n -- "%s":e:s [weight="%d"];' % (u, v, w))
        else:
            out.append("    %s -- %s [ weight = %d ]" % (u, v, w))
    return text + "\n".join(out) + "\n}\n"


def main():
    k = karate()
    nx.write_graphml(k, path("karate_networkx.graphml"))
    nx.write_gml(k, path("karate_networkx.gml"))
    ik = to_igraph(k)
    ik.write_graphml(path("karate_igraph.graphml"))
    ik.write_gml(path("karate_igraph.gml"))
    with open(path("karate_hand.dot"), "w") as f:
        f.write(hand_dot(k))
    with open(path("karate_canon.dot"), "w") as f:
        subprocess.run(["dot", "-Tcanon", path("karate_hand.dot")], stdout=f, check=True)
    with open(path("karate_gml2gv.dot"), "w") as f:
        subprocess.run(["gml2gv", path("karate_networkx.gml")], stdout=f, check=True)

    m = mixed()
    nx.write_graphml(m, path("mixed_networkx.graphml"))
    nx.write_gml(m, path("mixed_networkx.gml"))
    im = to_igraph(m)
    im.write_graphml(path("mixed_igraph.graphml"))
    im.write_gml(path("mixed_igraph.gml"))

    mg = multi()
    nx.write_graphml(mg, path("multi_networkx.graphml"))
    nx.write_gml(mg, path("multi_networkx.gml"))


if __name__ == "__main__":
    main()
