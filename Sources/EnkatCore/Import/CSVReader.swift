/// The text encodings a CSV file may come in.
public enum CSVEncoding: String, Sendable, Equatable {
    /// UTF-8 without a byte order mark.
    case utf8
    /// UTF-8 with a byte order mark (Excel's "CSV UTF-8").
    case utf8BOM
    /// Windows-1252, as Swedish Excel's plain "CSV (semikolonavgränsad)" saves.
    case windows1252
    /// UTF-16 little-endian with a byte order mark (Excel's "Unicode-text").
    case utf16LE
    /// UTF-16 big-endian with a byte order mark.
    case utf16BE

    /// The name shown in the import summary.
    public var description: LocalizedText {
        switch self {
        case .utf8: LocalizedText(sv: "UTF-8", en: "UTF-8")
        case .utf8BOM: LocalizedText(sv: "UTF-8 med BOM", en: "UTF-8 with BOM")
        case .windows1252:
            LocalizedText(
                sv: "Windows-1252 (så sparar svenska Excel ”CSV (semikolonavgränsad)”; omkodad till UTF-8)",
                en: "Windows-1252 (as Swedish Excel saves “CSV (semicolon delimited)”; converted to UTF-8)")
        case .utf16LE: LocalizedText(sv: "UTF-16 LE (Excels ”Unicode-text”)", en: "UTF-16 LE (Excel's “Unicode text”)")
        case .utf16BE: LocalizedText(sv: "UTF-16 BE", en: "UTF-16 BE")
        }
    }
}

