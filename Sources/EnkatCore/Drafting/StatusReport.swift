/// The drafting view of one response: per question, answered or not, characters used and left
/// against the limit, and what is still required.
public struct StatusReport: Sendable {
    /// Where a question stands.
    public enum State: String, Sendable {
        /// Answered (its value may still have errors: see `errors`).
        case answered
        /// Required and relevant but not answered.
        case missing
        /// Optional and not answered.
        case unanswered
        /// Not relevant given other answers, and not answered.
        case notRelevant = "not-relevant"
        /// Not relevant, but answered anyway.
        case answeredNotRelevant = "answered-not-relevant"
    }

    /// One free-text field's count.
    public struct FieldCount: Sendable {
        /// `answer`, `comment` or `details`.
        public var field: String
        /// Characters by the form's rule.
        public var characters: Int
        /// The limit.
        public var limit: Int
        /// Characters left (negative when over).
        public var left: Int { limit - characters }
    }

    /// One question's line.
    public struct Row: Sendable {
        /// The question.
        public var question: Question
        /// Where it stands.
        public var state: State
        /// The chosen option labels or the number, for choice and numeric questions.
        public var value: String?
        /// Counts of its free-text fields.
        public var fields: [FieldCount]
        /// Errors reported for the question.
        public var errors: Int
        /// Warnings reported for the question.
        public var warnings: Int
    }

    /// The file.
    public var file: String
    /// The survey.
    public var survey: Survey
    /// The respondent's display name.
    public var respondentName: String
    /// Rows in form order.
    public var rows: [Row]
    /// All the file's diagnostics.
    public var diagnostics: [Diagnostic]

    /// Builds the report from a check of the file.
    public init(check: ResponseCheck, survey: Survey, registry: Registry?) {
        let response = check.response
        let answers = response?.answers ?? [:]
        let relevance = Relevance(survey: survey, answers: answers)
        file = response?.file ?? check.diagnostics.first?.file ?? ""
        self.survey = survey
        let respondentID = response?.respondent ?? ""
        let respondent = registry?.respondent(respondentID)
        respondentName = respondent.map { $0.officialName ?? $0.name } ?? respondentID
        diagnostics = check.diagnostics
        rows = survey.questions.map { question in
            let answer = answers[question.id]
            let relevant = relevance.isRelevant(question)
            let answered = answer?.isAnswered == true
            let state: State = switch (relevant, answered) {
            case (true, true): .answered
            case (true, false): question.required ? .missing : .unanswered
            case (false, true): .answeredNotRelevant
            case (false, false): .notRelevant
            }
            var fields: [FieldCount] = []
            var value: String?
            switch answer?.value {
            case .text(let text)?:
                fields.append(FieldCount(field: "answer", characters: CharacterCount(text).characters, limit: question.maxLength))
            case .option(let id)?:
                value = question.option(id)?.label ?? id
            case .options(let ids)?:
                value = ids.map { question.option($0)?.label ?? $0 }.joined(separator: "; ")
            case .number(let number)?:
                value = SwedishNumber.format(number) + (question.type == .percent ? " %" : "")
            case .sentinel(let id)?:
                value = question.sentinel(id)?.label ?? id
            case nil:
                if question.type == .text {
                    fields.append(FieldCount(field: "answer", characters: 0, limit: question.maxLength))
                }
            }
            if let details = answer?.details {
                fields.append(FieldCount(field: "details", characters: CharacterCount(details).characters, limit: question.maxLength))
            }
            if let comment = answer?.comment {
                fields.append(FieldCount(field: "comment", characters: CharacterCount(comment).characters, limit: question.maxLength))
            }
            let own = check.diagnostics.filter { $0.question == question.id }
            return Row(question: question, state: state, value: value, fields: fields,
                       errors: own.count { $0.severity == .error && $0.code != .required },
                       warnings: own.count { $0.severity == .warning })
        }
    }

    /// Questions that are relevant now.
    public var relevantCount: Int { rows.count { $0.state != .notRelevant && $0.state != .answeredNotRelevant } }
    /// Relevant questions answered.
    public var answeredCount: Int { rows.count { $0.state == .answered } }
    /// Required questions still missing.
    public var missing: [Question] { rows.filter { $0.state == .missing }.map(\.question) }

