import Foundation

/// Comparing the texts of headers and cells leniently: Unicode NFC, white space, case,
/// diacritics and trailing punctuation ("Har kommunen …?" matches "har kommunen …").
enum TableText {
    /// The text in NFC with runs of white space (also no-break spaces and line breaks) as one
    /// space, trimmed.
    static func normalized(_ text: String) -> String {
        let composed = text.nfc
        var result = ""
        var pendingSpace = false
        for character in composed {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    /// The comparison key: normalized, trailing `?`, `:`, `*`, `.` and `…` dropped, folded
    /// (lowercase, å/ä → a, ö → o, spaces → hyphens).
    static func key(_ text: String) -> String {
        var value = normalized(text)
        while let last = value.last, "?:*.…".contains(last) || last == " " {
            value.removeLast()
        }
        return Fold.key(value)
    }

    /// Whether two keys name the same text, allowing one to be the other cut short (survey
    /// tools shorten long question texts in headers), as long as the shorter is substantial.
    static func sameText(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        return short.count >= 24 && long.hasPrefix(short)
    }

    /// Whether `key` starts with `word` as a whole word.
    static func startsWithWord(_ key: String, _ word: String) -> Bool {
        guard key.hasPrefix(word) else { return false }
        guard let next = key.dropFirst(word.count).first else { return true }
        return !(next.isLetter || next.isNumber)
    }
}

/// What a column of an imported table holds.
public enum TableColumnRole: Sendable, Equatable {
    /// Who answered: an id or a name the registry knows.
    case respondent
    /// A second respondent column (the name next to the id); not read.
    case respondentName
    /// The contact person's name.
    case contactName
    /// The contact person's e-mail address.
    case contactEmail
    /// A question's answer.
    case value(String)
    /// A question's comment.
    case comment(String)
    /// A question's follow-up text.
    case details(String)
    /// One option of a question, marked 1/0 (or x, Ja, the label …).
    case option(String, option: String)
    /// A column with neither header nor content.
    case blank
    /// A column that matches nothing; listed in the summary.
    case unmapped

    /// The question the column belongs to.
    var question: String? {
        switch self {
        case .value(let id), .comment(let id), .details(let id), .option(let id, _): id
        default: nil
        }
    }
}

/// The columns of a table matched to a survey: which row is the header, what each column is.
struct TableHeaderMap {
    /// Indexes (into the sheet's rows) of the header rows: one, or two when options stand
    /// under a question that spans several columns.
    var headerRows: [Int]
    /// The role of each column.
    var roles: [TableColumnRole]
    /// Each column's header as shown (the two header rows joined).
    var headers: [String]
    /// Problems with the header: duplicate columns (blocking), columns read with a guess.
    var findings: [Diagnostic]

    /// The columns of each question.
    struct QuestionColumns {
        var value: Int?
        var options: [(option: String, column: Int)] = []
        var comment: Int?
        var details: Int?

        /// Every column, for pointing at the question as a whole.
        var first: Int? { [value, options.first?.column, details, comment].compactMap { $0 }.min() }
    }

    /// The columns by question id.
    var questions: [String: QuestionColumns] {
        var result: [String: QuestionColumns] = [:]
        for (column, role) in roles.enumerated() {
            switch role {
            case .value(let id): result[id, default: QuestionColumns()].value = column
            case .comment(let id): result[id, default: QuestionColumns()].comment = column
            case .details(let id): result[id, default: QuestionColumns()].details = column
            case .option(let id, let option): result[id, default: QuestionColumns()].options.append((option, column))
            default: continue
            }
        }
        return result
    }

    /// The column of a role, if any.
    func column(_ role: TableColumnRole) -> Int? { roles.firstIndex(of: role) }
}

/// Matches a table's header to a survey's questions and options.
struct TableHeaderMatcher {
    let survey: Survey
    /// The table file, as its findings name it.
    let file: String
    let registry: Registry?
    /// The registry whose respondents a column may name.
    let respondents: Registry?
    /// The keys of the survey's texts, computed once (a header of thousands of columns
    /// compares each column with every question).
    private let keys: Keys

    /// The survey's ids, texts and labels as comparison keys.
    private struct Keys {
        /// The first question by folded id.
        var byFoldedID: [String: Question] = [:]
        /// The first question by the key of its text.
        var byTextKey: [String: Question] = [:]
        /// Each question's text key by its id.
        var textByID: [String: String] = [:]
        /// Every question with its folded id and text key, in survey order.
        var questions: [(question: Question, id: String, text: String)] = []
        /// Question ids, longest first, so that `omraden-kommentar` is tried before `omraden`.
        var idsLongestFirst: [(question: Question, id: String)] = []
        /// By question id: the first option by folded id or label key.
        var optionByKey: [String: [String: AnswerOption]] = [:]
        /// By question id: the keys of the follow-up labels.
        var detailsLabels: [String: [String]] = [:]
        /// By question id: the key of the unit label.
        var unitKey: [String: String] = [:]
        /// By label key: the multi questions that have an option so labelled, with the option.
        var multiOwners: [String: [(question: Question, option: AnswerOption)]] = [:]
        /// The longest question text key, in characters.
        var longestText = 0

        init(_ survey: Survey) {
            for question in survey.questions {
                let id = Fold.key(question.id)
                let text = TableText.key(question.text)
                if byFoldedID[id] == nil { byFoldedID[id] = question }
                if byTextKey[text] == nil { byTextKey[text] = question }
                questions.append((question, id, text))
                textByID[question.id] = text
                longestText = max(longestText, text.count)
                var options: [String: AnswerOption] = [:]
                var labelled: [String: AnswerOption] = [:]
                for option in question.options {
                    let label = TableText.key(option.label)
                    for key in [Fold.key(option.id), label] where options[key] == nil { options[key] = option }
                    if labelled[label] == nil { labelled[label] = option }
                }
                optionByKey[question.id] = options
                detailsLabels[question.id] = question.options.compactMap(\.detailsLabel).map(TableText.key)
                if let unit = question.unitLabel { unitKey[question.id] = TableText.key(unit) }
                if question.type == .multi {
                    for (label, option) in labelled { multiOwners[label, default: []].append((question, option)) }
                }
            }
            idsLongestFirst = survey.questions.sorted { Fold.key($0.id).count > Fold.key($1.id).count }.map { ($0, Fold.key($0.id)) }
        }
    }

    /// A matcher for `survey`'s questions and `registry`'s respondents in the table `file`.
    init(survey: Survey, registry: Registry?, file: String) {
        self.survey = survey
        self.file = file
        self.registry = registry
        respondents = registry
        keys = Keys(survey)
    }

    static let respondentWords = [
        "respondent", "respondent-id", "respondentid", "svarande", "svarande-id", "svarandeid", "svarande-organisation",
        "kommun", "kommunnamn", "kommun-namn", "kommunens-namn", "kommun-id", "kommunkod-namn", "organisation",
        "organisationens-namn", "organisation-id", "organization", "region", "systemledning", "lokal-systemledning",
        "systemledning-id", "namn-pa-kommun",
    ]
    static let contactNameWords = [
        "kontaktperson", "kontakt", "kontaktperson-namn", "kontaktpersonens-namn", "namn-kontaktperson", "uppgiftslamnare",
        "namn", "ifylld-av", "besvarad-av", "contact", "contact-name",
    ]
    static let contactEmailWords = [
        "e-post", "epost", "e-postadress", "epostadress", "email", "e-mail", "mejl", "mejladress", "mail",
        "kontaktperson-e-post", "e-post-kontaktperson", "kontaktpersonens-e-post", "contact-email",
    ]
    static let commentWords = ["kommentar", "kommentarer", "comment", "comments", "lamna-garna-en-kommentar", "ovriga-kommentarer"]
    static let detailsWords = [
        "details", "detaljer", "foljdtext", "foljdsvar", "beskrivning", "beskriv", "namligen", "specificera", "fritext", "ange-vad",
        "annat-ange",
    ]
    static let valueWords = ["svar", "varde", "value", "response", "open-ended-response", "oppet-svar", "answer"]

    // MARK: - Whole header

    /// Finds the header row among the first rows of the sheet and the role of every column.
    func match(_ sheet: TableSheet) -> TableHeaderMap? {
        let candidates = sheet.rows.indices.filter { !sheet.rows[$0].isBlank }.prefix(10)
        var best: (index: Int, map: TableHeaderMap, score: Int)?
        let lastContent = sheet.lastContentRows()
        for index in candidates {
            // A row that names a respondent is data, whatever else it holds ("Falun;3" is not
            // a header with a column for question 3).
            if let respondents,
                sheet.rows[index].cells.contains(where: { cell in
                    if case .text(let text) = cell { return respondents.match(TableText.normalized(text)) != nil }
                    return false
                })
            {
                continue
            }
            let map = single(sheet, row: index, lastContent: lastContent)
            let score = map.roles.count { $0.question != nil }
            guard score > 0 else { continue }
            let hasRespondent = map.roles.contains(.respondent)
            if hasRespondent {
                best = (index, map, score)
                break
            }
            if score > (best?.score ?? 0) { best = (index, map, score) }
        }
        guard var map = best?.map, let index = best?.index else { return nil }
        if let extended = twoRow(sheet, row: index, map) { map = extended }
        if !map.roles.contains(.respondent) {
            guessRespondentColumn(sheet, &map)
        }
        resolveDuplicates(&map)
        return map
    }

    /// The roles when row `index` alone is the header.
    private func single(_ sheet: TableSheet, row index: Int, lastContent: [Int]) -> TableHeaderMap {
        let row = sheet.rows[index]
        var roles: [TableColumnRole] = []
        var headers: [String] = []
        var findings: [Diagnostic] = []
        var group: Question?
        for column in 0..<sheet.columnCount {
            let header = headerText(row[column])
            headers.append(header)
            guard !header.isEmpty else {
                // Blank when no row below the header has anything in the column.
                roles.append(lastContent[column] <= index ? .blank : .unmapped)
                continue
            }
            let (role, note) = classify(header, group: group)
            roles.append(role)
            if let note {
                findings.append(
                    Diagnostic(
                        file: file, location: .start, severity: .warning, code: .tableHeader, question: role.question, message: note,
                        table: TablePosition(row: row.number, column: column)))
            }
            if let id = role.question, let question = survey.question(id), question.type.hasOptions {
                group = question
            } else if role != .blank {
                group = nil
            }
        }
        return TableHeaderMap(headerRows: [index], roles: roles, headers: headers, findings: findings)
    }

    /// The same map with the next row read as a second header row, when it names the options
    /// of questions whose header spans several columns (SurveyMonkey's layout); `nil` when the
    /// next row is data.
    private func twoRow(_ sheet: TableSheet, row index: Int, _ map: TableHeaderMap) -> TableHeaderMap? {
        guard index + 1 < sheet.rows.count else { return nil }
        let upper = sheet.rows[index]
        let lower = sheet.rows[index + 1]
        var groups: [Question?] = []
        var current: Question?
        for column in 0..<sheet.columnCount {
            let header = headerText(upper[column])
            if !header.isEmpty {
                current = map.roles[column].question.flatMap(survey.question)
                if case .option = map.roles[column] { current = nil }
            }
            groups.append(current)
        }
        var roles = map.roles
        var headers = map.headers
        var recognised = 0
        for column in 0..<sheet.columnCount {
            // A long text is an answer, not a header (and is not worth comparing).
            if case .text(let raw) = lower[column], raw.utf8.count > Self.maxSecondHeaderBytes { continue }
            let sub = headerText(lower[column])
            guard !sub.isEmpty else { continue }
            if let question = groups[column] {
                let (role, _) = classifyRest(question, TableText.key(sub))
                guard role != .unmapped else { continue }
                // A data row may hold an option's label in a multi question's cell: only a
                // label under a spanned (blank) upper cell, or a word such as "Response", marks
                // a second header row.
                let continuation = headerText(upper[column]).isEmpty
                if case .option = role, continuation { recognised += 1 }
                if TableHeaderMatcher.valueWords.contains(TableText.key(sub)) { recognised += 1 }
                roles[column] = role
                headers[column] = (headers[column].isEmpty ? "" : headers[column] + " / ") + sub
            } else if headerText(upper[column]).isEmpty {
                let (role, _) = classify(sub, group: nil)
                roles[column] = role
                headers[column] = sub
            }
        }
        guard recognised > 0 else { return nil }
        return TableHeaderMap(headerRows: [index, index + 1], roles: roles, headers: headers, findings: map.findings)
    }

    private func headerText(_ cell: TableCell) -> String {
        switch cell {
        case .text(let text): TableText.normalized(text)
        case .number(let number, _): TableValues.numberText(number)
        default: ""
        }
    }

    /// Without a header naming it, the respondent column is the one whose cells the registry
    /// knows.
    private func guessRespondentColumn(_ sheet: TableSheet, _ map: inout TableHeaderMap) {
        guard let respondents else { return }
        let data = sheet.rows[((map.headerRows.last ?? 0) + 1)...].filter { !$0.isBlank }
        guard !data.isEmpty else { return }
        var best: (column: Int, hits: Int)?
        for column in map.roles.indices where map.roles[column] == .unmapped || map.roles[column] == .contactName {
            // A column stops being counted once it can no longer win.
            let needed = max(data.count / 2 + 1, (best?.hits ?? 0) + 1)
            var hits = 0
            var left = data.count
            for row in data {
                if hits + left < needed { break }
                left -= 1
                if case .text(let text) = row[column], respondents.match(TableText.normalized(text)) != nil { hits += 1 }
            }
            if hits * 2 > data.count, hits > (best?.hits ?? 0) { best = (column, hits) }
        }
        if let best { map.roles[best.column] = .respondent }
    }

    /// Two columns for the same thing cannot both be read: an error that stops the import.
    /// Of several respondent columns the one with ids is read.
    private func resolveDuplicates(_ map: inout TableHeaderMap) {
        let respondentColumns = map.roles.indices.filter { map.roles[$0] == .respondent }
        if respondentColumns.count > 1 {
            let preferred = respondentColumns.first { TableText.key(map.headers[$0]).contains("id") } ?? respondentColumns[0]
            for column in respondentColumns where column != preferred { map.roles[column] = .respondentName }
        }
        for role in [TableColumnRole.contactName, .contactEmail] {
            for column in map.roles.indices.filter({ map.roles[$0] == role }).dropFirst() { map.roles[column] = .unmapped }
        }
        var first: [String: Int] = [:]
        let headerRow = map.headerRows.first ?? 0
        for (column, role) in map.roles.enumerated() {
            let key: String
            let what: LocalizedText
            switch role {
            case .value(let id):
                key = "v:" + id
                what = LocalizedText(sv: "svaret på fråga \(id)", en: "the answer to question \(id)")
            case .comment(let id):
                key = "c:" + id
                what = LocalizedText(sv: "kommentaren till fråga \(id)", en: "the comment on question \(id)")
            case .details(let id):
                key = "d:" + id
                what = LocalizedText(sv: "följdtexten till fråga \(id)", en: "the follow-up text of question \(id)")
            case .option(let id, let option):
                key = "o:" + id + ":" + option
                what = LocalizedText(sv: "alternativet `\(option)` i fråga \(id)", en: "option `\(option)` of question \(id)")
            default: continue
            }
            if let earlier = first[key] {
                map.findings.append(
                    Diagnostic(
                        file: file, location: .start, severity: .error, code: .duplicateColumn, question: role.question,
                        message: LocalizedText(
                            sv:
                                "kolumnerna \(TableSheet.columnName(earlier)) och \(TableSheet.columnName(column)) anger båda \(what.sv); ta bort eller byt namn på den ena",
                            en:
                                "columns \(TableSheet.columnName(earlier)) and \(TableSheet.columnName(column)) both give \(what.en); remove or rename one"
                        ),
                        table: TablePosition(row: headerRow + 1, column: column)))
            } else {
                first[key] = column
            }
        }
    }

    // MARK: - One header

    /// The role of a column with this header; `group` is the multi question of the columns
    /// just before (so a header that is only an option's label belongs to it). The note
    /// explains a guess or why a question-like column is not read.
    func classify(_ header: String, group: Question?) -> (TableColumnRole, LocalizedText?) {
        let key = TableText.key(header)
        guard !key.isEmpty else { return (.blank, nil) }
        if Self.respondentWords.contains(key) { return (.respondent, nil) }
        if Self.contactNameWords.contains(key) { return (.contactName, nil) }
        if Self.contactEmailWords.contains(key) { return (.contactEmail, nil) }
        var stripped = key
        for prefix in ["fraga-nr-", "fraga-", "question-"] where stripped.hasPrefix(prefix) {
            stripped = String(stripped.dropFirst(prefix.count))
            break
        }
        for candidate in [key, stripped] {
            if let question = keys.byFoldedID[candidate] { return (.value(question.id), nil) }
        }
        if let question = keys.byTextKey[key] { return (.value(question.id), nil) }
        // "17c kommentar", "17c: Andel i procent …", "omraden: Mobila team", "1. Finns det …?"
        for (question, id) in keys.idsLongestFirst {
            guard stripped.hasPrefix(id), let next = stripped.dropFirst(id.count).first, !(next.isLetter || next.isNumber) else { continue }
            let rest = String(stripped.dropFirst(id.count).drop { !($0.isLetter || $0.isNumber) })
            return classifyRest(question, trimmedRest(rest))
        }
        // "Kommentar 17c", "Kommentar till fråga 17c", "Följdtext: omraden"
        for words in [Self.commentWords, Self.detailsWords] {
            guard let word = words.first(where: { TableText.startsWithWord(key, $0) }) else { continue }
            var rest = String(key.dropFirst(word.count).drop { !($0.isLetter || $0.isNumber) })
            for filler in ["till-fraga-", "till-", "fraga-"] where rest.hasPrefix(filler) { rest = String(rest.dropFirst(filler.count)) }
            if let question = keys.questions.first(where: { $0.id == rest || TableText.sameText($0.text, rest) })?.question {
                return classifyRest(question, word)
            }
        }
        // "Frågetext [Alternativ]" (Google Forms), "Frågetext – Alternativ", "Frågetext: kommentar"
        let normalized = TableText.normalized(header)
        for (left, right) in splits(normalized) {
            let leftKey = TableText.key(left)
            guard let question = keys.questions.first(where: { TableText.sameText($0.text, leftKey) })?.question else { continue }
            let (role, note) = classifyRest(question, TableText.key(right))
            if role != .unmapped { return (role, note) }
        }
        // Only a label: an option of the question the previous columns belong to, or of the
        // only question that has an option so labelled.
        if let group, let option = matchOption(group, key) { return (.option(group.id, option: option.id), nil) }
        if let owners = keys.multiOwners[key], owners.count == 1, let owner = owners.first {
            return (.option(owner.question.id, option: owner.option.id), nil)
        }
        return (.unmapped, nil)
    }

    /// `rest` without a closing bracket left from "17c (kommentar)" or "omraden [Mobila team]".
    private func trimmedRest(_ rest: String) -> String {
        var value = rest
        while let last = value.last, ")]".contains(last) || last == "-" { value.removeLast() }
        return value
    }

    /// Ways to split a header into a question text and a part after it. Each split costs
    /// the header's length (both parts are compared), so splits are tried only within
    /// `splitBudget` bytes: a real header of a question text and an option label has a few
    /// and is far below it, while a header of thousands of dashes would cost each of them.
    private func splits(_ header: String) -> [(String, String)] {
        var result: [(String, String)] = []
        let cost = header.utf8.count
        var budget = Self.splitBudget
        func add(_ left: Substring, _ right: Substring) -> Bool {
            budget -= cost
            guard budget >= 0 else { return false }
            result.append((String(left), String(right)))
            return true
        }
        if header.hasSuffix("]"), let open = header.range(of: "[", options: .backwards) {
            guard add(header[..<open.lowerBound], header[open.upperBound...].dropLast()) else { return result }
        }
        if header.hasSuffix(")"), let open = header.range(of: "(", options: .backwards) {
            guard add(header[..<open.lowerBound], header[open.upperBound...].dropLast()) else { return result }
        }
        for separator in [" – ", " — ", " - ", ": ", " / "] {
            var searchRange = header.startIndex..<header.endIndex
            while let found = header.range(of: separator, range: searchRange) {
                guard add(header[..<found.lowerBound], header[found.upperBound...]) else { return result }
                searchRange = found.upperBound..<header.endIndex
            }
        }
        return result
    }

    /// The longest cell read as a second header row's header; a longer one is data.
    static let maxSecondHeaderBytes = 4096

    /// How many bytes of header text the splits of one header may compare.
    static let splitBudget = 32 * 1024

    /// The role of what follows a question's id or text in a header.
    func classifyRest(_ question: Question, _ rest: String) -> (TableColumnRole, LocalizedText?) {
        let id = question.id
        if rest.isEmpty || Self.valueWords.contains(rest) { return (.value(id), nil) }
        let textKey = keys.textByID[id] ?? TableText.key(question.text)
        if TableText.sameText(textKey, rest) { return (.value(id), nil) }
        if let unit = keys.unitKey[id], unit == rest { return (.value(id), nil) }
        if Self.commentWords.contains(where: { TableText.startsWithWord(rest, $0) }) {
            guard question.allowsComment else {
                return (
                    .unmapped,
                    LocalizedText(
                        sv: "fråga \(id) har inget kommentarsfält; kolumnen läses inte",
                        en: "question \(id) has no comment field; the column is not read")
                )
            }
            return (.comment(id), nil)
        }
        if question.type.hasOptions, let option = matchOption(question, rest) {
            return (.option(id, option: option.id), nil)
        }
        let detailsLabels = keys.detailsLabels[id] ?? question.options.compactMap(\.detailsLabel).map(TableText.key)
        if Self.detailsWords.contains(where: { TableText.startsWithWord(rest, $0) }) || detailsLabels.contains(rest) {
            guard question.options.contains(where: { $0.details != nil }) else {
                return (
                    .unmapped,
                    LocalizedText(
                        sv: "fråga \(id) har ingen följdtext; kolumnen läses inte",
                        en: "question \(id) has no follow-up text; the column is not read")
                )
            }
            return (.details(id), nil)
        }
        if question.type.hasOptions {
            let candidates = question.options.map { ($0.id, [$0.label]) }
            if let guess = Suggestions.closest(to: rest, among: candidates) {
                return (
                    .option(id, option: guess),
                    LocalizedText(
                        sv: "kolumnen läses som alternativet `\(guess)` i fråga \(id) (rubriken liknar dess text)",
                        en: "the column is read as option `\(guess)` of question \(id) (the header resembles its label)")
                )
            }
            return (
                .unmapped,
                LocalizedText(
                    sv:
                        "rubriken börjar med fråga \(id) men resten stämmer inte med frågans text, något alternativ, ”kommentar” eller ”följdtext”; kolumnen läses inte",
                    en:
                        "the header starts with question \(id) but the rest matches neither its text, an option, “kommentar” nor “följdtext”; the column is not read"
                )
            )
        }
        // The id is the strong signal: whatever text follows it, the column is the answer.
        return (.value(id), nil)
    }

    /// The option an id or label names.
    func matchOption(_ question: Question, _ key: String) -> AnswerOption? {
        if let options = keys.optionByKey[question.id] { return options[key] }
        return question.options.first { Fold.key($0.id) == key || TableText.key($0.label) == key }
    }
}
