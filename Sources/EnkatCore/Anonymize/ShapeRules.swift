/// The rules that find names and places by their shape and context, judged with a real
/// Swedish lexicon (``SwedishLexicon``), for what no list contains: a capitalized word that is
/// not a Swedish word is a name or a place when its neighbours say so.
///
/// - **Names** (`[namn]`): two or three such words in a row ("Lena Ek", "Kontaktperson: Anna
///   Lindqvist", on a line of their own, in the genitive), a listed first name that is also a
///   word before one ("Per Holm"); one after a role word, also after a colon ("MAS Svärd",
///   "Kontaktperson: Svärd"); and each such word in a list with a name ("Ek, Holm och Lena
///   Svärd").
/// - **Places** (`[orten]`): such a word before a health or care facility ("Bonäs
///   hälsocentral", "Idre lasarett") or after a place preposition ("i Våmhus", "vårdcentralen i
///   Idre", "från Särna"); a derivation on one (`[platsen]`: "Våmhusborna", "Idremodellen",
///   "Bonästeamet").
/// - **Proper nouns** (`[namn]`): a word the lexicon knows only capitalized ("Lindqvist",
///   "Bonäs"), wherever it stands.
/// - **Not identifying** (``AnonymizerLexicon/notIdentifying``): Sweden, its large cities and
///   the systems the answers name (Cosmic, Teams) stay.
///
/// What is left — a capitalized non-word with no such context — goes to the reviewer's risk
/// queue (``RiskQueue``), never silently into the report.
struct ShapeRules {
    let lexicon: SwedishLexicon

    /// Whether the word is capitalized and not a Swedish word, a role word, in capitals or one
    /// of the names that identify no respondent.
    func isNameLike(_ word: ScannedWord, in text: ScannedText) -> Bool {
        isCapitalWord(word) && lexicon.verdict(text.text(of: word)) != .word
    }

    /// A capitalized word (not in capitals) that is not a role, a facility or a name that
    /// identifies nobody: what may be part of a name.
    func isCapitalWord(_ word: ScannedWord) -> Bool {
        word.isCapitalized && !word.isAllCaps && !word.hasInnerCapital && word.key.unicodeScalars.count >= 2
            && !AnonymizerLexicon.notIdentifying.contains(word.key) && !AnonymizerLexicon.isTitle(word.key)
            && !AnonymizerLexicon.facilities.contains(word.key)
            && !AnonymizerLexicon.organisationEndingList.matches(word.key)
    }

    /// A word that makes a run of capitalized words a name: not a Swedish word, a listed or
    /// common first name, or a word with a surname's ending ("Sjöstrand", which the lexicon
    /// takes for a compound of sjö and strand).
    ///
    /// A word the lexicon does not know at all is no seed by itself: capitalized runs of
    /// unknown words are more often program and product names ("Very Important Babies",
    /// "Connected Children") than people; they go to the risk queue.
    func isNameSeed(_ word: ScannedWord, in text: ScannedText) -> Bool {
        guard isCapitalWord(word) else { return false }
        if AnonymizerLexicon.commonWordNames.contains(word.key) || AnonymizerLexicon.wordSurnames.contains(word.key)
            || AnonymizerLexicon.looksLikeSurname(word.key) || lexicon.verdict(text.text(of: word)) == .properNoun {
            return true
        }
        // The genitive of one ("Blomgrens", "Alms"; not "Tillsammans").
        guard let stem = genitiveStem(word), !AnonymizerLexicon.sentenceOpeners.contains(word.key) else { return false }
        return AnonymizerLexicon.commonWordNames.contains(stem) || AnonymizerLexicon.wordSurnames.contains(stem)
            || AnonymizerLexicon.looksLikeSurname(stem) || stemVerdict(word, in: text) == .properNoun
    }

    /// The key without its genitive s, for a word of four letters or more that ends in one.
    func genitiveStem(_ word: ScannedWord) -> String? {
        guard word.key.unicodeScalars.count >= 4, word.key.hasSuffix("s") else { return nil }
        return String(word.key.dropLast())
    }

