import Foundation
import Testing

@testable import EnkatCore

/// Hostile and oversized workbooks, each built here: the reader ends with an error that names
/// the limit, or reads the sheet correctly; it never traps, overflows the stack or allocates
/// for cells that are not there. Limits are lowered where a workbook at the standard limit
/// would be slow to build.
@Suite("Import: hostile Excel workbooks")
struct XLSXHostileInputTests {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    /// A workbook with one sheet holding `rows` (the XML inside `sheetData`) and, when given,
    /// shared strings (the XML inside `sst`).
    static func workbook(rows: String, sharedStrings: String? = nil) throws -> [UInt8] {
        try workbook(sheet: "<worksheet xmlns=\"\(main)\"><sheetData>\(rows)</sheetData></worksheet>", sharedStrings: sharedStrings)
    }

    /// A workbook with one sheet part `sheet`, as is.
    static func workbook(sheet: String, sharedStrings: String? = nil) throws -> [UInt8] {
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var zip = ZipWriter()
        try zip.add(
            "_rels/.rels",
            text:
                #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        )
        try zip.add(
            "xl/workbook.xml",
            text:
                #"<workbook xmlns="\#(main)" xmlns:r="\#(relationships)"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        )
        var rels =
            #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(relationships)/worksheet" Target="worksheets/sheet1.xml"/>"#
        if sharedStrings != nil {
            rels += #"<Relationship Id="rId2" Type="\#(relationships)/sharedStrings" Target="sharedStrings.xml"/>"#
        }
        try zip.add("xl/_rels/workbook.xml.rels", text: rels + "</Relationships>")
        try zip.add("xl/worksheets/sheet1.xml", text: sheet)
        if let sharedStrings {
            try zip.add("xl/sharedStrings.xml", text: "<sst xmlns=\"\(main)\">\(sharedStrings)</sst>")
        }
        return try zip.finished()
    }

    /// The error reading `bytes` gives, or `nil` when it reads.
    static func readError(_ bytes: [UInt8], limits: XLSXLimits = .standard) -> TableReadError? {
        do {
            _ = try XLSXReader.read(bytes, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    /// Standard limits with some changed.
    static func limits(
        partSize: Int? = nil, cells: Int? = nil, rows: Int? = nil, columns: Int? = nil, depth: Int? = nil,
        cellText: Int? = nil, totalText: Int? = nil
    ) -> XLSXLimits {
        let standard = XLSXLimits.standard
        return XLSXLimits(
            partSize: partSize ?? standard.partSize, cells: cells ?? standard.cells, rows: rows ?? standard.rows,
            columns: columns ?? standard.columns, depth: depth ?? standard.depth, cellText: cellText ?? standard.cellText,
            totalText: totalText ?? standard.totalText)
    }

    static func numberRows(_ count: Int, columns: Int) -> String {
        String(repeating: "<row>" + String(repeating: "<c><v>1</v></c>", count: columns) + "</row>", count: count)
    }

    // MARK: - References and row numbers

    @Test("cell references parse without overflow and only within Excel's limits (A–XFD, rows 1–1 048 576)")
    func references() {
        #expect(TableSheet.parseReference("A1")! == (0, 1))
        #expect(TableSheet.parseReference("$ab$12")! == (27, 12))
        #expect(TableSheet.parseReference("XFD1048576")! == (16_383, 1_048_576))
        #expect(TableSheet.parseReference("XFD")! == (16_383, nil))
        #expect(TableSheet.parseReference(String(repeating: "A", count: 20) + "1") == nil)
        #expect(TableSheet.parseReference(String(repeating: "Z", count: 10_000)) == nil)
        #expect(TableSheet.parseReference("A9223372036854775807") == nil)
        #expect(TableSheet.parseReference("A" + String(repeating: "9", count: 1_000)) == nil)
        #expect(TableSheet.parseReference("XFE1") == nil)
        #expect(TableSheet.parseReference("ZZZ1") == nil)
        #expect(TableSheet.parseReference("A1048577") == nil)
        #expect(TableSheet.parseReference("A0") == nil)
        #expect(TableSheet.parseReference("A1B") == nil)
        #expect(TableSheet.columnName(16_383) == "XFD")
        #expect(TableSheet.columnName(-5) == "A")
    }

    @Test("a cell reference of 20 letters stops the import with the row and Excel's limits, not a trap")
    func longReference() throws {
        let bytes = try Self.workbook(rows: #"<row r="1"><c r="AAAAAAAAAAAAAAAAAAAA1"><v>1</v></c></row>"#)
        let error = try #require(Self.readError(bytes))
        #expect(error.code == .tableRead)
        #expect(error.row == 1)
        #expect(error.message.sv.contains("inte är en cellreferens inom Excels gränser (kolumn A till XFD"))
        #expect(error.message.en.contains("not a cell reference within Excel's limits"))
        let result = planTable(bytes, file: "t.xlsx")
        #expect(result.blocked)
        #expect(result.findings.first?.code == .tableRead)
    }

    @Test("a row number of 2^63 − 1, or rows counted past 1 048 576, stop the import instead of trapping")
    func hugeRowNumbers() throws {
        let huge = try #require(Self.readError(try Self.workbook(rows: #"<row r="9223372036854775807"><c><v>1</v></c></row><row/>"#)))
        #expect(huge.message.sv.contains("radnumret ”9223372036854775807”"))
        #expect(huge.message.sv.contains("Excels gräns (1 till 1\u{00A0}048\u{00A0}576)"))
        let past = try #require(Self.readError(try Self.workbook(rows: #"<row r="1048576"><c><v>1</v></c></row><row><c><v>2</v></c></row>"#)))
        #expect(past.message.sv.contains("efter rad 1048576"))
        let last = try XLSXReader.read(try Self.workbook(rows: #"<row r="1048576"><c r="XFD1048576" s="1"/><c r="B1048576"><v>2</v></c></row>"#))
        #expect(last.rows == [TableRow(number: 1_048_576, cells: [.empty, .number(2, percentFormat: false)])])
    }

    // MARK: - XML depth

    @Test("50 000 nested elements are refused at the depth limit, without recursion")
    func deepNesting() throws {
        let inner = String(repeating: "<x>", count: 50_000) + String(repeating: "</x>", count: 50_000)
        let error = try #require(Self.readError(try Self.workbook(rows: #"<row><c t="inlineStr"><is>\#(inner)</is></c></row>"#)))
        #expect(error.code == .tableLimit)
        #expect(error.message.sv.contains("nästlade djupare än gränsen 64 nivåer"))
        #expect(error.message.sv.contains("xl/worksheets/sheet1.xml"))
    }

    @Test("elements nested just under the depth limit still read")
    func nestingAtLimit() throws {
        // worksheet, sheetData, row, c and is are five levels: 59 more inside `is` make 64.
        let inner = String(repeating: "<x>", count: 59) + String(repeating: "</x>", count: 59)
        let sheet = try XLSXReader.read(try Self.workbook(rows: #"<row><c t="inlineStr"><is><t>svar</t>\#(inner)</is></c></row>"#))
        #expect(sheet.rows == [TableRow(number: 1, cells: [.text("svar")])])
        let deeper = String(repeating: "<x>", count: 60) + String(repeating: "</x>", count: 60)
        #expect(Self.readError(try Self.workbook(rows: #"<row><c t="inlineStr"><is>\#(deeper)</is></c></row>"#)) != nil)
    }

    // MARK: - Columns and cells

    @Test("20 000 rows with a value in column XFD stop at the column limit before any row is padded")
    func farColumn() throws {
        let rows = (1...20_000).map { #"<row r="\#($0)"><c r="XFD\#($0)"><v>1</v></c></row>"# }.joined()
        let error = try #require(Self.readError(try Self.workbook(rows: rows)))
        #expect(error.code == .tableLimit)
        #expect(error.row == 1)
        #expect(error.message.sv == "cellen XFD1 ligger bortom gränsen 4\u{00A0}096 kolumner (till och med kolumn FAN); ta bort innehållet till höger om kolumn FAN eller dela upp kolumnerna på flera filer")
        #expect(error.message.en.contains("beyond the limit of 4,096 columns"))
    }

    @Test("a value in the last allowed column reads; empty cells beyond it are ignored")
    func lastColumn() throws {
        let sheet = try XLSXReader.read(try Self.workbook(rows: #"<row r="2"><c r="FAN2"><v>5</v></c><c r="XFD2" s="3"/><c r="XFC2" t="inlineStr"><is><t></t></is></c></row>"#))
        #expect(sheet.rows.count == 1)
        #expect(sheet.rows[0].cells.count == 4_096)
        #expect(sheet.rows[0].cells.last == .number(5, percentFormat: false))
        #expect(sheet.columnCount == 4_096)
    }

    @Test("the cell limit counts each row up to its last value, and a sheet at the limit reads")
    func cellLimit() throws {
        let limits = Self.limits(cells: 100)
        let atLimit = try XLSXReader.read(try Self.workbook(rows: Self.numberRows(10, columns: 10)), limits: limits)
        #expect(atLimit.rows.count == 10 && atLimit.rows.allSatisfy { $0.cells.count == 10 })
        let over = try #require(Self.readError(try Self.workbook(rows: Self.numberRows(10, columns: 10) + "<row><c><v>1</v></c></row>"), limits: limits))
        #expect(over.row == 11)
        #expect(over.message.sv.hasPrefix("bladet har fler än 100 celler (räknat i varje rad fram till den sista ifyllda cellen)"))
        // One value far out counts the empty cells before it.
        let padded = try #require(Self.readError(try Self.workbook(rows: #"<row><c r="CW1"><v>1</v></c></row>"#), limits: limits))
        #expect(padded.message.sv.contains("fler än 100 celler"))
    }

    @Test("a sheet of all 290 kommuner with 100 columns reads within the standard limits")
    func realisticSheet() throws {
        let header = "<row>" + (0..<100).map { #"<c t="inlineStr"><is><t>Fråga \#($0)</t></is></c>"# }.joined() + "</row>"
        let sheet = try XLSXReader.read(try Self.workbook(rows: header + Self.numberRows(290, columns: 100)))
        #expect(sheet.rows.count == 291)
        #expect(sheet.rows.map(\.number) == Array(1...291))
        #expect(sheet.rows[0].cells[99] == .text("Fråga 99"))
        #expect(sheet.rows[290].cells.count == 100)
    }

    // MARK: - Rows

    @Test("the row limit: a sheet at it reads, one row more is refused")
    func rowLimit() throws {
        let limits = Self.limits(rows: 50)
        #expect(try XLSXReader.read(try Self.workbook(rows: Self.numberRows(50, columns: 1)), limits: limits).rows.count == 50)
        let error = try #require(Self.readError(try Self.workbook(rows: Self.numberRows(51, columns: 1)), limits: limits))
        #expect(error.code == .tableLimit)
        #expect(error.message.sv == "bladet har fler än 50 rader, gränsen för en tabell; dela upp raderna på flera filer")
        #expect(error.row == 51)
        #expect(XLSXLimits.standard.rows == 100_000)
    }

    // MARK: - Part size

    @Test("a part larger than the limit unpacked is refused; one at the limit reads")
    func partSize() throws {
        let rows = Self.numberRows(100, columns: 10)
        let sheet = "<worksheet xmlns=\"\(Self.main)\"><sheetData>\(rows)</sheetData></worksheet>"
        let size = sheet.utf8.count
        #expect(try XLSXReader.read(try Self.workbook(sheet: sheet), limits: Self.limits(partSize: size)).rows.count == 100)
        let error = try #require(Self.readError(try Self.workbook(sheet: sheet), limits: Self.limits(partSize: size - 1)))
        #expect(error.code == .tableLimit)
        #expect(error.message.sv.hasPrefix("delen xl/worksheets/sheet1.xml i arbetsboken är större än gränsen 1 MB uppackad"))
        #expect(error.message.sv.hasSuffix("dela upp arbetsboken i flera filer eller spara bladet som CSV"))
        #expect(XLSXLimits.standard.partSize == 20 << 20)
    }

    @Test("a zip header that understates a part's size does not get it past the limit")
    func lyingSize() throws {
        let rows = Self.numberRows(1_000, columns: 10)
        let sheet = "<worksheet xmlns=\"\(Self.main)\"><sheetData>\(rows)</sheetData></worksheet>"
        var bytes = try Self.workbook(sheet: sheet)
        // Every size field holding the sheet's true size (local header and central directory) says 100.
        let size = UInt32(sheet.utf8.count)
        let encoded = withUnsafeBytes(of: size.littleEndian, Array.init)
        var patched = 0
        for index in 0..<(bytes.count - 4) where Array(bytes[index..<index + 4]) == encoded {
            bytes.replaceSubrange(index..<index + 4, with: withUnsafeBytes(of: UInt32(100).littleEndian, Array.init))
            patched += 1
        }
        #expect(patched == 2)
        #expect(Self.readError(bytes, limits: Self.limits(partSize: 10_000)) != nil)
    }

    // MARK: - Text

    @Test("a cell longer than Excel's 32 767 characters is refused, naming the cell but not its text")
    func cellText() throws {
        let limits = Self.limits(cellText: 10)
        let fits = try XLSXReader.read(try Self.workbook(rows: #"<row r="2"><c r="B2" t="inlineStr"><is><t>hemligtsvr</t></is></c></row>"#), limits: limits)
        #expect(fits.rows[0].cells == [.empty, .text("hemligtsvr")])
        let error = try #require(Self.readError(try Self.workbook(rows: #"<row r="2"><c r="B2" t="inlineStr"><is><t>hemligt svar</t></is></c></row>"#), limits: limits))
        #expect(error.code == .tableLimit)
        #expect(error.message.sv == "cellen B2 har mer än 10 tecken, Excels gräns för en cell; korta texten")
        #expect(error.row == 2)
        #expect(!error.message.sv.contains("hemligt") && !error.message.en.contains("hemligt"))
        #expect(XLSXLimits.standard.cellText == 32_767)
    }

    @Test("one shared string used by many cells counts once per cell against the text limit")
    func repeatedSharedString() throws {
        let limits = Self.limits(totalText: 100)
        let text = String(repeating: "x", count: 25)
        let four = String(repeating: #"<row><c t="s"><v>0</v></c></row>"#, count: 4)
        let sheet = try XLSXReader.read(try Self.workbook(rows: four, sharedStrings: "<si><t>\(text)</t></si>"), limits: limits)
        #expect(sheet.rows.map { $0.cells } == Array(repeating: [.text(text)], count: 4))
        let error = try #require(Self.readError(try Self.workbook(rows: four + four, sharedStrings: "<si><t>\(text)</t></si>"), limits: limits))
        #expect(error.code == .tableLimit)
        #expect(error.row == 5)
        #expect(error.message.sv.hasPrefix("bladets celler har tillsammans mer än 1 MB text"))
    }

    @Test("more shared strings than the cell limit are refused")
    func manySharedStrings() throws {
        let limits = Self.limits(cells: 5)
        let five = String(repeating: "<si><t>a</t></si>", count: 5)
        #expect(Self.readError(try Self.workbook(rows: "", sharedStrings: five), limits: limits) == nil)
        let error = try #require(Self.readError(try Self.workbook(rows: "", sharedStrings: five + "<si/>"), limits: limits))
        #expect(error.code == .tableLimit)
        #expect(error.message.sv.contains("fler än 5 delade texter"))
    }

    // MARK: - What was already safe

    @Test("entities are not expanded into a billion laughs and external entities are not loaded")
    func entities() throws {
        var doctype = #"<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">"#
        for level in 1...9 { doctype += #"<!ENTITY \#(Character(UnicodeScalar(UInt8(97 + level)))) "\#(String(repeating: "&\(Character(UnicodeScalar(UInt8(96 + level))));", count: 10))">"# }
        doctype += #"<!ENTITY ext SYSTEM "file:///etc/passwd">]>"#
        for entity in ["j", "ext"] {
            let sheet = doctype + #"<worksheet xmlns="\#(Self.main)"><sheetData><row><c t="inlineStr"><is><t>&\#(entity);</t></is></c></row></sheetData></worksheet>"#
            if let read = try? XLSXReader.read(try Self.workbook(sheet: sheet)) {
                let text = read.rows.first.map { "\($0.cells)" } ?? ""
                #expect(text.count < 100_000)
                #expect(!text.contains("root:"))
            }
        }
    }

    @Test("a part that is not XML names the part and line")
    func brokenXML() throws {
        let error = try #require(Self.readError(try Self.workbook(sheet: "inte XML")))
        #expect(error.message.sv.hasPrefix("delen xl/worksheets/sheet1.xml är inte giltig XML (rad"))
    }
}
