import Foundation

/// Something in one text that could still identify a respondent and was not replaced.
public struct RiskCandidate: Sendable, Equatable {
    /// Why it is queued.
    public enum Kind: String, Sendable, CaseIterable {
        /// A capitalized word the lexicon does not know as a Swedish word ("Kopparbergsgruvan",
        /// "Svärd"), with no context that made it a name or a place.
        case nameLike = "namnliknande"
        /// A word the lexicon does not know that only one respondent uses (a local project, a
        /// mine, a hospital).
        case rareWord = "ovanligt-ord"
        /// An exact count of staff, beds, places or teams ("12 sjuksköterskor").
        case exactCount = "exakt-antal"

        /// The Swedish description, as the audit shows it.
        public var name: String {
            switch self {
            case .nameLike: "namnliknande ord"
            case .rareWord: "ord som bara en svarande använder"
            case .exactCount: "exakt antal"
            }
        }
    }

    public var kind: Kind
    /// The words as written.
    public var term: String
    /// Offset of the first scalar within the text.
    public var scalarOffset: Int
    /// The 1-based line of the text it stands on (`\n`, `\r\n` and a lone `\r` end lines),
    /// as ``Replacement/line`` counts.
    public var line = 1
    /// The sentence around it, as it stands in the anonymized text.
    public var sentence = ""
}

/// The reviewer's risk queue: everything that could still identify a respondent and was not
/// replaced, each with where it stands and the sentence around it, and the reviewer's decision
/// from `granskning.yaml` beside the responses.
public struct RiskQueue: Sendable {
    /// What the reviewer decided about an entry.
    public enum Decision: String, Sendable {
        case undecided = "ej-beslutad"
        case keep = "behåll"
    }

    /// One entry.
    public struct Entry: Sendable, Equatable {
        /// Stable across runs: a hash of file, question, field and term.
        public var id: String
        public var term: String
        public var kind: RiskCandidate.Kind
        public var file: String
        public var respondent: String
        public var question: String
        public var field: Audit.Field
        public var line: Int
        /// The sentence around the term, as it stands in the anonymized text.
        public var sentence: String
        public var decision: Decision
    }

    public var entries: [Entry] = []

    /// How many entries await the reviewer's decision.
    public var undecided: Int { entries.filter { $0.decision == .undecided }.count }

    /// Count nouns after which a number is an exact count of staff, beds or teams.
    static let countNouns: Set<String> = [
        "sjuksköterskor", "sjuksköterska", "undersköterskor", "undersköterska", "läkare", "distriktssköterskor",
        "arbetsterapeuter", "fysioterapeuter", "medarbetare", "anställda", "årsarbetare", "tjänster", "heltidstjänster",
        "personer", "chefer", "enhetschefer", "biståndshandläggare", "platser", "vårdplatser", "bäddar", "sängar",
        "korttidsplatser", "lägenheter", "team", "teamen", "grupper", "boenden", "enheter", "hemtjänstgrupper",
    ]

