import Foundation
import ZIPFoundation

/// Reads one sheet of an Excel workbook (.xlsx, SpreadsheetML in a zip) into a table:
/// workbook → sheet (the first, or one named), shared strings, inline strings, numbers,
/// booleans, formula results, empty cells and cell references with gaps.
public enum XLSXReader {
    /// Whether the bytes start like a zip archive.
    static func isZip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && (bytes[2] == 0x03 || bytes[2] == 0x05)
            && (bytes[3] == 0x04 || bytes[3] == 0x06)
    }

    /// Reads the sheet named `sheet` (compared leniently), or the first sheet, within `limits`.
    public static func read(
        _ bytes: [UInt8], sheet wanted: String? = nil, limits: XLSXLimits = .standard
    ) throws(TableReadError) -> TableSheet {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw TableReadError(
                LocalizedText(
                    sv: "filen ser ut som en zip-fil men kan inte öppnas (trasig eller ofullständig .xlsx?)",
                    en: "the file looks like a zip file but cannot be opened (a damaged or truncated .xlsx?)"))
        }
        let workbookPath = try officeDocumentPath(archive, limits: limits)
        let workbook = WorkbookHandler()
        try parse(workbookPath, in: archive, limits: limits, into: workbook)
        let relationships = try self.relationships(of: workbookPath, in: archive, limits: limits)
        let sheets = workbook.sheets.compactMap { sheet -> (name: String, path: String)? in
            guard let name = sheet["name"], let id = sheet["id"], let target = relationships[id] else { return nil }
            return (name, target)
        }
        guard !sheets.isEmpty else {
            throw TableReadError(LocalizedText(sv: "arbetsboken har inga blad", en: "the workbook has no sheets"))
        }
        let chosen: (name: String, path: String)
        if let wanted {
            let key = TableText.key(wanted)
            guard let found = sheets.first(where: { $0.name == wanted }) ?? sheets.first(where: { TableText.key($0.name) == key }) else {
                let names = sheets.map { "”\($0.name)”" }.joined(separator: ", ")
                throw TableReadError(
                    LocalizedText(
                        sv: "arbetsboken har inget blad ”\(wanted)”; bladen är \(names)",
                        en: "the workbook has no sheet “\(wanted)”; its sheets are \(names)"))
            }
            chosen = found
        } else {
            chosen = sheets[0]
        }
        var sharedStrings: [String] = []
        if let path = relationships.values.first(where: { $0.hasSuffix("sharedStrings.xml") }) {
            let handler = SharedStringsHandler(limits: limits, path: path)
            try parse(path, in: archive, limits: limits, into: handler)
            sharedStrings = handler.strings
        }
        var percentStyles: Set<Int> = []
        if let path = relationships.values.first(where: { $0.hasSuffix("styles.xml") }) {
            let handler = StylesHandler()
            try parse(path, in: archive, limits: limits, into: handler)
            percentStyles = handler.percentStyles
        }
        let worksheet = WorksheetHandler(sharedStrings: sharedStrings, percentStyles: percentStyles, limits: limits)
        try parse(chosen.path, in: archive, limits: limits, into: worksheet)
        return TableSheet(rows: worksheet.finishedRows(), source: .xlsx(sheet: chosen.name, sheets: sheets.map(\.name)))
    }

    // MARK: - Package parts

    /// The workbook part named by the package relationships (normally `xl/workbook.xml`).
    private static func officeDocumentPath(_ archive: Archive, limits: XLSXLimits) throws(TableReadError) -> String {
        if entry("_rels/.rels", in: archive) != nil {
            let rels = RelationshipsHandler()
            try parse("_rels/.rels", in: archive, limits: limits, into: rels)
            for relationship in rels.relationships where relationship["Type"]?.hasSuffix("/officeDocument") == true {
                if let target = relationship["Target"] { return resolve(target, relativeTo: "") }
            }
        }
        if entry("xl/workbook.xml", in: archive) != nil { return "xl/workbook.xml" }
        if entry("content.xml", in: archive) != nil {
            throw TableReadError(
                LocalizedText(
                    sv: "filen är ett OpenDocument-kalkylark (.ods), inte .xlsx; spara den som Excel-arbetsbok (.xlsx) eller CSV",
                    en: "the file is an OpenDocument spreadsheet (.ods), not .xlsx; save it as an Excel workbook (.xlsx) or CSV"))
        }
        throw TableReadError(
            LocalizedText(
                sv: "zip-filen är ingen Excel-arbetsbok (xl/workbook.xml saknas)",
                en: "the zip file is not an Excel workbook (xl/workbook.xml is missing)"))
    }

    /// A part's relationships: id → part path inside the package.
    private static func relationships(of part: String, in archive: Archive, limits: XLSXLimits) throws(TableReadError)
        -> [String: String]
    {
        let directory = (part as NSString).deletingLastPathComponent
        let relsPath = (directory.isEmpty ? "" : directory + "/") + "_rels/" + (part as NSString).lastPathComponent + ".rels"
        guard entry(relsPath, in: archive) != nil else { return [:] }
        let rels = RelationshipsHandler()
        try parse(relsPath, in: archive, limits: limits, into: rels)
        var result: [String: String] = [:]
        for relationship in rels.relationships {
            guard let id = relationship["Id"], let target = relationship["Target"], relationship["TargetMode"] != "External" else {
                continue
            }
            result[id] = resolve(target, relativeTo: directory)
        }
        return result
    }

    /// A relationship target as a path inside the package.
    private static func resolve(_ target: String, relativeTo directory: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : directory.split(separator: "/")
        for part in target.split(separator: "/") {
            if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    private static func entry(_ path: String, in archive: Archive) -> Entry? {
        if let exact = archive[path] { return exact }
        let lowered = path.lowercased()
        return archive.first { $0.path.lowercased() == lowered || $0.path.lowercased() == "/" + lowered }
    }

    /// Unpacks the part `path`, refusing one larger than the limit whatever its zip header
    /// claims, and streams it into `handler`.
    private static func parse(
        _ path: String, in archive: Archive, limits: XLSXLimits, into handler: some XLSXPartHandler
    ) throws(TableReadError) {
        guard let entry = entry(path, in: archive) else {
            throw TableReadError(LocalizedText(sv: "arbetsboken saknar delen \(path)", en: "the workbook lacks the part \(path)"))
        }
        guard entry.uncompressedSize <= UInt64(limits.partSize) else {
            throw XLSXLimits.partSizeExceeded(path: path, size: entry.uncompressedSize, limit: limits.partSize)
        }
        var data = Data()
        data.reserveCapacity(Int(entry.uncompressedSize))
        var tooLarge = false
        do {
            _ = try archive.extract(entry) { chunk in
                guard data.count + chunk.count <= limits.partSize else {
                    tooLarge = true
                    throw Archive.ArchiveError.invalidEntrySize
                }
                data.append(chunk)
            }
        } catch {
            if tooLarge { throw XLSXLimits.partSizeExceeded(path: path, size: nil, limit: limits.partSize) }
            throw TableReadError(
                LocalizedText(
                    sv: "delen \(path) i arbetsboken kan inte packas upp", en: "the part \(path) of the workbook cannot be unpacked"))
        }
        try XLSXPart.parse(data, path: path, limits: limits, into: handler)
    }

    // MARK: - Text

    /// SpreadsheetML writes characters XML cannot hold as `_xHHHH_` (`_x000D_` for CR), and a
    /// literal `_x` as `_x005F_x`.
    static func unescape(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "_x") {
            result += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            let hex = after.prefix(4)
            if hex.count == 4, after.dropFirst(4).first == "_", let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                result.unicodeScalars.append(scalar)
                rest = after.dropFirst(5)
            } else {
                result += "_x"
                rest = after
            }
        }
        return result + rest
    }
}

