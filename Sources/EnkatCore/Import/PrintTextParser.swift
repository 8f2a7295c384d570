/// Finds the questions of a survey in a printout's lines and sorts every other line into an
/// answer, the form's own text, page furniture, contact details or leftovers.
///
/// Questions are recognised by their text in the survey definition, compared as `FormKey`s
/// across line wraps and page breaks, with or without the form's numbering ("6a. …"). The
/// lines between one question and the next belong to the first: its help text and option
/// labels are form, "Lämna gärna en kommentar:" starts the comment, "Ja, beskriv …" starts
/// the follow-up text of `ja`, "Andel i procent 79" carries a number, and the heading and
/// introduction of the next section end the answer. Before the first question is the form's
/// introduction (and the contact block); from "Tack för dina svar!" on, its ending.
struct PrintTextParser {
    /// A line with its key.
    struct Row {
        var line: PrintLine
        var key: FormKey

        init(_ line: PrintLine) {
            self.line = line
            key = line.kind == .content ? FormKey(line.text) : FormKey("")
        }
    }

    /// Where a question's text was found.
    struct Header {
        /// The question's position in `PrintForm.questions`.
        var question: Int
        /// The first row of the question text.
        var start: Int
        /// The row after the question text.
        var end: Int
        /// Text on the last row after the question text.
        var remainder: String?
        /// False when only the numbered start of the text matched the definition.
        var exact: Bool
    }

    /// A checkbox or radio button glyph at the start of an option line.
    enum Mark: Sendable, Equatable {
        case checked, unchecked
    }

    /// What was printed for one question.
    struct Answer {
        var question: Question
        /// The line of the question text.
        var line: Int
        /// False when the printed question text differed from the definition.
        var exactText: Bool
        var value: [PrintTextParagraphs.Piece] = []
        var comment: [PrintTextParagraphs.Piece] = []
        /// Follow-up texts by option id, in the order found.
        var details: [(option: String, pieces: [PrintTextParagraphs.Piece])] = []
        /// The number as printed, with its line.
        var number: (text: String, line: Int)?
        /// Options and sentinels whose label was printed, with the glyph in front, if any.
        var marks: [(id: String, mark: Mark?)] = []
        /// Options whose follow-up field was printed ("Ja, beskriv …:"), filled in or not.
        var detailsFields: [String] = []
        /// Scale steps printed.
        var scaleSeen = false
    }

    /// The result.
    struct Result {
        var answers: [Answer]
        /// Lines that could not be placed.
        var leftovers: [Int]
        /// Lines of contact details (never copied).
        var contactLines: [Int]
        /// The lines before the first question (the form's introduction).
        var introduction: ClosedRange<Int>?
        /// The lines from the form's ending on.
        var ending: ClosedRange<Int>?
        /// How the text is laid out (see `PrintTextParagraphs`).
        var layout: PrintTextParagraphs.Layout
    }

    let form: PrintForm
    let rows: [Row]
    /// The layout of the whole text.
    private(set) var layout = PrintTextParagraphs.Layout(doubleSpaced: false)

    init(lines: [PrintLine], survey: Survey) {
        form = PrintForm(survey: survey)
        rows = lines.map(Row.init)
        layout = findLayout()
    }

    /// Parses the printout.
    func parse() -> Result {
        let (headers, endingRow) = findHeaders()
        var answers: [Answer] = []
        var leftovers: [Int] = []
        var contactLines: [Int] = []
        for (position, header) in headers.enumerated() {
            let end = position + 1 < headers.count ? headers[position + 1].start : (endingRow ?? rows.count)
            var block: [Row] = []
            if let remainder = header.remainder, !remainder.isEmpty {
                let number = rows[header.end - 1].line.number
                block.append(Row(PrintLine(number: number, text: remainder, kind: .content)))
            }
            block += rows[header.end..<max(header.end, end)]
            let nextQuestion = position + 1 < headers.count ? headers[position + 1].question : nil
            var answer = Answer(
                question: form.questions[header.question].question, line: rows[header.start].line.number, exactText: header.exact)
            read(
                block, into: &answer, texts: form.questions[header.question], nextQuestion: nextQuestion,
                leftovers: &leftovers, contactLines: &contactLines)
            answers.append(answer)
        }
        let firstContent = rows.first { $0.line.kind != .empty && $0.line.kind != .blank }?.line.number
        var introduction: ClosedRange<Int>?
        if let first = headers.first, let firstContent, rows[first.start].line.number > firstContent {
            introduction = firstContent...(rows[first.start].line.number - 1)
        } else if headers.isEmpty, let firstContent, let last = rows.last?.line.number {
            introduction = firstContent...last
        }
        let ending = endingRow.map { rows[$0].line.number...(rows.last?.line.number ?? rows[$0].line.number) }
        return Result(
            answers: answers, leftovers: leftovers, contactLines: contactLines,
            introduction: introduction, ending: ending, layout: layout)
    }

