import EnkatCore
import Foundation
import HTTPTypes
import Hummingbird

/// RSS's pages under `/admin/`, behind the password: progress, reopen, new links, the XLSX
/// export and the delrapport.
struct AdminHandlers: Sendable {
    let server: RoundServer

    static let sessionCookie = "enkat_admin"
    static let loginCookie = "enkat_login"

    // MARK: - Sessions and CSRF

    struct SessionRef {
        var idHash: String
        var csrf: String
    }

    /// The admin session of the request, when its cookie names a live one.
    func session(_ request: Request) throws -> SessionRef? {
        guard let value = request.cookies[Self.sessionCookie]?.value, RoundSecrets.isWellFormedToken(value[...]) else {
            return nil
        }
        let hash = RoundSecrets.hash(value)
        return try server.store.session(idHash: hash).map { SessionRef(idHash: hash, csrf: $0.csrf) }
    }

    /// A `Set-Cookie` value: `HttpOnly`, `SameSite=Strict`, `Path=/admin`, and `Secure`
    /// unless the server is plain http on loopback and no proxy said https.
    func cookie(_ name: String, _ value: String, request: Request, maxAge: Int? = nil) -> String {
        var text = "\(name)=\(value); Path=/admin; HttpOnly; SameSite=Strict"
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if server.isSecure(request) { text += "; Secure" }
        return text
    }

    /// The signed-in admin's session and the posted form, or the response to give instead
    /// (403 without a session or with a wrong CSRF token).
    func authorizedPost(_ request: Request, context: RoundContext) async throws -> (SessionRef, FormSubmission)? {
        guard let session = try session(request) else { return nil }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let submission = FormSubmission(urlEncoded: Array(buffer: body))
        guard RoundSecrets.constantTimeEqual(submission.first("csrf") ?? "", session.csrf) else { return nil }
        return (session, submission)
    }

    static func toLogin() -> Response { Page.redirect("/admin/logga-in") }

    // MARK: - Login

    struct LoginPage {
        var csrf: String
        var failed: Bool
        var loggedOut: Bool
        var admin = true
    }

    /// `GET /admin/logga-in`: the password form, with a login CSRF token bound to a cookie.
    func loginForm(_ request: Request, context: RoundContext) throws -> Response {
        loginPage(request, failed: false, loggedOut: request.uri.queryParameters["utloggad"] != nil, status: .ok)
    }

    private func loginPage(_ request: Request, failed: Bool, loggedOut: Bool, status: HTTPResponse.Status) -> Response {
        let existing = request.cookies[Self.loginCookie]?.value
        let nonce = existing.flatMap { RoundSecrets.isWellFormedToken($0[...]) ? $0 : nil } ?? RoundSecrets.newToken()
        let page = LoginPage(csrf: RoundSecrets.mac("login:" + nonce, key: server.csrfKey), failed: failed, loggedOut: loggedOut)
        var response = Page.html(server.templates.render("round-login", page), status: status)
        if existing != nonce {
            response.headers.append(HTTPField(name: .setCookie, value: cookie(Self.loginCookie, nonce, request: request)))
        }
        return response
    }

