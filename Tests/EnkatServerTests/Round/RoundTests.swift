import EnkatCore
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EnkatServer

@Suite("Survey rounds: secrets and state")
struct RoundStateTests {
    @Test("tokens carry 256 random bits as base64url; only their SHA-256 is stored")
    func tokens() throws {
        let tokens = (0..<200).map { _ in RoundSecrets.newToken() }
        #expect(Set(tokens).count == tokens.count)
        for token in tokens {
            #expect(token.count == 43)
            #expect(RoundSecrets.isWellFormedToken(token[...]))
            let hash = RoundSecrets.hash(token)
            #expect(hash.count == 64 && hash != token)
        }
        // SHA-256("abc"), FIPS 180-4's example.
        #expect(RoundSecrets.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(!RoundSecrets.isWellFormedToken("../../etc/passwd"))
        #expect(!RoundSecrets.isWellFormedToken(String(repeating: "a", count: 42)[...]))

        let fixture = try RoundFixture()
        defer { fixture.remove() }
        let database =
            try Data(contentsOf: URL(fileURLWithPath: fixture.directory + "/round.sqlite"))
            + ((try? Data(contentsOf: URL(fileURLWithPath: fixture.directory + "/round.sqlite-wal"))) ?? Data())
        for path in fixture.links.values {
            let token = String(path.dropFirst("/svar/".count))
            #expect(database.range(of: Data(token.utf8)) == nil, "a token in plain text in the database")
            #expect(try fixture.server.store.respondent(tokenHash: RoundSecrets.hash(token)) != nil)
        }
        #expect(database.range(of: Data(RoundFixture.password.utf8)) == nil)
    }

    @Test("the admin password is stored only as bcrypt, and checked by it")
    func password() throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        let hash = try #require(try fixture.server.store.passwordHash())
        #expect(hash.hasPrefix("$2b$04$") || hash.hasPrefix("$2a$04$"))
        #expect(RoundSecrets.verifyPassword(RoundFixture.password, hash: hash))
        #expect(!RoundSecrets.verifyPassword(RoundFixture.password + "x", hash: hash))
        #expect(RoundSecrets.productionCost >= 12)
    }

    @Test("the round folder holds blank responses as enkat new writes them, and is never overwritten")
    func layout() throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        let survey = try #require(Repo.catalog.surveys[RoundFixture.survey])
        let registry = Repo.catalog.registries[survey.registry]
        #expect(
            try fixture.contents("falun")
                == ResponseWriter.yaml(survey: survey, respondent: registry?.respondent("falun"), respondentID: "falun"))
        #expect(throws: RoundSetup.Failure.self) {
            try RoundSetup.create(
                directory: fixture.directory, survey: survey, respondents: [registry!.respondent("falun")!], password: "x", cost: 4)
        }
        #expect(try fixture.contents("falun").contains("respondent: falun"))
    }

    @Test("the event log is append-only: UPDATE and DELETE are aborted by triggers")
    func appendOnly() throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        try fixture.server.store.log(actor: "admin", action: "exported")
        let before = try fixture.server.store.events()
        #expect(before.count >= 2)
        #expect(throws: DatabaseError.self) {
            try fixture.server.store.pool.write { db in try db.execute(sql: "UPDATE events SET action = 'x'") }
        }
        #expect(throws: DatabaseError.self) {
            try fixture.server.store.pool.write { db in try db.execute(sql: "DELETE FROM events") }
        }
        #expect(try fixture.server.store.events() == before)
        let mode = try fixture.server.store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test(
        "rate limits count per client: behind a proxy on loopback by its X-Forwarded-For, else by the connection",
        arguments: [
            ("127.0.0.1", ["203.0.113.7"], "203.0.113.7"), ("127.0.0.1", ["10.0.0.1, 203.0.113.7"], "203.0.113.7"),
            ("::1", ["203.0.113.8"], "203.0.113.8"), ("127.0.0.1", [], "127.0.0.1"),
            ("198.51.100.4", ["203.0.113.7"], "198.51.100.4"),
        ])
    func clientAddress(remote: String, forwardedFor: [String], client: String) {
        #expect(RoundServer.client(remote: remote, forwardedFor: forwardedFor) == client)
    }

    @Test("reissuing a link: the new one works, the old one no longer")
    func reissue() throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        let old = String(fixture.links["mora"]!.dropFirst("/svar/".count))
        let links = try RoundSetup.reissue(directory: fixture.directory, respondent: "mora")
        #expect(links.count == 1 && links[0].respondent == "mora")
        let new = String(links[0].path.dropFirst("/svar/".count))
        #expect(try fixture.server.store.respondent(tokenHash: RoundSecrets.hash(old)) == nil)
        #expect(try fixture.server.store.respondent(tokenHash: RoundSecrets.hash(new)) == "mora")
        #expect(throws: RoundSetup.Failure.self) { try RoundSetup.reissue(directory: fixture.directory, respondent: "okand") }
    }
}

