"""Hostile CSV files for `enkat import table`: the reader's limits (CSVLimits).

Each case grows linearly with `scale` (1, 2, 4, 8, 16); at 16 it is just under the limit
named in its docstring, so every scale is read (or refused for its content, not a limit).
Python 3 standard library only; the text is invented.
"""

import pathlib

SURVEY = "socialstyrelsen-kommun-2025"
KOMMUNER = [
    "Avesta", "Borlänge", "Falun", "Gagnef", "Hedemora", "Leksand", "Ludvika", "Malung-Sälen",
    "Mora", "Orsa", "Rättvik", "Smedjebacken", "Säter", "Vansbro", "Älvdalen",
]
WORDS = ("vård omsorg kommunen arbetar med samverkan och team för att hemsjukvård insatser "
         "regionen utvecklar stöd till äldre personer i ordinärt boende").split()


def text(size):
    """About `size` bytes of invented Swedish-looking words (UTF-8), no separators or quotes."""
    out, length, i = [], 0, 0
    while length < size:
        word = WORDS[(i * 7 + i // 3) % len(WORDS)]
        out.append(word)
        length += len(word.encode("utf-8")) + 1
        i += 1
    return " ".join(out)


def _argv(path, tmpdir):
    return ["import", "table", str(path), "--survey", SURVEY, "--out", str(tmpdir / "out"), "--force"]


def _write(tmpdir, name, content):
    path = pathlib.Path(tmpdir) / name
    path.write_bytes(content.encode("utf-8"))
    return path


def big_cell(tmpdir, scale):
    """One free-text cell of 15 KiB per scale step: 240 KiB at 16 (cell limit 256 KiB)."""
    body = "Kommun;omraden;omraden-kommentar\nFalun;mobila-team;\"" + text(15 * 1024 * scale) + "\"\n"
    return _argv(_write(tmpdir, "big-cell.csv", body), pathlib.Path(tmpdir))


def long_row(tmpdir, scale):
    """One row of four free-text cells, 60 KiB per scale step: 960 KiB at 16 (row limit 1 MiB)."""
    cell = text(15 * 1024 * scale)
    header = "Kommun;omraden-kommentar;team-erfarenheter;vardplatser-skal;kompetens-kommentar"
    body = header + "\nFalun;" + ";".join('"' + cell + '"' for _ in range(4)) + "\n"
    return _argv(_write(tmpdir, "long-row.csv", body), pathlib.Path(tmpdir))


def quote_semicolons(tmpdir, scale):
    """`";` repeated, 500 pairs per scale step: one row of 4 001 quoted fields at 16 (column
    limit 4 096); no header matches, so the import ends with table-header."""
    return _argv(_write(tmpdir, "quote-semicolons.csv", '";' * (500 * scale)), pathlib.Path(tmpdir))


def unclosed_quote(tmpdir, scale):
    """A quote opened in row 2 and never closed, over 15 KiB of lines per scale step: 240 KiB
    at 16 (cell limit 256 KiB); ends with table-read naming row 2."""
    lines = "\n".join(text(60) for _ in range(15 * 1024 * scale // 64))
    body = "Kommun;omraden-kommentar\nFalun;\"" + lines + "\n"
    return _argv(_write(tmpdir, "unclosed-quote.csv", body), pathlib.Path(tmpdir))


def file_size(tmpdir, scale):
    """Rows of about 2 KiB for the 15 kommuner in turn, 240 rows per scale step: 3 840 rows,
    7.6 MiB at 16 (file limit 8 MiB, row limit 10 000). The first 15 rows become responses,
    the rest are duplicate respondents (20 listed, the others counted)."""
    rows = ["Kommun;omraden;omraden-kommentar"]
    comment = text(2000)
    for i in range(240 * scale):
        rows.append(KOMMUNER[i % len(KOMMUNER)] + ";mobila-team;\"" + comment + "\"")
    return _argv(_write(tmpdir, "file-size.csv", "\n".join(rows) + "\n"), pathlib.Path(tmpdir))


def cases():
    """Yields (name, build) pairs. build(tmpdir: pathlib.Path, scale: int) -> list[str]
    writes its input files into tmpdir and returns the argv for enkat (without the
    program name); scale is 1, 2, 4, 8, 16 and the input grows proportionally."""
    yield "csv-big-cell", big_cell
    yield "csv-long-row", long_row
    yield "csv-quote-semicolons", quote_semicolons
    yield "csv-unclosed-quote", unclosed_quote
    yield "csv-file-size", file_size
