/// What a registry name form stands for, in the order that breaks ties between forms of
/// equal length.
enum NameFormKind: Int, Sendable, Comparable {
    /// A name allowed in a published report (Dalarna, Region Dalarna): kept as written.
    case allowed
    case kommun
    case systemledning
    case locality

    static func < (lhs: NameFormKind, rhs: NameFormKind) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The replacement kind, or `nil` for allowed names.
    var replacementKind: Replacement.Kind? {
        switch self {
        case .allowed: nil
        case .kommun: .kommun
        case .systemledning: .systemledning
        case .locality: .locality
        }
    }
}

/// One name form as a sequence of lowercase words.
struct NamePattern: Sendable {
    /// The words, lowercase and precomposed.
    var words: [String]
    var kind: NameFormKind
    /// Matched only when the text writes it capitalized or in capitals: forms that are also
    /// common lowercase words ("fors").
    var requiresCapital: Bool
}

/// Every name the anonymizer looks for, precomputed for lookups by word.
struct NameIndex: Sendable {
    /// Name forms by their first word, longest first.
    private(set) var patterns: [String: [NamePattern]] = [:]
    /// Single-word forms that compounds may be built on ("mora" → Moraberget), with the
    /// shortest and longest length in Unicode scalars.
    private(set) var compoundBases: Set<String> = []
    private(set) var compoundBaseLengths: ClosedRange<Int> = 4...4
    /// The first three scalars of each compound base, packed, to rule out most words at once.
    private(set) var compoundBaseHeads: Set<UInt64> = []
    /// Name forms spelled in ASCII without separators ("rattvik", "malungsalen",
    /// "sodradalarna"), for web addresses.
    private(set) var addressNames: Set<String> = []
    /// Compound bases in ASCII ("falu" → falukommun.se).
    private(set) var addressBases: Set<String> = []
    /// The words of allowed names ("dalarna", "region"), which the risk queue leaves out.
    private(set) var allowedWords: Set<String> = []
    /// The person names, exactly as listed.
    private(set) var personNames: Set<String> = []
    /// The person names lowercased, to rule out most words before comparing exactly.
    private(set) var personNameKeys: Set<String> = []

    /// The fewest scalars a compound base has: shorter names ("Ore", "Vad") make too many
    /// false compounds ("Oregelbundet").
    static let minimumCompoundBase = 4

    /// `commonWords` are further forms (lowercase) that are ordinary Swedish words, matched
    /// only when capitalized, as ``AnonymizerLexicon/homographs`` are: the gazetteer's places
    /// that the lexicon knows as words ("Backa", "Rot").
    init(registry: Registry, personNames: [String], commonWords: Set<String> = []) {
        var collected: [[String]: NamePattern] = [:]
        func add(_ form: String, _ kind: NameFormKind, strippedVariant: Bool) {
            let words = ScannedText.keys(of: form)
            guard !words.isEmpty else { return }
            let requiresCapital = words.count == 1 && (AnonymizerLexicon.homographs.contains(words[0]) || commonWords.contains(words[0]))
            insert(NamePattern(words: words, kind: kind, requiresCapital: requiresCapital))
            if kind == .allowed { allowedWords.formUnion(words) }
            if kind != .allowed {
                addressNames.insert(Self.addressKey(words.joined()))
                if words.count == 1 && words[0].unicodeScalars.count >= Self.minimumCompoundBase {
                    compoundBases.insert(words[0])
                    addressBases.insert(Self.addressKey(words[0]))
                }
            }
            // A spelling without å, ä, ö ("Rattvik", "malung-salen", a respondent id), for
            // kommun and systemledning names only: a locality's ASCII spelling is too often a
            // word ("Salen"). Spellings that are words ("ange" for Ånge) need a capital.
            if strippedVariant && (kind == .kommun || kind == .systemledning) {
                let stripped = words.map(Self.addressKey)
                if stripped != words {
                    let isWord = stripped.count == 1 && AnonymizerLexicon.homographs.contains(stripped[0])
                    insert(NamePattern(words: stripped, kind: kind, requiresCapital: isWord))
                }
            }
        }
        func insert(_ pattern: NamePattern) {
            if let existing = collected[pattern.words] {
                guard pattern.kind < existing.kind || (pattern.kind == existing.kind && !pattern.requiresCapital) else { return }
            }
            collected[pattern.words] = pattern
        }
        func withGenitive(_ form: String) -> [String] {
            guard let last = form.last, !"sxzSXZ".contains(last) else { return [form] }
            return [form, form + "s"]
        }

        for name in registry.allowedNames {
            for form in withGenitive(name) { add(form, .allowed, strippedVariant: false) }
        }
        for respondent in registry.respondents {
            let kind: NameFormKind
            switch respondent.kind {
            case "kommun": kind = .kommun
            case "systemledning": kind = .systemledning
            default: continue  // the region is named in the report
            }
            var forms = respondent.allNameForms.flatMap(withGenitive)
            if kind == .kommun {
                for base in withGenitive(respondent.name) {
                    forms += [base + " kommun", base + " kommuns"]
                }
            }
            for form in forms { add(form, kind, strippedVariant: true) }
            for locality in respondent.localities {
                for form in withGenitive(locality) { add(form, .locality, strippedVariant: false) }
            }
        }

        for pattern in collected.values {
            patterns[pattern.words[0], default: []].append(pattern)
        }
        for key in patterns.keys {
            patterns[key]?.sort { lhs, rhs in
                lhs.words.count != rhs.words.count ? lhs.words.count > rhs.words.count : lhs.kind < rhs.kind
            }
        }
        let lengths = compoundBases.map(\.unicodeScalars.count)
        if let shortest = lengths.min(), let longest = lengths.max() {
            compoundBaseLengths = shortest...longest
        }
        compoundBaseHeads = Set(compoundBases.map(Self.head))

        for name in personNames {
            let trimmed = name.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
            guard !trimmed.isEmpty else { continue }
            self.personNames.insert(trimmed)
            personNameKeys.insert(trimmed.lowercased())
        }
    }