    // MARK: - Questions

    /// The question headers in printout order, and the row where the form's ending starts.
    func findHeaders() -> ([Header], Int?) {
        var headers: [Header] = []
        var found = Set<Int>()
        var next = 0
        var index = 0
        scan: while index < rows.count {
            let row = rows[index]
            guard row.line.kind == .content else {
                index += 1
                continue
            }
            if !headers.isEmpty && PrintTextParser.isEnding(row.key) { return (headers, index) }
            // The next question in form order first, then the later ones (a question may be
            // missing from the printout), then the earlier ones.
            let order = Array(next..<form.questions.count) + Array(0..<next)
            let number = PrintTextParser.numberPrefix(row.line.text).map { (id: $0.0, rest: FormKey($0.1)) }
            for candidate in order where !found.contains(candidate) {
                if let header = header(form.questions[candidate], at: index, number: number) {
                    headers.append(header)
                    found.insert(candidate)
                    next = candidate + 1
                    index = header.end
                    continue scan
                }
            }
            index += 1
        }
        return (headers, nil)
    }

    /// The header of `question` starting at row `index`, if its text is there; `number` is
    /// the row's numbering ("6a.") and the key of the rest of the row.
    func header(_ question: PrintForm.QuestionTexts, at index: Int, number: (id: String, rest: FormKey)?) -> Header? {
        let first = number?.rest ?? rows[index].key
        let numbered = number?.id == question.question.id.lowercased()
        guard !question.text.isEmpty else { return nil }
        if first.isEmpty {
            // "6a." on a line of its own.
            guard numbered else { return nil }
        } else if !question.text.hasPrefix(first) && !first.hasPrefix(question.text) {
            // Another wording than the definition's: only trusted with the right number and
            // the same beginning.
            guard numbered, first.commonPrefixCount(with: question.text) >= min(15, question.text.count) else { return nil }
            return Header(
                question: question.index, start: index, end: restOfText(question.text, after: index + 1), remainder: nil, exact: false)
        }
        let match = PrintTextParser.consume(question.text, in: rows, from: index, firstKey: first)
        if match.complete {
            // A short question text is only trusted with its number in front.
            guard numbered || question.text.count >= 20 else { return nil }
            return Header(question: question.index, start: index, end: match.end, remainder: match.remainder, exact: true)
        }
        if numbered && match.matched >= min(15, question.text.count) {
            return Header(
                question: question.index, start: index, end: restOfText(question.text, after: match.end), remainder: nil, exact: false)
        }
        return nil
    }

    /// After a question text that differs from the definition: the row after the following
    /// rows that are still part of the definition's text.
    private func restOfText(_ text: FormKey, after start: Int) -> Int {
        var end = start
        var index = start
        while index < rows.count {
            let row = rows[index]
            index += 1
            guard row.line.kind == .content else { continue }
            guard row.key.count >= 8, text.end(of: row.key, from: 0) != nil else { break }
            end = index
        }
        return end
    }

    /// The result of reading a known text from consecutive rows.
    struct Consumed {
        /// Whether all of the text was found.
        var complete: Bool
        /// The row after the last row read.
        var end: Int
        /// Text after the known text on the last row.
        var remainder: String?
        /// How many key scalars matched.
        var matched: Int
    }

