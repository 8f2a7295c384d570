#!/usr/bin/env python3
"""Opens a Word file the way another program would and reports what it found, as JSON.

    scripts/check-docx.py build/rapport.docx            # structure, via python-docx
    scripts/check-docx.py build/rapport.docx --pdf      # also convert with LibreOffice

Prints the title, the headings (style and text), the number of tables, the first table's
header cells, whether every table's first row repeats as a header row, the document's
default language and whether the core properties name an author. With --pdf, converts the
file with LibreOffice (soffice) and reports the page count (pdfinfo, from poppler-utils);
the PDF is kept when --outdir is given.

Exit status: 0 when the file opens, 2 when it does not (or python-docx is missing), 3 when
--pdf was asked for and the conversion failed. A missing soffice is not an error: the JSON
then says why there is no PDF.

Needs: python3 -m pip install python-docx (or apt-get install python3-docx); for --pdf,
apt-get install --no-install-recommends libreoffice-writer-nogui poppler-utils.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile


def main():
    parser = argparse.ArgumentParser(description="Report the structure of a .docx file as JSON.")
    parser.add_argument("file", help="the .docx file")
    parser.add_argument("--pdf", action="store_true", help="also convert with LibreOffice and count pages")
    parser.add_argument("--outdir", help="keep the PDF in this folder (default: a temporary folder)")
    args = parser.parse_args()

    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError:
        print("check-docx: python-docx is not installed (python3 -m pip install python-docx)", file=sys.stderr)
        return 2

    try:
        document = docx.Document(args.file)
    except Exception as error:  # python-docx raises several kinds for a broken package
        print(f"check-docx: {args.file} cannot be opened: {error}", file=sys.stderr)
        return 2

    headings = []
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style == "Title" or style.startswith("Heading"):
            headings.append({"style": style, "text": paragraph.text})

    tables = document.tables
    header_rows = []
    for table in tables:
        first = table.rows[0]._tr if len(table.rows) > 0 else None
        properties = first.trPr if first is not None else None
        header_rows.append(properties is not None and properties.find(qn("w:tblHeader")) is not None)

    language = None
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        lang = defaults.find(".//" + qn("w:lang"))
        if lang is not None:
            language = lang.get(qn("w:val"))

    core = document.core_properties
    result = {
        "file": args.file,
        "title": core.title,
        "has_author": bool(core.author or core.last_modified_by),
        "language": language,
        "headings": headings,
        "tables": len(tables),
        "first_table_header": [cell.text for cell in tables[0].rows[0].cells] if tables else [],
        "header_rows_repeat": all(header_rows) if header_rows else None,
        "tables_without_header_row": header_rows.count(False),
    }

    status = 0
    if args.pdf:
        result["pdf"], status = convert(args.file, args.outdir)

    print(json.dumps(result, ensure_ascii=False, indent=2))
    return status


def convert(path, outdir):
    """Converts with LibreOffice; returns (report, exit status)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return {"skipped": "soffice not found (apt-get install libreoffice-writer-nogui)"}, 0
    keep = outdir is not None
    outdir = outdir or tempfile.mkdtemp(prefix="check-docx-")
    os.makedirs(outdir, exist_ok=True)
    # A profile of its own, so that runs in parallel (and a desktop LibreOffice) do not collide.
    profile = tempfile.mkdtemp(prefix="check-docx-profile-")
    try:
        run = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", outdir, path],
            capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        return {"error": "soffice timed out"}, 3
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = os.path.join(outdir, os.path.splitext(os.path.basename(path))[0] + ".pdf")
    if run.returncode != 0 or not os.path.exists(pdf):
        return {"error": f"soffice failed ({run.returncode}): {run.stderr.strip()[-500:]}"}, 3
    report = {"path": pdf if keep else None, "pages": None}
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
        match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
        if match:
            report["pages"] = int(match.group(1))
    else:
        report["pages_skipped"] = "pdfinfo not found (apt-get install poppler-utils)"
    if not keep:
        shutil.rmtree(outdir, ignore_errors=True)
    return report, 0


if __name__ == "__main__":
    sys.exit(main())
