import EnkatCore
import Foundation

// The values the Mustache templates render (`templates/form*.mustache`). Every property is a
// template key; names are ASCII because swift-mustache's tag names must be.

/// A link into the form ("Fråga 17c").
struct LinkView: Sendable {
    var href: String
    var label: String
    /// What follows the link in a running list: ", ", " och " or nothing.
    var separator = ""

    /// Links as a Swedish list: "3, 5 och 17c".
    static func list(_ links: [LinkView]) -> [LinkView] {
        zip(links, RunningList.separators(count: links.count, .and)).map { link, separator in
            var link = link
            link.separator = separator
            return link
        }
    }
}

/// A piece of a message: plain text, or `code` (an id, a key) shown as code.
struct MessagePart: Sendable {
    var text: String
    var code: Bool

    /// Splits a message at its backticks.
    static func parse(_ message: String) -> [MessagePart] {
        message.split(separator: "`", omittingEmptySubsequences: false).enumerated().compactMap { index, piece in
            piece.isEmpty ? nil : MessagePart(text: String(piece), code: index % 2 == 1)
        }
    }
}

/// A diagnostic shown next to its question or in the summary.
struct DiagnosticView: Sendable {
    /// `error`, `warning`, `note` or `missing` (a required question without answer).
    var kind: String
    /// "Fel", "Varning", "Notering", "Saknas".
    var label: String
    /// The validator's Swedish message, with `code` marked.
    var parts: [MessagePart]
    /// The stable code, `too-long` …
    var code: String
    /// The line in the file.
    var line: Int
    /// The question's anchor, for the summary's links; `nil` for file-level findings.
    var href: String?
    /// "Fråga 17c" for the summary.
    var questionLabel: String?

    init(_ diagnostic: Diagnostic) {
        let missing = diagnostic.code == .required
        kind = missing ? "missing" : diagnostic.severity.rawValue
        if missing {
            label = "Saknas"
        } else {
            label =
                switch diagnostic.severity {
                case .error: "Fel"
                case .warning: "Varning"
                case .note: "Notering"
                }
        }
        // A required question without answer: the validator's message lists option ids for
        // people writing YAML; in the form, the options are right there.
        let text = missing ? "Frågan är obligatorisk och saknar svar." : Self.sentence(diagnostic.message.sv)
        parts = MessagePart.parse(text)
        code = diagnostic.code.rawValue
        line = diagnostic.location.line
        href = diagnostic.question.map { "#" + FormIDs.anchor($0) }
        questionLabel = diagnostic.question.map { "Fråga \($0)" }
    }

    /// The validator's messages start in lower case (they follow `file:line:`); on a page
    /// they stand alone.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst() + (text.hasSuffix(".") || text.hasSuffix("?") ? "" : ".")
    }
}

/// A text area with its live counter.
struct TextFieldView: Sendable {
    var id: String
    var name: String
    /// The visible label; `nil` when the question text above is the label (a text question).
    var label: String?
    /// Words only screen readers need ("till fråga 17c").
    var hiddenLabel: String?
    var value: String
    var limit: Int
    /// "Beskriv med max 3000 tecken." under the label; `nil` when the question's help says so.
    var instruction: String?
    var instructionID: String
    var counterID: String
    var counterText: String
    var counterState: String
    /// Ids of the elements that describe the field (help, instruction, counter, diagnostics).
    var describedBy: String
    var rows: Int
    /// The question's own answer (not a comment or follow-up text), for the script's
    /// relevance checks.
    var isValue: Bool
    /// The answer has an error (`aria-invalid`).
    var invalid = false

    init(
        id: String, name: String, label: String?, hiddenLabel: String? = nil, value: String?, limit: Int,
        instruction: Bool = true, describedBy extra: [String?] = [], rows: Int, isValue: Bool = false
    ) {
        self.id = id
        self.name = name
        self.label = label
        self.hiddenLabel = hiddenLabel
        self.value = value ?? ""
        self.limit = limit
        self.instruction = instruction ? "Beskriv med max \(limit) tecken." : nil
        instructionID = id + "-max"
        counterID = id + "-count"
        let counter = FormCounter(text: value ?? "", limit: limit)
        counterText = counter.message
        counterState = counter.state.rawValue
        describedBy = (extra + [instruction ? instructionID : nil, counterID]).compactMap { $0 }.joined(separator: " ")
        self.rows = rows
        self.isValue = isValue
    }
}