    /// Reads `target` from the content rows starting at `start`, skipping empty lines and page
    /// furniture between them. `firstKey` replaces the first row's key (without a number).
    static func consume(_ target: FormKey, in rows: [Row], from start: Int, firstKey: FormKey? = nil) -> Consumed {
        var remaining = target
        var matched = 0
        var index = start
        var end = start
        while index < rows.count {
            let row = rows[index]
            guard row.line.kind == .content else {
                index += 1
                continue
            }
            let key = index == start ? (firstKey ?? row.key) : row.key
            if key.isEmpty {
                index += 1
                end = index
                continue
            }
            if remaining.hasPrefix(key) {
                remaining = remaining.dropFirst(key.count)
                matched += key.count
                index += 1
                end = index
                if remaining.isEmpty { return Consumed(complete: true, end: end, remainder: nil, matched: matched) }
                continue
            }
            if key.hasPrefix(remaining) && (index > start || key.count > remaining.count) {
                // The text ends inside this row.
                let offset = row.key.count - key.count + remaining.count
                let remainder = FormKey.remainder(of: row.line.text, afterKeyScalars: offset)
                return Consumed(complete: true, end: index + 1, remainder: remainder, matched: matched + remaining.count)
            }
            break
        }
        return Consumed(complete: false, end: end, remainder: nil, matched: matched)
    }

    /// "6a. Beskriv …" → ("6a", "Beskriv …"): up to three digits, up to two letters, then a
    /// full stop or a parenthesis and white space.
    static func numberPrefix(_ text: String) -> (String, Substring)? {
        var index = text.startIndex
        var digits = 0
        while index < text.endIndex, text[index].isASCII, text[index].isNumber {
            digits += 1
            index = text.index(after: index)
        }
        guard (1...3).contains(digits) else { return nil }
        var letters = 0
        while index < text.endIndex, text[index].isASCII, text[index].isLetter, letters < 2 {
            letters += 1
            index = text.index(after: index)
        }
        guard index < text.endIndex, text[index] == "." || text[index] == ")" else { return nil }
        let id = text[..<index].lowercased()
        index = text.index(after: index)
        guard index == text.endIndex || text[index].isWhitespace else { return nil }
        return (id, text[index...])
    }

    // MARK: - Answers

    /// Where content lines go.
    private enum Target {
        case value, comment, details(String), number, nothing
    }

