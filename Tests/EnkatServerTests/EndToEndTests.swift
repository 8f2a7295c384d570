import EnkatCore
import Foundation
import Hummingbird
import Testing

@testable import EnkatServer

/// The whole path in a real browser: `scripts/e2e-serve.py` drives a headless Chromium over
/// the DevTools protocol through the served form, and the test checks what it saw and the
/// YAML file on disk. Needs `chromium` and `python3` (standard library only); without them
/// the test is skipped with that reason. Set ENKAT_E2E_SCREENSHOTS=DIR to keep a PNG of
/// each step (the form, the counter, a save with diagnostics, the conflict page, the print
/// view, the status page, the form without JavaScript) and the print view as PDF.
/// Skipped without Chromium and python3, except in CI (`CI=true`), where their absence fails
/// the tests.
private let endToEndRuns = (Tools.chromium != nil && Tools.python != nil) || CI.active

@Suite(
    "End to end in headless Chromium", .tags(.slow), .slowTier,
    .enabled(if: endToEndRuns, "Chromium or python3 is not installed (apt-get install -y chromium python3)"))
struct EndToEndTests {
    static var missing: [String] { (Tools.chromium == nil ? ["chromium"] : []) + (Tools.python == nil ? ["python3"] : []) }

    /// A long answer of exactly 2 958 characters by the form's rule, in three paragraphs.
    static func longAnswer() -> String {
        let sentence = "Samverkan mellan region och kommuner i Dalarna har stärkts genom gemensamma forum för ledning och uppföljning. "
        var paragraphs = ["", "", ""]
        var index = 0
        while CharacterCount(paragraphs.joined(separator: "\n\n")).characters < 2958 {
            paragraphs[index % 3] += sentence
            index += 1
        }
        var text = paragraphs.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n\n")
        while CharacterCount(text).characters > 2958 { text.removeLast() }
        return text.trimmingCharacters(in: .whitespaces)
    }