@Suite("Survey rounds: the respondent's link")
struct RoundRespondentTests {
    @Test("a link opens only its own respondent's form; the posted respondent field cannot redirect the save")
    func ownFileOnly() async throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        let moraBefore = try fixture.contents("mora")
        let falun = fixture.links["falun"]!
        try await fixture.test { client in
            let (html, token, csrf) = try await client.openForm(falun)
            #expect(html.contains("Falu kommun"))
            #expect(!html.contains("Mora kommun") && !html.contains("(mora)"))
            #expect(!html.contains(fixture.directory), "the server's paths are not shown to respondents")
            let (status, _, headers) = try await client.post(
                falun + "/spara",
                [("token", token), ("csrf", csrf), ("respondent", "mora"), ("q.team-erfarenheter", "Unik text 4711"), ("action", "spara")])
            #expect(status == .seeOther)
            #expect(headers[.location] == falun + "?sparat=1")
        }
        let saved = try fixture.contents("falun")
        #expect(saved.contains("respondent: falun"))
        #expect(saved.contains("Unik text 4711"))
        #expect(try fixture.contents("mora") == moraBefore)
        #expect(try fixture.server.store.progress("falun")?.lastSavedAt != nil)
        #expect(try fixture.server.store.progress("mora")?.lastSavedAt == nil)
        // Nothing of the answer in the event log or the database.
        #expect(try fixture.server.store.events().allSatisfy { !"\($0)".contains("4711") })
        let database =
            try Data(contentsOf: URL(fileURLWithPath: fixture.directory + "/round.sqlite"))
            + ((try? Data(contentsOf: URL(fileURLWithPath: fixture.directory + "/round.sqlite-wal"))) ?? Data())
        #expect(database.range(of: Data("Unik text 4711".utf8)) == nil)
        // A backup of the previous version, as the single-file form keeps.
        #expect(Backups(file: fixture.file("falun")).list().count == 1)
    }

    @Test("an old token after reissue, a guessed one and path tricks all get the one 404 page")
    func notFound() async throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        let old = fixture.links["mora"]!
        _ = try RoundSetup.reissue(directory: fixture.directory, respondent: "mora")
        let token = String(fixture.links["falun"]!.dropFirst("/svar/".count))
        var altered = Array(token)
        altered[5] = altered[5] == "A" ? "B" : "A"
        let paths = [
            old, "/svar/" + String(altered), "/svar/", "/svar/..", "/svar/../admin/", "/svar/%2E%2E/admin",
            "/svar/\(token)%2Fspara", "/svar/\(token)/../../admin", "/svar/\(token.dropLast())", "/svar/\(token)x",
            "/finns-inte", "/svar/\(token)/spara/..", "/admin/rapport/..%2Fround.sqlite", "/admin/rapport/../round.sqlite",
        ]
        try await fixture.test { client in
            let (_, reference, _) = try await client.get("/finns-inte")
            for path in paths {
                let (status, body, _) = try await client.get(path)
                if path.hasPrefix("/admin/") {
                    #expect(status == .notFound || status == .seeOther, "\(path): \(status)")
                } else {
                    #expect(status == .notFound, "\(path): \(status)")
                    #expect(body == reference, "\(path): another page than the 404")
                }
            }
        }
    }

    @Test("too many wrong tokens from one client: 429 with Retry-After")
    func tokenFlood() async throws {
        var fixture = try RoundFixture()
        defer { fixture.remove() }
        fixture.limits.tokenMisses = 5
        try await fixture.test { client in
            for _ in 0..<5 {
                let (status, _, _) = try await client.get("/svar/" + RoundSecrets.newToken())
                #expect(status == .notFound)
            }
            let (status, _, headers) = try await client.get("/svar/" + RoundSecrets.newToken())
            #expect(status == .tooManyRequests)
            #expect(Int(headers[.retryAfter] ?? "") ?? 0 > 0)
        }
    }

    @Test("a save without the page's CSRF token is refused with 403 and writes nothing")
    func csrf() async throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        let before = try fixture.contents("falun")
        let falun = fixture.links["falun"]!
        let mora = fixture.links["mora"]!
        try await fixture.test { client in
            let (_, token, _) = try await client.openForm(falun)
            let (_, _, moraCSRF) = try await client.openForm(mora)
            for extra in [[], [("csrf", "")], [("csrf", "x")], [("csrf", moraCSRF)]] {
                let (status, _, _) = try await client.post(
                    falun + "/spara", [("token", token), ("q.team-erfarenheter", "x"), ("action", "spara")] + extra)
                #expect(status == .forbidden)
            }
            // A post from another site is refused before anything else.
            let (_, _, csrf) = try await client.openForm(falun)
            let (status, _, _) = try await client.post(
                falun + "/spara", [("token", token), ("csrf", csrf), ("action", "spara")], headers: [.origin: "https://evil.example"])
            #expect(status == .forbidden)
        }
        #expect(try fixture.contents("falun") == before)
    }

    @Test("submitting is refused while the response has errors or required answers missing; the draft is kept")
    func submitRefused() async throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        let falun = fixture.links["falun"]!
        try await fixture.test { client in
            let (_, token, csrf) = try await client.openForm(falun)
            let (status, _, headers) = try await client.post(
                falun + "/spara", [("token", token), ("csrf", csrf), ("q.team-erfarenheter", "Ett utkast"), ("action", "skicka")])
            #expect(status == .seeOther)
            #expect(headers[.location]?.hasPrefix(falun + "?ej-inskickat=1") == true)
            let (_, html, _) = try await client.get(headers[.location]!)
            #expect(html.contains("Svaret sparades men skickades inte in"))
            #expect(html.contains("name=\"q."), "still the editable form")
        }
        #expect(try fixture.server.store.progress("falun")?.submitted == false)
        #expect(try fixture.contents("falun").contains("Ett utkast"))
    }

    @Test("a complete response is submitted; then it is read-only until RSS reopens it")
    func submitReadOnlyReopen() async throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        let falun = fixture.links["falun"]!
        let answers = try RoundFixture.completeAnswers()
        try await fixture.test { client in
            let (_, token, csrf) = try await client.openForm(falun)
            let (status, _, headers) = try await client.post(
                falun + "/spara", [("token", token), ("csrf", csrf)] + answers + [("action", "skicka")])
            #expect(status == .seeOther)
            #expect(headers[.location] == falun)
            let submitted = try fixture.contents("falun")
            let (_, page, _) = try await client.get(falun)
            #expect(page.contains("Svaret är inskickat"))
            #expect(!page.contains("<form"), "no form once submitted")
            #expect(!page.contains("name=\"q."))
            // A save posted anyway (an old tab) changes nothing.
            let (again, _, _) = try await client.post(
                falun + "/spara", [("token", token), ("csrf", csrf), ("q.team-erfarenheter", "Ändrat"), ("action", "spara")])
            #expect(again == .seeOther)
            #expect(try fixture.contents("falun") == submitted)

            let jar = CookieJar()
            let adminCSRF = try await client.login(jar: jar)
            let (_, progress, _) = try await client.get("/admin/", jar: jar)
            #expect(progress.contains("Inskickad"))
            let (reopened, _, location) = try await client.post(
                "/admin/oppna-igen", [("csrf", adminCSRF), ("respondent", "falun")], jar: jar)
            #expect(reopened == .seeOther)
            #expect(location[.location]?.hasPrefix("/admin/?oppnad=") == true)
            let (_, form, _) = try await client.get(falun)
            #expect(form.contains("name=\"q."), "editable again")
        }
        let actions = try fixture.server.store.events().map(\.action)
        for action in ["opened", "saved", "submitted", "login-ok", "reopened"] {
            #expect(actions.contains(action), "\(action) missing from the event log")
        }
    }

    @Test("two tabs: the second save with the old version gets the conflict page and writes nothing")
    func conflict() async throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        let falun = fixture.links["falun"]!
        try await fixture.test { client in
            let (_, token, csrf) = try await client.openForm(falun)
            let (first, _, _) = try await client.post(
                falun + "/spara", [("token", token), ("csrf", csrf), ("q.team-erfarenheter", "Första fliken"), ("action", "spara")])
            #expect(first == .seeOther)
            let (second, page, _) = try await client.post(
                falun + "/spara", [("token", token), ("csrf", csrf), ("q.team-erfarenheter", "Andra fliken"), ("action", "spara")])
            #expect(second == .conflict)
            #expect(page.contains("inget sparades"))
            #expect(page.contains("Andra fliken"), "what the user typed stays in the form")
        }
        let saved = try fixture.contents("falun")
        #expect(saved.contains("Första fliken") && !saved.contains("Andra fliken"))
    }

    @Test("HEAD answers like GET, headers included, without a body")
    func head() async throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        let falun = fixture.links["falun"]!
        try await fixture.test { client in
            for path in [falun, "/finns-inte", "/admin/logga-in"] {
                let (status, body, headers) = try await client.execute(uri: path, method: .head) {
                    ($0.status, $0.body.readableBytes, $0.headers)
                }
                #expect(status == (path == "/finns-inte" ? .notFound : .ok), "\(path)")
                #expect(body == 0)
                #expect(headers[.contentSecurityPolicy] == RoundHeaders.contentSecurityPolicy, "\(path)")
            }
        }
    }
}