    /// Sorts the rows after a question's text.
    private func read(
        _ rows: [Row], into answer: inout Answer, texts: PrintForm.QuestionTexts, nextQuestion: Int?,
        leftovers: inout [Int], contactLines: inout [Int]
    ) {
        var rows = rows
        let question = texts.question
        var target: Target = question.type == .text ? .value : .nothing
        // The section whose heading or introduction is being read (`nil`: one the definition
        // does not have), and how far into its text.
        var section: (index: Int?, cursor: Int)?
        var contact = false
        let sections = followingSections(after: texts.index, upTo: nextQuestion)

        func add(_ piece: PrintTextParagraphs.Piece) {
            switch target {
            case .value: answer.value.append(piece)
            case .comment: answer.comment.append(piece)
            case .details(let id):
                if let position = answer.details.firstIndex(where: { $0.option == id }) {
                    answer.details[position].pieces.append(piece)
                } else {
                    answer.details.append((id, [piece]))
                }
            case .number, .nothing: break
            }
        }
        // The last line of the text being read when it stands alone like a heading: a short
        // paragraph of its own without a full stop.
        func popHeading() -> Int? {
            func pop(_ pieces: inout [PrintTextParagraphs.Piece]) -> Int? {
                guard let last = pieces.lastIndex(where: { if case .line = $0 { true } else { false } }),
                    case .line(let text, let number) = pieces[last],
                    text.count <= 100, !text.hasSuffix("."), !text.hasSuffix(":")
                else { return nil }
                let before = pieces[..<last].reversed().prefix { if case .gap = $0 { true } else { false } }
                // A paragraph of its own: after a blank line, or an empty one in ordinary text.
                let paragraph = before.contains(.gap(.blank)) || before.count >= (layout.doubleSpaced ? 2 : 1)
                guard last == 0 || paragraph else { return nil }
                pieces.removeSubrange(last...)
                return number
            }
            switch target {
            case .value: return pop(&answer.value)
            case .comment: return pop(&answer.comment)
            case .details(let id):
                guard let position = answer.details.firstIndex(where: { $0.option == id }) else { return nil }
                return pop(&answer.details[position].pieces)
            case .number, .nothing: return nil
            }
        }
        func addText(_ text: String, line: Int) {
            guard !text.isEmpty else { return }
            switch target {
            case .value, .comment, .details: add(.line(text, line))
            case .number:
                if SwedishNumber.parse(text) != nil {
                    answer.number = (PrintTextParser.numberText(text), line)
                    target = .nothing
                } else {
                    leftovers.append(line)
                }
            case .nothing:
                if question.type.isNumeric, texts.unit == nil, answer.number == nil, SwedishNumber.parse(text) != nil {
                    answer.number = (PrintTextParser.numberText(text), line)
                } else {
                    leftovers.append(line)
                }
            }
        }

        var index = 0
        // After a question text worded otherwise than the definition, the rest of the printed
        // question runs until its help text ("Beskriv med max 3000 tecken."): not an answer.
        if !answer.exactText,
            let help = rows.prefix(16).firstIndex(where: { row in
                PrintTextParser.isLengthInstruction(row.key) || (!row.key.isEmpty && texts.help.contains { $0.hasPrefix(row.key) })
            })
        {
            leftovers += rows[..<help].filter { $0.line.kind == .content }.map(\.line.number)
            index = help
        }
        while index < rows.count {
            let row = rows[index]
            let line = row.line
            guard line.kind == .content else {
                add(.gap(line.kind))
                index += 1
                continue
            }
            index += 1
            // Contact details: never copied.
            if contact || PrintTextParser.isContactStart(row.key) {
                contact = true
                contactLines.append(line.number)
                continue
            }
            if PrintTextParser.isContactLine(row) {
                contactLines.append(line.number)
                continue
            }
            // The next section's heading and introduction end the answer.
            if let found = sections.first(where: { form.sections[$0].title == row.key }) {
                section = (found, 0)
                target = .nothing
                continue
            }
            if let current = section {
                if let known = current.index, let end = form.sections[known].text.end(of: row.key, from: current.cursor) {
                    section = (known, end)
                } else {
                    leftovers.append(line.number)
                }
                continue
            }
            if row.key.count >= 10, let found = sections.last(where: { form.sections[$0].text.hasPrefix(row.key) }) {
                // The heading above did not match the definition's.
                if let heading = popHeading() { leftovers.append(heading) }
                section = (found, row.key.count)
                target = .nothing
                continue
            }
            // "Från Överenskommelsen:" of a section the definition does not have: neither the
            // introduction nor the heading above it is part of the answer.
            if row.key.hasPrefix(PrintTextParser.agreement) {
                if let heading = popHeading() { leftovers.append(heading) }
                leftovers.append(line.number)
                section = (nil, 0)
                target = .nothing
                continue
            }
            // The form's instructions.
            if PrintTextParser.isLengthInstruction(row.key) { continue }
            if let consumed = help(texts, in: rows, at: index - 1) {
                if let remainder = consumed.remainder, !remainder.isEmpty {
                    rows[consumed.end - 1] = Row(PrintLine(number: rows[consumed.end - 1].line.number, text: remainder, kind: .content))
                    index = consumed.end - 1
                } else {
                    index = consumed.end
                }
                continue
            }
            // "Lämna gärna en kommentar:" and what follows on its line.
            if let rest = PrintTextParser.after(PrintTextParser.commentMarker, in: row) {
                target = question.allowsComment ? .comment : .nothing
                addText(rest, line: line.number)
                continue
            }
            // "Ja, beskriv …:" starts the follow-up text of its option.
            if let (option, rest) = texts.detailsMarkers.lazy.compactMap({ marker in
                PrintTextParser.after(marker.key, in: row).map { (marker.option, $0) }
            }).first {
                target = .details(option.id)
                if !answer.marks.contains(where: { $0.id == option.id }) { answer.marks.append((option.id, nil)) }
                if !answer.detailsFields.contains(option.id) { answer.detailsFields.append(option.id) }
                addText(rest, line: line.number)
                continue
            }
            // An option or sentinel label, maybe with its checkbox, maybe wrapped.
            let (mark, label) = PrintTextParser.checkbox(line.text)
            if let (option, end) = PrintTextParser.label(label, of: texts.options + texts.sentinels, in: rows, at: index - 1) {
                index = end
                answer.marks.removeAll { $0.id == option.id }
                answer.marks.append((option.id, mark))
                target = question.type == .multi && option.details != nil ? .details(option.id) : .nothing
                continue
            }
            let labelKey = FormKey(label)
            if texts.scaleSteps.contains(labelKey) {
                answer.scaleSeen = true
                target = .nothing
                continue
            }
            // "Andel i procent 79", "Ange indextal 0274".
            if let unit = texts.unit, let rest = PrintTextParser.after(unit, in: row) {
                let number = PrintTextParser.numberText(rest)
                if number.isEmpty {
                    target = .number
                } else {
                    answer.number = (number, line.number)
                    target = .nothing
                }
                continue
            }
            addText(line.text, line: line.number)
        }
    }

