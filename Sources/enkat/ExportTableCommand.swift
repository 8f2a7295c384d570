import ArgumentParser
import EnkatCore
import Foundation

/// `enkat export table`: every response of one survey in one Excel sheet or CSV file.
struct ExportTable: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Skriv alla svar på en enkät till en Excel- eller CSV-fil, en rad per svar. Filen anonymiseras INTE.",
        discussion: """
            En kolumn per fråga (och per kommentar och följdtext), rubriker med frågans id och text, den svarandes \
            officiella namn. Formatet väljs av filändelsen: .xlsx (frusen rubrikrad, kolumnbredder, radbrytning, tal \
            som tal, ett blad med frågorna och alternativen) eller .csv (för svenska Excel: UTF-8 med BOM, semikolon, \
            decimalkomma). Svar med fel, svar på en annan enkät och dubbla svar vägras.
            Filen innehåller svarandenas namn och fritexterna som de skrevs: publicera den inte.
            """)

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Enkätens id; alla svar måste höra till den (standard: svarens enkät).")
    var survey: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: "Filen att skriva: .xlsx eller .csv.")
    var output: String

    @Option(name: .long, help: "Format om filändelsen inte säger det: xlsx eller csv.")
    var format: TableExport.Format?

    @Option(name: .long, help: "Flervalsfrågor som en cell med alternativens id (cell) eller en kolumn 1/0 per alternativ (columns).")
    var multi: TableExport.MultiLayout = .cell

    @Flag(name: .long, help: "Skriv över filen om den finns.")
    var force = false

    @Argument(help: "Svarsfiler eller mappar (standard: responses/ENKÄT/).")
    var paths: [String] = []

    func validate() throws {
        guard format != nil || TableExport.Format(path: output) != nil else {
            throw ValidationError("ange en fil som slutar på .xlsx eller .csv, eller välj format med --format xlsx|csv")
        }
        guard survey != nil || !paths.isEmpty else {
            throw ValidationError("ange enkäten med --survey ID eller svarsfilerna/mapparna att exportera")
        }
    }

    func run() throws {
        let inputs = paths.isEmpty ? ["responses/" + (survey ?? "")] : paths
        for input in inputs where !FileManager.default.fileExists(atPath: input) {
            throw UsageError(
                LocalizedText(sv: "\(input): filen eller mappen finns inte", en: "\(input): no such file or folder"), common.lang)
        }
        let catalog = try common.catalog(near: inputs)
        if let survey { _ = try common.survey(survey, in: catalog) }
        if !force && FileManager.default.fileExists(atPath: output) {
            throw UsageError(
                LocalizedText(
                    sv: "\(output) finns redan och skrivs inte över; ta bort den, välj en annan fil eller använd --force",
                    en: "\(output) already exists and is not overwritten; remove it, choose another file or use --force"), common.lang)
        }
        let chosen = format ?? TableExport.Format(path: output) ?? .xlsx
        let result = TableExport.run(paths: inputs, surveyID: survey, format: chosen, layout: multi, catalog: catalog)
        let renderer = DiagnosticRenderer(language: common.lang, colour: Output.isTerminal)
        let errors = result.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let bytes = result.bytes, let table = result.table else {
            var text = ""
            for diagnostic in result.diagnostics { text += renderer.text(diagnostic) }
            text += renderer.summaryLine(DiagnosticSummary(files: result.files, diagnostics: result.diagnostics)) + "\n"
            Output.print(text)
            Output.error(
                common.lang == .sv
                    ? "exporterar inte: rätta felen ovan först (enkat check)" : "not exporting: fix the errors above first (enkat check)")
            throw ExitCode(1)
        }
        Output.error(TableExport.notAnonymized(common.lang))
        let directory = (output as NSString).deletingLastPathComponent
        do {
            _ = try AtomicWriter.write([((output as NSString).lastPathComponent, bytes)], into: directory.isEmpty ? "." : directory)
        } catch {
            throw UsageError(error.message, common.lang)
        }
        let warnings = result.diagnostics.count { $0.severity == .warning }
        Output.print(
            common.lang == .sv
                ? "Skrev \(output): \(table.rows.count) svar, \(table.columns.count) kolumner\(warnings > 0 ? " (\(warnings) varningar i svaren; se enkat check)" : "").\n"
                : "Wrote \(output): \(table.rows.count) responses, \(table.columns.count) columns\(warnings > 0 ? " (\(warnings) warnings in the responses; see enkat check)" : "").\n"
        )
    }
}

extension TableExport.Format: ExpressibleByArgument {}
extension TableExport.MultiLayout: ExpressibleByArgument {}
