import Foundation

/// All responses of one survey as one table: one row per response, one column per question
/// (and per comment and follow-up text), Swedish headers, the respondent's official name.
/// Written as an Excel workbook or as CSV for Swedish Excel. The table is NOT anonymized.
public struct AnswerTable: Sendable, Equatable {
    /// A cell value.
    public enum Cell: Sendable, Equatable {
        /// Nothing (unanswered).
        case empty
        /// Text: free text, option ids, a sentinel.
        case text(String)
        /// A number, written as a number so that Excel can count with it.
        case number(Double)
    }

    /// What a column holds, for its width and style.
    public enum ColumnKind: Sendable, Equatable {
        /// The respondent's name, its id, a free text, one option id, several option ids, a
        /// number, a comment or follow-up text, a 1/0 mark of one option.
        case name, id, text, choice, options, number, note, mark
    }

    /// One column.
    public struct Column: Sendable, Equatable {
        /// The header ("17c: Andel i procent …", "17c kommentar").
        public var header: String
        /// What it holds.
        public var kind: ColumnKind
        /// The question, if any.
        public var question: String?
    }

    /// The survey's title.
    public var title: String
    /// The warning that the table is not anonymized, shown above the header.
    public var note: String
    /// The columns.
    public var columns: [Column]
    /// One row per response.
    public var rows: [[Cell]]
    /// The header of the second sheet, which lists the questions and their options.
    public var legendHeader: [String]
    /// One row per question: id, section, type, text, options.
    public var legend: [[Cell]]
}

/// `enkat export table`: checks the responses, refuses errors and other surveys, and makes
/// the table.
public enum TableExport {
    /// The file formats.
    public enum Format: String, Sendable, CaseIterable {
        /// An Excel workbook.
        case xlsx
        /// CSV for Swedish Excel.
        case csv

        /// The format a file name asks for.
        public init?(path: String) {
            switch (path as NSString).pathExtension.lowercased() {
            case "xlsx": self = .xlsx
            case "csv": self = .csv
            default: return nil
            }
        }
    }

    /// How a multi question's answer is laid out.
    public enum MultiLayout: String, Sendable, CaseIterable {
        /// One cell with the option ids, comma-separated.
        case cell
        /// One column per option, 1 for chosen and 0 for not (empty when unanswered).
        case columns
    }

    /// The warning written to stderr, above the table and into the file's properties.
    public static let notAnonymized = LocalizedText(
        sv:
            "EJ ANONYMISERAD: filen innehåller svarandenas namn och fritextsvaren precis som de skrevs. Den får inte publiceras eller lämnas ut utan sekretessprövning. En anonymiserad sammanställning görs med enkat compile.",
        en:
            "NOT ANONYMIZED: the file holds the respondents' names and their free-text answers exactly as written. It must not be published or handed out without a secrecy review. enkat compile makes an anonymized report."
    )

    /// The outcome of an export.
    public struct Result: Sendable {
        /// Why the export was refused (errors), and the warnings of the check.
        public var diagnostics: [Diagnostic] = []
        /// The files checked.
        public var files = 0
        /// The table, when there is one.
        public var table: AnswerTable?
        /// The file's bytes, when the export may be written.
        public var bytes: [UInt8]?
    }

    /// Checks the response files under `paths` and makes the file's bytes; refuses (no bytes)
    /// when a response has errors, answers another survey, or a respondent answered twice.
    public static func run(
        paths: [String], surveyID: String?, format: Format, layout: MultiLayout = .cell,
        catalog: SurveyCatalog, language: Language = .sv
    ) -> Result {
        var result = Result()
        let files: [String]
        do {
            files = CheckRun.excludingDefinitions(try CheckRun.expand(paths), catalog: catalog, explicit: paths)
        } catch {
            result.diagnostics = [
                Diagnostic(file: error.path, location: .start, severity: .error, code: .unreadable, message: error.message)
            ]
            return result
        }
        result.files = files.count
        guard !files.isEmpty else {
            result.diagnostics = [
                Diagnostic(
                    file: paths.first ?? ".", location: .start, severity: .error, code: .noResponses,
                    message: LocalizedText(
                        sv: "inga svarsfiler (.yaml) hittades", en: "no response files (.yaml) found"))
            ]
            return result
        }
        let run = CheckRun.check(files, catalog: catalog)
        result.diagnostics = run.diagnostics
        let responses = run.checks.compactMap(\.response)
        result.diagnostics += ReportCompiler.refuse(responses, surveyID: surveyID, catalog: catalog)
        result.diagnostics.sort(by: Diagnostic.stableOrder)
        guard !result.diagnostics.contains(where: { $0.severity == .error }),
            let id = surveyID ?? responses.first?.survey, let survey = catalog.surveys[id]
        else { return result }
        let table = self.table(responses: responses, survey: survey, registry: catalog.registries[survey.registry], layout: layout)
        result.table = table
        do {
            result.bytes =
                switch format {
                case .xlsx: try XLSXWriter.workbook(table)
                case .csv: CSVWriter.csv(table)
                }
        } catch {
            result.diagnostics.append(
                Diagnostic(
                    file: ".", location: .start, severity: .error, code: .writeFailed,
                    message: LocalizedText(
                        sv: "arbetsboken kunde inte skapas (zip-paketet gick inte att skriva); försök igen, eller exportera som CSV",
                        en: "the workbook could not be made (its zip package could not be written); try again, or export as CSV")))
        }
        return result
    }

