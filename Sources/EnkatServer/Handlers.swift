import EnkatCore
import Foundation
import Hummingbird

/// The route handlers.
struct Handlers: Sendable {
    let server: FormServer

    private var builder: FormViewBuilder {
        FormViewBuilder(survey: server.survey, registry: server.catalog.registries[server.survey.registry])
    }

    /// The form, from the file as it is now.
    func form(_ request: Request) async -> Response {
        let snapshot = await server.store.load()
        guard let state = usable(snapshot) else { return problem(snapshot) }
        var saved: SavedView?
        let query = request.uri.queryParameters
        if query["sparat"] != nil {
            let backup = query["kopia"].map { String($0) }.flatMap { $0.isEmpty ? nil : $0 }
            saved = SavedView(
                time: Clock.time(snapshot.modified ?? Date()),
                backup: backup.map { ".enkat-backup/" + ($0 as NSString).lastPathComponent },
                unchanged: query["sparat"] == "oforandrat")
        }
        // What a save would write; when the file differs, it was edited by hand and the page says so.
        let rewritten = Array(state.yaml(survey: server.survey, registry: server.catalog.registries[server.survey.registry]).utf8)
        let page = builder.page(
            state: state, diagnostics: snapshot.check.diagnostics, token: snapshot.token,
            file: server.file, saved: saved, rewrites: rewritten != snapshot.bytes)
        return Page.html(server.templates.render("form", page))
    }

    /// Saves the submitted form.
    func save(_ request: Request, context: BasicRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 16 << 20)
        let submission = FormSubmission(urlEncoded: Array(buffer: body))
        let submitted = FormState(submission: submission, survey: server.survey)
        let token = VersionToken(submitted: submission.first(FormState.FieldName.token) ?? "")
        switch await server.store.save(submitted, token: token, survey: server.survey) {
        case .saved(_, let backup):
            var location = "/?sparat=" + (backup == nil ? "oforandrat" : "1")
            if let backup { location += "&kopia=" + Self.queryEscape((backup as NSString).lastPathComponent) }
            if let action = submission.first(FormState.FieldName.action), action.hasPrefix("nasta:") {
                location += "#" + FormIDs.safe(String(action.dropFirst("nasta:".count)))
            }
            return Page.redirect(location)
        case .conflict(let current):
            let onDisk = usable(current)
            let differing = Set(
                server.survey.questions.map(\.id).filter {
                    (onDisk?.answers[$0] ?? FormState.RawAnswer()) != (submitted.answers[$0] ?? FormState.RawAnswer())
                })
            let conflict = ConflictView(
                changedAt: current.modified.map(Clock.display), fileMissing: current.bytes == nil,
                differing: LinkView.list(
                    server.survey.questions.filter { differing.contains($0.id) }.map {
                        LinkView(href: "#" + FormIDs.anchor($0.id), label: $0.id)
                    }))
            let page = builder.page(
                state: submitted, diagnostics: [], token: current.token, file: server.file,
                conflict: conflict, differing: differing)
            return Page.html(server.templates.render("form", page), status: .conflict)
        case .failed(_, let message):
            let page = builder.page(
                state: submitted, diagnostics: [], token: token, file: server.file,
                failure: DiagnosticView.sentence(message))
            return Page.html(server.templates.render("form", page), status: .internalServerError)
        }
    }

    /// `enkat status` as a page.
    func status() async -> Response {
        let snapshot = await server.store.load()
        guard usable(snapshot) != nil else { return problem(snapshot) }
        let report = StatusReport(check: snapshot.check, survey: server.survey, registry: server.catalog.registries[server.survey.registry])
        return Page.html(server.templates.render("status", StatusPage(report: report)))
    }

    /// `enkat status --format json`.
    func statusJSON() async -> Response {
        let snapshot = await server.store.load()
        guard usable(snapshot) != nil else { return problem(snapshot) }
        let report = StatusReport(check: snapshot.check, survey: server.survey, registry: server.catalog.registries[server.survey.registry])
        return Page.text(report.json(), type: "application/json; charset=utf-8")
    }

    /// The print view.
    func printView() async -> Response {
        let snapshot = await server.store.load()
        guard let state = usable(snapshot) else { return problem(snapshot) }
        let page = builder.printPage(state: state, diagnostics: snapshot.check.diagnostics, file: server.file, now: Date())
        return Page.html(server.templates.render("print", page))
    }

    /// The raw answers, when the file still answers the survey the server was started for.
    private func usable(_ snapshot: Snapshot) -> FormState? {
        guard snapshot.survey?.id == server.survey.id else { return nil }
        return snapshot.state
    }

    /// The page shown when the file cannot be shown as a form (removed, broken YAML,
    /// another survey): what is wrong, and that nothing is lost.
    private func problem(_ snapshot: Snapshot) -> Response {
        struct ProblemPage {
            var file: String
            var missing: Bool
            var otherSurvey: String?
            var diagnostics: [DiagnosticView]
        }
        let other = snapshot.survey.flatMap { $0.id == server.survey.id ? nil : $0.id }
        let page = ProblemPage(
            file: server.file, missing: snapshot.bytes == nil, otherSurvey: other,
            diagnostics: snapshot.check.diagnostics.filter { $0.severity == .error }.map(DiagnosticView.init))
        return Page.html(server.templates.render("problem", page), status: .conflict)
    }

    private static func queryEscape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._"))) ?? ""
    }
}
