import Foundation

/// One word of a scanned text: a maximal run of letters (and the combining marks of
/// decomposed letters). Every other character — space, digit, punctuation, markup — ends a
/// word.
struct ScannedWord: Sendable {
    /// Offset of the first Unicode scalar within the text.
    var start: Int
    /// Offset just past the last scalar.
    var end: Int
    /// The word precomposed (NFC) and lowercased, without soft hyphens and zero-width
    /// characters: what name forms are compared with.
    var key: String
    /// Whether the first letter is a capital.
    var isCapitalized: Bool
    /// Whether the word has no capital letter at all.
    var isLowercase: Bool
    /// Whether the word has no lowercase letter at all ("SÄBO", "FALUN").
    var isAllCaps: Bool
    /// Whether a capital follows a lowercase letter inside the word ("FoU", "TeleQ", "ReKo"):
    /// an acronym or a brand, not a name.
    var hasInnerCapital = false
}

/// A text as Unicode scalars, with its words. Offsets everywhere in the anonymizer count
/// Unicode scalars of the text as given (not normalized), which is also how `PersonalData`
/// reports them.
struct ScannedText {
    let text: String
    let scalars: [Unicode.Scalar]
    let words: [ScannedWord]

    init(_ text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
        words = Self.words(in: scalars)
    }

    /// The text's scalars without its words: enough to place and cut out what was found in
    /// parts of it.
    init(unsplit text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
        words = []
    }

    /// The string indices of scalar offsets given in ascending order (an offset may equal
    /// the scalar count, for the end of the text).
    func stringIndices(of offsets: [Int]) -> [String.Index] {
        var result: [String.Index] = []
        result.reserveCapacity(offsets.count)
        let view = text.unicodeScalars
        var index = view.startIndex
        var position = 0
        for offset in offsets {
            while position < offset && index < view.endIndex {
                view.formIndex(after: &index)
                position += 1
            }
            result.append(index)
        }
        return result
    }

    /// The text between two offsets, as it stood.
    func slice(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }

    /// The word exactly as written, precomposed (for case-sensitive person names).
    func text(of word: ScannedWord) -> String {
        var view = String.UnicodeScalarView()
        for scalar in scalars[word.start..<word.end] where !Self.isIgnorable(scalar) {
            view.append(scalar)
        }
        return String(view).nfc
    }

    // MARK: - Characters