/// Reads CSV files as survey tools and Excel write them: separator `,`, `;` or tab (detected),
/// RFC 4180 quoting with embedded quotes and line breaks, any line ending, and UTF-8 (with or
/// without BOM), UTF-16 with BOM or Windows-1252 (detected).
public enum CSVReader {
    /// Reads a whole CSV file.
    ///
    /// - Throws: `table-read` when the file is not CSV text or a quote is never closed,
    ///   `table-limit` when it exceeds one of `limits`.
    public static func read(_ bytes: [UInt8], limits: CSVLimits = .standard) throws(TableReadError) -> TableSheet {
        guard bytes.count <= limits.maxFileBytes else { throw limits.fileTooLarge(bytes.count) }
        let (utf8, encoding) = try decodedBytes(bytes)
        return try utf8.withUnsafeBufferPointer { (whole) throws(TableReadError) -> TableSheet in
            let start = encoding == .utf8BOM ? 3 : 0
            var body = UnsafeBufferPointer(rebasing: whole[start...])
            var separatorCharacter: Character?
            // Excel's hint line `sep=;` names the separator and is not part of the table.
            if body.starts(with: Array("sep=".utf8)), let end = body.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                let hint = String(decoding: UnsafeBufferPointer(rebasing: body[(body.startIndex + 4)..<end]), as: UTF8.self)
                if hint.count == 1 { separatorCharacter = hint.first }
                var next = end + 1
                if body[end] == 0x0D, next < body.endIndex, body[next] == 0x0A { next += 1 }
                body = UnsafeBufferPointer(rebasing: body[next...])
            }
            let chosen = separatorCharacter ?? detectSeparator(body)
            var strayQuotes = 0
            let records = try tokenize(
                body, separator: chosen, limits: limits, tolerateOpenQuote: false, strayQuotes: &strayQuotes, cells: true)
            var rows: [TableRow] = []
            rows.reserveCapacity(records.cells.count)
            for (index, cells) in records.cells.enumerated() {
                rows.append(TableRow(number: index + 1, cells: cells))
            }
            return TableSheet(rows: rows, source: .csv(encoding: encoding, separator: chosen))
        }
    }

    /// The file as UTF-8 bytes (a UTF-8 file as it is, its BOM included) and its encoding.
    static func decodedBytes(_ bytes: [UInt8]) throws(TableReadError) -> ([UInt8], CSVEncoding) {
        let probablyUTF16 = bytes.count >= 2 && (bytes[0] == 0xFF && bytes[1] == 0xFE || bytes[0] == 0xFE && bytes[1] == 0xFF)
        if !probablyUTF16, bytes.withUnsafeBufferPointer({ TextEncoding.check($0) }) == nil {
            let bom = bytes.withUnsafeBufferPointer { TextEncoding.utf8BOMLength($0) }
            return (bytes, bom > 0 ? .utf8BOM : .utf8)
        }
        let (text, encoding) = try decode(bytes)
        return (Array(text.utf8), encoding)
    }

    // MARK: - Encoding

    /// The text of a CSV file and the encoding it was found in.
    static func decode(_ bytes: [UInt8]) throws(TableReadError) -> (String, CSVEncoding) {
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            return (utf16(bytes.dropFirst(2), littleEndian: true), .utf16LE)
        }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            return (utf16(bytes.dropFirst(2), littleEndian: false), .utf16BE)
        }
        let problem = bytes.withUnsafeBufferPointer { TextEncoding.check($0) }
        guard let problem else {
            let bom = bytes.withUnsafeBufferPointer { TextEncoding.utf8BOMLength($0) }
            return (String(decoding: bytes.dropFirst(bom), as: UTF8.self), bom > 0 ? .utf8BOM : .utf8)
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw TableReadError(
                LocalizedText(
                    sv:
                        "filen innehåller en NUL-byte vid byteposition \(nul) och är ingen CSV-text; spara tabellen som CSV (UTF-8) eller .xlsx",
                    en: "the file contains a NUL byte at byte offset \(nul) and is not CSV text; save the table as CSV (UTF-8) or .xlsx"))
        }
        // Not UTF-8: Swedish Excel's CSV is Windows-1252, unless a byte is one the code page
        // leaves undefined or valid UTF-8 letters are mixed in.
        let at = problem.byteOffset
        switch Windows1252.verdict(bytes) {
        case .undefinedByte(let bad):
            throw TableReadError(
                LocalizedText(
                    sv:
                        "filen är varken UTF-8 eller Windows-1252 (byte 0x\(hex(bytes[bad])) vid byteposition \(bad)); spara den som ”CSV UTF-8” i Excel",
                    en:
                        "the file is neither UTF-8 nor Windows-1252 (byte 0x\(hex(bytes[bad])) at byte offset \(bad)); save it as “CSV UTF-8” in Excel"
                ))
        case .mixedWithUTF8:
            throw TableReadError(
                LocalizedText(
                    sv:
                        "filen blandar UTF-8 och en annan teckenkodning (första felaktiga byte 0x\(hex(bytes[at])) vid byteposition \(at)); spara hela tabellen på nytt som ”CSV UTF-8” i Excel",
                    en:
                        "the file mixes UTF-8 with another encoding (first bad byte 0x\(hex(bytes[at])) at byte offset \(at)); save the whole table again as “CSV UTF-8” in Excel"
                ))
        case .windows1252, .ascii:
            return (Windows1252.decode(bytes), .windows1252)
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let (low, high) = littleEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
            units.append(UInt16(high) << 8 | UInt16(low))
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    // MARK: - Separator

    /// The separator among `;`, `,` and tab that reads the file cleanly: no quote inside an
    /// unquoted field (a sign that quoted fields start elsewhere, so the separator is wrong),
    /// then the most records split into the same number of fields (Swedish Excel writes `;`,
    /// most survey tools `,`).
    static func detectSeparator(_ text: Substring) -> Character {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { detectSeparator($0) }
    }

    /// The separator of UTF-8 text.
    static func detectSeparator(_ text: UnsafeBufferPointer<UInt8>) -> Character {
        // A sample is enough; a quoted field may hold line breaks, so parse rather than count.
        let sample = UnsafeBufferPointer(rebasing: text.prefix(256 * 1024))
        var best: (separator: Character, score: (Int, Int, Int))?
        for candidate in [";", ",", "\t"] as [Character] {
            var strayQuotes = 0
            guard
                let records = try? tokenize(
                    sample, separator: candidate, limits: .none, tolerateOpenQuote: true, strayQuotes: &strayQuotes, cells: false)
            else {
                continue
            }
            var counts: [Int: Int] = [:]
            for count in records.fieldCounts where count > 1 {
                counts[count, default: 0] += 1
            }
            let mode = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) ?? (key: 1, value: 0)
            let score = (-strayQuotes, mode.value, mode.key)
            if mode.value > 0, best.map({ score > $0.score }) ?? true { best = (candidate, score) }
        }
        return best?.separator ?? ";"
    }

    // MARK: - Records

    /// Splits CSV text into records of fields (RFC 4180, leniently: a quote inside an
    /// unquoted field is kept as a character; CR, LF and CRLF all end a record). Trailing
    /// blank records are dropped.
    static func parse(
        _ text: Substring, separator: Character, tolerateOpenQuote: Bool = false, limits: CSVLimits = .none
    ) throws(TableReadError) -> [[String]] {
        var strayQuotes = 0
        return try parse(text, separator: separator, tolerateOpenQuote: tolerateOpenQuote, strayQuotes: &strayQuotes, limits: limits)
    }

    /// Also counts quotes found inside unquoted fields.
    static func parse(
        _ text: Substring, separator: Character, tolerateOpenQuote: Bool, strayQuotes: inout Int, limits: CSVLimits = .none
    ) throws(TableReadError) -> [[String]] {
        let bytes = Array(text.utf8)
        let records = try bytes.withUnsafeBufferPointer { (buffer) throws(TableReadError) in
            try tokenize(
                buffer, separator: separator, limits: limits, tolerateOpenQuote: tolerateOpenQuote, strayQuotes: &strayQuotes,
                cells: true)
        }
        return records.cells.map { cells in
            cells.map { cell in
                if case .text(let text) = cell { return text }
                return ""
            }
        }
    }

    /// What the tokenizer found: the cells of each record (when asked for), and how many
    /// fields each record has.
    struct Records {
        var cells: [[TableCell]] = []
        var fieldCounts: [Int] = []
    }

    /// The tokenizer: one pass over the bytes of UTF-8 text, each byte looked at once or
    /// twice, runs of ordinary bytes copied at once. With `cells` false only the fields are
    /// counted (to detect the separator). An empty field is `.empty`, any other `.text`.
    static func tokenize(
        _ bytes: UnsafeBufferPointer<UInt8>, separator: Character, limits: CSVLimits, tolerateOpenQuote: Bool,
        strayQuotes: inout Int, cells keepCells: Bool
    ) throws(TableReadError) -> Records {
        let quote: UInt8 = 0x22
        let cr: UInt8 = 0x0D
        let lf: UInt8 = 0x0A
        let separatorBytes = Array(separator.unicodeScalars.first!.utf8)
        let separatorFirst = separatorBytes[0]
        let count = bytes.count

        var result = Records()
        var record: [TableCell] = []
        var fields = 0
        var recordBlank = true
        var field: [UInt8] = []
        var fieldLength = 0
        var fieldWasQuoted = false
        var inQuotes = false
        var quoteStartRecord = 0
        var recordStart = 0
        var records = 0
        var totalCells = 0
        // Trailing blank records are dropped at the end: how many there are so far.
        var trailingBlank = 0
        var index = 0

        func isSeparator(at position: Int) -> Bool {
            guard bytes[position] == separatorFirst else { return false }
            if separatorBytes.count == 1 { return true }
            guard position + separatorBytes.count <= count else { return false }
            for offset in 1..<separatorBytes.count where bytes[position + offset] != separatorBytes[offset] { return false }
            return true
        }
        func append(_ start: Int, _ end: Int) throws(TableReadError) {
            fieldLength += end - start
            if fieldLength > limits.maxCellBytes {
                throw limits.cellTooLarge(row: records + 1, column: fields, openQuote: inQuotes ? quoteStartRecord : nil)
            }
            if keepCells { field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end])) }
        }
        func appendByte(_ byte: UInt8) throws(TableReadError) {
            fieldLength += 1
            if fieldLength > limits.maxCellBytes {
                throw limits.cellTooLarge(row: records + 1, column: fields, openQuote: inQuotes ? quoteStartRecord : nil)
            }
            if keepCells { field.append(byte) }
        }
        func endField() throws(TableReadError) {
            if index - recordStart > limits.maxRecordBytes {
                throw limits.recordTooLong(row: records + 1, openQuote: nil)
            }
            fields += 1
            if fields > limits.maxColumns { throw limits.tooManyColumns(row: records + 1) }
            totalCells += 1
            if totalCells > limits.maxCells { throw limits.tooManyCells(row: records + 1) }
            if fieldLength > 0 { recordBlank = false }
            if keepCells {
                record.append(field.isEmpty ? .empty : .text(String(decoding: field, as: UTF8.self)))
                field.removeAll(keepingCapacity: field.count <= 4096)
            }
            fieldLength = 0
            fieldWasQuoted = false
        }
        func endRecord() throws(TableReadError) {
            try endField()
            records += 1
            if records > limits.maxRows { throw limits.tooManyRows() }
            trailingBlank = recordBlank ? trailingBlank + 1 : 0
            if keepCells {
                result.cells.append(record)
                record = []
                record.reserveCapacity(fields)
            }
            result.fieldCounts.append(fields)
            fields = 0
            recordBlank = true
            recordStart = index
        }

        while index < count {
            let byte = bytes[index]
            if inQuotes {
                if byte == quote {
                    if index + 1 < count, bytes[index + 1] == quote {
                        try appendByte(quote)
                        index += 2
                    } else {
                        inQuotes = false
                        index += 1
                    }
                } else if byte == cr {
                    // Inside quotes a CRLF is one line break.
                    try appendByte(lf)
                    index += 1
                    if index < count, bytes[index] == lf { index += 1 }
                } else {
                    var end = index + 1
                    while end < count, bytes[end] != quote, bytes[end] != cr { end += 1 }
                    try append(index, end)
                    index = end
                }
                if index - recordStart > limits.maxRecordBytes {
                    throw limits.recordTooLong(row: records + 1, openQuote: inQuotes ? quoteStartRecord : nil)
                }
                continue
            }
            if byte == quote && fieldLength == 0 && !fieldWasQuoted {
                inQuotes = true
                fieldWasQuoted = true
                quoteStartRecord = records + 1
                index += 1
            } else if isSeparator(at: index) {
                try endField()
                index += separatorBytes.count
            } else if byte == cr {
                index += 1
                if index < count, bytes[index] == lf { index += 1 }
                try endRecord()
            } else if byte == lf {
                index += 1
                try endRecord()
            } else if byte == quote {
                strayQuotes += 1
                try appendByte(quote)
                index += 1
            } else {
                var end = index + 1
                while end < count {
                    let next = bytes[end]
                    if next == quote || next == cr || next == lf || next == separatorFirst { break }
                    end += 1
                }
                try append(index, end)
                index = end
                if index - recordStart > limits.maxRecordBytes {
                    throw limits.recordTooLong(row: records + 1, openQuote: nil)
                }
            }
        }
        if inQuotes && !tolerateOpenQuote {
            throw TableReadError(
                LocalizedText(
                    sv:
                        "ett citattecken som öppnas på rad \(quoteStartRecord) stängs aldrig; kontrollera att fält med radbrytningar eller citattecken står inom \"…\" och att citattecken inuti dem är dubblerade (\"\")",
                    en:
                        "a quote opened in row \(quoteStartRecord) is never closed; check that fields with line breaks or quotes are inside \"…\" and that quotes inside them are doubled (\"\")"
                ),
                row: quoteStartRecord)
        }
        if fieldLength > 0 || fields > 0 || fieldWasQuoted {
            try endRecord()
        }
        if trailingBlank > 0 {
            if keepCells { result.cells.removeLast(trailingBlank) }
            result.fieldCounts.removeLast(trailingBlank)
        }
        return result
    }
}