    /// The lexicon's verdict on the word as written without its last letter (a genitive's
    /// stem: "Vallin" of "Vallins").
    func stemVerdict(_ word: ScannedWord, in text: ScannedText) -> SwedishLexicon.Verdict {
        lexicon.verdict(String(text.text(of: word).dropLast()))
    }

    /// The findings of the shape rules over the words still free, as word ranges. `names` are
    /// the names the lists found already (word ranges): a list or a first name joined to one
    /// is a name too.
    func findings(in text: ScannedText, free: [Bool], names: [Range<Int>] = []) -> [(kind: Replacement.Kind, words: Range<Int>)] {
        let words = text.words
        var free = free
        var found: [(kind: Replacement.Kind, words: Range<Int>)] = []
        // Most texts have no capitalized word but at sentence starts: nothing to look at.
        guard words.contains(where: { $0.isCapitalized && !$0.isAllCaps }) else { return [] }
        func take(_ kind: Replacement.Kind, _ range: Range<Int>) {
            guard range.allSatisfy({ free[$0] }) else { return }
            found.append((kind, range))
            for position in range { free[position] = false }
        }
        let capitals = words.map(isCapitalWord)
        func capital(_ position: Int) -> Bool {
            position >= 0 && position < words.count && free[position] && capitals[position]
        }
        // Whether each word is a seed, and what the lexicon says of each capitalized word,
        // asked once per word, not once per rule.
        let seeds = words.indices.map { capitals[$0] && isNameSeed(words[$0], in: text) }
        func seed(_ position: Int) -> Bool {
            capital(position) && seeds[position]
        }
        var verdicts = [SwedishLexicon.Verdict?](repeating: nil, count: words.count)
        func verdict(_ position: Int) -> SwedishLexicon.Verdict {
            if let known = verdicts[position] { return known }
            let found = lexicon.verdict(text.text(of: words[position]))
            verdicts[position] = found
            return found
        }
        /// ``isNameLike(_:in:)`` of the word at `position`.
        func nameLike(_ position: Int) -> Bool {
            capitals[position] && verdict(position) != .word
        }
        /// The word at `position` with capitalized words hyphenated to it ("Holm-Ek").
        func hyphenRun(_ position: Int) -> Range<Int> {
            var end = position + 1
            while end < words.count, free[end], words[end].isCapitalized, text.hyphenated(from: words[end - 1].end, to: words[end].start) {
                end += 1
            }
            return position..<end
        }
        func spacedNext(_ range: Range<Int>) -> Int? {
            let next = range.upperBound
            guard next < words.count, text.spaced(from: words[next - 1].end, to: words[next].start) else { return nil }
            return next
        }
        func spacedBefore(_ position: Int) -> Bool {
            position > 0 && text.spaced(from: words[position - 1].end, to: words[position].start)
        }
        func followedByNumber(_ range: Range<Int>) -> Bool {
            let end = words[range.upperBound - 1].end
            var index = end
            while index < text.scalars.count, ScannedText.isInlineSpace(text.scalars[index]) { index += 1 }
            return index > end && index < text.scalars.count && ("0"..."9").contains(text.scalars[index])
        }
        func lineStart(_ position: Int) -> Bool {
            var index = words[position].start - 1
            while index >= 0, ScannedText.isInlineSpace(text.scalars[index]) { index -= 1 }
            return index < 0 || text.scalars[index] == "\n" || text.scalars[index] == "\r"
        }
        func lineEnd(_ run: Range<Int>) -> Bool {
            var index = words[run.upperBound - 1].end
            while index < text.scalars.count, ScannedText.isInlineSpace(text.scalars[index]) { index += 1 }
            return index == text.scalars.count || text.scalars[index] == "\n" || text.scalars[index] == "\r"
        }
        /// Whether a colon stands between the word and the role or label before it
        /// ("Kontaktperson: Svärdsten"): what follows is the name asked for.
        func labelled(_ position: Int) -> Bool {
            position > 0 && text.scalars[words[position - 1].end..<words[position].start].contains(":")
        }
        /// `run` (of `parts` words, each with what is hyphenated to it) grown by the
        /// capitalized words that follow it, one space between, to `limit` words at most.
        func capitalRun(_ run: Range<Int>, parts: Int = 1, upTo limit: Int) -> (run: Range<Int>, parts: Int) {
            var run = run
            var parts = parts
            while parts < limit, let next = spacedNext(run), capital(next) {
                run = run.lowerBound..<hyphenRun(next).upperBound
                parts += 1
            }
            return (run, parts)
        }
        /// The name run around a seed: one capitalized word before it (a first name that is
        /// also a word, "Meja Stenberg") unless that word opens sentences ("Enligt", "Vid"),
        /// and up to three capitalized words in all.
        func nameRun(at position: Int) -> Range<Int>? {
            var start = position
            if capital(position - 1), spacedBefore(position), !AnonymizerLexicon.sentenceOpeners.contains(words[position - 1].key) {
                start = position - 1
            }
            let (run, parts) = capitalRun(start..<hyphenRun(position).upperBound, parts: position - start + 1, upTo: 3)
            return parts >= 2 ? run : nil
        }

        // Places: a facility after a capitalized word, a place preposition before it, or a
        // derivation hyphenated to it ("Väsa-projektet"). A capitalized ordinary word counts
        // when it is short, as village names are ("i Kniva", "Barken vårdcentral"); a long one
        // is an organisation's name ("från Socialstyrelsen").
        for position in words.indices where capital(position) {
            let run = hyphenRun(position)
            let verdict = verdict(position)
            let midSentence = !text.beginsSentence(at: words[position].start)
            // After a preposition: a proper noun; in mid-sentence a word the lexicon does not
            // know ("i Ingvallsbenning"), an ordinary word up to eight letters ("i Kniva") or
            // one with a place name's ending ("runt Björnberget"; not "i Journalen").
            let placeLike = verdict == .properNoun
                || (midSentence && (verdict == .unknown || words[position].key.unicodeScalars.count <= 8
                    || AnonymizerLexicon.placeNameEndingList.matches(words[position].key, leaving: 3)))
            if run.upperBound < words.count, text.hyphenated(from: words[run.upperBound - 1].end, to: words[run.upperBound].start),
               AnonymizerLexicon.placeDerivationSuffixes.contains(words[run.upperBound].key) {
                take(.compound, run.lowerBound..<(run.upperBound + 1))
            } else if let next = spacedNext(run), AnonymizerLexicon.facilities.contains(words[next].key), midSentence || seed(position) {
                take(.locality, run)
            } else if placeLike, spacedBefore(position), AnonymizerLexicon.placePrepositions.contains(words[position - 1].key), !followedByNumber(run),
                      spacedNext(run).map({ !capital($0) }) ?? true {
                // "i Våmhus", but not "till Anna Lindqvist" (a name follows) or "i Dnr 2025-1".
                take(.locality, run)
            }
        }

        // Names: runs of two or three capitalized words around a seed ("Meja Stenberg", "Olav
        // Frisk", "Bror Sjöstrand").
        var position = 0
        while position < words.count {
            // A run may start at a word the lexicon does not know ("Saleh Lindkvist"); it is a
            // name when one of its words is a seed.
            if capital(position), seed(position) || verdict(position) == .unknown,
               let run = nameRun(at: position), run.contains(where: seed) {
                take(.name, run)
                position = run.upperBound
            } else {
                position += 1
            }
        }

        // A line of two or three capitalized words and nothing else: a signature ("Åse Svärd").
        for position in words.indices where capital(position) && lineStart(position) {
            let (run, parts) = capitalRun(hyphenRun(position), upTo: 3)
            if parts >= 2, lineEnd(run), !AnonymizerLexicon.sentenceOpeners.contains(words[position].key) { take(.name, run) }
        }

        // A name after a role word or a contact label, also after a colon: a seed, or after a
        // role a short capitalized word ("MAS Hägg"; a long one is a unit, "verksamhetschef
        // Hemsjukvård"; after "med" it is a word, "med Egen provhantering").
        for position in words.indices where capital(position) && followsRole(position, in: text)
            && (seed(position) || labelled(position)
                || (AnonymizerLexicon.isTitle(words[position - 1].key) && words[position].key.unicodeScalars.count <= 6)) {
            take(.name, capitalRun(hyphenRun(position), upTo: 2).run)
        }

        // The subject of a sentence before a verb: one or two capitalized words of which one
        // is no Swedish word ("Liu leder …", "Krzysztof Khan leder …"), or a surname that is
        // also a word ("Malm har ansvaret …"; not "Stöd har getts").
        for position in words.indices where capital(position) && text.beginsSentence(at: words[position].start)
            && !AnonymizerLexicon.sentenceOpeners.contains(words[position].key) {
            let run = capitalRun(hyphenRun(position), upTo: 2).run
            guard let verb = spacedNext(run), AnonymizerLexicon.personVerbs.contains(words[verb].key) else { continue }
            // A thing is the subject of a passive ("Projekt Seniorkul har startats").
            if let participle = spacedNext(verb..<(verb + 1)), AnonymizerLexicon.passiveSupineList.matches(words[participle].key, leaving: 2) {
                continue
            }
            // A first name opens the run: no Swedish word ("Krzysztof Khan"), not "Projekt Seniorkul".
            let nameLike = nameLike(position) || (run.count > 1 && seed(position))
            let surname = run.count == 1 && AnonymizerLexicon.wordSurnames.contains(words[position].key)
            if nameLike || surname { take(.name, run) }
        }

        // In mid-sentence, exactly two capitalized words, the first no Swedish word at all and
        // the second one the lexicon knows ("tog Kalevi Frid över"): a first name and a surname.
        // Two unknown words are more often a programme's name ("Connected Children").
        for position in words.indices where capital(position) && !text.beginsSentence(at: words[position].start)
            && !(capital(position - 1) && spacedBefore(position)) && verdict(position) == .unknown {
            let first = hyphenRun(position)
            guard let second = spacedNext(first), capital(second), verdict(second) != .unknown else { continue }
            let run = first.lowerBound..<hyphenRun(second).upperBound
            if let after = spacedNext(run), !words[after].isLowercase { continue }
            take(.name, run)
        }

        // A genitive before a lowercase word: in mid-sentence of a word that is no Swedish word
        // in either form ("enligt Issas rapport"; not "Cosmics", a system's); opening a
        // sentence, of a surname that is also a word or of a word known only as a name, before
        // a noun ("Modigs sammanställning", "Vallins rapport").
        for position in words.indices where capital(position) {
            guard let stem = genitiveStem(words[position]), let next = spacedNext(position..<(position + 1)), words[next].isLowercase
            else { continue }
            let isGenitiveName =
                if text.beginsSentence(at: words[position].start) {
                    !AnonymizerLexicon.sentenceOpeners.contains(words[position].key) && !AnonymizerLexicon.subjectVerbs.contains(words[next].key)
                        && (AnonymizerLexicon.wordSurnames.contains(stem) || stemVerdict(words[position], in: text) == .properNoun)
                } else {
                    nameLike(position) && !AnonymizerLexicon.notIdentifying.contains(stem) && stemVerdict(words[position], in: text) != .word
                }
            if isGenitiveName { take(.name, position..<(position + 1)) }
        }

        // Lists: one or two capitalized words, one a seed or no Swedish word, joined by a comma,
        // "och", "samt" or "&" to a name found ("Malgorzata Jafari" in "Liselotte Österberg,
        // Malgorzata Jafari och Margaret Fransson").
        var grew = true
        while grew {
            grew = false
            let names = names + found.filter { $0.kind == .name }.map(\.words)
            for position in words.indices where capital(position) {
                let run = capitalRun(hyphenRun(position), upTo: 2).run
                guard run.contains(where: { seed($0) || nameLike($0) }) else { continue }
                let beforeName = names.contains { $0.lowerBound > run.upperBound - 1 && listJoins(text, run.upperBound - 1, $0.lowerBound) }
                let afterName = names.contains { $0.upperBound - 1 < position && listJoins(text, $0.upperBound - 1, position) }
                if beforeName || afterName {
                    take(.name, run)
                    grew = true
                }
            }
        }

        // A word the lexicon knows only as a proper noun ("Lindqvist", "Bonäs"), anywhere; a
        // surname-like word opening a sentence before a lowercase word ("Borgström leder …").
        for position in words.indices where capital(position) {
            let word = words[position]
            let proper = verdict(position) == .properNoun
            let openingSurname = AnonymizerLexicon.strongSurnameEndingList.matches(word.key) && word.key.unicodeScalars.count >= 6
                && text.beginsSentence(at: word.start)
                && spacedNext(position..<(position + 1)).map({ AnonymizerLexicon.subjectVerbs.contains(words[$0].key) }) == true
            if proper || openingSurname { take(.name, hyphenRun(position)) }
        }

        // Derivations on a place: a capitalized non-word ending like an inhabitant or a local model.
        for position in words.indices where free[position] {
            let word = words[position]
            guard word.isCapitalized, !word.isAllCaps,
                  AnonymizerLexicon.placeDerivationSuffixList.matches(word.key, leaving: 3),
                  lexicon.verdict(text.text(of: word)) != .word
            else { continue }
            take(.compound, position..<(position + 1))
        }

        // A name found, widened to a capitalized word before or after it that is no
        // Swedish word ("Said" in "Said Karlsson" when only Karlsson is listed).
        for name in names + found.filter({ $0.kind == .name }).map(\.words) {
            let before = name.lowerBound - 1
            // In mid-sentence also a name that identifies nobody by itself: a system's name that
            // is also a first name is the first name here ("Vera Karlsson").
            let firstName = before >= 0 && free[before] && words[before].isCapitalized && !words[before].isAllCaps
                && !words[before].hasInnerCapital && AnonymizerLexicon.notIdentifying.contains(words[before].key)
                && (!text.beginsSentence(at: words[before].start) || (lineStart(before) && lineEnd(name)))
            if capital(before) || firstName, spacedBefore(name.lowerBound), !AnonymizerLexicon.sentenceOpeners.contains(words[before].key),
               nameLike(before) || firstName || !text.beginsSentence(at: words[before].start) {
                take(.name, before..<name.lowerBound)
            }
            if name.upperBound < words.count, let next = spacedNext(name), capital(next), nameLike(next) {
                take(.name, hyphenRun(next))
            }
        }
        return found
    }