/// A radio button or checkbox.
struct OptionView: Sendable {
    var id: String
    var name: String
    var value: String
    var label: String
    var checked: Bool
    /// `radio` or `checkbox`.
    var inputType: String
    /// The question has an error (`aria-invalid`), described by `describedBy` (its diagnostics).
    var invalid = false
    var describedBy: String?
    /// A value from the file that is none of the options (kept so a save does not lose it).
    var isExtra: Bool
    var exclusive: Bool

    /// The same choice, marked as part of an answer with an error that `describedBy` explains.
    func markedInvalid(describedBy ids: String?) -> OptionView {
        var option = self
        option.invalid = true
        option.describedBy = ids
        return option
    }
}

/// A number field ("Andel i procent") with its sentinel choices.
struct NumberView: Sendable {
    var id: String
    var name: String
    var label: String
    var value: String
    var hint: String
    var hintID: String
    var describedBy: String
    /// The answer has an error (`aria-invalid`).
    var invalid: Bool
    var sentinels: [OptionView]
}

/// One question.
struct QuestionView: Sendable {
    var id: String
    /// A number like the form's ("17c."), shown before the text; other ids ("team-malgrupper")
    /// are shown small after it, for finding the question in the YAML file.
    var numbered: Bool
    var anchor: String
    var domID: String
    var text: String
    var help: [String]
    var helpID: String?
    var required: Bool
    /// "Besvaras när fråga 17c är besvarad."
    var condition: String?
    /// For the script: the question the condition looks at, and the options that make it
    /// relevant (empty: any answer does).
    var whenQuestion: String?
    var whenAnchor: String?
    var whenOptions: String?

    var isText: Bool
    var isChoice: Bool
    var isNumber: Bool
    var textField: TextFieldView?
    var options: [OptionView]
    var number: NumberView?
    var details: TextFieldView?
    /// Option ids that show the follow-up text, space-separated.
    var detailsOptions: String
    var comment: TextFieldView?

    var diagnostics: [DiagnosticView]
    var diagnosticsID: String?
    var remarks: [String]
    /// `error`, `warning` or nothing: the question's frame colour.
    var status: String?
    /// What describes a choice group: help and diagnostics; `nil` when there is neither (an
    /// empty `aria-describedby` is not valid HTML).
    var groupDescribedBy: String?
    /// In a conflict: the saved file has another answer here.
    var differs: Bool
}

/// A section of the form.
struct SectionView: Sendable {
    var id: String
    var anchor: String
    var title: String
    var paragraphs: [String]
    var questions: [QuestionView]
    /// The anchor of the next section, for "Spara och fortsätt".
    var next: String?
    var isLast: Bool
}

/// The counts at the top of the form and the list of findings with links.
struct SummaryView: Sendable {
    var errors: Int
    var warnings: Int
    var notes: Int
    var missing: [LinkView]
    var items: [DiagnosticView]
    var headline: String
    /// `error`, `warning` or `ok`.
    var status: String
}

/// What happened on the last save.
struct SavedView: Sendable {
    var time: String
    var backup: String?
    var unchanged: Bool
}

/// Why nothing was written: the file changed since the form was loaded.
struct ConflictView: Sendable {
    /// When the file on disk was last changed.
    var changedAt: String?
    var fileMissing: Bool
    /// Questions where the saved file differs from what the user typed.
    var differing: [LinkView]
}

/// The whole form page.
struct PageView: Sendable {
    var title: String
    var publisher: String?
    var period: String?
    var respondentName: String
    var respondentID: String
    var file: String
    var intro: [String]
    var token: String
    var contactName: String
    var contactEmail: String
    var sections: [SectionView]
    var summary: SummaryView?
    var saved: SavedView?
    var conflict: ConflictView?
    var failure: String?
    var unshown: [String]
    /// Whether the page shows the file's findings (not on the conflict or failure page,
    /// which show what the user typed).
    var checked: Bool
    /// The file was written by hand (own comments, another layout): a save writes it in
    /// enkat's own layout.
    var rewrites: Bool
    var navForm = true
}

