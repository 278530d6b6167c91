#!/usr/bin/env python3
"""Run one benchmark command and stamp the result files it wrote with the
commit and the load average before and after it, for the benchmarks that do
not record them themselves (the Swift ones among them).

    python3 bench/stamped.py RESULT... -- COMMAND...

RESULT names files in bench/results/. A JSON object gets "commit",
"load_average_start" and "load_average_end" unless it already has a commit; a
Markdown file gets one line after its title unless it already names the commit.
Exits with the command's status; a result the command did not write is an error."""
import json, os, subprocess, sys
from benchlib import ROOT, commit

def main(argv):
    if "--" not in argv:
        raise SystemExit("usage: stamped.py RESULT... -- COMMAND...")
    k = argv.index("--")
    results, command = argv[:k], argv[k + 1:]
    res = os.path.join(ROOT, "bench", "results")
    c = commit()
    before = {r: os.path.getmtime(os.path.join(res, r)) if os.path.exists(os.path.join(res, r)) else None
              for r in results}
    load0 = os.getloadavg()[0]
    status = subprocess.run(command, cwd=ROOT).returncode
    load1 = os.getloadavg()[0]
    for r in results:
        path = os.path.join(res, r)
        if not os.path.exists(path) or os.path.getmtime(path) == before[r]:
            print(f"stamped.py: {r} was not written by {' '.join(command)}", file=sys.stderr)
            status = status or 1
            continue
        if r.endswith(".json"):
            d = json.load(open(path))
            if isinstance(d, dict) and not d.get("commit"):
                d.update({"commit": c, "load_average_start": load0, "load_average_end": load1})
                json.dump(d, open(path, "w"), indent=1)
        else:
            lines = open(path).read().split("\n")
            if not any(c in line for line in lines):
                at = 1 if lines and lines[0].startswith("#") else 0
                lines[at:at] = (["", f"Commit {c}; load average {load0:.2f} at the start, {load1:.2f} at the end "
                                     f"(2 cores). Command: `{' '.join(command)}`."] + ([""] if at == 0 else []))
                open(path, "w").write("\n".join(lines))
    return status

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
