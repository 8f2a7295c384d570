"""Hostile Excel workbooks for `enkat import table`, at growing scale.

Imported by the benchmark runner of issue 10, which calls ``cases()`` and, for each case and
scale (1, 2, 4, 8, 16), runs ``.build/release/enkat <argv>`` from the repository root and
measures wall time and peak memory. Python 3, standard library only.

The limits these inputs are sized against are ``XLSXLimits.standard`` in
Sources/EnkatCore/Import/XLSXLimits.swift: 20 MB (20 MiB) per unpacked part, 600 000 cells,
100 000 rows, 4 096 columns, XML depth 64, 32 767 characters per cell, 20 MB of cell text in all.
Cases marked "crosses" end with the limit's error (exit 1, code table-read) at the scale said;
the others stay within every limit at scale 16 and are read in full.

No sheet has a header enkat recognises, so every import stops right after reading the sheet
(``table-header``, exit 1): what is measured is the XLSX reader, not the rest of the import.
Each sheet starts with ten rows of one short text (see ``LEAD``).
"""

import pathlib
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

SURVEY = "socialstyrelsen-kommun-2025"


def _workbook(path, sheet_xml, shared_strings_xml=None):
    """Writes a minimal workbook: one sheet, and shared strings when given."""
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>'
    )
    root_rels = (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
        '<sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    )
    if shared_strings_xml is not None:
        workbook_rels += f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    workbook_rels += "</Relationships>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared_strings_xml is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings_xml)


# Ten rows of one short text each before the data: the header search looks at the first ten
# rows that are not blank, and its cost per column (issue 10, item 6, not the reader's) would
# otherwise add a second or so to every wide case.
LEAD = '<row><c t="inlineStr"><is><t>-</t></is></c></row>' * 10


def _sheet(rows_xml):
    return f'<worksheet xmlns="{MAIN}"><sheetData>{LEAD}{rows_xml}</sheetData></worksheet>'


def _argv(tmpdir, path):
    return ["import", "table", str(path), "--survey", SURVEY, "--out", str(tmpdir / "out")]


def _column_name(index):
    name = ""
    index += 1
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def deep_nesting(tmpdir, scale):
    """One cell whose inline string nests 3 125 × scale elements (50 000 at 16, the tester's
    input). Crosses the depth limit (64) at every scale: refused at once."""
    depth = 3125 * scale
    inner = "<x>" * depth + "</x>" * depth
    path = tmpdir / "deep-nesting.xlsx"
    _workbook(path, _sheet(f'<row r="1"><c r="A1" t="inlineStr"><is>{inner}</is></c></row>'))
    return _argv(tmpdir, path)


def deep_nesting_many(tmpdir, scale):
    """2 000 × scale cells, each holding elements nested to depth 60 (the limit is 64): within
    the limits at every scale; 14 MB of XML and 1.8 million elements at 16."""
    nest = "<x>" * 54 + "</x>" * 54
    cells = f'<c t="inlineStr"><is><t>a</t>{nest}</is></c>'
    rows = "".join(f"<row>{cells * 10}</row>" for _ in range(200 * scale))
    path = tmpdir / "deep-nesting-many.xlsx"
    _workbook(path, _sheet(rows))
    return _argv(tmpdir, path)


def many_elements(tmpdir, scale):
    """320 000 × scale empty elements (``<x/>``, the most elements a byte can hold) in the sheet
    data: 20.5 MB and 5.1 million elements at 16, just under the part limit (20 MiB)."""
    path = tmpdir / "many-elements.xlsx"
    _workbook(path, _sheet("<x/>" * (320000 * scale)))
    return _argv(tmpdir, path)


def far_column(tmpdir, scale):
    """1 250 × scale rows (20 000 at 16, the tester's input), each with one value in column XFD.
    Crosses the column limit (4 096) at every scale: refused at the first row."""
    rows = "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(1, 1250 * scale + 1))
    path = tmpdir / "far-column.xlsx"
    _workbook(path, _sheet(rows))
    return _argv(tmpdir, path)


def wide_rows(tmpdir, scale):
    """9 × scale rows, each with a value in A and in the last allowed column (FAN, 4 096): every
    row padded to 4 096 cells, 589 824 cells at 16, just under the cell limit (600 000)."""
    last = _column_name(4095)
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="{last}{n}"><v>1</v></c></row>' for n in range(1, 9 * scale + 1)
    )
    path = tmpdir / "wide-rows.xlsx"
    _workbook(path, _sheet(rows))
    return _argv(tmpdir, path)


def compressible(tmpdir, scale):
    """900 × scale identical rows of 16 inline-string cells of 50 characters (1.26 MB of XML per
    scale step, packing to a few kB): 20.2 MB unpacked at 16, just under the part limit (20 MiB),
    and 230 400 cells."""
    cell = '<c t="inlineStr"><is><t>' + "ej uppskattat " * 3 + "abcdefgh</t></is></c>"
    row = "<row>" + cell * 16 + "</row>"
    path = tmpdir / "compressible.xlsx"
    _workbook(path, _sheet(row * (900 * scale)))
    return _argv(tmpdir, path)


def many_cells(tmpdir, scale):
    """375 × scale rows of 98 small number cells without references: 588 000 cells at 16, just
    under the cell limit (600 000)."""
    row = "<row>" + "<c><v>7</v></c>" * 98 + "</row>"
    path = tmpdir / "many-cells.xlsx"
    _workbook(path, _sheet(row * (375 * scale)))
    return _argv(tmpdir, path)


def long_shared_strings(tmpdir, scale):
    """38 × scale distinct shared strings of 32 000 characters (Excel's cell limit is 32 767),
    each used by one cell: 20.4 MB of shared strings and of cell text at 16, just under the part
    and text limits (20 MiB)."""
    count = 38 * scale
    strings = "".join(f"<si><t>{(str(i) + ' lång kommentar ')[:20] * 1600}</t></si>" for i in range(count))
    sst = f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">{strings}</sst>'
    rows = "".join(f'<row r="{i + 1}"><c r="A{i + 1}" t="s"><v>{i}</v></c></row>' for i in range(count))
    path = tmpdir / "long-shared-strings.xlsx"
    _workbook(path, _sheet(rows), sst)
    return _argv(tmpdir, path)


def repeated_shared_string(tmpdir, scale):
    """One shared string of 32 000 characters used by 42 × scale cells: 1.3 MB of cell text per
    scale step from a file of a few kB. Crosses the text limit (20 MiB) at 16 (21.5 MB)."""
    text = "upprepad text " * 2285 + "abcdefghij"
    sst = f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>{text}</t></si></sst>'
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>' for n in range(1, 42 * scale + 1))
    path = tmpdir / "repeated-shared-string.xlsx"
    _workbook(path, _sheet(rows), sst)
    return _argv(tmpdir, path)


def cases():
    """Yields (name, build) pairs. build(tmpdir: pathlib.Path, scale: int) -> list[str]
    writes its input files into tmpdir and returns the argv for enkat (without the
    program name); scale is 1, 2, 4, 8, 16 and the input grows proportionally."""
    yield "xlsx-deep-nesting", deep_nesting
    yield "xlsx-deep-nesting-many", deep_nesting_many
    yield "xlsx-many-elements", many_elements
    yield "xlsx-far-column", far_column
    yield "xlsx-wide-rows", wide_rows
    yield "xlsx-compressible", compressible
    yield "xlsx-many-cells", many_cells
    yield "xlsx-long-shared-strings", long_shared_strings
    yield "xlsx-repeated-shared-string", repeated_shared_string

