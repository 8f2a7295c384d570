/// Writes a complete response file: every question present, in form order, with its text,
/// its options and its character limit as comments. Without a draft (`enkat new`) every
/// answer is empty, so `enkat check` on the fresh file lists exactly the required questions;
/// with one (the importers, the web form's save) the draft's answers are filled in and the
/// comments stay.
public enum ResponseWriter {
    /// The YAML text of a response by `respondent` to `survey`, with `draft`'s answers.
    public static func yaml(survey: Survey, respondent: Respondent?, respondentID: String, draft: ResponseDraft = ResponseDraft()) -> String {
        var out = ""
        func comment(_ text: String, indent: String = "", hanging: String = "") {
            out += ResponseWriter.comment(text, indent: indent, hanging: hanging)
        }
        comment(survey.title)
        if let publisher = survey.publisher { comment("Frågor från \(publisher)" + (survey.period.map { ", \($0)" } ?? "") + ".") }
        comment("Svarande: \(respondent?.officialName ?? respondent?.name ?? respondentID) (\(respondentID)).")
        out += "#\n"
        comment("Skriv svaren efter kolonet. Långa texter skrivs på raderna under `|`, indragna två steg mer än frågans nyckel. Ett tomt svar räknas som obesvarat. Kontrollera med `enkat check FIL` och se vad som återstår med `enkat status FIL`.")
        comment("Tecken räknas som i webbformuläret: en radbrytning är ett tecken, inledande och avslutande blanksteg räknas inte.")
        comment("Skriv inga personuppgifter (namn, personnummer, e-post eller telefon till enskilda) i svaren.")
        if !draft.notes.isEmpty {
            out += "#\n"
            for note in draft.notes { comment(note) }
        }
        out += "survey: \(survey.id)\n"
        out += "respondent: \(YAMLValueWriter.scalar(respondentID))\n"
        out += "contact:              # kontaktperson; följer aldrig med i någon sammanställning\n"
        out += "  name:" + (draft.contactName.map { " " + JSONWriter.quote($0) } ?? "") + "\n"
        out += "  email:" + (draft.contactEmail.map { " " + JSONWriter.quote($0) } ?? "") + "\n"
        out += "answers:\n"
        for section in survey.sections {
            out += "\n"
            comment("━━ \(section.title) ━━", indent: "  ")
            if let text = section.text {
                for paragraph in text.components(separatedBy: "\n") {
                    comment(paragraph, indent: "  ")
                }
            }
            for question in section.questions {
                out += "\n"
                out += lines(for: question, survey: survey, answer: draft.answers[question.id])
            }
        }
        return out
    }

    /// `text` as wrapped YAML comment lines.
    static func comment(_ text: String, indent: String = "", hanging: String = "") -> String {
        wrap(text, width: 92 - indent.count - 2, hanging: hanging)
            .map { indent + ($0.isEmpty ? "#" : "# " + $0) + "\n" }
            .joined()
    }

