#!/usr/bin/env bash
# make e2e / make test: every end-to-end script (scripts/e2e-*.sh), each in turn.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
for s in scripts/e2e-*.sh; do
  [ -e "$s" ] || continue
  echo "== $s"
  "$s" || status=1
done
exit $status
