#!/usr/bin/env bash
# make test: every fuzz target (readers, positions CSV, theme JSON, terminal
# replies, WebSocket input) under libFuzzer for a short time (FUZZ_SECONDS
# each, default 8), seeded with the committed seeds and the fixtures. A crash
# fails the run and leaves its input in .build-fuzz/artifacts/TARGET/; counts
# go to .build-fuzz/results.md. `make fuzz` is the long run.
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/fuzz.sh "${FUZZ_SECONDS:-8}"
