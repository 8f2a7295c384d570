import Dispatch
import Foundation
import Synchronization

/// One change the anonymizer made to a text, for the reviewer's audit file.
public struct Replacement: Sendable, Equatable {
    /// What was replaced.
    public enum Kind: String, Sendable, CaseIterable {
        /// A kommun's name in any form ("Falu kommuns").
        case kommun
        /// A locality within a kommun ("Särna").
        case locality
        /// A lokal systemledning's name ("Södra Dalarna").
        case systemledning
        /// A word built on a place name ("Moraberget", "falubor").
        case compound
        /// A web address that contains a respondent's name ("www.mora.se/omsorg").
        case webAddress
        /// An e-mail address.
        case email
        /// A phone number.
        case phone
        /// A personnummer or samordningsnummer.
        case personnummer
        /// A person's name.
        case name
        /// A street address, a Box or a c/o address.
        case address
        /// A postcode, with the post town after it.
        case postcode
        /// A term the reviewer decided to replace (`granskning.yaml`).
        case reviewer

        /// The Swedish placeholder that replaces text of this kind. Placeholders are never
        /// numbered, so two answers cannot be linked through them.
        public var placeholder: String {
            switch self {
            case .kommun: "[kommunen]"
            case .locality: "[orten]"
            case .systemledning: "[systemledningen]"
            case .compound: "[platsen]"
            case .webAddress: "[webbadress]"
            case .email: "[e-post]"
            case .phone: "[telefon]"
            case .personnummer: "[personnummer]"
            case .name: "[namn]"
            case .address: "[adress]"
            case .postcode: "[postadress]"
            case .reviewer: "[borttaget]"
            }
        }

        /// Whether the kind names or points at a respondent (what the final leak check
        /// looks for), as opposed to personal data.
        public var identifiesRespondent: Bool {
            switch self {
            case .kommun, .locality, .systemledning, .compound, .webAddress: true
            case .email, .phone, .personnummer, .name, .address, .postcode, .reviewer: false
            }
        }
    }

    /// What was replaced.
    public var kind: Kind
    /// The text as it stood.
    public var found: String
    /// What it became.
    public var placeholder: String
    /// The 1-based line, within the text given to ``Anonymizer/anonymize(_:)``, where the
    /// replaced text starts (`\n`, `\r\n` and a lone `\r` end lines).
    public var line: Int
    /// The 1-based column, in Unicode scalars of the text as given, where it starts.
    public var column: Int

    /// Creates a replacement record.
    public init(kind: Kind, found: String, placeholder: String, line: Int, column: Int) {
        self.kind = kind
        self.found = found
        self.placeholder = placeholder
        self.line = line
        self.column = column
    }
}

/// A text after anonymization, with what was replaced.
public struct AnonymizedText: Sendable, Equatable {
    /// The text with every identifying part replaced by a placeholder.
    public var text: String
    /// The replacements, in the order they occur in the text.
    public var replacements: [Replacement]
    /// What could still identify someone and was left for the reviewer (``RiskQueue``).
    public var risks: [RiskCandidate] = []

    /// Creates an anonymized text.
    public init(text: String, replacements: [Replacement], risks: [RiskCandidate] = []) {
        self.text = text
        self.replacements = replacements
        self.risks = risks
    }
}