/// Ids and anchors derived from question and option ids (which may hold any character).
enum FormIDs {
    static func anchor(_ questionID: String) -> String { "fraga-" + safe(questionID) }
    static func dom(_ questionID: String) -> String { "q-" + safe(questionID) }

    static func safe(_ text: String) -> String {
        String(
            text.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
                    ? Character(scalar) : "_"
            })
    }
}

/// Builds the page values from a survey, raw answers and diagnostics.
struct FormViewBuilder {
    let survey: Survey
    let registry: Registry?

    /// The form page.
    func page(
        state: FormState, diagnostics: [Diagnostic], token: VersionToken, file: String,
        saved: SavedView? = nil, conflict: ConflictView? = nil, failure: String? = nil,
        differing: Set<String> = [], rewrites: Bool = false
    ) -> PageView {
        let byQuestion = Dictionary(
            grouping: diagnostics.filter { $0.question != nil && survey.question($0.question!) != nil },
            by: { $0.question! })
        var sections: [SectionView] = []
        for (index, section) in survey.sections.enumerated() {
            let next = index + 1 < survey.sections.count ? "avsnitt-" + FormIDs.safe(survey.sections[index + 1].id) : nil
            sections.append(
                SectionView(
                    id: section.id, anchor: "avsnitt-" + FormIDs.safe(section.id), title: section.title,
                    paragraphs: Self.paragraphs(section.text),
                    questions: section.questions.map {
                        question(
                            $0, raw: state.answers[$0.id], diagnostics: byQuestion[$0.id] ?? [],
                            remarks: state.remarks[$0.id] ?? [], differs: differing.contains($0.id))
                    },
                    next: next, isLast: next == nil))
        }
        let respondent = registry?.respondent(state.respondent)
        return PageView(
            title: survey.title, publisher: survey.publisher, period: survey.period,
            respondentName: respondent.map { $0.officialName ?? $0.name } ?? state.respondent,
            respondentID: state.respondent, file: file, intro: Self.paragraphs(survey.intro),
            token: token.hex, contactName: state.contactName ?? "", contactEmail: state.contactEmail ?? "",
            sections: sections, summary: summary(diagnostics), saved: saved, conflict: conflict, failure: failure,
            unshown: state.unshown.map { "`\($0.key)` (rad \($0.line))" },
            checked: conflict == nil && failure == nil, rewrites: rewrites)
    }

    /// The summary at the top: counts, the required questions still missing, every other
    /// finding with a link to its question.
    func summary(_ diagnostics: [Diagnostic]) -> SummaryView? {
        guard !diagnostics.isEmpty else { return nil }
        let counts = DiagnosticSummary(files: 1, diagnostics: diagnostics)
        let missing = diagnostics.filter { $0.code == .required }.compactMap(\.question)
        let others = diagnostics.filter { $0.code != .required }
            .sorted { ($0.severity, $0.location) < ($1.severity, $1.location) }
        let errors = counts.errors - missing.count
        var parts: [String] = []
        if errors > 0 { parts.append("\(errors) fel") }
        if counts.warnings > 0 { parts.append("\(counts.warnings) \(counts.warnings == 1 ? "varning" : "varningar")") }
        if counts.notes > 0 { parts.append("\(counts.notes) \(counts.notes == 1 ? "notering" : "noteringar")") }
        if !missing.isEmpty { parts.append("\(missing.count) obligatoriska \(missing.count == 1 ? "fråga" : "frågor") utan svar") }
        let headline = "Svaret har " + RunningList.and(parts)
        return SummaryView(
            errors: errors, warnings: counts.warnings, notes: counts.notes,
            missing: LinkView.list(missing.map { LinkView(href: "#" + FormIDs.anchor($0), label: $0) }),
            items: others.map(DiagnosticView.init), headline: headline,
            status: errors > 0 ? "error" : counts.warnings > 0 || !missing.isEmpty ? "warning" : "ok")
    }

