import Foundation
import Mustache

/// A folder of Mustache templates (`templates/`), read by the report renderers
/// (`ReportTemplates`) and the web form (`FormTemplates` in EnkatServer) alike. The templates
/// hold all wording, so RSS staff can change the prose without touching Swift; a template that
/// cannot be read or parsed gives a located diagnostic (`templates/report.md.mustache:12:5`).
public struct TemplateFolder: Sendable {
    /// The folder the templates are read from.
    public let directory: String

    /// The templates in `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// The path of a template file.
    public func path(_ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// `{{% CONTENT_TYPE: MARKUP}}`: HTML/XML escaping of `& < > " '` over bytes, for the
    /// large reports (swift-mustache's own HTML escaping goes character by character).
    private static let markupRegistered: Void = {
        MustacheContentTypes.register(MarkupContentType(), named: "MARKUP")
    }()

    /// Reads one file of the folder as UTF-8 text, as it is (the form's style sheet and script).
    public func text(_ name: String) -> Result<String, Diagnostic> {
        let file = path(name)
        let bytes: [UInt8]
        do {
            bytes = try SourceFile.read(file)
        } catch {
            return .failure(
                problem(
                    name,
                    LocalizedText(
                        sv: "mallen kan inte läsas: \(error.message.sv); mallarna ska ligga i templates/ (eller ange --templates MAPP)",
                        en: "the template cannot be read: \(error.message.en); templates belong in templates/ (or pass --templates DIR)")))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(
                problem(
                    name, code: .encoding,
                    LocalizedText(sv: "mallen är inte UTF-8; spara den som UTF-8", en: "the template is not UTF-8; save it as UTF-8")))
        }
        return .success(text)
    }

    /// Reads and parses one template.
    public func load(_ name: String) -> Result<MustacheTemplate, Diagnostic> {
        _ = Self.markupRegistered
        return text(name).flatMap { text in
            do {
                return .success(try MustacheTemplate(string: text))
            } catch let error as MustacheTemplate.ParserError {
                let location = SourceLocation(line: error.context.lineNumber, column: error.context.columnNumber)
                let reason = Self.explain(error.error)
                return .failure(
                    problem(
                        name, at: location,
                        LocalizedText(sv: "mallen kan inte tolkas: \(reason.sv)", en: "the template cannot be parsed: \(reason.en)")))
            } catch {
                return .failure(
                    problem(
                        name,
                        LocalizedText(
                            sv: "mallen kan inte tolkas; jämför den med mallen som följer med enkat",
                            en: "the template cannot be parsed; compare it with the template that comes with enkat")))
            }
        }
    }

    /// An error in the template `name`.
    private func problem(
        _ name: String, at location: SourceLocation = .start, code: DiagnosticCode = .template, _ message: LocalizedText
    ) -> Diagnostic {
        Diagnostic(file: path(name), location: location, severity: .error, code: code, message: message)
    }

    private static func explain(_ error: Swift.Error) -> LocalizedText {
        guard let error = error as? MustacheTemplate.Error else { return unrecognised }
        switch error {
        case .sectionCloseNameIncorrect:
            return LocalizedText(
                sv: "ett avsnitt stängs med fel namn (`{{/namn}}` ska matcha `{{#namn}}`)",
                en: "a section is closed with the wrong name (`{{/name}}` must match `{{#name}}`)")
        case .unfinishedName:
            return LocalizedText(
                sv: "en tagg är inte avslutad eller har ett ogiltigt namn (bara a–z, 0–9, _ och . i namn; inga å, ä, ö)",
                en: "a tag is not finished or has an invalid name (only a–z, 0–9, _ and . in names)")
        case .expectedSectionEnd:
            return LocalizedText(
                sv: "ett avsnitt (`{{#namn}}` eller `{{^namn}}`) stängs aldrig med `{{/namn}}`",
                en: "a section (`{{#name}}` or `{{^name}}`) is never closed with `{{/name}}`")
        case .invalidSetDelimiter:
            return LocalizedText(sv: "felaktig ändring av avgränsare", en: "invalid set-delimiter tag")
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable:
            return LocalizedText(sv: "okänd eller felskriven inställning (`{{% … }}`)", en: "unknown or misspelt setting (`{{% … }}`)")
        default:
            return unrecognised
        }
    }

    /// A parse error swift-mustache has no case for that enkat explains.
    private static let unrecognised = LocalizedText(
        sv: "ett fel i mallens taggar (`{{…}}`); jämför med mallen som följer med enkat",
        en: "an error in the template's tags (`{{…}}`); compare with the template that comes with enkat")
}

/// Escapes text for HTML and XML: `&`, `<`, `>`, `"` and `'`, as swift-mustache's HTML content
/// type does, but over UTF-8 bytes (`MarkupEscape`).
struct MarkupContentType: MustacheContentType {
    func escapeText(_ text: String) -> String {
        MarkupEscape.escape(text)
    }
}
