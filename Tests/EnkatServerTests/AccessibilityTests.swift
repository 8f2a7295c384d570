import EnkatCore
import Foundation
import Hummingbird
import Testing

@testable import EnkatServer

/// Every page of the web form, served for real and opened in headless Chromium, checked by
/// axe-core (WCAG 2.1 A and AA) and by the Nu HTML checker (the bytes the server sent), with
/// `scripts/check-a11y.py`. Without the tools the test is skipped with the reason; with
/// `CI=true` it fails instead.
@Suite("The form pages under axe-core and the Nu HTML checker", .tags(.slow), .slowTier)
struct AccessibilityTests {
    /// A fixture served on a free port until the returned task is cancelled.
    static func serve(_ fixture: Fixture) async throws -> (url: String, server: Task<Void, any Error>) {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = fixture.server.application(port: 0) { continuation.yield($0) }
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        return ("http://127.0.0.1:\(port)", server)
    }

    static func fields(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(FormEncoding.escape($0.0))=\(FormEncoding.escape($0.1))" }.joined(separator: "&")
    }

    @Test(
        "zero WCAG 2.1 A/AA violations and zero Nu errors: form, form with findings, after a save, conflict, refused save, status, print view, problem page, every survey's form",
        .enabled(if: A11y.runs, A11y.skipReason),
        .timeLimit(.minutes(5)))
    func everyPage() async throws {
        try CI.require(A11y.missing)
        var fixtures: [Fixture] = []
        var servers: [Task<Void, any Error>] = []
        defer {
            servers.forEach { $0.cancel() }
            fixtures.forEach { $0.remove() }
        }
        var targets: [(name: String, target: String)] = []

        // The region report: blank (every required question missing).
        let blank = try Fixture()
        fixtures.append(blank)
        let (blankURL, blankServer) = try await Self.serve(blank)
        servers.append(blankServer)
        let blankBefore = try blank.contents()
        targets += [
            ("the blank form", blankURL + "/"),
            ("the conflict page", "POST:\(blankURL)/spara?" + Self.fields([("token", "fel"), ("respondent", "region-dalarna"), ("q.6a", "Text från en annan flik.")])),
            ("the status page, nothing answered", blankURL + "/status"),
            ("the print view, nothing answered", blankURL + "/utskrift"),
        ]

        // The shipped response with findings: a number out of range, a one-choice question
        // with two values, a text over its limit.
        let found = try Fixture()
        fixtures.append(found)
        let answers: [(String, String)] = [
            ("respondent", "region-dalarna"), ("q.1", "ja"), ("q.1", "nej-inget-forslag"), ("q.17g", "274"),
            ("q.3", String(repeating: "Lång text. ", count: 300)), ("q.5", "ja"), ("q.5.details", "Utbildning."),
        ]
        try await found.test { client in
            let token = try HTML.token(try await client.get("/").1)
            _ = try await client.post("/spara", [("token", token)] + answers)
        }
        let (foundURL, foundServer) = try await Self.serve(found)
        servers.append(foundServer)
        let foundToken = try await found.test { try HTML.token(try await $0.get("/").1) }
        targets += [
            ("the form with findings", foundURL + "/"),
            // The same answers again: saved (unchanged), then the form with its banner.
            ("the form after a save", "POST:\(foundURL)/spara?" + Self.fields([("token", foundToken)] + answers)),
            ("the status page with findings", foundURL + "/status"),
            ("the print view with findings", foundURL + "/utskrift"),
        ]

        // The disk refuses: a file where the backup folder goes.
        let refused = try Fixture()
        fixtures.append(refused)
        _ = FileManager.default.createFile(atPath: refused.server.backupDirectory, contents: Data("ingen mapp".utf8))
        let (refusedURL, refusedServer) = try await Self.serve(refused)
        servers.append(refusedServer)
        let refusedToken = try await refused.test { try HTML.token(try await $0.get("/").1) }
        targets.append(
            ("the form after a refused save",
             "POST:\(refusedURL)/spara?" + Self.fields([("token", refusedToken), ("respondent", "region-dalarna"), ("q.3", "Får inte försvinna")])))

        // The file broken after the server started: the problem page.
        let broken = try Fixture()
        fixtures.append(broken)
        let (brokenURL, brokenServer) = try await Self.serve(broken)
        servers.append(brokenServer)
        try "survey: [trasig\n".write(toFile: broken.file, atomically: true, encoding: .utf8)
        targets.append(("the problem page", brokenURL + "/"))

        // The other surveys' forms (choices with follow-up texts, scales, conditions).
        for surveyID in ["socialstyrelsen-kommun-2025", "skora-aldre-nulage-2025", "sjalvskattning-2025"] {
            let survey = try #require(Repo.catalog.surveys[surveyID])
            let respondent = try #require(Repo.catalog.registries[survey.registry]?.respondents(ofKind: survey.respondentKind).first)
            let fixture = try Fixture(survey: surveyID, respondent: respondent.id)
            fixtures.append(fixture)
            let (url, server) = try await Self.serve(fixture)
            servers.append(server)
            targets.append(("the blank form of \(surveyID)", url + "/"))
        }

        let findings = try await A11y.check(targets.map(\.target))
        #expect(findings.count == targets.count)
        for (page, result) in zip(targets, findings) {
            #expect(result.axe.isEmpty, "axe-core on \(page.name): \(result.axe.joined(separator: "\n"))")
            #expect(result.nu.isEmpty, "Nu HTML checker on \(page.name): \(result.nu.joined(separator: "\n"))")
        }
        #expect(refused.backups().isEmpty)
        #expect(try blank.contents() == blankBefore, "the conflict wrote nothing")
    }

    @Test(
        "check-a11y.py reports what it finds, page by page: an empty aria-describedby, a scrollable region out of keyboard reach",
        .enabled(if: A11y.runs, A11y.skipReason),
        .timeLimit(.minutes(2)))
    func checkerFinds() async throws {
        try CI.require(A11y.missing)
        let directory = NSTemporaryDirectory() + "enkat-a11y-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let head = "<!doctype html>\n<html lang=\"sv\">\n<head><meta charset=\"utf-8\"><title>Prov</title></head>\n<body><main><h1>Prov</h1>\n"
        let bad = head + """
            <fieldset aria-describedby=""><legend>Fråga</legend><input type="radio" id="a" name="a"><label for="a">Ja</label></fieldset>
            <pre style="overflow:auto;height:3em">en
            två
            tre
            fyra
            fem
            sex</pre>
            </main></body></html>

            """
        let good = head + "<p>Inget att anmärka på.</p>\n</main></body></html>\n"
        try bad.write(toFile: directory + "/bad.html", atomically: true, encoding: .utf8)
        try good.write(toFile: directory + "/good.html", atomically: true, encoding: .utf8)
        let findings = try await A11y.check([directory + "/bad.html", directory + "/good.html"])
        try #require(findings.count == 2)
        #expect(findings[0].axe.contains { $0.hasPrefix("scrollable-region-focusable (serious)") }, "\(findings[0].axe)")
        #expect(findings[0].nu.contains { $0.hasPrefix("5:") && $0.contains("aria-describedby") }, "\(findings[0].nu)")
        #expect(findings[1].axe.isEmpty && findings[1].nu.isEmpty, "\(findings[1])")
    }
}
