import Foundation

/// `enkat import table`: a CSV or Excel table with one row per respondent becomes one checked
/// response file per row, written with `ResponseWriter` so that it reads like `enkat new`'s.
///
/// Problems that make a row meaningless (no respondent, an unknown or duplicate respondent,
/// an existing file without `force`) stop the import: nothing is written, and every such
/// problem is listed with its row. The check of each response (unknown options, missing
/// answers, texts too long …) is reported by row and cell, and the files are written, so the
/// user can fix them in the files or in the table.
public enum TableImport {
    /// What to import and where to.
    public struct Options: Sendable {
        /// The survey the table answers.
        public var survey: String
        /// The folder the response files are written to.
        public var outDirectory: String
        /// The sheet of a workbook (default: the first).
        public var sheet: String?
        /// Whether existing response files may be replaced.
        public var force: Bool

        /// Options for importing into `outDirectory`.
        public init(survey: String, outDirectory: String, sheet: String? = nil, force: Bool = false) {
            self.survey = survey
            self.outDirectory = outDirectory
            self.sheet = sheet
            self.force = force
        }
    }

    /// A response file the import makes from one row.
    public struct PlannedFile: Sendable {
        /// The respondent id.
        public var respondent: String
        /// The table row it comes from.
        public var row: Int
        /// The file name (`falun.yaml`, `sl-mora-2.yaml` for a second response).
        public var name: String
        /// The file's YAML text.
        public var text: String
        /// The response as the check read it back.
        public var response: Response?
    }

    /// A column the import does not read.
    public struct UnmappedColumn: Sendable, Equatable {
        /// The column (0-based).
        public var column: Int
        /// Its header.
        public var header: String
    }

    /// The outcome of an import.
    public struct Result: Sendable {
        /// The table file as named.
        public var file: String
        /// The folder written to.
        public var outDirectory: String
        /// What the table was (CSV with its encoding and separator, or which sheet).
        public var source: TableSource?
        /// Rows with content below the header.
        public var rowsRead = 0
        /// Blank rows skipped between rows with answers.
        public var blankRows = 0
        /// The files made from the rows, in row order.
        public var files: [PlannedFile] = []
        /// Everything found, in table order: about the table (`file`, placed by row and cell in
        /// `Diagnostic.table`) and, from the check of each response made from a row, about that
        /// response file (placed in the file, and by row and cell in the table).
        public var findings: [Diagnostic] = []
        /// Columns not read.
        public var unmappedColumns: [UnmappedColumn] = []
        /// Questions with no column in the table.
        public var questionsWithoutColumn: [String] = []
        /// The paths written (empty when the import was stopped).
        public var written: [String] = []

        /// Whether a problem stopped the import.
        public var blocked: Bool { findings.contains(where: stops) }

        /// Whether a finding stops the import (then nothing is written): every error about the
        /// table itself but a cell that cannot be read (`cell-value`: its question is left
        /// unanswered). The check of the responses never stops it; its findings are about the
        /// response files, which are written so that they can be fixed.
        public func stops(_ finding: Diagnostic) -> Bool {
            finding.file == file && finding.severity == .error && finding.code != .cellValue
        }

        /// Whether a finding comes from the check of a response file made from a row.
        public func isResponseCheck(_ finding: Diagnostic) -> Bool {
            finding.file != file
        }

        /// The finding as one line: `FILE:rad 5, C5: fel: message [code] (out/falun.yaml:23)`.
        public func line(_ finding: Diagnostic, _ language: Language) -> String {
            var line = file + ":" + (finding.table.map { $0.text(language) + ":" } ?? "")
            line += " " + finding.severity.label(language) + ": " + finding.message(language) + " [" + finding.code.rawValue + "]"
            if isResponseCheck(finding) {
                line += " (" + finding.file + ":\(finding.location.line))"
            }
            return line
        }

        /// Counts of the findings by severity.
        public var counts: (errors: Int, warnings: Int, notes: Int) {
            (findings.count { $0.severity == .error }, findings.count { $0.severity == .warning }, findings.count { $0.severity == .note })
        }

