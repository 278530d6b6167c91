"""Shared by the benchmarks: where a result comes from, and layout stress
measured on the same nodes for every tool."""
import csv, os, subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def commit():
    """The short commit of the checkout, with -dirty when tracked files other
    than the results (which the run itself rewrites) differ from it."""
    c = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return c + ("-dirty" if dirty else "")


def _id_key(s):
    """Node ids in numeric order when they are numbers, else in text order after them."""
    try:
        return (0, int(s), "")
    except ValueError:
        return (1, 0, s)


def stress_samples(edges_path, pos_path, seeds, sources=100):
    """layout_quality.py's stress (BFS distances from `sources` sampled nodes,
    weight d^-2, best uniform scale), once per seed. Sources are drawn from the
    node ids in sorted order, not from the positions file's rows, so every
    tool is measured from the same nodes whatever order it writes them in."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import shortest_path
    pairs = []
    with open(edges_path) as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#%":
                continue
            p = line.replace(",", " ").split()
            if len(p) >= 2:
                pairs.append((p[0], p[1]))
    with open(pos_path) as f:
        rows = {r["id"]: (float(r["x"]), float(r["y"])) for r in csv.DictReader(f)}
    ids = sorted(rows, key=_id_key)
    index = {u: i for i, u in enumerate(ids)}
    P = np.array([rows[u] for u in ids])
    E = np.array([(index[u], index[v]) for u, v in pairs if u != v], dtype=np.int64)
    n = len(P)
    A = coo_matrix((np.ones(len(E)), (E[:, 0], E[:, 1])), shape=(n, n)).tocsr()
    A = ((A + A.T) > 0).astype(np.int8)
    out = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        src = np.sort(rng.choice(n, size=min(sources, n), replace=False))
        D = shortest_path(A, unweighted=True, indices=src)
        X = np.linalg.norm(P[src][:, None, :] - P[None, :, :], axis=2)
        mask = np.isfinite(D) & (D > 0)
        d, x = D[mask], X[mask]
        alpha = np.sum(x / d) / np.sum(x ** 2 / d ** 2)
        out.append(float(np.mean(((alpha * x - d) / d) ** 2)))
    return out
