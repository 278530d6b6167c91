#!/usr/bin/env bash
# End-to-end tests: the real `tangle` binary driven as a person would (shell,
# tmux, xterm under Xvfb, headless Chromium). Every scripts/e2e-*.sh runs
# first, then the pytest suite in Tests/e2e. Run after `swift build`.
set -uo pipefail
cd "$(dirname "$0")/.."
export TANGLE_BIN=${TANGLE_BIN:-$PWD/.build/debug/tangle}
[ -x "$TANGLE_BIN" ] || swift build --product tangle || exit 1
status=0
for s in scripts/e2e-*.sh; do
  [ -e "$s" ] || continue
  echo "== $s"
  "$s" || { echo "FAILED: $s"; status=1; }
done
echo "== Tests/e2e (pytest)"
python3 -m pytest -q -p no:cacheprovider Tests/e2e "$@" || status=1
exit $status