    /// The table of a survey's responses, ordered as the registry lists the respondents (and
    /// by file name for several responses of one respondent).
    public static func table(responses: [Response], survey: Survey, registry: Registry?, layout: MultiLayout = .cell) -> AnswerTable {
        var columns: [AnswerTable.Column] = [
            .init(header: "Svarande", kind: .name, question: nil),
            .init(header: "Svarande-id", kind: .id, question: nil),
        ]
        for question in survey.questions {
            let text = TableText.normalized(question.text)
            if question.type == .multi && layout == .columns {
                for option in question.options {
                    columns.append(
                        .init(header: "\(question.id): \(TableText.normalized(option.label))", kind: .mark, question: question.id))
                }
            } else {
                let kind: AnswerTable.ColumnKind =
                    switch question.type {
                    case .text: .text
                    case .choice: .choice
                    case .multi: .options
                    case .percent, .decimal, .scale: .number
                    }
                columns.append(.init(header: "\(question.id): \(text)", kind: kind, question: question.id))
            }
            if let option = question.options.first(where: { $0.details != nil }) {
                let label = option.detailsLabel.map { ": " + TableText.normalized($0) } ?? ""
                columns.append(.init(header: "\(question.id) följdtext\(label)", kind: .note, question: question.id))
            }
            if question.allowsComment {
                columns.append(.init(header: "\(question.id) kommentar", kind: .note, question: question.id))
            }
        }
        let order = Dictionary((registry?.respondents ?? []).enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let sorted = responses.sorted { a, b in
            let (ra, rb) = (order[a.respondent] ?? .max, order[b.respondent] ?? .max)
            if ra != rb { return ra < rb }
            if a.respondent != b.respondent { return a.respondent < b.respondent }
            return fileStem(a.file).localizedStandardCompare(fileStem(b.file)) == .orderedAscending
        }
        var rows: [[AnswerTable.Cell]] = []
        for response in sorted {
            let respondent = registry?.respondent(response.respondent)
            var row: [AnswerTable.Cell] = [
                .text(respondent?.officialName ?? respondent?.name ?? response.respondent),
                .text(response.respondent),
            ]
            for question in survey.questions {
                let answer = response.answers[question.id]
                if question.type == .multi && layout == .columns {
                    let chosen = answer?.value?.chosenOptions
                    for option in question.options {
                        row.append(chosen.map { .number($0.contains(option.id) ? 1 : 0) } ?? .empty)
                    }
                } else {
                    row.append(cell(answer?.value))
                }
                if question.options.contains(where: { $0.details != nil }) {
                    row.append(answer?.details.map(AnswerTable.Cell.text) ?? .empty)
                }
                if question.allowsComment {
                    row.append(answer?.comment.map(AnswerTable.Cell.text) ?? .empty)
                }
            }
            rows.append(row)
        }
        return AnswerTable(
            title: survey.title, note: notAnonymized.sv, columns: columns, rows: rows,
            legendHeader: ["Fråga", "Avsnitt", "Typ", "Frågetext", "Alternativ (id = text)"],
            legend: legend(survey))
    }

    private static func fileStem(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    private static func cell(_ value: AnswerValue?) -> AnswerTable.Cell {
        switch value {
        case nil: .empty
        case .text(let text)?: .text(text)
        case .option(let id)?, .sentinel(let id)?: .text(id)
        case .options(let ids)?: .text(ids.joined(separator: ", "))
        case .number(let number)?: .number(number)
        }
    }

    /// One row per question: id, section, type, text and options.
    private static func legend(_ survey: Survey) -> [[AnswerTable.Cell]] {
        let typeNames: [QuestionType: String] = [
            .text: "fritext", .choice: "ett alternativ", .multi: "flera alternativ", .percent: "procent",
            .decimal: "tal", .scale: "skala",
        ]
        var rows: [[AnswerTable.Cell]] = []
        for section in survey.sections {
            for question in section.questions {
                var options = (question.options + question.sentinels).map { option in
                    "\(option.id) = \(TableText.normalized(option.label))" + (option.exclusive ? " (kan inte kombineras)" : "")
                }
                if question.type == .scale {
                    options = question.scaleSteps.compactMap { step in step.label.map { "\(step.value) = \($0)" } }
                }
                if let range = question.range, question.type != .scale {
                    options.insert("\(SwedishNumber.format(range.lowerBound))–\(SwedishNumber.format(range.upperBound))", at: 0)
                }
                rows.append([
                    .text(question.id), .text(TableText.normalized(section.title)),
                    .text(typeNames[question.type] ?? question.type.rawValue),
                    .text(TableText.normalized(question.text)), options.isEmpty ? .empty : .text(options.joined(separator: "\n")),
                ])
            }
        }
        return rows
    }
}
