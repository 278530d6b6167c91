#!/usr/bin/env bash
# End-to-end: a sixel frame shown by a real xterm (-ti vt340) under Xvfb, then a
# screenshot compared with the source frame pixel by pixel.
#   scripts/e2e-xterm.sh            build tangle (debug) and run
#   TANGLE=path scripts/e2e-xterm.sh   use an existing binary
# Needs: xvfb, xterm, x11-apps (xwd), imagemagick (convert), python3 + numpy.
# Leaves the screenshot and the frame in bench/out/e2e-xterm/ to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/xvfb-lib.sh
export PATH="$PATH:/opt/swift/usr/bin"
out=bench/out/e2e-xterm
mkdir -p "$out"
rm -f "$out"/*

for tool in Xvfb xterm xwd convert python3; do
  command -v "$tool" >/dev/null || { echo "e2e-xterm: $tool missing (scripts/install-deps.sh test)" >&2; exit 1; }
done
find_tangle
work="$(cd "$out" && pwd)"

# A free display number.
start_xvfb 91 120 1280x1024x24 "$work/xvfb.log"

# Inside xterm: probe, print a marker on the top row, then the picture sized to the
# pane from row 1 to the screen's end (the placement keeps the bottom row free).
# The cursor is hidden, as the TUI hides it, so it does not cover a pixel.
inner="printf '\\033[?25lTOP-MARKER-TOP-MARKER'; \
  '$TANGLE' gfx-test --probe > '$work/probe.txt' 2>&1; \
  '$TANGLE' gfx-test --pattern graph --pane 1,0,999,999 --graphics sixel \
     --source-ppm '$work/source.ppm' --info '$work/info.txt' 2>'$work/gfx.err'; \
  touch '$work/shown'; sleep 60"
DISPLAY="$display" xterm -ti vt340 -xrm 'XTerm*decTerminalID: vt340' -xrm 'XTerm*numColorRegisters: 256' \
  -xrm 'XTerm*maxGraphicSize: 2000x2000' -geometry 100x40+0+0 -bg black -fg white \
  -e sh -c "$inner" &
pids+=($!)

for _ in $(seq 300); do [ -e "$work/shown" ] && break; sleep 0.1; done
[ -e "$work/shown" ] || { echo "e2e-xterm: the frame was never written" >&2; cat "$work/gfx.err" >&2 || true; exit 1; }
sleep 1.5
DISPLAY="$display" xwd -root -silent | convert xwd:- "$work/screenshot.png"
convert "$work/screenshot.png" -depth 8 "$work/screenshot.ppm"
convert "$work/source.ppm" "$work/source.png"

echo "probe: $(cat "$work/probe.txt")"
echo "placement: $(cat "$work/info.txt")"
PYTHONPATH=scripts python3 - "$work" <<'PY'
import sys
import numpy as np
from ppm import read_ppm as ppm

work = sys.argv[1]

probe = open(f"{work}/probe.txt").read()
info = dict(kv.split("=") for kv in open(f"{work}/info.txt").read().split())
failures = []
if "sixel=true" not in probe:
    failures.append(f"detection did not find sixel in xterm -ti vt340: {probe.strip()}")
if info["mode"] != "sixel":
    failures.append(f"placement mode {info['mode']}, expected sixel")

shot, src = ppm(f"{work}/screenshot.ppm"), ppm(f"{work}/source.ppm")
sh, sw = src.shape[:2]
cw, ch = map(int, info["cell"].split("x"))
row, col, rows, cols = map(int, info["pane"].split(","))
scr_cols, scr_rows = map(int, info["screen"].split("x"))
if (sw, sh) != tuple(map(int, info["pixels"].split("x"))):
    failures.append("source frame size differs from the placement")
if rows != scr_rows - 2:
    failures.append(f"pane rows {rows}: expected the screen's {scr_rows} minus the marker row and the free bottom row")
if sw != cols * cw or sh != rows * ch - (rows * ch) % 6:
    failures.append(f"frame {sw}x{sh} does not fill the pane {cols}x{rows} cells of {cw}x{ch}")

# Find the frame in the screenshot: the offset where a sample of its pixels match.
rng = np.random.default_rng(1)
ys, xs = rng.integers(0, sh, 400), rng.integers(0, sw, 400)
best = None
for oy in range(0, 80):
    for ox in range(0, 40):
        if oy + sh > shot.shape[0] or ox + sw > shot.shape[1]:
            continue
        d = np.abs(shot[oy + ys, ox + xs] - src[ys, xs]).max(axis=1)
        score = (d <= 3).mean()
        if best is None or score > best[0]:
            best = (score, ox, oy)
score, ox, oy = best
region = shot[oy:oy + sh, ox:ox + sw]
diff = np.abs(region - src).max(axis=2)
match = (diff <= 3).mean()
print(f"frame {sw}x{sh} found at ({ox},{oy}); {match * 100:.3f}% of pixels within 3 levels "
      f"(worst {diff.max()})")
if match < 0.9999:
    failures.append(f"only {match * 100:.2f}% of the frame's pixels match the source")
# The frame starts on the second text row (the marker row above it), at the pane's column 0.
if not (ch <= oy < 2 * ch + 4):
    failures.append(f"frame top at y={oy}, expected row 1 (cell height {ch})")
# No scrolling: the marker text is still on the top row (white glyph pixels there).
top = shot[oy - ch:oy, ox:ox + 21 * cw]
if (top.min(axis=2) > 200).sum() < 30:
    failures.append("the marker row is gone: the screen scrolled")
# Nothing of the image below the pane: the free bottom row is terminal black.
below = shot[oy + sh + 6: oy + sh + 6 + ch // 2, ox:ox + sw]
if below.size and (below.max(axis=2) > 40).mean() > 0.01:
    failures.append("pixels below the pane: the image spilled into the free row")

for f in failures:
    print("FAIL:", f)
print("e2e-xterm:", "FAILED" if failures else "ok", f"(screenshot {work}/screenshot.png)")
sys.exit(1 if failures else 0)
PY