/// Replaces everything in free text that could tell which respondent wrote it, or who is
/// mentioned: registry names (kommuner, lokala systemledningar, localities, in every form and
/// in compounds), web addresses that contain them, e-mail addresses, phone numbers,
/// personnummer and samordningsnummer, and person names from a list.
///
/// Registry names are matched as whole words, ignoring case and Unicode normalization
/// ("FALUN", "falun", decomposed "Sa\u{308}ter"), longest form first ("Falu kommuns" is one
/// unit). Allowed names (Dalarna, Region Dalarna) stay. A word that starts with a name of at
/// least four letters is a compound on it (replaced by `[platsen]`) when it is capitalized
/// and the rest has at least three letters ("Moraberget", "Falugruvan") or when the rest is an
/// inhabitant ending ("falubor", "Borlängebornas"), unless it starts with a common word
/// longer than the name ("moral", "orsak", "forskning").
///
/// A registry form that is also a common lowercase word ("fors", "insjön") is replaced only
/// when capitalized. Kommun and systemledning names are also found spelled without å, ä, ö
/// ("Rattvik", "malung-salen").
///
/// Person names are matched case-sensitively as listed, also in the genitive ("Per", "Annas",
/// never "per"); a listed name with the one or two capitalized words after it ("Anna
/// Berglund", "Karin Holm-Eriksson") is one `[namn]`, as is a capitalized word before a listed
/// name in mid-sentence ("med Jessika Andersson"). After a role word ("enhetschef",
/// "distriktssköterska", "dr") a capitalized word is a name when it is listed, ends like a
/// surname ("Sjölander") or is followed by another capitalized word ("Lisbeth Ståhl"); words in
/// capitals ("SÄBO") never are. Listed names that are also common words ("Per", "Hans",
/// "Inga") at the start of a sentence are left alone unless a capitalized word follows.
public struct Anonymizer: Sendable {
    private let index: NameIndex
    private let prefilter: AnonymizerPrefilter
    /// The rules by shape and context, when a lexicon is given.
    private let shapes: ShapeRules?
    /// Their part of the prefilter.
    private let gate: ShapeGate?
    /// Terms the reviewer decided to replace, as word keys, by their first word.
    private let reviewerTerms: [String: [[String]]]

    /// Prepares the lookups for a registry's names and a list of person names. With a
    /// `lexicon`, names and places are also found by their shape (``ShapeRules``), addresses
    /// and postcodes replaced, and what may still identify someone reported as risks;
    /// `reviewerReplaces` are the terms the reviewer decided to replace (`[borttaget]`).
    ///
    /// `gazetteer` adds places to the respondents' localities (``Gazetteer``); with a lexicon,
    /// those that are also Swedish words are matched only when capitalized.
    public init(registry: Registry, personNames: [String] = [], lexicon: SwedishLexicon? = nil, gazetteer: Gazetteer? = nil,
                reviewerReplaces: [String] = []) {
        var registry = registry
        var commonWords = Set<String>()
        if let gazetteer {
            registry = gazetteer.adding(to: registry)
            if let lexicon {
                for place in gazetteer.places.values.joined() {
                    let keys = ScannedText.keys(of: place)
                    if keys.count == 1, lexicon.isWord(place) { commonWords.insert(keys[0]) }
                }
            }
        }
        index = NameIndex(registry: registry, personNames: personNames, commonWords: commonWords)
        prefilter = AnonymizerPrefilter(registry: registry, personNames: personNames)
        shapes = lexicon.map(ShapeRules.init)
        gate = shapes.map(ShapeGate.init)
        var terms: [String: [[String]]] = [:]
        for term in reviewerReplaces {
            let keys = ScannedText.keys(of: term)
            if let first = keys.first { terms[first, default: []].append(keys) }
        }
        for key in terms.keys { terms[key]?.sort { $0.count > $1.count } }
        reviewerTerms = terms
    }

    /// Reads a person-name list: one name per line, `#` starts a comment, blank lines are
    /// ignored; a line with several words adds each. Throws ``SourceFile/ReadError`` when the
    /// file cannot be read or is not UTF-8.
    public static func loadPersonNames(from url: URL) throws(SourceFile.ReadError) -> [String] {
        let bytes = try SourceFile.read(url.path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SourceFile.ReadError(
                path: url.path,
                message: LocalizedText(
                    sv: "namnlistan är inte kodad i UTF-8", en: "the name list is not UTF-8 encoded"))
        }
        return personNames(fromList: text)
    }

