import ArgumentParser
import EnkatCore
import Foundation

struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Sammanställ svar till en delrapport ur länsperspektiv.",
        discussion: """
            Utan argument sammanställs svaren i responses/socialstyrelsen-kommun-2025/ till build/.
            Svaren kontrolleras först: finns fel skrivs ingenting. Fritext anonymiseras, antal under \
            --min-count visas som ”färre än tre”, och en granskningsfil (får inte publiceras) skrivs bredvid rapporten.
            """)

    static let defaultSurvey = "socialstyrelsen-kommun-2025"

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Enkätens id; alla svar måste höra till den (standard: svarens enkät).")
    var survey: String?

    @Option(name: .long, help: "Antal under detta visas som ”färre än N” (1 stänger av).")
    var minCount: Int = 3

    @Option(name: .long, help: "Mappen rapporten skrivs till.")
    var out: String = "build"

    @Option(name: .long, help: "Format, kommaseparerade: md,html,docx,csv,json.")
    var format: String = ReportRenderers.all.map(\.format.rawValue).joined(separator: ",")

    @Option(name: .long, help: "Mappen med rapportmallar (standard: templates/ här eller ovanför).")
    var templates: String?

    @Option(name: .long, help: "Fil med personnamn att ersätta, ett per rad (standard: surveys/person-names.txt).")
    var names: String?

    @Flag(name: .long, help: "Misslyckas så länge riskkön har poster som granskaren inte beslutat om i granskning.yaml.")
    var strict = false

    @Argument(help: "Svarsfiler eller mappar (standard: responses/socialstyrelsen-kommun-2025/).")
    var paths: [String] = []

    func validate() throws {
        guard minCount >= 1 else {
            throw ValidationError("--min-count ska vara minst 1 (1 stänger av döljandet av små antal)")
        }
        _ = try formats()
    }

    func formats() throws -> [ReportFormat] {
        var result: [ReportFormat] = []
        for name in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
            let format = ReportFormat(rawValue: name == "markdown" ? "md" : name == "word" ? "docx" : name)
            guard ReportRenderers.renderer(for: format) != nil else {
                throw ValidationError("okänt format `\(name)`; välj bland \(ReportRenderers.all.map(\.format.rawValue).joined(separator: ", "))")
            }
            if !result.contains(format) { result.append(format) }
        }
        guard !result.isEmpty else { throw ValidationError("ange minst ett format, t.ex. --format md,html") }
        return result
    }

    func run() throws {
        let inputs = paths.isEmpty ? ["responses/" + (survey ?? Self.defaultSurvey)] : paths
        let files = try common.files(inputs)
        let catalog = try common.catalog(near: files)
        guard let templateDirectory = templates ?? ReportTemplates.locate(near: files) else {
            throw UsageError(LocalizedText(sv: "hittar ingen mapp templates/ med report.md.mustache här eller ovanför; ange den med --templates MAPP",
                                           en: "no templates/ folder with report.md.mustache here or above; name it with --templates DIR"), common.lang)
        }
        let namesFile = names ?? (catalog.directory as NSString).appendingPathComponent("person-names.txt")
        var personNames: [String] = []
        if FileManager.default.fileExists(atPath: namesFile) {
            do {
                personNames = try Anonymizer.loadPersonNames(from: URL(fileURLWithPath: namesFile))
            } catch {
                throw UsageError(LocalizedText(sv: "\(namesFile) kan inte läsas: \(error.message.sv)", en: "\(namesFile) cannot be read: \(error.message.en)"), common.lang)
            }
        } else if names != nil {
            throw UsageError(LocalizedText(sv: "namnlistan \(namesFile) finns inte", en: "the name list \(namesFile) does not exist"), common.lang)
        }
        let lexicon: SwedishLexicon
        do { lexicon = try SwedishLexicon.required() } catch { throw UsageError(error.message, common.lang) }
        let options = CompileOptions(paths: inputs, surveyID: survey, minCount: minCount, outDirectory: out,
                                     formats: try formats(), templates: ReportTemplates(directory: templateDirectory),
                                     personNames: personNames, lexicon: lexicon, strict: strict)
        let responseFiles = CheckRun.excludingDefinitions(files, catalog: catalog, explicit: inputs)
        let result = ReportCompiler.run(options, catalog: catalog, files: responseFiles)
        let renderer = DiagnosticRenderer(language: common.lang, colour: Output.isTerminal)
        // On success only errors would print (there are none); a failed run prints everything.
        let failed = result.failed
        var text = result.diagnostics.filter { $0.severity == .error || failed }.map(renderer.text).joined()
        if failed {
            text += renderer.summaryLine(DiagnosticSummary(files: result.files, diagnostics: result.diagnostics)) + "\n"
            text += common.lang == .sv ? "Ingen rapport skrevs.\n" : "No report was written.\n"
            Output.print(text)
            throw ExitCode(1)
        }
        if let report = result.report, let audit = result.audit {
            text += common.lang == .sv
                ? "\(report.respondents.answered) av \(report.respondents.expected) svarande (\(result.files) filer) sammanställda; "
                    + "\(audit.replacements.count) ersättningar i fritext, \(audit.cells.count) dolda antal; "
                    + "riskkön har \(audit.risks.undecided) poster att besluta.\n"
                : "\(report.respondents.answered) of \(report.respondents.expected) respondents (\(result.files) files) compiled; "
                    + "\(audit.replacements.count) replacements in free text, \(audit.cells.count) hidden counts; "
                    + "the risk queue has \(audit.risks.undecided) entries to decide.\n"
        }
        for path in result.written {
            let isAudit = path.contains("EJ-FOR-PUBLICERING")
            text += "  " + path + (isAudit ? (common.lang == .sv ? "   ← granskning, får inte publiceras" : "   ← audit, not for publication") : "") + "\n"
        }
        Output.print(text)
    }
}
