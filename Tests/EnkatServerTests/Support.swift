import EnkatCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EnkatServer

/// The package's folders, found from this file.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let surveys = root.appendingPathComponent("surveys").path
    static let templates = root.appendingPathComponent("templates").path
    static let catalog = SurveyCatalog(directory: surveys)
}

/// A response file in a fresh temporary folder, and a server for it.
struct Fixture {
    let directory: String
    let file: String
    let server: FormServer
    var survey: Survey { server.survey }

    /// A blank response (as `enkat new` writes it) or the given text.
    init(
        survey surveyID: String = "slutredovisning-region-2022", respondent: String = "region-dalarna", text: String? = nil,
        name: String = "svar.yaml"
    ) throws {
        directory = NSTemporaryDirectory() + "enkat-serve-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        file = directory + "/" + name
        let survey = try #require(Repo.catalog.surveys[surveyID])
        let registry = Repo.catalog.registries[survey.registry]
        let contents = text ?? ResponseWriter.yaml(survey: survey, respondent: registry?.respondent(respondent), respondentID: respondent)
        try contents.write(toFile: file, atomically: true, encoding: .utf8)
        server = try FormServer(file: file, catalog: Repo.catalog, templatesDirectory: Repo.templates)
    }

    func contents() throws -> String { try String(contentsOfFile: file, encoding: .utf8) }

    func check() -> ResponseCheck { ResponseValidator(catalog: Repo.catalog).check(file: file) }

    func backups() -> [String] { Backups(file: file).list() }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    /// Runs `body` against the router, in process.
    func test<Value>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await server.application(port: 0).test(.router, body)
    }
}

extension TestClientProtocol {
    /// GET, returning status and body text.
    func get(_ uri: String) async throws -> (HTTPResponse.Status, String, HTTPFields) {
        try await execute(uri: uri, method: .get) { ($0.status, String(buffer: $0.body), $0.headers) }
    }

    /// POST a urlencoded form.
    func post(_ uri: String, _ fields: [(String, String)], headers extra: HTTPFields = [:]) async throws -> (
        HTTPResponse.Status, String, HTTPFields
    ) {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers.append(contentsOf: extra)
        let body = fields.map { "\(FormEncoding.escape($0.0))=\(FormEncoding.escape($0.1))" }.joined(separator: "&")
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) {
            ($0.status, String(buffer: $0.body), $0.headers)
        }
    }
}

/// Encoding as a browser does: spaces as `+`, line breaks as CRLF (%0D%0A).
enum FormEncoding {
    static func escape(_ text: String) -> String {
        let crlf = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._* ")
        allowed = allowed.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        return (crlf.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(of: " ", with: "+")
    }
}

/// Small readers of the rendered HTML.
enum HTML {
    /// The value of the hidden version token.
    static func token(_ html: String) throws -> String {
        try #require(attribute("value", ofFirst: "name=\"token\"", in: html))
    }

    /// The value of `name="…"` in the first tag that contains `marker`.
    static func attribute(_ name: String, ofFirst marker: String, in html: String) -> String? {
        guard let range = html.range(of: marker) else { return nil }
        let start = html[..<range.lowerBound].lastIndex(of: "<") ?? range.lowerBound
        let end = html[range.upperBound...].firstIndex(of: ">") ?? html.endIndex
        let tag = html[start..<end]
        guard let attribute = tag.range(of: " \(name)=\"") else { return nil }
        return String(tag[attribute.upperBound...].prefix { $0 != "\"" })
    }

    /// The HTML of one question's block (from its anchor to the next question's).
    static func question(_ id: String, in html: String) -> String {
        guard let start = html.range(of: "id=\"\(FormIDs.anchor(id))\"") else { return "" }
        let rest = html[start.upperBound...]
        let end = rest.range(of: "<div class=\"question")?.lowerBound ?? rest.range(of: "</section>")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    /// Every start tag of an element, with its attributes.
    static func tags(_ element: String, in html: String) -> [String] {
        var tags: [String] = []
        var rest = html[...]
        while let range = rest.range(of: "<\(element)") {
            let after = rest[range.upperBound...]
            guard let first = after.first, first == " " || first == ">" || first == "\n" else { rest = after; continue }
            let end = after.firstIndex(of: ">") ?? after.endIndex
            tags.append(String(rest[range.lowerBound..<end]) + ">")
            rest = after[end...]
        }
        return tags
    }

    static func value(_ attribute: String, in tag: String) -> String? {
        guard let range = tag.range(of: " \(attribute)=\"") else {
            return tag.contains(" \(attribute)>") || tag.contains(" \(attribute) ") ? "" : nil
        }
        return String(tag[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Undoes Mustache's escaping.
    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
