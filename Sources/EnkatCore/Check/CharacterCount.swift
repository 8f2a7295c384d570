import Foundation

/// Counts "tecken" the way the official web forms' `maxlength` does, so that an answer that
/// passes `enkat check` also fits in the form:
///
/// 1. Unicode NFC first (text pasted from some editors arrives decomposed, `a` + ring, and
///    would otherwise count twice);
/// 2. every line break (CRLF, CR or LF) counts as one character, leading and trailing white
///    space (and a block scalar's final newline) do not count;
/// 3. UTF-16 code units, as a browser counts `maxlength` (an emoji counts two).
public struct CharacterCount: Sendable, Equatable {
    /// Characters by the rule above.
    public var characters: Int
    /// Line breaks within the counted text (each counted once in `characters`).
    public var lineBreaks: Int

    /// What a server that counts a line break as CRLF (two characters) would see.
    public var countingCRLFAsTwo: Int { characters + lineBreaks }

    /// Measures `text`.
    public init(_ text: String) {
        self.init(counting: text.trimmingWhitespace().nfc)
    }

    /// Counts an already normalized, trimmed text in one pass over its UTF-8 bytes: every
    /// byte that starts a scalar is one UTF-16 unit, a four-byte scalar two; LF right after
    /// CR is part of the same line break.
    private init(counting text: String) {
        var units = 0
        var lineBreaks = 0
        var crlf = 0
        var previousWasCR = false
        text.withUTF8Bytes { bytes in
            let count = bytes.count
            let base = UnsafeRawPointer(bytes.baseAddress)
            var index = 0
            while index < count {
                // Eight bytes at a time when they hold no CR or LF; byte by byte otherwise.
                var end = min(index + 8, count)
                if let base, index + 8 <= count {
                    let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    if !SWAR.hasByte(0x0A, in: word) && !SWAR.hasByte(0x0D, in: word) {
                        units += word & 0x8080_8080_8080_8080 == 0 ? 8 : 8 - SWAR.continuationBytes(word) + SWAR.fourByteLeads(word)
                        previousWasCR = false
                        index += 8
                        continue
                    }
                } else {
                    end = count
                }
                while index < end {
                    let byte = bytes[index]
                    index += 1
                    if byte & 0xC0 != 0x80 { units += 1 }
                    if byte >= 0xF0 { units += 1 }
                    if byte == 0x0D {
                        lineBreaks += 1
                        previousWasCR = true
                        continue
                    }
                    if byte == 0x0A {
                        if previousWasCR { crlf += 1 } else { lineBreaks += 1 }
                    }
                    previousWasCR = false
                }
            }
        }
        characters = units - crlf
        self.lineBreaks = lineBreaks
    }

    /// How a count stands against a limit, in the order the rule decides it.
    public enum Standing: Sendable, Equatable {
        /// Comfortably within.
        case within
        /// Within 2 % of the limit (``nearLimitThreshold(_:)``; the `near-limit` note).
        case nearLimit
        /// Fits only because a line break counts as one (the `crlf-risk` warning).
        case crlfRisk
        /// Over the limit (the `too-long` error).
        case tooLong
    }

    /// How this count stands against `limit`: too long, else a CRLF risk, else near the limit,
    /// else within. The one rule: the validator reports it, the form's counter shows it.
    public func standing(against limit: Int) -> Standing {
        if characters > limit { return .tooLong }
        if countingCRLFAsTwo > limit { return .crlfRisk }
        if characters >= CharacterCount.nearLimitThreshold(limit) { return .nearLimit }
        return .within
    }

    /// The number of characters that must go for a text of `characters` to fit `limit`.
    public static func excess(_ characters: Int, limit: Int) -> Int { max(0, characters - limit) }

    /// The threshold of the `near-limit` note: within 2 % of the limit.
    public static func nearLimitThreshold(_ limit: Int) -> Int { limit - limit / 50 }
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes, without copying when the string is stored
    /// contiguously (as every string read from a file is).
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }
}

/// Byte tests on eight bytes at once ("SIMD within a register"), for the scans every answer
/// goes through.
enum SWAR {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let high: UInt64 = 0x8080_8080_8080_8080

    /// Whether any byte of `word` equals `byte`.
    @inline(__always)
    static func hasByte(_ byte: UInt8, in word: UInt64) -> Bool {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & high != 0
    }

    /// Whether any byte is 0xCC or above (a lead byte of U+0300 or higher).
    @inline(__always)
    static func hasByteAtLeast0xCC(_ word: UInt64) -> Bool {
        let low = (word & 0x7F7F_7F7F_7F7F_7F7F) &+ (ones &* 0x34)
        return word & low & high != 0
    }

    /// Whether any ASCII byte lies in `lo…hi` (both below 0x80).
    @inline(__always)
    static func hasASCII(in range: ClosedRange<UInt8>, _ word: UInt64) -> Bool {
        let x = word & 0x7F7F_7F7F_7F7F_7F7F
        let atLeast = x &+ (ones &* UInt64(0x80 - range.lowerBound))
        let above = x &+ (ones &* UInt64(0x7F - range.upperBound))
        return atLeast & ~above & ~word & high != 0
    }

    /// How many bytes have their high bit set in a mask of high bits (a multiply adds them up
    /// in the top byte; no POPCNT instruction needed).
    @inline(__always)
    private static func count(_ highBits: UInt64) -> Int {
        Int(((highBits >> 7) &* ones) >> 56)
    }

    /// How many bytes are UTF-8 continuation bytes (10xxxxxx).
    @inline(__always)
    static func continuationBytes(_ word: UInt64) -> Int {
        count(word & ~(word << 1) & high)
    }

    /// How many bytes start a four-byte sequence (11110xxx and up), i.e. need two UTF-16 units.
    @inline(__always)
    static func fourByteLeads(_ word: UInt64) -> Int {
        count(word & (word << 1) & (word << 2) & (word << 3) & high)
    }
}
