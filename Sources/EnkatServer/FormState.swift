import EnkatCore
import Foundation

/// What a response file holds, exactly as written, or what the user typed into the form:
/// the form shows and saves these raw values rather than the validator's typed answers,
/// because a value the validator rejects (an index of `274`, an option id with a typo) must
/// stay visible and be saved again until the user fixes it.
struct FormState: Sendable, Equatable {
    /// One question's raw answer.
    struct RawAnswer: Sendable, Equatable {
        /// The value as written: a text, an option id, a number as typed, a sentinel id; or
        /// several option ids. Empty when unanswered.
        var values: [String] = []
        /// The comment as written.
        var comment: String?
        /// The follow-up text as written.
        var details: String?

        var isEmpty: Bool { values.isEmpty && comment == nil && details == nil }
    }

    /// The respondent id as written in the file.
    var respondent: String = ""
    /// The contact person.
    var contactName: String?
    var contactEmail: String?
    /// Answers by question id (only questions of the survey).
    var answers: [String: RawAnswer] = [:]
    /// What the file holds that the form cannot show, and that a save therefore drops
    /// (answers to unknown questions, contact keys other than name and email). Shown on the
    /// page so nobody is surprised; the backup keeps them.
    var unshown: [Unshown] = []
    /// Remarks about the submission (a number and "kan inte uppskattas" both given), by question id.
    var remarks: [String: [String]] = [:]

    /// Something in the file the form does not show.
    struct Unshown: Sendable, Equatable {
        /// The key as written (`6A`, `contact.phone`).
        var key: String
        /// Its line in the file.
        var line: Int
    }

    static func == (lhs: FormState, rhs: FormState) -> Bool {
        lhs.respondent == rhs.respondent && lhs.contactName == rhs.contactName && lhs.contactEmail == rhs.contactEmail
            && lhs.answers == rhs.answers
    }
}

// MARK: - Reading a file

extension FormState {
    /// The raw answers of a response file; `nil` when the file is not a YAML mapping.
    init?(yaml bytes: [UInt8], file: String, survey: Survey) {
        guard let root = YAMLReader.parse(bytes, file: file).root, root.mapping != nil else { return nil }
        respondent = root["respondent"]?.scalar ?? ""
        if let contact = root["contact"]?.mapping {
            for pair in contact {
                switch pair.key {
                case "name": contactName = pair.value.scalar
                case "email": contactEmail = pair.value.scalar
                default:
                    if !pair.value.isNull { unshown.append(Unshown(key: "contact.\(pair.key)", line: pair.keyLocation.line)) }
                }
            }
        }
        if let answers = root.pair("answers"), !answers.value.isNull, answers.value.mapping == nil {
            unshown.append(Unshown(key: "answers", line: answers.keyLocation.line))
        }
        for pair in root["answers"]?.mapping ?? [] {
            guard let question = survey.question(pair.key) else {
                unshown.append(Unshown(key: pair.key, line: pair.keyLocation.line))
                continue
            }
            var answer = RawAnswer()
            if let entries = pair.value.mapping {
                for entry in entries {
                    switch entry.key {
                    case "value": answer.values = Self.values(entry.value, question: question)
                    // A comment or follow-up text the question does not take cannot be written
                    // back (the validator reports it); the page names it instead.
                    case "comment" where question.allowsComment: answer.comment = Self.text(entry.value)
                    case "details" where question.options.contains { $0.details != nil }: answer.details = Self.text(entry.value)
                    default:
                        if Self.text(entry.value) != nil || entry.value.mapping != nil || entry.value.sequence != nil {
                            unshown.append(Unshown(key: "\(pair.key).\(entry.key)", line: entry.keyLocation.line))
                        }
                    }
                }
            } else {
                answer.values = Self.values(pair.value, question: question)
            }
            if !answer.isEmpty { answers[question.id] = answer }
        }
    }

    private static func values(_ node: YAMLNode, question: Question) -> [String] {
        if let items = node.sequence {
            return items.compactMap(\.scalar)
        }
        guard let scalar = node.scalar else { return [] }
        if question.type == .text {
            return text(node).map { [$0] } ?? []
        }
        let trimmed = scalar.trimmingWhitespace()
        return trimmed.isEmpty ? [] : [trimmed]
    }