        /// Every finding as a line, then the summary.
        ///
        /// When the import was stopped only the problems of the table itself are listed (the
        /// check of the responses follows once it can be read in). A required question the
        /// table has no column for is reported once, not once per row.
        public func report(_ language: Language) -> String {
            var lines: [String] = []
            var missingColumn: [String: Int] = [:]
            for finding in findings {
                if blocked && isResponseCheck(finding) { continue }
                if finding.code == .required, finding.table?.column == nil,
                    let question = finding.question, questionsWithoutColumn.contains(question)
                {
                    missingColumn[question, default: 0] += 1
                    continue
                }
                lines.append(line(finding, language))
            }
            for question in questionsWithoutColumn {
                guard let count = missingColumn[question] else { continue }
                let rows =
                    count == rowsRead
                    ? (language == .sv ? "alla rader (\(count))" : "every row (\(count))")
                    : (language == .sv ? "\(count) av \(rowsRead) rader" : "\(count) of \(rowsRead) rows")
                let message = LocalizedText(
                    sv: "fråga \(question) måste besvaras men tabellen har ingen kolumn för den; svaret saknas i \(rows)",
                    en: "question \(question) must be answered but the table has no column for it; the answer is missing in \(rows)")
                lines.append(
                    line(Diagnostic(file: file, location: .start, severity: .error, code: .required, question: question, message: message),
                         language))
            }
            return lines.map { $0 + "\n" }.joined() + summary(language)
        }

        /// The summary: what was read, what was written, what to do next.
        public func summary(_ language: Language) -> String {
            let sv = language == .sv
            var lines: [String] = []
            if let source { lines.append("\(file): \(source.description(language)).") }
            let blank =
                blankRows == 0
                ? ""
                : sv
                    ? " (\(blankRows) tom\(blankRows == 1 ? "" : "ma") rad\(blankRows == 1 ? "" : "er") hoppades över)"
                    : " (\(blankRows) blank row\(blankRows == 1 ? "" : "s") skipped)"
            let rows =
                sv
                ? "\(rowsRead) rad\(rowsRead == 1 ? "" : "er") med svar lästa\(blank)"
                : "\(rowsRead) row\(rowsRead == 1 ? "" : "s") with answers read\(blank)"
            if blocked {
                let stopping = findings.count(where: stops)
                let later = findings.count { isResponseCheck($0) && $0.severity == .error }
                lines.append(
                    sv
                        ? "\(rows). Inget skrevs: \(stopping) problem måste rättas först (se ovan)\(findings.contains { $0.code == .fileExists } ? "; --force skriver över befintliga svarsfiler" : "")."
                        : "\(rows). Nothing was written: \(stopping) problem\(stopping == 1 ? "" : "s") must be fixed first (see above)\(findings.contains { $0.code == .fileExists } ? "; --force replaces existing response files" : "")."
                )
                if later > 0 {
                    lines.append(
                        sv
                            ? "Kontrollen av svaren hittade dessutom \(later) fel; de visas när tabellen kan läsas in."
                            : "The check of the responses also found \(later) error\(later == 1 ? "" : "s"); they are shown once the table can be read in."
                    )
                }
            } else {
                let folder = outDirectory.hasSuffix("/") ? outDirectory : outDirectory + "/"
                lines.append(
                    sv
                        ? "\(rows); \(written.count) svarsfil\(written.count == 1 ? "" : "er") skrevs till \(folder)."
                        : "\(rows); \(written.count) response file\(written.count == 1 ? "" : "s") written to \(folder).")
            }
            if !unmappedColumns.isEmpty {
                let list = unmappedColumns.map { "\(TableSheet.columnName($0.column)) ”\(Self.short($0.header))”" }.joined(separator: ", ")
                lines.append(sv ? "Kolumner som inte lästes: \(list)." : "Columns not read: \(list).")
            }
            if !questionsWithoutColumn.isEmpty {
                let list = questionsWithoutColumn.joined(separator: ", ")
                lines.append(sv ? "Frågor utan kolumn i tabellen: \(list)." : "Questions without a column in the table: \(list).")
            }
            if !blocked {
                let checked = findings.filter(isResponseCheck)
                let errors = checked.count { $0.severity == .error }
                let warnings = checked.count { $0.severity == .warning }
                let notes = checked.count { $0.severity == .note }
                let responses = Set(checked.filter { $0.severity == .error }.map(\.file)).count
                if errors == 0 {
                    lines.append(
                        sv
                            ? "Kontroll av svaren: inga fel, \(warnings) varning\(warnings == 1 ? "" : "ar"), \(notes) notering\(notes == 1 ? "" : "ar")."
                            : "Check of the responses: no errors, \(warnings) warning\(warnings == 1 ? "" : "s"), \(notes) note\(notes == 1 ? "" : "s")."
                    )
                } else {
                    let folder = outDirectory
                    lines.append(
                        sv
                            ? "Kontroll av svaren: \(errors) fel i \(responses) svar, \(warnings) varning\(warnings == 1 ? "" : "ar"), \(notes) notering\(notes == 1 ? "" : "ar") (se ovan). Rätta i svarsfilerna och kontrollera med `enkat check \(folder)`, eller rätta tabellen och importera igen med --force."
                            : "Check of the responses: \(errors) error\(errors == 1 ? "" : "s") in \(responses) response\(responses == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"), \(notes) note\(notes == 1 ? "" : "s") (see above). Fix them in the response files and check with `enkat check \(folder)`, or fix the table and import again with --force."
                    )
                }
            }
            return lines.joined(separator: "\n") + "\n"
        }