    /// Letters and the combining marks that follow them in decomposed text.
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0xFF: return true
        case 0...0xBF, 0xD7, 0xF7: return false
        default: return scalar.properties.isAlphabetic || isMark(scalar)
        }
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value >= 0x300 else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Invisible characters that may sit inside a word without breaking it: soft hyphen,
    /// zero-width space and joiners, word joiner, byte order mark.
    static func isIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return true
        default: return false
        }
    }

    /// Spaces that may separate the words of one name on one line.
    static func isInlineSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0xA0, 0x202F, 0x2009, 0x2007: return true
        default: return false
        }
    }

    /// Hyphens that join the parts of a name ("Malung-Sälen", "Holm-Eriksson").
    static func isHyphen(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0x2010, 0x2011: return true
        default: return false
        }
    }

    /// Where an HTML character reference starting at `index` (`&nbsp;`, `&#160;`) ends, if
    /// one does. References count as separators, not as letters.
    static func entityEnd(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        guard scalars[index] == "&" else { return nil }
        var position = index + 1
        while position < scalars.count, position - index <= 9 {
            let scalar = scalars[position]
            if scalar == ";" { return position - index >= 3 ? position + 1 : nil }
            guard scalar.isASCII, scalar == "#" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) else {
                return nil
            }
            position += 1
        }
        return nil
    }

    // MARK: - Words

    static func words(in scalars: [Unicode.Scalar]) -> [ScannedWord] {
        var words: [ScannedWord] = []
        var index = 0
        let count = scalars.count
        while index < count {
            let first = scalars[index]
            if first == "&", let end = entityEnd(scalars, at: index) {
                index = end
                continue
            }
            guard isLetter(first) else {
                index += 1
                continue
            }
            let start = index
            var isASCII = true
            var hasMark = false
            var hasIgnorable = false
            var hasUpper = false
            var hasLower = false
            var hasInnerCapital = false
            while index < count {
                let scalar = scalars[index]
                if isLetter(scalar) {
                    if !scalar.isASCII {
                        isASCII = false
                        if isMark(scalar) { hasMark = true }
                    }
                    if isUppercase(scalar) {
                        if hasLower { hasInnerCapital = true }
                        hasUpper = true
                    } else if isLowercase(scalar) {
                        hasLower = true
                    }
                } else if isIgnorable(scalar), index + 1 < count, isLetter(scalars[index + 1]) {
                    hasIgnorable = true  // part of the word, not of its key
                } else {
                    break
                }
                index += 1
            }
            let key: String
            if isASCII && !hasIgnorable {
                key = String(unsafeUninitializedCapacity: index - start) { buffer in
                    for offset in 0..<(index - start) {
                        let byte = UInt8(truncatingIfNeeded: scalars[start + offset].value)
                        buffer[offset] = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
                    }
                    return index - start
                }
            } else if !hasMark, let latin1 = latin1Key(scalars[start..<index]) {
                key = latin1
            } else {
                var letters = String.UnicodeScalarView()
                for scalar in scalars[start..<index] where !isIgnorable(scalar) { letters.append(scalar) }
                let word = String(letters)
                key = (hasMark ? word.precomposedStringWithCanonicalMapping : word).lowercased()
            }
            words.append(
                ScannedWord(
                    start: start, end: index, key: key,
                    isCapitalized: isUppercase(first) || (!first.isASCII && first.properties.generalCategory == .titlecaseLetter),
                    isLowercase: !hasUpper, isAllCaps: hasUpper && !hasLower, hasInnerCapital: hasInnerCapital))
        }
        return words
    }

    static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0xC0...0xD6, 0xD8...0xDE: return true
        case 0...0xFF: return false
        default: return scalar.properties.isUppercase
        }
    }

    static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x61...0x7A, 0xDF...0xF6, 0xF8...0xFF: return true
        case 0...0xFF: return false
        default: return scalar.properties.isLowercase
        }
    }

    /// The lowercase key of a word, built directly as UTF-8 when every letter is in Latin-1
    /// (as Swedish text is); `nil` when the word needs full Unicode lowercasing or
    /// normalization.
    private static func latin1Key(_ scalars: ArraySlice<Unicode.Scalar>) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 2)
        for scalar in scalars where !isIgnorable(scalar) {
            var value = scalar.value
            switch value {
            case 0x41...0x5A, 0xC0...0xD6, 0xD8...0xDE: value += 0x20
            case 0...0xFF: break
            default: return nil
            }
            if value < 0x80 {
                bytes.append(UInt8(value))
            } else {
                bytes.append(UInt8(0xC0 | (value >> 6)))
                bytes.append(UInt8(0x80 | (value & 0x3F)))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The lowercase words of a name form ("Malung-Sälens kommun" → malung, sälens, kommun).
    static func keys(of form: String) -> [String] {
        ScannedText(form).words.map(\.key)
    }

    // MARK: - Separators

    /// Whether the scalars between two words join them into one multi-word name: only
    /// spaces, line breaks, hyphens, dashes and character references such as `&nbsp;`.
    func joinsName(from start: Int, to end: Int) -> Bool {
        guard start < end, end - start <= 12 else { return false }
        var index = start
        while index < end {
            let scalar = scalars[index]
            if Self.isInlineSpace(scalar) || Self.isHyphen(scalar) || scalar == "\n" || scalar == "\r" || scalar == "\u{2013}" {
                index += 1
            } else if let after = Self.entityEnd(scalars, at: index), after <= end {
                index = after
            } else {
                return false
            }
        }
        return true
    }

    /// Whether only one to three inline spaces stand between two words (the words of a
    /// person's name on one line).
    func spaced(from start: Int, to end: Int) -> Bool {
        guard start < end, end - start <= 3 else { return false }
        return scalars[start..<end].allSatisfy(Self.isInlineSpace)
    }

    /// Whether a single hyphen stands between two words ("Holm-Eriksson").
    func hyphenated(from start: Int, to end: Int) -> Bool {
        end - start == 1 && Self.isHyphen(scalars[start])
    }

    /// Whether the word starting at `offset` begins a sentence: nothing but spaces, quotes,
    /// brackets and list bullets stand between it and the start of the text, a line break or
    /// a full stop, question mark, exclamation mark or colon.
    func beginsSentence(at offset: Int) -> Bool {
        var index = offset - 1
        while index >= 0 {
            let scalar = scalars[index]
            switch scalar {
            case "\n", "\r", ".", "!", "?", ":", ">":
                return true
            case "\"", "'", "(", "[", "-", "*", "\u{2013}", "\u{2014}", "\u{2022}", "\u{201D}", "\u{201C}",
                "\u{2019}", "\u{2018}", "\u{00AB}", "\u{00BB}":
                index -= 1
            default:
                if Self.isInlineSpace(scalar) {
                    index -= 1
                } else {
                    return false
                }
            }
        }
        return true
    }

    // MARK: - Lines

    /// The 1-based line and column (in Unicode scalars) of each offset, for offsets given in
    /// ascending order. `\n`, `\r\n` and a lone `\r` each end a line.
    func locations(of offsets: [Int]) -> [(line: Int, column: Int)] {
        var result: [(line: Int, column: Int)] = []
        result.reserveCapacity(offsets.count)
        var line = 1
        var lineStart = 0
        var index = 0
        for offset in offsets {
            while index < offset && index < scalars.count {
                let scalar = scalars[index]
                if scalar == "\n" || (scalar == "\r" && (index + 1 >= scalars.count || scalars[index + 1] != "\n")) {
                    line += 1
                    lineStart = index + 1
                }
                index += 1
            }
            result.append((line, offset - lineStart + 1))
        }
        return result
    }
}

// MARK: - Web addresses

/// A web address found in a text.
struct WebAddress: Sendable, Equatable {
    /// Its scalar range.
    var range: Range<Int>
    /// Whether it is a `data:` URI (an embedded image or font), whose encoded payload holds
    /// no words.
    var isData = false
}

extension ScannedText {
    /// Characters that end a run that may hold a web address.
    private static func endsChunk(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value <= 0x20 { return true }
        guard scalar.isASCII else {
            switch scalar {
            case "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{00AB}", "\u{00BB}": return true
            default: return isInlineSpace(scalar) || scalar.properties.isWhitespace
            }
        }
        switch scalar {
        case "<", ">", "\"", "'", "(", ")", "[", "]", "{", "}", "|", "\\", "^", "`":
            return true
        default:
            return false
        }
    }

    private static func isHostCharacter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.isASCII && (isLetter(scalar) || ("0"..."9").contains(scalar) || scalar == "-"))
            || (!scalar.isASCII && scalar.properties.isAlphabetic)
    }

    /// Every web address: a run starting with a scheme (`https://`), with `www.`, or a bare
    /// host name with a known top-level domain (`falun.se/omsorg`). Trailing punctuation is
    /// not part of the address.
    func webAddresses() -> [WebAddress] {
        var found: [WebAddress] = []
        var index = 0
        let count = scalars.count
        while index < count {
            guard !Self.endsChunk(scalars[index]) else {
                index += 1
                continue
            }
            let chunkStart = index
            var hasDot = false
            while index < count && !Self.endsChunk(scalars[index]) {
                if scalars[index] == "." { hasDot = true }
                index += 1
            }
            if isDataURI(at: chunkStart) {
                found.append(WebAddress(range: chunkStart..<index, isData: true))
            } else if hasDot, let start = addressStart(in: chunkStart..<index) {
                var end = index
                while end > start, ".,;:!?*".unicodeScalars.contains(scalars[end - 1]) { end -= 1 }
                if end > start { found.append(WebAddress(range: start..<end)) }
            }
        }
        return found
    }

    /// Whether a `data:` URI starts at an offset.
    private func isDataURI(at offset: Int) -> Bool {
        guard offset + 5 <= scalars.count else { return false }
        return zip(scalars[offset..<(offset + 5)], "data:".unicodeScalars).allSatisfy { pair in
            pair.0 == pair.1 || (pair.0.isASCII && pair.0.value == pair.1.value - 0x20)
        }
    }

    /// Where a web address starts within a run of non-space characters, if it holds one.
    private func addressStart(in chunk: Range<Int>) -> Int? {
        // A scheme: letters right before "://".
        var position = chunk.lowerBound
        while position + 2 < chunk.upperBound {
            if scalars[position] == ":" && scalars[position + 1] == "/" && scalars[position + 2] == "/" {
                var start = position
                while start > chunk.lowerBound, scalars[start - 1].isASCII, Self.isLetter(scalars[start - 1]) { start -= 1 }
                return start < position ? start : nil
            }
            position += 1
        }
        // A host name at the start of the run, after leading punctuation.
        var start = chunk.lowerBound
        while start < chunk.upperBound && !Self.isHostCharacter(scalars[start]) { start += 1 }
        var labels: [Range<Int>] = []  // the dot-separated labels of the host name
        var labelStart = start
        var end = start
        while end < chunk.upperBound {
            let scalar = scalars[end]
            if scalar == "." {
                guard end > labelStart else { break }
                labels.append(labelStart..<end)
                labelStart = end + 1
            } else if !Self.isHostCharacter(scalar) {
                break
            }
            end += 1
        }
        if end > labelStart { labels.append(labelStart..<end) }
        let next = end < chunk.upperBound ? scalars[end] : nil
        guard
            next == nil || next == "/" || next == ":" || next == "?" || next == "#" || next == "." || next == ","
                || next == ";" || next == "!"
        else { return nil }
        guard labels.count >= 2, let first = labels.first, let last = labels.last else { return nil }
        if slice(first).lowercased() == "www" || AnonymizerLexicon.topLevelDomains.contains(slice(last).lowercased()) {
            return start
        }
        return nil
    }
}
