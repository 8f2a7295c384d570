import Testing

@testable import EnkatCore

/// The byte-level XML reader behind the Excel import: what it reports for well-formed parts,
/// and that it stops with the line on every kind of malformed one, never trapping.
@Suite("Import: the XML reader")
struct XMLReaderTests {
    typealias Event = XMLReader.Event

    /// Every event of `document`.
    static func events(_ document: [UInt8]) throws(XMLReader.SyntaxError) -> [Event] {
        var reader = try XMLReader(document)
        var events: [Event] = []
        while let event = try reader.next() { events.append(event) }
        return events
    }

    static func events(_ document: String) throws(XMLReader.SyntaxError) -> [Event] {
        try events(Array(document.utf8))
    }

    /// All text of `document`, joined.
    static func text(_ document: String) throws(XMLReader.SyntaxError) -> String {
        try events(document).map { event in
            if case .text(let text) = event { text } else { "" }
        }.joined()
    }

    /// The error reading `document` gives, or `nil` when it reads.
    static func error(_ document: [UInt8]) -> XMLReader.SyntaxError? {
        do {
            _ = try events(document)
            return nil
        } catch {
            return error
        }
    }

    static func attribute(_ name: String, _ value: String) -> XMLReader.Attribute {
        XMLReader.Attribute(name: name, value: value)
    }

    // MARK: - What it reads

    @Test("elements keep their prefixes, self-closing ones end at once, namespace declarations are left out")
    func elements() throws {
        let events = try Self.events(
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\r\n"
                + #"<x:root xmlns:x="urn:x" xmlns="urn:y" a='1' x:b="2"><c/><x:d r="A1" ></x:d ></x:root>"#)
        #expect(
            events == [
                .start(name: "x:root", attributes: [Self.attribute("a", "1"), Self.attribute("x:b", "2")]),
                .start(name: "c", attributes: []), .end(name: "c"),
                .start(name: "x:d", attributes: [Self.attribute("r", "A1")]), .end(name: "x:d"),
                .end(name: "x:root"),
            ])
    }

    @Test(
        "text: the five entities, character references, CDATA, line ends; comments and PIs are skipped",
        arguments: [
            ("&lt;&gt;&amp;&apos;&quot;", "<>&'\""),
            ("&#65;&#x42;&#x00e5;&#228;&#x1F600;", "ABåä😀"),
            ("a\r\nb\rc\nd", "a\nb\nc\nd"),
            ("<![CDATA[<&amp;>]]]>", "<&amp;>]"),
            ("<![CDATA[a\r\nb]]>", "a\nb"),
            ("a<!-- <b> & -->b<?pi data?>c<?pi?>", "abc"),
            ("  \t\n", "  \t\n"),
            ("Ålänning – «citat» ]] >", "Ålänning – «citat» ]] >"),
        ])
    func text(content: String, expected: String) throws {
        #expect(try Self.text("<r>\(content)</r>") == expected)
    }