        private static func short(_ text: String) -> String {
            text.count > 40 ? String(text.prefix(39)) + "…" : text
        }
    }

    // MARK: - Running

    /// Reads `file`, plans the responses, and writes them all, or nothing when a problem
    /// stops the import.
    public static func run(file: String, options: Options, catalog: SurveyCatalog) -> Result {
        // A text file over the CSV limit is refused before it is read into memory.
        if let size = fileSize(file), size > CSVLimits.standard.maxFileBytes, !startsLikeZip(file) {
            var result = Result(file: file, outDirectory: options.outDirectory)
            let error = CSVLimits.standard.fileTooLarge(size)
            result.findings.append(Diagnostic(file: file, location: .start, severity: .error, code: error.code, message: error.message))
            return result
        }
        let bytes: [UInt8]
        do {
            bytes = try SourceFile.read(file)
        } catch {
            var result = Result(file: file, outDirectory: options.outDirectory)
            result.findings.append(Diagnostic(file: file, location: .start, severity: .error, code: .unreadable, message: error.message))
            return result
        }
        var result = plan(bytes: bytes, file: file, options: options, catalog: catalog)
        guard !result.blocked else { return result }
        if !options.force {
            for planned in result.files {
                let path = (options.outDirectory as NSString).appendingPathComponent(planned.name)
                if FileManager.default.fileExists(atPath: path) {
                    result.findings.append(
                        Diagnostic(
                            file: file, location: .start, severity: .error, code: .fileExists,
                            message: LocalizedText(
                                sv: "\(path) finns redan och skrivs inte över (använd --force för att ersätta den)",
                                en: "\(path) already exists and is not overwritten (use --force to replace it)"),
                            table: TablePosition(row: planned.row)))
                }
            }
            result.findings.sort(by: order)
            guard !result.blocked else { return result }
        }
        do {
            result.written = try AtomicWriter.write(result.files.map { ($0.name, Array($0.text.utf8)) }, into: options.outDirectory)
        } catch {
            result.findings.append(Diagnostic(file: file, location: .start, severity: .error, code: .writeFailed, message: error.message))
        }
        return result
    }

    /// The size of a regular file, in bytes.
    private static func fileSize(_ path: String) -> Int? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular
        else { return nil }
        return (attributes[.size] as? NSNumber)?.intValue
    }

    /// Whether the file starts with a zip signature (an XLSX workbook, whose limits its reader applies).
    private static func startsLikeZip(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)).map { [UInt8]($0) } ?? []
        return XLSXReader.isZip(head)
    }

    /// Reads a table and makes the response files, without writing anything.
    public static func plan(bytes: [UInt8], file: String, options: Options, catalog: SurveyCatalog) -> Result {
        var result = Result(file: file, outDirectory: options.outDirectory)
        func stop(_ code: DiagnosticCode, _ message: LocalizedText, at position: TablePosition? = nil) {
            result.findings.append(Diagnostic(file: file, location: .start, severity: .error, code: code, message: message, table: position))
        }
        guard let survey = catalog.surveys[options.survey] else {
            let known = catalog.surveys.keys.sorted().joined(separator: ", ")
            stop(
                .unknownSurvey,
                LocalizedText(
                    sv: "okänd enkät `\(options.survey)`; kända enkäter: \(known)",
                    en: "unknown survey `\(options.survey)`; known surveys: \(known)"))
            return result
        }
        let broken = catalog.errors(affecting: survey)
        if !broken.isEmpty {
            stop(.surveyHasErrors, Messages.surveyHasErrors(survey.id, broken.count))
            return result
        }
        let registry = catalog.registries[survey.registry]
        let sheet: TableSheet
        do {
            sheet = try TableReader.read(bytes, sheet: options.sheet)
        } catch {
            stop(error.code, error.message, at: error.position)
            return result
        }
        result.source = sheet.source
        let matcher = TableHeaderMatcher(survey: survey, registry: registry, file: file)
        guard let header = matcher.match(sheet) else {
            let examples = survey.questions.prefix(2).map { "`\($0.id)`" }.joined(separator: ", ")
            stop(
                .tableHeader,
                LocalizedText(
                    sv:
                        "hittar ingen rubrikrad: ingen av tabellens första rader har kolumner som stämmer med frågorna i `\(survey.id)` (frågornas id, t.ex. \(examples), eller deras texter); är det rätt enkät?",
                    en:
                        "no header row found: none of the table's first rows has columns matching the questions of `\(survey.id)` (their ids, e.g. \(examples), or their texts); is it the right survey?"
                ))
            return result
        }
        result.findings += header.findings
        let headerRowNumber = sheet.rows[header.headerRows[0]].number
        guard let respondentColumn = header.column(.respondent) else {
            stop(
                .tableHeader,
                LocalizedText(
                    sv:
                        "hittar ingen kolumn med svarande: ge den rubriken ”Svarande”, ”Kommun” eller ”Respondent” (id eller namn, t.ex. ”Falu kommun”)",
                    en: "no respondent column found: head it “Svarande”, “Kommun” or “Respondent” (ids or names, e.g. “Falu kommun”)"),
                at: TablePosition(row: headerRowNumber))
            return result
        }
        let dataStart = (header.headerRows.last ?? 0) + 1
        let dataRows = sheet.rows[dataStart...]
        let lastContent = sheet.lastContentRows()
        for (column, role) in header.roles.enumerated() where role == .unmapped {
            let hasContent = column < lastContent.count && lastContent[column] >= dataStart
            if hasContent || !header.headers[column].isEmpty {
                result.unmappedColumns.append(UnmappedColumn(column: column, header: header.headers[column]))
            }
        }
        let columns = header.questions
        result.questionsWithoutColumn = survey.questions.map(\.id).filter { columns[$0] == nil }

        let csv: Bool = if case .csv = sheet.source { true } else { false }
        let reader = RowReader(survey: survey, header: header, csv: csv, file: file)
        var firstRow: [String: Int] = [:]
        var countByRespondent: [String: Int] = [:]
        let validator = ResponseValidator(catalog: catalog)
        let fileName = (file as NSString).lastPathComponent
        // Blank rows count only between rows with answers (a sheet's formatted but empty rows
        // at the end are not news).
        var blankSoFar = 0
        // The same problem in many rows is listed for the first rows only, then counted.
        var rowStops: [DiagnosticCode: Int] = [:]
        var unlisted: [DiagnosticCode: (count: Int, row: Int)] = [:]
        func stopRow(_ code: DiagnosticCode, _ message: LocalizedText, row: Int, column: Int) {
            let listed = rowStops[code, default: 0]
            guard listed < maxListedRowsPerProblem else {
                unlisted[code] = ((unlisted[code]?.count ?? 0) + 1, unlisted[code]?.row ?? row)
                return
            }
            rowStops[code] = listed + 1
            stop(code, message, at: TablePosition(row: row, column: column))
        }
        for row in dataRows {
            if row.isBlank {
                blankSoFar += 1
                continue
            }
            result.blankRows += blankSoFar
            blankSoFar = 0
            result.rowsRead += 1
            guard let name = TableValues.text(row[respondentColumn], csv: csv) else {
                stopRow(
                    .unknownRespondent,
                    LocalizedText(
                        sv:
                            "raden har svar men ingen svarande i kolumn \(TableSheet.columnName(respondentColumn)); fyll i vem som svarat eller ta bort raden",
                        en:
                            "the row has answers but no respondent in column \(TableSheet.columnName(respondentColumn)); fill in who answered or remove the row"
                    ),
                    row: row.number, column: respondentColumn)
                continue
            }
            let matched = matchRespondent(
                TableText.normalized(name), survey: survey, registry: registry,
                suggest: rowStops[.unknownRespondent, default: 0] < maxListedRowsPerProblem)
            guard let respondent = matched.respondent else {
                stopRow(matched.code ?? .unknownRespondent, matched.message, row: row.number, column: respondentColumn)
                continue
            }
            if matched.code == .respondentMember {
                result.findings.append(
                    Diagnostic(
                        file: file, location: .start, severity: .note, code: .respondentMember, message: matched.message,
                        table: TablePosition(row: row.number, column: respondentColumn)))
            }
            if let earlier = firstRow[respondent.id], survey.responsesPerRespondent == .one {
                stopRow(
                    .duplicateRespondent,
                    LocalizedText(
                        sv:
                            "`\(respondent.id)` (\(respondent.officialName ?? respondent.name)) har redan en rad (rad \(earlier)); enkäten tar ett svar per svarande — ta bort den ena raden",
                        en:
                            "`\(respondent.id)` (\(respondent.officialName ?? respondent.name)) already has a row (row \(earlier)); the survey takes one response per respondent — remove one of the rows"
                    ),
                    row: row.number, column: respondentColumn)
                continue
            }
            if result.files.count == maxResponses {
                stop(
                    .tableLimit,
                    LocalizedText(
                        sv:
                            "tabellen har fler än \(CSVLimits.count(maxResponses, .sv)) rader med svar, gränsen för en import; dela upp den i flera filer och läs in dem var för sig",
                        en:
                            "the table has more than \(CSVLimits.count(maxResponses, .en)) rows with answers, the limit for one import; split it into several files and import them one by one"
                    ),
                    at: TablePosition(row: row.number))
                break
            }
            firstRow[respondent.id] = firstRow[respondent.id] ?? row.number
            let count = countByRespondent[respondent.id, default: 0] + 1
            countByRespondent[respondent.id] = count
            let fileNameOut = respondent.id + (count > 1 ? "-\(count)" : "") + ".yaml"
            let path = (options.outDirectory as NSString).appendingPathComponent(fileNameOut)

            var (draft, cellFindings) = reader.draft(row)
            draft.notes = ["Importerad från \(fileName), rad \(row.number)."]
            result.findings += cellFindings
            let text = ResponseWriter.yaml(survey: survey, respondent: respondent, respondentID: respondent.id, draft: draft)
            let check = validator.check(bytes: Array(text.utf8), file: path)
            let fields = ResponseFields(text)
            // Many findings of one kind in one cell (thousands of unknown options) are listed
            // for the first few, then counted.
            var inCell: [String: Int] = [:]
            var unlistedInCell: [(key: String, first: Diagnostic)] = []
            for diagnostic in check.diagnostics {
                var finding = diagnostic
                finding.table = TablePosition(
                    row: row.number,
                    column: diagnostic.question.flatMap { reader.column(for: $0, field: fields.field(at: diagnostic.location.line)) })
                let key = "\(finding.code.rawValue)\u{0}\(finding.question ?? "")\u{0}\(finding.table?.column ?? -1)\u{0}\(finding.severity.label(.en))"
                let listed = inCell[key, default: 0]
                inCell[key] = listed + 1
                if listed == maxListedPerCell { unlistedInCell.append((key, finding)) }
                if listed >= maxListedPerCell { continue }
                result.findings.append(finding)
            }
            for (key, first) in unlistedInCell {
                let more = inCell[key, default: 0] - maxListedPerCell
                var finding = first
                finding.message = LocalizedText(
                    sv:
                        "… och \(more) fynd till av samma slag [\(first.code.rawValue)] på samma ställe; `enkat check \(path)` visar alla",
                    en: "… and \(more) more of the same kind [\(first.code.rawValue)] in the same place; `enkat check \(path)` shows them all")
                result.findings.append(finding)
            }
            result.files.append(
                PlannedFile(respondent: respondent.id, row: row.number, name: fileNameOut, text: text, response: check.response))
        }
        for (code, rows) in unlisted.sorted(by: { $0.value.row < $1.value.row }) {
            stop(
                code,
                LocalizedText(
                    sv:
                        "ytterligare \(rows.count) rad\(rows.count == 1 ? "" : "er") från och med den här har samma slags problem [\(code.rawValue)] och listas inte; rätta dem som raderna ovan",
                    en:
                        "\(rows.count) more row\(rows.count == 1 ? "" : "s") from this one on have the same kind of problem [\(code.rawValue)] and are not listed; fix them as the rows above"
                ),
                at: TablePosition(row: rows.row))
        }
        if result.rowsRead == 0 && !result.blocked {
            result.findings.append(
                Diagnostic(
                    file: file, location: .start, severity: .warning, code: .tableHeader,
                    message: LocalizedText(
                        sv: "tabellen har inga rader med svar under rubrikraden",
                        en: "the table has no rows with answers below the header row"),
                    table: TablePosition(row: headerRowNumber)))
        }
        result.findings.sort(by: order)
        return result
    }

    /// File-level findings first, then by row, column, severity, code and message.
    static func order(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        let (rowA, rowB) = (a.table?.row ?? 0, b.table?.row ?? 0)
        if rowA != rowB { return rowA < rowB }
        let (columnA, columnB) = (a.table?.column ?? -1, b.table?.column ?? -1)
        if columnA != columnB { return columnA < columnB }
        if a.severity != b.severity { return a.severity < b.severity }
        if a.code != b.code { return a.code.rawValue < b.code.rawValue }
        return a.message.sv < b.message.sv
    }

    // MARK: - Respondents

    /// How many rows with the same problem (an unknown or duplicate respondent, …) are
    /// listed one by one; the rest are counted in one more finding.
    static let maxListedRowsPerProblem = 20

    /// The most response files one import makes: each is written and checked (about half a
    /// millisecond), and a real table has one row per kommun or region.
    public static let maxResponses = 2000

    /// How many findings of one kind in one cell of a row are listed one by one.
    static let maxListedPerCell = 5

    /// The respondent a cell names: by id or any name form; a kommun's name in a survey of
    /// systemledningar means the one systemledning that covers it.
    /// Without `suggest` an unknown respondent gets no "menade du …?" (for rows that are not
    /// listed).
    static func matchRespondent(_ text: String, survey: Survey, registry: Registry?, suggest: Bool = true) -> (
        respondent: Respondent?, code: DiagnosticCode?, message: LocalizedText
    ) {
        guard let registry else {
            return (
                nil, .unknownRespondent,
                LocalizedText(sv: "registret `\(survey.registry)` finns inte", en: "the registry `\(survey.registry)` does not exist")
            )
        }
        let kind = survey.respondentKind
        if let found = registry.respondent(ofKind: kind, key: Fold.key(text)) {
            return (found, nil, LocalizedText(sv: "", en: ""))
        }
        let ofKind = registry.respondents(ofKind: kind)
        if let other = registry.match(text) {
            let covering = ofKind.filter { $0.members.contains(other.id) }
            if covering.count == 1, let found = covering.first {
                return (
                    found, .respondentMember,
                    LocalizedText(
                        sv: "”\(text)” läses som `\(found.id)` (\(found.officialName ?? found.name)), som omfattar \(other.name)",
                        en: "“\(text)” is read as `\(found.id)` (\(found.officialName ?? found.name)), which covers \(other.name)")
                )
            }
            return (
                nil, .respondentKind,
                LocalizedText(
                    sv:
                        "”\(text)” är `\(other.id)`, \(KindNames.singular(other.kind).sv), men enkäten `\(survey.id)` besvaras av \(KindNames.plural(kind).sv)",
                    en:
                        "“\(text)” is `\(other.id)`, \(KindNames.singular(other.kind).en), but survey `\(survey.id)` is answered by \(KindNames.plural(kind).en)"
                )
            )
        }
        let suggestion = suggest ? Suggestions.closest(to: text, among: ofKind.map { ($0.id, $0.allNameForms) }) : nil
        let shown = text.count > 60 ? String(text.prefix(59)) + "…" : text
        return (
            nil, .unknownRespondent,
            LocalizedText(
                sv: "”\(shown)” finns inte i registret `\(registry.id)`"
                    + (suggestion.map { "; menade du `\($0)`?" }
                        ?? "; svarande anges med id eller namn, t.ex. `\(ofKind.first?.id ?? "id")` eller ”\(ofKind.first?.officialName ?? ofKind.first?.name ?? "")”"),
                en: "“\(shown)” is not in registry `\(registry.id)`"
                    + (suggestion.map { "; did you mean `\($0)`?" }
                        ?? "; respondents are named by id or name, e.g. `\(ofKind.first?.id ?? "id")` or “\(ofKind.first?.officialName ?? ofKind.first?.name ?? "")”")
            )
        )
    }
}