// MARK: - Part handlers

/// The `sheet` elements of the workbook's first `sheets`, by their attributes.
private final class WorkbookHandler: XLSXPartHandler {
    var sheets: [[String: String]] = []
    private var state = 0  // 0 before `sheets`, 1 inside it, 2 after it

    func start(_ name: String, depth: Int, attributes: [String: String]) -> Bool {
        if depth == 1 && name == "sheets" && state == 0 {
            state = 1
        } else if depth == 2 && name == "sheet" && state == 1 {
            sheets.append(attributes)
        }
        return false
    }

    func end(_ name: String, depth: Int, text: String) {
        if depth == 1 && state == 1 { state = 2 }
    }
}

/// The `Relationship` elements of a relationships part, by their attributes.
private final class RelationshipsHandler: XLSXPartHandler {
    var relationships: [[String: String]] = []

    func start(_ name: String, depth: Int, attributes: [String: String]) -> Bool {
        if depth == 1 && name == "Relationship" { relationships.append(attributes) }
        return false
    }

    func end(_ name: String, depth: Int, text: String) {}
}

/// The shared strings: each `si`'s `t`, or the `t` of each of its runs; phonetic hints left out.
private final class SharedStringsHandler: XLSXPartHandler {
    let limits: XLSXLimits
    let path: String
    var strings: [String] = []
    private var item: String?
    private var inRun = false

    init(limits: XLSXLimits, path: String) {
        self.limits = limits
        self.path = path
    }

