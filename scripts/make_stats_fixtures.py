#!/usr/bin/env python3
"""Writes the statistics fixtures in Tests/Fixtures/stats with NetworkX, and
the peers' expected output next to each: FILE.nx.json from
/work/shared/peers/nx_stats.py and FILE.nx_extra.json from nx_stats_extra.py.

usage: scripts/make_stats_fixtures.py   (from the repository root)
"""
import csv, os, random, subprocess, sys
import networkx as nx
import scipy.io

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "stats")
PEER = os.path.join(ROOT, "..", "shared", "peers", "nx_stats.py")
EXTRA = os.path.join(ROOT, "scripts", "nx_stats_extra.py")


def edges_file(G, name):
    nx.write_edgelist(G, os.path.join(OUT, name), data=False)


def main():
    os.makedirs(OUT, exist_ok=True)
    # Directed: a sparse random digraph with reciprocal arcs and two self-loops.
    D = nx.gnp_random_graph(300, 0.012, seed=11, directed=True)
    D.add_edges_from([(5, 5), (17, 17), (3, 4), (4, 3)])
    edges_file(D, "directed.edges")

    # Weighted: a small world with random weights, as a CSV with a header.
    W = nx.connected_watts_strogatz_graph(400, 6, 0.15, seed=3)
    rng = random.Random(5)
    with open(os.path.join(OUT, "weighted.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["source", "target", "weight"])
        for u, v in W.edges():
            w.writerow([u, v, round(rng.uniform(0.1, 9.0), 3)])

    # Isolates and many components: small random pieces and 40 lone nodes.
    parts = [nx.gnm_random_graph(k, int(k * 1.3), seed=k) for k in (3, 5, 8, 13, 21, 34, 55, 89)]
    parts += [nx.empty_graph(1) for _ in range(40)]
    I = nx.disjoint_union_all(parts)
    order = list(range(I.number_of_nodes()))
    random.Random(9).shuffle(order)
    I = nx.relabel_nodes(I, dict(zip(I.nodes(), order)))
    with open(os.path.join(OUT, "isolates.edges"), "w") as f:
        # Every node on its own line first (Tangle reads a lone id as a node; NetworkX
        # skips such lines, so nx_stats.py reads the same graph from isolates.mtx).
        for v in sorted(I.nodes()):
            f.write(f"{v}\n")
        for u, v in I.edges():
            f.write(f"{u} {v}\n")
    scipy.io.mmwrite(os.path.join(OUT, "isolates.mtx"),
                     nx.to_scipy_sparse_array(I, nodelist=sorted(I.nodes())), symmetry="symmetric")

    # Self-loops: a random graph with loops on a dozen nodes, some inside triangles.
    S = nx.gnm_random_graph(80, 260, seed=21)
    S.add_edges_from((v, v) for v in range(0, 80, 7))
    edges_file(S, "selfloops.edges")

    # Barabási–Albert, 2000 nodes.
    edges_file(nx.barabasi_albert_graph(2000, 3, seed=42), "ba2000.edges")

    for name, peer_input, flags in [("directed.edges", "directed.edges", ["--directed"]),
                                    ("weighted.csv", "weighted.csv", []),
                                    ("isolates.edges", "isolates.mtx", []),
                                    ("selfloops.edges", "selfloops.edges", []),
                                    ("ba2000.edges", "ba2000.edges", [])]:
        for script, suffix, source in [(PEER, ".nx.json", peer_input), (EXTRA, ".nx_extra.json", name)]:
            out = subprocess.run([sys.executable, script, os.path.join(OUT, source)] + flags,
                                 check=True, capture_output=True, text=True).stdout
            with open(os.path.join(OUT, name + suffix), "w") as f:
                f.write(out)


if __name__ == "__main__":
    main()