/// Which field of which question each line of a written response belongs to, to point a
/// finding of the check at the right column.
struct ResponseFields {
    enum Field { case value, comment, details }
    private var starts: [(line: Int, field: Field)] = []

    /// Scans a response written by `ResponseWriter`: question keys at two spaces, and in the
    /// mapping form `value:`, `details:` and `comment:` at four.
    init(_ text: String) {
        var mappingForm = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if line.hasPrefix("  "), !line.hasPrefix("   "), let first = line.dropFirst(2).first, first != "#" {
                mappingForm = line.hasSuffix(":")
                starts.append((number, .value))
            } else if mappingForm, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let rest = line.dropFirst(4)
                if rest.hasPrefix("value:") {
                    starts.append((number, .value))
                } else if rest.hasPrefix("details:") {
                    starts.append((number, .details))
                } else if rest.hasPrefix("comment:") {
                    starts.append((number, .comment))
                }
            }
        }
    }

    /// The field a line is in.
    func field(at line: Int) -> Field {
        starts.last { $0.line <= line }?.field ?? .value
    }
}

/// Turns one row into the answers of a response.
struct RowReader {
    let survey: Survey
    let header: TableHeaderMap
    let csv: Bool
    let columns: [String: TableHeaderMap.QuestionColumns]
    /// Each question's option keys, and each option's (folded id, label key), by question id.
    let optionKeys: [String: TableValues.OptionKeys]
    let markKeys: [String: [String: [String]]]
    let contactNameColumn: Int?
    let contactEmailColumn: Int?
    /// The table file, as its findings name it.
    let file: String

