#!/usr/bin/env bash
# make bench: every benchmark, side by side with its peers, results in bench/results/.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results bench/out
status=0
for b in bench/graph_bench.py bench/stream_bench.py; do
  echo "== $b"
  python3 "$b" || status=1
done
exit $status
