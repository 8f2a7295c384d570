import Foundation
import Mustache

/// The report templates in `templates/`: Mustache files holding all report wording, so RSS
/// staff can change the prose without touching Swift. A template that does not parse gives
/// a located diagnostic (`templates/report.md.mustache:12:5`).
public struct ReportTemplates: Sendable {
    /// The folder the templates are read from.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The nearest `templates/` folder at or above `start` that holds `report.md.mustache`.
    public static func locate(from start: String = FileManager.default.currentDirectoryPath) -> String? {
        var url = URL(fileURLWithPath: start).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent("templates")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("report.md.mustache").path) {
                return relativePath(candidate.path, from: start)
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    private static func relativePath(_ path: String, from base: String) -> String {
        let basePath = URL(fileURLWithPath: base).standardizedFileURL.path
        if path == basePath + "/templates" { return "templates" }
        return path
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

    /// Reads and parses one template.
    public func load(_ name: String) -> Result<MustacheTemplate, Diagnostic> {
        _ = Self.markupRegistered
        let file = path(name)
        let bytes: [UInt8]
        do {
            bytes = try SourceFile.read(file)
        } catch {
            return .failure(Diagnostic(file: file, location: .start, severity: .error, code: .template, message: LocalizedText(
                sv: "mallen kan inte läsas: \(error.message.sv); mallarna ska ligga i templates/ (eller ange --templates MAPP)",
                en: "the template cannot be read: \(error.message.en); templates belong in templates/ (or pass --templates DIR)")))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(Diagnostic(file: file, location: .start, severity: .error, code: .encoding, message: LocalizedText(
                sv: "mallen är inte UTF-8; spara den som UTF-8", en: "the template is not UTF-8; save it as UTF-8")))
        }
        do {
            return .success(try MustacheTemplate(string: text))
        } catch let error as MustacheTemplate.ParserError {
            let location = SourceLocation(line: error.context.lineNumber, column: error.context.columnNumber)
            let reason = Self.explain(error.error)
            return .failure(Diagnostic(file: file, location: location, severity: .error, code: .template, message: LocalizedText(
                sv: "mallen kan inte tolkas: \(reason.sv)", en: "the template cannot be parsed: \(reason.en)")))
        } catch {
            return .failure(Diagnostic(file: file, location: .start, severity: .error, code: .template, message: LocalizedText(
                sv: "mallen kan inte tolkas; jämför den med mallen som följer med enkat",
                en: "the template cannot be parsed; compare it with the template that comes with enkat")))
        }
    }

    private static func explain(_ error: Swift.Error) -> LocalizedText {
        guard let error = error as? MustacheTemplate.Error else { return unrecognised }
        switch error {
        case .sectionCloseNameIncorrect:
            return LocalizedText(sv: "ett avsnitt stängs med fel namn (`{{/namn}}` ska matcha `{{#namn}}`)",
                                 en: "a section is closed with the wrong name (`{{/name}}` must match `{{#name}}`)")
        case .unfinishedName:
            return LocalizedText(sv: "en tagg är inte avslutad eller har ett ogiltigt namn (bara a–z, 0–9, _ och . i namn; inga å, ä, ö)",
                                 en: "a tag is not finished or has an invalid name (only a–z, 0–9, _ and . in names)")
        case .expectedSectionEnd:
            return LocalizedText(sv: "ett avsnitt (`{{#namn}}` eller `{{^namn}}`) stängs aldrig med `{{/namn}}`",
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
/// type does, but over UTF-8 bytes.
struct MarkupContentType: MustacheContentType {
    func escapeText(_ text: String) -> String {
        MarkupEscape.escape(text)
    }
}

enum MarkupEscape {
    static func escape(_ text: String) -> String {
        text.withUTF8Bytes { bytes in
            guard bytes.contains(where: needsEscape) else { return text }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            append(bytes, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
    }

    /// Appends `bytes` escaped to `out`, copying the runs between special characters whole.
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var run = 0
        for (index, byte) in bytes.enumerated() where needsEscape(byte) {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            default: out.append(contentsOf: "&#39;".utf8)
            }
            run = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
    }
}
