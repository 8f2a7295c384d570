import ArgumentParser
import EnkatCore
import Foundation

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Visa vad som är besvarat och hur många tecken som finns kvar.",
        discussion: "Slutkod 0 när svaret är klart (inga fel, inga obligatoriska frågor saknas), annars 1.")

    @OptionGroup var output: DiagnosticOutput

    @Argument(help: "Svarsfilen.")
    var file: String

    func run() throws {
        let catalog = try output.common.catalog(forExisting: file)
        let check = ResponseValidator(catalog: catalog).check(file: file)
        guard let response = check.response, let survey = catalog.surveys[response.survey] else {
            // The file cannot be read as a response at all: show why.
            try output.report(check.diagnostics, files: 1)
            throw ExitCode(1)
        }
        let status = StatusReport(check: check, survey: survey, registry: catalog.registries[survey.registry])
        let report = output.format == .json ? status.json() : status.text(output.common.lang)
        Output.print(report.hasSuffix("\n") ? report : report + "\n")
        let errors = check.diagnostics.contains { $0.severity == .error }
        if errors || !status.missing.isEmpty { throw ExitCode(1) }
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Skapa ett tomt svar att fylla i, med frågetexter och teckengränser som kommentarer.",
        discussion: "Skriver till responses/ENKÄT/SVARANDE.yaml om inte -o anges (-o - skriver till standard ut). Skriver aldrig över en befintlig fil.")

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Enkätens id, t.ex. slutredovisning-region-2022.")
    var survey: String

    @Option(name: .long, help: "Den svarandes id i registret, t.ex. region-dalarna.")
    var respondent: String

    @Option(name: [.short, .customLong("output")], help: "Filen att skapa (- för standard ut).")
    var output: String?

    func run() throws {
        let catalog = try common.catalog(near: [])
        let definition = try common.survey(survey, in: catalog)
        let registry = catalog.registries[definition.registry]
        guard let match = registry?.match(respondent) else {
            let ids = registry?.respondents(ofKind: definition.respondentKind).map(\.id).joined(separator: ", ") ?? ""
            throw UsageError(LocalizedText(sv: "`\(respondent)` finns inte i registret; svarande för den här enkäten: \(ids)",
                                           en: "`\(respondent)` is not in the registry; respondents of this survey: \(ids)"), common.lang)
        }
        guard match.kind == definition.respondentKind else {
            throw UsageError(LocalizedText(
                sv: "enkäten `\(survey)` besvaras inte av `\(match.id)` (fel typ av svarande: \(match.kind), enkäten vill ha \(definition.respondentKind))",
                en: "survey `\(survey)` is not answered by `\(match.id)` (wrong kind of respondent: \(match.kind), the survey wants \(definition.respondentKind))"), common.lang)
        }
        let text = ResponseWriter.yaml(survey: definition, respondent: match, respondentID: match.id)
        let path = output ?? "responses/\(definition.id)/\(match.id).yaml"
        if path == "-" {
            Output.print(text)
            return
        }
        do {
            try FileWriter.createNew(path, contents: text)
        } catch {
            throw UsageError(error.message, common.lang)
        }
        Output.print(common.lang == .sv
            ? "Skapade \(path). Fyll i svaren och kontrollera med `enkat check \(path)`; `enkat status \(path)` visar vad som återstår.\n"
            : "Created \(path). Fill in the answers and check with `enkat check \(path)`; `enkat status \(path)` shows what is left.\n")
    }
}