    /// The candidates in one anonymized text: name-like words left free, unknown words, and
    /// exact counts. `findings` are what the anonymizer replaced.
    ///
    /// A capitalized word is queued when the lexicon does not know it as a word, when it stands
    /// in mid-sentence, or when it opens a sentence as the short, bare subject of a verb
    /// ("Malm har ansvaret …"); words of allowed names (`allowed`, the
    /// registry's: Dalarna, Region Dalarna) never are.
    static func candidates(in text: ScannedText, findings: [Anonymizer.Finding], shapes: ShapeRules, allowed: Set<String>) -> [RiskCandidate] {
        let words = text.words
        var replaced = [Bool](repeating: false, count: words.count)
        var next = 0
        let ranges = findings.map(\.range).sorted { $0.lowerBound < $1.lowerBound }
        for (position, word) in words.enumerated() {
            while next < ranges.count, ranges[next].upperBound <= word.start { next += 1 }
            if next < ranges.count, ranges[next].overlaps(word.start..<word.end) { replaced[position] = true }
        }
        var candidates: [RiskCandidate] = []
        var position = 0
        while position < words.count {
            let word = words[position]
            guard !replaced[position] else {
                position += 1
                continue
            }
            func queued(_ position: Int) -> Bool {
                let word = words[position]
                guard !replaced[position], shapes.isCapitalWord(word), !allowed.contains(word.key) else { return false }
                if shapes.isNameLike(word, in: text) || !text.beginsSentence(at: word.start) { return true }
                // A short bare noun as the subject ("Malm har", "Gren kommer"), as surnames that are
                // words are; a long, definite or plural noun is the ordinary subject of a
                // sentence ("Läkarmedverkan har", "Frågan har", "Undersköterskor har").
                let next = position + 1 < words.count ? words[position + 1] : nil
                // A genitive of a word the lexicon knows only as a name, before a noun ("Vallins
                // sammanställning"; not "Kompetens ökar", "Hittills har", "Regionens rapport").
                if let next, next.isLowercase, !AnonymizerLexicon.subjectVerbs.contains(next.key), text.spaced(from: word.end, to: next.start),
                   word.key.unicodeScalars.count >= 5, shapes.genitiveStem(word) != nil, !word.key.hasSuffix("vis"),
                   !AnonymizerLexicon.sentenceOpeners.contains(word.key), shapes.stemVerdict(word, in: text) == .properNoun {
                    return true
                }
                return next.map { AnonymizerLexicon.subjectVerbs.contains($0.key) && text.spaced(from: word.end, to: $0.start) } == true
                    && word.key.unicodeScalars.count <= 6 && !AnonymizerLexicon.looksDefinite(word.key)
                    && !AnonymizerLexicon.pluralEndingList.matches(word.key) && !AnonymizerLexicon.sentenceOpeners.contains(word.key)
            }
            if queued(position) {
                var end = position + 1
                while end < words.count, !replaced[end], shapes.isCapitalWord(words[end]), !allowed.contains(words[end].key),
                      text.spaced(from: words[end - 1].end, to: words[end].start) {
                    end += 1
                }
                candidates.append(RiskCandidate(kind: .nameLike, term: text.slice(word.start..<words[end - 1].end), scalarOffset: word.start))
                position = end
                continue
            }
            if word.isLowercase, word.key.unicodeScalars.count >= 6, shapes.lexicon.verdict(word.key) == .unknown {
                candidates.append(RiskCandidate(kind: .rareWord, term: text.text(of: word), scalarOffset: word.start))
            }
            position += 1
        }
        // Exact counts: digits, a space, perhaps one word, then a count noun.
        for (position, word) in words.enumerated() where position > 0 && precededByDigit(word, words[position - 1], text) && countNouns.contains(word.key) {
            for back in [1, 2] where position - back >= 0 || back == 1 {
                let numberEnd = back == 1 ? word.start - 1 : words[position - 1].start - 1
                guard numberEnd > 0, text.scalars[numberEnd] == " " else { continue }
                var start = numberEnd
                while start > 0, ("0"..."9").contains(text.scalars[start - 1]) { start -= 1 }
                guard start < numberEnd, start == 0 || !"0123456789,.-".unicodeScalars.contains(text.scalars[start - 1]) else { continue }
                // A year is no count ("2022 läkare"); the word between a count and its noun is
                // an adjective ("12 legitimerade sjuksköterskor"), not a verb ("2021 har läkare").
                guard let count = Int(text.slice(start..<numberEnd)), count >= 2, !(1900...2100).contains(count) || numberEnd - start != 4
                else { break }
                if back == 2, !["a", "e"].contains(words[position - 1].key.unicodeScalars.last.map(String.init) ?? "") { break }
                candidates.append(RiskCandidate(kind: .exactCount, term: text.slice(start..<word.end), scalarOffset: start))
                break
            }
        }
        return candidates.sorted { $0.scalarOffset < $1.scalarOffset }
    }

    /// Whether a digit stands two scalars before the word, or before the word before it
    /// ("12 sjuksköterskor", "12 legitimerade sjuksköterskor"): the cheap test before a
    /// count noun is looked up.
    private static func precededByDigit(_ word: ScannedWord, _ previous: ScannedWord, _ text: ScannedText) -> Bool {
        func digitAt(_ index: Int) -> Bool { index >= 0 && ("0"..."9").contains(text.scalars[index]) }
        return digitAt(word.start - 2) || digitAt(previous.start - 2)
    }

    /// The sentence of `scalars` around `range` (at most 300 characters): from the last full
    /// stop, question or exclamation mark or line break before it to the next one after it.
    static func sentence(in scalars: [Unicode.Scalar], around range: Range<Int>) -> String {
        func stops(_ scalar: Unicode.Scalar) -> Bool { ".!?\n\r".unicodeScalars.contains(scalar) }
        var start = min(range.lowerBound, scalars.count)
        while start > 0, !stops(scalars[start - 1]) { start -= 1 }
        var end = min(range.upperBound, scalars.count)
        while end < scalars.count, !stops(scalars[end]) { end += 1 }
        if end < scalars.count, scalars[end] != "\n", scalars[end] != "\r" { end += 1 }
        var sentence = String(String.UnicodeScalarView(scalars[start..<end])).trimmingCharacters(in: .whitespaces)
        if sentence.count > 300 { sentence = String(sentence.prefix(297)) + "…" }
        return sentence
    }

