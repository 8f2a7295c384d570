import EnkatCore
import Foundation
import Hummingbird

/// The respondent's pages: `/svar/TOKEN` and its save. A token opens exactly one file; no
/// page shows anything of another respondent.
struct RespondentHandlers: Sendable {
    let server: RoundServer

    /// The token resolved: whose link it is, or why not.
    enum Resolution {
        case respondent(id: String, tokenHash: String, file: RespondentFile)
        case response(Response)
    }

    /// Looks a link token up, counting misses per client (429 once there are too many).
    func resolve(_ request: Request, _ context: RoundContext) -> Resolution {
        let token = context.parameters.get("token") ?? ""
        let key = "token:" + RoundServer.client(request, context)
        do {
            if let retry = try server.store.retryAfter(key, limit: server.limits.tokenMisses, window: server.limits.tokenWindow) {
                return .response(server.tooManyAttempts(retryAfter: retry))
            }
            if RoundSecrets.isWellFormedToken(token[...]) {
                let hash = RoundSecrets.hash(token)
                if let id = try server.store.respondent(tokenHash: hash), let file = server.files[id] {
                    return .respondent(id: id, tokenHash: hash, file: file)
                }
            }
            try server.store.recordFailure(key, window: server.limits.tokenWindow)
        } catch {
            return .response(server.message(title: "Något gick fel", ["Försök igen om en stund."], status: .internalServerError))
        }
        return .response(server.notFound())
    }

    /// The CSRF token of a respondent's pages: bound to the link, keyed by the round's secret.
    func csrf(_ tokenHash: String) -> String {
        RoundSecrets.mac("svar:" + tokenHash, key: server.csrfKey)
    }

    private var builder: FormViewBuilder {
        FormViewBuilder(survey: server.survey, registry: server.catalog.registries[server.survey.registry])
    }

    /// What the form page template sees: the form's page (its save, conflict and failure
    /// banners too) and the round's additions.
    struct FormPage {
        var page: PageView
        var base: String
        var csrf: String
        var incomplete: Bool
        var admin = false
    }

    /// What the read-only page template sees.
    struct SubmittedPage {
        var page: PrintPage
        var submittedAt: String?
        var admin = false
    }

    /// `GET /svar/TOKEN`: the form, or the answers read-only once submitted.
    func form(_ request: Request, context: RoundContext) async throws -> Response {
        let resolution = resolve(request, context)
        guard case .respondent(let id, let tokenHash, let file) = resolution else {
            if case .response(let response) = resolution { return response }
            return server.notFound()
        }
        let base = "/svar/" + (context.parameters.get("token") ?? "")
        let progress = try server.store.progress(id)
        if progress?.openedAt == nil { try server.store.markOpened(id) }
        let snapshot = await file.load()
        guard snapshot.survey?.id == server.survey.id, let state = snapshot.state else {
            return server.message(
                title: "Svaret kan inte visas just nu",
                ["Svarsfilen går inte att läsa. Inget har skrivits över. Kontakta RSS."], status: .conflict)
        }
        if let submittedAt = progress?.submittedAt {
            let page = builder.printPage(state: state, diagnostics: [], file: "", now: Date())
            return Page.html(
                server.templates.render("round-submitted", SubmittedPage(page: page, submittedAt: Clock.display(submittedAt))))
        }
        let query = request.uri.queryParameters
        let saved = query["sparat"] == nil
            ? nil : (progress?.lastSavedAt).map { SavedView(time: Clock.time($0), backup: nil, unchanged: false) }
        let page = builder.page(state: state, diagnostics: snapshot.check.diagnostics, token: snapshot.token, file: "", saved: saved)
        return Page.html(
            server.templates.render(
                "round-form", FormPage(page: page, base: base, csrf: csrf(tokenHash), incomplete: query["ej-inskickat"] != nil)))
    }

    /// `POST /svar/TOKEN/spara`: saves a draft, or submits.
    func save(_ request: Request, context: RoundContext) async throws -> Response {
        let resolution = resolve(request, context)
        guard case .respondent(_, let tokenHash, let file) = resolution else {
            if case .response(let response) = resolution { return response }
            return server.notFound()
        }
        let base = "/svar/" + (context.parameters.get("token") ?? "")
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let submission = FormSubmission(urlEncoded: Array(buffer: body))
        guard RoundSecrets.constantTimeEqual(submission.first("csrf") ?? "", csrf(tokenHash)) else {
            return server.forbidden()
        }
        let submitted = FormState(submission: submission, survey: server.survey)
        let version = VersionToken(submitted: submission.first(FormState.FieldName.token) ?? "")
        let action = submission.first(FormState.FieldName.action) ?? "spara"
        switch await file.save(submitted, token: version, submit: action == "skicka") {
        case .saved:
            var location = base + "?sparat=1"
            if action.hasPrefix("nasta:") { location += "#" + FormIDs.safe(String(action.dropFirst("nasta:".count))) }
            return Page.redirect(location)
        case .submitted, .locked:
            return Page.redirect(base)
        case .incomplete:
            return Page.redirect(base + "?ej-inskickat=1#sammanfattning")
        case .conflict(let current):
            let conflict = ConflictView(changedAt: current.modified.map(Clock.display), fileMissing: current.bytes == nil, differing: [])
            let page = builder.page(state: submitted, diagnostics: [], token: current.token, file: "", conflict: conflict)
            return Page.html(
                server.templates.render(
                    "round-form", FormPage(page: page, base: base, csrf: csrf(tokenHash), incomplete: false)),
                status: .conflict)
        case .failed(let message):
            let failure = DiagnosticView.sentence(message)
            let page = builder.page(state: submitted, diagnostics: [], token: version, file: "", failure: failure)
            return Page.html(
                server.templates.render(
                    "round-form", FormPage(page: page, base: base, csrf: csrf(tokenHash), incomplete: false)),
                status: .internalServerError)
        }
    }
}
