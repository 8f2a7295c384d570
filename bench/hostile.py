#!/usr/bin/env python3
"""The hostile-input benchmark (issue 10): every hostile input doubled four times.

    python3 bench/hostile.py [--enkat .build/release/enkat] [--only TEXT] [--scales 1,2,4,8,16]

Each module in bench/hostile/ yields cases `(name, build)`; `build(tmpdir, scale)` writes the
input for that scale and returns enkat's arguments. Each case runs three times per scale (the median counts) from
the repository root, and the table shows wall time, peak memory (a second run under /usr/bin/time), exit code
and, per case, the largest ratio between one step and the one before. Linear growth means each doubling is at most 2.5x slower;
a doubling from a step under 50 ms is not judged (process start-up dominates it). Exit code 1 when any
doubling is slower than that, when enkat crashes (exit beyond 2) or when a run exceeds 2 s or
500 MB at any scale.
"""

import argparse
import importlib.util
import os
import pathlib
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
TIME_LIMIT, MEMORY_LIMIT_MB, RATIO_LIMIT, NOISE_S = 2.0, 500, 2.5, 0.05


def load_cases(only):
    for path in sorted((HERE / "hostile").glob("*.py")):
        spec = importlib.util.spec_from_file_location("hostile_" + path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, build in module.cases():
            if not only or only in name:
                yield name, build


def run(enkat, argv, timeout):
    start = time.perf_counter()
    try:
        process = subprocess.run([enkat] + argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 timeout=timeout)
        code = process.returncode
    except subprocess.TimeoutExpired:
        code = "timeout"
    return time.perf_counter() - start, code


def peak_mb(enkat, argv):
    result = subprocess.run(["/usr/bin/time", "-f", "%M", enkat] + argv, cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    lines = [line for line in result.stderr.strip().splitlines() if line.strip().isdigit()]
    return int(lines[-1]) / 1024 if lines else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--enkat", default=str(REPO / ".build" / "release" / "enkat"))
    parser.add_argument("--only", default="")
    parser.add_argument("--scales", default="1,2,4,8,16")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per step; the median counts")
    args = parser.parse_args()
    enkat = str(pathlib.Path(args.enkat).resolve())
    if not os.access(enkat, os.X_OK):
        sys.exit("hostile.py: %s not found; build it with `swift build -c release --product enkat`" % enkat)
    scales = [int(s) for s in args.scales.split(",")]
    failures = []
    print("| case | " + " | ".join("×%d" % s for s in scales) + " | worst step |")
    print("|---|" + "---|" * (len(scales) + 1))
    for name, build in load_cases(args.only):
        cells, times = [], []
        for scale in scales:
            # Each run gets its input made anew in a fresh folder, so that no run meets the
            # output of the one before (print-text never overwrites a file).
            runs = []
            for number in range(args.runs + 1):
                with tempfile.TemporaryDirectory(prefix="enkat-hostile-") as tmp:
                    argv = build(pathlib.Path(tmp), scale)
                    if number == args.runs:
                        memory = peak_mb(enkat, argv) if runs[-1][1] != "timeout" else float("nan")
                        break
                    size = sum(f.stat().st_size for f in pathlib.Path(tmp).rglob("*") if f.is_file())
                    runs.append(run(enkat, argv, args.timeout))
            elapsed = sorted(t for t, _ in runs)[len(runs) // 2]
            code = runs[-1][1]
            times.append(elapsed)
            cells.append("%s: %.0f ms, %.0f MB, exit %s" % (human(size), elapsed * 1000, memory, code))
            if code == "timeout" or (isinstance(code, int) and code > 2):
                failures.append("%s ×%d: exit %s" % (name, scale, code))
            if elapsed > TIME_LIMIT or memory > MEMORY_LIMIT_MB:
                failures.append("%s ×%d: %.2f s, %.0f MB" % (name, scale, elapsed, memory))
        steps = [b / a for a, b in zip(times, times[1:]) if a > NOISE_S]
        worst = max(steps) if steps else 1.0
        if worst > RATIO_LIMIT:
            failures.append("%s: a doubling took %.1f× as long" % (name, worst))
        print("| %s | %s | %.2f× |" % (name, " | ".join(cells), worst))
        sys.stdout.flush()
    if failures:
        print("\nNot linear or over a limit:\n  " + "\n  ".join(failures))
        return 1
    return 0


def human(size):
    return "%.0f KB" % (size / 1024) if size < 1 << 20 else "%.1f MB" % (size / (1 << 20))


if __name__ == "__main__":
    sys.exit(main())
