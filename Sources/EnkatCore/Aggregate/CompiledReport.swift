/// A compiled questionnaire: everything a report shows, already anonymized, aggregated and
/// suppressed — the output of the aggregate stage and the only input of the render stage.
/// Every output format (Markdown, HTML, DOCX, CSV, JSON) is written from this value alone, so
/// no format can show more than another; what was hidden is in the separate ``Audit``, which
/// no renderer sees.
public struct CompiledReport: Sendable {
    /// The survey's id, title, publisher and period.
    public var survey: SurveyInfo
    /// The registry's title ("Dalarnas län").
    public var area: String
    /// Counts under this are suppressed (1 turns suppression off).
    public var minCount: Int
    /// Who was expected to answer and how many did.
    public var respondents: RespondentTotals
    /// The sections in questionnaire order.
    public var sections: [CompiledSection]
    /// The total over the scale questions (the självskattning), when the survey declares one.
    public var score: CompiledScore?

    /// Every question, in questionnaire order.
    public var questions: [CompiledQuestion] { sections.flatMap(\.questions) }
}

/// The survey's identifying texts.
public struct SurveyInfo: Sendable, Equatable {
    public var id: String
    public var title: String
    public var publisher: String?
    public var period: String?
}

/// How many were expected to answer and how many did.
public struct RespondentTotals: Sendable, Equatable {
    /// `kommun`, `region` or `systemledning`.
    public var kind: String
    /// Respondents of that kind in the registry.
    public var expected: Int
    /// Distinct respondents that answered.
    public var answered: Int
    /// Response files (more than `answered` when a systemledning sent several).
    public var responses: Int
}

/// One section of the report.
public struct CompiledSection: Sendable {
    public var id: String
    public var title: String
    public var text: String?
    public var questions: [CompiledQuestion]
}

/// A count that may be hidden. `nil` value means suppressed.
public struct CompiledCount: Sendable, Equatable {
    /// Why a count is not shown.
    public enum Suppression: String, Sendable {
        /// The count is under the threshold ("färre än tre").
        case small
        /// The count is large enough but would reveal a small one by subtraction.
        case secondary
    }

    /// The option id, or the scale value as written in the report ("3", "3,5").
    public var id: String
    /// The option's label, or the scale step's label.
    public var label: String
    /// The count, or `nil` when suppressed.
    public var count: Int?
    /// Why the count is hidden, when it is.
    public var suppression: Suppression?
}

/// n, min, median, mean and max of a numeric question (all `nil` when suppressed).
public struct NumericSummary: Sendable, Equatable {
    public var n: Int?
    public var min: Double?
    public var median: Double?
    public var mean: Double?
    public var max: Double?
    /// The values are hidden because fewer than the threshold answered with a number.
    public var suppressed: Bool
}

/// The follow-up texts written for one option ("Ja, beskriv …").
public struct DetailsGroup: Sendable, Equatable {
    public var option: String
    /// The option's label ("Annat, nämligen").
    public var label: String
    /// The follow-up's own wording, when the survey gives one ("beskriv").
    public var detailsLabel: String?
    public var texts: [String]
}

/// One question of the report.
public struct CompiledQuestion: Sendable {
    public var id: String
    public var type: QuestionType
    public var text: String
    public var unitLabel: String?
    /// The question is asked only when another answer makes it relevant.
    public var conditional: Bool
    /// How many respondents answered (`nil` when that number would reveal a suppressed count).
    public var answered: Int?
    /// How many responses it rests on (differs from `answered` only for several responses per respondent).
    public var responses: Int
    /// choice and multi: per option, most frequent first, suppressed ones last in questionnaire order.
    /// decimal with sentinels: the sentinel options ("kan inte uppskattas").
    public var counts: [CompiledCount]
    /// percent and decimal: the numbers.
    public var numeric: NumericSummary?
    /// scale: how many respondents gave each value, in scale order (half steps where a mean falls between).
    public var distribution: [CompiledCount]
    /// The anonymized answers of a text question, in an order that reveals nothing.
    public var texts: [String]
    /// The anonymized comments.
    public var comments: [String]
    /// The anonymized follow-up texts, per option.
    public var details: [DetailsGroup]
    /// Texts are held back because too few answered (the count is in the audit).
    public var textsWithheld: Bool
    /// Comments are held back because too few wrote one.
    public var commentsWithheld = false

    /// Ids of every suppressed count, options and scale steps alike.
    public var suppressed: [String] {
        (counts + distribution).filter { $0.count == nil }.map(\.id)
    }
}

/// The total score over the scale questions, per respondent.
public struct CompiledScore: Sendable, Equatable {
    public var questions: [String]
    public var maxTotal: Int
    /// Totals over respondents (a respondent with several responses counts once, by its means).
    public var summary: NumericSummary
}
