import Synchronization

/// The part of the prefilter (``AnonymizerPrefilter``) that answers for the shape rules
/// (``ShapeRules``), the address patterns (``AddressPatterns``) and the risk queue
/// (``RiskQueue``): a byte scan that flags every word from which one of them could start, so
/// that a text with no flagged word is passed through untouched and the full scan reads only
/// the windows around the flagged ones.
///
/// It asks the rules themselves, once per distinct word as written (``classify(_:)``), not a
/// copy of them: a word is flagged when the rules would look at it by itself —
///
/// - a capitalized word in mid-sentence, which every rule on names and places starts from;
/// - at the start of a sentence, a capitalized word that is no Swedish word, a seed of a name
///   (``ShapeRules/isNameSeed(_:in:)``), a surname's ending, or the genitive of a word known
///   only as a name; or, when the next word is a subject verb, a surname that is also a
///   word or a short noun that is neither definite nor plural ("Malm har …");
/// - role words and contact labels before a colon or a full stop ("Kontaktperson: Svärd",
///   "dr. Holm"), street endings and "Box" before a number, "c/o", postcode labels;
/// - lowercase words of six letters or more that the lexicon does not know (the queue's rare
///   words), a count noun right after a number that can be a count, or after one and a
///   word ending in a or e ("12 sjuksköterskor", "12 legitimerade läkare"; not "3,5
///   årsarbetare", "40 procent läkare");
/// - numbers of three or five digits (postcodes), a capitalized word before a hyphen
///   ("Väsa-projektet"), and any word with letters beyond Latin-1 or invisible characters.
///
/// Where a sentence starts it decides as ``ScannedText/beginsSentence(at:)`` does, or
/// later (so it never takes a word in mid-sentence for one at a sentence's start).
final class ShapeGate: Sendable {
    private let shapes: ShapeRules
    /// What each word (by an FNV-1a hash of its bytes as written) is, filled on first use.
    private let shards: [Shard]

    private final class Shard: Sendable {
        let flags = Mutex(FlagTable())
    }

    /// Flags by a word's hash, as an open-addressing table: a lookup is a multiply and a few
    /// loads, where a `Dictionary` would hash the hash again.
    struct FlagTable: Sendable {
        private var keys = [UInt64](repeating: 0, count: 256)
        private var values = [Flags](repeating: [], count: 256)
        private var count = 0

        private func slot(_ key: UInt64) -> Int {
            var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & (keys.count - 1)
            while keys[index] != 0 && keys[index] != key { index = (index + 1) & (keys.count - 1) }
            return index
        }

        subscript(_ hash: UInt64) -> Flags? {
            get {
                let key = hash == 0 ? 1 : hash
                let index = slot(key)
                return keys[index] == key ? values[index] : nil
            }
            set {
                guard let newValue else { return }
                let key = hash == 0 ? 1 : hash
                if (count + 1) * 2 > keys.count {
                    let old = zip(keys, values).filter { $0.0 != 0 }
                    keys = [UInt64](repeating: 0, count: keys.count * 2)
                    values = [Flags](repeating: [], count: keys.count)
                    count = 0
                    for (oldKey, value) in old {
                        let index = slot(oldKey)
                        keys[index] = oldKey
                        values[index] = value
                        count += 1
                    }
                }
                let index = slot(key)
                if keys[index] != key { count += 1 }
                keys[index] = key
                values[index] = newValue
            }
        }
    }

    struct Flags: OptionSet, Sendable {
        let rawValue: UInt16
        /// Flag it in mid-sentence.
        static let inside = Flags(rawValue: 1)
        /// Flag it at the start of a sentence.
        static let atStart = Flags(rawValue: 2)
        /// At the start of a sentence, flag it when a subject verb follows.
        static let subjectLike = Flags(rawValue: 4)
        static let subjectVerb = Flags(rawValue: 8)
        static let countNoun = Flags(rawValue: 16)
        /// Capitalized: flag it before a hyphen.
        static let capitalized = Flags(rawValue: 32)
        /// A role word or contact label: flag it before a colon or a full stop, after which
        /// the name it introduces opens a sentence ("Kontaktperson: Svärd", "dr. Holm"); in
        /// mid-sentence the name is flagged itself.
        static let role = Flags(rawValue: 64)
        /// A street's ending, "Box": flag it before a number ("Storgatan 12"); "c" before "/".
        static let beforeNumber = Flags(rawValue: 128)
        /// A role written short ("dr"): a full stop after it ends no sentence.
        static let abbreviatedTitle = Flags(rawValue: 256)
        static let always: Flags = [.inside, .atStart]
    }

