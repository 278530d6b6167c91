#!/usr/bin/env bash
# End-to-end: the explorer in a real xterm (-ti vt340, sixel) under Xvfb.
# Opens demo:lesmis, types "/Valjean" and Enter with xdotool, and checks
#  - the picture pane shows the graph in several community colours (screenshot);
#  - the selection was made: "Valjean" in the panel's Selection section (the
#    explorer's TANGLE_SCREEN_LOG), and the selection's white highlight in the
#    picture (screenshots before and after).
# Waits on conditions (frame log, screen log), never on fixed sleeps.
#   scripts/e2e-explorer-xterm.sh              (TANGLE=path to use a given binary)
#   SCREENSHOT=docs/images/explorer.png ...    also copy the screenshot there
# Needs: Xvfb, xterm, xdotool, xwd (x11-apps), convert (imagemagick), python3 + numpy.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/xvfb-lib.sh
out=bench/out/e2e-explorer-xterm
mkdir -p "$out"; rm -f "$out"/*
for tool in Xvfb xterm xdotool xwd convert python3; do
  command -v "$tool" >/dev/null || { echo "e2e-explorer-xterm: $tool missing (scripts/install-deps.sh test)" >&2; exit 1; }
done
find_tangle
work="$(cd "$out" && pwd)"

start_xvfb 121 160 1400x900x24 "$work/xvfb.log"

on_timeout() { [ -e "$work/screen.txt" ] && cat "$work/screen.txt"; }
# Picture lines only (the log also lists text-only writes and the terminal's answers).
frames() { if [ -e "$work/frames.log" ]; then grep -c " render " "$work/frames.log" || true; else echo 0; fi; }
full_frame_after() { grep " render " "$work/frames.log" | awk -v n="$1" 'NR > n && / full /' | grep -q .; }

export DISPLAY="$display"
xterm -ti vt340 -xrm 'XTerm*decTerminalID: vt340' -xrm 'XTerm*numColorRegisters: 256' \
  -xrm 'XTerm*maxGraphicSize: 2000x2000' -xrm 'XTerm*sixelScrolling: true' -xrm 'XTerm*allowSendEvents: true' -fn '-misc-fixed-medium-r-normal--20-200-75-75-c-100-iso10646-1' -geometry 132x42+0+0 \
  -bg '#14161c' -fg '#d0d4dc' -title tangle-e2e \
  -e sh -c "TERM=xterm-256color TANGLE_FRAME_LOG='$work/frames.log' TANGLE_SCREEN_LOG='$work/screen.txt' '$TANGLE' demo:lesmis 2>'$work/stderr.txt'; echo \$? > '$work/status'; sleep 30" &
pids+=($!)

win=""
wait_for 10 "the xterm window" sh -c 'xdotool search --name tangle-e2e | head -1 | grep -q .'
win=$(xdotool search --name tangle-e2e | head -1)
# The first full-detail picture of the paused layout, with the statistics in.
wait_for 60 "the first full picture" full_frame_after 0
wait_for 60 "the statistics" grep -q communities "$work/screen.txt"
xwd -root -silent | convert xwd:- -crop 1320x840+0+0 "$work/before.png"

xdotool type --window "$win" --delay 60 "/Valjean" 2>/dev/null
wait_for 20 "the search line" grep -q "1/1: Valjean" "$work/screen.txt"
n=$(frames)
xdotool key --window "$win" Return 2>/dev/null
wait_for 20 "the Selection section" grep -q "Selection" "$work/screen.txt"
wait_for 30 "a full picture after the selection" full_frame_after "$n"
# The bytes are in the terminal; xterm draws the sixel when it has parsed it.
# Take screenshots until the picture shows the highlight (or give up after 15 s).
white() { convert "$1" -crop 850x780+0+20 -fill black +opaque '#ffffff' -fill white -opaque '#ffffff' -format '%[fx:mean*w*h]' info:; }
base=$(white "$work/before.png")
for _ in $(seq 50); do
  xwd -root -silent | convert xwd:- -crop 1320x840+0+0 "$work/screenshot.png"
  now=$(white "$work/screenshot.png")
  python3 -c "import sys; sys.exit(0 if float('$now') > float('$base') + 30 else 1)" && break
  sleep 0.3
done
xdotool type --window "$win" q 2>/dev/null
wait_for 10 "the explorer to quit" test -e "$work/status"

python3 - "$work" <<'PY'
import os, subprocess, sys
import numpy as np
sys.path.insert(0, "scripts")
from ppm import read_ppm
def read_png(path):
    ppm = path[:-4] + ".ppm"
    subprocess.run(["convert", path, "-depth", "8", ppm], check=True)
    return read_ppm(ppm)
work = sys.argv[1]
img = read_png(f"{work}/screenshot.png")
before = read_png(f"{work}/before.png")
failures = []
status = open(f"{work}/status").read().strip()
if status != "0":
    failures.append(f"tangle exited with {status}: {open(work + '/stderr.txt').read()}")
screen = open(f"{work}/screen.txt").read().splitlines()
selection = [l for l in screen if "│" in l]
panel = "\n".join(l.split("│", 1)[1] for l in selection)
if "Selection" not in panel or not any("label" in l and "Valjean" in l for l in panel.splitlines()):
    failures.append("the panel's Selection section does not name Valjean:\n" + panel)
# The picture pane is the left ~two thirds; count distinct saturated colours there.
pane = img[20:800, 0:850].reshape(-1, 3)
sat = pane[(pane.max(axis=1) - pane.min(axis=1)) > 60]
colours = {tuple((c // 32).tolist()) for c in sat[:: max(1, len(sat) // 20000)]}
if len(sat) < 2000:
    failures.append(f"only {len(sat)} coloured pixels in the picture pane: no sixel picture shown")
if len(colours) < 4:
    failures.append(f"only {len(colours)} colour families in the picture: {sorted(colours)[:10]}")
# The selection's highlight: the selected node is drawn in the theme's white,
# its neighbours ringed, the rest dimmed. White pixels appear in the pane that
# were not there before, and the coloured ones dim.
white = lambda a: int(((a[20:800, 0:850] == 255).all(axis=2)).sum())
if white(img) < white(before) + 30:
    failures.append(f"no highlight in the picture: {white(before)} white pixels before, {white(img)} after")
# The side panel (right third) carries light text.
if (img[0:820, 900:1320].mean(axis=2) > 150).sum() < 3000:
    failures.append("the side panel shows almost no text")
print(f"e2e-explorer-xterm: {len(sat)} coloured pixels, {len(colours)} colour families, "
      f"white {white(before)} -> {white(img)}, exit {status}")
if failures:
    print("\n".join("FAIL: " + f for f in failures)); sys.exit(1)
print("e2e-explorer-xterm: ok (screenshots in bench/out/e2e-explorer-xterm/)")
PY
if [ -n "${SCREENSHOT:-}" ]; then cp "$work/screenshot.png" "$SCREENSHOT"; fi
