# Shared by the real-terminal e2e scripts (sourced, not run): the tangle
# binary to test, and a private Xvfb display that is stopped on exit.

# Sets TANGLE to an absolute path: $TANGLE if given, else a debug build.
find_tangle() {
  if [ -z "${TANGLE:-}" ]; then
    export PATH="$PATH:/opt/swift/usr/bin"
    swift build --product tangle >/dev/null
    TANGLE="$(swift build --show-bin-path)/tangle"
  fi
  TANGLE="$(cd "$(dirname "$TANGLE")" && pwd)/$(basename "$TANGLE")"
}

pids=()
# Newest first: clients before the X server they draw on (otherwise xterm
# reports "fatal IO error" as its display goes away under it).
stop_children() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
}
trap stop_children EXIT

# start_xvfb FIRST LAST SIZE LOG: the first free display in FIRST..LAST, at SIZE (e.g. 1280x1024x24).
start_xvfb() {
  display=""
  for n in $(seq "$1" "$2"); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
  done
  [ -n "$display" ] || { echo "$(basename "$0"): no free X display" >&2; exit 1; }
  # -displayfd: Xvfb writes the display number once it accepts clients (the
  # socket file appears earlier, and a loaded CI machine once lost that race:
  # "xterm: Can't open display").
  local ready="$4.ready"
  rm -f "$ready"
  Xvfb "$display" -screen 0 "$3" -nolisten tcp -displayfd 3 3>"$ready" >"$4" 2>&1 &
  local xvfb=$!
  pids+=($xvfb)
  for _ in $(seq 300); do
    [ -s "$ready" ] && return 0
    kill -0 "$xvfb" 2>/dev/null || break
    sleep 0.1
  done
  echo "$(basename "$0"): Xvfb $display did not start:" >&2
  cat "$4" >&2
  exit 1
}

# wait_for SECONDS WHAT COMMAND...: polls COMMAND every 0.1 s until it
# succeeds; on timeout says what it waited for, runs `on_timeout` (when the
# script defines it) to show why, and exits 1.
wait_for() {
  local limit=$1 what=$2; shift 2
  for _ in $(seq $((limit * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "$(basename "$0"): timed out waiting for $what" >&2
  if declare -F on_timeout >/dev/null; then on_timeout >&2; fi
  exit 1
}
