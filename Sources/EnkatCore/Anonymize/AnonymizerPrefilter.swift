import Foundation

/// A fast, conservative byte scan that tells which parts of a text the anonymizer's full scan
/// must read. It never misses what the full scan would find: it flags every word that is (or
/// starts like) a registry name form, every listed person name, and every capitalized word
/// right after a role word ("enhetschef Berglund"); personal data has its own byte test
/// (`PersonalData.mayContainPersonalData`). Most answers in a large compilation flag nothing
/// and are passed through untouched, and the full scan reads only the windows around flagged
/// words; so does the final leak check, over megabytes of output.
struct AnonymizerPrefilter: Sendable {
    /// Hashes of lowercased words of registry forms and localities (and their spellings
    /// without å, ä, ö, as `Fold.key` writes them).
    private let registryWords: HashSet64
    /// Hashes of the first four letters of single-word forms, for compounds ("Moraberget").
    private let registryPrefixes: HashSet64
    /// Hashes of listed person names as written (case-sensitive), with and without a genitive s.
    private let personNames: Set<UInt64>
    /// The first two letters of every registry word, as ``LetterPairs/code(_:)`` writes
    /// them (0 for a word of one letter).
    private let registryStarts: LetterPairs

    /// Words that occur in many name forms but identify nothing by themselves.
    private static let generic: Set<String> = [
        "kommun", "kommuns", "kommunen", "lokal", "lokala", "systemledning", "systemledningen", "systemledningens",
        "region", "regionen", "regionens",
    ]

    init(registry: Registry, personNames: [String]) {
        var words = Set<UInt64>()
        var prefixes = Set<UInt64>()
        var starts = LetterPairs()
        let allowed = Set(registry.allowedNames.flatMap { Self.letterRuns($0.lowercased()) })
        for respondent in registry.respondents where respondent.kind != "region" {
            for form in respondent.allNameForms + respondent.localities {
                let runs = Self.letterRuns(form.precomposedStringWithCanonicalMapping.lowercased())
                let distinctive = runs.filter { !Self.generic.contains($0) }
                // Trigger on the words that identify; an allowed name ("Dalarna") only when the
                // form has nothing else.
                let triggers = distinctive.filter { !allowed.contains($0) }.isEmpty ? distinctive : distinctive.filter { !allowed.contains($0) }
                for run in triggers.isEmpty ? runs : triggers {
                    for variant in [run, Fold.key(run)] {
                        let bytes = Array(variant.utf8)
                        words.insert(Self.hash(bytes))
                        starts.insert(startOf: variant)
                        if variant.unicodeScalars.count >= 4 {
                            prefixes.insert(Self.hash(Array(String(String.UnicodeScalarView(variant.unicodeScalars.prefix(4))).utf8)))
                        }
                    }
                }
            }
        }
        registryWords = HashSet64(words)
        registryPrefixes = HashSet64(prefixes)
        registryStarts = starts
        var names = Set<UInt64>()
        for name in personNames {
            for run in Self.letterRuns(name.precomposedStringWithCanonicalMapping) {
                names.insert(Self.hash(Array(run.utf8)))
            }
        }
        self.personNames = names
    }

