#!/usr/bin/env python3
"""NetworkX's values for the statistics nx_stats.py does not print.

usage: nx_stats_extra.py FILE [--directed] [--partition PARTITION.json] [--no-diameter]

Prints one JSON object: top_degree, top_pagerank, pagerank (every node),
diameter (of the first largest connected component, weakly connected when
directed, distances undirected), degree_histogram, and, with --partition
(a JSON list of lists of node ids), that partition's modularity as
networkx.community.modularity computes it. --no-diameter skips the diameter
(NetworkX takes hours on 100k nodes); it is then null.

Unlike nx_stats.py this keeps edge weights (the `weight` column of a CSV
with a header, the third column of an edge list, the values of a .mtx),
adding the weights of parallel edges as Tangle does; node ids are strings in
order of first appearance. Formats: .csv, .edges/.txt/.edgelist, .mtx.
"""
import csv, json, sys
import networkx as nx


def read(path, directed):
    G = nx.DiGraph() if directed else nx.Graph()

    def add(u, v, w):
        if G.has_edge(u, v):
            G[u][v]["weight"] += w
        else:
            G.add_edge(u, v, weight=w)

    if path.endswith(".mtx"):
        import scipy.io
        A = scipy.io.mmread(path).tocoo()
        symmetric = not directed
        G.add_nodes_from(str(i) for i in range(A.shape[0]))
        for i, j, w in zip(A.row, A.col, A.data):
            if symmetric and j > i:
                continue  # a symmetric file stores each edge once; mmread mirrors it
            add(str(i), str(j), float(w))
    elif path.endswith(".csv"):
        rows = [r for r in csv.reader(open(path)) if r]
        header = rows[0] if rows and not rows[0][0].lstrip("-").isdigit() else None
        wcol = header.index("weight") if header and "weight" in header else (None if header else 2)
        for row in rows[1:] if header else rows:
            if len(row) == 1:
                G.add_node(row[0])
            else:
                add(row[0], row[1], float(row[wcol]) if wcol is not None and wcol < len(row) else 1.0)
    else:
        for line in open(path):
            parts = line.split("#")[0].split()
            if len(parts) == 1:
                G.add_node(parts[0])
            elif len(parts) >= 2:
                add(parts[0], parts[1], float(parts[2]) if len(parts) > 2 else 1.0)
    return G


def extra(G, partition=None, diameter=True):
    order = {v: i for i, v in enumerate(G)}
    deg = dict(G.degree())
    comps = list(nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G))
    largest = max(comps, key=len) if comps else set()
    pr = nx.pagerank(G)
    out = {
        "top_degree": sorted(G, key=lambda v: (-deg[v], order[v]))[:10],
        "top_pagerank": sorted(G, key=lambda v: (-pr[v], order[v]))[:10],
        "pagerank": pr,
        "diameter": nx.diameter(G.subgraph(largest).to_undirected()) if largest and diameter else None,
        "degree_histogram": nx.degree_histogram(G),
    }
    if partition is not None:
        out["modularity"] = nx.community.modularity(G, partition)
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    partition = None
    if "--partition" in args:
        partition = [set(c) for c in json.load(open(args[args.index("--partition") + 1]))]
    print(json.dumps(extra(read(args[0], "--directed" in args), partition, "--no-diameter" not in args), indent=1))