    /// The names in the text of a person-name list.
    static func personNames(fromList text: String) -> [String] {
        var seen = Set<String>()
        var names: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for word in content.split(whereSeparator: { $0.isWhitespace || $0 == "\u{FEFF}" }) {
                let name = String(word).precomposedStringWithCanonicalMapping
                if seen.insert(name).inserted { names.append(name) }
            }
        }
        return names
    }

    /// The text with every identifying part replaced, and what was replaced.
    public func anonymize(_ text: String) -> AnonymizedText {
        anonymize(text, personalData: nil)
    }

    /// ``anonymize(_:)`` of a text whose personal data the check has already found
    /// (`personalData`, offsets in Unicode scalars of `text`); `nil` searches for it.
    public func anonymize(_ text: String, personalData: [PersonalData.Match]?) -> AnonymizedText {
        let unchanged = AnonymizedText(text: text, replacements: [])
        let mayHold = personalData.map { !$0.isEmpty } ?? PersonalData.mayContainPersonalData(text)
        if TextNormalization.needsNFC(text) || mayHold || !reviewerTerms.isEmpty {
            return anonymizeFully(text, personalData: personalData)
        }
        // Most answers name nobody: a byte scan (the prefilter and the shape rules' gate) rules
        // that out before the full scan, and when it flags words (a capitalized place name,
        // say), the full scan reads only the windows around them. Whatever the full scan would
        // replace or queue holds a flagged word and depends on a few words around it, so the
        // windows' findings are the text's (``windowFindings(_:in:)``).
        return text.withUTF8Bytes { bytes in
            let offsets = prefilter.hits(inUTF8: bytes) + (gate?.triggers(inUTF8: bytes) ?? [])
            if offsets.isEmpty { return unchanged }
            let ranges = Self.windowRanges(around: offsets, in: bytes, reach: Self.anonymizeReach)
            guard let (findings, risks) = windowFindings(ranges, in: bytes) else { return anonymizeFully(text, personalData: personalData) }
            if findings.isEmpty && risks.isEmpty { return unchanged }
            return Self.replacing(findings, risks: risks, in: ScannedText(unsplit: text))
        }
    }

    /// How far (in scalars) from a window's cut edge a finding must stand to be taken from the
    /// window: every flagged word is `anonymizeReach` bytes from a cut, and what the full scan
    /// finds around it lies within a few words of it.
    private static let windowMargin = 64

    /// The findings and risks of the text made of the windows `ranges` of `bytes`, as the full
    /// scan would find them (offsets in the text's scalars); `nil` when one stands too near
    /// where a window was cut out of the text, so that only the full scan can tell.
    private func windowFindings(_ ranges: [Range<Int>], in bytes: UnsafeBufferPointer<UInt8>) -> ([Finding], [RiskCandidate])? {
        var findings: [Finding] = []
        var risks: [RiskCandidate] = []
        var base = 0  // scalars before the window
        var counted = 0  // bytes counted into `base`
        for range in ranges {
            for index in counted..<range.lowerBound where bytes[index] & 0xC0 != 0x80 { base += 1 }
            counted = range.lowerBound
            let scanned = ScannedText(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
            let found = scan(scanned, personalData: [])
            let queued = shapes.map { RiskQueue.candidates(in: scanned, findings: found, shapes: $0, allowed: index.allowedWords) } ?? []
            let coreStart = range.lowerBound == 0 ? 0 : Self.windowMargin
            let core = coreStart..<max(coreStart, range.upperBound == bytes.count ? Int.max : scanned.scalars.count - Self.windowMargin)
            for finding in found {
                guard core.contains(finding.range.lowerBound), finding.range.upperBound <= core.upperBound else { return nil }
                findings.append(Finding(kind: finding.kind, range: (finding.range.lowerBound + base)..<(finding.range.upperBound + base)))
            }
            for var risk in queued {
                guard core.contains(risk.scalarOffset), risk.scalarOffset + risk.term.unicodeScalars.count <= core.upperBound else { return nil }
                risk.scalarOffset += base
                risks.append(risk)
            }
        }
        return (findings, risks)
    }

    /// How far (in bytes) around a flagged word the windowed scans read. The anonymizing
    /// windows reach 160 bytes, which leaves a finding up to about 96 bytes from the flagged
    /// word inside the window's core (`windowMargin`); one nearer the cut sends the text to
    /// the full scan. (256 read 40 % more bytes for the same findings on the corpus.)
    private static let anonymizeReach = 160
    private static let leakReach = 512

    /// ``anonymize(_:)`` without the prefilter (for tests that hold the two to the same result).
    func anonymizeFully(_ text: String, personalData: [PersonalData.Match]? = nil) -> AnonymizedText {
        let scanned = ScannedText(text)
        let findings = scan(scanned, personalData: personalData ?? PersonalData.find(in: text))
        let risks = shapes.map { RiskQueue.candidates(in: scanned, findings: findings, shapes: $0, allowed: index.allowedWords) } ?? []
        return Self.replacing(findings, risks: risks, in: scanned)
    }

    /// The text of `scanned` with `findings` (in order, without overlaps) replaced, and the
    /// risks placed.
    private static func replacing(_ findings: [Finding], risks: [RiskCandidate], in scanned: ScannedText) -> AnonymizedText {
        let text = scanned.text
        guard !findings.isEmpty else {
            return AnonymizedText(text: text, replacements: [], risks: Self.locate(risks, in: scanned, output: scanned.scalars, findings: []))
        }

        let locations = scanned.locations(of: findings.map(\.range.lowerBound))
        let bounds = scanned.stringIndices(of: findings.flatMap { [$0.range.lowerBound, $0.range.upperBound] })
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var replacements: [Replacement] = []
        var position = text.startIndex
        for (number, (finding, location)) in zip(findings, locations).enumerated() {
            let start = bounds[2 * number]
            let end = bounds[2 * number + 1]
            output += String(text.unicodeScalars[position..<start])
            let placeholder = finding.kind.placeholder
            output += placeholder
            replacements.append(
                Replacement(
                    kind: finding.kind, found: String(text.unicodeScalars[start..<end]), placeholder: placeholder,
                    line: location.line, column: location.column))
            position = end
        }
        output += String(text.unicodeScalars[position...])
        let located = risks.isEmpty ? [] : Self.locate(risks, in: scanned, output: Array(output.unicodeScalars), findings: findings)
        return AnonymizedText(text: output, replacements: replacements, risks: located)
    }

    /// Each risk's line, counted as the replacements' lines are, and its sentence in the
    /// anonymized text `output`, where its offset has moved past the placeholders before it.
    private static func locate(_ risks: [RiskCandidate], in scanned: ScannedText, output: [Unicode.Scalar], findings: [Finding]) -> [RiskCandidate] {
        guard !risks.isEmpty else { return [] }
        let lines = scanned.locations(of: risks.map(\.scalarOffset))
        var located = risks
        var next = 0
        var shift = 0
        for index in located.indices {
            let offset = located[index].scalarOffset
            while next < findings.count, findings[next].range.upperBound <= offset {
                shift += findings[next].kind.placeholder.unicodeScalars.count - findings[next].range.count
                next += 1
            }
            located[index].line = lines[index].line
            located[index].sentence = RiskQueue.sentence(
                in: output, around: (offset + shift)..<(offset + shift + located[index].term.unicodeScalars.count))
        }
        return located
    }

    /// Every registry name form (kommun and systemledning forms, localities, compounds on
    /// them, web addresses containing them — not allowed names) still present in `text`, in
    /// order, for the final leak check over written outputs. The rules are those of
    /// ``anonymize(_:)``; any character that is not a letter ends a word, and HTML character
    /// references and JSON `\u` escapes are decoded first.
    /// ``leaks(in:)`` over the whole text, without the prefilter's windows (for tests).
    func leaksFully(in text: String) -> [String] {
        let scanned = ScannedText(Self.decodingEscapes(text))
        return scan(scanned, personalData: [], shapeRules: false).filter(\.kind.identifiesRespondent).map { scanned.slice($0.range) }
    }

    public func leaks(in text: String) -> [String] {
        if TextNormalization.needsNFC(text) {
            return text.precomposedStringWithCanonicalMapping.withUTF8Bytes(leaks(inNFC:))
        }
        return text.withUTF8Bytes(leaks(inNFC:))
    }

    /// ``leaks(in:)`` over UTF-8 bytes (a written output, without making a string of it).
    public func leaks(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        if TextNormalization.needsNFC(utf8: bytes) {
            return leaks(in: String(decoding: bytes, as: UTF8.self))
        }
        return leaks(inNFC: bytes)
    }

    private func leaks(inNFC bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var found: [String] = []
        for window in leakWindows(in: bytes) {
            let scanned = ScannedText(Self.decodingEscapes(window))
            found += scan(scanned, personalData: [], shapeRules: false).filter(\.kind.identifiesRespondent).map { scanned.slice($0.range) }
        }
        return found
    }

    /// The parts of a text the full scan must read for the leak check: a few hundred bytes
    /// around every word the prefilter flags as a possible registry name, and around every
    /// character reference or `\u` escape that could hide a letter. A text without any is not
    /// scanned at all.
    private func leakWindows(in bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        // A large output is read in parts on all cores, cut at white space (which no word,
        // character reference or escape crosses).
        let parts = bytes.count > 4 << 20 ? 8 : 1
        var bounds = [0]
        for part in 1..<parts {
            var cut = max(bounds[bounds.count - 1], bytes.count * part / parts)
            while cut < bytes.count && bytes[cut] != 0x20 && bytes[cut] != 0x0A { cut += 1 }
            bounds.append(cut)
        }
        bounds.append(bytes.count)
        let cuts = bounds
        let found = Mutex<[[Int]]>(Array(repeating: [], count: parts))
        let prefilter = self.prefilter
        // Only read, and only while this call runs.
        nonisolated(unsafe) let shared = bytes
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let slice = UnsafeBufferPointer(rebasing: shared[cuts[part]..<cuts[part + 1]])
            let offsets = (prefilter.registryHits(inUTF8: slice) + Self.escapeOffsets(in: slice)).map { $0 + cuts[part] }
            found.withLock { $0[part] = offsets }
        }
        return Self.windows(around: found.withLock { $0 }.flatMap { $0 }, in: bytes, reach: Self.leakReach)
    }

    /// The parts of a text within `reach` bytes of `offsets`, widened to white space (so a
    /// web address is always whole) and merged where they overlap.
    private static func windows(around offsets: [Int], in bytes: UnsafeBufferPointer<UInt8>, reach: Int) -> [String] {
        windowRanges(around: offsets, in: bytes, reach: reach).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
    }

    /// The byte ranges of ``windows(around:in:reach:)``.
    private static func windowRanges(around offsets: [Int], in bytes: UnsafeBufferPointer<UInt8>, reach: Int) -> [Range<Int>] {
        guard !offsets.isEmpty else { return [] }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }
        var ranges: [Range<Int>] = []
        for offset in offsets.sorted() {
            var start = max(0, offset - reach)
            while start > 0 && !isSpace(bytes[start - 1]) { start -= 1 }
            var end = min(bytes.count, offset + reach)
            while end < bytes.count && !isSpace(bytes[end]) { end += 1 }
            if let last = ranges.last, last.upperBound >= start {
                ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, end)
            } else {
                ranges.append(start..<end)
            }
        }
        return ranges
    }

    /// Offsets of character references and `\u` escapes other than the ones enkat's own
    /// writers produce for punctuation (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, `\u00XX`
    /// control characters).
    private static func escapeOffsets(in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        let harmless: [[UInt8]] = ["amp;", "lt;", "gt;", "quot;", "#39;", "#x27;", "apos;"].map { Array($0.utf8) }
        var offsets: [Int] = []
        let base = UnsafeRawPointer(bytes.baseAddress)
        var index = 0
        while index < bytes.count {
            // Eight bytes at a time while none is `&` or `\`.
            if let base, index + 8 <= bytes.count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if !SWAR.hasByte(UInt8(ascii: "&"), in: word) && !SWAR.hasByte(UInt8(ascii: "\\"), in: word) {
                    index += 8
                    continue
                }
            }
            defer { index += 1 }
            let byte = bytes[index]
            if byte == UInt8(ascii: "&") {
                let rest = bytes[(index + 1)..<min(bytes.count, index + 7)]
                if !harmless.contains(where: { rest.starts(with: $0) }) { offsets.append(index) }
            } else if byte == UInt8(ascii: "\\"), index + 5 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") {
                let isControl = bytes[index + 2] == UInt8(ascii: "0") && bytes[index + 3] == UInt8(ascii: "0")
                    && (bytes[index + 4] == UInt8(ascii: "0") || bytes[index + 4] == UInt8(ascii: "1"))
                if !isControl { offsets.append(index) }
            }
        }
        return offsets
    }

    // MARK: - Scanning

    /// One thing to replace.
    struct Finding: Sendable {
        var kind: Replacement.Kind
        var range: Range<Int>
    }

    enum WordState {
        case free
        /// Replaced already, or inside something replaced.
        case claimed
        /// Kept as written: allowed names, web addresses without a respondent's name.
        case protected
    }

    /// Everything to replace in a text, in order and without overlaps. Web addresses
    /// containing a name come first, then personal data, registry names, person names and
    /// compounds.
    ///
    /// `shapeRules: false` leaves out the rules by shape and context: the final leak check
    /// looks for registry and gazetteer names only (a report's own prose has capitalized
    /// words after "från" that are no place).
    func scan(_ text: ScannedText, personalData: [PersonalData.Match], shapeRules: Bool = true) -> [Finding] {
        let shapes = shapeRules ? self.shapes : nil
        var findings: [Finding] = []
        var claimed: [Range<Int>] = []
        var protected: [Range<Int>] = []

        for address in text.webAddresses() {
            if !address.isData && addressNamesRespondent(text, address.range) {
                findings.append(Finding(kind: .webAddress, range: address.range))
                claimed.append(address.range)
            } else {
                protected.append(address.range)
            }
        }
        for match in personalData {
            let range = match.scalarOffset..<(match.scalarOffset + match.text.unicodeScalars.count)
            guard !claimed.contains(where: { $0.overlaps(range) }) else { continue }
            let kind: Replacement.Kind =
                switch match.kind {
                case .personnummer, .samordningsnummer: .personnummer
                case .email: .email
                case .phone: .phone
                }
            findings.append(Finding(kind: kind, range: range))
            claimed.append(range)
        }
        if shapes != nil {
            for (kind, range) in AddressPatterns.find(in: text.scalars, words: text.words) where !claimed.contains(where: { $0.overlaps(range) }) {
                findings.append(Finding(kind: kind, range: range))
                claimed.append(range)
            }
        }

        let words = text.words
        var states = Self.initialStates(of: words, claimed: claimed, protected: protected)
        var names: [Range<Int>] = []
        func record(_ kind: Replacement.Kind, _ wordRange: Range<Int>) {
            findings.append(Finding(kind: kind, range: words[wordRange.lowerBound].start..<words[wordRange.upperBound - 1].end))
            for position in wordRange { states[position] = .claimed }
            if kind == .name { names.append(wordRange) }
        }

        // Registry names, longest form first.
        var position = 0
        while position < words.count {
            guard states[position] == .free, let match = registryMatch(at: position, in: text, states: states) else {
                position += 1
                continue
            }
            let range = position..<(position + match.words.count)
            if let kind = match.kind.replacementKind {
                record(kind, range)
            } else {
                for index in range { states[index] = .protected }
            }
            position = range.upperBound
        }

        // Terms the reviewer decided to replace.
        if !reviewerTerms.isEmpty {
            position = 0
            while position < words.count {
                guard states[position] == .free, let candidates = reviewerTerms[words[position].key],
                      let term = candidates.first(where: { term in
                          position + term.count <= words.count
                              && term.indices.allSatisfy { states[position + $0] == .free && words[position + $0].key == term[$0] }
                      })
                else {
                    position += 1
                    continue
                }
                record(.reviewer, position..<(position + term.count))
                position += term.count
            }
        }

        // Person names.
        position = 0
        while position < words.count {
            guard let first = nameWord(at: position, in: text, states: states) else {
                position += 1
                continue
            }
            if let run = personNameRun(starting: first, in: text, states: states) {
                record(.name, run)
                position = run.upperBound
            } else {
                position = first.upperBound
            }
        }

        // Compounds.
        for (position, word) in words.enumerated() where states[position] == .free && index.isCompound(word) {
            record(.compound, position..<(position + 1))
        }

        // Names and places by their shape and context.
        if let shapes {
            for (kind, range) in shapes.findings(in: text, free: states.map { $0 == .free }, names: names)
            where range.allSatisfy({ states[$0] == .free }) {
                record(kind, range)
            }
        }

        return Self.joiningNames(findings.sorted { $0.range.lowerBound < $1.range.lowerBound }, in: text)
    }

    /// The findings with names that stand next to each other, one space between, joined into
    /// one: a name is replaced whole ("Said Karlsson", not "[namn] [namn]").
    private static func joiningNames(_ findings: [Finding], in text: ScannedText) -> [Finding] {
        var joined: [Finding] = []
        for finding in findings {
            if let last = joined.last, last.kind == .name, finding.kind == .name, finding.range.lowerBound == last.range.upperBound + 1,
               text.scalars[last.range.upperBound] == " " {
                joined[joined.count - 1].range = last.range.lowerBound..<finding.range.upperBound
            } else {
                joined.append(finding)
            }
        }
        return joined
    }

    /// Words inside claimed or protected ranges start out so.
    private static func initialStates(of words: [ScannedWord], claimed: [Range<Int>], protected: [Range<Int>]) -> [WordState] {
        var states = [WordState](repeating: .free, count: words.count)
        let marked = (claimed.map { ($0, WordState.claimed) } + protected.map { ($0, WordState.protected) })
            .sorted { $0.0.lowerBound < $1.0.lowerBound }
        guard !marked.isEmpty else { return states }
        var next = 0
        for (position, word) in words.enumerated() {
            while next < marked.count && marked[next].0.upperBound <= word.start { next += 1 }
            var check = next
            while check < marked.count && marked[check].0.lowerBound < word.end {
                if marked[check].0.overlaps(word.start..<word.end) {
                    states[position] = marked[check].1
                    if marked[check].1 == .claimed { break }
                }
                check += 1
            }
        }
        return states
    }

    /// The longest registry form (or allowed name) starting at a word.
    private func registryMatch(at position: Int, in text: ScannedText, states: [WordState]) -> NamePattern? {
        let words = text.words
        guard let candidates = index.patterns[words[position].key] else { return nil }
        candidates: for pattern in candidates {
            guard position + pattern.words.count <= words.count else { continue }
            if pattern.requiresCapital && !words[position].isCapitalized { continue }
            for offset in 1..<max(pattern.words.count, 1) {
                let word = words[position + offset]
                guard states[position + offset] == .free, word.key == pattern.words[offset],
                    text.joinsName(from: words[position + offset - 1].end, to: word.start)
                else { continue candidates }
            }
            return pattern
        }
        return nil
    }

    /// Whether a web address contains a respondent's name: any of its words, or two to four
    /// neighbouring words run together ("sodra-dalarna" → sodradalarna), spelled as in a
    /// domain name.
    private func addressNamesRespondent(_ text: ScannedText, _ range: Range<Int>) -> Bool {
        let keys = ScannedText.words(in: Array(text.scalars[range])).map { NameIndex.addressKey($0.key) }
        for start in keys.indices {
            if index.addressWordNamesRespondent(keys[start]) { return true }
            var joined = keys[start]
            for next in (start + 1)..<min(start + 4, keys.count) where next < keys.count {
                joined += keys[next]
                if index.addressNames.contains(joined) { return true }
            }
        }
        return false
    }

    // MARK: - Person names

    /// A capitalized word, with any capitalized words hyphenated to it ("Holm-Eriksson"), as
    /// a range of word positions. Words in capitals ("SÄBO") are not names.
    private func nameWord(at position: Int, in text: ScannedText, states: [WordState]) -> Range<Int>? {
        let words = text.words
        guard position < words.count, states[position] == .free, words[position].isCapitalized, !words[position].isAllCaps
        else { return nil }
        var end = position + 1
        while end < words.count, states[end] == .free, words[end].isCapitalized, !words[end].isAllCaps,
            text.hyphenated(from: words[end - 1].end, to: words[end].start)
        {
            end += 1
        }
        return position..<end
    }

    /// The name word right after another, on the same line with only spaces between.
    private func nameWord(after previous: Range<Int>, in text: ScannedText, states: [WordState]) -> Range<Int>? {
        let words = text.words
        let next = previous.upperBound
        guard next < words.count, text.spaced(from: words[next - 1].end, to: words[next].start) else { return nil }
        return nameWord(at: next, in: text, states: states)
    }

    /// Whether a name word is, or has a part that is, a listed person name, also in the
    /// genitive ("Annas", "Forsbergs").
    private func isListed(_ nameWord: Range<Int>, in text: ScannedText) -> Bool {
        let words = text.words
        for position in nameWord
        where index.personNameKeys.contains(words[position].key)
            || (words[position].key.hasSuffix("s") && index.personNameKeys.contains(String(words[position].key.dropLast())))
        {
            let written = text.text(of: words[position])
            if index.personNames.contains(written) || (written.hasSuffix("s") && index.personNames.contains(String(written.dropLast()))) {
                return true
            }
        }
        if nameWord.count > 1 {
            let whole = text.slice(words[nameWord.lowerBound].start..<words[nameWord.upperBound - 1].end)
            return index.personNames.contains(whole.precomposedStringWithCanonicalMapping)
        }
        return false
    }

    /// Whether a listed name is also a common word ("Per", "Hans", "Dags").
    private func mayBeCommonWord(_ word: ScannedWord) -> Bool {
        AnonymizerLexicon.commonWordNames.contains(word.key)
            || (word.key.hasSuffix("s") && AnonymizerLexicon.commonWordNames.contains(String(word.key.dropLast())))
    }

    /// Whether a role word stands right before a word ("enhetschef Berglund", "dr. Holm").
    private func followsTitle(_ position: Int, in text: ScannedText) -> Bool {
        let words = text.words
        guard position > 0 else { return false }
        let title = words[position - 1]
        guard AnonymizerLexicon.isTitle(title.key) else { return false }
        let start = title.end
        let end = words[position].start
        if text.spaced(from: start, to: end) { return true }
        return AnonymizerLexicon.abbreviatedTitles.contains(title.key) && start < end && text.scalars[start] == "."
            && text.spaced(from: start + 1, to: end)
    }

    /// The words of a person's name starting at a name word, if it starts one.
    private func personNameRun(starting first: Range<Int>, in text: ScannedText, states: [WordState]) -> Range<Int>? {
        let words = text.words
        let next = nameWord(after: first, in: text, states: states)
        func extended(_ run: Range<Int>, by count: Int) -> Range<Int> {
            var run = run
            for _ in 0..<count {
                guard let more = nameWord(after: run, in: text, states: states) else { break }
                run = run.lowerBound..<more.upperBound
            }
            return run
        }
        if isListed(first, in: text) {
            let word = words[first.lowerBound]
            let mayBeWord = first.count == 1 && mayBeCommonWord(word) && text.beginsSentence(at: word.start)
            guard !mayBeWord || next != nil else { return nil }
            return extended(first, by: 2)
        }
        if followsTitle(first.lowerBound, in: text), next != nil || AnonymizerLexicon.looksLikeSurname(words[first.upperBound - 1].key) {
            return extended(first, by: 1)
        }
        if let next, isListed(next, in: text), !text.beginsSentence(at: words[first.lowerBound].start) {
            return extended(first.lowerBound..<next.upperBound, by: 1)
        }
        return nil
    }

    // MARK: - Escapes in written outputs

    /// The text with HTML character references (`&auml;`, `&#228;`, `&nbsp;`) and JSON
    /// escapes (`\u00e4`, `\n`) decoded, so the leak check sees the words a reader sees.
    static func decodingEscapes(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) || text.utf8.contains(UInt8(ascii: "\\")) else { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        output.reserveCapacity(scalars.count)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "&", let end = ScannedText.entityEnd(scalars, at: index),
                let decoded = decodeEntity(String(String.UnicodeScalarView(scalars[(index + 1)..<(end - 1)])))
            {
                output.append(decoded)
                index = end
            } else if scalar == "\\", index + 1 < scalars.count {
                let next = scalars[index + 1]
                switch next {
                case "n": output.append("\n")
                case "r": output.append("\r")
                case "t": output.append("\t")
                case "u":
                    if let (decoded, length) = decodeUnicodeEscape(scalars, at: index) {
                        output.append(decoded)
                        index += length
                        continue
                    }
                    output.append(contentsOf: [scalar, next])
                default: output.append(next)
                }
                index += 2
            } else {
                output.append(scalar)
                index += 1
            }
        }
        return String(output)
    }

    private static let namedEntities: [String: Unicode.Scalar] = [
        "nbsp": "\u{A0}", "shy": "\u{AD}", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
        "aring": "å", "auml": "ä", "ouml": "ö", "Aring": "Å", "Auml": "Ä", "Ouml": "Ö", "eacute": "é", "Eacute": "É",
        "uuml": "ü", "Uuml": "Ü", "aacute": "á", "oslash": "ø", "Oslash": "Ø", "aelig": "æ", "AElig": "Æ",
    ]

    private static func decodeEntity(_ body: String) -> Unicode.Scalar? {
        if body.hasPrefix("#x") || body.hasPrefix("#X") {
            return UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        }
        if body.hasPrefix("#") {
            return UInt32(body.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
        }
        return namedEntities[body]
    }

    /// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`, at `index`: the scalar and how many
    /// scalars of input it took.
    private static func decodeUnicodeEscape(_ scalars: [Unicode.Scalar], at index: Int) -> (Unicode.Scalar, Int)? {
        func hex(at start: Int) -> UInt32? {
            guard start + 6 <= scalars.count, scalars[start] == "\\", scalars[start + 1] == "u" else { return nil }
            return UInt32(String(String.UnicodeScalarView(scalars[(start + 2)..<(start + 6)])), radix: 16)
        }
        guard let high = hex(at: index) else { return nil }
        if (0xD800...0xDBFF).contains(high), let low = hex(at: index + 6), (0xDC00...0xDFFF).contains(low),
            let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        {
            return (scalar, 12)
        }
        return Unicode.Scalar(high).map { ($0, 6) }
    }
}
