#!/usr/bin/env python3
"""Writes the workbooks the table-import tests read:
Tests/EnkatCoreTests/Import/Fixtures/table-openpyxl.xlsx (made by openpyxl, which writes inline
strings) and, when LibreOffice is installed, table-libreoffice.xlsx (the same workbook saved
again by LibreOffice Calc, which writes shared strings).

It answers the tests' fixture survey `test-enkat` (Tests/EnkatCoreTests/Support/Fixtures.swift)
the way a survey tool's Excel export would: shared strings, numbers (one formatted as a
percentage), a boolean, a scale answered by its label, a 0/1 column per option of a multi
question with the "Annat" column holding its follow-up text, a text with a line break, an
unused timestamp column and an empty column (a gap: the cells of column K are never written).
A second sheet checks --sheet.

    pip install openpyxl && python3 scripts/make-xlsx-fixture.py
    (apt-get install libreoffice-calc-nogui for the second file)
"""
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl
from openpyxl.styles import Alignment, Font

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "EnkatCoreTests", "Import", "Fixtures", "table-openpyxl.xlsx")


def main(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Export"
    header = ["Tidsstämpel", "Kommun", "1. Finns det en plan?", "1 kommentar", "1 följdtext",
              "2", "3: Hemsjukvård", "3: Palliativ vård", "3: Annat", "3: Inga",
              None, "5", "6", "7", "Har andelen ökat?"]
    sheet.append(header)
    sheet.append([datetime.datetime(2026, 2, 3, 10, 15), "Falu kommun", "Ja", "En kommentar", "Planen beskrivs här.",
                  "Första raden\nandra raden", 1, 0, None, 0,
                  None, 79, 0.274, 4, "Vet ej"])
    sheet.append([datetime.datetime(2026, 2, 4, 8, 0), "MALUNG-SÄLENS KOMMUN", "Nej", None, None,
                  None, "x", "x", "Dagverksamhet", None,
                  None, 0.5, "Indextal kan inte uppskattas", "Stämmer bra", True])
    sheet.append([None] * len(header))  # a blank row, skipped
    sheet["L3"].number_format = "0%"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    sheet.freeze_panes = "C2"
    other = book.create_sheet("Annat blad")
    other.append(["Svarande", "2"])
    other.append(["falun", "Från det andra bladet"])
    book.save(path)
    # Fixed dates inside the zip and the document properties, so that regenerating it gives the
    # same file when openpyxl's version is the same.
    normalize(path)


def normalize(path):
    fixed = (2026, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                text = data.decode()
                text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*", r"\g<1>2026-01-01T00:00:00Z", text)
                data = text.encode()
            target.writestr(zipfile.ZipInfo(info.filename, fixed), data, zipfile.ZIP_DEFLATED)


def resave_with_libreoffice(path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not found: table-libreoffice.xlsx not made", file=sys.stderr)
        return
    target = os.path.join(os.path.dirname(path), "table-libreoffice.xlsx")
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, "in.xlsx")
        shutil.copy(path, source)
        outdir = os.path.join(work, "out")
        subprocess.run([soffice, "--headless", "-env:UserInstallation=file://" + os.path.join(work, "profile"),
                        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outdir, source],
                       check=True, stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(outdir, "in.xlsx"), target)
    normalize(target)


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else OUT
    main(out)
    if len(sys.argv) <= 1:
        resave_with_libreoffice(out)
