"""Hostile tables for `enkat import table`'s matching: many unknown options in one cell, many
rows of unknown respondents, many columns.

Each case grows linearly with `scale` (1, 2, 4, 8, 16) and at 16 is just under the limit named
in its docstring. Python 3 standard library only; names and texts are invented.
"""

import pathlib

SURVEY = "socialstyrelsen-kommun-2025"


def _argv(path, tmpdir):
    return ["import", "table", str(path), "--survey", SURVEY, "--out", str(pathlib.Path(tmpdir) / "out"), "--force"]


def _write(tmpdir, name, content):
    path = pathlib.Path(tmpdir) / name
    path.write_bytes(content.encode("utf-8"))
    return path


def unknown_options(tmpdir, scale):
    """One multi cell of 1 200 unknown options per scale step, comma-separated: 19 200 at 16,
    about 200 KiB (cell limit 256 KiB). The first 20 are kept and the rest counted."""
    cell = ", ".join("fel%d" % i for i in range(1200 * scale))
    body = "Kommun;omraden\nFalun;\"" + cell + "\"\n"
    return _argv(_write(tmpdir, "unknown-options.csv", body), tmpdir)


def unknown_respondents(tmpdir, scale):
    """600 rows of unknown respondents per scale step: 9 600 at 16 (row limit 10 000). The
    first 20 are listed with a suggestion, the others counted in one finding."""
    rows = ["Kommun;omraden;omraden-kommentar"]
    rows += ["Påhittad kommun %d;mobila-team;En kommentar" % i for i in range(600 * scale)]
    return _argv(_write(tmpdir, "unknown-respondents.csv", "\n".join(rows) + "\n"), tmpdir)


def many_columns(tmpdir, scale):
    """250 columns per scale step: 4 000 at 16 (column limit 4 096). The survey's own columns
    come first; the others are headers that look like question texts with an option ("… –
    …", "… [ … ]") but match nothing, the costliest path of the header matcher."""
    header = ["Kommun", "omraden", "omraden-kommentar", "uppfoljning-genomford"]
    values = ["Falun", "mobila-team", "En kommentar", "ja"]
    i = 0
    while len(header) < 250 * scale:
        form = i % 3
        if form == 0:
            header.append("Övrig fråga %d om arbetet i kommunen – alternativ %d" % (i, i))
        elif form == 1:
            header.append("Övrig fråga %d om arbetet [alternativ %d]" % (i, i))
        else:
            header.append("kolumn %d: kommentar" % i)
        values.append("x")
        i += 1
    body = ";".join(header) + "\n" + ";".join(values) + "\n"
    return _argv(_write(tmpdir, "many-columns.csv", body), tmpdir)


def cases():
    """Yields (name, build) pairs. build(tmpdir: pathlib.Path, scale: int) -> list[str]
    writes its input files into tmpdir and returns the argv for enkat (without the
    program name); scale is 1, 2, 4, 8, 16 and the input grows proportionally."""
    yield "table-unknown-options", unknown_options
    yield "table-unknown-respondents", unknown_respondents
    yield "table-many-columns", many_columns
