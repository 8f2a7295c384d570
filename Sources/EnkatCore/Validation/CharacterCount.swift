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
        let trimmed = text.trimmingWhitespace()
        let normalized = CharacterCount.needsNormalization(trimmed) ? trimmed.precomposedStringWithCanonicalMapping : trimmed
        var characters = 0
        var lineBreaks = 0
        var previousWasCR = false
        for unit in normalized.utf16 {
            switch unit {
            case 0x0D:
                characters += 1
                lineBreaks += 1
                previousWasCR = true
                continue
            case 0x0A:
                if !previousWasCR {
                    characters += 1
                    lineBreaks += 1
                }
            default:
                characters += 1
            }
            previousWasCR = false
        }
        self.characters = characters
        self.lineBreaks = lineBreaks
    }

    /// Whether NFC could change `text`: no scalar below U+0300 is ever changed by NFC, and
    /// Swedish text almost never has one above it, so most answers skip the normalizer.
    static func needsNormalization(_ text: String) -> Bool {
        for byte in text.utf8 where byte >= 0xCC {
            // U+0300 and above start with a lead byte of 0xCC or more in UTF-8.
            return true
        }
        return false
    }

    /// The number of characters that must go for a text of `characters` to fit `limit`.
    public static func excess(_ characters: Int, limit: Int) -> Int { max(0, characters - limit) }

    /// The threshold of the `near-limit` note: within 2 % of the limit.
    public static func nearLimitThreshold(_ limit: Int) -> Int { limit - limit / 50 }
}
