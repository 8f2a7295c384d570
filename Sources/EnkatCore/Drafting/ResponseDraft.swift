/// Answers to write into a response file: what the importers read from a printout or a
/// spreadsheet, and what the web form saves. `ResponseWriter.yaml(…, draft:)` writes them with
/// every question's text and limit as comments, exactly like `enkat new`, so a user can go on
/// editing the file by hand.
public struct ResponseDraft: Sendable, Equatable {
    /// One answer as it will be written.
    public struct Answer: Sendable, Equatable {
        /// The value, or `nil` to leave the question unanswered.
        public var value: Value?
        /// The comment ("Lämna gärna en kommentar").
        public var comment: String?
        /// The follow-up text an option asks for.
        public var details: String?
        /// Lines written as YAML comments above the answer, e.g. why a choice is still open.
        public var notes: [String]

        public init(value: Value? = nil, comment: String? = nil, details: String? = nil, notes: [String] = []) {
            self.value = value
            self.comment = comment
            self.details = details
            self.notes = notes
        }
    }

    /// A value as written in the file.
    public enum Value: Sendable, Equatable {
        /// Free text, written as a block (`|`).
        case text(String)
        /// One option id.
        case option(String)
        /// Option ids of a multi question.
        case options([String])
        /// A number as the user should see it (`79`, `0,274`).
        case number(String)
        /// A sentinel id such as `kan-inte-uppskattas`.
        case sentinel(String)
    }

    /// The contact person (never copied into a compiled report).
    public var contactName: String?
    public var contactEmail: String?
    /// Lines written as comments at the top of the file (where the answers came from).
    public var notes: [String]
    /// Answers by question id.
    public var answers: [String: Answer]

    public init(contactName: String? = nil, contactEmail: String? = nil, notes: [String] = [], answers: [String: Answer] = [:]) {
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.notes = notes
        self.answers = answers
    }
}

extension ResponseDraft {
    /// The answers of a checked response, to write it again (the web form, a re-import).
    public init(response: Response, contactName: String? = nil, contactEmail: String? = nil) {
        var answers: [String: Answer] = [:]
        for (id, answer) in response.answers {
            let value: Value? = switch answer.value {
            case nil: nil
            case .text(let text)?: .text(text)
            case .option(let option)?: .option(option)
            case .options(let options)?: .options(options)
            case .number(let number)?: .number(SwedishNumber.format(number, maxFractionDigits: 6))
            case .sentinel(let sentinel)?: .sentinel(sentinel)
            }
            answers[id] = Answer(value: value, comment: answer.comment, details: answer.details)
        }
        self.init(contactName: contactName, contactEmail: contactEmail, answers: answers)
    }
}
