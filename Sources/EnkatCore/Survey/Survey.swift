/// The kinds of answer a question takes.
public enum QuestionType: String, Sendable, CaseIterable {
    /// Free text with a character limit.
    case text
    /// One option.
    case choice
    /// A list of options.
    case multi
    /// A number 0–100.
    case percent
    /// A number in a range, decimal comma allowed, maybe a sentinel option.
    case decimal
    /// An integer on a labelled scale.
    case scale

    /// Types whose answer is chosen from options.
    public var hasOptions: Bool { self == .choice || self == .multi }
    /// Types whose answer is a number.
    public var isNumeric: Bool { self == .percent || self == .decimal || self == .scale }
}

/// Whether an option asks for a follow-up text ("Ja, beskriv …", "Annat, nämligen").
public enum DetailsRule: String, Sendable {
    case required, optional
}

/// One answer alternative.
public struct AnswerOption: Sendable, Equatable {
    /// The id written in responses.
    public var id: String
    /// The label shown to respondents.
    public var label: String
    /// Whether choosing it asks for a follow-up text.
    public var details: DetailsRule?
    /// The wording of the follow-up ("beskriv kortfattat …").
    public var detailsLabel: String?
    /// In a multi question: cannot be combined with other options ("Inga").
    public var exclusive: Bool
    /// Where the option is defined.
    public var location: SourceLocation
}

/// When a question is relevant.
public struct Condition: Sendable, Equatable {
    /// What the condition tests.
    public enum Test: Sendable, Equatable {
        /// The other question has an answer.
        case answered
        /// The other question's value is (or, for multi, includes) one of these options.
        case equals([String])
    }

    /// The question the condition looks at.
    public var question: String
    /// The test.
    public var test: Test
    /// Where the condition is written.
    public var location: SourceLocation
}

/// One question of a questionnaire.
public struct Question: Sendable, Equatable {
    /// The id used as key in responses (`1`, `6a`, `team-malgrupper`).
    public var id: String
    /// The answer type.
    public var type: QuestionType
    /// The question as the form shows it.
    public var text: String
    /// An instruction shown under the question ("Beskriv med max 3000 tecken.").
    public var help: String?
    /// Whether a relevant question must be answered.
    public var required: Bool
    /// Whether a comment ("Lämna gärna en kommentar") is allowed.
    public var allowsComment: Bool
    /// The character limit for the text, comment and follow-up texts.
    public var maxLength: Int
    /// Options of choice and multi questions.
    public var options: [AnswerOption]
    /// Option-like values a numeric question also accepts (`kan-inte-uppskattas`).
    public var sentinels: [AnswerOption]
    /// When the question is relevant; `nil` means always.
    public var relevantWhen: Condition?
    /// The smallest allowed number.
    public var minimum: Double?
    /// The largest allowed number.
    public var maximum: Double?
    /// The label of a numeric field ("Andel i procent", "Ange indextal").
    public var unitLabel: String?
    /// Labels of a scale's steps, from the minimum upwards.
    public var scaleLabels: [String]
    /// The section the question belongs to.
    public var sectionID: String
    /// Where the question is defined.
    public var location: SourceLocation

    /// The option with the given id.
    public func option(_ id: String) -> AnswerOption? { options.first { $0.id == id } }
    /// The sentinel with the given id.
    public func sentinel(_ id: String) -> AnswerOption? { sentinels.first { $0.id == id } }

    /// The allowed range of a numeric question (of a scale: from its first step to its last).
    public var range: ClosedRange<Double>? {
        switch type {
        case .percent: (minimum ?? 0)...(maximum ?? 100)
        case .decimal:
            if let minimum, let maximum, minimum <= maximum { minimum...maximum } else { nil }
        case .scale: scaleRange.map { Double($0.lowerBound)...Double($0.upperBound) }
        default: nil
        }
    }