    /// A block scalar's text without its final line break; `nil` when empty.
    private static func text(_ node: YAMLNode) -> String? {
        guard var text = node.scalar else { return nil }
        while text.hasSuffix("\n") { text.removeLast() }
        return text.trimmingWhitespace().isEmpty ? nil : text
    }
}

// MARK: - Reading a submission

extension FormState {
    /// The field names the form uses for one question.
    enum FieldName {
        static func value(_ id: String) -> String { "q.\(id)" }
        static func sentinel(_ id: String) -> String { "q.\(id).sentinel" }
        static func details(_ id: String) -> String { "q.\(id).details" }
        static func comment(_ id: String) -> String { "q.\(id).comment" }
        static let respondent = "respondent"
        static let contactName = "contact.name"
        static let contactEmail = "contact.email"
        static let token = "token"
        static let action = "action"
    }

    /// What the user typed, read from the form. Line breaks arrive as CRLF and are stored as
    /// LF; a text of only white space is an empty answer.
    init(submission: FormSubmission, survey: Survey) {
        respondent = submission.first(FieldName.respondent)?.trimmingWhitespace() ?? ""
        contactName = Self.line(submission.first(FieldName.contactName))
        contactEmail = Self.line(submission.first(FieldName.contactEmail))
        for question in survey.questions {
            let id = question.id
            var answer = RawAnswer()
            switch question.type {
            case .text:
                answer.values = Self.block(submission.first(FieldName.value(id))).map { [$0] } ?? []
            case .multi:
                answer.values = submission.all(FieldName.value(id)).filter { !$0.isEmpty }
            case .choice, .scale:
                answer.values = submission.all(FieldName.value(id)).filter { !$0.isEmpty }
            case .percent, .decimal:
                let number = Self.line(submission.first(FieldName.value(id)))
                let sentinel = submission.all(FieldName.sentinel(id)).first { !$0.isEmpty }
                if let number {
                    answer.values = [number]
                    if let sentinel {
                        let label = question.sentinel(sentinel)?.label ?? sentinel
                        remarks[id, default: []].append(
                            "Du angav både ett tal och ”\(label)”. Talet sparades; töm fältet om ”\(label)” gäller.")
                    }
                } else if let sentinel {
                    answer.values = [sentinel]
                }
            }
            answer.details = Self.block(submission.first(FieldName.details(id)))
            answer.comment = Self.block(submission.first(FieldName.comment(id)))
            if !answer.isEmpty { answers[id] = answer }
        }
    }

    /// A multi-line text with line breaks as LF; `nil` when it holds only white space.
    static func block(_ text: String?) -> String? {
        guard let text else { return nil }
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return normalized.trimmingWhitespace().isEmpty ? nil : normalized
    }

    /// A one-line field, trimmed; `nil` when empty.
    static func line(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }
}

// MARK: - Writing

extension FormState {
    /// The answers as a draft for `ResponseWriter.yaml`, which writes the complete file with
    /// every question's text as comments, as `enkat new` does.
    func draft(survey: Survey) -> ResponseDraft {
        var draft = ResponseDraft(contactName: contactName, contactEmail: contactEmail)
        for question in survey.questions {
            guard let raw = answers[question.id] else { continue }
            var answer = ResponseDraft.Answer(comment: raw.comment, details: raw.details)
            if !raw.values.isEmpty {
                answer.value = Self.value(raw.values, question: question)
            }
            draft.answers[question.id] = answer
        }
        return draft
    }

    private static func value(_ values: [String], question: Question) -> ResponseDraft.Value {
        switch question.type {
        case .text:
            return .text(values.joined(separator: "\n"))
        case .multi:
            return .options(values)
        case .choice:
            return values.count == 1 ? .option(values[0]) : .options(values)
        case .percent, .decimal, .scale:
            if values.count > 1 { return .options(values) }
            return question.sentinel(values[0]) != nil ? .sentinel(values[0]) : .number(values[0])
        }
    }

    /// The YAML text of the whole response file.
    func yaml(survey: Survey, registry: Registry?) -> String {
        ResponseWriter.yaml(
            survey: survey, respondent: registry?.respondent(respondent), respondentID: respondent, draft: draft(survey: survey))
    }
}
