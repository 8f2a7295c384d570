import Dispatch
import Foundation
import Synchronization

/// What `enkat compile` was asked to do.
public struct CompileOptions: Sendable {
    /// Response files and folders.
    public var paths: [String]
    /// The survey to compile; when set, every response must answer it.
    public var surveyID: String?
    /// Counts under this are hidden (1 turns suppression off).
    public var minCount: Int
    /// Where the outputs go.
    public var outDirectory: String
    /// Which outputs to write, by renderer (the audit is always written).
    public var formats: [ReportFormat]
    /// The report templates.
    public var templates: ReportTemplates
    /// Person names the anonymizer replaces.
    public var personNames: [String]
    /// The Swedish lexicon for the rules by shape (``ShapeRules``) and the risk queue. Every
    /// compile has one: a report anonymized by the lists alone would name people.
    public var lexicon: SwedishLexicon
    /// Fail while the risk queue has entries the reviewer has not decided (`--strict`).
    public var strict = false

    public init(paths: [String], surveyID: String? = nil, minCount: Int = 3, outDirectory: String = "build",
                formats: [ReportFormat] = ReportRenderers.all.map(\.format), templates: ReportTemplates, personNames: [String] = [],
                lexicon: SwedishLexicon, strict: Bool = false) {
        self.lexicon = lexicon
        self.strict = strict
        self.paths = paths
        self.surveyID = surveyID
        self.minCount = minCount
        self.outDirectory = outDirectory
        self.formats = formats
        self.templates = templates
        self.personNames = personNames
    }
}

/// What came of it: the diagnostics (errors mean nothing was written), the files written,
/// the compiled report and, apart from it, the reviewer's audit.
public struct CompileResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var files: Int
    public var written: [String]
    public var report: CompiledReport?
    public var audit: Audit?

    public var failed: Bool { diagnostics.contains { $0.severity == .error } }
}

