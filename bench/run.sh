#!/usr/bin/env bash
# The enkat performance benchmark, in one command:  bench/run.sh
#
# Builds a release enkat into .build-bench/ as scripts/main does (--static-swift-stdlib),
# generates the corpus (bench/gen_corpus.py) if it is missing or stale, compiles the libyaml
# floor (bench/floor.c) and the Swift process floor (bench/floor-swift.swift, `swiftc -O
# -static-stdlib`), then measures
#   (a) the floor: libyaml's event parser alone over the corpus, 1 and 2 threads;
#   (b) `enkat check --surveys bench/corpus/surveys bench/corpus/responses`, wall time;
#   (c) the peak RSS of that check (/usr/bin/time -v);
#   (d) `enkat check` on a single file: one corpus file, and the real Region Dalarna response,
#       as a user runs it a second time (its definitions in the cache, DefinitionCache, which
#       the warm-up fills), and the corpus file without the cache (ENKAT_NO_CACHE=1);
#   (e) start-up: `enkat --version`, against the Swift floor (a static Swift program that only
#       prints its arguments: the least a Swift process takes to start here);
# and prints a table with PASS/FAIL against the targets, also written to bench/results.txt.
#
# Environment: RUNS (timed runs per command, default 20), WARMUP (default 3),
# NO_BUILD=1 (use the existing .build-bench binary), ENKAT (another enkat binary to measure),
# NO_HYPERFINE=1 (time with the bash loop even when hyperfine is there).
# Uses hyperfine -N when present (and tries to install it from the Debian mirror when absent);
# falls back to a bash timing loop otherwise. Installs `time` when /usr/bin/time is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

RUNS="${RUNS:-20}"
WARMUP="${WARMUP:-3}"
BENCH=bench
CORPUS="$BENCH/corpus"
SURVEY=slutredovisning-region-2022
REAL_RESPONSE="responses/$SURVEY/region-dalarna.yaml"
RESULTS="$BENCH/results.txt"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Targets (from the issues).
TARGET_RATIO=1.5
TARGET_RSS_MB=200
TARGET_SINGLE_MS=30
TARGET_STARTUP_FLOORS=3   # enkat --version within 3x the Swift floor
TARGET_SINGLE_FLOORS=4    # a single-file check within 4x the Swift floor

say() { printf '%s\n' "$*" >&2; }

apt_install() {
  # Installs Debian packages when we are root and the package is known; never fails the run.
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-cache show "$@" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || return 1
    apt-cache show "$@" >/dev/null 2>&1 || return 1
  fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1
}

# --- tools --------------------------------------------------------------------------------
scripts/install-deps   # libyaml-dev and pkg-config, as for the build itself
command -v cc >/dev/null 2>&1 || { say "bench: no C compiler (cc) found"; exit 2; }
command -v python3 >/dev/null 2>&1 || { say "bench: python3 is needed for bench/gen_corpus.py"; exit 2; }
if [ ! -x /usr/bin/time ]; then
  say "bench: installing time (for /usr/bin/time -v)"
  apt_install time || { say "bench: /usr/bin/time is missing and could not be installed"; exit 2; }
fi
if [ "${NO_HYPERFINE:-0}" != 1 ] && ! command -v hyperfine >/dev/null 2>&1; then
  say "bench: hyperfine not found; trying apt-get install hyperfine"
  apt_install hyperfine || say "bench: hyperfine unavailable; using a bash timing loop"
fi
HAVE_HYPERFINE=0
[ "${NO_HYPERFINE:-0}" != 1 ] && command -v hyperfine >/dev/null 2>&1 && HAVE_HYPERFINE=1

# --- build --------------------------------------------------------------------------------
if [ -z "${ENKAT:-}" ]; then
  if [ "${NO_BUILD:-0}" != 1 ]; then
    say "bench: swift build -c release --static-swift-stdlib --build-path .build-bench"
    swift build -c release --static-swift-stdlib --build-path .build-bench --product enkat >&2
  fi
  ENKAT=.build-bench/release/enkat
fi
[ -x "$ENKAT" ] || { say "bench: $ENKAT not found"; exit 2; }