@Suite("Survey rounds: RSS's pages")
struct RoundAdminTests {
    @Test("without a session every admin page sends to the login; posts are refused")
    func requiresLogin() async throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            for path in ["/admin", "/admin/", "/admin/svar.xlsx", "/admin/handelser", "/admin/rapport", "/admin/rapport/x.md"] {
                let (status, _, headers) = try await client.get(path)
                #expect(status == .seeOther, "\(path)")
                #expect(headers[.location] == "/admin/logga-in", "\(path)")
            }
            for path in ["/admin/oppna-igen", "/admin/ny-lank", "/admin/sammanstall", "/admin/logga-ut"] {
                let (status, _, _) = try await client.post(path, [("respondent", "falun"), ("csrf", "x")])
                #expect(status == .forbidden, "\(path)")
            }
            // A made-up session cookie is no session.
            let (status, _, _) = try await client.get(
                "/admin/",
                jar: {
                    let jar = CookieJar(); jar.take([.setCookie: "enkat_admin=\(RoundSecrets.newToken())"]); return jar
                }())
            #expect(status == .seeOther)
        }
    }

    @Test("login: the cookie is HttpOnly and SameSite=Strict (Secure behind https), the session rotates, logout ends it")
    func session() async throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let jar = CookieJar()
            _ = try await client.login(jar: jar)
            let first = try #require(jar.value(AdminHandlers.sessionCookie))
            // Logging in again gives a new session id; the old one stops working.
            let csrf = try await client.login(jar: jar)
            let second = try #require(jar.value(AdminHandlers.sessionCookie))
            #expect(first != second)
            let stale = CookieJar()
            stale.take([.setCookie: "enkat_admin=\(first)"])
            let (staleStatus, _, _) = try await client.get("/admin/", jar: stale)
            #expect(staleStatus == .seeOther)

            let (_, form, loginHeaders) = try await client.get(
                "/admin/logga-in", jar: CookieJar(), headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            _ = form
            let cookie = try #require(loginHeaders[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Secure"))

            let (out, _, _) = try await client.post("/admin/logga-ut", [("csrf", csrf)], jar: jar)
            #expect(out == .seeOther)
            let after = CookieJar()
            after.take([.setCookie: "enkat_admin=\(second)"])
            let (afterStatus, _, _) = try await client.get("/admin/", jar: after)
            #expect(afterStatus == .seeOther)
        }
        // Plain http on loopback: no Secure (the browser would drop the cookie).
        try await fixture.test { client in
            let (_, _, headers) = try await client.get("/admin/logga-in", jar: CookieJar())
            let cookie = try #require(headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"))
        }
        // Listening on another address: Secure always.
        try await fixture.test(host: "0.0.0.0") { client in
            let (_, _, headers) = try await client.get("/admin/logga-in", jar: CookieJar())
            #expect(headers[.setCookie]?.contains("; Secure") == true)
        }
    }

    @Test("a login post without the login form's CSRF token is refused")
    func loginCSRF() async throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let (status, _, _) = try await client.post("/admin/logga-in", [("password", RoundFixture.password)])
            #expect(status == .forbidden)
        }
    }

    @Test("login flooding: after five wrong passwords, 429 with Retry-After, even for the right one")
    func loginFlood() async throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let jar = CookieJar()
            let (_, form, _) = try await client.get("/admin/logga-in", jar: jar)
            let csrf = try #require(HTML.attribute("value", ofFirst: "name=\"csrf\"", in: form))
            for attempt in 0..<5 {
                let (status, page, _) = try await client.post(
                    "/admin/logga-in", [("csrf", csrf), ("password", "fel-\(attempt)")], jar: jar)
                #expect(status == .unauthorized)
                #expect(page.contains("Fel lösenord"))
            }
            let (status, _, headers) = try await client.post(
                "/admin/logga-in", [("csrf", csrf), ("password", RoundFixture.password)], jar: jar)
            #expect(status == .tooManyRequests)
            #expect(Int(headers[.retryAfter] ?? "") ?? 0 > 0)
        }
        #expect(try fixture.server.store.events().filter { $0.action == "login-failed" }.count == 5)
    }

    @Test("progress, a new link shown once, the XLSX export and the delrapport")
    func progressExportCompile() async throws {
        let fixture = try RoundFixture(respondents: ["falun", "mora", "leksand"])
        defer { fixture.remove() }
        let falun = fixture.links["falun"]!
        try await fixture.test { client in
            let (_, token, csrf) = try await client.openForm(falun)
            _ = try await client.post(
                falun + "/spara", [("token", token), ("csrf", csrf)] + (try RoundFixture.completeAnswers()) + [("action", "skicka")])
            let mora = fixture.links["mora"]!
            let (_, moraToken, moraCSRF) = try await client.openForm(mora)
            _ = try await client.post(
                mora + "/spara", [("token", moraToken), ("csrf", moraCSRF), ("q.team-erfarenheter", "Utkast"), ("action", "spara")])

            let jar = CookieJar()
            let adminCSRF = try await client.login(jar: jar)
            let (_, page, _) = try await client.get("/admin/", jar: jar)
            #expect(page.contains("Inskickad") && page.contains("Utkast") && page.contains("Ej öppnad"))
            #expect(!page.contains("Utkast</span> <span class=\"small\">Utkast"), "no answer text on the progress page")

            let (linkStatus, linkPage, _) = try await client.post(
                "/admin/ny-lank", [("csrf", adminCSRF), ("respondent", "leksand")], jar: jar)
            #expect(linkStatus == .ok)
            let newPath = try #require(
                linkPage.range(of: "/svar/[A-Za-z0-9_-]{43}", options: .regularExpression).map { String(linkPage[$0]) })
            let (oldStatus, _, _) = try await client.get(fixture.links["leksand"]!)
            #expect(oldStatus == .notFound)
            let (newStatus, _, _) = try await client.get(newPath)
            #expect(newStatus == .ok)

            let (xlsxStatus, _, xlsxHeaders) = try await client.get("/admin/svar.xlsx", jar: jar)
            #expect(xlsxStatus == .ok)
            #expect(xlsxHeaders[.contentDisposition]?.contains("EJ-ANONYMISERAD") == true)
            #expect(xlsxHeaders[.contentType]?.contains("spreadsheetml") == true)

            let (compileStatus, report, _) = try await client.post("/admin/sammanstall", [("csrf", adminCSRF)], jar: jar)
            #expect(compileStatus == .ok, "\(report)")
            #expect(report.contains("granskning-EJ-FOR-PUBLICERING"))
            #expect(report.contains("FÅR INTE PUBLICERAS"))
            // The same anonymization as `enkat compile`, the lexicon's risk queue included.
            #expect(report.contains("riskko-EJ-FOR-PUBLICERING.json"), "\(report)")
            let name = try #require(
                report.range(of: "delrapport-[a-z0-9-]+\\.html", options: .regularExpression).map { String(report[$0]) })
            let (fileStatus, html, fileHeaders) = try await client.get("/admin/rapport/" + name, jar: jar)
            #expect(fileStatus == .ok)
            #expect(fileHeaders[.contentDisposition]?.contains("attachment") == true)
            #expect(!html.contains("Utkast"), "drafts are not in the report")
        }
        let actions = try fixture.server.store.events().map(\.action)
        for action in ["link-reissued", "exported", "compiled"] { #expect(actions.contains(action)) }
    }
}