    init(survey: Survey, header: TableHeaderMap, csv: Bool, file: String) {
        self.survey = survey
        self.file = file
        self.header = header
        self.csv = csv
        columns = header.questions
        var optionKeys: [String: TableValues.OptionKeys] = [:]
        var markKeys: [String: [String: [String]]] = [:]
        for question in survey.questions where columns[question.id] != nil && question.type.hasOptions {
            optionKeys[question.id] = TableValues.OptionKeys(question)
            var keys: [String: [String]] = [:]
            for option in question.options { keys[option.id] = [Fold.key(option.id), TableText.key(option.label)] }
            markKeys[question.id] = keys
        }
        self.optionKeys = optionKeys
        self.markKeys = markKeys
        contactNameColumn = header.column(.contactName)
        contactEmailColumn = header.column(.contactEmail)
    }

    /// The column a finding about a question's field points at.
    func column(for question: String, field: ResponseFields.Field) -> Int? {
        guard let found = columns[question] else { return nil }
        switch field {
        case .value:
            return found.value ?? found.options.first?.column ?? found.first
        case .comment:
            return found.comment ?? found.value ?? found.first
        case .details:
            let detailsOption = survey.question(question)?.options.first { $0.details != nil }?.id
            return found.details ?? found.options.first { $0.option == detailsOption }?.column ?? found.value ?? found.first
        }
    }

