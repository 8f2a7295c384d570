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
    public static func read(_ bytes: [UInt8]) throws(TableReadError) -> TableSheet {
        let (text, encoding) = try decode(bytes)
        var body = Substring(text)
        var separator: Character?
        // Excel's hint line `sep=;` names the separator and is not part of the table.
        if body.hasPrefix("sep="), let end = body.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let hint = body[body.index(body.startIndex, offsetBy: 4)..<end]
            if hint.count == 1 { separator = hint.first }
            body = body[body.index(after: end)...]
        }
        let chosen = separator ?? detectSeparator(body)
        let records = try parse(body, separator: chosen)
        let rows = records.enumerated().map { index, fields in
            TableRow(number: index + 1, cells: fields.map { $0.isEmpty ? .empty : .text($0) })
        }
        return TableSheet(rows: rows, source: .csv(encoding: encoding, separator: chosen))
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
        // Not UTF-8: Swedish Excel's CSV is Windows-1252. It is that only when no byte is one
        // the code page leaves undefined and no valid multi-byte UTF-8 letter is mixed in (a
        // file half UTF-8, half Windows-1252 would come out garbled either way).
        let at = problem.byteOffset
        if let bad = bytes.firstIndex(where: TextEncoding.undefinedInWindows1252.contains) {
            throw TableReadError(
                LocalizedText(
                    sv:
                        "filen är varken UTF-8 eller Windows-1252 (byte 0x\(hex(bytes[bad])) vid byteposition \(bad)); spara den som ”CSV UTF-8” i Excel",
                    en:
                        "the file is neither UTF-8 nor Windows-1252 (byte 0x\(hex(bytes[bad])) at byte offset \(bad)); save it as “CSV UTF-8” in Excel"
                ))
        }
        if containsUTF8Letters(bytes) {
            throw TableReadError(
                LocalizedText(
                    sv:
                        "filen blandar UTF-8 och en annan teckenkodning (första felaktiga byte 0x\(hex(bytes[at])) vid byteposition \(at)); spara hela tabellen på nytt som ”CSV UTF-8” i Excel",
                    en:
                        "the file mixes UTF-8 with another encoding (first bad byte 0x\(hex(bytes[at])) at byte offset \(at)); save the whole table again as “CSV UTF-8” in Excel"
                ))
        }
        return (windows1252(bytes), .windows1252)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }

    /// Whether the bytes hold a valid two-byte UTF-8 sequence for a Latin letter (`Ã¥` when
    /// read as Windows-1252): the sign of UTF-8 text.
    private static func containsUTF8Letters(_ bytes: [UInt8]) -> Bool {
        guard bytes.count > 1 else { return false }
        for index in 0..<(bytes.count - 1) where bytes[index] == 0xC3 {
            let next = bytes[index + 1]
            if next >= 0x80 && next <= 0xBF, index + 2 >= bytes.count || bytes[index + 2] < 0x80 || bytes[index + 2] >= 0xC0 {
                return true
            }
        }
        return false
    }

    /// Windows-1252's characters for 0x80–0x9F; the other bytes are Latin-1.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func windows1252(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = byte >= 0x80 && byte <= 0x9F ? windows1252High[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
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
        // A sample is enough; a quoted field may hold line breaks, so parse rather than count.
        let sample = text.prefix(256 * 1024)
        var best: (separator: Character, score: (Int, Int, Int))?
        for candidate in [";", ",", "\t"] as [Character] {
            var strayQuotes = 0
            guard let records = try? parse(sample, separator: candidate, tolerateOpenQuote: true, strayQuotes: &strayQuotes) else {
                continue
            }
            var counts: [Int: Int] = [:]
            for record in records where record.count > 1 {
                counts[record.count, default: 0] += 1
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
    static func parse(_ text: Substring, separator: Character, tolerateOpenQuote: Bool = false) throws(TableReadError) -> [[String]] {
        var strayQuotes = 0
        return try parse(text, separator: separator, tolerateOpenQuote: tolerateOpenQuote, strayQuotes: &strayQuotes)
    }

    /// Also counts quotes found inside unquoted fields.
    static func parse(_ text: Substring, separator: Character, tolerateOpenQuote: Bool, strayQuotes: inout Int) throws(TableReadError)
        -> [[String]]
    {
        let separatorScalar = separator.unicodeScalars.first!
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var quoteStartRecord = 0
        var fieldWasQuoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endField() {
            record.append(String(field))
            field = String.UnicodeScalarView()
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            records.append(record)
            record = []
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        inQuotes = false
                        pending = next
                    }
                } else if scalar == "\r" {
                    // Inside quotes a CRLF is one line break.
                    let next = iterator.next()
                    field.append("\n")
                    if next != "\n" { pending = next }
                } else {
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
                quoteStartRecord = records.count + 1
            case separatorScalar:
                endField()
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                endRecord()
            case "\n":
                endRecord()
            default:
                if scalar == "\"" { strayQuotes += 1 }
                field.append(scalar)
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
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted {
            endRecord()
        }
        while let last = records.last, last.allSatisfy(\.isEmpty) {
            records.removeLast()
        }
        return records
    }
}
