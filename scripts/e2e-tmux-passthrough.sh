#!/usr/bin/env bash
# End-to-end: the explorer inside tmux inside a real xterm (-ti vt340) under
# Xvfb. With `allow-passthrough on`, pictures go through tmux to xterm as
# sixel (at the pane's place on the outer screen): the screenshot must show
# the graph in colour in the picture pane, and tmux's own screen (capture-pane)
# must hold the explorer's panel, unbroken. Then with passthrough off, the
# explorer keeps cells and the status line says how to get pixels.
# Waits on conditions (frame log, capture-pane), never on fixed sleeps.
#   scripts/e2e-tmux-passthrough.sh        (TANGLE=path to use a given binary)
#   SCREENSHOT=docs/images/tmux-passthrough.png ...   also copy the screenshot there
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/xvfb-lib.sh
out=bench/out/e2e-tmux-passthrough
mkdir -p "$out"; rm -f "$out"/*
for tool in Xvfb xterm tmux xwd convert python3; do
  command -v "$tool" >/dev/null || { echo "e2e-tmux-passthrough: $tool missing (scripts/install-deps.sh test)" >&2; exit 1; }
done
find_tangle
work="$(cd "$out" && pwd)"
sock="tangle-e2e-$$"
stop_tmux() { tmux -L "$sock" kill-server 2>/dev/null || true; stop_children; }
trap stop_tmux EXIT

on_timeout() {
  tmux -L "$sock" capture-pane -p -t e2e 2>/dev/null || true
  [ -e "$work/frames.log" ] && tail -5 "$work/frames.log"
}
full_frame() { grep " render " "$work/frames.log" 2>/dev/null | grep -v partial | grep -q " full "; }

start_xvfb 131 170 1400x900x24 "$work/xvfb.log"
export DISPLAY="$display"
printf 'set -g allow-passthrough on\nset -g status off\n' > "$work/tmux.conf"
xterm -ti vt340 -xrm 'XTerm*decTerminalID: vt340' -xrm 'XTerm*numColorRegisters: 256' \
  -xrm 'XTerm*maxGraphicSize: 2000x2000' -fn '-misc-fixed-medium-r-normal--20-200-75-75-c-100-iso10646-1' \
  -geometry 132x42+0+0 -bg '#14161c' -fg '#d0d4dc' -title tangle-tmux-e2e \
  -e tmux -L "$sock" -f "$work/tmux.conf" new-session -s e2e \
     "TERM=tmux-256color TANGLE_FRAME_LOG='$work/frames.log' '$TANGLE' demo:lesmis --graphics sixel 2>'$work/stderr.txt'; echo \$? > '$work/status'; sleep 30" &
pids+=($!)
wait_for 20 "tmux" tmux -L "$sock" has-session -t e2e
wait_for 60 "a full picture" full_frame
wait_for 30 "the panel" sh -c "tmux -L '$sock' capture-pane -p -t e2e | grep -q communities"
# xterm draws the sixel once it has parsed it: screenshots until colour shows (at most 15 s).
# (Saturated pixels in the picture pane: the whole lesmis picture has 14,000–30,000, by layout.)
coloured() {
  convert "$1" -crop 850x780+0+20 -depth 8 rgb:- | python3 -c "
import sys, numpy as np
a = np.frombuffer(sys.stdin.buffer.read(), dtype=np.uint8).reshape(-1, 3).astype(int)
print(int(((a.max(axis=1) - a.min(axis=1)) > 60).sum()))"
}
# Until two screenshots in a row agree (xterm draws a large sixel as it parses it).
last=-1
for _ in $(seq 60); do
  xwd -root -silent | convert xwd:- -crop 1320x840+0+0 "$work/screenshot.png"
  n=$(coloured "$work/screenshot.png")
  [ "$n" -gt 8000 ] && [ "$n" = "$last" ] && break
  last=$n
  sleep 0.3
done
tmux -L "$sock" capture-pane -p -t e2e > "$work/pane.txt"
tmux -L "$sock" send-keys -t e2e q
wait_for 10 "the explorer to quit" test -e "$work/status"

# Passthrough off: cells, and the status line says how to get pixels.
tmux -L "$sock" set -g allow-passthrough off
tmux -L "$sock" new-window -t e2e "TERM=tmux-256color '$TANGLE' demo:lesmis 2>'$work/stderr-off.txt'; echo \$? > '$work/status-off'; sleep 30"
wait_for 30 "the passthrough hint" sh -c "tmux -L '$sock' capture-pane -p -t e2e | grep -q 'allow-passthrough on'"
tmux -L "$sock" capture-pane -p -t e2e > "$work/pane-off.txt"
tmux -L "$sock" send-keys -t e2e q
wait_for 10 "the second explorer to quit" test -e "$work/status-off"

python3 - "$work" <<'PY'
import subprocess, sys
sys.path.insert(0, "scripts")
from ppm import read_ppm
work = sys.argv[1]
ppm = f"{work}/screenshot.ppm"
subprocess.run(["convert", f"{work}/screenshot.png", "-depth", "8", ppm], check=True)
img = read_ppm(ppm)
failures = []
for name in ("status", "status-off"):
    s = open(f"{work}/{name}").read().strip()
    if s != "0":
        failures.append(f"tangle exited with {s} ({name})")
pane = img[20:800, 0:850].reshape(-1, 3)
sat = pane[(pane.max(axis=1) - pane.min(axis=1)) > 60]
colours = {tuple((c // 32).tolist()) for c in sat[:: max(1, len(sat) // 20000)]}
if len(sat) < 8000:
    failures.append(f"only {len(sat)} coloured pixels in the picture pane: the sixel did not come (whole) through tmux")
if len(colours) < 4:
    failures.append(f"only {len(colours)} colour families in the picture")
text = open(f"{work}/pane.txt").read()
for want in ("demo:lesmis", "Layout", "communities", "help"):
    if want not in text:
        failures.append(f"tmux's screen lacks {want!r}:\n{text}")
if "\ufffd" in text:
    failures.append("U+FFFD on tmux's screen")
if "allow-passthrough on" not in open(f"{work}/pane-off.txt").read():
    failures.append("with passthrough off, no hint in the status line")
print(f"e2e-tmux-passthrough: {len(sat)} coloured pixels, {len(colours)} colour families through tmux passthrough")
if failures:
    print("\n".join("FAIL: " + f for f in failures)); sys.exit(1)
print("e2e-tmux-passthrough: ok (screenshot in bench/out/e2e-tmux-passthrough/)")
PY
if [ -n "${SCREENSHOT:-}" ]; then cp "$work/screenshot.png" "$SCREENSHOT"; fi
