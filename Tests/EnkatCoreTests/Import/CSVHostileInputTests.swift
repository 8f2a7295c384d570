import Foundation
import Testing

@testable import EnkatCore

/// Plans an import of a CSV text into the real kommun survey.
private func planKommun(_ text: String) -> TableImport.Result {
    planTable(Array(text.utf8), survey: "socialstyrelsen-kommun-2025", catalog: realCatalog)
}

/// The error a CSV text gives with the standard limits (or `limits`), if any.
private func readError(_ text: String, limits: CSVLimits = .standard) -> TableReadError? {
    do {
        _ = try CSVReader.read(Array(text.utf8), limits: limits)
        return nil
    } catch {
        return error
    }
}

@Suite("Import: hostile CSV files end with a limit or a correct read")
struct CSVHostileInputTests {
    let limits = CSVLimits.standard

    // MARK: Columns

    @Test("a row with one column more than the limit is refused with table-limit and its row")
    func tooManyColumns() {
        let error = readError("Kommun" + String(repeating: ";x", count: limits.maxColumns) + "\n")
        #expect(error?.code == .tableLimit)
        #expect(error?.row == 1)
        #expect(error?.message.sv.contains("4 096 kolumner") == true)
        #expect(error?.message.en.contains("4,096 columns") == true)
    }

    @Test("a row with exactly the most columns reads")
    func columnsAtTheLimit() throws {
        let sheet = try CSVReader.read(Array(("Kommun" + String(repeating: ";x", count: limits.maxColumns - 1) + "\n").utf8))
        #expect(sheet.rows.count == 1)
        #expect(sheet.rows[0].cells.count == limits.maxColumns)
    }

    @Test("16 KB of \";\" is one row of 4 097 quoted fields: the column limit, at once")
    func quoteSemicolons() throws {
        let error = readError(String(repeating: "\";", count: 8192))
        #expect(error?.code == .tableLimit)
        // Two fewer pairs are 4 096 fields, each a quoted ";".
        let sheet = try CSVReader.read(Array(String(repeating: "\";", count: 8190).utf8))
        #expect(sheet.rows.count == 1)
        #expect(sheet.rows[0].cells.count == 4096)
        #expect(sheet.rows[0].cells[0] == .text(";"))
        #expect(sheet.rows[0].cells[4095] == .empty)
    }

    @Test("thousands of header columns are matched (here: every one a duplicate, each reported)")
    func manyHeaderColumns() {
        let columns = 3000
        let header = "Kommun" + String(repeating: ";omraden", count: columns)
        let result = planKommun(header + "\nFalun" + String(repeating: ";annat", count: columns) + "\n")
        #expect(result.blocked)
        #expect(result.findings.count { $0.code == .duplicateColumn } == columns - 1)
        #expect(result.findings.first { $0.code == .duplicateColumn }?.table?.column == 2)
    }

    // MARK: Cells and rows

    @Test("a cell one byte over the cell limit is refused with its row and column; at the limit it reads whole")
    func cellSize() throws {
        let big = String(repeating: "a", count: limits.maxCellBytes)
        let error = readError("Kommun;omraden-kommentar\nFalun;\"" + big + "a\"\n")
        #expect(error?.code == .tableLimit)
        #expect(error?.row == 2)
        #expect(error?.column == 1)
        #expect(error?.message.sv.contains("kolumn B på rad 2") == true)
        let sheet = try CSVReader.read(Array(("Kommun;omraden-kommentar\nFalun;\"" + big + "\"\n").utf8))
        #expect(sheet.rows[1].cells[1] == .text(big))
    }

    @Test("a quote that is never closed runs into the cell limit and the message says where it opened")
    func openQuoteAtTheLimit() {
        let error = readError("Kommun;omraden-kommentar\nFalun;\"" + String(repeating: "ab\n", count: limits.maxCellBytes / 3 + 1))
        #expect(error?.code == .tableLimit)
        #expect(error?.message.sv.contains("öppnas på rad 2") == true)
    }

    @Test("a row longer than the row limit is refused; a long row of cells under it reads")
    func recordLength() throws {
        let cell = String(repeating: "b", count: limits.maxCellBytes - 10)
        let cells = limits.maxRecordBytes / cell.utf8.count
        let under = Array(repeating: cell, count: cells).joined(separator: ";")
        let sheet = try CSVReader.read(Array(("Kommun\n" + under + "\n").utf8))
        #expect(sheet.rows[1].cells.count == cells)
        let over = under + ";" + String(repeating: "c", count: limits.maxRecordBytes - under.utf8.count + 1)
        let error = readError("Kommun\n" + over + "\n")
        #expect(error?.code == .tableLimit)
        #expect(error?.row == 2)
    }

    @Test("a table of more rows than the limit is refused; at the limit it reads")
    func rowCount() throws {
        let error = readError(String(repeating: "a\n", count: limits.maxRows + 1))
        #expect(error?.code == .tableLimit)
        #expect(error?.row == limits.maxRows + 1)
        let sheet = try CSVReader.read(Array(String(repeating: "a\n", count: limits.maxRows).utf8))
        #expect(sheet.rows.count == limits.maxRows)
        #expect(sheet.rows.last?.number == limits.maxRows)
    }