    init(shapes: ShapeRules) {
        self.shapes = shapes
        shards = (0..<64).map { _ in Shard() }
    }

    /// What the rules would look at in `word` (one word as written, NFC), by itself.
    func classify(_ written: String) -> Flags {
        let scanned = ScannedText(written)
        guard scanned.words.count == 1, let word = scanned.words.first, word.start == 0, word.end == scanned.scalars.count
        else { return .always }
        let key = word.key
        var flags: Flags = []
        if AnonymizerLexicon.subjectVerbs.contains(key) { flags.insert(.subjectVerb) }
        if RiskQueue.countNouns.contains(key) { flags.insert(.countNoun) }
        if word.isCapitalized { flags.insert(.capitalized) }
        if AnonymizerLexicon.isTitle(key) || AnonymizerLexicon.contactLabels.contains(key) { flags.insert(.role) }
        if AnonymizerLexicon.abbreviatedTitles.contains(key) { flags.insert(.abbreviatedTitle) }
        if key == "box" || key == "c" || AddressPatterns.streetEndingList.matches(key, leaving: 2) { flags.insert(.beforeNumber) }
        if AddressPatterns.postcodeLabels.contains(key) { flags.formUnion(.always) }
        if word.isCapitalized, shapes.isCapitalWord(word) {
            flags.insert(.inside)
            let lexicon = shapes.lexicon
            // The genitive of a word known only as a name ("Vallins").
            let genitiveOfName = shapes.genitiveStem(word) != nil && shapes.stemVerdict(word, in: scanned) == .properNoun
            if lexicon.verdict(written) != .word || shapes.isNameSeed(word, in: scanned) || genitiveOfName
                || AnonymizerLexicon.strongSurnameEndingList.matches(key) {
                flags.insert(.atStart)
            } else if !AnonymizerLexicon.sentenceOpeners.contains(key),
                      AnonymizerLexicon.wordSurnames.contains(key)
                          || (key.unicodeScalars.count <= 6 && !AnonymizerLexicon.looksDefinite(key)
                              && !AnonymizerLexicon.pluralEndingList.matches(key)) {
                // A word that may be a short bare subject: a surname that is also a word
                // (``ShapeRules``), or a short noun the risk queue takes before a verb.
                flags.insert(.subjectLike)
            }
        } else if word.isLowercase, key.unicodeScalars.count >= 6, shapes.lexicon.verdict(key) == .unknown {
            flags.formUnion(.always)
        }
        return flags
    }

