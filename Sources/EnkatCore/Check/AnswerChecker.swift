/// Checks and types one question's answer: its value by the question's type, its comment and
/// follow-up text by the character rule, and every free text for personal data.
struct AnswerChecker {
    let question: Question
    let pair: YAMLPair

    /// How many personal-data findings of one text are reported at their own position; the
    /// rest are summed up in one warning (a text full of addresses needs one message, not
    /// thousands).
    static let maxLocatedPersonalData = 20

    /// Which free-text field of an answer a finding is about.
    enum Field {
        case answer, comment, details

        func describe(_ question: String) -> LocalizedText {
            switch self {
            case .answer: LocalizedText(sv: "svaret på fråga \(question)", en: "the answer to question \(question)")
            case .comment: LocalizedText(sv: "kommentaren till fråga \(question)", en: "the comment on question \(question)")
            case .details: LocalizedText(sv: "följdtexten (details) till fråga \(question)", en: "the follow-up text (details) of question \(question)")
            }
        }
    }

    func check(_ context: inout CheckContext) -> Answer {
        var valueNode = pair.value
        var commentNode: YAMLNode?
        var detailsPair: YAMLPair?
        if let entries = pair.value.mapping {
            for entry in entries {
                switch entry.key {
                case "value": break
                case "comment" where question.allowsComment: commentNode = entry.value
                case "comment":
                    context.error(.unknownKey, at: entry.keyLocation, question: question.id, LocalizedText(
                        sv: "fråga \(question.id) har inget kommentarsfält; skriv det du vill säga i själva svaret eller ta bort `comment`",
                        en: "question \(question.id) has no comment field; put what you want to say in the answer itself or remove `comment`"))
                case "details": detailsPair = entry
                default:
                    context.unknownKey(entry, allowed: ResponseValidator.answerKeys,
                                       in: LocalizedText(sv: "svaret på fråga \(question.id)", en: "the answer to question \(question.id)"),
                                       question: question.id, aliases: ResponseValidator.answerKeyAliases)
                }
            }
            valueNode = pair.value["value"] ?? YAMLNode(.null, at: pair.keyLocation)
        }
        let valueLocation = valueNode.isNull ? pair.keyLocation : valueNode.location
        let errorsBefore = context.diagnostics.count { $0.severity == .error }
        var found = PersonalDataFindings()
        let value = typedValue(valueNode, personalData: &found.value, &context)
        // A value that was given but rejected has its own error; it is not also "missing".
        let rejected = value == nil && !valueNode.isNull && context.diagnostics.count { $0.severity == .error } > errorsBefore

        var comment: String?
        if let commentNode, let checked = freeText(commentNode, field: .comment, limit: question.maxLength, &context) {
            (comment, found.comment) = (checked.text, checked.personalData)
        }
        var details: String?
        if let detailsPair, let checked = freeText(detailsPair.value, field: .details, limit: question.maxLength, &context) {
            (details, found.details) = (checked.text, checked.personalData)
        }
        checkDetails(value: value, valueLocation: valueLocation, details: details, detailsPair: detailsPair, &context)
        var answer = Answer(value: value, comment: comment, details: details, keyLocation: pair.keyLocation, valueLocation: valueLocation)
        answer.hasRejectedValue = rejected
        answer.personalData = found
        answer.textLines = TextLines(value: valueNode.isNull ? nil : valueNode.firstTextLine,
                                     comment: commentNode?.firstTextLine, details: detailsPair?.value.firstTextLine)
        return answer
    }

    // MARK: - Values

    private func typedValue(_ node: YAMLNode, personalData: inout [PersonalData.Match], _ context: inout CheckContext) -> AnswerValue? {
        if node.isNull { return nil }
        switch question.type {
        case .text:
            guard let checked = freeText(node, field: .answer, limit: question.maxLength, &context) else { return nil }
            personalData = checked.personalData
            return .text(checked.text)
        case .choice:
            return choice(node, &context)
        case .multi:
            return multi(node, &context)
        case .percent, .decimal, .scale:
            return number(node, &context)
        }
    }

