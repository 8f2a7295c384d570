/// Windows-1252, the code page Swedish Excel and Notepad save text in: whether bytes that are
/// not UTF-8 are that instead, and their text. The one detector: the YAML and print-text
/// readers use it to explain a file they refuse, the CSV reader to decode one.
enum Windows1252 {
    /// What bytes that are not valid UTF-8 are.
    enum Verdict: Equatable {
        /// Single-byte Windows-1252 text: every non-ASCII byte a character of the code page,
        /// none part of a valid multi-byte UTF-8 sequence.
        case windows1252
        /// A byte the code page leaves undefined, at this 0-based offset: not Windows-1252.
        case undefinedByte(at: Int)
        /// Valid multi-byte UTF-8 letters mixed with other bytes (a file half UTF-8, half
        /// Windows-1252 would come out garbled either way).
        case mixedWithUTF8
        /// No byte above ASCII: nothing tells.
        case ascii
    }

    /// The bytes Windows-1252 leaves undefined: a file holding one is not Windows-1252.
    static let undefined: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]

    /// What `bytes` are; an undefined byte anywhere is reported before mixed UTF-8.
    static func verdict(_ bytes: UnsafeBufferPointer<UInt8>) -> Verdict {
        if let bad = bytes.firstIndex(where: undefined.contains) { return .undefinedByte(at: bad) }
        var sawHigh = false
        var index = 0
        while index < bytes.count {
            if bytes[index] >= 0x80 {
                if TextEncoding.sequenceLength(bytes, at: index) > 1 { return .mixedWithUTF8 }
                sawHigh = true
            }
            index += 1
        }
        return sawHigh ? .windows1252 : .ascii
    }

    /// ``verdict(_:)`` of an array.
    static func verdict(_ bytes: [UInt8]) -> Verdict {
        bytes.withUnsafeBufferPointer { verdict($0) }
    }

    /// Windows-1252's characters for 0x80–0x9F; the other bytes are Latin-1.
    private static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// The text of Windows-1252 bytes.
    static func decode(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = byte >= 0x80 && byte <= 0x9F ? high[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }

    /// Windows-1252's letters for the bytes Swedish text uses most, to show the user what
    /// a byte probably was.
    static let commonLetters: [UInt8: String] = [
        0xE5: "å", 0xE4: "ä", 0xF6: "ö", 0xC5: "Å", 0xC4: "Ä", 0xD6: "Ö", 0xE9: "é", 0xC9: "É",
        0xFC: "ü", 0xE8: "è", 0x96: "–", 0x97: "—", 0x93: "“", 0x94: "”", 0x92: "’", 0x91: "‘",
        0x85: "…", 0xA7: "§", 0xB0: "°", 0x80: "€", 0xA0: "(hårt blanksteg)",
    ]
}
