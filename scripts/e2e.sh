#!/usr/bin/env bash
# End-to-end tests: the real `tangle` binary driven as a person would (shell,
# tmux, xterm under Xvfb, headless Chromium). Run after `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."
export TANGLE_BIN=${TANGLE_BIN:-$PWD/.build/debug/tangle}
[ -x "$TANGLE_BIN" ] || swift build --product tangle
python3 -m pytest -q -p no:cacheprovider Tests/e2e "$@"
