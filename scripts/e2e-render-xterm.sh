#!/usr/bin/env bash
# End-to-end: `tangle render demo:karate -o x.six` shown by a real xterm
# (-ti vt340) under Xvfb, screenshot compared with `tangle render ... -o x.png`
# of the same graph (same seed, size and theme). The sixel is the theme's fixed
# palette, so pixels may differ by that palette's step, never by more.
# Needs: Xvfb, xterm, xwd (x11-apps), convert (imagemagick), python3 + numpy.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/xvfb-lib.sh
out=bench/out/e2e-render-xterm
mkdir -p "$out"; rm -f "$out"/*
for tool in Xvfb xterm xwd convert python3; do
  command -v "$tool" >/dev/null || { echo "e2e-render-xterm: $tool missing (scripts/install-deps.sh test)" >&2; exit 1; }
done
find_tangle
work="$(cd "$out" && pwd)"
"$TANGLE" render demo:karate -o "$work/karate.six" --width 600 --height 480 --seed 3
"$TANGLE" render demo:karate -o "$work/karate.png" --width 600 --height 480 --seed 3
convert "$work/karate.png" -depth 8 "$work/karate.ppm"

start_xvfb 161 200 1024x768x24 "$work/xvfb.log"
DISPLAY="$display" xterm -ti vt340 -xrm 'XTerm*decTerminalID: vt340' -xrm 'XTerm*numColorRegisters: 256' \
  -xrm 'XTerm*maxGraphicSize: 2000x2000' -geometry 110x45+0+0 -bg black -fg white \
  -e sh -c "printf '\\033[?25l\\033[2;1H'; cat '$work/karate.six'; touch '$work/shown'; sleep 60" &
pids+=($!)
for _ in $(seq 300); do [ -e "$work/shown" ] && break; sleep 0.1; done
[ -e "$work/shown" ] || { echo "e2e-render-xterm: the sixel was never written" >&2; exit 1; }
sleep 1.5
DISPLAY="$display" xwd -root -silent | convert xwd:- "$work/screenshot.png"
convert "$work/screenshot.png" -depth 8 "$work/screenshot.ppm"

PYTHONPATH=scripts python3 - "$work" <<'PY'
import sys
import numpy as np
from ppm import read_ppm as ppm
work = sys.argv[1]
shot, src = ppm(f"{work}/screenshot.ppm"), ppm(f"{work}/karate.ppm")
sh, sw = src.shape[:2]
rng = np.random.default_rng(2)
ys, xs = rng.integers(0, sh, 600), rng.integers(0, sw, 600)
best = None
for oy in range(0, 80):
    for ox in range(0, 30):
        if oy + sh > shot.shape[0] or ox + sw > shot.shape[1]: continue
        score = (np.abs(shot[oy + ys, ox + xs] - src[ys, xs]).max(axis=1) <= 24).mean()
        if best is None or score > best[0]: best = (score, ox, oy)
_, ox, oy = best
diff = np.abs(shot[oy:oy + sh, ox:ox + sw] - src).max(axis=2)
close, mean = (diff <= 24).mean(), diff.mean()
coloured = ((src.max(axis=2) - src.min(axis=2)) > 60)
seen = (np.abs(shot[oy:oy + sh, ox:ox + sw] - src).max(axis=2)[coloured] <= 24).mean()
print(f"render {sw}x{sh} found at ({ox},{oy}); {close * 100:.2f}% of pixels within 24 levels, mean difference {mean:.2f}; "
      f"{seen * 100:.1f}% of the node-coloured pixels match")
failures = []
if close < 0.97: failures.append(f"only {close * 100:.2f}% of pixels match the PNG render")
if mean > 6: failures.append(f"mean difference {mean:.2f} levels")
if seen < 0.9: failures.append(f"only {seen * 100:.1f}% of node pixels match")
for f in failures: print("FAIL:", f)
print("e2e-render-xterm:", "FAILED" if failures else "ok", f"(screenshot {work}/screenshot.png)")
sys.exit(1 if failures else 0)
PY
