#!/usr/bin/env bash
# make bench: every benchmark, side by side with its peers, results in bench/results/.
# Every result file carries the commit and the load average around its run:
# the benchmarks that do not record them are run through bench/stamped.py.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results bench/out
status=0
run() { echo "== $*"; "$@" || status=1; }
stamped() { python3 bench/stamped.py "$@" || status=1; }
echo "make bench at $(git rev-parse --short HEAD), $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== bench/graph_bench.py"; stamped graph.json graph.md -- python3 bench/graph_bench.py
run python3 bench/stats_bench.py
echo "== bench/memory_bench.py"; stamped memory.json memory.md -- python3 bench/memory_bench.py
echo "== bench/readers_bench.py"; stamped readers.md -- python3 bench/readers_bench.py
echo "== bench/readers_b.py"; stamped readers_b.json readers_b.md -- python3 bench/readers_b.py
run python3 bench/layout_bench.py
run python3 bench/layout_1m_bench.py
run python3 bench/filter_bench.py
run python3 bench/explorer_bench.py
run python3 bench/still_bench.py
run python3 bench/remote_bench.py
run python3 bench/open_bench.py
echo "== bench/stream_bench.py"; stamped stream_bench.json stream_bench.md -- python3 bench/stream_bench.py
run python3 bench/explorer_bench.py --big
echo "== termgfx-bench (terminal graphics encoders)"
stamped termgfx.json termgfx.md -- .build/release/termgfx-bench --out bench/results
echo "== framebus (shared-memory frame ring and event queue)"
stamped framebus.json -- bench/framebus.sh
echo "== render-bench (frame times beside a naive OSMesa loop)"
stamped render.json render.md -- .build/release/render-bench
echo "make bench done $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), status $status"
exit $status