    /// `POST /admin/logga-in`: checks the password (bcrypt); on success a new session
    /// (any previous one of this browser ends: the id rotates on every login).
    func login(_ request: Request, context: RoundContext) async throws -> Response {
        let limits = server.limits
        let key = "login:" + RoundServer.client(request, context)
        for (limitKey, limit) in [(key, limits.loginFailures), ("login:*", limits.loginFailuresAll)] {
            if let retry = try server.store.retryAfter(limitKey, limit: limit, window: limits.loginWindow) {
                return server.tooManyAttempts(retryAfter: retry)
            }
        }
        var body = request
        let bytes = try await body.collectBody(upTo: 64 << 10)
        let submission = FormSubmission(urlEncoded: Array(buffer: bytes))
        guard let nonce = request.cookies[Self.loginCookie]?.value, RoundSecrets.isWellFormedToken(nonce[...]),
            RoundSecrets.constantTimeEqual(submission.first("csrf") ?? "", RoundSecrets.mac("login:" + nonce, key: server.csrfKey))
        else {
            return server.forbidden(admin: true)
        }
        let password = submission.first("password") ?? ""
        let hash = try server.store.passwordHash()
        // bcrypt takes a quarter second by design: off Swift's few cooperative threads.
        let matches: Bool = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: hash.map { !password.isEmpty && RoundSecrets.verifyPassword(password, hash: $0) } ?? false)
            }
        }
        guard matches else {
            try server.store.recordFailure(key, window: limits.loginWindow)
            try server.store.recordFailure("login:*", window: limits.loginWindow)
            try server.store.log(actor: "admin", action: "login-failed")
            return loginPage(request, failed: true, loggedOut: false, status: .unauthorized)
        }
        if let old = try session(request) { try server.store.deleteSession(idHash: old.idHash) }
        let id = RoundSecrets.newToken()
        try server.store.createSession(idHash: RoundSecrets.hash(id), csrf: RoundSecrets.newToken(), lifetime: RoundServer.sessionLifetime)
        try server.store.log(actor: "admin", action: "login-ok")
        var response = Page.redirect("/admin/")
        response.headers.append(
            HTTPField(name: .setCookie, value: cookie(Self.sessionCookie, id, request: request, maxAge: Int(RoundServer.sessionLifetime))))
        response.headers.append(HTTPField(name: .setCookie, value: cookie(Self.loginCookie, "", request: request, maxAge: 0)))
        return response
    }

    /// `POST /admin/logga-ut`.
    func logout(_ request: Request, context: RoundContext) async throws -> Response {
        guard let (session, _) = try await authorizedPost(request, context: context) else { return server.forbidden(admin: true) }
        try server.store.deleteSession(idHash: session.idHash)
        try server.store.log(actor: "admin", action: "logout")
        var response = Page.redirect("/admin/logga-in?utloggad=1")
        response.headers.append(HTTPField(name: .setCookie, value: cookie(Self.sessionCookie, "", request: request, maxAge: 0)))
        return response
    }

    // MARK: - Progress

    /// One respondent's line on the progress page (its forms take the page's `csrf`).
    struct Row {
        var id: String
        var name: String
        var state: StateView
        var lastSaved: String
        var submitted: Bool
    }

    /// The progress page (the template counts the respondents: `count(rows)`).
    struct ProgressPage {
        var title: String
        var submittedCount: Int
        var rows: [Row]
        var notice: Notice?
        var csrf: String
        var hasReport: Bool
        var admin = true
        var navProgress = true
    }

    struct Notice {
        var kind: String
        var text: String
    }

    /// Where each respondent stands, from the database and the file.
    func rows() async throws -> [Row] {
        let registry = server.catalog.registries[server.survey.registry]
        var rows: [Row] = []
        for progress in try server.store.allProgress() {
            guard let file = server.files[progress.respondent] else { continue }
            let name = registry?.respondent(progress.respondent).map { $0.officialName ?? $0.name } ?? progress.respondent
            var state = StateView(key: "draft", label: "Utkast")
            if progress.submitted {
                state = StateView(key: "submitted", label: "Inskickad", detail: progress.submittedAt.map(Clock.display))
            } else if progress.openedAt == nil && progress.lastSavedAt == nil {
                state = StateView(key: "unopened", label: "Ej öppnad")
            } else {
                let snapshot = await file.load()
                let errors = snapshot.check.diagnostics.count { $0.severity == .error && $0.code != .required }
                let missing = snapshot.check.diagnostics.count { $0.code == .required }
                if errors > 0 || snapshot.state == nil {
                    state = StateView(key: "errors", label: "Har fel", detail: errors > 0 ? "\(errors) fel" : nil)
                } else if missing > 0 {
                    state.detail = "\(missing) obligatoriska utan svar"
                }
            }
            rows.append(
                Row(
                    id: progress.respondent, name: name, state: state,
                    lastSaved: progress.lastSavedAt.map(Clock.display) ?? "–", submitted: progress.submitted))
        }
        return rows
    }

    /// `GET /admin/`.
    func progress(_ request: Request, context: RoundContext) async throws -> Response {
        guard let session = try session(request) else { return Self.toLogin() }
        let rows = try await rows()
        let query = request.uri.queryParameters
        var notice: Notice?
        if let reopened = query["oppnad"].map(String.init) {
            notice = Notice(
                kind: "ok", text: "Svaret från \(rows.first { $0.id == reopened }?.name ?? reopened) är öppnat igen och kan ändras.")
        }
        let page = ProgressPage(
            title: server.survey.title, submittedCount: rows.count { $0.submitted }, rows: rows,
            notice: notice, csrf: session.csrf, hasReport: !reportFiles().isEmpty)
        return Page.html(server.templates.render("round-admin", page))
    }

    /// `POST /admin/oppna-igen`.
    func reopen(_ request: Request, context: RoundContext) async throws -> Response {
        guard let (_, submission) = try await authorizedPost(request, context: context) else { return server.forbidden(admin: true) }
        guard let id = submission.first("respondent"), let file = server.files[id] else { return server.notFound() }
        _ = try await file.reopen()
        return Page.redirect("/admin/?oppnad=" + (id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
    }

    struct LinkPage {
        var name: String
        var path: String
        var url: String?
        var admin = true
    }

    /// `POST /admin/ny-lank`: a new link, shown once; the old one stops working.
    func reissue(_ request: Request, context: RoundContext) async throws -> Response {
        guard let (_, submission) = try await authorizedPost(request, context: context) else { return server.forbidden(admin: true) }
        guard let id = submission.first("respondent"), server.files[id] != nil else { return server.notFound() }
        let token = RoundSecrets.newToken()
        guard try server.store.reissue(respondent: id, tokenHash: RoundSecrets.hash(token), actor: "admin") else {
            return server.notFound()
        }
        let path = "/svar/" + token
        let registry = server.catalog.registries[server.survey.registry]
        let name = registry?.respondent(id).map { $0.officialName ?? $0.name } ?? id
        let url = request.head.authority.map { (server.isSecure(request) ? "https://" : "http://") + $0 + path }
        return Page.html(server.templates.render("round-link", LinkPage(name: name, path: path, url: url)))
    }

    // MARK: - Export and report

    /// The files whose answers have no errors and nothing required missing.
    func completeFiles() async -> [String] {
        var files: [String] = []
        let registry = server.catalog.registries[server.survey.registry]
        for id in (try? server.store.respondentIDs()) ?? [] {
            guard let file = server.files[id] else { continue }
            if RespondentFile.isComplete(await file.load(), survey: server.survey, registry: registry) { files.append(file.file) }
        }
        return files
    }

    /// `GET /admin/svar.xlsx`: today's `enkat export table`, marked EJ ANONYMISERAD.
    func export(_ request: Request, context: RoundContext) async throws -> Response {
        guard try session(request) != nil else { return Self.toLogin() }
        let files = await completeFiles()
        guard !files.isEmpty else {
            return server.message(
                title: "Inga svar att exportera", ["Inget svar är klart ännu (utan fel och med alla obligatoriska frågor besvarade)."],
                admin: true, link: LinkView(href: "/admin/", label: "Tillbaka till svarandena"))
        }
        let result = TableExport.run(paths: files, surveyID: server.survey.id, format: .xlsx, catalog: server.catalog)
        guard let bytes = result.bytes else {
            return server.message(
                title: "Exporten misslyckades", result.diagnostics.filter { $0.severity == .error }.map { $0.message.sv },
                status: .internalServerError, admin: true, link: LinkView(href: "/admin/", label: "Tillbaka till svarandena"))
        }
        try server.store.log(actor: "admin", action: "exported", file: "\(files.count) svar")
        return Self.download(bytes, name: "svar-\(server.survey.id)-EJ-ANONYMISERAD.xlsx")
    }

    static func download(_ bytes: [UInt8], name: String) -> Response {
        var headers = Page.security
        headers[.contentType] = contentType(name)
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func contentType(_ name: String) -> String {
        switch (name as NSString).pathExtension {
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "html": "text/html; charset=utf-8"
        case "md": "text/markdown; charset=utf-8"
        case "csv": "text/csv; charset=utf-8"
        case "json": "application/json; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    var reportDirectory: String { (server.directory as NSString).appendingPathComponent("rapport") }

    /// The files of the latest delrapport, sorted.
    func reportFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: reportDirectory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    struct FileLink {
        var name: String
    }

    struct ReportPage {
        var title: String
        var failed: Bool
        var problems: [String]
        var compiledAt: String
        var files: Int
        var reports: [FileLink]
        var audits: [FileLink]
        var admin = true
    }

    private func reportPage(failed: Bool, problems: [String] = [], files: Int = 0, status: HTTPResponse.Status = .ok) -> Response {
        let names = reportFiles()
        let modified =
            (try? FileManager.default.attributesOfItem(atPath: reportDirectory))?[.modificationDate] as? Date ?? Date()
        let page = ReportPage(
            title: server.survey.title, failed: failed, problems: problems, compiledAt: Clock.display(modified), files: files,
            reports: names.filter { !$0.contains("EJ-FOR-PUBLICERING") }.map(FileLink.init),
            audits: names.filter { $0.contains("EJ-FOR-PUBLICERING") }.map(FileLink.init))
        return Page.html(server.templates.render("round-report", page), status: status)
    }

    /// `POST /admin/sammanstall`: today's `enkat compile` on the submitted answers only, into
    /// `DIR/rapport/` (replaced as a whole once the new report is complete).
    func compile(_ request: Request, context: RoundContext) async throws -> Response {
        guard try await authorizedPost(request, context: context) != nil else { return server.forbidden(admin: true) }
        let submitted = try server.store.allProgress().filter(\.submitted).compactMap { server.files[$0.respondent]?.file }
        guard !submitted.isEmpty else {
            return reportPage(failed: true, problems: ["Inget svar är inskickat ännu."], status: .unprocessableContent)
        }
        // The same anonymization as `enkat compile`: without the Swedish lexicon the rules by
        // shape and the risk queue are missing, so nothing is compiled.
        let lexicon: SwedishLexicon
        do { lexicon = try SwedishLexicon.required() } catch {
            return reportPage(failed: true, problems: [error.message.sv], status: .internalServerError)
        }
        let manager = FileManager.default
        let staging = (server.directory as NSString).appendingPathComponent(".rapport-\(UUID().uuidString)")
        defer { try? manager.removeItem(atPath: staging) }
        let options = CompileOptions(
            paths: submitted, surveyID: server.survey.id, minCount: 3, outDirectory: staging,
            formats: ReportRenderers.all.map(\.format), templates: ReportTemplates(directory: server.templatesDirectory),
            personNames: server.personNames, lexicon: lexicon)
        let result = ReportCompiler.run(options, catalog: server.catalog, files: submitted)
        if result.failed {
            let problems = result.diagnostics.filter { $0.severity == .error }.map {
                "\(($0.file as NSString).lastPathComponent): \($0.message.sv)"
            }
            return reportPage(failed: true, problems: problems, status: .unprocessableContent)
        }
        let old = reportDirectory + ".old-\(UUID().uuidString)"
        if manager.fileExists(atPath: reportDirectory) { try manager.moveItem(atPath: reportDirectory, toPath: old) }
        try manager.moveItem(atPath: staging, toPath: reportDirectory)
        try? manager.removeItem(atPath: old)
        try server.store.log(actor: "admin", action: "compiled", file: "\(submitted.count) svar")
        return reportPage(failed: false, files: submitted.count)
    }

    /// `GET /admin/rapport`.
    func report(_ request: Request, context: RoundContext) throws -> Response {
        guard try session(request) != nil else { return Self.toLogin() }
        guard !reportFiles().isEmpty else {
            return server.message(
                title: "Ingen delrapport ännu", ["Sammanställ en från sidan med svarandena."], admin: true,
                link: LinkView(href: "/admin/", label: "Tillbaka till svarandena"))
        }
        return reportPage(failed: false, files: (try? server.store.allProgress().count(where: \.submitted)) ?? 0)
    }

    /// `GET /admin/rapport/FILE`: one file of the latest report (only names in its folder).
    func reportFile(_ request: Request, context: RoundContext) throws -> Response {
        guard try session(request) != nil else { return Self.toLogin() }
        guard let name = context.parameters.get("name"), reportFiles().contains(name),
            let bytes = try? SourceFile.read((reportDirectory as NSString).appendingPathComponent(name))
        else { return server.notFound() }
        return Self.download(bytes, name: name)
    }

    // MARK: - Event log

    struct EventRow {
        var time: String
        var actor: String
        var action: String
        var respondent: String
    }

    struct EventsPage {
        var count: Int
        var events: [EventRow]
        var admin = true
        var navEvents = true
    }

    static let actionNames = [
        "round-created": "omgången skapad", "opened": "länken öppnad", "saved": "sparat", "submitted": "inskickat",
        "reopened": "öppnat igen", "link-reissued": "ny länk", "exported": "exporterat (xlsx)", "compiled": "delrapport sammanställd",
        "login-ok": "inloggning", "login-failed": "misslyckad inloggning", "logout": "utloggning",
    ]

    /// `GET /admin/handelser`.
    func events(_ request: Request, context: RoundContext) throws -> Response {
        guard try session(request) != nil else { return Self.toLogin() }
        let events = try server.store.events(limit: 500).map {
            EventRow(
                time: Clock.display($0.time), actor: $0.actor == "admin" ? "RSS" : $0.actor == "cli" ? "kommandoraden" : "svarande",
                action: Self.actionNames[$0.action] ?? $0.action, respondent: $0.respondent ?? "–")
        }
        return Page.html(server.templates.render("round-events", EventsPage(count: events.count, events: events)))
    }
}