@Suite("Survey rounds: page values")
struct RoundPageValueTests {
    @Test("flattened values render byte for byte the page swift-mustache renders by reflection")
    func flattenedIsTheSame() throws {
        let fixture = try RoundFixture()
        defer { fixture.remove() }
        let survey = fixture.server.survey
        let builder = FormViewBuilder(survey: survey, registry: Repo.catalog.registries[survey.registry])
        for sample in ["falun", "mora"] {
            // A sample answer with a few findings, and a blank one with every required answer missing.
            var text = try String(
                contentsOfFile: Repo.root.appendingPathComponent("responses/\(RoundFixture.survey)/\(sample).yaml").path, encoding: .utf8)
            if sample == "mora" { text = try fixture.contents("mora") }
            let bytes = Array(text.utf8)
            let check = ResponseValidator(catalog: Repo.catalog).check(bytes: bytes, file: "x.yaml")
            let state = try #require(FormState(yaml: bytes, file: "x.yaml", survey: survey))
            let page = builder.page(
                state: state, diagnostics: check.diagnostics, token: VersionToken(of: bytes), file: "",
                saved: SavedView(time: "12.00.00", backup: nil, unchanged: false))
            let form = RespondentHandlers.FormPage(page: page, base: "/svar/x", csrf: "c", incomplete: true)
            let templates = fixture.server.templates
            #expect(templates.render("round-form", form) == templates.renderReflecting("round-form", form))
            let printed = RespondentHandlers.SubmittedPage(
                page: builder.printPage(state: state, diagnostics: [], file: "", now: Date()), submittedAt: "i dag")
            #expect(templates.render("round-submitted", printed) == templates.renderReflecting("round-submitted", printed))
            #expect(templates.render("round-form", form).contains("name=\"q."))
        }
    }
}

