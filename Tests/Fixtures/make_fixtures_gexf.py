#!/usr/bin/env python3
"""Writes the GEXF fixtures and files carrying positions with NetworkX.

Run from anywhere: python3 Tests/Fixtures/make_fixtures_gexf.py
Needs networkx (and igraph, which make_fixtures.py imports).

  karate_networkx.gexf       networkx.write_gexf: undirected, weighted, a string
                             attribute (club), viz position/colour/size from a
                             seeded spring layout
  mixed_networkx.gexf        networkx.write_gexf of make_fixtures.mixed(): directed,
                             weighted, int/float/bool/string attributes, awkward ids
  multi_networkx.gexf        networkx.write_gexf of make_fixtures.multi() (parallel edges)
  dynamic_networkx.gexf      networkx.write_gexf of a dynamic graph (start/end on nodes and edges)
  positions_networkx.graphml networkx.write_graphml of karate with x/y node attributes
                             (the same layout as karate_networkx.gexf)
  NAME.gexf.nx.json          scripts/nx_gexf_stats.py NAME.gexf: NetworkX's statistics of
                             the karate, mixed and multi files (what the tests compare with)
"""
import os
import subprocess
import sys

import networkx as nx

from make_fixtures import karate, mixed, multi, path


def palette(club):
    return {"Mr. Hi": (230, 97, 1), "Officer": (94, 60, 153)}[club]


def karate_with_viz():
    g = karate()
    pos = nx.spring_layout(g, seed=1, scale=100.0)
    for v in g:
        r, gg, b = palette(g.nodes[v]["club"])
        g.nodes[v]["viz"] = {
            "position": {"x": float(pos[v][0]), "y": float(pos[v][1]), "z": 0.0},
            "color": {"r": r, "g": gg, "b": b, "a": 1.0},
            "size": float(2 + g.degree(v)),
        }
    return g, pos


def dynamic():
    g = nx.Graph(mode="dynamic")
    g.add_node("a", start=1, end=5)
    g.add_node("b", start=2)
    g.add_node("c", start=1, end=3)
    g.add_edge("a", "b", start=2, end=4)
    g.add_edge("b", "c", start=2)
    return g


def main():
    k, pos = karate_with_viz()
    nx.write_gexf(k, path("karate_networkx.gexf"))
    nx.write_gexf(mixed(), path("mixed_networkx.gexf"))
    nx.write_gexf(multi(), path("multi_networkx.gexf"))
    nx.write_gexf(dynamic(), path("dynamic_networkx.gexf"))
    p = karate()
    for v in p:
        p.nodes[v]["x"] = float(pos[v][0])
        p.nodes[v]["y"] = float(pos[v][1])
    nx.write_graphml(p, path("positions_networkx.graphml"))
    script = os.path.join(os.path.dirname(path("")), "..", "..", "scripts", "nx_gexf_stats.py")
    for name in ["karate_networkx.gexf", "mixed_networkx.gexf", "multi_networkx.gexf"]:
        out = subprocess.run([sys.executable, script, path(name)], check=True, capture_output=True, text=True).stdout
        with open(path(name + ".nx.json"), "w") as f:
            f.write(out)


if __name__ == "__main__":
    main()
