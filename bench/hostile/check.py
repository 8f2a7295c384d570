"""Hostile responses for `enkat check` (issue 10): each grows in proportion to `scale`."""

import pathlib

SURVEY = "socialstyrelsen-kommun-2025"
HEAD = "survey: %s\nrespondent: falun\n" % SURVEY


def _write(tmpdir, name, text):
    path = pathlib.Path(tmpdir) / name
    path.write_text(text, encoding="utf-8", newline="")
    return ["check", str(path)]


def _answer(body):
    return HEAD + "answers:\n  omraden-kommentar: |\n    " + body + "\n"


def cases():
    yield "check: e-mail addresses in one answer", lambda d, s: _write(
        d, "emails.yaml", _answer(" ".join("a%d@exempel.se" % i for i in range(2500 * s))))
    yield "check: personnummer in one answer", lambda d, s: _write(
        d, "pnr.yaml", _answer(" ".join("19121212-1212" for _ in range(2500 * s))))
    yield "check: personnummer, one per line", lambda d, s: _write(
        d, "pnr-lines.yaml", _answer("\n    ".join("Nr 19121212-1212" for _ in range(2500 * s))))
    yield "check: top-level keys", lambda d, s: _write(
        d, "keys.yaml", HEAD + "".join("k%d: x\n" % i for i in range(600 * s)))
    yield "check: unknown answer keys", lambda d, s: _write(
        d, "answer-keys.yaml", HEAD + "answers:\n" + "".join("  fraga-%d: x\n" % i for i in range(600 * s)))
    yield "check: long respondent id", lambda d, s: _write(
        d, "long-id.yaml", "survey: %s\nrespondent: %s\nanswers: {}\n" % (SURVEY, "x" * (60000 * s)))
    yield "check: long option token", lambda d, s: _write(
        d, "long-option.yaml", HEAD + "answers:\n  vardplatser: " + "y" * (60000 * s) + "\n")
    yield "check: CR-only line breaks with findings", lambda d, s: _write(
        d, "cr.yaml", (HEAD + "answers:\n  omraden-kommentar: |\n" + "".join(
            "    Ring 070-123 45 67 eller skriv.\n" for _ in range(600 * s))).replace("\n", "\r"))
    yield "check: LINE SEPARATOR line breaks with findings", lambda d, s: _write(
        d, "ls.yaml", (HEAD + "answers:\n  omraden-kommentar: |\n" + "".join(
            "    Ring 070-123 45 67 eller skriv.\n" for _ in range(600 * s))).replace("\n", "\u2028"))
    yield "check: comments without a space before #", lambda d, s: _write(
        d, "hash.yaml", HEAD + "answers:\n" + "".join("  f%d: \"x\"#c\n" % i for i in range(600 * s)))
    yield "check: nesting", lambda d, s: _write(d, "nesting.yaml", HEAD + "answers: " + "[" * (4000 * s) + "\n")
