/// The render stage: one conformer per published format, each turning the ``CompiledReport``
/// (and nothing else: the audit is not in it) into the bytes of one file.
///
/// To add a format, write a conformer, add it to ``ReportRenderers/all`` and, if it uses a
/// template, put the template in `templates/`.
public protocol ReportRenderer: Sendable {
    /// The format's name on the command line (`--format md`) and its file extension.
    var format: ReportFormat { get }
    /// How long the format takes to render, relatively: the slowest is started first.
    var cost: Int { get }
    /// Renders the report with the templates in `templates`.
    func render(_ report: CompiledReport, templates: ReportTemplates) -> Result<RenderedReport, Diagnostic>
}

/// One rendered output: the bytes of the file, and the UTF-8 text the leak check reads (the
/// same bytes, but for Word the document XML inside the package).
public struct RenderedReport: Sendable {
    public var bytes: [UInt8]
    public var publishedText: [UInt8]

    public init(bytes: [UInt8], publishedText: [UInt8]? = nil) {
        self.bytes = bytes
        self.publishedText = publishedText ?? bytes
    }
}

/// A published format: its name on the command line and its file extension.
public struct ReportFormat: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let md = ReportFormat(rawValue: "md")
    public static let html = ReportFormat(rawValue: "html")
    public static let docx = ReportFormat(rawValue: "docx")
    public static let csv = ReportFormat(rawValue: "csv")
    public static let json = ReportFormat(rawValue: "json")
}

/// The formats enkat writes.
public enum ReportRenderers {
    /// Every renderer, in the order `--format` lists them by default.
    public static let all: [any ReportRenderer] = [MarkdownRenderer(), HTMLRenderer(), WordRenderer(), CSVRenderer(), JSONRenderer()]

    /// The renderer of `format`.
    public static func renderer(for format: ReportFormat) -> (any ReportRenderer)? {
        all.first { $0.format == format }
    }
}

/// The Markdown report, from `templates/report.md.mustache`.
public struct MarkdownRenderer: ReportRenderer {
    public var format: ReportFormat { .md }
    public var cost: Int { 3 }
    public func render(_ report: CompiledReport, templates: ReportTemplates) -> Result<RenderedReport, Diagnostic> {
        templates.load("report.md.mustache").map { template in
            RenderedReport(bytes: ReportView(report: report, escaping: .markdown).render(template))
        }
    }
}

/// The self-contained HTML report with SVG charts, from `templates/report.html.mustache`.
public struct HTMLRenderer: ReportRenderer {
    public var format: ReportFormat { .html }
    public var cost: Int { 3 }
    public func render(_ report: CompiledReport, templates: ReportTemplates) -> Result<RenderedReport, Diagnostic> {
        templates.load("report.html.mustache").map { template in
            RenderedReport(bytes: ReportView(report: report, escaping: .markup, charts: SVGChart.charts(for: report)).render(template))
        }
    }
}

/// The Word document: `templates/report.docx.xml.mustache` as its document part, in a package.
public struct WordRenderer: ReportRenderer {
    public var format: ReportFormat { .docx }
    public var cost: Int { 4 }
    public func render(_ report: CompiledReport, templates: ReportTemplates) -> Result<RenderedReport, Diagnostic> {
        let file = templates.folder.path("report.docx.xml.mustache")
        return templates.load("report.docx.xml.mustache").flatMap { template in
            let xml = ReportView(report: report, escaping: .markup).render(template)
            do {
                let data = try DocxPackage.make(documentXML: String(decoding: xml, as: UTF8.self), title: report.survey.title)
                return .success(RenderedReport(bytes: [UInt8](data), publishedText: xml))
            } catch {
                let reason = (error as? ZipWriter.Failure)?.message
                    ?? LocalizedText(sv: "paketet kunde inte skrivas", en: "the package could not be written")
                return .failure(Diagnostic(file: file, location: .start, severity: .error, code: .writeFailed, message: LocalizedText(
                    sv: "Word-filen kunde inte skapas: \(reason.sv)", en: "the Word file could not be made: \(reason.en)")))
            }
        }
    }
}

/// The counts as CSV for Swedish Excel.
public struct CSVRenderer: ReportRenderer {
    public var format: ReportFormat { .csv }
    public var cost: Int { 1 }
    public func render(_ report: CompiledReport, templates: ReportTemplates) -> Result<RenderedReport, Diagnostic> {
        .success(RenderedReport(bytes: Array(ReportData.csv(report).utf8)))
    }
}

/// The compiled data as JSON.
public struct JSONRenderer: ReportRenderer {
    public var format: ReportFormat { .json }
    public var cost: Int { 2 }
    public func render(_ report: CompiledReport, templates: ReportTemplates) -> Result<RenderedReport, Diagnostic> {
        .success(RenderedReport(bytes: ReportData.jsonUTF8(report)))
    }
}
