#!/usr/bin/env python3
"""Checks an HTML report written by `enkat compile` (Python 3 standard library only).

    scripts/check-html.py FILE.html

Fails (exit 1) with `FILE:LINE:COLUMN: error: message` on stderr for:
  - elements left open, closed twice, or closed in the wrong order (every element but the
    void ones needs its end tag: stricter than HTML5, as the report's template is);
  - duplicate ids, links to a missing `#id`, `aria-labelledby` naming a missing id;
  - a missing `<!doctype html>`, `<meta charset>`, `<title>` or `lang="sv"` on `<html>`;
  - `<img>` without `alt`, `<svg role="img">` without a `<title>`;
  - a `<table>` without any `<th>`;
  - any external resource: `src`/`href` (and the like) to `http:`, `https:` or `//`,
    `<script src>`, `<link rel=stylesheet>`, CSS `url(...)` or `@import` to anything but `#` or
    `data:`;
  - a first heading other than `<h1>`, more than one `<h1>`, a heading that skips a level
    (h2 then h4), an empty heading.

Prints a one-line JSON summary on stdout (headings per level, tables, svgs, ids, errors).
Exit 0: no errors. 1: errors. 2: usage error or unreadable file.
"""

import json
import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
URL_ATTRIBUTES = {"src", "href", "xlink:href", "srcset", "action", "formaction", "data", "poster", "background", "cite"}
EXTERNAL = re.compile(r"^\s*(https?:|//)", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import\b", re.IGNORECASE)


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.errors = []
        self.stack = []  # (tag, line, column)
        self.ids = {}
        self.fragment_links = []  # (target, line, column)
        self.labelled_by = []
        self.doctype = False
        self.charset = False
        self.title = False
        self.lang = None
        self.headings = {name: 0 for name in HEADINGS}
        self.last_level = 0
        self.heading_text = None  # (tag, line, column, text parts) while inside a heading
        self.tables = []  # open tables: [line, column, has_th, has_caption]
        self.table_count = 0
        self.tables_with_caption = 0
        self.svg_depth = 0
        self.svgs = 0
        self.svgs_img = 0
        self.open_svg = []  # [line, column, is_img, has_title]
        self.in_style = False

    # Errors

    def error_at(self, line, column, message):
        self.errors.append((line, column + 1, message))

    def error(self, message):
        line, column = self.getpos()
        self.error_at(line, column, message)

    # Parser callbacks

    def handle_decl(self, decl):
        if decl.strip().lower() == "doctype html":
            self.doctype = True
        else:
            self.error(f"unexpected declaration <!{decl}>; use <!doctype html>")

    def handle_starttag(self, tag, attrs):
        self.start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag, attrs):
        self.start(tag, attrs, self_closing=True)

    def start(self, tag, attrs, self_closing):
        line, column = self.getpos()
        attributes = {}
        for name, value in attrs:
            if name in attributes:
                self.error(f"<{tag}> has the attribute {name} twice")
            attributes[name] = value if value is not None else ""

        self.check_attributes(tag, attributes)

        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag == "meta" and ("charset" in attributes):
            self.charset = True
        elif tag == "title" and self.svg_depth == 0:
            self.title = True
        elif tag == "title" and self.open_svg:
            self.open_svg[-1][3] = True
        elif tag == "img" and "alt" not in attributes:
            self.error("<img> without alt")
        elif tag == "script" and "src" in attributes:
            self.error("<script src> loads an external script")
        elif tag == "link" and "stylesheet" in attributes.get("rel", "").lower().split():
            self.error("<link rel=stylesheet> loads an external stylesheet; inline the CSS")
        elif tag == "table":
            self.tables.append([line, column, False, False])
            self.table_count += 1
        elif tag == "th":
            if self.tables:
                self.tables[-1][2] = True
            else:
                self.error("<th> outside a table")
        elif tag == "caption" and self.tables:
            self.tables[-1][3] = True
        elif tag == "svg":
            self.svgs += 1
            is_img = attributes.get("role") == "img"
            self.svgs_img += is_img
            self.open_svg.append([line, column, is_img, False])
        elif tag in HEADINGS:
            self.heading_start(tag, line, column)
        elif tag == "style":
            self.in_style = True

        if tag == "svg":
            self.svg_depth += 1

        if self_closing:
            if tag not in VOID and self.svg_depth == 0:
                self.error(f"<{tag}/> is not a void element: the slash is ignored and the element stays open")
                self.stack.append((tag, line, column))
            elif tag == "svg":
                self.end_svg()
            return
        if tag in VOID:
            return
        self.stack.append((tag, line, column))

    def check_attributes(self, tag, attributes):
        if "id" in attributes:
            ident = attributes["id"]
            if not ident or any(c.isspace() for c in ident):
                self.error(f"<{tag}> has an empty id or one with white space: {ident!r}")
            elif ident in self.ids:
                first = self.ids[ident]
                self.error(f"duplicate id {ident!r} (first at line {first[0]})")
            else:
                self.ids[ident] = self.getpos()
        for name, value in attributes.items():
            if name in URL_ATTRIBUTES and EXTERNAL.match(value):
                self.error(f"<{tag} {name}=\"{value}\"> refers to an external resource")
            if name in ("href", "xlink:href") and value.startswith("#") and len(value) > 1:
                line, column = self.getpos()
                self.fragment_links.append((value[1:], line, column))
            if name == "aria-labelledby":
                line, column = self.getpos()
                for ident in value.split():
                    self.labelled_by.append((ident, line, column))
            if name == "style":
                self.check_css(value)

    def heading_start(self, tag, line, column):
        level = HEADINGS[tag]
        self.headings[tag] += 1
        if self.last_level == 0 and level != 1:
            self.error(f"the first heading is <{tag}>, not <h1>")
        elif level == 1 and self.headings["h1"] > 1:
            self.error("more than one <h1>")
        elif level > self.last_level + 1 and self.last_level > 0:
            self.error(f"<{tag}> follows <h{self.last_level}>: a heading level is skipped")
        self.last_level = level
        self.heading_text = (tag, line, column, [])

    def handle_endtag(self, tag):
        line, column = self.getpos()
        if tag in VOID:
            self.error(f"</{tag}>: {tag} is a void element and has no end tag")
            return
        if not self.stack:
            self.error(f"</{tag}> closes nothing")
            return
        top, top_line, top_column = self.stack[-1]
        if top != tag:
            if any(open_tag == tag for open_tag, _, _ in self.stack):
                while self.stack and self.stack[-1][0] != tag:
                    inner, inner_line, inner_column = self.stack.pop()
                    self.error_at(inner_line, inner_column,
                                  f"<{inner}> is not closed before </{tag}> (line {line}) closes an outer element")
            else:
                self.error(f"</{tag}> has no matching <{tag}> (innermost open element: <{top}>, line {top_line})")
                return
        self.stack.pop()
        self.end(tag)

    def end(self, tag):
        if tag == "table" and self.tables:
            table_line, table_column, has_th, has_caption = self.tables.pop()
            if not has_th:
                self.error_at(table_line, table_column, "<table> without any <th>")
            self.tables_with_caption += has_caption
        elif tag == "svg":
            self.end_svg()
        elif tag in HEADINGS and self.heading_text and self.heading_text[0] == tag:
            heading, heading_line, heading_column, parts = self.heading_text
            if not "".join(parts).strip():
                self.error_at(heading_line, heading_column, f"empty <{heading}>")
            self.heading_text = None
        elif tag == "style":
            self.in_style = False

    def end_svg(self):
        self.svg_depth -= 1
        if self.open_svg:
            svg_line, svg_column, is_img, has_title = self.open_svg.pop()
            if is_img and not has_title:
                self.error_at(svg_line, svg_column, "<svg role=\"img\"> without a <title>")

    def handle_data(self, data):
        if self.heading_text is not None:
            self.heading_text[3].append(data)
        if self.in_style:
            self.check_css(data)

    def check_css(self, css):
        for match in CSS_URL.finditer(css):
            target = match.group(1).strip()
            if not (target.startswith("#") or target.lower().startswith("data:")):
                self.error(f"CSS url({target}) loads an external resource")
        if CSS_IMPORT.search(css):
            self.error("CSS @import loads an external stylesheet")

    # After the whole document

    def finish(self):
        self.close()
        for tag, line, column in self.stack:
            self.error_at(line, column, f"<{tag}> is not closed before the end of the file")
        if not self.doctype:
            self.error_at(1, 0, "missing <!doctype html>")
        if self.lang is None:
            self.error_at(1, 0, "<html> has no lang attribute; the report is Swedish: lang=\"sv\"")
        elif self.lang != "sv":
            self.error_at(1, 0, f"<html lang=\"{self.lang}\">: the report is Swedish: lang=\"sv\"")
        if not self.charset:
            self.error_at(1, 0, "missing <meta charset=\"utf-8\">")
        if not self.title:
            self.error_at(1, 0, "missing <title>")
        for target, line, column in self.fragment_links:
            if target not in self.ids:
                self.error_at(line, column, f"link to #{target}, but no element has that id")
        for target, line, column in self.labelled_by:
            if target not in self.ids:
                self.error_at(line, column, f"aria-labelledby names {target!r}, but no element has that id")

    def summary(self):
        return {
            "headings": {tag: count for tag, count in self.headings.items() if count},
            "tables": self.table_count,
            "tables_with_caption": self.tables_with_caption,
            "svgs": self.svgs,
            "svgs_role_img": self.svgs_img,
            "ids": len(self.ids),
            "errors": len(self.errors),
        }


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path = argv[1]
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        print(f"{path}: error: cannot read: {error}", file=sys.stderr)
        return 2
    checker = Checker()
    checker.feed(text)
    checker.finish()
    for line, column, message in sorted(checker.errors):
        print(f"{path}:{line}:{column}: error: {message}", file=sys.stderr)
    print(json.dumps(checker.summary(), ensure_ascii=False, sort_keys=True))
    return 1 if checker.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
