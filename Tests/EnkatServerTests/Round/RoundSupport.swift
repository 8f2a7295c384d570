import EnkatCore
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EnkatServer

/// A round in a fresh temporary folder (bcrypt cost 4), and its server.
struct RoundFixture {
    static let survey = "socialstyrelsen-kommun-2025"
    static let password = "ett-langt-losenord-for-test"

    let root: String
    let directory: String
    var links: [String: String]
    let server: RoundServer
    var limits = RoundServer.RateLimits()

    init(respondents ids: [String] = ["falun", "mora"]) throws {
        root = NSTemporaryDirectory() + "enkat-round-" + UUID().uuidString
        directory = root + "/omgang"
        let survey = try #require(Repo.catalog.surveys[Self.survey])
        let registry = try #require(Repo.catalog.registries[survey.registry])
        let respondents = try ids.map { try #require(registry.respondent($0)) }
        let created = try RoundSetup.create(
            directory: directory, survey: survey, respondents: respondents, password: Self.password, cost: 4)
        links = Dictionary(uniqueKeysWithValues: created.map { ($0.respondent, $0.path) })
        server = try RoundServer(directory: directory, catalog: Repo.catalog, templatesDirectory: Repo.templates)
    }

    func file(_ respondent: String) -> String { RoundSetup.responseFile(directory, respondent: respondent) }

    func contents(_ respondent: String) throws -> String { try String(contentsOfFile: file(respondent), encoding: .utf8) }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// Runs `body` against the router, in process, with plain http on loopback.
    func test<Value>(host: String = "127.0.0.1", _ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await server.application(host: host, port: 0, limits: limits).test(.router, body)
    }

    /// The answers of a complete sample response, as the form posts them.
    static func completeAnswers(_ respondent: String = "falun") throws -> [(String, String)] {
        let survey = try #require(Repo.catalog.surveys[Self.survey])
        let bytes = try SourceFile.read(Repo.root.appendingPathComponent("responses/\(Self.survey)/\(respondent).yaml").path)
        let state = try #require(FormState(yaml: bytes, file: "x.yaml", survey: survey))
        var fields: [(String, String)] = []
        for question in survey.questions {
            guard let raw = state.answers[question.id] else { continue }
            for value in raw.values {
                if question.sentinel(value) != nil {
                    fields.append((FormState.FieldName.sentinel(question.id), value))
                } else {
                    fields.append((FormState.FieldName.value(question.id), value))
                }
            }
            if let comment = raw.comment { fields.append((FormState.FieldName.comment(question.id), comment)) }
            if let details = raw.details { fields.append((FormState.FieldName.details(question.id), details)) }
        }
        return fields
    }
}

/// A browser's cookie jar, enough for the admin pages.
final class CookieJar: @unchecked Sendable {
    private var cookies: [String: String] = [:]
    private let lock = NSLock()

    func take(_ headers: HTTPFields) {
        lock.withLock {
            for value in headers[values: .setCookie] {
                let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(pair[0])
                let content = pair.count > 1 ? String(pair[1]) : ""
                if content.isEmpty || value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = content }
            }
        }
    }

    var header: HTTPFields {
        lock.withLock {
            cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")]
        }
    }

    func value(_ name: String) -> String? { lock.withLock { cookies[name] } }
}

extension TestClientProtocol {
    /// GET with the jar's cookies (taking any it sets).
    func get(_ uri: String, jar: CookieJar, headers extra: HTTPFields = [:]) async throws -> (HTTPResponse.Status, String, HTTPFields) {
        var headers = jar.header
        headers.append(contentsOf: extra)
        let result = try await execute(uri: uri, method: .get, headers: headers) { ($0.status, String(buffer: $0.body), $0.headers) }
        jar.take(result.2)
        return result
    }

    /// POST a form with the jar's cookies.
    func post(_ uri: String, _ fields: [(String, String)], jar: CookieJar, headers extra: HTTPFields = [:]) async throws -> (
        HTTPResponse.Status, String, HTTPFields
    ) {
        var headers = jar.header
        headers.append(contentsOf: extra)
        let result = try await post(uri, fields, headers: headers)
        jar.take(result.2)
        return result
    }

    /// Logs in as RSS; returns the admin CSRF token from the progress page.
    func login(jar: CookieJar, password: String = RoundFixture.password) async throws -> String {
        let (_, form, _) = try await get("/admin/logga-in", jar: jar)
        let csrf = try #require(HTML.attribute("value", ofFirst: "name=\"csrf\"", in: form))
        let (status, _, headers) = try await post("/admin/logga-in", [("csrf", csrf), ("password", password)], jar: jar)
        try #require(status == .seeOther, "login failed: \(status)")
        #expect(headers[.location] == "/admin/")
        let (_, page, _) = try await get("/admin/", jar: jar)
        return try #require(HTML.attribute("value", ofFirst: "name=\"csrf\"", in: page))
    }

    /// Opens a respondent's form; returns the page, its version token and CSRF token.
    func openForm(_ path: String) async throws -> (html: String, token: String, csrf: String) {
        let (status, html, _) = try await get(path)
        try #require(status == .ok, "\(path): \(status)")
        return (html, try HTML.token(html), try #require(HTML.attribute("value", ofFirst: "name=\"csrf\"", in: html)))
    }
}
