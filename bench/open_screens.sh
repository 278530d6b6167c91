#!/usr/bin/env bash
# Screenshots of a big graph's layout forming in a real terminal: xterm as a
# VT340 (sixel) under Xvfb, the explorer opened on BA-100k without positions,
# the screen grabbed every INTERVAL seconds until the layout is done.
#   bench/open_screens.sh [GRAPH] [SECONDS] [INTERVAL]
# Writes bench/out/open-screens/shot-TT.Ts.png (T = seconds after start).
set -euo pipefail
cd "$(dirname "$0")/.."
TANGLE=${TANGLE_BIN:-$PWD/.build/release/tangle}
GRAPH=${1:-bench/out/ba100k_m3.edges}
SECONDS_TOTAL=${2:-45}
INTERVAL=${3:-1.5}
[ -f "$GRAPH" ] || "$TANGLE" gen ba --nodes 100000 --m 3 --seed 1 -o "$GRAPH"
OUTDIR=bench/out/open-screens
rm -rf "$OUTDIR"; mkdir -p "$OUTDIR"
DISPLAY_NUM=${DISPLAY_NUM:-:87}
Xvfb "$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XTERM 2>/dev/null || true; kill $XVFB 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$DISPLAY_NUM
xterm -ti vt340 -geometry 160x48+0+0 -fn 7x14 -bg black -fg white \
  -xrm 'XTerm*numColorRegisters: 256' -xrm 'XTerm*sixelScrolling: false' \
  -xrm 'XTerm*maxGraphicSize: 1280x800' \
  -e env TANGLE_FRAME_LOG="$PWD/$OUTDIR/frames.log" "$TANGLE" "$GRAPH" --graphics sixel &
XTERM=$!
start=$(date +%s.%N)
while :; do
  now=$(date +%s.%N)
  t=$(echo "$now - $start" | bc)
  if [ "$(echo "$t > $SECONDS_TOTAL" | bc)" = 1 ]; then break; fi
  import -window root "$OUTDIR/shot-$(printf '%05.1f' "$t")s.png" 2>/dev/null || true
  sleep "$INTERVAL"
done
xdotool type --delay 50 q 2>/dev/null || true
sleep 1
ls "$OUTDIR"