    private func choice(_ node: YAMLNode, _ context: inout CheckContext) -> AnswerValue? {
        if let items = node.sequence {
            let hint = items.count == 1 ? items[0].scalar.map { "; skriv `\($0)` utan hakparenteser" } ?? "" : ""
            let hintEN = items.count == 1 ? items[0].scalar.map { "; write `\($0)` without brackets" } ?? "" : ""
            context.error(.typeMismatch, at: node.location, question: question.id, LocalizedText(
                sv: "fråga \(question.id) har ett svarsalternativ, inte en lista\(hint)",
                en: "question \(question.id) takes one option, not a list\(hintEN)"))
            return nil
        }
        guard let text = node.scalar else {
            context.error(.typeMismatch, at: node.location, question: question.id, Messages.notScalar(question, node))
            return nil
        }
        return option(text, at: node.location, &context).map(AnswerValue.option)
    }

    private func multi(_ node: YAMLNode, _ context: inout CheckContext) -> AnswerValue? {
        let items: [YAMLNode]
        if let list = node.sequence {
            items = list
        } else if node.scalar != nil {
            items = [node]  // a single option written without brackets
        } else {
            context.error(.typeMismatch, at: node.location, question: question.id, LocalizedText(
                sv: "fråga \(question.id) tar en lista med alternativ, t.ex. `[\(question.options.prefix(2).map(\.id).joined(separator: ", "))]`",
                en: "question \(question.id) takes a list of options, e.g. `[\(question.options.prefix(2).map(\.id).joined(separator: ", "))]`"))
            return nil
        }
        var chosen: [(id: String, location: SourceLocation)] = []
        for item in items {
            guard let text = item.scalar else {
                context.error(.typeMismatch, at: item.location, question: question.id, Messages.notScalar(question, item))
                continue
            }
            guard let id = option(text, at: item.location, &context) else { continue }
            if chosen.contains(where: { $0.id == id }) {
                context.warning(.duplicateOption, at: item.location, question: question.id, LocalizedText(
                    sv: "alternativet `\(id)` står två gånger i svaret på fråga \(question.id)",
                    en: "option `\(id)` is listed twice in the answer to question \(question.id)"))
                continue
            }
            chosen.append((id, item.location))
        }
        if chosen.count > 1 {
            for entry in chosen where question.option(entry.id)?.exclusive == true {
                let label = question.option(entry.id)?.label ?? entry.id
                context.error(.exclusiveOption, at: entry.location, question: question.id, LocalizedText(
                    sv: "`\(entry.id)` (”\(label)”) kan inte kombineras med andra alternativ i fråga \(question.id); välj antingen `\(entry.id)` eller de andra",
                    en: "`\(entry.id)` (“\(label)”) cannot be combined with other options in question \(question.id); choose either `\(entry.id)` or the others"))
            }
        }
        return chosen.isEmpty ? nil : .options(chosen.map(\.id))
    }