    /// A cell of `question` whose value cannot be read: its question is left unanswered.
    private func cellValue(_ row: Int, _ column: Int?, _ question: String, _ message: LocalizedText) -> Diagnostic {
        Diagnostic(
            file: file, location: .start, severity: .error, code: .cellValue, question: question, message: message,
            table: TablePosition(row: row, column: column))
    }

    /// The answers of a row and what could not be read in its cells.
    func draft(_ row: TableRow) -> (ResponseDraft, [Diagnostic]) {
        var draft = ResponseDraft()
        var findings: [Diagnostic] = []
        if let column = contactNameColumn { draft.contactName = TableValues.text(row[column], csv: csv) }
        if let column = contactEmailColumn { draft.contactEmail = TableValues.text(row[column], csv: csv) }
        for question in survey.questions {
            guard let found = columns[question.id] else { continue }
            var answer = ResponseDraft.Answer()
            var inlineDetails: String?
            switch question.type {
            case .text:
                answer.value = found.value.flatMap { TableValues.text(row[$0], csv: csv) }.map(ResponseDraft.Value.text)
            case .choice:
                if let column = found.value, let keys = optionKeys[question.id],
                    let choice = TableValues.choice(row[column], question, keys, csv: csv)
                {
                    answer.value = .option(choice.id)
                    inlineDetails = choice.details
                }
                let (marked, text) = marks(row, found, question, &findings)
                if answer.value == nil, let first = marked.first {
                    if marked.count > 1 {
                        findings.append(
                            cellValue(
                                row.number, found.options.first?.column, question.id,
                                LocalizedText(
                                    sv:
                                        "fråga \(question.id) tar ett alternativ, men \(marked.count) är markerade (\(marked.joined(separator: ", "))); frågan lämnas obesvarad",
                                    en:
                                        "question \(question.id) takes one option, but \(marked.count) are marked (\(marked.joined(separator: ", "))); the question is left unanswered"
                                )))
                    } else {
                        answer.value = .option(first)
                        inlineDetails = text
                    }
                }
            case .multi:
                var chosen: [String] = []
                if let column = found.value, let keys = optionKeys[question.id] {
                    let read = TableValues.options(row[column], keys, csv: csv, maxUnknown: TableValues.maxUnknownOptions)
                    chosen = read.ids
                    if read.dropped > 0 {
                        let kept = TableValues.maxUnknownOptions
                        findings.append(
                            cellValue(
                                row.number, column, question.id,
                                LocalizedText(
                                    sv:
                                        "cellen har \(kept + read.dropped) delar som inte är alternativ i fråga \(question.id); de första \(kept) står i svarsfilen, de andra \(read.dropped) togs inte med — rätta cellen i tabellen och importera igen",
                                    en:
                                        "the cell has \(kept + read.dropped) parts that are not options of question \(question.id); the first \(kept) are in the response file, the other \(read.dropped) were left out — fix the cell in the table and import again"
                                )))
                    }
                }
                let (marked, text) = marks(row, found, question, &findings)
                var already = Set(chosen)
                for id in marked where already.insert(id).inserted { chosen.append(id) }
                inlineDetails = text
                if !chosen.isEmpty { answer.value = .options(chosen) }
            case .percent, .decimal, .scale:
                answer.value = found.value.flatMap { TableValues.number(row[$0], question, csv: csv) }
            }
            answer.details = found.details.flatMap { TableValues.text(row[$0], csv: csv) } ?? inlineDetails
            answer.comment = found.comment.flatMap { TableValues.text(row[$0], csv: csv) }
            if answer.value != nil || answer.details != nil || answer.comment != nil {
                draft.answers[question.id] = answer
            }
        }
        return (draft, findings)
    }