/// The compile pipeline, stage by stage:
///
/// 1. **check** (`Check/`): every response validated; any error, a respondent that answered
///    twice or a mix of surveys stops the run;
/// 2. **anonymize** (`Anonymize/`): every free text anonymized → ``AnonymizedResponses``;
/// 3. **aggregate** (`Aggregate/`): counts, numbers, suppression → ``CompiledReport`` and,
///    apart from it, the ``Audit``;
/// 4. **render** (`Render/`): one ``ReportRenderer`` per format, from the report alone;
/// 5. **leak check** (``LeakCheck``): no registry name form may remain in any output;
/// 6. **write**: each output staged beside its target and renamed into place only when all
///    passed, the audit last.
public enum ReportCompiler {
    public static func run(_ options: CompileOptions, catalog: SurveyCatalog, files: [String]) -> CompileResult {
        // 1. Check.
        let checked = CheckRun.check(files, catalog: catalog)
        var result = CompileResult(diagnostics: checked.diagnostics, files: files.count, written: [], report: nil)
        if files.isEmpty {
            result.diagnostics.append(Diagnostic(file: options.paths.first ?? ".", location: .start, severity: .error, code: .noResponses, message: LocalizedText(
                sv: "inga svarsfiler att sammanställa", en: "no response files to compile")))
            return result
        }
        guard !checked.diagnostics.contains(where: { $0.severity == .error }) else {
            result.diagnostics.append(Diagnostic(file: options.paths.first ?? ".", location: .start, severity: .error, code: .responsesHaveErrors, message: LocalizedText(
                sv: "svaren har fel och sammanställs inte; rätta felen ovan (kör `enkat check`) och försök igen",
                en: "the responses have errors and are not compiled; fix the errors above (run `enkat check`) and try again")))
            return result
        }
        let responses = checked.checks.compactMap(\.response)
        let refusals = refuse(responses, surveyID: options.surveyID, catalog: catalog)
        guard refusals.isEmpty,
              let survey = catalog.surveys[options.surveyID ?? responses.first?.survey ?? ""],
              let registry = catalog.registries[survey.registry] else {
            result.diagnostics += refusals
            return result
        }
        // 2–3. Anonymize and aggregate, with the county's places and the reviewer's decisions.
        var gazetteer: Gazetteer?
        let gazetteerFile = (catalog.directory as NSString).appendingPathComponent(Gazetteer.fileName(registry: registry.id))
        if FileManager.default.fileExists(atPath: gazetteerFile) {
            let (read, problems) = Gazetteer.read(gazetteerFile)
            gazetteer = read
            result.diagnostics += problems
        }
        var decisions = ReviewDecisions()
        let decisionsFile = reviewFile(for: options.paths)
        if let decisionsFile {
            let (read, problems) = ReviewDecisions.read(decisionsFile)
            decisions = read
            result.diagnostics += problems
        }
        guard !result.failed else { return result }
        let anonymizer = Anonymizer(registry: registry, personNames: options.personNames, lexicon: options.lexicon, gazetteer: gazetteer,
                                    reviewerReplaces: decisions.replace)
        var aggregated = compile(responses, survey: survey, registry: registry, anonymizer: anonymizer, minCount: options.minCount,
                                 decisions: decisions)
        aggregated.audit.decisions = decisions
        aggregated.audit.decisionsFile = decisionsFile
        let report = aggregated.report
        result.report = report
        result.audit = aggregated.audit
        if options.strict, aggregated.audit.risks.undecided > 0 {
            result.diagnostics.append(Diagnostic(file: decisionsFile ?? reviewFilePath(for: options.paths), location: .start, severity: .error,
                                                 code: .undecidedRisks, message: LocalizedText(
                sv: "riskkön har \(aggregated.audit.risks.undecided) ord eller antal som granskaren inte har beslutat om; inget skrivs. Kör utan --strict, läs riskkön i granskningsfilen (delrapport-\(survey.id).granskning-EJ-FOR-PUBLICERING.md) och skriv besluten under ersätt: eller behåll: i \(Self.reviewFileName) bredvid svaren",
                en: "the risk queue has \(aggregated.audit.risks.undecided) words or counts the reviewer has not decided on; nothing is written. Run without --strict, read the queue in the audit file (delrapport-\(survey.id).granskning-EJ-FOR-PUBLICERING.md) and write the decisions under ersätt: or behåll: in \(Self.reviewFileName) beside the responses")))
            return result
        }

        // 4–5. Render every format, check it for leaked names and stage it (a temporary file
        // beside its target), the formats side by side and the slowest first.
        let name = "delrapport-\(survey.id)"
        var renderers: [any ReportRenderer] = []
        for format in options.formats {
            guard let renderer = ReportRenderers.renderer(for: format) else {
                result.diagnostics.append(Diagnostic(file: ".", location: .start, severity: .error, code: .template, message: LocalizedText(
                    sv: "okänt format `\(format)`", en: "unknown format `\(format)`")))
                return result
            }
            renderers.append(renderer)
        }
        let staging: AtomicWriter.Staging
        do {
            staging = try AtomicWriter.Staging(directory: options.outDirectory)
        } catch {
            result.diagnostics.append(Diagnostic(file: options.outDirectory, location: .start, severity: .error, code: .writeFailed, message: error.message))
            return result
        }
        let leakCheck = LeakCheck(anonymizer: anonymizer)
        let chosen = renderers
        let order = renderers.indices.sorted { renderers[$0].cost > renderers[$1].cost }
        let outcomes = Mutex<[[Diagnostic]]>(Array(repeating: [], count: renderers.count))
        DispatchQueue.concurrentPerform(iterations: renderers.count) { turn in
            let index = order[turn]
            let renderer = chosen[index]
            let file = "\(name).\(renderer.format.rawValue)"
            let problems: [Diagnostic]
            switch renderer.render(report, templates: options.templates) {
            case .failure(let diagnostic):
                problems = [diagnostic]
            case .success(let output):
                let leaks = leakCheck.leaks(in: output)
                if leaks.isEmpty {
                    do throws(AtomicWriter.WriteError) {
                        try staging.stage(file, output.bytes, position: index)
                        problems = []
                    } catch {
                        problems = [Diagnostic(file: options.outDirectory, location: .start, severity: .error, code: .writeFailed, message: error.message)]
                    }
                } else {
                    problems = leakCheck.diagnostics(for: leaks, in: output, file: (options.outDirectory as NSString).appendingPathComponent(file),
                                                     templates: options.templates)
                }
            }
            outcomes.withLock { $0[index] = problems }
        }
        result.diagnostics += outcomes.withLock { $0 }.flatMap { $0 }
        guard !result.failed else {
            staging.discard()
            return result
        }

        // 6. Write: the audit last, then everything renamed into place.
        do {
            try staging.stage("\(name).granskning-EJ-FOR-PUBLICERING.md", Array(AuditReport.markdown(report, audit: aggregated.audit).utf8),
                              position: renderers.count)
            try staging.stage("\(name).riskko-EJ-FOR-PUBLICERING.json", Array(aggregated.audit.risks.json(survey: survey.id).utf8),
                              position: renderers.count + 1)
            result.written = try staging.commit()
        } catch {
            staging.discard()
            result.diagnostics.append(Diagnostic(file: options.outDirectory, location: .start, severity: .error, code: .writeFailed, message: error.message))
        }
        return result
    }

