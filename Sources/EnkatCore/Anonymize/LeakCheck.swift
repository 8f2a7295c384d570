import Foundation

/// The last stage before anything is written: no registry name form (a kommun, a locality, a
/// systemledning, a compound or web address built on one) may remain in a published output,
/// whether it came through an answer the anonymizer missed or through a template. The rules
/// are the anonymizer's own (``Anonymizer/leaks(inUTF8:)``).
public struct LeakCheck: Sendable {
    public let anonymizer: Anonymizer

    public init(anonymizer: Anonymizer) {
        self.anonymizer = anonymizer
    }

    /// The name forms left in `output`.
    public func leaks(in output: RenderedReport) -> [String] {
        output.publishedText.withUnsafeBufferPointer { anonymizer.leaks(inUTF8: $0) }
    }

    /// One located error per name form left in `output`, which would be written to `file`.
    public func diagnostics(for leaks: [String], in output: RenderedReport, file: String, templates: ReportTemplates) -> [Diagnostic] {
        guard !leaks.isEmpty else { return [] }
        let text = String(decoding: output.publishedText, as: UTF8.self)
        return leaks.map { form in
            Diagnostic(
                file: file, location: SourceLocation(line: Self.lineNumber(of: form, in: text), column: 1), severity: .error, code: .leak,
                message: LocalizedText(
                    sv: "namnet ”\(form)” står kvar i utdata; inget skrivs. Kontrollera mallarna i \(templates.directory) och registret",
                    en: "the name “\(form)” remains in the output; nothing is written. Check the templates in \(templates.directory) and the registry"))
        }
    }

    private static func lineNumber(of needle: String, in text: String) -> Int {
        guard let range = text.range(of: needle, options: [.caseInsensitive, .diacriticInsensitive]) else { return 1 }
        return text[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }
}
