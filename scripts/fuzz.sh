#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer: every GraphCore reader (one run per
# format), the positions CSV, theme JSON, the terminal reply parser and the
# side server's WebSocket input messages.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET ...]
#   FUZZ_RESULTS=FILE   the results file each run's table is added to (default .build-fuzz/results.md)
#   FUZZ_RUNS=N         stop a target after N executions (SECONDS stays the cap)
#
# Each harness (scripts/fuzz/Fuzz*.swift) is compiled with the sources it
# exercises into one binary in .build-fuzz (-sanitize=fuzzer,address, optimised
# but with Swift's overflow and bounds traps), never in `swift build`. Corpora
# start from the committed seeds (scripts/fuzz/seeds/TARGET) plus the
# Tests/Fixtures files of that format and grow in .build-fuzz/corpus/TARGET.
# A crash leaves its input in .build-fuzz/artifacts/TARGET/ and makes this
# script exit non-zero. Executions, coverage and corpus size of every run are
# added to the results file (earlier runs stay).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-60}
shift || true
TARGETS=("$@")
READERS=(json pajek mtx edgelist csv tsv graphml gexf gml dot)
if [ ${#TARGETS[@]} -eq 0 ]; then TARGETS=("${READERS[@]}" positions theme termreply wsinput); fi
OUT=.build-fuzz
RESULTS=${FUZZ_RESULTS:-$OUT/results.md}
mkdir -p "$OUT"
SWIFTC=${SWIFTC:-swiftc}

# binary name, then its sources
binary_for() {
    case "$1" in
        positions) echo fuzz-positions ;; theme) echo fuzz-theme ;; termreply) echo fuzz-termreply ;;
        wsinput) echo fuzz-wsinput ;; *) echo fuzz-graphio ;;
    esac
}
build() {
    local bin=$1 module sources
    [ -x "$OUT/$bin" ] && [ -z "${FUZZ_REBUILD:-}" ] && [ "$OUT/$bin" -nt scripts/fuzz.sh ] && return 0
    case "$bin" in
        fuzz-graphio) module=GraphCoreFuzz; sources="Sources/TangleBasics/*.swift Sources/GraphCore/*.swift scripts/fuzz/FuzzHarness.swift" ;;
        fuzz-positions) module=PositionsFuzz; sources="Sources/TangleBasics/*.swift Sources/GraphCore/*.swift Sources/Layout/*.swift scripts/fuzz/FuzzPositions.swift" ;;
        fuzz-theme) module=ThemeFuzz; sources="Sources/Render/Theme.swift Sources/Render/ThemeReader.swift Sources/Render/ThemeLibrary.swift Sources/Render/BuiltinThemes.swift Sources/Render/RGB.swift Sources/Render/RenderError.swift Sources/Render/IndexedPalette.swift scripts/fuzz/FuzzTheme.swift" ;;
        fuzz-termreply) module=TermReplyFuzz; sources="Sources/TangleBasics/*.swift Sources/TerminalGraphics/TerminalReplyParser.swift Sources/TerminalGraphics/TerminalCapabilities.swift Sources/TerminalGraphics/GraphicsMode.swift Sources/TerminalGraphics/TerminalGraphicsError.swift scripts/fuzz/FuzzTerminalReplies.swift" ;;
        fuzz-wsinput) module=WSInputFuzz; sources="Sources/TangleBasics/*.swift Sources/StreamServer/InputMessage.swift Sources/StreamServer/InputEvent.swift Sources/FrameBus/InteractionEvent.swift Sources/StreamInterface/WebKey.swift scripts/fuzz/FuzzInputMessage.swift" ;;
    esac
    # Shared basics (a clock, a seeded generator) go in with any layer that uses them.
    if [ -d Sources/TangleBasics ] && [ "$bin" != fuzz-wsinput ]; then sources="Sources/TangleBasics/*.swift $sources"; fi
    echo "building $OUT/$bin"
    # The sources of several targets become one module: copies without their
    # imports of each other (C modules and the standard ones stay).
    local src="$OUT/src-$bin"
    rm -rf "$src"; mkdir -p "$src"
    local f
    # shellcheck disable=SC2086
    for f in $sources; do
        sed -E '/^(@testable )?import (GraphCore|Layout|Render|StreamInterface|FrameBus|TerminalGraphics|StreamServer|TangleBasics)$/d' \
            "$f" > "$src/$(echo "$f" | tr '/' '_')"
    done
    "$SWIFTC" -sanitize=fuzzer,address -O -parse-as-library -module-name "$module" -suppress-warnings \
        -I Sources/CZlib -lz "$src"/*.swift -o "$OUT/$bin" 2> "$OUT/$bin.build.log" \
        || { grep -v -e "Cannot export local symbol" "$OUT/$bin.build.log"; exit 1; }
}

extensions() {
    case "$1" in
        json) echo json ;; pajek) echo "net paj" ;; mtx) echo mtx ;; edgelist) echo "edgelist edges txt el" ;;
        csv) echo csv ;; tsv) echo tsv ;; graphml) echo "graphml xml" ;; gexf) echo gexf ;; gml) echo gml ;; dot) echo "dot gv" ;;
    esac
}

{
    echo "## Run of $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "\`${FUZZ_RUNS:+FUZZ_RUNS=$FUZZ_RUNS }scripts/fuzz.sh $SECONDS_PER_TARGET ${TARGETS[*]}\`, $(nproc) cores (shared)."
    echo
    echo "| target | seconds | executions | exec/s | coverage (edges) | features | corpus | result |"
    echo "|---|---|---|---|---|---|---|---|"
} > "$RESULTS.tmp"

status=0
for target in "${TARGETS[@]}"; do
    bin=$(binary_for "$target")
    build "$bin"
    corpus="$OUT/corpus/$target"
    artifacts="$OUT/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts"
    [ -d "scripts/fuzz/seeds/$target" ] && cp scripts/fuzz/seeds/"$target"/* "$corpus/" 2>/dev/null || true
    for ext in $(extensions "$target"); do
        for f in Tests/Fixtures/*."$ext"; do [ -e "$f" ] && cp "$f" "$corpus/"; done
    done
    echo "== $target: $(ls "$corpus" | wc -l) inputs, ${SECONDS_PER_TARGET}s${FUZZ_RUNS:+ or $FUZZ_RUNS runs}"
    result=ok
    runs=()
    [ -n "${FUZZ_RUNS:-}" ] && runs=(-runs="$FUZZ_RUNS")
    started=$(date +%s)
    if FUZZ_FORMAT="$target" ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no "$OUT/$bin" "$corpus" \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
        -artifact_prefix="$artifacts" -print_final_stats=1 "${runs[@]}" > "$OUT/$target.log" 2>&1; then
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$OUT/$target.log" | tail -2
    else
        status=1
        result="**FAILED** (input in $artifacts)"
        echo "!! $target: libFuzzer stopped on a failure; input saved in $artifacts"
        grep -E "ERROR|Fatal error|SUMMARY|Test unit written|deadly signal" "$OUT/$target.log" | head -10
        echo "   reproduce: FUZZ_FORMAT=$target $OUT/$bin $artifacts/crash-*"
    fi
    elapsed=$(( $(date +%s) - started ))
    execs=$(grep -oE "stat::number_of_executed_units: [0-9]+" "$OUT/$target.log" | grep -oE "[0-9]+$" | tail -1)
    rate=$(grep -oE "exec/s: [0-9]+" "$OUT/$target.log" | grep -oE "[0-9]+$" | tail -1)
    cov=$(grep -oE "cov: [0-9]+" "$OUT/$target.log" | grep -oE "[0-9]+$" | tail -1)
    ft=$(grep -oE "ft: [0-9]+" "$OUT/$target.log" | grep -oE "[0-9]+$" | tail -1)
    echo "| $target | $elapsed | ${execs:-?} | ${rate:-?} | ${cov:-?} | ${ft:-?} | $(ls "$corpus" | wc -l) | $result |" >> "$RESULTS.tmp"
done
# Each run is added to the results file: the record of every run is kept.
if [ -s "$RESULTS" ]; then
    { echo; cat "$RESULTS.tmp"; } >> "$RESULTS"
    rm -f "$RESULTS.tmp"
else
    { echo "# Fuzzing results"; echo; cat "$RESULTS.tmp"; } > "$RESULTS"
    rm -f "$RESULTS.tmp"
fi
echo "results: $RESULTS"
exit $status
