import Foundation

/// Packs a rendered `word/document.xml` into a Word document (Office Open XML, `.docx`).
///
/// The package holds the parts Word and LibreOffice need to show heading styles, tables with
/// repeating header rows and Swedish proofing: `[Content_Types].xml`, the relationships, the
/// document, `word/styles.xml`, `word/settings.xml`, a footer with the page number
/// (`word/footer1.xml`, relationship `rId3`) and the document properties. The
/// properties carry the title and nothing personal (no author, no timestamps), and every zip
/// entry has the same fixed date in a fixed order (``ZipWriter``), so the same document XML
/// always gives the same bytes.
///
/// The document's wording comes from `templates/report.docx.xml.mustache`; the styles it
/// refers to by id are `Title`, `Subtitle`, `Heading1`–`Heading3`, `Caption` (small notes),
/// `Quote` (free-text answers, indented), `TableText` and the table style `ReportTable`.
public enum DocxPackage {
    /// The date stamped on every zip entry (2000-01-01 00:00 UTC): a fixed value, so that
    /// compiling twice gives byte-identical files. ``ZipWriter`` writes it as a constant DOS
    /// date; the Excel export hands it to ZIPFoundation.
    static let entryDate = Date(timeIntervalSince1970: 946_684_800)

    /// The parts of a package in the order they are written.
    static let partNames = [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/core.xml",
        "docProps/app.xml",
        "word/_rels/document.xml.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/footer1.xml",
    ]

    /// A `.docx` file's bytes for `documentXML`, the complete `word/document.xml`.
    ///
    /// - Parameters:
    ///   - documentXML: The main document part. Characters XML 1.0 does not allow (most C0
    ///     control characters, which a YAML escape could smuggle into a free-text answer) are
    ///     dropped, since Word refuses to open a document that contains them.
    ///   - title: The document title shown in File → Properties (`docProps/core.xml`): the
    ///     survey's title, as the report's own title shows it.
    /// - Returns: The zip package, every part deflated (see ``ZipWriter`` for the levels and
    ///   the parallel compression of a large document).
    /// - Throws: When the zip archive cannot be written: zlib fails, or the document reaches
    ///   the 4 GB a zip file without ZIP64 holds.
    public static func make(documentXML: String, title: String) throws -> Data {
        let documentXML = xmlCharacters(documentXML)
        let title = escaped(title)
        let parts: [String: String] = [
            "[Content_Types].xml": contentTypes,
            "_rels/.rels": packageRelationships,
            "docProps/core.xml": coreProperties(escapedTitle: title),
            "docProps/app.xml": appProperties,
            "word/_rels/document.xml.rels": documentRelationships,
            "word/document.xml": documentXML,
            "word/styles.xml": styles,
            "word/settings.xml": settings,
            "word/footer1.xml": footer,
        ]
        var zip = ZipWriter()
        for name in partNames {
            try zip.add(name, text: parts[name, default: ""], method: .deflated)
        }
        return Data(try zip.finished())
    }

