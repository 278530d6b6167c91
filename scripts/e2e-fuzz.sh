#!/usr/bin/env bash
# make test: every reader under libFuzzer for a bounded time (FUZZ_SECONDS each,
# default 8), seeded with the fixtures. A crash fails the run and leaves its
# input in .build-fuzz/artifacts/FORMAT/.
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/fuzz.sh "${FUZZ_SECONDS:-8}"