    private func flags(of bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Flags {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in range { hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01b3 }
        let shard = shards[Int(truncatingIfNeeded: hash >> 58)]
        if let known = shard.flags.withLock({ $0[hash] }) { return known }
        let flags = classify(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
        shard.flags.withLock { $0[hash] = flags }
        return flags
    }

    /// The byte offsets of the flagged words (and numbers) of `bytes`, NFC UTF-8, in order.
    func triggers(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var found: [Int] = []
        let count = bytes.count
        var index = 0
        var atStart = true
        var pendingSubject: Int?
        var words = 0
        // The word count at the last number that can be an exact count (``RiskQueue``): an
        // integer of at least 2, not a year, not part of a decimal or a range, before a space.
        var lastCount = -10
        var previousEndsInAE = false
        while index < count {
            let byte = bytes[index]
            if let width = Self.letterWidth(bytes, index) {
                // A word: ASCII and Latin-1 letters; anything else in it flags it.
                let start = index
                var exotic = byte >= 0x80 && byte != 0xC3
                index += width
                while index < count, let next = Self.letterWidth(bytes, index) ?? Self.invisibleWidth(bytes, index) {
                    if bytes[index] >= 0x80 && bytes[index] != 0xC3 { exotic = true }
                    index += next
                }
                let flags = exotic ? Flags.always : self.flags(of: bytes, start..<index)
                if flags.contains(atStart ? .atStart : .inside) {
                    found.append(start)
                } else if let subject = pendingSubject, flags.contains(.subjectVerb) {
                    found.append(subject)
                } else if flags.contains(.countNoun), words == lastCount || (words == lastCount + 1 && previousEndsInAE) {
                    found.append(start)
                } else if flags.contains(.capitalized), index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] >= 0x80 {
                    found.append(start)
                } else if let mark = Self.markAfter(bytes, index),
                          (flags.contains(.role) && (mark == UInt8(ascii: ":") || (mark == UInt8(ascii: ".") && flags.contains(.abbreviatedTitle))))
                              || (flags.contains(.beforeNumber) && (mark == UInt8(ascii: "/") || (mark >= 0x30 && mark <= 0x39))) {
                    found.append(start)
                }
                pendingSubject = atStart && flags.contains(.subjectLike) ? start : nil
                atStart = false
                previousEndsInAE = bytes[index - 1] | 0x20 == UInt8(ascii: "a") || bytes[index - 1] | 0x20 == UInt8(ascii: "e")
                words += 1
                continue
            }
            if byte >= 0x30 && byte <= 0x39 {
                let start = index
                while index < count, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
                if Self.mayBeCount(bytes, start..<index) { lastCount = words }
                if index - start == 3 || index - start == 5 { found.append(start) }
                atStart = false
                continue
            }
            let width = AnonymizerPrefilter.scalarWidth(byte)
            switch Self.boundary(bytes, index, width) {
            case .sentence: atStart = true
            case .transparent: break
            case .other: atStart = false
            }
            index += min(width, count - index)
        }
        return found
    }

    /// Whether the digits at `digits` can be an exact count as ``RiskQueue`` reads one: not
    /// after a digit, a comma, a full stop or a hyphen ("3,5", "2025-01"), followed by a space,
    /// at least 2, and no year of four digits. (A number too long to read counts.)
    private static func mayBeCount(_ bytes: UnsafeBufferPointer<UInt8>, _ digits: Range<Int>) -> Bool {
        if digits.lowerBound > 0 {
            let before = bytes[digits.lowerBound - 1]
            if (before >= 0x30 && before <= 0x39) || before == UInt8(ascii: ",") || before == UInt8(ascii: ".") || before == UInt8(ascii: "-") {
                return false
            }
        }
        guard digits.upperBound < bytes.count, bytes[digits.upperBound] == 0x20 else { return false }
        guard digits.count <= 18 else { return true }
        var value = 0
        for index in digits { value = value * 10 + Int(bytes[index] - 0x30) }
        return value >= 2 && !(digits.count == 4 && (1900...2100).contains(value))
    }

    /// The first byte after `index` past spaces and no-break spaces, or `nil` at the end.
    @inline(__always)
    private static func markAfter(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt8? {
        var position = index
        while position < bytes.count {
            if bytes[position] == 0x20 || bytes[position] == 0x09 {
                position += 1
            } else if bytes[position] == 0xC2, position + 1 < bytes.count, bytes[position + 1] == 0xA0 {
                position += 2
            } else {
                return bytes[position]
            }
        }
        return nil
    }

    private enum Boundary { case sentence, transparent, other }

    /// What a non-letter does to "the next word starts a sentence", as
    /// ``ScannedText/beginsSentence(at:)`` reads it backwards.
    @inline(__always)
    private static func boundary(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ width: Int) -> Boundary {
        let byte = bytes[index]
        if byte < 0x80 {
            switch byte {
            case 0x0A, 0x0D, UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ">"): return .sentence
            case 0x20, 0x09, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "-"), UInt8(ascii: "*"):
                return .transparent
            default: return .other
            }
        }
        guard index + width <= bytes.count else { return .other }
        var value: UInt32
        switch width {
        case 2: value = UInt32(byte & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
        case 3: value = UInt32(byte & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
        default: return .other
        }
        switch value {
        case 0xA0, 0x202F, 0x2009, 0x2007, 0x2013, 0x2014, 0x2022, 0x201D, 0x201C, 0x2019, 0x2018, 0xAB, 0xBB: return .transparent
        default: return .other
        }
    }

    /// The width of the letter at `index`: an ASCII letter, a Latin-1 letter (À–ÿ but × and
    /// ÷), or any other alphabetic scalar or mark (which the caller takes as exotic).
    @inline(__always)
    private static func letterWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int? {
        let byte = bytes[index]
        if byte < 0x80 { return (byte | 0x20) &- 0x61 < 26 ? 1 : nil }
        if byte == 0xC3 {
            guard index + 1 < bytes.count else { return nil }
            let next = bytes[index + 1]
            return next == 0x97 || next == 0xB7 ? nil : 2
        }
        let width = AnonymizerPrefilter.scalarWidth(byte)
        guard width > 1, index + width <= bytes.count,
              let scalar = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<(index + width)]), as: UTF8.self).unicodeScalars.first
        else { return nil }
        return ScannedText.isLetter(scalar) ? width : nil
    }

    /// The width of a soft hyphen or zero-width character at `index` (inside a word), or `nil`.
    @inline(__always)
    private static func invisibleWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int? {
        let width = AnonymizerPrefilter.scalarWidth(bytes[index])
        guard width > 1, index + width <= bytes.count,
              let scalar = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<(index + width)]), as: UTF8.self).unicodeScalars.first,
              ScannedText.isIgnorable(scalar)
        else { return nil }
        return width
    }
}
