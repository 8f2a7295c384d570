import EnkatCore
import Foundation
import Hummingbird
import Testing

@testable import EnkatServer

/// A whole round in a real browser: `scripts/e2e-round.py` drives headless Chromium (selenium,
/// chromedriver) through the respondents' links and RSS's pages, runs axe-core on every page
/// and the Nu HTML checker on the bytes the server sent. Needs what `check-a11y.py --tools`
/// lists; skipped without it, failed in CI.
@Suite("Survey rounds in headless Chromium", .tags(.slow), .slowTier)
struct RoundBrowserTests {
    @Test(
        "respondents fill, save and submit; RSS logs in, sees progress, reopens, compiles, downloads; zero axe violations and Nu errors on every page",
        .enabled(if: A11y.runs, A11y.skipReason), .timeLimit(.minutes(5)))
    func round() async throws {
        try CI.require(A11y.missing)
        let fixture = try RoundFixture(respondents: ["falun", "mora", "leksand"])
        defer { fixture.remove() }
        // Falun has filled in everything already (the sample answer); Mora and Leksand start blank.
        let sample = Repo.root.appendingPathComponent("responses/\(RoundFixture.survey)/falun.yaml").path
        try FileManager.default.removeItem(atPath: fixture.file("falun"))
        try FileManager.default.copyItem(atPath: sample, toPath: fixture.file("falun"))
        let links = fixture.root + "/links.json"
        let ordered = ["falun", "mora", "leksand"].map { "\"\($0)\": \"\(fixture.links[$0]!)\"" }.joined(separator: ", ")
        try "{\(ordered)}".write(toFile: links, atomically: true, encoding: .utf8)

        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try fixture.server.application(host: "127.0.0.1", port: 0) { continuation.yield($0) }
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { task.cancel() }
        var ports = stream.makeAsyncIterator()
        let port = try #require(await ports.next())

        let python = try #require(Tools.python)
        let (status, output) = try await Tools.run(
            python,
            [
                Repo.root.appendingPathComponent("scripts/e2e-round.py").path, "--base", "http://127.0.0.1:\(port)", "--links", links,
                "--password", RoundFixture.password,
            ], environment: Tools.chromium.map { ["CHROMIUM": $0] } ?? [:])
        try #require(status == 0, "e2e-round.py exited \(status): \(output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let seen = try #require(json["observations"] as? [String: Any])
        for key in [
            "saved_banner", "submitted_page", "submitted_has_no_form", "blank_sees_own_name", "refused_banner",
            "admin_redirects_to_login", "progress_shows_submitted", "progress_shows_draft", "progress_shows_unopened",
            "reopened_notice", "reopened_form_editable", "resubmitted", "new_link_differs", "report_page", "report_marks_audit",
            "xlsx_is_zip", "logged_out",
        ] {
            #expect(seen[key] as? Bool == true, "\(key): \(seen[key] ?? "missing")")
        }
        for key in ["blank_sees_other", "guess_shows_answers", "progress_shows_answer_text", "events_have_answer_text"] {
            #expect(seen[key] as? Bool == false, "\(key)")
        }
        #expect(seen["guess_title"] as? String == "Sidan finns inte")
        #expect(seen["wrong_password_status"] as? Int == 401)
        #expect(seen["old_link_status"] as? Int == 404)
        #expect(seen["after_logout_path"] as? String == "/admin/logga-in")
        let downloads = try #require(seen["downloads"] as? [String: [String: Any]])
        #expect(downloads.keys.contains { $0.contains("granskning-EJ-FOR-PUBLICERING") })
        #expect(downloads.keys.contains { $0.hasSuffix(".html") } && downloads.keys.contains { $0.hasSuffix(".docx") })
        for (name, download) in downloads {
            #expect(download["status"] as? Int == 200, "\(name)")
            #expect(download["has_draft_text"] as? Bool == false, "\(name): a draft's text in the report")
        }
        let pages = try #require(json["pages"] as? [[String: Any]])
        #expect(pages.count >= 12)
        for page in pages {
            let name = page["name"] as? String ?? "?"
            #expect((page["axe"] as? [String] ?? ["?"]).isEmpty, "\(name): axe: \(page["axe"] ?? "")")
            #expect((page["nu"] as? [String] ?? ["?"]).isEmpty, "\(name): Nu: \(page["nu"] ?? "")")
        }
        // The event log saw it all, without answer text.
        let actions = Set(try fixture.server.store.events().map(\.action))
        for action in ["saved", "submitted", "reopened", "login-ok", "login-failed", "link-reissued", "compiled", "exported", "logout"] {
            #expect(actions.contains(action), "\(action)")
        }
    }
}
