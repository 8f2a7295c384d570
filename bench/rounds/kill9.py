#!/usr/bin/env python3
"""Fault test of `enkat serve --round`: clients save continuously, the server is killed with
SIGKILL in the middle, and then:

1. every response file is intact (a YAML mapping for its respondent) and holds either the
   last save the server acknowledged or the one in flight at the kill (never an older one,
   never a torn file): nothing acknowledged is lost;
2. the server starts again on the same round (SQLite recovers its WAL), serves every link,
   and takes new saves.

Repeats for --rounds kills. Exit code 0 when all of it holds.

    python3 bench/rounds/kill9.py [--clients 20] [--rounds 3] [--seconds 4]

Traffic goes only to 127.0.0.1."""

import argparse
import os
import random
import shutil
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import roundlib  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=4, help="saving before each kill (plus up to 1 s at random)")
    args = parser.parse_args()

    work, directory, surveys, links = roundlib.make_round(args.clients)
    acknowledged = {}
    problems = []
    total_acks = 0
    for cycle in range(1, args.rounds + 1):
        server = roundlib.Server(directory, surveys)
        in_flight = {}
        lock = threading.Lock()
        stop = threading.Event()
        acks = [0]

        def respondent(rid, path, port=server.port):
            client = roundlib.Client(port, path, timeout=5)
            try:
                _, token, csrf = client.open()
                n = 0
                while not stop.is_set():
                    n += 1
                    text = "Kill-test %d/%d för %s, %.6f" % (cycle, n, rid, time.time())
                    with lock:
                        in_flight[rid] = text
                    status, _, _ = client.save(token, csrf, text)
                    if status != 303:
                        return
                    with lock:
                        acknowledged[rid] = text
                        acks[0] += 1
                    _, token, csrf = client.open()
            except Exception:  # noqa: BLE001 - the server was killed under this client
                return

        threads = [threading.Thread(target=respondent, args=item, daemon=True) for item in links.items()]
        for thread in threads:
            thread.start()
        time.sleep(args.seconds + random.random())
        server.kill9()
        stop.set()
        for thread in threads:
            thread.join(10)
        total_acks += acks[0]

        # 1. Nothing acknowledged lost, nothing torn.
        lost = 0
        for rid in links:
            value, intact, _ = roundlib.answer_on_disk(directory, rid)
            if not intact:
                problems.append("cycle %d: %s is not an intact response" % (cycle, rid))
            elif rid in acknowledged and value not in (acknowledged[rid], in_flight.get(rid)):
                lost += 1
                problems.append("cycle %d: %s lost its acknowledged save" % (cycle, rid))
            elif value is not None:
                acknowledged[rid] = value  # the in-flight save may have landed: it is the newest now

        # 2. It starts again on the same round, serves every link and saves.
        restarted = roundlib.Server(directory, surveys)
        served = 0
        for rid, path in links.items():
            client = roundlib.Client(restarted.port, path)
            _, token, csrf = client.open()
            text = "Efter omstart %d för %s" % (cycle, rid)
            status, _, _ = client.save(token, csrf, text)
            if status == 303:
                served += 1
                acknowledged[rid] = text
            else:
                problems.append("cycle %d: %s: save after restart answered %d" % (cycle, rid, status))
        restarted.stop()
        print("cycle %d: %d saves acknowledged before SIGKILL; %d lost; restart served and saved %d/%d respondents" % (
            cycle, acks[0], lost, served, len(links)))

    shutil.rmtree(work, ignore_errors=True)
    for line in problems[:20]:
        print("problem:", line)
    print("OK: %d acknowledged saves over %d kills, none lost" % (total_acks, args.rounds) if not problems else "FAILED")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