    /// An option id, or `nil` (reported) when the question has no such option.
    private func option(_ text: String, at location: SourceLocation, _ context: inout CheckContext) -> String? {
        if question.option(text) != nil { return text }
        let suggestion = Suggestions.closest(to: text, among: question.options.map { ($0.id, [$0.label]) })
        let list = question.options.map { "`\($0.id)`" }.joined(separator: ", ")
        context.error(.unknownOption, at: location, question: question.id, LocalizedText(
            sv: "fråga \(question.id) har inget alternativ `\(text)`" + (suggestion.map { "; menade du `\($0)`?" } ?? "; alternativen är \(list)"),
            en: "question \(question.id) has no option `\(text)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? "; the options are \(list)")))
        return nil
    }

    private func number(_ node: YAMLNode, _ context: inout CheckContext) -> AnswerValue? {
        guard let text = node.scalar else {
            context.error(.typeMismatch, at: node.location, question: question.id, Messages.notScalar(question, node))
            return nil
        }
        if question.sentinel(text) != nil { return .sentinel(text) }
        guard let parsed = SwedishNumber.parse(text) else {
            let sentinel = Suggestions.closest(to: text, among: question.sentinels.map { ($0.id, [$0.label]) })
            let expected = question.type == .scale
                ? LocalizedText(sv: "ett heltal", en: "a whole number")
                : LocalizedText(sv: "ett tal (decimalkomma går bra, t.ex. 0,274)", en: "a number (a decimal comma is fine, e.g. 0,274)")
            context.error(.typeMismatch, at: node.location, question: question.id, LocalizedText(
                sv: "fråga \(question.id) tar \(expected.sv), inte `\(text)`" + (sentinel.map { "; menade du `\($0)`?" } ?? ""),
                en: "question \(question.id) takes \(expected.en), not `\(text)`" + (sentinel.map { "; did you mean `\($0)`?" } ?? "")))
            return nil
        }
        if question.type == .scale && !parsed.isInteger {
            context.error(.typeMismatch, at: node.location, question: question.id, LocalizedText(
                sv: "fråga \(question.id) tar ett heltal på skalan, inte `\(text)`",
                en: "question \(question.id) takes a whole step of the scale, not `\(text)`"))
            return nil
        }
        if let range = question.range, !range.contains(parsed.value) {
            context.error(.outOfRange, at: node.location, question: question.id,
                          Messages.outOfRange(question, text: text, parsed: parsed, range: range),
                          measured: parsed.value, limit: parsed.value > range.upperBound ? range.upperBound : range.lowerBound)
            return nil
        }
        return .number(parsed.value)
    }

    // MARK: - Follow-up texts

    private func checkDetails(value: AnswerValue?, valueLocation: SourceLocation, details: String?, detailsPair: YAMLPair?,
                              _ context: inout CheckContext) {
        let chosen = value?.chosenOptions.compactMap(question.option) ?? []
        let needing = chosen.filter { $0.details == .required }
        if let option = needing.first, details == nil {
            let what = option.detailsLabel.map { " (”\($0)”)" } ?? ""
            let whatEN = option.detailsLabel.map { " (“\($0)”)" } ?? ""
            context.error(.missingDetails, at: detailsPair?.keyLocation ?? valueLocation, question: question.id, LocalizedText(
                sv: "alternativet `\(option.id)` i fråga \(question.id) kräver en följdtext\(what); skriv den under `details:`",
                en: "option `\(option.id)` of question \(question.id) requires a follow-up text\(whatEN); write it under `details:`"))
        }
        if let detailsPair, details != nil, value != nil, !chosen.contains(where: { $0.details != nil }) {
            context.warning(.notRelevant, at: detailsPair.keyLocation, question: question.id, LocalizedText(
                sv: "följdtexten (details) till fråga \(question.id) hör inte till något av de valda alternativen och kommer inte med i sammanställningen",
                en: "the follow-up text (details) of question \(question.id) belongs to none of the chosen options and will not be compiled"))
        }
    }

    /// Checks a free text (answer, comment, details): its type, length and personal data.
    /// Returns the trimmed text, or `nil` when it is empty or not text.
    /// A free text, trimmed, with the personal data found in it (offsets within the trimmed
    /// text, which the anonymizer is given with it instead of searching again).
    private func freeText(_ node: YAMLNode, field: Field, limit: Int, _ context: inout CheckContext)
        -> (text: String, personalData: [PersonalData.Match])? {
        if node.isNull { return nil }
        guard let raw = node.scalar else {
            context.error(.typeMismatch, at: node.location, question: question.id, LocalizedText(
                sv: "\(field.describe(question.id).sv) ska vara en text, inte \(node.kindName.sv); skriv långa texter som block: `|` och texten indragen på raderna under",
                en: "\(field.describe(question.id).en) must be a text, not \(node.kindName.en); write long texts as a block: `|` with the text indented on the lines below"))
            return nil
        }
        let text = raw.trimmingWhitespace()
        guard !text.isEmpty else { return nil }
        let count = CharacterCount(text)
        let what = field.describe(question.id)
        switch count.standing(against: limit) {
        case .tooLong:
            context.error(.tooLong, at: node.location, question: question.id, Messages.tooLong(what, count, limit: limit),
                          measured: Double(count.characters), limit: Double(limit))
        case .crlfRisk:
            context.warning(.crlfRisk, at: node.location, question: question.id, Messages.crlfRisk(what, count, limit: limit),
                            measured: Double(count.characters), limit: Double(limit))
        case .nearLimit:
            context.note(.nearLimit, at: node.location, question: question.id, Messages.nearLimit(what, count, limit: limit),
                         measured: Double(count.characters), limit: Double(limit))
        case .within:
            break
        }
        let matches = PersonalData.find(in: text)
        let located = matches.prefix(Self.maxLocatedPersonalData)
        for (match, location) in zip(located, context.lines.locate(located.map(\.text), within: node)) {
            context.warning(.personalData, at: location, question: question.id, Messages.personalData(what, match.kind))
        }
        if matches.count > located.count {
            context.warning(.personalData, at: node.location, question: question.id,
                            Messages.morePersonalData(what, matches.count - located.count))
        }
        return (text, matches)
    }
}
