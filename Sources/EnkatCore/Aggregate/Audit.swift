/// The reviewer's record of what was hidden and why: every replacement made in a free text (by
/// the anonymize stage), every hidden count and every withheld text (by the aggregate stage).
/// It names response files and shows what was found, so it is never published: it is kept
/// apart from ``CompiledReport``, and only ``AuditReport`` writes it, to a file whose name
/// says so.
public struct Audit: Sendable {
    /// Which free text of an answer.
    public enum Field: Sendable, Equatable, CaseIterable {
        /// The answer of a text question.
        case answer
        /// The comment.
        case comment
        /// The follow-up text an option asks for.
        case details

        /// The Swedish name, as the audit shows it.
        public var name: String {
            switch self {
            case .answer: "svar"
            case .comment: "kommentar"
            case .details: "följdtext"
            }
        }
    }

    /// One replacement in one text.
    public struct TextEntry: Sendable, Equatable {
        public var file: String
        public var question: String
        public var field: Field
        /// The line and column in the response file.
        public var line: Int
        public var column: Int
        public var kind: Replacement.Kind
        public var found: String
        public var placeholder: String
    }

    /// One hidden count.
    public struct CellEntry: Sendable, Equatable {
        public var question: String
        public var cell: String
        public var count: Int
        public var reason: CompiledCount.Suppression
    }

    /// Why texts are held back.
    public enum WithheldReason: Sendable, Equatable {
        /// Fewer than the threshold answered the text question.
        case fewAnswers(minCount: Int)
        /// Fewer than the threshold wrote a comment.
        case fewComments(minCount: Int)
        /// Follow-up texts of an option whose count is hidden.
        case detailsOfHiddenOption
        /// The question is asked only for some answers to another question, whose counts are hidden.
        case conditionHidden(question: String)
    }

    /// Texts held back.
    public struct WithheldEntry: Sendable, Equatable {
        public var question: String
        public var texts: Int
        public var reason: WithheldReason
    }

    public var replacements: [TextEntry] = []
    public var cells: [CellEntry] = []
    public var withheld: [WithheldEntry] = []
    /// The response files compiled, for the reviewer (never in a published output).
    public var files: [String] = []
    /// What could still identify a respondent and was not replaced (the risk queue).
    public var risks = RiskQueue()
    /// The reviewer's decisions read from `granskning.yaml`, and the file, if there was one.
    public var decisions = ReviewDecisions()
    public var decisionsFile: String?

    /// An empty audit.
    public init() {}
}
