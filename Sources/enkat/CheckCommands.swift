import ArgumentParser
import EnkatCore
import Foundation

enum OutputFormat: String, ExpressibleByArgument {
    case text, json
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Kontrollera enkätdefinitioner och registret.",
        discussion: "Utan argument kontrolleras alla filer i surveys/.")

    @OptionGroup var output: DiagnosticOutput

    @Argument(help: "Definitionsfiler eller mappar (standard: surveys/).")
    var paths: [String] = []

    func run() throws {
        let catalog: SurveyCatalog
        if paths.isEmpty {
            catalog = try output.common.catalog(near: [], warnings: true)
        } else {
            let files = try output.common.files(paths)
            // A survey is linted against its registry: registries beside the named files (and
            // in --surveys) come along unless they were named themselves.
            let folders = Set(files.map { ($0 as NSString).deletingLastPathComponent }).union(output.common.surveys.map { [$0] } ?? [])
            let registries = folders.sorted().flatMap { SourceFile.registryFiles(in: $0.isEmpty ? "." : $0) }
            let named = Set(files.map { ($0 as NSString).standardizingPath })
            let extra = registries.filter { !named.contains(($0 as NSString).standardizingPath) }
            catalog = SurveyCatalog(directory: paths[0], files: files + extra)
        }
        let fileCount = Set(catalog.surveys.values.map(\.file) + catalog.registries.values.map(\.file) + catalog.diagnostics.map(\.file)).count
        try output.report(catalog.diagnostics, files: fileCount)
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Kontrollera svarsfiler mot sina enkäter.",
        discussion: "Skriver fil:rad:kolumn: allvarlighet: meddelande [kod]. Slutkod 1 om något fel hittas.")

    @OptionGroup var output: DiagnosticOutput

    @Argument(help: "Svarsfiler eller mappar med svar.")
    var paths: [String]

    func validate() throws {
        if paths.isEmpty {
            throw ValidationError("ange minst en svarsfil eller mapp, t.ex. `enkat check responses/`")
        }
    }

    func run() throws {
        let files = try output.common.files(paths)
        let catalog = try output.common.catalog(near: files, forResponses: files)
        let result = CheckRun.check(CheckRun.excludingDefinitions(files, catalog: catalog, explicit: paths), catalog: catalog)
        try output.report(result.diagnostics, files: result.files.count)
    }
}

/// `--surveys`, `--lang` and `--format`: the options of the commands that print diagnostics.
struct DiagnosticOutput: ParsableArguments {
    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Utdataformat: text eller json.")
    var format: OutputFormat = .text

    /// Prints diagnostics and the summary in the format and language asked for; exits 1 when
    /// there are errors.
    func report(_ diagnostics: [Diagnostic], files: Int) throws {
        try EnkatCLI.report(diagnostics, files: files, format: format, language: common.lang)
    }
}

/// Prints diagnostics and the summary; exits 1 when there are errors.
func report(_ diagnostics: [Diagnostic], files: Int, format: OutputFormat, language: Language) throws {
    let renderer = DiagnosticRenderer(language: language, colour: Output.isTerminal && format == .text)
    let summary = DiagnosticSummary(files: files, diagnostics: diagnostics)
    switch format {
    case .json:
        Output.print(renderer.json(diagnostics, summary: summary))
    case .text:
        var text = ""
        for diagnostic in diagnostics { text += renderer.text(diagnostic) }
        text += renderer.summaryLine(summary) + "\n"
        Output.print(text)
    }
    if summary.errors > 0 { throw ExitCode(1) }
}
