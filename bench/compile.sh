#!/usr/bin/env bash
# The compile benchmark, in one command:  bench/compile.sh
#
# Compiles a generated national-scale corpus (290 slutredovisning-sized responses, about
# 20 MB, with a generated registry of 290 regions) into every report format, and compares the
# time with `enkat check` over the same files. Target (from the issue): compile within 2× of
# check. The corpus is bench/gen_corpus.py's, generated with no answer over the limit (a set
# with errors is refused by compile), into bench/corpus-clean/.
#
# Environment: RUNS (timed runs per command, default 5), NO_BUILD=1 (use the existing
# .build-bench binary), ENKAT (another enkat binary).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

RUNS="${RUNS:-5}"
CORPUS=bench/corpus-clean
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
say() { printf '%s\n' "$*" >&2; }

if [ -z "${ENKAT:-}" ]; then
  if [ "${NO_BUILD:-0}" != 1 ]; then
    say "bench: swift build -c release --build-path .build-bench"
    swift build -c release --build-path .build-bench --product enkat >&2
  fi
  ENKAT=.build-bench/release/enkat
fi

if [ ! -f "$CORPUS/manifest.txt" ] || [ bench/gen_corpus.py -nt "$CORPUS/manifest.txt" ]; then
  say "bench: generating $CORPUS (no answer over the limit)"
  python3 - "$CORPUS" <<'PY'
import sys
sys.path.insert(0, "bench")
import gen_corpus
original = gen_corpus.TextMaker.length
gen_corpus.TextMaker.length = lambda self, over_fraction=0.0, low=1500, high=3000: original(self, 0.0, low, high)
sys.argv = ["gen_corpus.py", "--out", sys.argv[1]]
gen_corpus.main()
PY
fi

# Median wall time in ms of RUNS runs of a command (after one warm-up run).
median_ms() {
  "$@" >/dev/null 2>&1 || true
  local times=()
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

peak_mb() {
  /usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): *//p' | awk '{printf "%.0f", $1/1024}'
}

ARGS=(--surveys "$CORPUS/surveys")
check_ms=$(median_ms "$ENKAT" check "${ARGS[@]}" "$CORPUS/responses")
all_ms=$(median_ms "$ENKAT" compile "${ARGS[@]}" --out "$OUT" "$CORPUS/responses")
all_mb=$(peak_mb "$ENKAT" compile "${ARGS[@]}" --out "$OUT" "$CORPUS/responses")
"$ENKAT" compile "${ARGS[@]}" --out "$OUT" "$CORPUS/responses" >/dev/null

{
  echo "enkat compile benchmark: $(nproc) cores, median of $RUNS runs"
  echo "corpus: $(sed -n 's/^responses //p' "$CORPUS/manifest.txt") responses, $(awk '/^bytes/ {printf "%.1f MB", $2/1e6}' "$CORPUS/manifest.txt")"
  echo
  printf '%-44s %8s ms\n' "enkat check" "$check_ms"
  for format in json csv md html docx; do
    ms=$(median_ms "$ENKAT" compile "${ARGS[@]}" --out "$OUT" --format "$format" "$CORPUS/responses")
    printf '%-44s %8s ms\n' "enkat compile --format $format" "$ms"
  done
  printf '%-44s %8s ms   peak %s MB\n' "enkat compile (all five formats + audit)" "$all_ms" "$all_mb"
  echo
  echo "outputs:"
  ls -l "$OUT" | awk 'NR > 1 {printf "  %-70s %10d bytes\n", $9, $5}'
  echo
  awk -v c="$check_ms" -v a="$all_ms" 'BEGIN {printf "compile / check: %.2fx   target <= 2x   %s\n", a / c, (a <= 2 * c ? "PASS" : "FAIL")}'
} | tee bench/compile-results.txt
