#!/usr/bin/env python3
"""Checks Tangle's statistics JSON against NetworkX.

usage: stats_peer_check.py OURS.json FILE [--directed] [--peer-input FILE2]

OURS.json is what `GraphStatistics.jsonString()` (`tangle stats --json`)
printed for FILE. Every key /work/shared/peers/nx_stats.py prints must agree
to 1e-9 relative; top_degree, top_pagerank, diameter (when not estimated) and
degree_histogram must equal scripts/nx_stats_extra.py's. --peer-input gives
nx_stats.py another file holding the same graph (NetworkX's edge-list reader
drops lone node ids, so a graph with isolates goes to it as .mtx).
Prints each difference; exits 1 if there is any.
"""
import json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.path.join(HERE, "..", "..", "shared", "peers", "nx_stats.py")
EXTRA = os.path.join(HERE, "nx_stats_extra.py")


def close(a, b):
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return a == b
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) or abs(a - b) < 1e-15


def main(args):
    if len(args) < 2:
        sys.exit(__doc__)
    ours = json.load(open(args[0]))
    path = args[1]
    flags = ["--directed"] if "--directed" in args else []
    peer_input = args[args.index("--peer-input") + 1] if "--peer-input" in args else path
    run = lambda cmd: json.loads(subprocess.run([sys.executable] + cmd + flags, check=True,
                                                capture_output=True, text=True).stdout)
    nx = run([PEER, peer_input])
    extra = run([EXTRA, path] + (["--no-diameter"] if ours.get("diameter_estimated") else []))
    problems = []
    for key, want in nx.items():
        if isinstance(want, dict):
            for sub, w in want.items():
                if not close(ours.get(key, {}).get(sub), w):
                    problems.append(f"{key}.{sub}: ours {ours.get(key, {}).get(sub)!r}, NetworkX {w!r}")
        elif not close(ours.get(key), want):
            problems.append(f"{key}: ours {ours.get(key)!r}, NetworkX {want!r}")
    keys = ["top_degree", "top_pagerank", "degree_histogram"]
    if not ours.get("diameter_estimated"):
        keys.append("diameter")
    for key in keys:
        if ours.get(key) != extra[key]:
            problems.append(f"{key}: ours {ours.get(key)!r}, NetworkX {extra[key]!r}")
    for p in problems:
        print(p)
    print(f"{path}: {'OK' if not problems else str(len(problems)) + ' difference(s)'} "
          f"({len(nx) + len(keys)} values compared with NetworkX)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
