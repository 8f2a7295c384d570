import EnkatCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EnkatServer

@Suite("Saving the form")
struct FormSaveTests {
    /// Answers of every kind, as a browser posts them (line breaks as CRLF, a decomposed å).
    static let answers: [(String, String)] = [
        ("contact.name", "Eva Exempelsson"),
        ("contact.email", "eva@example.se"),
        ("q.1", "ja"),
        ("q.1.comment", "Strategin fastställdes 2022."),
        ("q.2", "ja-revidera"),
        ("q.3", "Första stycket.\r\n\r\nAndra stycket med a\u{030A} och \"citat\": 5 # inte en kommentar."),
        ("q.4", "nej-inget-forslag"),
        ("q.5", "ja"),
        ("q.5.details", "Utbildningsinsatser för chefer."),
        ("q.17c", "79,5"),
        ("q.17d", "journalsystem"),
        ("q.17g", "0,274"),
        ("q.17h", ""),
        ("q.17h.sentinel", "kan-inte-uppskattas"),
        ("q.6a", "   "),
    ]

    @Test("POST /spara writes the YAML, and the file passes the validator with the same answers")
    func savesAndValidates() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let before = try fixture.contents()
        let (status, headers) = try await fixture.test { client in
            let (_, page, _) = try await client.get("/")
            let token = try HTML.token(page)
            let (status, _, headers) = try await client.post(
                "/spara",
                [("token", token), ("respondent", "region-dalarna")] + Self.answers
                    + [("action", "nasta:avsnitt-personcentrerat")])
            return (status, headers)
        }
        #expect(status == .seeOther)
        let location = try #require(headers[.location])
        #expect(location.hasPrefix("/?sparat=1&kopia=svar.yaml."))
        #expect(location.hasSuffix("#avsnitt-personcentrerat"))