    /// The anonymize and aggregate stages over checked responses to `survey`: the report and
    /// its audit.
    public static func compile(_ responses: [Response], survey: Survey, registry: Registry, anonymizer: Anonymizer,
                               minCount: Int, decisions: ReviewDecisions = ReviewDecisions()) -> Aggregator.Output {
        let anonymized = anonymizer.anonymize(responses, survey: survey, decisions: decisions)
        return Aggregator(survey: survey, registry: registry, minCount: minCount).aggregate(anonymized)
    }

    static let reviewFileName = ReviewDecisions.fileName

    /// Where the reviewer's decisions go: `granskning.yaml` in the first response folder
    /// named (or the folder of the first file).
    static func reviewFilePath(for paths: [String]) -> String {
        let first = paths.first ?? "."
        var isDirectory: ObjCBool = false
        let folder = FileManager.default.fileExists(atPath: first, isDirectory: &isDirectory) && isDirectory.boolValue
            ? first : (first as NSString).deletingLastPathComponent
        return ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(reviewFileName)
    }

    /// The reviewer's decisions file, when there is one.
    static func reviewFile(for paths: [String]) -> String? {
        let path = reviewFilePath(for: paths)
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Responses that cannot be compiled together: several surveys, another survey than asked
    /// for, a respondent that answered twice.
    static func refuse(_ responses: [Response], surveyID: String?, catalog: SurveyCatalog) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let surveys = Dictionary(grouping: responses, by: \.survey)
        let wanted = surveyID ?? (surveys.count == 1 ? surveys.keys.first : nil)
        if let wanted {
            if catalog.surveys[wanted] == nil {
                diagnostics.append(Diagnostic(file: ".", location: .start, severity: .error, code: .unknownSurvey, message: LocalizedText(
                    sv: "okänd enkät `\(wanted)`; kända enkäter: \(catalog.surveys.keys.sorted().joined(separator: ", "))",
                    en: "unknown survey `\(wanted)`; known surveys: \(catalog.surveys.keys.sorted().joined(separator: ", "))")))
            }
            for response in responses where response.survey != wanted {
                diagnostics.append(Diagnostic(file: response.file, location: .start, severity: .error, code: .mixedSurveys, message: LocalizedText(
                    sv: "svaret hör till enkäten `\(response.survey)`, inte `\(wanted)`; sammanställ en enkät i taget",
                    en: "the response answers survey `\(response.survey)`, not `\(wanted)`; compile one survey at a time")))
            }
        } else {
            let list = surveys.keys.sorted().map { "`\($0)` (\(surveys[$0, default: []].count))" }.joined(separator: ", ")
            diagnostics.append(Diagnostic(file: ".", location: .start, severity: .error, code: .mixedSurveys, message: LocalizedText(
                sv: "svaren hör till flera enkäter: \(list); sammanställ en i taget, t.ex. med `--survey` eller genom att ange en mapp",
                en: "the responses answer several surveys: \(list); compile one at a time, e.g. with `--survey` or by naming one folder")))
        }
        guard let wanted, let survey = catalog.surveys[wanted], survey.responsesPerRespondent == .one else { return diagnostics }
        var first: [String: Response] = [:]
        for response in responses.filter({ $0.survey == wanted }).sorted(by: { $0.file < $1.file }) {
            if let earlier = first[response.respondent] {
                diagnostics.append(Diagnostic(file: response.file, location: .start, severity: .error, code: .duplicateRespondent, message: LocalizedText(
                    sv: "`\(response.respondent)` har redan svarat i \(earlier.file); enkäten tar ett svar per svarande — ta bort det ena",
                    en: "`\(response.respondent)` already answered in \(earlier.file); the survey takes one response per respondent — remove one")))
            } else {
                first[response.respondent] = response
            }
        }
        return diagnostics
    }
}
