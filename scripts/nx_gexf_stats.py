#!/usr/bin/env python3
"""NetworkX's statistics for a GEXF file, read by networkx.read_gexf.

usage: nx_gexf_stats.py FILE.gexf

Prints one JSON object: "stats", what ../shared/peers/nx_stats.py prints
(the keys of `tangle stats --json`, parallel edges merged), and "extra",
what scripts/nx_stats_extra.py prints (top_degree, top_pagerank, pagerank,
diameter, degree_histogram) on the graph with the weights of parallel
edges added, as Tangle merges them. Node ids are the file's ids.
"""
import json, os, sys

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "shared", "peers"))
sys.path.insert(0, HERE)
from nx_stats import stats  # noqa: E402
from nx_stats_extra import extra  # noqa: E402


def main(path):
    G = nx.read_gexf(path)
    simple = nx.DiGraph() if G.is_directed() else nx.Graph()
    simple.add_nodes_from(G.nodes())
    for u, v, d in G.edges(data=True):
        w = float(d.get("weight", 1.0))
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += w
        else:
            simple.add_edge(u, v, weight=w)
    print(json.dumps({"stats": stats(simple), "extra": extra(simple)}, indent=1))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