cc -O2 -Wall -o "$BENCH/floor" "$BENCH/floor.c" $(pkg-config --cflags --libs yaml-0.1) -lpthread
if [ ! -x "$BENCH/floor-swift" ] || [ "$BENCH/floor-swift.swift" -nt "$BENCH/floor-swift" ]; then
  say "bench: swiftc -O -static-stdlib bench/floor-swift.swift"
  swiftc -O -static-stdlib -o "$BENCH/floor-swift" "$BENCH/floor-swift.swift" >&2
fi

# --- corpus -------------------------------------------------------------------------------
[ -f "surveys/$SURVEY.yaml" ] || { say "bench: surveys/$SURVEY.yaml is missing"; exit 2; }
count=$( (find "$CORPUS/responses" -name '*.yaml' 2>/dev/null || true) | wc -l)
if [ "$count" -ne 290 ] || [ ! -f "$CORPUS/manifest.txt" ] || ! cmp -s "surveys/$SURVEY.yaml" "$CORPUS/surveys/$SURVEY.yaml" \
   || [ "$BENCH/gen_corpus.py" -nt "$CORPUS/responses/region-001.yaml" ]; then
  say "bench: generating the corpus"
  python3 "$BENCH/gen_corpus.py" --out "$CORPUS" >&2
fi
CORPUS_BYTES=$(cat "$CORPUS"/responses/*.yaml | wc -c)
CORPUS_FILES=$(find "$CORPUS/responses" -name '*.yaml' | wc -l)
ONE_FILE="$CORPUS/responses/region-001.yaml"

# --- timing -------------------------------------------------------------------------------
# time_cmd NAME CMD...: median, mean and min wall time in ms, and mean user+sys CPU ms, into
# $WORK/NAME.t as "median mean min cpu". Exit codes are ignored (enkat check exits 1 here).
time_cmd() {
  local name="$1"; shift
  if [ "$HAVE_HYPERFINE" = 1 ]; then
    hyperfine -N -i --warmup "$WARMUP" --runs "$RUNS" --style none \
      --export-json "$WORK/$name.json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
    python3 - "$WORK/$name.json" >"$WORK/$name.t" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.2f %.2f %.2f %.2f" % (r["median"] * 1e3, r["mean"] * 1e3, r["min"] * 1e3, (r["user"] + r["system"]) * 1e3))
PY
  else
    local i TIMEFORMAT='%3R %3U %3S'
    for ((i = 0; i < WARMUP; i++)); do "$@" >/dev/null 2>&1 || true; done
    : >"$WORK/$name.raw"
    for ((i = 0; i < RUNS; i++)); do
      { time "$@" >/dev/null 2>&1 || true; } 2>>"$WORK/$name.raw"
    done
    python3 - "$WORK/$name.raw" >"$WORK/$name.t" <<'PY'
import statistics, sys
rows = [[float(x) for x in line.split()] for line in open(sys.argv[1]) if line.strip()]
wall = [r[0] * 1e3 for r in rows]
cpu = [(r[1] + r[2]) * 1e3 for r in rows]
print("%.2f %.2f %.2f %.2f" % (statistics.median(wall), statistics.mean(wall), min(wall), statistics.mean(cpu)))
PY
  fi
}

# Other builds on the machine skew every wall time. Measure how much CPU the rest of the system
# used while we measured: the machine's busy time (/proc/stat) minus our own children's.
cpu_snapshot() {
  # Must run in this shell, not a subshell: `times` reports this shell's finished children.
  head -1 /proc/stat >"$WORK/stat.$1"
  times >"$WORK/times.$1"
  date +%s.%N >"$WORK/wall.$1"
}
# A cache of the definitions of this run only (DefinitionCache), not the user's.
export XDG_CACHE_HOME="$WORK/cache"
cpu_snapshot before
say "bench: timing the Swift floor (bench/floor-swift --version)"
time_cmd swiftfloor "$BENCH/floor-swift" --version
say "bench: timing enkat's start-up (enkat --version)"
time_cmd startup "$ENKAT" --version
say "bench: timing the floor (1 thread)"
time_cmd floor1 "$BENCH/floor" -q -j 1 "$CORPUS/responses"
say "bench: timing the floor (2 threads)"
time_cmd floor2 "$BENCH/floor" -q -j 2 "$CORPUS/responses"
say "bench: timing enkat check over the corpus"
time_cmd check "$ENKAT" check --surveys "$CORPUS/surveys" "$CORPUS/responses"
say "bench: timing enkat check on one file"
time_cmd single "$ENKAT" check --surveys "$CORPUS/surveys" "$ONE_FILE"
(export ENKAT_NO_CACHE=1; time_cmd singlecold "$ENKAT" check --surveys "$CORPUS/surveys" "$ONE_FILE")
HAVE_REAL=0
if [ -f "$REAL_RESPONSE" ]; then
  HAVE_REAL=1
  time_cmd real "$ENKAT" check "$REAL_RESPONSE"
fi

# --- the check's output and peak memory ---------------------------------------------------
set +e
"$ENKAT" check --surveys "$CORPUS/surveys" "$CORPUS/responses" >"$WORK/check.out" 2>"$WORK/check.err"
CHECK_RC=$?
set -e
TOO_LONG=$(grep -c '\[too-long\]$' "$WORK/check.out" || true)
SUMMARY=$(tail -1 "$WORK/check.out")
EXPECTED_TOO_LONG=$(sed -n 's/^too_long //p' "$CORPUS/manifest.txt" 2>/dev/null || true)

PEAK_KB=0
for _ in 1 2 3; do
  /usr/bin/time -v -o "$WORK/rss.txt" "$ENKAT" check --surveys "$CORPUS/surveys" "$CORPUS/responses" >/dev/null 2>&1 || true
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$WORK/rss.txt")
  [ "${kb:-0}" -gt "$PEAK_KB" ] && PEAK_KB=$kb
done
FLOOR_PEAK_KB=$(/usr/bin/time -v "$BENCH/floor" -q -j 2 "$CORPUS/responses" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): *//p')

cpu_snapshot after
OTHER_CPU=$(python3 - "$WORK" "$(getconf CLK_TCK)" <<'PY'
import os, re, sys
work, tick = sys.argv[1], int(sys.argv[2])
def snap(name):
    stat = [int(x) for x in open(os.path.join(work, "stat." + name)).read().split()[1:]]
    busy = (sum(stat[:8]) - stat[3] - stat[4]) / tick
    own = sum(int(m) * 60 + float(s) for m, s in re.findall(r"(\d+)m([\d.]+)s", open(os.path.join(work, "times." + name)).read().splitlines()[-1]))
    return busy, own, float(open(os.path.join(work, "wall." + name)).read())
b, a = snap("before"), snap("after")
other = (a[0] - b[0]) - (a[1] - b[1])
print("%.0f" % max(0.0, 100 * other / ((a[2] - b[2]) * os.cpu_count())))
PY
)

# --- report -------------------------------------------------------------------------------
export OTHER_CPU WORK RESULTS RUNS WARMUP HAVE_HYPERFINE HAVE_REAL REAL_RESPONSE CORPUS_FILES CORPUS_BYTES PEAK_KB \
  FLOOR_PEAK_KB CHECK_RC TOO_LONG SUMMARY EXPECTED_TOO_LONG TARGET_RATIO TARGET_RSS_MB TARGET_SINGLE_MS \
  TARGET_STARTUP_FLOORS TARGET_SINGLE_FLOORS
python3 - <<'PY'
import os, platform, sys
env = os.environ
def t(name):
    return [float(x) for x in open(os.path.join(env["WORK"], name + ".t")).read().split()]
floor1, floor2, check, single, startup = t("floor1"), t("floor2"), t("check"), t("single"), t("startup")
singlecold = t("singlecold")
swiftfloor = t("swiftfloor")
target_startup, target_single = float(env["TARGET_STARTUP_FLOORS"]), float(env["TARGET_SINGLE_FLOORS"])
real = t("real") if env["HAVE_REAL"] == "1" else None
target_ratio, target_rss, target_ms = float(env["TARGET_RATIO"]), float(env["TARGET_RSS_MB"]), float(env["TARGET_SINGLE_MS"])
ratio2, ratio1 = check[0] / floor2[0], check[0] / floor1[0]
ratio2_min = check[2] / floor2[2]
peak_mb = int(env["PEAK_KB"]) / 1024
floor_mb = int(env.get("FLOOR_PEAK_KB") or 0) / 1024
corpus_bytes = int(env["CORPUS_BYTES"])
def verdict(ok): return "PASS" if ok else "FAIL"
lines = []
add = lines.append
add("enkat benchmark: %d cores, %s, %s runs per command after %s warm-up" % (
    os.cpu_count(), "hyperfine" if env["HAVE_HYPERFINE"] == "1" else "bash timing loop", env["RUNS"], env["WARMUP"]))
add("corpus: %s responses, %.1f MB (%d bytes)" % (env["CORPUS_FILES"], corpus_bytes / 1e6, corpus_bytes))
add("")
add("%-40s %10s %10s %10s %10s" % ("command", "median ms", "mean ms", "min ms", "cpu ms"))
rows = [("floor (libyaml events), 1 thread", floor1), ("floor (libyaml events), 2 threads", floor2),
        ("enkat check, whole corpus", check), ("enkat check, one corpus file", single),
        ("  the same, ENKAT_NO_CACHE=1", singlecold)]
if real:
    rows.append(("enkat check, " + os.path.basename(env["REAL_RESPONSE"]), real))
rows.append(("enkat --version (start-up alone)", startup))
rows.append(("Swift floor (static, prints its args)", swiftfloor))
for label, v in rows:
    add("%-40s %10.1f %10.1f %10.1f %10.1f" % (label, v[0], v[1], v[2], v[3]))
add("")
add("check / floor, 2 threads: %6.2fx    target <= %.1fx   %s" % (ratio2, target_ratio, verdict(ratio2 <= target_ratio)))
add("check / floor, 1 thread:  %6.2fx    (for reference; fastest runs vs 2 threads: %.2fx)" % (ratio1, ratio2_min))
add("CPU time, check / floor:  %6.2fx    (user + system of the check vs the 1-thread floor)" % (check[3] / floor1[3]))
add("peak RSS of the check:    %6.1f MB   target <  %d MB  %s   (floor: %.1f MB)" % (
    peak_mb, target_rss, verdict(peak_mb < target_rss), floor_mb))
add("single file, corpus:      %6.1f ms   target <  %d ms   %s" % (single[0], target_ms, verdict(single[0] < target_ms)))
if real:
    add("single file, real:        %6.1f ms   target <  %d ms   %s" % (real[0], target_ms, verdict(real[0] < target_ms)))
else:
    add("single file, real:        skipped (%s not found)" % env["REAL_RESPONSE"])
add("")
add("against the Swift floor (%.2f ms median; the ratio of medians, and in CPU time):" % swiftfloor[0])
def floors(label, v, target):
    add("  %-26s %5.2fx  (cpu %5.2fx)   target <= %.0fx   %s" % (
        label, v[0] / swiftfloor[0], v[3] / swiftfloor[3], target, verdict(v[0] / swiftfloor[0] <= target)))
floors("enkat --version", startup, target_startup)
floors("single file, corpus", single, target_single)
add("  %-26s %5.2fx  (cpu %5.2fx)   (a first check, or with ENKAT_NO_CACHE=1)" % (
    "  the same, no cache", singlecold[0] / swiftfloor[0], singlecold[3] / swiftfloor[3]))
if real:
    floors("single file, real", real, target_single)
add("")
add("check exit code %s (1 expected: the corpus has answers over the limit)" % env["CHECK_RC"])
add("too-long errors reported: %s (the generator planted %s)" % (env["TOO_LONG"], env.get("EXPECTED_TOO_LONG") or "?"))
add("summary line: " + env["SUMMARY"])
other = int(env["OTHER_CPU"])
add("CPU used by other processes while measuring: %d %% of the machine%s" % (
    other, "   -- busy: wall times are inflated, run again on a quiet machine" if other > 5 else ""))
text = "\n".join(lines) + "\n"
sys.stdout.write(text)
open(env["RESULTS"], "w").write(text)
PY