    /// One question's comment block and its answer (empty when the draft has none).
    private static func lines(for question: Question, survey: Survey, answer: ResponseDraft.Answer?) -> String {
        var out = ""
        func comment(_ text: String, _ indent: String, _ hanging: String) {
            out += ResponseWriter.comment(text, indent: indent, hanging: hanging)
        }
        let indent = "  "
        let marker = question.required ? (question.relevantWhen == nil ? " (obligatorisk)" : " (obligatorisk när den är aktuell)") : ""
        comment("\(question.id). \(question.text)\(marker)", indent, "   ")
        if let help = question.help { comment(help, indent, "") }
        if let condition = question.relevantWhen {
            comment("Besvaras bara när \(Messages.describe(condition, survey: survey).sv).", indent, "")
        }
        let width = (question.options + question.sentinels).map(\.id.count).max() ?? 0
        func optionLines(_ options: [AnswerOption]) {
            for option in options {
                var line = option.id.padding(width) + "  " + option.label
                if option.exclusive { line += " (kan inte kombineras med andra)" }
                if let rule = option.details {
                    let label = option.detailsLabel ?? "beskriv"
                    line += rule == .required ? " – kräver följdtext under details: \(label)" : " – följdtext under details går bra: \(label)"
                }
                comment(line, indent + "    ", String(repeating: " ", count: width + 2))
            }
        }
        switch question.type {
        case .text:
            comment("Fritext, max \(question.maxLength) tecken.", indent, "")
        case .choice:
            comment("Välj ett alternativ:", indent, "")
            optionLines(question.options)
        case .multi:
            comment("Välj ett eller flera alternativ, t.ex. [\(question.options.prefix(2).map(\.id).joined(separator: ", "))]:", indent, "")
            optionLines(question.options)
        case .percent:
            comment("\(question.unitLabel ?? "Andel i procent"): ett tal 0–100 (decimalkomma går bra, t.ex. 79 eller 79,5).", indent, "")
        case .decimal:
            let range = question.range.map { "\(SwedishNumber.format($0.lowerBound))–\(SwedishNumber.format($0.upperBound))" } ?? ""
            let example = question.range == 0...1 ? " (t.ex. 0,274)" : ""
            comment("\(question.unitLabel ?? "Ett tal"): \(range), med decimalkomma\(example).", indent, "")
            if !question.sentinels.isEmpty {
                comment("Eller:", indent, "")
                optionLines(question.sentinels)
            }
        case .scale:
            comment("Välj ett steg på skalan:", indent, "")
            for step in question.scaleSteps {
                comment("\(step.value)" + (step.label.map { "  " + $0 } ?? ""), indent + "    ", "   ")
            }
        }
        let hasDetails = question.options.contains { $0.details != nil }
        if question.allowsComment {
            comment("Lämna gärna en kommentar under comment (max \(question.maxLength) tecken).", indent, "")
        }
        for note in answer?.notes ?? [] {
            comment("OBS: " + note, indent, "     ")
        }
        let emptyValue: String
        switch question.type {
        case .text: emptyValue = " |\n"
        case .multi: emptyValue = " []\n"
        default: emptyValue = "\n"
        }
        func value(at valueIndent: String) -> String {
            switch answer?.value {
            case nil: emptyValue
            case .text(let text)?: YAMLValueWriter.text(text, indent: valueIndent)
            case .option(let id)?, .sentinel(let id)?: " " + YAMLValueWriter.scalar(id) + "\n"
            case .options(let ids)?: " [" + ids.map(YAMLValueWriter.scalar).joined(separator: ", ") + "]\n"
            case .number(let text)?: " " + YAMLValueWriter.scalar(text) + "\n"
            }
        }
        func block(_ text: String?, at valueIndent: String) -> String {
            text.map { YAMLValueWriter.text($0, indent: valueIndent) } ?? " |\n"
        }
        if question.allowsComment || hasDetails {
            out += "\(indent)\(key(question.id)):\n"
            out += "\(indent)  value:" + value(at: indent + "  ")
            if hasDetails { out += "\(indent)  details:" + block(answer?.details, at: indent + "  ") }
            if question.allowsComment { out += "\(indent)  comment:" + block(answer?.comment, at: indent + "  ") }
        } else {
            out += "\(indent)\(key(question.id)):" + value(at: indent)
        }
        return out
    }

    /// A question id as a YAML key; plain ids stay plain (enkat reads `1` as the string "1").
    private static func key(_ id: String) -> String {
        let plain = id.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
        return plain && !id.isEmpty ? id : JSONWriter.quote(id)
    }

    /// Greedy word wrap; continuation lines start with `hanging`.
    static func wrap(_ text: String, width: Int, hanging: String) -> [String] {
        // Each line of a multi-line text (paragraphs, bullet lists) is wrapped on its own, so
        // no line break can escape the comment.
        let paragraphs = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if paragraphs.count > 1 {
            return paragraphs.enumerated().flatMap { index, line in
                wrapLine(String(line), width: width, hanging: hanging, first: index == 0)
            }
        }
        return wrapLine(text, width: width, hanging: hanging, first: true)
    }

    private static func wrapLine(_ text: String, width: Int, hanging: String, first: Bool) -> [String] {
        // A line that fits keeps its own spacing (the aligned option lists).
        if text.count <= width && !text.hasPrefix(" ") {
            return [(first ? "" : hanging) + text]
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !words.isEmpty else { return [""] }
        guard !words.isEmpty else { return [""] }
        var lines: [String] = []
        var current = ""
        for word in words {
            if current.isEmpty {
                current = (lines.isEmpty && first ? "" : hanging) + word
            } else if current.count + 1 + word.count > width {
                lines.append(current)
                current = hanging + word
            } else {
                current += " " + word
            }
        }
        lines.append(current)
        return lines
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
