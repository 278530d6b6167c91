#!/usr/bin/env python3
"""Reads a node-link JSON file with NetworkX (node_link_graph, its defaults) and
prints what NetworkX sees, as JSON: used by GraphWriterTests to prove that
NodeLinkJSONWriter's output is NetworkX-readable.

usage: networkx_reads_b.py FILE.json
"""
import json
import sys

import networkx as nx

with open(sys.argv[1]) as f:
    G = nx.node_link_graph(json.load(f))


def idtext(n):
    return n if isinstance(n, str) else json.dumps(n)


print(json.dumps({
    "directed": G.is_directed(),
    "multigraph": G.is_multigraph(),
    "graph": G.graph,
    "nodes": [idtext(n) for n in G],
    "nodeTypes": [type(n).__name__ for n in G],
    "nodeAttributes": {idtext(n): d for n, d in G.nodes(data=True)},
    "edges": [[idtext(u), idtext(v), d.get("weight", 1)] for u, v, d in G.edges(data=True)],
    "edgeAttributes": [[idtext(u), idtext(v), {k: x for k, x in d.items() if k != "weight"}] for u, v, d in G.edges(data=True)],
}, ensure_ascii=False))