    func question(
        _ question: Question, raw: FormState.RawAnswer?, diagnostics: [Diagnostic], remarks: [String],
        differs: Bool
    ) -> QuestionView {
        let dom = FormIDs.dom(question.id)
        let diagnosticsID = diagnostics.isEmpty && remarks.isEmpty ? nil : dom + "-diag"
        let help = Self.paragraphs(question.help)
        let helpID = help.isEmpty ? nil : dom + "-help"
        let values = raw?.values ?? []
        // Any error marks the answer invalid, a required question left without answer too.
        let invalid = diagnostics.contains { $0.severity == .error }
        var options: [OptionView] = []
        var textField: TextFieldView?
        var number: NumberView?
        let name = FormState.FieldName.value(question.id)
        switch question.type {
        case .text:
            // The question's help usually says "Beskriv med max 3000 tecken." already.
            let helpSaysLimit = help.contains { $0.contains("max") && $0.contains("tecken") }
            textField = TextFieldView(
                id: dom, name: name, label: nil, value: values.isEmpty ? nil : values.joined(separator: "\n"),
                limit: question.maxLength,
                instruction: !helpSaysLimit, describedBy: [helpID, diagnosticsID], rows: 10, isValue: true)
            textField?.invalid = invalid
        case .choice, .multi:
            // Several values for a one-choice question (an error the validator reports) are
            // shown as checkboxes, so that all of them survive a save until the user picks one.
            let type = question.type == .choice && values.count <= 1 ? "radio" : "checkbox"
            options = question.options.map { option in
                OptionView(
                    id: dom + "-" + FormIDs.safe(option.id), name: name, value: option.id, label: option.label,
                    checked: values.contains(option.id), inputType: type, isExtra: false, exclusive: option.exclusive)
            }
            options += extras(values.filter { value in !question.options.contains { $0.id == value } }, dom: dom, name: name, type: type)
            if invalid { options = options.map { $0.markedInvalid(describedBy: diagnosticsID) } }
        case .scale:
            let steps = question.scaleSteps
            options = steps.map { step in
                OptionView(
                    id: dom + "-\(step.value)", name: name, value: "\(step.value)", label: step.caption,
                    checked: values.contains { SwedishNumber.parse($0)?.value == Double(step.value) },
                    inputType: "radio", isExtra: false, exclusive: false)
            }
            options += extras(
                values.filter { value in !steps.contains { SwedishNumber.parse(value)?.value == Double($0.value) } },
                dom: dom, name: name, type: "radio")
            if invalid { options = options.map { $0.markedInvalid(describedBy: diagnosticsID) } }
        case .percent, .decimal:
            let sentinelChosen = values.first.flatMap { question.sentinel($0) }
            let typed = sentinelChosen == nil ? values.joined(separator: ", ") : ""
            let hintID = dom + "-hint"
            number = NumberView(
                id: dom, name: name,
                label: question.unitLabel ?? (question.type == .percent ? "Andel i procent" : "Ange ett tal"),
                value: typed, hint: Self.numberHint(question), hintID: hintID,
                describedBy: [helpID, hintID, diagnosticsID].compactMap { $0 }.joined(separator: " "),
                invalid: invalid,
                sentinels: question.sentinels.map { sentinel in
                    OptionView(
                        id: dom + "-" + FormIDs.safe(sentinel.id), name: FormState.FieldName.sentinel(question.id),
                        value: sentinel.id, label: sentinel.label, checked: sentinelChosen?.id == sentinel.id,
                        inputType: "checkbox", isExtra: false, exclusive: false)
                })
        }
        let detailOptions = question.options.filter { $0.details != nil }
        var details: TextFieldView?
        if !detailOptions.isEmpty {
            let first = detailOptions[0]
            let label = first.label + ", " + (first.detailsLabel ?? "beskriv")
            details = TextFieldView(
                id: dom + "-details", name: FormState.FieldName.details(question.id), label: label,
                hiddenLabel: "(fråga \(question.id))", value: raw?.details, limit: question.maxLength,
                describedBy: [diagnosticsID], rows: 6)
        }
        var comment: TextFieldView?
        if question.allowsComment {
            comment = TextFieldView(
                id: dom + "-comment", name: FormState.FieldName.comment(question.id),
                label: "Lämna gärna en kommentar", hiddenLabel: "till fråga \(question.id)",
                value: raw?.comment, limit: question.maxLength, describedBy: [diagnosticsID], rows: 4)
        }
        let worst = diagnostics.filter { $0.code != .required }.map(\.severity).min()
        var whenOptions: String?
        if case .equals(let ids)? = question.relevantWhen?.test { whenOptions = ids.joined(separator: " ") }
        return QuestionView(
            id: question.id, numbered: question.id.first?.isNumber == true, anchor: FormIDs.anchor(question.id), domID: dom,
            text: question.text.trimmingWhitespace(),
            help: help, helpID: helpID, required: question.required,
            condition: question.relevantWhen.map(describe), whenQuestion: question.relevantWhen?.question,
            whenAnchor: question.relevantWhen.map { FormIDs.anchor($0.question) },
            whenOptions: whenOptions, isText: question.type == .text, isChoice: !options.isEmpty, isNumber: number != nil,
            textField: textField, options: options, number: number, details: details,
            detailsOptions: detailOptions.map(\.id).joined(separator: " "), comment: comment,
            diagnostics: diagnostics.map(DiagnosticView.init), diagnosticsID: diagnosticsID, remarks: remarks,
            status: worst == .error ? "error" : worst == .warning ? "warning" : nil,
            groupDescribedBy: helpID == nil && diagnosticsID == nil ? nil : [helpID, diagnosticsID].compactMap { $0 }.joined(separator: " "),
            differs: differs)
    }