    /// The first three scalars of a key packed into one number (21 bits each).
    static func head(_ key: String) -> UInt64 {
        var value: UInt64 = 0
        var taken = 0
        for scalar in key.unicodeScalars {
            value = value << 21 | UInt64(scalar.value)
            taken += 1
            if taken == 3 { break }
        }
        return value
    }

    /// A key spelled in lowercase ASCII letters as in a domain name: å, ä → a, ö → o, é → e;
    /// hyphens and other non-letters dropped.
    static func addressKey(_ key: String) -> String {
        Fold.key(key).filter { $0.isLetter || $0.isNumber }
    }

    /// Whether `word` is a compound on a name form ("Moraberget", "falubor"), by this rule:
    /// the word starts with a single-word name form of at least four letters, the rest is
    /// either an inhabitant ending (bo, bor, borna …) or — when the word is capitalized — at
    /// least three letters, and the word does not start with a stop stem longer than the name
    /// ("moral", "orsak").
    func isCompound(_ word: ScannedWord) -> Bool {
        guard compoundBaseHeads.contains(Self.head(word.key)) else { return false }
        let view = word.key.unicodeScalars
        let boundaries = Array(view.indices)  // the index of each scalar
        let count = boundaries.count
        guard count > compoundBaseLengths.lowerBound else { return false }
        var length = min(compoundBaseLengths.upperBound, count - 1)
        while length >= compoundBaseLengths.lowerBound {
            defer { length -= 1 }
            guard compoundBases.contains(String(view[..<boundaries[length]])) else { continue }
            let rest = String(view[boundaries[length]...])
            guard AnonymizerLexicon.demonymSuffixes.contains(rest) || (word.isCapitalized && count - length >= 3) else {
                continue
            }
            let exempt = AnonymizerLexicon.compoundStopStems.contains { stem in
                stem.unicodeScalars.count > length && view.starts(with: stem.unicodeScalars)
            }
            return !exempt
        }
        return false
    }

    /// Whether a word of a web address names a respondent, exactly or as the start of a
    /// compound ("falukommun").
    func addressWordNamesRespondent(_ key: String) -> Bool {
        if addressNames.contains(key) { return true }
        let scalars = Array(key.unicodeScalars)
        guard scalars.count > Self.minimumCompoundBase else { return false }
        for length in Self.minimumCompoundBase..<scalars.count {
            let base = String(String.UnicodeScalarView(scalars[0..<length]))
            guard addressBases.contains(base) else { continue }
            let exempt = AnonymizerLexicon.compoundStopStems.contains { stem in
                let asciiStem = Self.addressKey(stem)
                return asciiStem.count > length && key.hasPrefix(asciiStem)
            }
            if !exempt { return true }
        }
        return false
    }
}