    /// The options marked in one-column-per-option columns, and a follow-up text found in one.
    private func marks(
        _ row: TableRow, _ found: TableHeaderMap.QuestionColumns, _ question: Question,
        _ findings: inout [Diagnostic]
    ) -> ([String], String?) {
        var chosen: [String] = []
        var details: String?
        for (id, column) in found.options {
            guard let option = question.option(id), let keys = markKeys[question.id]?[id] else { continue }
            switch TableValues.mark(row[column], option: option, keys: keys, csv: csv) {
            case .chosen: chosen.append(id)
            case .notChosen: continue
            case .chosenWithText(let text):
                chosen.append(id)
                details = text
            case .unreadable(let text):
                let shown = text.count > 30 ? String(text.prefix(29)) + "…" : text
                findings.append(
                    cellValue(
                        row.number, column, question.id,
                        LocalizedText(
                            sv:
                                "”\(shown)” i kolumnen för alternativet `\(id)` i fråga \(question.id) är varken markerad eller omarkerad; skriv 1 (eller x, Ja) för valt och 0 eller inget för inte valt",
                            en:
                                "“\(shown)” in the column of option `\(id)` of question \(question.id) is neither marked nor unmarked; write 1 (or x, Ja) for chosen and 0 or nothing for not chosen"
                        )))
            }
        }
        return (chosen, details)
    }
}