    @Test(
        "open the form, type a long answer and watch the counter, save, find the YAML changed; a second tab gets the conflict page",
        .timeLimit(.minutes(3)))
    func browser() async throws {
        try CI.require(Self.missing)
        let fixture = try Fixture()
        defer { fixture.remove() }
        let long = Self.longAnswer()
        #expect(CharacterCount(long).characters == 2958)
        let more = " Därtill kommer ytterligare text som gör svaret för långt för formuläret."
        let details = "Utbildning i nära vård för chefer och medarbetare, med workshops på varje vårdcentral."
        let other = "Text skriven i den andra fliken."
        let noScript = "Skrivet utan JavaScript."
        let plan: [String: Any] = [
            "details": ["domID": "q-5", "option": "ja", "text": details],
            "condition": ["dependent": "fraga-17d", "numberDomID": "q-17c", "number": "79,5"],
            "long": ["domID": "q-3", "text": long, "more": more],
            "invalid": ["domID": "q-17g", "anchor": "fraga-17g", "value": "274"],
            "otherTab": ["domID": "q-6a", "text": other],
            "noScript": ["domID": "q-6b", "text": noScript],
        ]
        let planFile = fixture.directory + "/plan.json"
        try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: planFile))
        // Written as is: a round trip through Foundation's JSON objects drops a leading U+FEFF.
        let tableFile = fixture.directory + "/table.json"
        try CounterTable.json().write(toFile: tableFile, atomically: true, encoding: .utf8)

        let (status, output) = try await Self.runDriver(on: fixture, plan: planFile, extra: ["--counter-table", tableFile])
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "driver said: \(output)")
        #expect(status == 0, "driver: \(seen["error"] ?? output)")
        guard status == 0 else { return }

        // The page.
        #expect(seen["lang"] as? String == "sv")
        #expect(seen["scriptLoaded"] as? Bool == true)
        #expect(seen["questions"] as? Int == fixture.survey.questions.count)
        // The counter rule, in Chromium's JavaScript, on the tricky strings.
        CounterTable.compare(try #require(seen["counterTable"] as? [[String: Any]]), engine: "Chromium")
        // Follow-up text and conditional question appear when they apply.
        #expect(seen["detailsVisibleBefore"] as? Bool == false)
        #expect(seen["detailsVisibleAfter"] as? Bool == true)
        #expect(seen["conditionalVisibleBefore"] as? Bool == false)
        #expect(seen["conditionalVisibleAfter"] as? Bool == true)
        // The counter while typing: near the limit, over it, back.
        #expect(seen["typedValue"] as? String == long)
        #expect(seen["counterText"] as? String == "2\u{00A0}958 av 3\u{00A0}000 tecken – 42 kvar")
        #expect(seen["counterText"] as? String == FormCounter(text: long, limit: 3000).message)
        #expect(seen["counterClass"] as? String == "counter near")
        #expect(seen["counterLive"] as? String == "polite")
        let over = CharacterCount(long + more).characters
        #expect(
            seen["counterTextOver"] as? String == "För långt: \(FormCounter.group(over)) av 3\u{00A0}000 tecken, \(over - 3000) för många")
        #expect(seen["counterClassOver"] as? String == "counter over")
        #expect(seen["counterTextBack"] as? String == seen["counterText"] as? String)
        // The save, and the page after it.
        #expect((seen["afterSaveURL"] as? String)?.contains("/?sparat=1&kopia=svar.yaml.") == true)
        #expect((seen["savedBanner"] as? String)?.contains("Sparat kl.") == true)
        #expect((seen["invalidDiagnostics"] as? [String])?.contains { $0.contains("menade du 0,274?") } == true)
        #expect(seen["invalidValueShown"] as? String == "274")
        #expect((seen["summaryLinks"] as? [String])?.contains("#fraga-17g") == true)
        // The second tab: nothing written, its text kept.
        #expect((seen["conflictHeading"] as? String)?.contains("Filen har ändrats sedan du öppnade formuläret") == true)
        #expect(seen["conflictKeptText"] as? String == other)
        #expect((seen["conflictDiffers"] as? [String])?.contains("fraga-6a") == true)
        #expect(seen["printHasInstruction"] as? Bool == true)
        #expect(seen["statusHeading"] as? String == "Status för svaret")
        // Without JavaScript nothing is hidden, and the plain POST saves.
        #expect(seen["noScriptHidden"] as? Int == 0)
        #expect(seen["noScriptDetailsShown"] as? Bool == true)
        #expect(seen["noScriptConditionalShown"] as? Bool == true)
        #expect(seen["noScriptSaved"] as? Bool == true)

        // The YAML on disk: what was typed in the first tab, nothing from the second.
        let check = fixture.check()
        let answers = try #require(check.response?.answers)
        #expect(answers["3"]?.value == .text(long))
        #expect(answers["5"]?.value == .option("ja"))
        #expect(answers["5"]?.details == details)
        #expect(answers["17c"]?.value == .number(79.5))
        #expect(answers["6a"] == nil || answers["6a"]?.isAnswered == false)
        #expect(check.diagnostics.contains { $0.code == .outOfRange && $0.question == "17g" })
        #expect(check.diagnostics.contains { $0.code == .nearLimit && $0.question == "3" })
        #expect(try fixture.contents().contains("    value: 274\n"))
        #expect(answers["6b"]?.value == .text(noScript))
        #expect(fixture.backups().count == 2)
    }

    @Test(
        "choices show their follow-up texts and the questions that depend on them, and hide them again",
        .timeLimit(.minutes(2)))
    func relevance() async throws {
        try CI.require(Self.missing)
        let fixture = try Fixture(survey: "socialstyrelsen-kommun-2025", respondent: "falun")
        defer { fixture.remove() }
        let steps: [[String: Any]] = [
            ["visible": "#fraga-vardplatser-skal"],
            ["visible": "#fraga-vardplatser .diagnostics li.missing"],
            ["click": "#q-vardplatser-nej"],
            ["visible": "#fraga-vardplatser-skal"],
            ["visible": "#fraga-vardplatser .diagnostics li.missing"],
            ["click": "#q-vardplatser-ja"],
            ["visible": "#fraga-vardplatser-skal"],
            ["visible": "#q-team-malgrupper-details"],
            ["click": "#q-team-malgrupper-annat"],
            ["visible": "#q-team-malgrupper-details"],
            ["visible": "#fraga-dokumenterad-overenskommelse-insatser"],
            ["click": "#q-dokumenterad-overenskommelse-ja"],
            ["visible": "#fraga-dokumenterad-overenskommelse-insatser"],
        ]
        let results = try await Self.drive(fixture, steps: steps)
        #expect(results == [false, true, true, false, false, false, true, false, true])
    }

    /// Serves the fixture on a free port while scripts/e2e-serve.py carries out `plan` in
    /// Chromium (with screenshots when ENKAT_E2E_SCREENSHOTS names a folder); its exit status
    /// and what it printed.
    static func runDriver(on fixture: Fixture, plan: String, extra: [String] = []) async throws -> (Int32, String) {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = fixture.server.application(port: 0) { continuation.yield($0) }
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        var arguments = [Repo.root.appendingPathComponent("scripts/e2e-serve.py").path, "--url", "http://127.0.0.1:\(port)/", "--plan", plan]
        arguments += extra
        if let shots = ProcessInfo.processInfo.environment["ENKAT_E2E_SCREENSHOTS"] { arguments += ["--screenshots", shots] }
        return try await Tools.run(Tools.python!, arguments, environment: Tools.chromium.map { ["CHROMIUM": $0] } ?? [:])
    }

    /// Serves the fixture on a free port and runs the driver's small steps against it.
    static func drive(_ fixture: Fixture, steps: [[String: Any]]) async throws -> [Bool] {
        let planFile = fixture.directory + "/steps.json"
        try JSONSerialization.data(withJSONObject: ["steps": steps]).write(to: URL(fileURLWithPath: planFile))
        let (status, output) = try await runDriver(on: fixture, plan: planFile)
        #expect(status == 0, "driver: \(output)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "driver said: \(output)")
        return try #require(seen["results"] as? [Bool])
    }
}