    /// The sections whose heading may come between a question and the next one found.
    private func followingSections(after question: Int, upTo next: Int?) -> [Int] {
        let first = form.sectionOfQuestion[question] + 1
        let last = next.map { form.sectionOfQuestion[$0] } ?? (form.sections.count - 1)
        return first <= last ? Array(first...last) : []
    }

    /// The option whose label (without its checkbox glyph) starts at row `index`, and the row
    /// after the label: a long label may wrap onto the next line.
    static func label(_ text: String, of options: [(option: AnswerOption, key: FormKey)], in rows: [Row], at index: Int) -> (
        AnswerOption, Int
    )? {
        let key = FormKey(text)
        guard !key.isEmpty else { return nil }
        if let exact = options.first(where: { $0.key == key }) { return (exact.option, index + 1) }
        for candidate in options where candidate.key.hasPrefix(key) && key.count >= 12 {
            let consumed = consume(candidate.key, in: rows, from: index, firstKey: key)
            if consumed.complete && (consumed.remainder ?? "").isEmpty { return (candidate.option, consumed.end) }
        }
        return nil
    }

    /// A help paragraph of the question starting at `index`.
    private func help(_ texts: PrintForm.QuestionTexts, in rows: [Row], at index: Int) -> Consumed? {
        let key = rows[index].key
        guard !key.isEmpty else { return nil }
        for paragraph in texts.help where paragraph.hasPrefix(key) || key.hasPrefix(paragraph) {
            let consumed = PrintTextParser.consume(paragraph, in: rows, from: index)
            if consumed.complete { return consumed }
        }
        return nil
    }

    // MARK: - Fixed texts of the form

    static let commentMarker = FormKey("Lämna gärna en kommentar")
    static let agreement = FormKey("Från Överenskommelsen")

    /// The text after `marker` (and a colon) when the row starts with it, else `nil`. A
    /// marker that ends inside a word ("Andel i procentuell …") does not count.
    static func after(_ marker: FormKey, in row: Row) -> String? {
        guard row.key.hasPrefix(marker) else { return nil }
        let rest = FormKey.remainder(of: row.line.text, afterKeyScalars: marker.count, trimming: false)
        if let first = rest.first, first.isLetter { return nil }
        var text = rest.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix(":") { text = String(text.dropFirst()).trimmingCharacters(in: .whitespaces) }
        return text
    }

    /// A printed number without a trailing per cent sign: "79 %" → "79"; the digits stay as
    /// printed ("0274").
    static func numberText(_ text: String) -> String {
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        return text
    }

    /// "Beskriv med max 3000 tecken."
    static func isLengthInstruction(_ key: FormKey) -> Bool {
        let text = key.description
        guard text.hasPrefix("beskrivmedmax") else { return false }
        let rest = text.dropFirst("beskrivmedmax".count).drop { $0.isNumber }
        return rest == "tecken" || rest == "tecken."
    }

    private static let endings = ["tackfördinasvar", "klickahärförattskrivaututdinasvar", "ettsvarskvittoharskickatstill"].map {
        FormKey($0)
    }

