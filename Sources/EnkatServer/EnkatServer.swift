import EnkatCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The local web form for drafting a response (`enkat serve`). See `FormServer`.
public enum EnkatServerInfo {
    /// The address the form is served on: the loopback interface only. There is no way to
    /// choose another: the form writes files on this machine and has no login.
    public static let host = "127.0.0.1"
}

/// Serves one response file as a web form on 127.0.0.1.
///
/// Routes:
/// - `GET /` the form, filled from the file, with the validator's findings next to their
///   questions and a summary at the top;
/// - `POST /spara` saves (atomically, after a backup of the previous version) and redirects
///   to the form (303), or shows the conflict page (409) when the file changed since the form
///   was loaded, or the form with the typed answers and the reason (500) when the disk refused;
/// - `GET /status` and `GET /status.json` what `enkat status` says;
/// - `GET /utskrift` the print view;
/// - `GET /formular.css`, `GET /formular.js` the page's style and script;
/// - `HEAD` on each of the `GET` routes: the same status and headers without the body.
public struct FormServer: Sendable {
    /// Why the server cannot start: the file is not a readable response, or a template is broken.
    public struct StartError: Error, Sendable {
        /// The findings, located.
        public var diagnostics: [Diagnostic]
    }

    /// The port asked for is taken by another program (the bind failed with `EADDRINUSE`).
    public struct PortInUse: Error, Sendable {
        /// The port asked for.
        public var port: Int
    }

    /// The response file served.
    public let file: String
    let catalog: SurveyCatalog
    let survey: Survey
    let templates: FormTemplates
    let store: FormStore

    /// Prepares to serve `file`: it must exist and be a response to a known survey (the
    /// file's other findings are shown in the form).
    public init(file: String, catalog: SurveyCatalog, templatesDirectory: String) throws(StartError) {
        self.file = file
        self.catalog = catalog
        templates = try FormTemplates(directory: templatesDirectory)
        let response = ResponseFile(file: file, catalog: catalog)
        let snapshot = response.load()
        guard let survey = snapshot.survey, snapshot.state != nil else {
            throw StartError(diagnostics: snapshot.check.diagnostics.filter { $0.severity == .error })
        }
        self.survey = survey
        store = FormStore(response)
    }

    /// The nearest `templates/` folder with the form's templates (see `FormTemplates`).
    public static func locateTemplates(near file: String) -> String? {
        FormTemplates.locate(near: file)
    }

    /// The folder where the previous versions of the file are kept.
    public var backupDirectory: String { store.response.backups.directory }

    /// The application, listening on 127.0.0.1 at `port` (0: any free port). `onRunning`
    /// receives the port once the server listens.
    public func application(port: Int, onRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> Application<RouterResponder<BasicRequestContext>>
    {
        var logger = Logger(label: "enkat-serve")
        logger.logLevel = .warning
        return Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname(EnkatServerInfo.host, port: port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Serves until Ctrl+C (SIGINT) or SIGTERM, or until the task is cancelled. Throws
    /// `PortInUse` when another program listens on `port`.
    public func run(port: Int, onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        do {
            try await application(port: port, onRunning: onRunning).runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw PortInUse(port: port)
        }
    }

    /// The routes.
    ///
    /// Every `GET` route also answers `HEAD`: the same status and headers, no body.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: LoopbackGuard())
        let handlers = Handlers(server: self)
        router.get("/") { request, _ in await handlers.form(request) }
        router.post("/spara") { request, context in try await handlers.save(request, context: context) }
        router.get("/status") { _, _ in await handlers.status() }
        router.get("/status.json") { _, _ in await handlers.statusJSON() }
        router.get("/utskrift") { _, _ in await handlers.printView() }
        router.get("/formular.css") { _, _ in Page.asset(templates.style, type: "text/css; charset=utf-8") }
        router.get("/formular.js") { _, _ in Page.asset(templates.script, type: "text/javascript; charset=utf-8") }
        return router
    }
}

/// Refuses requests whose `Host` is not the loopback address (a page on another site that
/// resolves its own name to 127.0.0.1, "DNS rebinding", cannot read the form), and posts
/// whose `Origin` is another site.
struct LoopbackGuard: RouterMiddleware {
    typealias Context = BasicRequestContext

    static func isLoopback(host authority: String?) -> Bool {
        guard let authority, !authority.isEmpty else { return false }
        var host = authority
        if host.hasPrefix("[") {
            host = String(host.dropFirst().prefix { $0 != "]" })
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        return ["127.0.0.1", "localhost", "::1"].contains(host.lowercased())
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.isLoopback(host: request.head.authority) else {
            return Page.text("Formuläret svarar bara på http://127.0.0.1.\n", status: .forbidden)
        }
        if request.method == .post, let origin = request.headers[.origin], origin != "null" {
            let authority = origin.components(separatedBy: "://").last ?? origin
            guard Self.isLoopback(host: authority) else {
                return Page.text("Formuläret tar bara emot svar från sin egen sida.\n", status: .forbidden)
            }
        }
        return try await next(request, context)
    }
}

/// Building responses.
enum Page {
    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = security
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func text(_ text: String, status: HTTPResponse.Status = .ok, type: String = "text/plain; charset=utf-8") -> Response {
        var headers = security
        headers[.contentType] = type
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func asset(_ text: String, type: String) -> Response {
        Page.text(text, type: type)
    }

    static func redirect(_ location: String) -> Response {
        var headers = security
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    /// No inline script or style, nothing from elsewhere, no framing, and never cached: every
    /// load of the form shows the file as it is now.
    static var security: HTTPFields {
        [
            .contentSecurityPolicy:
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            .cacheControl: "no-store",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
        ]
    }
}
