/// The languages enkat speaks to its users. Swedish is the default.
public enum Language: String, Sendable, CaseIterable {
    case sv, en
}

/// A user-facing text in Swedish and English.
public struct LocalizedText: Sendable, Hashable {
    /// The Swedish text (the default).
    public var sv: String
    /// The English text.
    public var en: String

    /// Creates a text in both languages.
    public init(sv: String, en: String) {
        self.sv = sv
        self.en = en
    }

    /// The text in the given language.
    public func callAsFunction(_ language: Language) -> String {
        language == .sv ? sv : en
    }

    /// Joins two texts with a separator in both languages.
    public static func + (lhs: LocalizedText, rhs: LocalizedText) -> LocalizedText {
        LocalizedText(sv: lhs.sv + rhs.sv, en: lhs.en + rhs.en)
    }
}

/// How serious a diagnostic is. Only errors make `enkat check` exit with 1.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    case error, warning, note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// The word printed in text output.
    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.error, .sv): "fel"
        case (.warning, .sv): "varning"
        case (.note, .sv): "notering"
        case (.error, .en): "error"
        case (.warning, .en): "warning"
        case (.note, .en): "note"
        }
    }
}

/// The stable codes of diagnostics. Other programs match on these; never rename one.
public enum DiagnosticCode: String, Sendable, CaseIterable {
    // Reading files
    case yamlSyntax = "yaml-syntax"
    case yamlLimit = "yaml-limit"
    /// libyaml accepted it, but YAML 1.2 and stricter readers reject or read it otherwise.
    case yamlCompat = "yaml-compat"
    case encoding
    case duplicateKey = "duplicate-key"
    case unreadable
    /// A print-text import's input exceeds one of its limits (`PrintTextLimits`).
    case importLimit = "import-limit"
    // Importing a table (`enkat import table`)
    /// The file is not a table enkat can read: its format, its sheet, its encoding, its XML.
    case tableRead = "table-read"
    /// The table exceeds one of the reader's limits (`CSVLimits`, `XLSXLimits`) or the import's.
    case tableLimit = "table-limit"
    /// No header row or respondent column, a column read by a guess, no rows below the header.
    case tableHeader = "table-header"
    /// Two columns give the same answer.
    case duplicateColumn = "duplicate-column"
    /// A kommun's name read as the one systemledning that covers it.
    case respondentMember = "respondent-member"
    /// A cell whose value cannot be read (a mark neither 1 nor 0, several options of a
    /// choice): its question is left unanswered, the row is still imported.
    case cellValue = "cell-value"
    /// A response file the import would make exists already (without `--force`).
    case fileExists = "file-exists"
    // Responses
    case unknownSurvey = "unknown-survey"
    /// The survey named exists, but its definition or registry has errors (`enkat lint`).
    case surveyHasErrors = "survey-has-errors"
    case unknownRespondent = "unknown-respondent"
    case respondentKind = "respondent-kind"
    case unknownQuestion = "unknown-question"
    case unknownKey = "unknown-key"
    case typeMismatch = "type-mismatch"
    case unknownOption = "unknown-option"
    case duplicateOption = "duplicate-option"
    case exclusiveOption = "exclusive-option"
    case required
    case missingDetails = "missing-details"
    case tooLong = "too-long"
    case crlfRisk = "crlf-risk"
    case nearLimit = "near-limit"
    case outOfRange = "out-of-range"
    case notRelevant = "not-relevant"
    case personalData = "personal-data"
    // Survey definitions and the registry (`enkat lint`)
    case surveySchema = "survey-schema"
    case duplicateId = "duplicate-id"
    case danglingReference = "dangling-reference"
    case missingOptionId = "missing-option-id"
    case invalidLimit = "invalid-limit"
    case scoreMismatch = "score-mismatch"
    // Compiling a report (`enkat compile`)
    case noResponses = "no-responses"
    /// Some responses have errors, so the set is not compiled.
    case responsesHaveErrors = "responses-have-errors"
    /// An output could not be written.
    case writeFailed = "write-failed"
    case mixedSurveys = "mixed-surveys"
    case duplicateRespondent = "duplicate-respondent"
    case template
    case leak
    /// `--strict`: the risk queue has entries the reviewer has not decided.
    case undecidedRisks = "undecided-risks"
}

/// One finding about one place in one file.
public struct Diagnostic: Sendable, Hashable {
    /// A secondary place that explains the finding (e.g. the first of two duplicate keys).
    public struct Note: Sendable, Hashable {
        /// Where, in the same file.
        public var location: SourceLocation
        /// What is there.
        public var message: LocalizedText
    }

    /// The file, as the user named it (or as found in a folder the user named).
    public var file: String
    /// Where: the value, or the key when the value is missing.
    public var location: SourceLocation
    /// Where in a table (`enkat import table`): the row and cell the finding is about, in the
    /// table `file` or, for the check of a response made from a row, in the table it came from.
    public var table: TablePosition?
    /// How serious.
    public var severity: Severity
    /// The stable code.
    public var code: DiagnosticCode
    /// The question the finding is about, if any.
    public var question: String?
    /// The message, with any suggestion ("menade du …?").
    public var message: LocalizedText
    /// A measured quantity (characters counted, a number given), for `--format json`.
    public var measured: Double?
    /// The limit the measurement was compared with.
    public var limit: Double?
    /// Related places.
    public var notes: [Note]

    /// Creates a diagnostic.
    public init(
        file: String, location: SourceLocation, severity: Severity, code: DiagnosticCode,
        question: String? = nil, message: LocalizedText, measured: Double? = nil,
        limit: Double? = nil, notes: [Note] = [], table: TablePosition? = nil
    ) {
        self.file = file
        self.location = location
        self.table = table
        self.severity = severity
        self.code = code
        self.question = question
        self.message = message
        self.measured = measured
        self.limit = limit
        self.notes = notes
    }

    /// The order diagnostics are printed in: by file, position, severity, code, message.
    public static func stableOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if a.location != b.location { return a.location < b.location }
        if a.severity != b.severity { return a.severity < b.severity }
        if a.code != b.code { return a.code.rawValue < b.code.rawValue }
        return a.message.sv < b.message.sv
    }
}

/// Counts of diagnostics by severity.
public struct DiagnosticSummary: Sendable, Equatable {
    /// How many files were checked.
    public var files: Int
    /// Errors found.
    public var errors: Int
    /// Warnings found.
    public var warnings: Int
    /// Notes found.
    public var notes: Int

    /// Counts the given diagnostics.
    public init(files: Int, diagnostics: [Diagnostic]) {
        self.files = files
        errors = diagnostics.count { $0.severity == .error }
        warnings = diagnostics.count { $0.severity == .warning }
        notes = diagnostics.count { $0.severity == .note }
    }
}

/// A diagnostic can be thrown or carried in a `Result` where one finding stops the work.
extension Diagnostic: Error {}