    /// Whether a role word or contact label stands before the word, with spaces or a colon
    /// between ("MAS Svärd", "Kontaktperson: Svärd", "dr. Holm").
    private func followsRole(_ position: Int, in text: ScannedText) -> Bool {
        guard position > 0 else { return false }
        let words = text.words
        let role = words[position - 1]
        guard AnonymizerLexicon.isTitle(role.key) || AnonymizerLexicon.contactLabels.contains(role.key) else { return false }
        var index = role.end
        var marks = 0
        while index < words[position].start {
            let scalar = text.scalars[index]
            // A colon after a role or label ("Kontaktperson: Svärd"); a full stop only after an
            // abbreviated title ("dr. Holm"), elsewhere it ends the sentence ("… till. Per capita").
            if scalar == ":" || (scalar == "." && AnonymizerLexicon.abbreviatedTitles.contains(role.key)) {
                marks += 1
            } else if !ScannedText.isInlineSpace(scalar) {
                return false
            }
            index += 1
        }
        return marks <= 1 && words[position].start - role.end <= 4
    }

    /// Whether only a list separator stands between word `left` and word `right`: ", ", " och ",
    /// " samt ", " & ", or ", och ".
    private func listJoins(_ text: ScannedText, _ left: Int, _ right: Int) -> Bool {
        let words = text.words
        guard left < right, left >= 0, right < words.count else { return false }
        if right == left + 1 {
            let between = String(String.UnicodeScalarView(text.scalars[words[left].end..<words[right].start]))
            let trimmed = between.trimmingCharacters(in: .whitespaces)
            return trimmed == "," || trimmed == "&" || trimmed == "/"
        }
        if right == left + 2, ["och", "samt"].contains(words[left + 1].key) {
            let before = String(String.UnicodeScalarView(text.scalars[words[left].end..<words[left + 1].start])).trimmingCharacters(in: .whitespaces)
            let after = String(String.UnicodeScalarView(text.scalars[words[left + 1].end..<words[right].start])).trimmingCharacters(in: .whitespaces)
            return (before.isEmpty || before == ",") && after.isEmpty
        }
        return false
    }
}