    /// A stable id for an entry: FNV-1a over its place and term.
    static func id(file: String, question: String, field: Audit.Field, term: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(file)\u{0}\(question)\u{0}\(field.name)\u{0}\(term)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash >> 32, radix: 16, uppercase: false).leftPadded(to: 8)
    }

    /// The queue as JSON, the file written beside the audit.
    public func json(survey: String) -> String {
        let writer = JSONWriter()
        writer.object {
            writer.key("survey"); writer.value(survey)
            writer.key("undecided"); writer.value(undecided)
            writer.key("entries")
            writer.array {
                for entry in entries {
                    writer.object {
                        writer.key("id"); writer.value(entry.id)
                        writer.key("term"); writer.value(entry.term)
                        writer.key("kind"); writer.value(entry.kind.rawValue)
                        writer.key("file"); writer.value(entry.file)
                        writer.key("respondent"); writer.value(entry.respondent)
                        writer.key("question"); writer.value(entry.question)
                        writer.key("field"); writer.value(entry.field.name)
                        writer.key("line"); writer.value(entry.line)
                        writer.key("sentence"); writer.value(entry.sentence)
                        writer.key("decision"); writer.value(entry.decision.rawValue)
                    }
                }
            }
        }
        return writer.output + "\n"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// The reviewer's decisions on the risk queue, read from `granskning.yaml` beside the
/// responses:
///
/// ```yaml
/// # Granskarens beslut om riskkön (enkat compile läser filen)
/// ersätt:            # ersätts med [borttaget] i alla utdata
///   - Kopparbergsgruvan
/// behåll:            # får stå kvar
///   - Cosmic
/// ```
public struct ReviewDecisions: Sendable, Equatable {
    /// Terms to replace wherever they stand.
    public var replace: [String] = []
    /// Terms that may stay.
    public var keep: [String] = []

    /// The file name the compiler looks for beside the responses.
    public static let fileName = "granskning.yaml"

    public init(replace: [String] = [], keep: [String] = []) {
        self.replace = replace
        self.keep = keep
    }

    /// Reads a decisions file; its problems are located diagnostics.
    public static func read(_ path: String) -> (ReviewDecisions, [Diagnostic]) {
        let bytes: [UInt8]
        do {
            bytes = try SourceFile.read(path)
        } catch {
            return (ReviewDecisions(), [Diagnostic(file: path, location: .start, severity: .error, code: .unreadable, message: error.message)])
        }
        let document = YAMLReader.parse(bytes, file: path)
        var diagnostics = document.diagnostics
        var decisions = ReviewDecisions()
        guard let root = document.root else { return (decisions, diagnostics) }
        guard case .mapping(let pairs) = root.kind else {
            diagnostics.append(Diagnostic(file: path, location: root.location, severity: .error, code: .surveySchema, message: LocalizedText(
                sv: "granskningsfilen ska ha nycklarna `ersätt:` och `behåll:`, var och en med en lista av ord",
                en: "the review file must have the keys `ersätt:` and `behåll:`, each with a list of words")))
            return (decisions, diagnostics)
        }
        for pair in pairs {
            let key = pair.key
            let value = pair.value
            let name = key.precomposedStringWithCanonicalMapping.lowercased()
            var terms: [String] = []
            if case .sequence(let items) = value.kind {
                for item in items {
                    if let term = item.scalar, !term.trimmingCharacters(in: .whitespaces).isEmpty {
                        terms.append(term.precomposedStringWithCanonicalMapping)
                    } else {
                        diagnostics.append(Diagnostic(file: path, location: item.location, severity: .error, code: .surveySchema, message: LocalizedText(
                            sv: "varje rad i `\(key)` ska vara ett ord eller en fras", en: "each item of `\(key)` must be a word or a phrase")))
                    }
                }
            } else if case .null = value.kind {
                // An empty list written as `ersätt:`.
            } else {
                diagnostics.append(Diagnostic(file: path, location: value.location, severity: .error, code: .surveySchema, message: LocalizedText(
                    sv: "`\(key)` ska vara en lista, t.ex. `\(key): [Ord, Annat ord]`", en: "`\(key)` must be a list, e.g. `\(key): [Word, Other word]`")))
            }
            switch name {
            case "ersätt", "ersatt", "replace": decisions.replace += terms
            case "behåll", "behall", "keep": decisions.keep += terms
            default:
                diagnostics.append(Diagnostic(file: path, location: value.location, severity: .error, code: .surveySchema, message: LocalizedText(
                    sv: "okänd nyckel `\(key)`; granskningsfilen har bara `ersätt:` och `behåll:`",
                    en: "unknown key `\(key)`; the review file has only `ersätt:` and `behåll:`")))
            }
        }
        return (decisions, diagnostics)
    }

    /// Whether the reviewer decided to keep `term` (compared case-insensitively).
    func keeps(_ term: String) -> Bool {
        let key = term.precomposedStringWithCanonicalMapping.lowercased()
        return keep.contains { $0.lowercased() == key }
    }
}
