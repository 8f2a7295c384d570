import Foundation

/// The text normalizations enkat applies, each in one place: Unicode NFC, trimming white
/// space and line breaks as LF. The counter, the anonymizer, the importers and exporters and
/// the form use these rather than their own variants.
public enum TextNormalization {
    /// Whether NFC could change `text`. Only scalars from U+0300 up can change, and of those
    /// only combining marks, scripts with composing vowel signs, Hangul jamo and a few
    /// singletons (U+2000, Ω, Å, CJK compatibility ideographs …): the byte patterns below
    /// cover all of them and let Swedish text, dashes, quotes, € and emoji skip the normalizer.
    public static func needsNFC(_ text: String) -> Bool {
        text.withUTF8Bytes(needsNFC(utf8:))
    }

    /// ``needsNFC(_:)`` over UTF-8 bytes.
    static func needsNFC(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        let base = UnsafeRawPointer(bytes.baseAddress)
        while index < count {
            if let base, index + 8 <= count, !SWAR.hasByteAtLeast0xCC(base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index += 8
                continue
            }
            let lead = bytes[index]
            if lead < 0xCC { index += 1; continue }
            let second: UInt8 = index + 1 < count ? bytes[index + 1] : 0
            let third: UInt8 = index + 2 < count ? bytes[index + 2] : 0
            switch lead {
            case 0xCC...0xDF, 0xE0, 0xE1, 0xE3, 0xF1...0xF4:
                return true
            case 0xE2:
                switch (second, third) {
                case (0x80, 0x80), (0x80, 0x81), (0x83, _), (0x84, 0xA6), (0x84, 0xAA), (0x84, 0xAB),
                     (0x8C, 0xA9), (0x8C, 0xAA), (0xAB, 0x9C):
                    return true
                default: break
                }
            case 0xEF:
                if (0xA4...0xAD).contains(second) || second == 0xB8 { return true }
            case 0xF0:
                if second != 0x9F { return true }
            default: break
            }
            index += 1
        }
        return false
    }

}

extension String {
    /// The text in Unicode NFC (decomposed `a` + ring becomes `å`); a text that NFC cannot
    /// change (``TextNormalization/needsNFC(_:)``) is returned as it is, without Foundation.
    public var nfc: String {
        TextNormalization.needsNFC(self) ? precomposedStringWithCanonicalMapping : self
    }

    /// The text without leading and trailing white space: spaces, tabs, line breaks, no-break
    /// and other Unicode spaces (the same set as `CharacterSet.whitespacesAndNewlines`).
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }

    /// The text with every line break (CRLF, a lone CR) as LF.
    public func normalizingLineBreaks() -> String {
        guard utf8.contains(0x0D) else { return self }
        return replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