    func start(_ name: String, depth: Int, attributes: [String: String]) throws(TableReadError) -> Bool {
        switch (depth, name) {
        case (1, "si"):
            // Every shared string is used by a cell of some sheet, so there are no more than cells.
            guard strings.count < limits.cells else {
                throw XLSXLimits.sharedStringsExceeded(path: path, limit: limits.cells)
            }
            item = ""
        case (2, "t"): return item != nil
        case (2, "r"): inRun = item != nil
        case (3, "t"): return inRun
        default: break
        }
        return false
    }

    func end(_ name: String, depth: Int, text: String) {
        switch (depth, name) {
        case (1, "si"):
            strings.append(XLSXReader.unescape(item ?? ""))
            item = nil
        case (2, "t"), (3, "t"): item? += text
        case (2, "r"): inRun = false
        default: break
        }
    }
}

/// The indexes of cell styles whose number format shows a percentage.
private final class StylesHandler: XLSXPartHandler {
    private var percentFormats: Set<String> = ["9", "10"]
    private var formatIDs: [String] = []
    private var numberFormatsState = 0  // 0 before the first `numFmts`, 1 inside, 2 after
    private var cellFormatsState = 0  // the same for `cellXfs`

    var percentStyles: Set<Int> {
        var result: Set<Int> = []
        for (index, id) in formatIDs.enumerated() where percentFormats.contains(id) { result.insert(index) }
        return result
    }

    func start(_ name: String, depth: Int, attributes: [String: String]) -> Bool {
        switch (depth, name) {
        case (1, "numFmts") where numberFormatsState == 0: numberFormatsState = 1
        case (1, "cellXfs") where cellFormatsState == 0: cellFormatsState = 1
        case (2, "numFmt") where numberFormatsState == 1:
            if let id = attributes["numFmtId"], let code = attributes["formatCode"], Self.showsPercent(code) {
                percentFormats.insert(id)
            }
        case (2, "xf") where cellFormatsState == 1: formatIDs.append(attributes["numFmtId"] ?? "0")
        default: break
        }
        return false
    }

    func end(_ name: String, depth: Int, text: String) {
        guard depth == 1 else { return }
        if numberFormatsState == 1 && name == "numFmts" { numberFormatsState = 2 }
        if cellFormatsState == 1 && name == "cellXfs" { cellFormatsState = 2 }
    }

    /// Whether a format code has a `%` outside quoted literals and escapes.
    static func showsPercent(_ code: String) -> Bool {
        var quoted = false
        var escaped = false
        for character in code {
            if escaped { escaped = false; continue }
            if character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == "%" && !quoted {
                return true
            }
        }
        return false
    }
}

/// The rows of the worksheet's first `sheetData`, built as the part streams past: each row's
/// cells up to its last value, every limit checked before anything is allocated.
private final class WorksheetHandler: XLSXPartHandler {
    let sharedStrings: [String]
    let percentStyles: Set<Int>
    let limits: XLSXLimits
    private var rows: [TableRow] = []
    private var sheetDataState = 0  // 0 before the first `sheetData`, 1 inside it, 2 after it
    private var row: TableRow?
    private var nextRow = 1
    private var nextColumn = 0
    private var cellCount = 0
    private var textSize = 0

    /// The cell being read.
    private struct Cell {
        var reference: String?
        var column: Int
        var type: String?
        var style: String?
        /// The first `v`'s text.
        var value: String?
        /// The first `is`'s text: its `t` and its runs' `t`; `nil` before it.
        var inline: String?
        var inInline = false
        var inRun = false
    }
    private var cell: Cell?

    init(sharedStrings: [String], percentStyles: Set<Int>, limits: XLSXLimits) {
        self.sharedStrings = sharedStrings
        self.percentStyles = percentStyles
        self.limits = limits
    }

    /// The rows by number.
    func finishedRows() -> [TableRow] {
        rows.sorted { $0.number < $1.number }
    }

