import Dispatch
import Foundation
import Synchronization

/// The output formats of `enkat compile`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case md, html, docx, csv, json
}

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
    /// Which outputs to write (the audit is always written).
    public var formats: [ReportFormat]
    /// The report templates.
    public var templates: ReportTemplates
    /// Person names the anonymizer replaces.
    public var personNames: [String]

    public init(paths: [String], surveyID: String? = nil, minCount: Int = 3, outDirectory: String = "build",
                formats: [ReportFormat] = ReportFormat.allCases, templates: ReportTemplates, personNames: [String] = []) {
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
/// and the compiled report.
public struct CompileResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var files: Int
    public var written: [String]
    public var report: CompiledReport?

    public var failed: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Checks a set of responses, refuses it if it cannot be compiled honestly, aggregates and
/// anonymizes it, renders every output in memory, checks every output for leaked names, and
/// only then writes them, each atomically.
public enum ReportCompiler {
    public static func run(_ options: CompileOptions, catalog: SurveyCatalog, files: [String]) -> CompileResult {
        let checked = CheckRun.check(files, catalog: catalog)
        var result = CompileResult(diagnostics: checked.diagnostics, files: files.count, written: [], report: nil)
        if files.isEmpty {
            result.diagnostics.append(Diagnostic(file: options.paths.first ?? ".", location: .start, severity: .error, code: .noResponses, message: LocalizedText(
                sv: "inga svarsfiler att sammanställa", en: "no response files to compile")))
            return result
        }
        guard !checked.diagnostics.contains(where: { $0.severity == .error }) else {
            result.diagnostics.append(Diagnostic(file: options.paths.first ?? ".", location: .start, severity: .error, code: .noResponses, message: LocalizedText(
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
        let anonymizer = Anonymizer(registry: registry, personNames: options.personNames)
        let report = Aggregator(survey: survey, registry: registry, anonymizer: anonymizer, minCount: options.minCount).compile(responses)
        result.report = report

        // Render every format, check it for leaked names and stage it (a temporary file
        // beside its target), the formats side by side and the slowest first. Only when all
        // of them pass are they renamed into place; otherwise nothing is left behind.
        let name = "delrapport-\(survey.id)"
        let formats = options.formats
        let staging: AtomicWriter.Staging
        do {
            staging = try AtomicWriter.Staging(directory: options.outDirectory)
        } catch {
            result.diagnostics.append(Diagnostic(file: options.outDirectory, location: .start, severity: .error, code: .unreadable, message: error.message))
            return result
        }
        let order = formats.indices.sorted { formats[$0].renderingCost > formats[$1].renderingCost }
        let rendered = Mutex<[Result<(text: [UInt8], leaks: [String]), Diagnostic>?]>(Array(repeating: nil, count: formats.count))
        DispatchQueue.concurrentPerform(iterations: formats.count) { turn in
            let index = order[turn]
            let outcome = render(formats[index], report, templates: options.templates).flatMap { bytes, text -> Result<(text: [UInt8], leaks: [String]), Diagnostic> in
                let leaks = text.withUnsafeBufferPointer { anonymizer.leaks(inUTF8: $0) }
                if leaks.isEmpty {
                    do throws(AtomicWriter.WriteError) {
                        try staging.stage("\(name).\(formats[index].rawValue)", bytes, position: index)
                    } catch {
                        return .failure(Diagnostic(file: options.outDirectory, location: .start, severity: .error, code: .unreadable, message: error.message))
                    }
                }
                return .success((text, leaks))
            }
            rendered.withLock { $0[index] = outcome }
        }
        for (format, outcome) in zip(formats, rendered.withLock { $0 }) {
            switch outcome {
            case .success(let (text, leaks))?:
                // The leak check: no registry name form may remain in anything published.
                for form in leaks {
                    let line = lineNumber(of: form, in: String(decoding: text, as: UTF8.self))
                    result.diagnostics.append(Diagnostic(
                        file: (options.outDirectory as NSString).appendingPathComponent("\(name).\(format.rawValue)"),
                        location: SourceLocation(line: line, column: 1), severity: .error, code: .leak, message: LocalizedText(
                            sv: "namnet ”\(form)” står kvar i utdata; inget skrivs. Kontrollera mallarna i \(options.templates.directory) och registret",
                            en: "the name “\(form)” remains in the output; nothing is written. Check the templates in \(options.templates.directory) and the registry")))
                }
            case .failure(let diagnostic)?:
                result.diagnostics.append(diagnostic)
            case nil:
                break
            }
        }
        guard !result.failed else {
            staging.discard()
            return result
        }

        do {
            try staging.stage("\(name).granskning-EJ-FOR-PUBLICERING.md", Array(AuditReport.markdown(report).utf8), position: formats.count)
            result.written = try staging.commit()
        } catch {
            staging.discard()
            result.diagnostics.append(Diagnostic(file: options.outDirectory, location: .start, severity: .error, code: .unreadable, message: error.message))
        }
        return result
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

    /// Renders one format: the bytes to write and the UTF-8 text the leak check reads (the
    /// same bytes, but for Word the document XML inside the package).
    static func render(_ format: ReportFormat, _ report: CompiledReport, templates: ReportTemplates) -> Result<([UInt8], [UInt8]), Diagnostic> {
        switch format {
        case .json:
            let bytes = ReportData.jsonUTF8(report)
            return .success((bytes, bytes))
        case .csv:
            let bytes = Array(ReportData.csv(report).utf8)
            return .success((bytes, bytes))
        case .md:
            return templates.load("report.md.mustache").map { template in
                let bytes = ReportView(report: report, escaping: .markdown).render(template)
                return (bytes, bytes)
            }
        case .html:
            return templates.load("report.html.mustache").map { template in
                let bytes = ReportView(report: report, escaping: .markup, charts: SVGChart.charts(for: report)).render(template)
                return (bytes, bytes)
            }
        case .docx:
            let file = templates.path("report.docx.xml.mustache")
            return templates.load("report.docx.xml.mustache").flatMap { template in
                let xml = ReportView(report: report, escaping: .markup).render(template)
                do {
                    let data = try DocxPackage.make(documentXML: String(decoding: xml, as: UTF8.self))
                    return .success(([UInt8](data), xml))
                } catch {
                    return .failure(Diagnostic(file: file, location: .start, severity: .error, code: .template, message: LocalizedText(
                        sv: "Word-filen kunde inte skapas: \(error)", en: "the Word file could not be made: \(error)")))
                }
            }
        }
    }

    private static func lineNumber(of needle: String, in text: String) -> Int {
        guard let range = text.range(of: needle, options: [.caseInsensitive, .diacriticInsensitive]) else { return 1 }
        return text[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }
}

extension ReportFormat {
    /// How long a format takes to render, relatively (the slowest is started first).
    var renderingCost: Int {
        switch self {
        case .docx: 4
        case .md, .html: 3
        case .json: 2
        case .csv: 1
        }
    }
}
