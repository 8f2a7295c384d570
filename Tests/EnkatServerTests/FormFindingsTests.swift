import EnkatCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EnkatServer

/// What the review's external checkers found on the web form (issue 12): an empty
/// `aria-describedby`, a scrollable region without keyboard access, a required question
/// left without answer not marked invalid, and `HEAD` answered with 404.
@Suite("The form's findings from the Nu HTML checker and axe-core")
struct FormFindingsTests {
    /// Every `aria-describedby` on a page names at least one id, and only ids the page has.
    static func expectDescribedByResolves(_ html: String, page: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let ids = Set(html.matches(of: #/ id="([^"]+)"/#).map { String($0.output.1) })
        #expect(!html.contains("aria-describedby=\"\""), "\(page): an empty aria-describedby", sourceLocation: sourceLocation)
        for match in html.matches(of: #/aria-describedby="([^"]*)"/#) {
            let named = match.output.1.split(separator: " ").map(String.init)
            #expect(!named.isEmpty, "\(page): aria-describedby names nothing", sourceLocation: sourceLocation)
            for id in named {
                #expect(ids.contains(id), "\(page): aria-describedby names \(id), which is not on the page", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("a question without help or findings has no aria-describedby: on the form, with findings, and on the conflict page")
    func noEmptyDescribedBy() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let (form, afterSave, conflict) = try await fixture.test { client in
            let (_, page, _) = try await client.get("/")
            // Question 1 answered: neither help nor findings; 17g out of range: findings.
            _ = try await client.post(
                "/spara", [("token", try HTML.token(page)), ("respondent", "region-dalarna"), ("q.1", "ja"), ("q.17g", "274")])
            let (_, afterSave, _) = try await client.get("/")
            let (status, conflict, _) = try await client.post(
                "/spara", [("token", "fel"), ("respondent", "region-dalarna"), ("q.1", "nej-inget-forslag")])
            #expect(status == .conflict)
            return (page, afterSave, conflict)
        }
        for (name, html) in [("the blank form", form), ("the form with findings", afterSave), ("the conflict page", conflict)] {
            Self.expectDescribedByResolves(html, page: name)
        }
        let one = HTML.question("1", in: afterSave)
        let fieldset = try #require(HTML.tags("fieldset", in: one).first)
        #expect(HTML.value("aria-describedby", in: fieldset) == nil, "\(fieldset)")
        // With findings the group is described by them.
        let g = HTML.question("17g", in: afterSave)
        #expect(HTML.tags("input", in: g).first { $0.contains("id=\"q-17g\"") }.flatMap { HTML.value("aria-describedby", in: $0) }?
            .contains("q-17g-diag") == true)
    }

    @Test("the status page's scrollable report is reachable by keyboard and named")
    func statusPreFocusable() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let (status, html, _) = try await fixture.test { try await $0.get("/status") }
        #expect(status == .ok)
        let pre = try #require(HTML.tags("pre", in: html).first)
        #expect(HTML.value("tabindex", in: pre) == "0")
        #expect(HTML.value("role", in: pre) == "region")
        let label = try #require(HTML.value("aria-labelledby", in: pre))
        #expect(html.contains("<summary id=\"\(label)\">Samma rapport som <code>enkat status</code> skriver</summary>"))
        Self.expectDescribedByResolves(html, page: "/status")
    }

    @Test("a required choice cleared by a save: its radios are invalid and described by the message")
    func clearedRequiredIsInvalid() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let html = try await fixture.test { client in
            let (_, page, _) = try await client.get("/")
            _ = try await client.post("/spara", [("token", try HTML.token(page)), ("respondent", "region-dalarna"), ("q.1", "ja")])
            let (_, answered, _) = try await client.get("/")
            let radios = HTML.tags("input", in: HTML.question("1", in: answered)).filter { $0.contains("type=\"radio\"") }
            #expect(radios.count == 4)
            #expect(radios.allSatisfy { HTML.value("aria-invalid", in: $0) == nil }, "answered: not invalid")
            // Cleared: the field is simply absent from the post, as a browser sends no radio.
            let (status, _, _) = try await client.post("/spara", [("token", try HTML.token(answered)), ("respondent", "region-dalarna")])
            #expect(status == .seeOther)
            return try await client.get("/").1
        }
        #expect(fixture.check().diagnostics.contains { $0.code == .required && $0.question == "1" })
        let one = HTML.question("1", in: html)
        #expect(one.contains("<ul class=\"diagnostics\" id=\"q-1-diag\">"))
        #expect(one.contains("Frågan är obligatorisk och saknar svar."))
        let radios = HTML.tags("input", in: one).filter { $0.contains("type=\"radio\"") }
        #expect(radios.count == 4)
        for radio in radios {
            #expect(HTML.value("aria-invalid", in: radio) == "true", "\(radio)")
            #expect(HTML.value("aria-describedby", in: radio) == "q-1-diag", "\(radio)")
        }
        // A required text question without answer: the text area likewise.
        let textarea = try #require(HTML.tags("textarea", in: HTML.question("3", in: html)).first)
        #expect(HTML.value("aria-invalid", in: textarea) == "true")
        #expect(HTML.value("aria-describedby", in: textarea)?.split(separator: " ").contains("q-3-diag") == true)
        // A question that is not required and not answered is not invalid.
        let optional = try #require(Repo.catalog.surveys["slutredovisning-region-2022"]?.questions.first { !$0.required && $0.type == .text })
        let field = try #require(HTML.tags("textarea", in: HTML.question(optional.id, in: html)).first)
        #expect(HTML.value("aria-invalid", in: field) == nil, "\(optional.id): \(field)")
    }

    @Test("HEAD answers like GET without a body, on every GET route", arguments: ["/", "/status", "/status.json", "/utskrift", "/formular.css", "/formular.js"])
    func head(path: String) async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let get = try await client.execute(uri: path, method: .get) { $0 }
            let head = try await client.execute(uri: path, method: .head) { $0 }
            #expect(get.status == .ok)
            #expect(head.status == get.status)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentType] == get.headers[.contentType])
            #expect(head.headers[.contentSecurityPolicy] == get.headers[.contentSecurityPolicy])
            #expect(head.headers[.contentLength] == "\(get.body.readableBytes)")
        }
    }

    @Test("HEAD over a real connection: 200, the length of the page, no body")
    func headLive() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try await fixture.server.application(port: 0).test(.live) { client in
            let get = try await client.execute(uri: "/", method: .get) { $0 }
            let head = try await client.execute(uri: "/", method: .head) { $0 }
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == "\(get.body.readableBytes)")
            let missing = try await client.execute(uri: "/finns-inte", method: .head) { $0 }
            #expect(missing.status == .notFound)
        }
    }
}
