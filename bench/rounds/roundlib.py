"""Helpers for the round scripts (load.py, kill9.py): a round with many respondents in a
temporary folder, the server started on 127.0.0.1 only, and a tiny HTTP client.

Only 127.0.0.1 is ever contacted."""

import http.client
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SURVEY = "socialstyrelsen-kommun-2025"
TEXT_QUESTION = "team-erfarenheter"


def binary(name="enkat"):
    """The release binary (ENKAT_BIN overrides the folder)."""
    for folder in [os.environ.get("ENKAT_BIN"), ROOT + "/.build-release/release", ROOT + "/.build/release"]:
        if folder and os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    raise SystemExit("no release build: run `swift build -c release` (or set ENKAT_BIN)")


def make_round(count):
    """A surveys/ copy whose registry has `count` extra kommuner, and a round for them.
    Returns (workdir, round_dir, surveys_dir, {respondent: path})."""
    work = tempfile.mkdtemp(prefix="enkat-round-bench-")
    surveys = os.path.join(work, "surveys")
    shutil.copytree(os.path.join(ROOT, "surveys"), surveys)
    ids = ["lasttest-%02d" % i for i in range(1, count + 1)]
    with open(os.path.join(surveys, "registry-dalarna.yaml"), "a", encoding="utf-8") as registry:
        for rid in ids:
            registry.write("  - id: %s\n    kind: kommun\n    name: Lasttest %s\n    official_name: Lasttest %s kommun\n    forms: [Lasttest %s]\n" % (rid, rid[-2:], rid[-2:], rid[-2:]))
    password = os.path.join(work, "password.txt")
    with open(password, "w") as f:
        f.write("bench-losenord-123456\n")
    directory = os.path.join(work, "omgang")
    env = dict(os.environ, ENKAT_BCRYPT_COST="4")
    out = subprocess.run(
        [binary(), "round", "new", directory, "--survey", SURVEY, "--respondents", ",".join(ids),
         "--admin-password-file", password, "--surveys", surveys],
        capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    links = dict(line.split(" ", 1) for line in out.stdout.strip().splitlines())
    return work, directory, surveys, links


class Server:
    """`enkat serve --round DIR --port 0` on 127.0.0.1; `port` once it listens."""

    def __init__(self, directory, surveys):
        self.process = subprocess.Popen(
            [binary(), "serve", "--round", directory, "--port", "0", "--listen", "127.0.0.1",
             "--surveys", surveys, "--templates", os.path.join(ROOT, "templates")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            self.process.kill()
            raise SystemExit("the server did not start: %r %s" % (line, self.process.stderr.read()))
        self.port = int(match.group(1))

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill9(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()


class Client:
    """One respondent's browser: a keep-alive connection to 127.0.0.1."""

    def __init__(self, port, path, timeout=30):
        self.port = port
        self.path = path
        self.timeout = timeout
        self.connection = None

    def request(self, method, path, body=None):
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                return response.status, response.read().decode("utf-8", "replace"), dict(response.getheaders())
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = None
                if attempt == 1:
                    raise
        raise RuntimeError("unreachable")

    def open(self):
        status, html, _ = self.request("GET", self.path)
        if status != 200:
            raise RuntimeError("GET %s: %s" % (self.path, status))
        token = re.search(r'name="token" value="([^"]*)"', html).group(1)
        csrf = re.search(r'name="csrf" value="([^"]*)"', html).group(1)
        return html, token, csrf

    def save(self, token, csrf, text):
        body = urllib.parse.urlencode([("token", token), ("csrf", csrf), ("q." + TEXT_QUESTION, text), ("action", "spara")])
        return self.request("POST", self.path + "/spara", body)


def answer_on_disk(directory, respondent):
    """The text question's answer in a response file (None when unanswered), and whether the
    file is intact: a YAML mapping for this survey and respondent (PyYAML reads it)."""
    import yaml

    path = os.path.join(directory, "responses", respondent + ".yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        return None, False, text
    intact = isinstance(document, dict) and document.get("survey") == SURVEY and document.get("respondent") == respondent
    answer = ((document or {}).get("answers") or {}).get(TEXT_QUESTION) if intact else None
    if isinstance(answer, dict):
        answer = answer.get("value")
    if isinstance(answer, str):
        answer = answer.rstrip("\n")
    return answer, intact, text


def saved_events(directory):
    """Saved events per respondent in the round's event log."""
    connection = sqlite3.connect("file:%s?mode=ro" % os.path.join(directory, "round.sqlite"), uri=True)
    try:
        return dict(connection.execute("SELECT respondent, count(*) FROM events WHERE action = 'saved' GROUP BY respondent").fetchall())
    finally:
        connection.close()


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(p / 100.0 * (len(ordered) - 1)))))
    return ordered[index]