        let check = fixture.check()
        let response = try #require(check.response)
        let answers = response.answers
        #expect(answers["1"]?.value == .option("ja"))
        #expect(answers["1"]?.comment == "Strategin fastställdes 2022.")
        #expect(answers["2"]?.value == .option("ja-revidera"))
        #expect(answers["3"]?.value == .text("Första stycket.\n\nAndra stycket med a\u{030A} och \"citat\": 5 # inte en kommentar."))
        #expect(answers["5"]?.value == .option("ja"))
        #expect(answers["5"]?.details == "Utbildningsinsatser för chefer.")
        #expect(answers["17c"]?.value == .number(79.5))
        #expect(answers["17d"]?.value == .option("journalsystem"))
        #expect(answers["17g"]?.value == .number(0.274))
        #expect(answers["17h"]?.value == .sentinel("kan-inte-uppskattas"))
        #expect(answers["6a"]?.isAnswered != true, "white space only is no answer")
        let contents = try fixture.contents()
        #expect(contents.contains("name: \"Eva Exempelsson\""))
        // Only the required questions not answered remain; nothing else is wrong.
        let unexpected = check.diagnostics.filter { $0.code != .required }
        #expect(unexpected.isEmpty, "\(unexpected.map { $0.message.sv })")
        #expect(contents.contains("# 3. Beskriv hur systemledningen"), "every question keeps its text as a comment")
        // The previous version is the backup.
        let backups = fixture.backups()
        #expect(backups.count == 1)
        #expect(try String(contentsOfFile: backups[0], encoding: .utf8) == before)
        #expect(backups[0].contains("/.enkat-backup/svar.yaml.") && backups[0].hasSuffix(".bak"))
    }

    @Test("the page after a save says so and names the backup")
    func savedBanner() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let html = try await fixture.test { client in
            let (_, page, _) = try await client.get("/")
            let (_, _, headers) = try await client.post(
                "/spara", [("token", try HTML.token(page)), ("respondent", "region-dalarna"), ("q.1", "ja")])
            return try await client.get(try #require(headers[.location])).1
        }
        #expect(html.contains("<strong>Sparat kl. "))
        #expect(html.contains("Den förra versionen finns kvar som <code>.enkat-backup/svar.yaml."))
    }

    @Test("a save with invalid values still saves, and the diagnostics appear next to their questions in Swedish")
    func invalidStillSaves() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let long = String(repeating: "Lång text. ", count: 300)  // 3 300 characters, 3 299 counted
        let html = try await fixture.test { client in
            let (_, page, _) = try await client.get("/")
            let (status, _, headers) = try await client.post(
                "/spara",
                [
                    ("token", try HTML.token(page)), ("respondent", "region-dalarna"),
                    ("q.17g", "274"), ("q.3", long), ("q.5", "ja"), ("q.17f", "journalsystem"),
                ])
            #expect(status == .seeOther)
            return try await client.get(try #require(headers[.location])).1
        }
        let contents = try fixture.contents()
        #expect(contents.contains("  17g:\n    value: 274\n"))
        #expect(contents.contains("Lång text. Lång text."))
        let g = HTML.question("17g", in: html)
        #expect(g.contains("<li class=\"error\"><span class=\"tag\">Fel:</span>"))
        #expect(g.contains("menade du 0,274?"))
        #expect(g.contains("value=\"274\""), "the rejected value is still in the form")
        #expect(g.contains("aria-describedby=\"q-17g-hint q-17g-diag\""))
        let three = HTML.question("3", in: html)
        #expect(three.contains("för många"))
        #expect(
            three.contains(
                "<p class=\"counter over\" id=\"q-3-count\" aria-live=\"polite\" aria-atomic=\"true\">För långt: 3\u{00A0}299 av 3\u{00A0}000 tecken, 299 för många</p>"
            ))
        #expect(HTML.question("5", in: html).contains("följdtext"), "missing details of Ja")
        #expect(HTML.question("17f", in: html).contains("<span class=\"tag\">Varning:</span>"), "answered although not relevant")
        // The summary at the top links to them.
        #expect(html.contains("<section class=\"summary error\""))
        #expect(html.contains("<a href=\"#fraga-17g\">Fråga 17g</a>"))
        #expect(html.contains("<a href=\"#fraga-3\">Fråga 3</a>"))
    }

    @Test("two tabs: the second save is not written, and the conflict page keeps what was typed")
    func conflictBetweenTabs() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let (status, html) = try await fixture.test { client in
            let (_, page, _) = try await client.get("/")
            let token = try HTML.token(page)
            let first = try await client.post("/spara", [("token", token), ("respondent", "region-dalarna"), ("q.3", "Från flik A")])
            #expect(first.0 == .seeOther)
            let second = try await client.post("/spara", [("token", token), ("respondent", "region-dalarna"), ("q.3", "Från flik B <b>")])
            return (second.0, second.1)
        }
        #expect(status == .conflict)
        #expect(try fixture.contents().contains("Från flik A"))
        #expect(try !fixture.contents().contains("Från flik B"))
        #expect(html.contains("Filen har ändrats sedan du öppnade formuläret – inget sparades"))
        #expect(HTML.question("3", in: html).contains(">\nFrån flik B &lt;b&gt;</textarea>"), "the typed text is still there")
        #expect(html.contains("<div class=\"question differs\" id=\"fraga-3\">"))
        // The form now carries the current version: saving again is a deliberate overwrite.
        let token = try HTML.token(html)
        #expect(token == VersionToken(of: Array(try fixture.contents().utf8)).hex)
        #expect(fixture.backups().count == 1)
    }

    @Test("a file changed by another program is a conflict too; after it the user can overwrite on purpose")
    func conflictWithOtherProgram() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let (_, page, _) = try await client.get("/")
            let token = try HTML.token(page)
            try (try fixture.contents() + "# ändrad i en texteditor\n").write(toFile: fixture.file, atomically: true, encoding: .utf8)
            let (status, conflictPage, _) = try await client.post(
                "/spara", [("token", token), ("respondent", "region-dalarna"), ("q.3", "Mitt svar")])
            #expect(status == .conflict)
            #expect(try fixture.contents().hasSuffix("# ändrad i en texteditor\n"))
            let (again, _, _) = try await client.post(
                "/spara",
                [
                    ("token", try HTML.token(conflictPage)), ("respondent", "region-dalarna"),
                    ("q.3", "Mitt svar"),
                ])
            #expect(again == .seeOther)
        }
        #expect(try fixture.contents().contains("Mitt svar"))
        let backups = fixture.backups()
        #expect(backups.count == 1)
        #expect(
            try String(contentsOfFile: backups[0], encoding: .utf8).hasSuffix("# ändrad i en texteditor\n"), "the other version is kept")
    }

    @Test("a save without a token, or with a forged one, writes nothing")
    func noToken() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let before = try fixture.contents()
        let status = try await fixture.test { client in
            try await client.post("/spara", [("respondent", "region-dalarna"), ("q.3", "Utifrån")]).0
        }
        #expect(status == .conflict)
        #expect(try fixture.contents() == before)
        #expect(fixture.backups().isEmpty)
    }

    @Test("saving unchanged answers writes nothing and makes no backup")
    func unchanged() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let location = try await fixture.test { client in
            let (_, page, _) = try await client.get("/")
            let first = try await client.post("/spara", [("token", try HTML.token(page)), ("respondent", "region-dalarna"), ("q.1", "ja")])
            let (_, page2, _) = try await client.get(try #require(first.2[.location]))
            let second = try await client.post(
                "/spara", [("token", try HTML.token(page2)), ("respondent", "region-dalarna"), ("q.1", "ja")])
            return second.2[.location]
        }
        #expect(location == "/?sparat=oforandrat")
        #expect(fixture.backups().count == 1)
    }

    @Test("backups keep the newest 20 versions, each with its own name")
    func backupRotation() throws {
        let directory = NSTemporaryDirectory() + "enkat-backups-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let backups = Backups(file: directory + "/svar.yaml")
        let now = Date()
        for version in 0..<25 {
            _ = try backups.store(Array("version \(version)\n".utf8), at: now)
        }
        let kept = backups.list()
        #expect(kept.count == 20)
        #expect(try String(contentsOfFile: kept.last!, encoding: .utf8) == "version 24\n")
        #expect(try String(contentsOfFile: kept.first!, encoding: .utf8) == "version 5\n")
        #expect(kept.allSatisfy { $0.hasSuffix(".bak") })
    }

    @Test(
        "the disk refusing a save keeps the typed answers on the page: a read-only folder",
        .enabled(if: getuid() != 0, "run as root, which writes into a read-only folder: the case cannot be made (the next test makes it another way)"))
    func diskRefuses() async throws {
        let fixture = try Fixture()
        defer {
            chmod(fixture.directory, 0o755)
            fixture.remove()
        }
        try await Self.expectRefusedSave(fixture) { chmod(fixture.directory, 0o555) }
    }

    @Test("the disk refusing a save keeps the typed answers on the page: a file where the backup folder goes (also as root)")
    func backupFolderBlocked() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try await Self.expectRefusedSave(fixture) {
            _ = FileManager.default.createFile(atPath: fixture.server.backupDirectory, contents: Data("ingen mapp".utf8))
        }
        #expect(fixture.check().response?.answers["3"]?.isAnswered != true, "nothing written")
    }

    /// Loads the form, makes the disk refuse with `refuse`, saves, and expects the 500 page
    /// with the typed text kept.
    static func expectRefusedSave(_ fixture: Fixture, refuse: @escaping @Sendable () -> Void) async throws {
        try await fixture.test { client in
            let (_, page, _) = try await client.get("/")
            refuse()
            let (status, html, _) = try await client.post(
                "/spara",
                [
                    ("token", try HTML.token(page)), ("respondent", "region-dalarna"),
                    ("q.3", "Får inte försvinna"),
                ])
            #expect(status == .internalServerError)
            #expect(html.contains("Inget sparades"))
            #expect(html.contains(">\nFår inte försvinna</textarea>"))
        }
    }

    @Test("both a number and the sentinel (possible without the script): the number is kept and the user told")
    func numberAndSentinel() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let html = try await fixture.test { client in
            let (_, page, _) = try await client.get("/")
            let (status, html, _) = try await client.post(
                "/spara",
                [
                    ("token", "fel"), ("respondent", "region-dalarna"),
                    ("q.17h", "0,5"), ("q.17h.sentinel", "kan-inte-uppskattas"),
                ])
            #expect(status == .conflict)
            _ = page
            return html
        }
        #expect(HTML.question("17h", in: html).contains("Du angav både ett tal och ”Indextal kan inte uppskattas”"))
        #expect(HTML.question("17h", in: html).contains("value=\"0,5\""))
    }

    @Test("a double click on Spara (the same answers posted twice with the same token) is no conflict")
    func doubleSubmit() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let (first, second) = try await fixture.test { client in
            let (_, page, _) = try await client.get("/")
            let fields = [("token", try HTML.token(page)), ("respondent", "region-dalarna"), ("q.3", "Samma svar")]
            return (try await client.post("/spara", fields), try await client.post("/spara", fields))
        }
        #expect(first.0 == .seeOther)
        #expect(second.0 == .seeOther)
        #expect(second.2[.location] == "/?sparat=oforandrat")
        #expect(fixture.backups().count == 1)
    }

    @Test("odd files survive a save: several values for one choice, answers that are no mapping")
    func oddFiles() async throws {
        let fixture = try Fixture(
            text: """
                survey: slutredovisning-region-2022
                respondent: region-dalarna
                answers:
                  5: [ja, nej]

                """)
        defer { fixture.remove() }
        let html = try await fixture.test { client in
            let (_, page, _) = try await client.get("/")
            #expect(HTML.question("5", in: page).contains("type=\"checkbox\" id=\"q-5-ja\" name=\"q.5\" value=\"ja\" data-value checked"))
            let (status, _, _) = try await client.post("/spara", try HTML.formFields(page) + [("action", "spara")])
            #expect(status == .seeOther)
            return page
        }
        _ = html
        #expect(try fixture.contents().contains("    value: [ja, nej]\n"))
        let extra = try Fixture(
            text: """
                survey: slutredovisning-region-2022
                respondent: region-dalarna
                answers:
                  3: { value: Svar, comment: Fråga 3 tar ingen kommentar }

                """)
        defer { extra.remove() }
        let (_, extraPage, _) = try await extra.test { try await $0.get("/") }
        #expect(extraPage.contains("<code>`3.comment` (rad 4)</code>"), "named, since a save cannot keep it")
        let list = try Fixture(text: "survey: slutredovisning-region-2022\nrespondent: region-dalarna\nanswers: [1, 2]\n")
        defer { list.remove() }
        let (_, listPage, _) = try await list.test { try await $0.get("/") }
        #expect(listPage.contains("<code>`answers` (rad 3)</code>"))
    }
}
