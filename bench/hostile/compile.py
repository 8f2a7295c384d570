"""Hostile free texts for `enkat compile` (issue 10): 4 × scale generated slutredovisning
responses whose every free text (within the 3000-character limit, so the set compiles) is dense
with e-mail addresses, personnummer and phone numbers, which the anonymizer must replace."""

import itertools
import os
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import gen_corpus  # noqa: E402

_counter = itertools.count()


def _hostile_sentence(self):
    n = next(_counter)
    return ("Kontakta a%d@exempel.se eller 070-%03d %02d %02d, nr 19121212-1212." %
            (n, n % 1000, n % 100, (n * 7) % 100))


def _build(tmpdir, scale):
    out = pathlib.Path(tmpdir) / "corpus"
    original_sentence = gen_corpus.TextMaker.sentence
    original_length = gen_corpus.TextMaker.length
    gen_corpus.TextMaker.sentence = _hostile_sentence
    gen_corpus.TextMaker.length = lambda self, over_fraction=0.0, low=1500, high=2900: original_length(self, 0.0, low, high)
    argv = sys.argv
    try:
        sys.argv = ["gen_corpus.py", "--out", str(out), "--count", str(4 * scale)]
        stdout = sys.stdout
        sys.stdout = open(os.devnull, "w")
        try:
            gen_corpus.main()
        finally:
            sys.stdout.close()
            sys.stdout = stdout
    finally:
        sys.argv = argv
        gen_corpus.TextMaker.sentence = original_sentence
        gen_corpus.TextMaker.length = original_length
    return ["compile", "--surveys", str(out / "surveys"), "--min-count", "1",
            "--out", str(pathlib.Path(tmpdir) / "build"), str(out / "responses")]


def cases():
    yield "compile: personal data in every free text", _build