    @Test("attribute values: either quote, references resolved, literal white space as spaces")
    func attributeValues() throws {
        let events = try Self.events("<r a=\"it's\" b='say \"hi\"' c=\"x&#10;y\tz\r\nw\" d=\"&lt;&amp;&#x3E;\"/>")
        #expect(
            events.first
                == .start(
                    name: "r",
                    attributes: [
                        Self.attribute("a", "it's"), Self.attribute("b", "say \"hi\""), Self.attribute("c", "x\ny z w"),
                        Self.attribute("d", "<&>"),
                    ]))
    }

    @Test("UTF-8 with a byte order mark, UTF-16 either way, ISO-8859-1 and windows-1252 read the same")
    func encodings() throws {
        let expected: [Event] = [.start(name: "r", attributes: [Self.attribute("a", "é")]), .text("åäö €"), .end(name: "r")]
        #expect(try Self.events([0xEF, 0xBB, 0xBF] + Array("<r a=\"é\">åäö €</r>".utf8)) == expected)
        let utf16 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><r a=\"é\">åäö €</r>".utf16
        #expect(try Self.events([0xFF, 0xFE] + utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) == expected)
        #expect(try Self.events([0xFE, 0xFF] + utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }) == expected)
        #expect(try Self.events(Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><r a=""#.utf8) + [0xE9] + Array(#"">"#.utf8) + [0xE5, 0xE4, 0xF6] + Array(" &#x20AC;</r>".utf8)) == expected)
        #expect(try Self.events(Array(#"<?xml version="1.0" encoding="windows-1252"?><r a=""#.utf8) + [0xE9] + Array(#"">"#.utf8) + [0xE5, 0xE4, 0xF6, 0x20, 0x80] + Array("</r>".utf8)) == expected)
        #expect(Self.error(Array(#"<?xml version="1.0" encoding="EBCDIC-XYZ"?><r/>"#.utf8)) != nil)
    }

    @Test("text is not made a string while it is not asked for")
    func textOnRequest() throws {
        var reader = try XMLReader(Array("<r>a<s>b</s>c</r>".utf8))
        reader.reportsText = false
        var events: [Event] = []
        while let event = try reader.next() { events.append(event) }
        #expect(events == [.start(name: "r", attributes: []), .start(name: "s", attributes: []), .end(name: "s"), .end(name: "r")])
        // Unreported text is still checked.
        var bad = try XMLReader(Array("<r>a & b</r>".utf8))
        bad.reportsText = false
        #expect(throws: XMLReader.SyntaxError.self) { while try bad.next() != nil {} }
    }

    @Test("200 000 nested elements read without recursion")
    func deepNesting() throws {
        let count = 200_000
        let events = try Self.events(String(repeating: "<x>", count: count) + String(repeating: "</x>", count: count))
        #expect(events.count == 2 * count)
    }

    // MARK: - What it refuses

    @Test(
        "malformed XML stops with the line where it goes wrong",
        arguments: [
            ("", 1), ("   ", 1), ("<r>", 1), ("<r>\n<s>\n</r>", 3), ("<r></s>", 1), ("</r>", 1), ("<r", 1), ("<r a", 1),
            ("<r a=\"1", 1), ("<r a=1/>", 1), ("<r a/>", 1), ("<r a='1' a='2'/>", 1), ("<r x:a='1' x:a='2'/>", 1),
            ("<r a='1'b='2'/>", 1), ("<r a='<'/>", 1), ("<r a='&'/>", 1), ("<r/ >", 1), ("< r/>", 1), ("<1r/>", 1),
            ("<r>&foo;</r>", 1), ("<r>&amp</r>", 1), ("<r>a & b</r>", 1), ("<r>&#0;</r>", 1), ("<r>&#xD800;</r>", 1),
            ("<r>&#x110000;</r>", 1), ("<r>&#99999999999999999999;</r>", 1), ("<r>&#x;</r>", 1), ("<r>&#12a;</r>", 1),
            ("<r>\u{1}</r>", 1), ("<r>\u{FFFE}</r>", 1), ("<r/><r/>", 1), ("<r/>\ntext", 2), ("text<r/>", 1),
            ("<r>]]></r>", 1), ("<r><!-- a -- b --></r>", 1), ("<r><!-- a", 1), ("<r><![CDATA[a", 1), ("<![CDATA[a]]><r/>", 1),
            ("<r><!ELEMENT r ANY></r>", 1), ("<r><?pi", 1), ("<r><?pi-x?></r>\n<?xml version='1.0'?>", 2),
            (" <?xml version='1.0'?><r/>", 1), ("<?xml?><r/>", 1), ("<?xml encoding='UTF-8'?><r/>", 1),
            ("<?xml version='1.0' standalone='maybe'?><r/>", 1), ("<?xml version='1.0'", 1), ("<?XML version='1.0'?><r/>", 1),
            ("<r>\r\n\r\n<s></r>", 3),
        ])
    func malformed(document: String, line: Int) {
        let error = Self.error(Array(document.utf8))
        #expect(error?.line == line, "\(document.debugDescription): \(error?.reason ?? "read")")
    }

    @Test(
        "bytes that are not UTF-8 are refused, wherever they stand",
        arguments: [
            [0xFF], [0xC3], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
            [0xE2, 0x82],
        ] as [[UInt8]])
    func invalidUTF8(bytes: [UInt8]) {
        for (before, after) in [("<r>", "</r>"), ("<r a='", "'/>"), ("<r", "/>"), ("<r><!--", "--></r>"), ("<r><![CDATA[", "]]></r>")] {
            let document = Array(before.utf8) + bytes + Array(after.utf8)
            #expect(Self.error(document) != nil, "\(before) \(bytes) \(after)")
        }
    }

    @Test("invalid UTF-16 is refused")
    func invalidUTF16() {
        #expect(Self.error([0xFF, 0xFE, 0x3C, 0x00, 0x72, 0x00, 0x3E, 0x00, 0x00, 0xD8, 0x3C, 0x00]) != nil)
        #expect(Self.error([0xFF, 0xFE, 0x3C, 0x00, 0x72, 0x00, 0x2F, 0x00, 0x3E]) != nil)
    }

    @Test("a document type declaration is refused, so no entity is ever expanded or loaded")
    func doctype() {
        var laughs = #"<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">"#
        for level in 1...9 {
            let previous = Character(UnicodeScalar(UInt8(96 + level)))
            laughs += #"<!ENTITY \#(Character(UnicodeScalar(UInt8(97 + level)))) "\#(String(repeating: "&\(previous);", count: 10))">"#
        }
        laughs += "]>\n<r>&j;</r>"
        for document in ["<!DOCTYPE r><r/>", "<?xml version='1.0'?>\n<!DOCTYPE r SYSTEM 'file:///etc/passwd'><r/>", laughs] {
            let error = Self.error(Array(document.utf8))
            #expect(error?.reason.contains("document type declaration") == true, "\(document)")
        }
        #expect(Self.error(Array("<?xml version='1.0'?>\n<!DOCTYPE r><r/>".utf8))?.line == 2)
    }

    // MARK: - In a workbook

    @Test("a sheet written with namespace prefixes reads as one without")
    func prefixedSheet() throws {
        let main = XLSXHostileInputTests.main
        let sheet = #"<x:worksheet xmlns:x="\#(main)"><x:sheetData><x:row x:r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>svar &amp; mer</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"#
        let read = try XLSXReader.read(try XLSXHostileInputTests.workbook(sheet: sheet))
        #expect(read.rows == [TableRow(number: 2, cells: [.empty, .text("svar & mer")])])
    }

    @Test(
        "a sheet part with a DTD, cut short or malformed is refused as not valid XML, with its line",
        arguments: [
            ("<!DOCTYPE worksheet>\n<worksheet/>", 1),
            ("<worksheet xmlns=\"\(XLSXHostileInputTests.main)\">\n<sheetData><row><c><v>1</v></c></row>", 2),
            ("<worksheet>\n<sheetData>\n<row><c r=\"A1\" t=\"s><v>1</v></c></row></sheetData></worksheet>", 3),
            ("<worksheet><sheetData></worksheet>", 1),
        ])
    func refusedSheet(sheet: String, line: Int) throws {
        let error = try #require(XLSXHostileInputTests.readError(try XLSXHostileInputTests.workbook(sheet: sheet)))
        #expect(error.code == .tableRead)
        #expect(error.message.sv == "delen xl/worksheets/sheet1.xml är inte giltig XML (rad \(line))")
        #expect(error.message.en == "the part xl/worksheets/sheet1.xml is not valid XML (line \(line))")
    }
}