    private func extras(_ values: [String], dom: String, name: String, type: String) -> [OptionView] {
        values.enumerated().map { index, value in
            OptionView(
                id: dom + "-extra-\(index)", name: name, value: value,
                label: "Värde i filen: ”\(value)” (inte ett av alternativen; välj ett av dem)",
                checked: true, inputType: type, isExtra: true, exclusive: false)
        }
    }

    /// "Besvaras när fråga 17c är besvarad." in the form's words, with option labels.
    func describe(_ condition: Condition) -> String {
        switch condition.test {
        case .answered:
            return "Besvaras när fråga \(condition.question) är besvarad."
        case .equals(let ids):
            let target = survey.question(condition.question)
            let labels = ids.map { id in "”" + (target?.option(id)?.label ?? id) + "”" }
            return
                "Besvaras när du har svarat \(RunningList.or(labels)) på fråga \(condition.question)."
        }
    }

    static func numberHint(_ question: Question) -> String {
        switch question.type {
        case .percent:
            let range = question.range.map { "\(SwedishNumber.format($0.lowerBound))–\(SwedishNumber.format($0.upperBound))" } ?? "0–100"
            return "Ett tal \(range), decimalkomma går bra (t.ex. 79 eller 79,5)."
        default:
            guard let range = question.range else { return "Ett tal, decimalkomma går bra." }
            let example = range == 0...1 ? " (t.ex. 0,274)" : ""
            return "Ett tal \(SwedishNumber.format(range.lowerBound))–\(SwedishNumber.format(range.upperBound)) med decimalkomma\(example)."
        }
    }

    /// A definition text as paragraphs: blank lines separate paragraphs, a single line break
    /// inside a paragraph is a hard wrap (joined with a space) unless the next line starts a
    /// list item.
    static func paragraphs(_ text: String?) -> [String] {
        guard let text else { return [] }
        var paragraphs: [String] = []
        var current = ""
        for line in text.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                if !current.isEmpty { paragraphs.append(current) }
                current = ""
            } else if current.isEmpty {
                current = trimmed
            } else if trimmed.hasPrefix("- ") || trimmed.hasPrefix("• ") || trimmed.hasPrefix("– ") {
                current += "\n" + trimmed
            } else {
                current += " " + trimmed
            }
        }
        if !current.isEmpty { paragraphs.append(current) }
        return paragraphs
    }
}
