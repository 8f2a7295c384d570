#!/usr/bin/env python3
"""Load test of `enkat serve --round`: N respondents (default 50) save concurrently for S
seconds (default 60) against one release server on 127.0.0.1, each save a new unique text.

Checks, after the server has stopped: every response file is intact (a YAML mapping for its
respondent), holds exactly the last save the server acknowledged for it (no lost save), and
the event log has one `saved` row per acknowledged save. Prints p50/p99 save latency and
throughput. Exit code 0 when nothing was lost or corrupted, 1 otherwise.

    python3 bench/rounds/load.py [--clients 50] [--seconds 60]

Traffic goes only to 127.0.0.1 and is bounded by --seconds."""

import argparse
import os
import shutil
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import roundlib  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the round folder")
    args = parser.parse_args()

    work, directory, surveys, links = roundlib.make_round(args.clients)
    server = roundlib.Server(directory, surveys)
    latencies = []
    acknowledged = {}
    counts = {}
    failures = []
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds
    start = threading.Event()

    def respondent(rid, path):
        client = roundlib.Client(server.port, path)
        try:
            _, token, csrf = client.open()
            start.wait()
            n = 0
            while time.monotonic() < deadline:
                n += 1
                text = "Sparning %d av %s, %.6f: ÅÄÖ åäö." % (n, rid, time.time())
                began = time.perf_counter()
                status, _, headers = client.save(token, csrf, text)
                elapsed = time.perf_counter() - began
                if status != 303:
                    with lock:
                        failures.append("%s: save %d answered %d" % (rid, n, status))
                    break
                with lock:
                    latencies.append(elapsed)
                    acknowledged[rid] = text
                    counts[rid] = counts.get(rid, 0) + 1
                # The next save starts from the version now on disk, as a browser would.
                _, token, csrf = client.open()
        except Exception as error:  # noqa: BLE001 - reported, then counted as a failure
            with lock:
                failures.append("%s: %r" % (rid, error))

    threads = [threading.Thread(target=respondent, args=item) for item in links.items()]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    start.set()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    server.stop()

    lost = []
    corrupted = []
    for rid in links:
        value, intact, _ = roundlib.answer_on_disk(directory, rid)
        if not intact:
            corrupted.append(rid)
        elif acknowledged.get(rid) is not None and value != acknowledged[rid]:
            lost.append(rid)
    events = roundlib.saved_events(directory)
    event_mismatch = [rid for rid in links if events.get(rid, 0) != counts.get(rid, 0)]

    saves = len(latencies)
    print("| clients | seconds | saves | throughput (saves/s) | p50 (ms) | p99 (ms) | max (ms) | lost | corrupted | failed requests |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print("| %d | %.0f | %d | %.1f | %.1f | %.1f | %.1f | %d | %d | %d |" % (
        args.clients, wall, saves, saves / wall if wall else 0,
        roundlib.percentile(latencies, 50) * 1000, roundlib.percentile(latencies, 99) * 1000,
        max(latencies) * 1000 if latencies else 0, len(lost), len(corrupted), len(failures)))
    for line in failures[:10]:
        print("failure:", line)
    if event_mismatch:
        print("event log: saved rows differ from acknowledged saves for", ", ".join(event_mismatch[:10]))
    if args.keep:
        print("round kept in", directory)
    else:
        shutil.rmtree(work, ignore_errors=True)
    ok = not lost and not corrupted and not failures and not event_mismatch
    print("OK: no lost or corrupted save" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