@Suite("Survey rounds: headers")
struct RoundHeaderTests {
    @Test("every route, errors included, carries the CSP, nosniff, no-referrer and no-store")
    func headers() async throws {
        var fixture = try RoundFixture()
        defer { fixture.remove() }
        fixture.limits.tokenMisses = 1
        let falun = fixture.links["falun"]!
        try await fixture.test { client in
            var responses: [(String, HTTPFields)] = []
            for path in ["/", "/formular.css", "/formular.js", "/omgang.css", falun, "/admin/", "/admin/logga-in", "/finns-inte"] {
                let (_, _, headers) = try await client.get(path)
                responses.append((path, headers))
            }
            let (_, _, forbidden) = try await client.post(falun + "/spara", [("action", "spara")])
            responses.append(("POST without csrf", forbidden))
            let (_, _, miss) = try await client.get("/svar/" + RoundSecrets.newToken())
            responses.append(("token miss", miss))
            let (limited, _, tooMany) = try await client.get("/svar/" + RoundSecrets.newToken())
            #expect(limited == .tooManyRequests)
            responses.append(("429", tooMany))
            let jar = CookieJar()
            _ = try await client.login(jar: jar)
            for path in ["/admin/", "/admin/handelser", "/admin/svar.xlsx"] {
                let (_, _, headers) = try await client.get(path, jar: jar)
                responses.append((path + " (inloggad)", headers))
            }
            for (path, headers) in responses {
                let csp = headers[.contentSecurityPolicy] ?? ""
                #expect(
                    csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'") && csp.contains("form-action 'self'"),
                    "\(path)")
                #expect(!csp.contains("unsafe-inline"), "\(path)")
                #expect(headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(path)")
                #expect(headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(path)")
                #expect(headers[.cacheControl] == "no-store", "\(path)")
            }
        }
    }
}