    func start(_ name: String, depth: Int, attributes: [String: String]) throws(TableReadError) -> Bool {
        switch (depth, name) {
        case (1, "sheetData") where sheetDataState == 0:
            sheetDataState = 1
        case (2, "row") where sheetDataState == 1:
            guard rows.count < limits.rows else { throw XLSXLimits.rowsExceeded(limit: limits.rows, row: nextRow) }
            let number: Int
            if let text = attributes["r"] {
                guard let parsed = Int(text.trimmingCharacters(in: .whitespaces)), (1...XLSXLimits.excelRows).contains(parsed) else {
                    throw XLSXLimits.invalidRow(text, after: nextRow - 1)
                }
                number = parsed
            } else {
                guard nextRow <= XLSXLimits.excelRows else { throw XLSXLimits.invalidRow(String(nextRow), after: nextRow - 1) }
                number = nextRow
            }
            nextRow = number + 1
            nextColumn = 0
            row = TableRow(number: number, cells: [])
        case (3, "c") where row != nil:
            let column: Int
            if let reference = attributes["r"] {
                guard let parsed = TableSheet.parseReference(reference) else {
                    throw XLSXLimits.invalidReference(reference, row: row?.number ?? nextRow)
                }
                column = parsed.column
            } else {
                column = nextColumn
            }
            nextColumn = column + 1
            cell = Cell(reference: attributes["r"], column: column, type: attributes["t"], style: attributes["s"])
        case (4, "v") where cell != nil && cell?.value == nil:
            return true
        case (4, "is") where cell != nil && cell?.inline == nil:
            cell?.inline = ""
            cell?.inInline = true
        case (5, "t") where cell?.inInline == true:
            return true
        case (5, "r") where cell?.inInline == true:
            cell?.inRun = true
        case (6, "t") where cell?.inRun == true:
            return true
        default: break
        }
        return false
    }

    func end(_ name: String, depth: Int, text: String) throws(TableReadError) {
        switch (depth, name) {
        case (1, "sheetData") where sheetDataState == 1:
            sheetDataState = 2
        case (2, "row"):
            if let row { rows.append(row) }
            row = nil
        case (3, "c"):
            if let cell { try store(cell) }
            cell = nil
        case (4, "v") where cell != nil && cell?.value == nil:
            cell?.value = text
        case (4, "is"):
            cell?.inInline = false
        case (5, "t") where cell?.inInline == true, (6, "t") where cell?.inRun == true:
            cell?.inline? += text
        case (5, "r"):
            cell?.inRun = false
        default: break
        }
    }

    /// Puts a cell's value into the row, within the limits.
    private func store(_ cell: Cell) throws(TableReadError) {
        // Taken out while it grows, so that its cells are never shared (and copied) meanwhile.
        guard var row = self.row else { return }
        self.row = nil
        defer { self.row = row }
        let value = try self.value(of: cell, row: row.number)
        if case .empty = value, cell.column >= row.cells.count { return }
        let reference = { cell.reference ?? TableSheet.columnName(cell.column) + String(row.number) }
        guard cell.column < limits.columns else {
            throw XLSXLimits.columnsExceeded(reference: reference(), limit: limits.columns, row: row.number)
        }
        if case .text(let text) = value {
            let size = text.utf8.count
            if size > limits.cellText && text.utf16.count > limits.cellText {
                throw XLSXLimits.cellTextExceeded(reference: reference(), limit: limits.cellText, row: row.number)
            }
            textSize += size
            guard textSize <= limits.totalText else { throw XLSXLimits.totalTextExceeded(limit: limits.totalText, row: row.number) }
        }
        if cell.column >= row.cells.count {
            let added = cell.column + 1 - row.cells.count
            guard cellCount + added <= limits.cells else { throw XLSXLimits.cellsExceeded(limit: limits.cells, row: row.number) }
            cellCount += added
            row.cells += repeatElement(.empty, count: added)
        }
        row.cells[cell.column] = value
    }

    private func value(of cell: Cell, row: Int) throws(TableReadError) -> TableCell {
        let raw = cell.value
        switch cell.type ?? "n" {
        case "s":
            guard let raw, let index = Int(raw.trimmingCharacters(in: .whitespaces)), sharedStrings.indices.contains(index) else {
                throw TableReadError(
                    LocalizedText(
                        sv: "cellen \(cell.reference ?? "?") hänvisar till en delad text som inte finns",
                        en: "cell \(cell.reference ?? "?") refers to a shared string that does not exist"), row: row)
            }
            return sharedStrings[index].isEmpty ? .empty : .text(sharedStrings[index])
        case "inlineStr":
            let text = XLSXReader.unescape(cell.inline ?? "")
            return text.isEmpty ? .empty : .text(text)
        case "str", "e", "d":
            let text = XLSXReader.unescape(raw ?? "")
            return text.isEmpty ? .empty : .text(text)
        case "b":
            guard let raw else { return .empty }
            return .boolean(raw.trimmingCharacters(in: .whitespaces) == "1" || raw.lowercased() == "true")
        default:
            guard let raw, !raw.trimmingCharacters(in: .whitespaces).isEmpty else { return .empty }
            guard let number = Double(raw.trimmingCharacters(in: .whitespaces)) else { return .text(raw) }
            let style = cell.style.flatMap { Int($0) } ?? 0
            return .number(number, percentFormat: percentStyles.contains(style))
        }
    }
}
