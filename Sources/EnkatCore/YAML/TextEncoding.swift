/// Checks that a file is UTF-8 before libyaml sees it, so that a file saved by Swedish Excel
/// or Notepad as Windows-1252 gets a message that says so and how to convert it, instead of
/// libyaml's generic complaint.
enum TextEncoding {
    /// What is wrong with a file's encoding.
    struct Problem: Error, Equatable {
        /// 0-based offset of the first offending byte.
        var byteOffset: Int
        /// Where that byte is, counting each undecodable byte as one column.
        var location: SourceLocation
        /// The message.
        var message: LocalizedText
    }

    /// The length of a UTF-8 byte order mark at the start of `bytes` (0 or 3).
    static func utf8BOMLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// Returns `nil` when `bytes` is valid UTF-8 (a BOM allowed), else the first problem.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Problem? {
        if bytes.count >= 2,
           (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return Problem(
                byteOffset: 0, location: .start,
                message: LocalizedText(
                    sv: "filen är kodad som UTF-16 (byte 0 är en UTF-16-byteordningsmarkering); enkat läser bara UTF-8. Spara om filen som UTF-8, t.ex. `iconv -f UTF-16 -t UTF-8 FIL > NY.yaml`",
                    en: "the file is encoded as UTF-16 (byte 0 is a UTF-16 byte order mark); enkat reads UTF-8 only. Save it again as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 FILE > NEW.yaml`"))
        }
        var index = utf8BOMLength(bytes)
        let count = bytes.count
        let base = UnsafeRawPointer(bytes.baseAddress)
        while index < count {
            // Eight ASCII bytes at a time, none of them NUL: the common case.
            if let base, index + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080
                let hasZero = (word &- 0x0101_0101_0101_0101) & ~word & high
                if word & high == 0 && hasZero == 0 {
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0 { return problem(at: index, in: bytes, nul: true) }
                index += 1
                continue
            }
            let length = sequenceLength(bytes, at: index)
            if length == 0 { return problem(at: index, in: bytes, nul: false) }
            index += length
        }
        return nil
    }

    /// The length of the valid UTF-8 sequence starting at `index`, or 0 when it is invalid
    /// (bad lead byte, missing continuation, overlong form, surrogate, beyond U+10FFFF).
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upperBound = 0x9F
        case 0xF0: length = 4; lowerBound = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upperBound = 0x8F
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        let second = bytes[index + 1]
        guard second >= lowerBound && second <= upperBound else { return 0 }
        for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
            return 0
        }
        return length
    }

    private static func problem(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>, nul: Bool) -> Problem {
        let location = self.location(ofByte: offset, in: bytes)
        let hex = "0x" + String(bytes[offset], radix: 16, uppercase: true)
        if nul {
            return Problem(
                byteOffset: offset, location: location,
                message: LocalizedText(
                    sv: "filen innehåller en NUL-byte vid byteposition \(offset); den är troligen UTF-16 eller en binärfil. Spara om den som UTF-8-text",
                    en: "the file contains a NUL byte at byte offset \(offset); it is probably UTF-16 or a binary file. Save it again as UTF-8 text"))
        }
        if Windows1252.verdict(bytes) == .windows1252 {
            let letter = Windows1252.commonLetters[bytes[offset]].map { " (i Windows-1252 är det ”\($0)”)" } ?? ""
            let letterEN = Windows1252.commonLetters[bytes[offset]].map { " (“\($0)” in Windows-1252)" } ?? ""
            return Problem(
                byteOffset: offset, location: location,
                message: LocalizedText(
                    sv: "filen är inte UTF-8: byte \(hex) vid byteposition \(offset)\(letter). Den ser ut att vara sparad som Windows-1252/Latin-1 (så sparar t.ex. Excel och Anteckningar ibland). Spara om den som UTF-8, eller konvertera: `iconv -f WINDOWS-1252 -t UTF-8 FIL > NY.yaml`",
                    en: "the file is not UTF-8: byte \(hex) at byte offset \(offset)\(letterEN). It looks like Windows-1252/Latin-1 (as Excel and Notepad sometimes save). Save it again as UTF-8, or convert it: `iconv -f WINDOWS-1252 -t UTF-8 FILE > NEW.yaml`"))
        }
        return Problem(
            byteOffset: offset, location: location,
            message: LocalizedText(
                sv: "filen är inte giltig UTF-8: byte \(hex) vid byteposition \(offset). Spara om filen som UTF-8",
                en: "the file is not valid UTF-8: byte \(hex) at byte offset \(offset). Save it again as UTF-8"))
    }

    /// The 1-based line and column of a byte, counting columns in UTF-8 sequences (and
    /// each invalid byte as one).
    static func location(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourceLocation {
        var line = 1
        var column = 1
        var index = 0
        while index < offset && index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 || byte < 0x80 {
                column += 1
            }
            index += 1
        }
        return SourceLocation(line: line, column: column)
    }
}