    /// The byte offsets of the flagged words of `bytes` (NFC UTF-8), in order.
    func hits(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var hits: [Int] = []
        let count = bytes.count
        var index = 0
        var sentenceStart = true
        var previousWord: UInt64 = 0
        var previousRange = 0..<0
        while index < count {
            let byte = bytes[index]
            guard let width = Self.letterWidth(bytes, index) else {
                // Not a letter: track sentence boundaries for the role-word rule (a role word
                // ends no sentence before the name it precedes). A full stop after a title's
                // abbreviation ("dr. Lindahl") ends none either.
                switch byte {
                case UInt8(ascii: "."):
                    if !Self.abbreviations.contains(previousWord) { sentenceStart = true }
                case UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "\n"):
                    sentenceStart = true
                default:
                    break
                }
                index += Self.scalarWidth(byte)
                continue
            }
            // A word that starts with two lowercase letters (ASCII or Latin-1) no registry
            // word starts with can flag nothing (person names and the capitalization rule
            // need a capital): skip it, hashing only a short word, for the abbreviation rule.
            if let (first, second, next) = LetterPairs.lowercaseStart(bytes, index), !registryStarts.contains(first, second) {
                let end = Self.wordEnd(bytes, from: next)
                sentenceStart = false
                previousWord = Self.shortWordHash(bytes, index..<end)
                previousRange = index..<end
                index = end
                continue
            }
            // A word: hash it lowercased and as written, and its first four letters.
            let start = index
            var lower: UInt64 = Self.offsetBasis
            var written: UInt64 = Self.offsetBasis
            var prefix: UInt64 = 0
            var letters = 0
            var capitalized = false
            var allCaps = true
            var last: UInt8 = 0
            var writtenWithoutS: UInt64 = Self.offsetBasis
            var position = index
            var w = width
            while true {
                for offset in 0..<w {
                    let b = bytes[position + offset]
                    let isUpper = Self.isCapitalByte(b, width: w, offset: offset, lead: bytes[position])
                    let lowered = isUpper ? b | 0x20 : b
                    // A capital beyond Latin-1 ("Ł") counts as one, to be safe.
                    if letters == 0 && offset == w - 1 { capitalized = isUpper || (w > 1 && bytes[position] != 0xC3) }
                    if offset == w - 1 && !isUpper && w <= 2 { allCaps = false }
                    lower = (lower ^ UInt64(lowered)) &* Self.prime
                    writtenWithoutS = written
                    written = (written ^ UInt64(b)) &* Self.prime
                    last = b
                }
                letters += 1
                if letters == 4 { prefix = lower }
                position += w
                guard position < count, let next = Self.letterWidth(bytes, position) else { break }
                w = next
            }
            let isRegistry = registryWords.contains(lower) || (letters >= 5 && registryPrefixes.contains(prefix))
            var flagged = isRegistry
            if !flagged {
                let genitive = last == UInt8(ascii: "s") && personNames.contains(writtenWithoutS)
                // Unlisted, a capitalized word is a name only right after a role word
                // ("enhetschef Berglund", "dr. Holm"); a name next to a listed one is found
                // from the listed one.
                flagged = capitalized && (personNames.contains(written) || genitive
                    || (!sentenceStart && !(allCaps && letters > 1) && Self.isTitle(bytes, previousRange)))
            }
            if flagged {
                hits.append(start)
            }
            sentenceStart = false
            previousWord = lower
            previousRange = start..<position
            index = position
        }
        return hits
    }

    /// The offsets of the words of `bytes` (NFC UTF-8) that are or start like a registry name
    /// form, in any case: what the leak check looks for. The same test as `hits` makes, on
    /// the same lowercased words, without its rules for people and sentences.
    func registryHits(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        registryStarts.withTable { starts in
            registryWords.withSlots { words in
                registryPrefixes.withSlots { prefixes in
                    registryHits(inUTF8: bytes, starts: starts, words: words, prefixes: prefixes)
                }
            }
        }
    }

    private func registryHits(inUTF8 bytes: UnsafeBufferPointer<UInt8>, starts: UnsafeBufferPointer<UInt64>,
                              words: UnsafeBufferPointer<UInt64>, prefixes: UnsafeBufferPointer<UInt64>) -> [Int] {
        var offsets: [Int] = []
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 && (byte | 0x20) &- 0x61 >= 26 {
                index += 1
                continue
            }
            // A word whose first two letters (ASCII or Latin-1, in any case) start no registry
            // word: skip it.
            if let (first, second, next) = LetterPairs.start(bytes, index), !LetterPairs.contains(starts, first, second) {
                index = Self.wordEnd(bytes, from: next)
                continue
            }
            guard let width = Self.letterWidth(bytes, index) else {
                index += Self.scalarWidth(byte)
                continue
            }
            let start = index
            var lower: UInt64 = Self.offsetBasis
            var prefix: UInt64 = 0
            var letters = 0
            var position = index
            var w = width
            while true {
                for offset in 0..<w {
                    var b = bytes[position + offset]
                    if Self.isCapitalByte(b, width: w, offset: offset, lead: bytes[position]) { b |= 0x20 }
                    lower = (lower ^ UInt64(b)) &* Self.prime
                }
                letters += 1
                if letters == 4 { prefix = lower }
                position += w
                guard position < count, let next = Self.letterWidth(bytes, position) else { break }
                w = next
            }
            if HashSet64.contains(words, lower) || (letters >= 5 && HashSet64.contains(prefixes, prefix)) {
                offsets.append(start)
            }
            index = position
        }
        return offsets
    }

    /// Whether byte `offset` of a letter `width` bytes long (starting with `lead`) makes it a
    /// capital A–Z or À–Þ (not ×); such a byte is lowercased by setting 0x20.
    @inline(__always)
    private static func isCapitalByte(_ byte: UInt8, width: Int, offset: Int, lead: UInt8) -> Bool {
        (width == 1 && byte >= 0x41 && byte <= 0x5A)
            || (width == 2 && offset == 1 && lead == 0xC3 && byte >= 0x80 && byte <= 0x9E && byte != 0x97)
    }

    /// The hash of a word of at most four ASCII letters, lowercased (what `abbreviations`
    /// holds); 0 for any other word.
    @inline(__always)
    private static func shortWordHash(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        guard range.count <= 4 else { return 0 }
        var hash = offsetBasis
        for index in range {
            let byte = bytes[index]
            guard (byte | 0x20) &- 0x61 < 26 else { return 0 }
            hash = (hash ^ UInt64(byte | 0x20)) &* prime
        }
        return hash
    }

    /// Where the word that goes on at `index` ends.
    @inline(__always)
    private static func wordEnd(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var position = index
        while position < bytes.count {
            let b = bytes[position]
            if b < 0x80 {
                guard (b | 0x20) &- 0x61 < 26 else { break }
                position += 1
            } else if b == 0xC3, position + 1 < bytes.count, bytes[position + 1] != 0x97, bytes[position + 1] != 0xB7 {
                position += 2
            } else if let w = letterWidth(bytes, position) {
                position += w
            } else {
                break
            }
        }
        return position
    }

    /// Whether the word at `range` is a role word, as the full scan keys it (lowercased,
    /// without soft hyphens and zero-width characters).
    private static func isTitle(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        let key = String(String.UnicodeScalarView(word.unicodeScalars.filter { !ScannedText.isIgnorable($0) })).lowercased()
        return AnonymizerLexicon.isTitle(key)
    }

    /// Abbreviated titles after which a full stop does not end a sentence
    /// (``AnonymizerLexicon/abbreviatedTitles``, hashed as `shortWordHash` hashes a word).
    private static let abbreviations: Set<UInt64> = Set(AnonymizerLexicon.abbreviatedTitles.map { hash(Array($0.utf8)) })

    // MARK: - Bytes

    /// A set of 64-bit hashes as an open-addressing table: a lookup is a multiply and a few
    /// loads, where `Set<UInt64>` would hash the hash again.
    struct HashSet64: Sendable {
        private var slots: [UInt64]

        init(_ keys: Set<UInt64>) {
            var capacity = 16
            while capacity < keys.count * 4 { capacity *= 2 }
            slots = [UInt64](repeating: 0, count: capacity)
            for key in keys {
                let stored = key == 0 ? 1 : key
                var index = Self.start(stored, capacity)
                while slots[index] != 0 && slots[index] != stored { index = (index + 1) & (capacity - 1) }
                slots[index] = stored
            }
        }

        @inline(__always)
        private static func start(_ key: UInt64, _ capacity: Int) -> Int {
            Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & (capacity - 1)
        }

        func contains(_ key: UInt64) -> Bool {
            slots.withUnsafeBufferPointer { Self.contains($0, key) }
        }

        /// Calls `body` with the table, for loops that look up many hashes.
        func withSlots<R>(_ body: (UnsafeBufferPointer<UInt64>) -> R) -> R {
            slots.withUnsafeBufferPointer(body)
        }

        @inline(__always)
        static func contains(_ slots: UnsafeBufferPointer<UInt64>, _ key: UInt64) -> Bool {
            let stored = key == 0 ? 1 : key
            var index = start(stored, slots.count)
            while true {
                let slot = slots[index]
                if slot == stored { return true }
                if slot == 0 { return false }
                index = (index + 1) & (slots.count - 1)
            }
        }
    }

    /// A set of pairs of letters, as a 65 536-bit table. A letter is written as one byte, its
    /// code: an ASCII letter as its lowercase byte, a Latin-1 letter (two bytes in UTF-8, the
    /// first 0xC3) as its second byte lowercased (``latin1Code(_:)``); 0 stands for no
    /// letter (a word of one letter). Other letters have no code: a word that starts with one
    /// is never skipped.
    struct LetterPairs: Sendable {
        private var bits = [UInt64](repeating: 0, count: 1024)

        mutating func insert(_ first: UInt8, _ second: UInt8) {
            let index = Int(first) << 8 | Int(second)
            bits[index >> 6] |= 1 << UInt64(index & 63)
        }

        /// Adds the first two letters of `word` (lowercase, NFC), when both have codes.
        mutating func insert(startOf word: String) {
            var scalars = word.unicodeScalars.makeIterator()
            guard let first = scalars.next().flatMap(Self.code) else { return }
            guard let next = scalars.next() else { return insert(first, 0) }
            guard let second = Self.code(next) else { return }
            insert(first, second)
        }

        /// The code of a lowercase letter, or `nil`.
        static func code(_ scalar: Unicode.Scalar) -> UInt8? {
            switch scalar.value {
            case 0x61...0x7A: UInt8(scalar.value)
            case 0xC0...0xFF: latin1Code(0x80 | UInt8(scalar.value & 0x3F))
            default: nil
            }
        }

        /// The code of a Latin-1 letter from the second byte of its UTF-8 (after 0xC3),
        /// lowercased as ``AnonymizerPrefilter`` lowercases words; `nil` for × and ÷.
        @inline(__always)
        static func latin1Code(_ byte: UInt8) -> UInt8? {
            guard byte >= 0x80 && byte <= 0xBF && byte != 0x97 && byte != 0xB7 else { return nil }
            return byte <= 0x9E ? byte | 0x20 : byte
        }

        /// The code of the letter at `index` in any case and the index after it, or `nil`.
        @inline(__always)
        private static func letter(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (code: UInt8, next: Int)? {
            let byte = bytes[index]
            if byte < 0x80 { return (byte | 0x20) &- 0x61 < 26 ? (byte | 0x20, index + 1) : nil }
            guard byte == 0xC3, index + 1 < bytes.count, let code = latin1Code(bytes[index + 1]) else { return nil }
            return (code, index + 2)
        }

        /// The codes of the first two letters of the word at `index` (in any case; 0 for the
        /// second of a word of one letter) and the index after them; `nil` when either has no
        /// code, or the word's second character is neither a letter with a code nor an ASCII
        /// character (so may be part of the word: a mark, a soft hyphen).
        @inline(__always)
        static func start(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (UInt8, UInt8, Int)? {
            guard let (first, next) = letter(bytes, index) else { return nil }
            guard next < bytes.count else { return (first, 0, next) }
            if let (second, after) = letter(bytes, next) { return (first, second, after) }
            return bytes[next] < 0x80 ? (first, 0, next) : nil
        }

        /// ``start(_:_:)`` of a word whose first two letters are lowercase.
        @inline(__always)
        static func lowercaseStart(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (UInt8, UInt8, Int)? {
            guard isLowercase(bytes, index), let (first, next) = letter(bytes, index), next < bytes.count, isLowercase(bytes, next),
                  let (second, after) = letter(bytes, next)
            else { return nil }
            return (first, second, after)
        }

        @inline(__always)
        private static func isLowercase(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
            let byte = bytes[index]
            if byte < 0x80 { return byte >= 0x61 && byte <= 0x7A }
            return byte == 0xC3 && index + 1 < bytes.count && bytes[index + 1] >= 0x9F
        }

        func contains(_ first: UInt8, _ second: UInt8) -> Bool {
            withTable { Self.contains($0, first, second) }
        }

        /// Calls `body` with the table, for loops that test many pairs.
        func withTable<R>(_ body: (UnsafeBufferPointer<UInt64>) -> R) -> R {
            bits.withUnsafeBufferPointer(body)
        }

        @inline(__always)
        static func contains(_ table: UnsafeBufferPointer<UInt64>, _ first: UInt8, _ second: UInt8) -> Bool {
            let index = Int(first) << 8 | Int(second)
            return table[index >> 6] & (1 << UInt64(index & 63)) != 0
        }
    }

    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(offsetBasis) { ($0 ^ UInt64($1)) &* prime }
    }

    /// The byte length of the letter (or combining mark) starting at `index`, or `nil` when
    /// the scalar there is not part of a word.
    @inline(__always)
    private static func letterWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int? {
        let byte = bytes[index]
        if byte < 0x80 {
            return (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) ? 1 : nil
        }
        if byte == 0xC3 {
            guard index + 1 < bytes.count else { return nil }
            let next = bytes[index + 1]
            return next == 0x97 || next == 0xB7 ? nil : 2
        }
        let width = scalarWidth(byte)
        guard index + width <= bytes.count, width > 1 else { return nil }
        let scalar = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<(index + width)]), as: UTF8.self).unicodeScalars.first
        guard let scalar else { return nil }
        let properties = scalar.properties
        // Soft hyphens and zero-width characters sit inside words, as the full scan treats them.
        if properties.isAlphabetic || properties.generalCategory == .nonspacingMark || scalar == "\u{AD}" || scalar == "\u{200B}"
            || scalar == "\u{200C}" || scalar == "\u{200D}" || scalar == "\u{2060}" {
            return width
        }
        return nil
    }

    /// The byte length of the UTF-8 sequence that `lead` starts (1 for a stray continuation byte).
    @inline(__always)
    static func scalarWidth(_ lead: UInt8) -> Int {
        switch lead {
        case 0..<0x80: 1
        case 0xC0..<0xE0: 2
        case 0xE0..<0xF0: 3
        case 0xF0...: 4
        default: 1
        }
    }

    static func letterRuns(_ text: String) -> [String] {
        var runs: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                runs.append(current)
                current = ""
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}
