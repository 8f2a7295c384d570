#!/usr/bin/env bash
# Coverage-guided fuzzing of the YAML reader and the response validator with libFuzzer.
#
#   bench/fuzz/run.sh [SECONDS]      (default 600; the corpus grows in bench/fuzz/corpus/)
#
# Builds EnkatCore and its dependencies instrumented (-sanitize=fuzzer,address) in
# .build-fuzz/, links bench/fuzz/FuzzResponse.swift against them, seeds the corpus with the
# sample responses, examples and survey definitions, and runs on both cores. A finding is
# written as bench/fuzz/crash-*; reproduce it with `.build-fuzz/enkat-fuzz FILE`. Not part of
# `swift test`: the short seeded run there is Tests/EnkatCoreTests/YAML/MutationTests.swift.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
SECONDS_TO_RUN="${1:-600}"
BUILD=.build-fuzz
FLAGS=(-Xswiftc -sanitize=fuzzer,address -Xswiftc -g)

swift build -c release --build-path "$BUILD" --target EnkatCore "${FLAGS[@]}" >&2
OBJECTS=()
for target in EnkatCore Mustache ZIPFoundation; do
  OBJECTS+=("$BUILD"/release/"$target".build/*.o)
done
swiftc -O -g -sanitize=fuzzer,address -parse-as-library \
  -I "$BUILD/release/Modules" -Xcc -fmodule-map-file=Sources/CYAML/module.modulemap \
  -Xcc -fmodule-map-file=Sources/CEnkatZlib/module.modulemap \
  -Xcc -fmodule-map-file="$BUILD/checkouts/ZIPFoundation/Sources/CZLib/module.modulemap" \
  bench/fuzz/FuzzResponse.swift "${OBJECTS[@]}" -lyaml -lz -o "$BUILD/enkat-fuzz" 2> >(grep -v "Cannot export local symbol" >&2)

CORPUS=bench/fuzz/corpus
mkdir -p "$CORPUS"
for file in responses/*/*.yaml examples/*.yaml surveys/*.yaml; do
  cp -n "$file" "$CORPUS/seed-$(echo "$file" | tr '/' '_')"
done
# ASAN's leak check is off: the catalog is kept for the whole run on purpose.
ASAN_OPTIONS=detect_leaks=0 "$BUILD/enkat-fuzz" -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -timeout=5 \
  -rss_limit_mb=2048 -fork=2 -artifact_prefix=bench/fuzz/ "$CORPUS"