    /// `text` without the characters XML 1.0 forbids (C0 controls other than tab, line feed
    /// and carriage return; U+FFFE and U+FFFF).
    ///
    /// A scan of the UTF-8 bytes finds most texts clean, and those are returned as they are;
    /// only a text with a forbidden character is filtered scalar by scalar.
    static func xmlCharacters(_ text: String) -> String {
        var text = text
        if text.withUTF8(hasOnlyXMLCharacters) { return text }
        func allowed(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
            default: false
            }
        }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter(allowed))
        return String(scalars)
    }

    /// Whether the UTF-8 `bytes` hold only characters XML 1.0 allows: no byte below 0x20 but
    /// tab, line feed and carriage return, and neither U+FFFE nor U+FFFF (`EF BF BE`,
    /// `EF BF BF`). A string's UTF-8 is valid, so it holds no surrogates, the only other
    /// characters XML forbids.
    ///
    /// Eight bytes at a time: a word with no byte below 0x20 and no 0xEF, almost every word
    /// of a report, needs no closer look (the tests of "Bit Twiddling Hacks", `hasless` and
    /// `haszero`, which can flag a word needlessly but never miss one).
    private static func hasOnlyXMLCharacters(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highBits = ones &* 0x80
        var start = 0
        while start < bytes.count {
            let end = min(start + 8, bytes.count)
            if end - start == 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + start).loadUnaligned(as: UInt64.self))
                let notEF = word ^ (ones &* 0xEF)
                if ((word &- ones &* 0x20) & ~word | (notEF &- ones) & ~notEF) & highBits == 0 {
                    start = end
                    continue
                }
            }
            for index in start..<end {
                let byte = bytes[index]
                if byte < 0x20 {
                    guard byte == 0x09 || byte == 0x0A || byte == 0x0D else { return false }
                } else if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE {
                    return false
                }
            }
            start = end
        }
        return true
    }

    /// `text` escaped for XML character data and attribute values.
    static func escaped(_ text: String) -> String {
        MarkupEscape.escape(xmlCharacters(text))
    }

    // MARK: - Package parts

    private static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"

    private static let contentTypes = declaration + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
        <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        </Types>
        """

    /// The package's relationships: the document and its two property parts.
    private static let packageRelationships = relationships([
        ("officeDocument", "word/document.xml"),
        ("metadata/core-properties", "docProps/core.xml"),
        ("extended-properties", "docProps/app.xml"),
    ])

    /// The document's relationships: its styles, settings and footer.
    private static let documentRelationships = relationships([
        ("styles", "styles.xml"), ("settings", "settings.xml"), ("footer", "footer1.xml"),
    ])

    /// A relationships part: `rId1`, `rId2`, … in order, each of a type (under the Office
    /// document relationship namespace, or the package's for `metadata/…`) and a target.
    private static func relationships(_ entries: [(type: String, target: String)]) -> String {
        var xml = declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for (index, entry) in entries.enumerated() {
            let base = entry.type.hasPrefix("metadata/")
                ? "http://schemas.openxmlformats.org/package/2006/relationships/"
                : "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
            xml += #"<Relationship Id="rId\#(index + 1)" Type="\#(base + entry.type)" Target="\#(entry.target)"/>"#
        }
        return xml + "</Relationships>"
    }

    /// Title and language only: no creator, no last-modified-by, no dates.
    private static func coreProperties(escapedTitle: String) -> String {
        declaration + """
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            <dc:title>\(escapedTitle)</dc:title>\
            <dc:language>sv-SE</dc:language>\
            </cp:coreProperties>
            """
    }

    private static let appProperties = declaration + """
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
        <Application>enkat</Application>\
        </Properties>
        """

    /// The page number, right-aligned; the document's `w:sectPr` refers to it as `rId3`.
    private static let footer = declaration + """
        <w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="right"/></w:pPr>\
        <w:r><w:fldChar w:fldCharType="begin"/></w:r>\
        <w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>\
        <w:r><w:fldChar w:fldCharType="separate"/></w:r>\
        <w:r><w:t>1</w:t></w:r>\
        <w:r><w:fldChar w:fldCharType="end"/></w:r>\
        </w:p></w:ftr>
        """

    /// Word 2013+ mode (no "compatibility mode" banner), Swedish proofing and tab stops.
    private static let settings = declaration + """
        <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:defaultTabStop w:val="1304"/>\
        <w:characterSpacingControl w:val="doNotCompress"/>\
        <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
        <w:themeFontLang w:val="sv-SE"/>\
        <w:decimalSymbol w:val=","/>\
        <w:listSeparator w:val=";"/>\
        </w:settings>
        """

    /// Calibri 11 pt (Carlito, its metric twin, where LibreOffice has no Calibri), Swedish
    /// language, A4-friendly spacing; headings with outline levels so they appear in Word's
    /// navigation pane and table of contents; a bordered table style with a shaded header row.
    private static let styles = declaration + """
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:docDefaults>\
        <w:rPrDefault><w:rPr>\
        <w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/>\
        <w:sz w:val="22"/><w:szCs w:val="22"/>\
        <w:lang w:val="sv-SE" w:eastAsia="en-US" w:bidi="ar-SA"/>\
        </w:rPr></w:rPrDefault>\
        <w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>\
        </w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:spacing w:after="120" w:line="240" w:lineRule="auto"/><w:outlineLvl w:val="9"/></w:pPr>\
        <w:rPr><w:color w:val="1F3864"/><w:kern w:val="28"/><w:sz w:val="48"/><w:szCs w:val="48"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:spacing w:after="240"/></w:pPr>\
        <w:rPr><w:color w:val="595959"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="480" w:after="160"/><w:outlineLvl w:val="0"/></w:pPr>\
        <w:rPr><w:b/><w:bCs/><w:color w:val="1F3864"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="320" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr>\
        <w:rPr><w:b/><w:bCs/><w:color w:val="2F5496"/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="2"/></w:pPr>\
        <w:rPr><w:b/><w:bCs/><w:color w:val="404040"/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:uiPriority w:val="35"/><w:unhideWhenUsed/><w:qFormat/>\
        <w:pPr><w:spacing w:before="60" w:after="200"/></w:pPr>\
        <w:rPr><w:i/><w:iCs/><w:color w:val="595959"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:uiPriority w:val="29"/><w:qFormat/>\
        <w:pPr><w:tabs><w:tab w:val="left" w:pos="340"/></w:tabs>\
        <w:spacing w:after="80"/><w:ind w:left="340"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>\
        <w:qFormat/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>\
        <w:uiPriority w:val="99"/><w:unhideWhenUsed/>\
        <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>\
        <w:rPr><w:color w:val="595959"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>\
        <w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">\
        <w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
        <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>\
        <w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>\
        <w:tblPr><w:tblInd w:w="0" w:type="dxa"/>\
        <w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>\
        <w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
        <w:style w:type="table" w:styleId="ReportTable"><w:name w:val="Report Table"/><w:basedOn w:val="TableNormal"/>\
        <w:uiPriority w:val="59"/><w:qFormat/>\
        <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>\
        <w:tblPr><w:tblBorders>\
        <w:top w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/>\
        <w:left w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/>\
        <w:bottom w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/>\
        <w:right w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/>\
        <w:insideH w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/>\
        <w:insideV w:val="single" w:sz="4" w:space="0" w:color="8EAADB"/>\
        </w:tblBorders>\
        <w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>\
        <w:bottom w:w="40" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>\
        <w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>\
        <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr></w:tblStylePr>\
        </w:style>\
        </w:styles>
        """
}
