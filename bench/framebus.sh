#!/bin/sh
# FrameBus benchmark: publish cost beside memcpy, frames/s, publish→reader
# latency, events/s. Writes bench/results/framebus.json. Run from the repo root.
set -e
swift build -c release --product framebus-bench
.build/release/framebus-bench --out bench/results/framebus.json "$@"
