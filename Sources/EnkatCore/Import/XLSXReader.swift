import Foundation
import ZIPFoundation

/// Reads one sheet of an Excel workbook (.xlsx, SpreadsheetML in a zip) into a table:
/// workbook → sheet (the first, or one named), shared strings, inline strings, numbers,
/// booleans, formula results, empty cells and cell references with gaps.
public enum XLSXReader {
    /// The largest part enkat unpacks (a guard against zip bombs; a sheet of 15 answers is
    /// well under a megabyte).
    static let maximumPartSize = 200 * 1024 * 1024

    /// Whether the bytes start like a zip archive.
    static func isZip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && (bytes[2] == 0x03 || bytes[2] == 0x05)
            && (bytes[3] == 0x04 || bytes[3] == 0x06)
    }

    /// Reads the sheet named `sheet` (compared leniently), or the first sheet.
    public static func read(_ bytes: [UInt8], sheet wanted: String? = nil) throws(TableReadError) -> TableSheet {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw TableReadError(
                LocalizedText(
                    sv: "filen ser ut som en zip-fil men kan inte öppnas (trasig eller ofullständig .xlsx?)",
                    en: "the file looks like a zip file but cannot be opened (a damaged or truncated .xlsx?)"))
        }
        let workbookPath = try officeDocumentPath(archive)
        let workbook = try element(workbookPath, in: archive)
        let relationships = try self.relationships(of: workbookPath, in: archive)
        let sheets = (workbook.child("sheets")?.children("sheet") ?? []).compactMap { sheet -> (name: String, path: String)? in
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
        let sharedStrings =
            try relationships.values.first { $0.hasSuffix("sharedStrings.xml") }
            .map { path throws(TableReadError) in try strings(path, in: archive) } ?? []
        let percentStyles =
            try relationships.values.first { $0.hasSuffix("styles.xml") }
            .map { path throws(TableReadError) in try self.percentStyles(path, in: archive) } ?? []
        let worksheet = try element(chosen.path, in: archive)
        let rows = try self.rows(of: worksheet, sharedStrings: sharedStrings, percentStyles: percentStyles)
        return TableSheet(rows: rows, source: .xlsx(sheet: chosen.name, sheets: sheets.map(\.name)))
    }

    // MARK: - Package parts

    /// The workbook part named by the package relationships (normally `xl/workbook.xml`).
    private static func officeDocumentPath(_ archive: Archive) throws(TableReadError) -> String {
        if entry("_rels/.rels", in: archive) != nil {
            let rels = try element("_rels/.rels", in: archive)
            for relationship in rels.children("Relationship") where relationship["Type"]?.hasSuffix("/officeDocument") == true {
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
    private static func relationships(of part: String, in archive: Archive) throws(TableReadError) -> [String: String] {
        let directory = (part as NSString).deletingLastPathComponent
        let relsPath = (directory.isEmpty ? "" : directory + "/") + "_rels/" + (part as NSString).lastPathComponent + ".rels"
        guard entry(relsPath, in: archive) != nil else { return [:] }
        var result: [String: String] = [:]
        for relationship in try element(relsPath, in: archive).children("Relationship") {
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

    private static func element(_ path: String, in archive: Archive) throws(TableReadError) -> XLSXElement {
        guard let entry = entry(path, in: archive) else {
            throw TableReadError(LocalizedText(sv: "arbetsboken saknar delen \(path)", en: "the workbook lacks the part \(path)"))
        }
        guard entry.uncompressedSize <= UInt64(maximumPartSize) else {
            throw TableReadError(
                LocalizedText(
                    sv: "delen \(path) är orimligt stor (\(entry.uncompressedSize) byte)",
                    en: "the part \(path) is unreasonably large (\(entry.uncompressedSize) bytes)"))
        }
        var data = Data()
        do {
            _ = try archive.extract(entry) { chunk in
                data.append(chunk)
                if data.count > maximumPartSize { throw Archive.ArchiveError.invalidEntrySize }
            }
        } catch {
            throw TableReadError(
                LocalizedText(
                    sv: "delen \(path) i arbetsboken kan inte packas upp", en: "the part \(path) of the workbook cannot be unpacked"))
        }
        switch XLSXElement.parse(data) {
        case .success(let root): return root
        case .failure(let failure):
            throw TableReadError(
                LocalizedText(
                    sv: "delen \(path) är inte giltig XML (rad \(failure.line))",
                    en: "the part \(path) is not valid XML (line \(failure.line))"))
        }
    }

    // MARK: - Shared strings and styles

    private static func strings(_ path: String, in archive: Archive) throws(TableReadError) -> [String] {
        try element(path, in: archive).children("si").map(richText)
    }

    /// The text of a string item: its `t`, or the `t` of each run; phonetic hints left out.
    private static func richText(_ item: XLSXElement) -> String {
        var text = ""
        for child in item.children {
            switch child.name {
            case "t": text += child.text
            case "r": text += child.children("t").map(\.text).joined()
            default: continue
            }
        }
        return unescape(text)
    }

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

    /// The indexes of cell styles whose number format shows a percentage.
    private static func percentStyles(_ path: String, in archive: Archive) throws(TableReadError) -> Set<Int> {
        let styles = try element(path, in: archive)
        var percentFormats: Set<String> = ["9", "10"]
        for format in styles.child("numFmts")?.children("numFmt") ?? [] {
            guard let id = format["numFmtId"], let code = format["formatCode"] else { continue }
            // A `%` outside quoted literals and escapes.
            var quoted = false
            var escaped = false
            for character in code {
                if escaped { escaped = false; continue }
                if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    quoted.toggle()
                } else if character == "%" && !quoted {
                    percentFormats.insert(id)
                    break
                }
            }
        }
        var result: Set<Int> = []
        for (index, format) in (styles.child("cellXfs")?.children("xf") ?? []).enumerated()
        where percentFormats.contains(format["numFmtId"] ?? "0") {
            result.insert(index)
        }
        return result
    }

    // MARK: - Cells

    private static func rows(of worksheet: XLSXElement, sharedStrings: [String], percentStyles: Set<Int>) throws(TableReadError)
        -> [TableRow]
    {
        guard let data = worksheet.child("sheetData") else { return [] }
        var rows: [TableRow] = []
        var nextRow = 1
        for row in data.children("row") {
            let number = row["r"].flatMap { Int($0) } ?? nextRow
            nextRow = number + 1
            var cells: [TableCell] = []
            var nextColumn = 0
            for cell in row.children("c") {
                let column = cell["r"].flatMap { TableSheet.parseReference($0)?.column } ?? nextColumn
                nextColumn = column + 1
                guard column < 16_384 else { continue }
                let value = try self.value(of: cell, sharedStrings: sharedStrings, percentStyles: percentStyles, row: number)
                if column >= cells.count {
                    if case .empty = value { continue }
                    cells += Array(repeating: .empty, count: column - cells.count + 1)
                }
                cells[column] = value
            }
            rows.append(TableRow(number: number, cells: cells))
        }
        return rows.sorted { $0.number < $1.number }
    }

    private static func value(of cell: XLSXElement, sharedStrings: [String], percentStyles: Set<Int>, row: Int) throws(TableReadError)
        -> TableCell
    {
        let raw = cell.child("v")?.text
        switch cell["t"] ?? "n" {
        case "s":
            guard let raw, let index = Int(raw.trimmingCharacters(in: .whitespaces)), sharedStrings.indices.contains(index) else {
                throw TableReadError(
                    LocalizedText(
                        sv: "cellen \(cell["r"] ?? "?") hänvisar till en delad text som inte finns",
                        en: "cell \(cell["r"] ?? "?") refers to a shared string that does not exist"), row: row)
            }
            return sharedStrings[index].isEmpty ? .empty : .text(sharedStrings[index])
        case "inlineStr":
            let text = cell.child("is").map(richText) ?? ""
            return text.isEmpty ? .empty : .text(text)
        case "str", "e", "d":
            let text = unescape(raw ?? "")
            return text.isEmpty ? .empty : .text(text)
        case "b":
            guard let raw else { return .empty }
            return .boolean(raw.trimmingCharacters(in: .whitespaces) == "1" || raw.lowercased() == "true")
        default:
            guard let raw, !raw.trimmingCharacters(in: .whitespaces).isEmpty else { return .empty }
            guard let number = Double(raw.trimmingCharacters(in: .whitespaces)) else { return .text(raw) }
            let style = cell["s"].flatMap { Int($0) } ?? 0
            return .number(number, percentFormat: percentStyles.contains(style))
        }
    }
}