    /// The first line of the form's ending ("Tack för dina svar!").
    static func isEnding(_ key: FormKey) -> Bool {
        endings.contains { key.hasPrefix($0) }
    }

    private static let contactStarts = ["dinakontaktuppgifter", "kontaktuppgifter:", "kontaktperson:", "dittnamn:"].map { FormKey($0) }
    private static let contactLabels = [
        "dittnamn:", "namn:", "kontaktperson:", "dine-postadress:", "e-postadress:", "e-post:", "epost:", "mejl:",
        "telefon:", "telefonnummer:", "dittelefonnummer:", "ditttelefonnummer:", "mobil:",
        "region:", "kommun:", "organisation:", "befattning:", "titel:",
    ].map { FormKey($0) }

    /// "Dina kontaktuppgifter:": what follows up to the next question is the contact block.
    static func isContactStart(_ key: FormKey) -> Bool {
        contactStarts.contains { key.hasPrefix($0) } || key == FormKey("kontaktuppgifter")
    }

    /// "Ditt namn: …", "Din e-postadress: …", or an e-mail address on its own.
    static func isContactLine(_ row: Row) -> Bool {
        if contactLabels.contains(where: { row.key.hasPrefix($0) }) { return true }
        let tokens = row.line.text.split(whereSeparator: \.isWhitespace)
        return tokens.count == 1 && tokens[0].contains("@") && tokens[0].contains(".")
    }

    /// The checkbox or radio button glyph at the start of an option line, and the label.
    static func checkbox(_ text: String) -> (Mark?, String) {
        for (glyph, mark) in glyphs where text.hasPrefix(glyph) {
            return (mark, String(text.dropFirst(glyph.count)).trimmingCharacters(in: .whitespaces))
        }
        return (nil, text)
    }

    private static let glyphs: [(String, Mark)] = [
        ("( )", .unchecked), ("[ ]", .unchecked), ("(x)", .checked), ("(X)", .checked), ("[x]", .checked), ("[X]", .checked),
        ("(•)", .checked), ("(*)", .checked),
        ("☐", .unchecked), ("□", .unchecked), ("◻", .unchecked), ("○", .unchecked), ("◯", .unchecked), ("❍", .unchecked),
        ("⚪", .unchecked), ("\u{F0A8}", .unchecked), ("\u{F06F}", .unchecked), ("\u{F071}", .unchecked),
        ("☒", .checked), ("☑", .checked), ("■", .checked), ("◼", .checked), ("●", .checked), ("◉", .checked), ("⦿", .checked),
        ("✓", .checked), ("✔", .checked), ("✗", .checked), ("✘", .checked), ("⚫", .checked), ("\u{F0FE}", .checked),
        ("\u{F0FD}", .checked), ("\u{F06E}", .checked),
    ]

    // MARK: - Layout

    /// How the whole text is laid out: double-spaced when most printed lines are followed by
    /// exactly one empty line (text extracted from the web form's printout); and whether
    /// empty lines around page furniture are layout (they surround nearly every page break).
    private func findLayout() -> PrintTextParagraphs.Layout {
        var content = 0
        var spaced = 0
        for index in rows.indices where rows[index].line.kind == .content {
            content += 1
            if index + 2 < rows.count, rows[index + 1].line.kind == .empty, rows[index + 2].line.kind == .content {
                spaced += 1
            }
        }
        var breaks = 0
        var surrounded = 0
        var index = 0
        while index < rows.count {
            guard rows[index].line.kind == .furniture else {
                index += 1
                continue
            }
            var end = index
            while end + 1 < rows.count, rows[end + 1].line.kind != .content { end += 1 }
            while end > index, rows[end].line.kind != .furniture { end -= 1 }
            breaks += 1
            let emptyBefore = index > 0 && rows[index - 1].line.kind != .content
            let emptyAfter = end + 1 < rows.count && rows[end + 1].line.kind != .content
            if emptyBefore && emptyAfter { surrounded += 1 }
            index = end + 1
        }
        return PrintTextParagraphs.Layout(
            doubleSpaced: content > 0 && spaced * 2 >= content,
            emptyLinesAtPageBreaksAreLayout: breaks > 0 && surrounded * 5 >= breaks * 4)
    }
}
