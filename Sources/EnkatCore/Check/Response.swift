/// A response file read and typed by its survey: what the compiler and the drafting tools
/// work with. Only values that passed their checks are here; a wrong value is left out
/// (and reported).
public struct Response: Sendable {
    /// The file it came from.
    public var file: String
    /// The survey id.
    public var survey: String
    /// The respondent id.
    public var respondent: String
    /// The answers that could be typed, by question id.
    public var answers: [String: Answer]
    /// Where `answers:` is (or the top of the file).
    public var answersLocation: SourceLocation
}

/// One question's answer.
public struct Answer: Sendable {
    /// The typed value, or `nil` when only a comment (or nothing) was given.
    public var value: AnswerValue?
    /// The comment, trimmed; `nil` when absent or empty.
    public var comment: String?
    /// The follow-up text, trimmed; `nil` when absent or empty.
    public var details: String?
    /// Where the question's key is.
    public var keyLocation: SourceLocation
    /// Where the value is (the key when there is none).
    public var valueLocation: SourceLocation

    /// Whether the question counts as answered.
    /// Where each free text starts in the source file, for the reviewer's audit.
    public var textLines = TextLines()

    /// The personal data the check found in each free text, for the anonymizer (`nil` for an
    /// answer that did not come through the check: the anonymizer then searches itself).
    public var personalData: PersonalDataFindings?

    /// A value was written but rejected (an unknown option, a number out of range); its
    /// error is reported, and the question is not reported as unanswered as well.
    public var hasRejectedValue = false

    public var isAnswered: Bool { value != nil }
}

/// A typed answer value.
public enum AnswerValue: Sendable, Equatable {
    /// Free text, trimmed.
    case text(String)
    /// One option id.
    case option(String)
    /// Option ids, in the order given, without repeats.
    case options([String])
    /// A number (percent, decimal or scale step).
    case number(Double)
    /// A sentinel such as `kan-inte-uppskattas`.
    case sentinel(String)

    /// The option ids chosen, for conditions and details.
    public var chosenOptions: [String] {
        switch self {
        case .option(let id): [id]
        case .options(let ids): ids
        default: []
        }
    }
}

/// The source line on which the first line of each of an answer's texts stands.
public struct TextLines: Sendable, Equatable {
    /// The answer's own text (a `text` question).
    public var value: Int?
    /// The comment.
    public var comment: Int?
    /// The follow-up text (`details`).
    public var details: Int?

    public init(value: Int? = nil, comment: Int? = nil, details: Int? = nil) {
        self.value = value
        self.comment = comment
        self.details = details
    }
}

/// The personal data found in each of an answer's texts (offsets within the trimmed text).
public struct PersonalDataFindings: Sendable, Equatable {
    public var value: [PersonalData.Match] = []
    public var comment: [PersonalData.Match] = []
    public var details: [PersonalData.Match] = []

    public init() {}
}

extension Question {
    /// The chosen option that asks for a follow-up text ("Ja, beskriv …"), to which an
    /// answer's `details` belong; `nil` when no chosen option asks for one (the text then
    /// counts nowhere: the report and the anonymize stage leave it out alike).
    public func detailsOption(chosenIn value: AnswerValue?) -> AnswerOption? {
        guard let chosen = value?.chosenOptions, !chosen.isEmpty else { return nil }
        return options.first { $0.details != nil && chosen.contains($0.id) }
    }
}
