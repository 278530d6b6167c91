#!/usr/bin/env bash
# Coverage-guided fuzzing of every GraphCore reader with libFuzzer.
#
#   scripts/fuzz.sh [SECONDS_PER_FORMAT] [FORMAT ...]
#
# Builds .build-fuzz/fuzz-graphio (GraphCore's sources + scripts/fuzz/FuzzHarness.swift,
# -sanitize=fuzzer,address, optimised but with Swift's overflow and bounds traps),
# then runs it for SECONDS_PER_FORMAT (default 60) per format, the format forced
# with FUZZ_FORMAT and the corpus seeded with Tests/Fixtures files of that format.
# Corpora grow in .build-fuzz/corpus/FORMAT; a crash leaves its input in
# .build-fuzz/artifacts/FORMAT/ and makes this script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_FORMAT=${1:-60}
shift || true
FORMATS=("$@")
if [ ${#FORMATS[@]} -eq 0 ]; then FORMATS=(json pajek mtx edgelist csv tsv graphml gexf gml dot); fi
OUT=.build-fuzz
mkdir -p "$OUT"
SWIFTC=${SWIFTC:-swiftc}

echo "building $OUT/fuzz-graphio"
"$SWIFTC" -sanitize=fuzzer,address -O -parse-as-library -module-name GraphCoreFuzz \
    -I Sources/CZlib -lz \
    Sources/GraphCore/*.swift scripts/fuzz/FuzzHarness.swift \
    -o "$OUT/fuzz-graphio" 2> "$OUT/build.log" || { grep -v -e "Cannot export local symbol" "$OUT/build.log"; exit 1; }
# ld.gold warns about ASan's local symbols; anything else is worth showing.
grep -v -e "Cannot export local symbol" "$OUT/build.log" || true

extensions() {
    case "$1" in
        json) echo json ;; pajek) echo "net paj" ;; mtx) echo mtx ;; edgelist) echo "edgelist edges txt el" ;;
        csv) echo csv ;; tsv) echo tsv ;; graphml) echo "graphml xml" ;; gexf) echo gexf ;; gml) echo gml ;; dot) echo "dot gv" ;;
    esac
}

status=0
for format in "${FORMATS[@]}"; do
    corpus="$OUT/corpus/$format"
    artifacts="$OUT/artifacts/$format/"
    mkdir -p "$corpus" "$artifacts"
    for ext in $(extensions "$format"); do
        for f in Tests/Fixtures/*."$ext"; do [ -e "$f" ] && cp "$f" "$corpus/"; done
    done
    echo "== $format: $(ls "$corpus" | wc -l) seeds, ${SECONDS_PER_FORMAT}s"
    if FUZZ_FORMAT="$format" ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no "$OUT/fuzz-graphio" "$corpus" \
        -max_total_time="$SECONDS_PER_FORMAT" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
        -artifact_prefix="$artifacts" -print_final_stats=1 > "$OUT/$format.log" 2>&1; then
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$OUT/$format.log" | tail -3
    else
        status=1
        echo "!! $format: libFuzzer stopped on a failure; input saved in $artifacts"
        grep -E "ERROR|Fatal error|SUMMARY|Test unit written|deadly signal" "$OUT/$format.log" | head -10
        echo "   reproduce: FUZZ_FORMAT=$format $OUT/fuzz-graphio $artifacts/crash-*"
    fi
done
exit $status
