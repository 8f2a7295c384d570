"""Hostile files for `enkat import print-text` (PrintTextLimits: 1 MiB, 50 000 lines, 64 KiB a
line).

Each case grows linearly with `scale` (1, 2, 4, 8, 16); at 16 it is just under the limit named
in its docstring, except `print-lines-crossing`, which crosses the line limit at 16 and ends
with the limit error there. Seed 004 (the web form's real printout) is read at run time from
`../shared/seeds/` (or `$ENKAT_SEEDS`) when it is there; otherwise an invented printout of the
same survey stands in. Python 3 standard library only.
"""

import os
import pathlib

SURVEY = "slutredovisning-region-2022"
SEED = "004_e4f71d643ae3fa7d.txt"


def _seed_text():
    candidates = []
    if os.environ.get("ENKAT_SEEDS"):
        candidates.append(pathlib.Path(os.environ["ENKAT_SEEDS"]) / SEED)
    candidates += [pathlib.Path("..") / "shared" / "seeds" / SEED, pathlib.Path("..") / ".." / "shared" / "seeds" / SEED]
    for path in candidates:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def _invented_printout():
    """A printout-like text of invented answers: numbered questions of the survey's form with
    wrapped, double-spaced answer lines (about 60 KiB)."""
    lines = ["Slutredovisning av arbetet med omställningen till en god och nära vård 2022", ""]
    words = ("Regionen har under året arbetat vidare med omställningen tillsammans med länets "
             "kommuner och följer upp insatserna i de gemensamma forumen varje kvartal").split()
    for question in range(1, 25):
        lines += ["%d. Beskriv arbetet under året inom område %d." % (question, question), "",
                  "Beskriv med max 3000 tecken.", ""]
        for row in range(18):
            lines += [" ".join(words[(row + k) % len(words)] for k in range(12)), ""]
    return "\n".join(lines) + "\n"


def _argv(path, tmpdir):
    return ["import", "print-text", str(path), "--survey", SURVEY, "-o", str(pathlib.Path(tmpdir) / "out.yaml")]


def _write(tmpdir, name, data):
    path = pathlib.Path(tmpdir) / name
    path.write_bytes(data)
    out = pathlib.Path(tmpdir) / "out.yaml"
    if out.exists():
        out.unlink()
    return path


def seed_repeated(tmpdir, scale):
    """The printout repeated and cut at a line end to 64 000 bytes per scale step: 1 024 000
    bytes at 16 (file limit 1 048 576). Seed 004 ×13 is 0.96 MiB."""
    text = (_seed_text() or _invented_printout()).encode("utf-8")
    target = 64000 * scale
    data = text * (target // len(text) + 1)
    data = data[: data.rfind(b"\n", 0, target) + 1]
    return _argv(_write(tmpdir, "seed-repeated.txt", data), tmpdir)


def newlines(tmpdir, scale):
    """3 000 empty lines per scale step: 48 000 at 16 (line limit 50 000)."""
    return _argv(_write(tmpdir, "newlines.txt", b"\n" * (3000 * scale)), tmpdir)


def long_lines(tmpdir, scale):
    """One line of 64 000 bytes of words per scale step: 16 lines, 1 024 016 bytes at 16 (line
    limit 65 536 bytes, file limit 1 048 576)."""
    word = "omstallning "
    line = (word * (64000 // len(word) + 1))[:64000].encode("utf-8")
    line = line[:64000]
    return _argv(_write(tmpdir, "long-lines.txt", (line + b"\n") * scale), tmpdir)


def short_lines(tmpdir, scale):
    """Lines that each look like a form text or page furniture, 3 000 per scale step: 48 000
    at 16 (line limit 50 000), about 1 MiB."""
    forms = [b"Beskriv med max 3000 tecken.", b"2023-03-28 14:05", b"3 av 12", b"Lamna garna en kommentar:",
             b"https://example.se/sida", b"Ja", b"Nej", b"Tack"]
    data = b"\n".join(forms[i % len(forms)] for i in range(3000 * scale)) + b"\n"
    return _argv(_write(tmpdir, "short-lines.txt", data), tmpdir)


def lines_crossing(tmpdir, scale):
    """4 000 lines of one letter per scale step: 64 000 at 16, over the line limit of 50 000,
    so scale 16 ends at once with the limit error (exit 1)."""
    return _argv(_write(tmpdir, "lines-crossing.txt", b"x\n" * (4000 * scale)), tmpdir)


def cases():
    """Yields (name, build) pairs. build(tmpdir: pathlib.Path, scale: int) -> list[str]
    writes its input files into tmpdir and returns the argv for enkat (without the
    program name); scale is 1, 2, 4, 8, 16 and the input grows proportionally."""
    yield "print-seed-repeated", seed_repeated
    yield "print-newlines", newlines
    yield "print-long-lines", long_lines
    yield "print-short-lines", short_lines
    yield "print-lines-crossing", lines_crossing