    /// The whole steps of a scale question, `min` to `max`; `nil` for other types and for a
    /// scale without whole `min` ≤ `max` (an error `enkat lint` reports).
    public var scaleRange: ClosedRange<Int>? {
        guard type == .scale, let minimum, let maximum, minimum <= maximum,
              minimum == minimum.rounded(), maximum == maximum.rounded(), maximum - minimum <= 100
        else { return nil }
        return Int(minimum)...Int(maximum)
    }

    /// The steps of a scale question from the lowest, each with its label when `labels`
    /// names it; empty for other types and for a scale without a valid ``scaleRange``.
    /// The one model of a scale's steps: the validator, the aggregator, the form, the print
    /// view, drafting, export and both importers read it.
    public var scaleSteps: [ScaleStep] {
        guard let scaleRange else { return [] }
        return scaleRange.map { value in
            let index = value - scaleRange.lowerBound
            return ScaleStep(value: value, label: index < scaleLabels.count ? scaleLabels[index] : nil)
        }
    }
}

/// One step of a scale question.
public struct ScaleStep: Sendable, Equatable {
    /// The number written in responses.
    public var value: Int
    /// The label from the survey's `labels` ("Stämmer helt"), if it names this step.
    public var label: String?

    /// The step as a form or print shows it: "4 – Stämmer bra", or "4" without a label.
    public var caption: String { label.map { "\(value) – \($0)" } ?? "\(value)" }
}

/// A group of questions under a heading, with the form's introduction text.
public struct Section: Sendable, Equatable {
    /// A unique id.
    public var id: String
    /// The heading.
    public var title: String
    /// The introduction ("Från Överenskommelsen: …").
    public var text: String?
    /// The questions, in form order.
    public var questions: [Question]
    /// Where the section is defined.
    public var location: SourceLocation
}

/// A total over scale questions (the självskattning's points).
public struct Score: Sendable, Equatable {
    /// The questions summed.
    public var questions: [String]
    /// The declared maximum, checked against the items.
    public var maxTotal: Int
    /// Where the score is declared.
    public var location: SourceLocation
}

/// How many responses one respondent may send.
public enum ResponsesPerRespondent: String, Sendable {
    case one, several
}

/// A questionnaire definition from `surveys/`.
public struct Survey: Sendable {
    /// The id written in responses.
    public var id: String
    /// The full title.
    public var title: String
    /// Who owns the questionnaire (Socialstyrelsen, RSS Dalarna …).
    public var publisher: String?
    /// The year or years the answers describe.
    public var period: String?
    /// The registry the respondents come from.
    public var registry: String
    /// The kind of respondent that answers.
    public var respondentKind: String
    /// One or several responses per respondent.
    public var responsesPerRespondent: ResponsesPerRespondent
    /// Text shown before the questions.
    public var intro: String?
    /// The sections in form order.
    public var sections: [Section]
    /// A declared total, if any.
    public var score: Score?
    /// The file the definition was read from.
    public var file: String

    /// All questions in form order.
    public let questions: [Question]
    private let index: [String: Int]

    /// Creates a survey and indexes its questions (the first of duplicate ids wins).
    public init(
        id: String, title: String, publisher: String?, period: String?, registry: String,
        respondentKind: String, responsesPerRespondent: ResponsesPerRespondent, intro: String?,
        sections: [Section], score: Score?, file: String
    ) {
        self.id = id
        self.title = title
        self.publisher = publisher
        self.period = period
        self.registry = registry
        self.respondentKind = respondentKind
        self.responsesPerRespondent = responsesPerRespondent
        self.intro = intro
        self.sections = sections
        self.score = score
        self.file = file
        questions = sections.flatMap(\.questions)
        var index: [String: Int] = [:]
        for (position, question) in questions.enumerated() where index[question.id] == nil {
            index[question.id] = position
        }
        self.index = index
    }

    /// The question with the given id.
    public func question(_ id: String) -> Question? {
        index[id].map { questions[$0] }
    }
}