    /// The report as text for a terminal.
    public func text(_ language: Language) -> String {
        let sv = language == .sv
        var out = "\(file)\n\(survey.title) – \(respondentName)\n"
        let idWidth = max(4, rows.map(\.question.id.count).max() ?? 4)
        var sectionID = ""
        for row in rows {
            if row.question.sectionID != sectionID {
                sectionID = row.question.sectionID
                let title = survey.sections.first { $0.id == sectionID }?.title ?? sectionID
                out += "\n\(title)\n"
            }
            let state: String = switch (row.state, sv) {
            case (.answered, true): "besvarad"
            case (.answered, false): "answered"
            case (.missing, true): "SAKNAS"
            case (.missing, false): "MISSING"
            case (.unanswered, true): "obesvarad"
            case (.unanswered, false): "unanswered"
            case (.notRelevant, true): "ej aktuell"
            case (.notRelevant, false): "not relevant"
            case (.answeredNotRelevant, true): "ej aktuell!"
            case (.answeredNotRelevant, false): "not relevant!"
            }
            var parts: [String] = []
            if let value = row.value { parts.append(value.count > 60 ? String(value.prefix(57)) + "…" : value) }
            for field in row.fields {
                let name: String = switch (field.field, sv) {
                case ("comment", true): "kommentar "
                case ("comment", false): "comment "
                case ("details", true): "följdtext "
                case ("details", false): "details "
                default: ""
                }
                let left = field.left >= 0
                    ? (sv ? "\(field.left) kvar" : "\(field.left) left")
                    : (sv ? "\(-field.left) för många" : "\(-field.left) too many")
                parts.append(sv ? "\(name)\(field.characters) av \(field.limit) tecken (\(left))"
                                : "\(name)\(field.characters) of \(field.limit) characters (\(left))")
            }
            if row.state == .missing { parts.append(sv ? "obligatorisk" : "required") }
            if row.state == .notRelevant, let condition = row.question.relevantWhen {
                let text = Messages.describe(condition, survey: survey)
                parts.append(sv ? "besvaras när \(text.sv)" : "answered when \(text.en)")
            }
            if row.errors > 0 { parts.append(sv ? "\(row.errors) fel" : "\(row.errors) error\(row.errors == 1 ? "" : "s")") }
            if row.warnings > 0 {
                parts.append(sv ? "\(row.warnings) varning\(row.warnings == 1 ? "" : "ar")" : "\(row.warnings) warning\(row.warnings == 1 ? "" : "s")")
            }
            out += "  " + row.question.id.padding(idWidth) + "  " + state.padding(sv ? 11 : 13) + "  " + parts.joined(separator: "; ") + "\n"
        }
        let summary = DiagnosticSummary(files: 1, diagnostics: diagnostics)
        let missing = self.missing
        out += "\n"
        if sv {
            out += "\(answeredCount) av \(relevantCount) aktuella frågor besvarade; "
            out += missing.isEmpty ? "alla obligatoriska frågor besvarade" : "\(missing.count) obligatoriska saknas (\(missing.map(\.id).joined(separator: ", ")))"
            out += "; \(summary.errors) fel, \(summary.warnings) varning\(summary.warnings == 1 ? "" : "ar")"
            if summary.errors + summary.warnings > 0 { out += " (visa dem med `enkat check \(file)`)" }
        } else {
            out += "\(answeredCount) of \(relevantCount) relevant questions answered; "
            out += missing.isEmpty ? "all required questions answered" : "\(missing.count) required missing (\(missing.map(\.id).joined(separator: ", ")))"
            out += "; \(summary.errors) error\(summary.errors == 1 ? "" : "s"), \(summary.warnings) warning\(summary.warnings == 1 ? "" : "s")"
            if summary.errors + summary.warnings > 0 { out += " (see them with `enkat check \(file)`)" }
        }
        return out + "\n"
    }

    /// The report as JSON, for tools (the web form).
    public func json() -> String {
        let json = JSONWriter()
        json.object {
            json.field("file", file)
            json.field("survey", survey.id)
            json.field("respondent", respondentName)
            json.key("questions")
            json.array {
                for row in rows {
                    json.object {
                        json.field("id", row.question.id)
                        json.field("state", row.state.rawValue)
                        if let value = row.value { json.field("value", value) }
                        json.key("fields")
                        json.array {
                            for field in row.fields {
                                json.object {
                                    json.field("field", field.field)
                                    json.field("characters", field.characters)
                                    json.field("limit", field.limit)
                                    json.field("left", field.left)
                                }
                            }
                        }
                        json.field("errors", row.errors)
                        json.field("warnings", row.warnings)
                    }
                }
            }
            json.key("summary")
            json.object {
                json.field("relevant", relevantCount)
                json.field("answered", answeredCount)
                json.key("missing")
                json.array { for question in missing { json.value(question.id) } }
                let summary = DiagnosticSummary(files: 1, diagnostics: diagnostics)
                json.field("errors", summary.errors)
                json.field("warnings", summary.warnings)
            }
        }
        return json.output + "\n"
    }
}
