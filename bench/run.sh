#!/usr/bin/env bash
# make bench: every benchmark, side by side with its peers, results in bench/results/.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results bench/out
status=0
for b in bench/graph_bench.py bench/stats_bench.py bench/memory_bench.py bench/readers_bench.py bench/readers_b.py bench/layout_bench.py bench/layout_1m_bench.py bench/filter_bench.py bench/explorer_bench.py bench/still_bench.py bench/remote_bench.py bench/open_bench.py bench/stream_bench.py; do
  echo "== $b"
  python3 "$b" || status=1
done
echo "== bench/explorer_bench.py --big (BA-1M with positions)"
python3 bench/explorer_bench.py --big || status=1
echo "== termgfx-bench (terminal graphics encoders)"
.build/release/termgfx-bench --out bench/results || status=1
echo "== framebus (shared-memory frame ring and event queue)"
bench/framebus.sh || status=1
echo "== render-bench (frame times beside a naive OSMesa loop)"
.build/release/render-bench || status=1
exit $status