    @Test("the cell count and file size limits (small limits, same code)")
    func cellsAndFileSize() throws {
        var small = CSVLimits.standard
        small.maxCells = 10
        #expect(readError("a;b;c\nd;e;f\ng;h;i\nj;k\n", limits: small)?.code == .tableLimit)
        #expect(try CSVReader.read(Array("a;b;c\nd;e;f\ng;h;i\nj\n".utf8), limits: small).rows.count == 4)
        small = CSVLimits.standard
        small.maxFileBytes = 8
        let error = readError("a;b;c\nd;e\n", limits: small)
        #expect(error?.code == .tableLimit)
        #expect(error?.message.sv.contains("större än gränsen för en CSV-fil") == true)
        #expect(try CSVReader.read(Array("a;b;c\nd\n".utf8), limits: small).rows.count == 2)
    }

    @Test("an import of a table over a limit is stopped with table-limit and nothing planned")
    func importStops() {
        let result = planKommun(String(repeating: "Falun;ja\n", count: limits.maxRows + 1))
        #expect(result.blocked)
        #expect(result.findings.map(\.code) == [.tableLimit])
        #expect(result.files.isEmpty)
    }

    // MARK: Matching

    @Test("20 000 unknown options in one cell: the first few are kept and listed, the rest counted")
    func manyUnknownOptions() throws {
        let tokens = (0..<20_000).map { "okand\($0)" }
        let cell = "\"" + tokens.joined(separator: ", ") + "; mobila-team\""
        let result = planKommun("Kommun;omraden\nFalun;" + cell + "\n")
        #expect(!result.blocked)
        let kept = TableValues.maxUnknownOptions
        let summary = try #require(result.findings.first { $0.code == .cellValue && $0.question == "omraden" })
        #expect(summary.message.sv.contains("20000 delar"))
        #expect(summary.message.sv.contains("de andra \(20_000 - kept)"))
        let unknown = result.findings.filter { $0.code == .unknownOption }
        #expect(unknown.count == TableImport.maxListedPerCell + 1)
        #expect(unknown.last?.message.sv.contains("och \(kept - TableImport.maxListedPerCell) fynd till") == true)
        let text = try #require(result.files.first?.text)
        #expect(text.contains("okand0"))
        #expect(text.contains("okand\(kept - 1)"))
        #expect(!text.contains("okand\(kept)"))
        #expect(text.contains("mobila-team"))
    }

    @Test("a cell of many comma-separated labels is matched label by label")
    func manyCommaSeparatedLabels() {
        let question = realCatalog.surveys["socialstyrelsen-kommun-2025"]!.question("omraden")!
        let labels = question.options.map(\.label)
        let text = Array(repeating: labels, count: 200).flatMap { $0 }.joined(separator: ", ")
        #expect(TableValues.options(.text(text), question, csv: true) == question.options.map(\.id))
    }

    @Test("thousands of rows of unknown respondents: the first rows are listed, the others counted in one finding")
    func manyUnknownRespondents() throws {
        let rows = 5000
        let table = "Kommun;omraden\n" + (0..<rows).map { "Okand kommun \($0);annat\n" }.joined()
        let result = planKommun(table)
        #expect(result.blocked)
        let unknown = result.findings.filter { $0.code == .unknownRespondent }
        #expect(unknown.count == TableImport.maxListedRowsPerProblem + 1)
        let rest = try #require(unknown.last)
        #expect(rest.table?.row == TableImport.maxListedRowsPerProblem + 2)
        #expect(rest.message.sv.contains("ytterligare \(rows - TableImport.maxListedRowsPerProblem) rader"))
        #expect(result.rowsRead == rows)
    }

    @Test("many rows of one respondent: every duplicate is stopped, the first listed")
    func manyDuplicates() {
        let result = planKommun("Kommun;omraden\n" + String(repeating: "Falun;annat\n", count: 3000))
        #expect(result.blocked)
        #expect(result.findings.count { $0.code == .duplicateRespondent } == TableImport.maxListedRowsPerProblem + 1)
    }

    // MARK: Real files read as before

    @Test("the fixture tables read the same through every encoding", arguments: [";", ",", "\t"])
    func realTables(separator: String) throws {
        let text = fixtureCSV(separator)
        let utf8 = try CSVReader.read(Array(text.utf8))
        let bom = try CSVReader.read([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        let cp1252 = try CSVReader.read(windows1252(text))
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let wide = try CSVReader.read(utf16)
        #expect(utf8.rows.count == 3)
        #expect(utf8.rows[1].cells[2] == .text("Kommentar med \"citat\" och\(separator) avgränsare"))
        #expect(utf8.rows[1].cells[3] == .text("Planen,\nandra raden"))
        for other in [bom, cp1252, wide] { #expect(other.rows == utf8.rows) }
        #expect(wide.source == .csv(encoding: .utf16LE, separator: Character(separator)))
        #expect(cp1252.source == .csv(encoding: .windows1252, separator: Character(separator)))
    }

    @Test("Excel's sep= line with CRLF, a stray quote and a separator outside the three")
    func oddButReal() throws {
        let sheet = try CSVReader.read(Array("sep=|\r\nKommun|1\r\nFalun|ja \"x\"|\r\n".utf8))
        #expect(sheet.source == .csv(encoding: .utf8, separator: "|"))
        #expect(sheet.rows.map(\.cells) == [[.text("Kommun"), .text("1")], [.text("Falun"), .text("ja \"x\""), .empty]])
    }
}
