import EnkatCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import Mustache
import NIOCore

/// Serves a whole survey round (`enkat serve --round DIR`): each respondent's form behind a
/// secret link `/svar/TOKEN`, and RSS's pages under `/admin/` behind a password.
///
/// Routes:
/// - `GET /svar/TOKEN` the respondent's form (or, once submitted, the answers read-only);
///   `POST /svar/TOKEN/spara` saves (`action=spara`) or submits (`action=skicka`);
/// - `GET /admin/logga-in`, `POST /admin/logga-in`, `POST /admin/logga-ut`;
/// - `GET /admin/` the progress per respondent; `POST /admin/oppna-igen`, `POST /admin/ny-lank`;
///   `GET /admin/svar.xlsx` every complete answer (EJ ANONYMISERAD); `POST /admin/sammanstall`
///   the delrapport of the submitted answers, `GET /admin/rapport[/FILE]` its files;
///   `GET /admin/handelser` the event log;
/// - `GET /formular.css`, `/formular.js`, `/omgang.css`.
///
/// Every response carries a strict Content-Security-Policy, `nosniff`, `no-referrer` and
/// `no-store`; a wrong or old token is the same 404 as a path that does not exist.
public struct RoundServer: Sendable {
    /// The round folder.
    public let directory: String
    let catalog: SurveyCatalog
    let survey: Survey
    let store: RoundStore
    let templates: RoundTemplates
    let templatesDirectory: String
    let files: [String: RespondentFile]
    let csrfKey: [UInt8]
    let personNames: [String]
    /// Whether session cookies carry `Secure` (everything but plain http on loopback).
    var secureCookies = false
    /// Whether the server speaks TLS itself.
    var tls = false
    /// Attempts allowed per client before 429.
    var limits = RateLimits()

    /// How many failed attempts are allowed, and in what window.
    public struct RateLimits: Sendable {
        /// Failed logins per client address per window.
        public var loginFailures = 5
        /// Failed logins from all clients together per window.
        public var loginFailuresAll = 50
        public var loginWindow: TimeInterval = 15 * 60
        /// Wrong link tokens per client address per window.
        public var tokenMisses = 20
        public var tokenWindow: TimeInterval = 10 * 60
        public init() {}
    }

    /// The certificate chain and private key (PEM files) for built-in TLS, as `enkat serve
    /// --round` names them (`RoundServing.serve`).
    public typealias TLSFiles = (certificate: String, key: String)

    /// How long an admin session lasts.
    static let sessionLifetime: TimeInterval = 8 * 3600

    /// Prepares to serve the round in `directory`.
    public init(directory: String, catalog: SurveyCatalog, templatesDirectory: String) throws(RoundSetup.Failure) {
        self.directory = directory
        self.catalog = catalog
        self.templatesDirectory = templatesDirectory
        store = try RoundSetup.open(directory: directory)
        let surveyID: String
        let respondents: [String]
        do {
            surveyID = try store.surveyID()
            respondents = try store.respondentIDs()
            csrfKey = try store.csrfKey()
        } catch {
            throw RoundSetup.Failure(
                message: LocalizedText(
                    sv: "omgångens databas kan inte läsas: \(error)", en: "the round's database cannot be read: \(error)"))
        }
        guard let survey = catalog.surveys[surveyID] else {
            throw RoundSetup.Failure(
                message: LocalizedText(
                    sv: "omgången gäller enkäten `\(surveyID)`, som inte finns i \(catalog.directory); ange mappen med --surveys MAPP",
                    en: "the round is for survey `\(surveyID)`, which is not in \(catalog.directory); name the folder with --surveys DIR"))
        }
        self.survey = survey
        do {
            templates = try RoundTemplates(directory: templatesDirectory)
        } catch {
            throw RoundSetup.Failure(
                message: LocalizedText(
                    sv: "mallarna i \(templatesDirectory) kan inte läsas: "
                        + error.diagnostics.map { "\($0.file): \($0.message.sv)" }.joined(separator: "; "),
                    en: "the templates in \(templatesDirectory) cannot be read: "
                        + error.diagnostics.map { "\($0.file): \($0.message.en)" }.joined(separator: "; ")))
        }
        var files: [String: RespondentFile] = [:]
        for id in respondents {
            files[id] = RespondentFile(
                respondent: id, file: RoundSetup.responseFile(directory, respondent: id), catalog: catalog, survey: survey,
                store: store)
        }
        self.files = files
        let names = (catalog.directory as NSString).appendingPathComponent("person-names.txt")
        personNames = (try? Anonymizer.loadPersonNames(from: URL(fileURLWithPath: names))) ?? []
    }

    /// The survey the round is for.
    public var surveyID: String { survey.id }

    /// The application, listening on `host` at `port` (0: any free port), with TLS when
    /// `tlsFiles` is given. `onRunning` receives the port once the server listens.
    public func application(
        host: String = EnkatServerInfo.host, port: Int, tlsFiles: TLSFiles? = nil, limits: RateLimits = RateLimits(),
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> Application<RoundResponder> {
        var server = self
        server.tls = tlsFiles != nil
        server.secureCookies = tlsFiles != nil || !LoopbackGuard.isLoopback(host: host)
        server.limits = limits
        var logger = Logger(label: "enkat-serve")
        logger.logLevel = .warning
        let builder: HTTPServerBuilder
        if let tlsFiles {
            let chain = try NIOSSLCertificate.fromPEMFile(tlsFiles.certificate)
            let key = try NIOSSLPrivateKey(file: tlsFiles.key, format: .pem)
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            builder = try .tls(.http1(), tlsConfiguration: configuration)
        } else {
            builder = .http1()
        }
        return Application(
            responder: RoundResponder(router: server.router().buildResponder(), server: server),
            server: builder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Serves until Ctrl+C (SIGINT) or SIGTERM. Throws `FormServer.PortInUse` when the port
    /// is taken.
    public func run(
        host: String, port: Int, tlsFiles: TLSFiles?, onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let lock = try claim()
        defer { close(lock) }
        do {
            try await application(host: host, port: port, tlsFiles: tlsFiles, onRunning: onRunning).runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw FormServer.PortInUse(port: port)
        }
    }

    /// Makes sure only one server serves the round (an exclusive `flock` on `DIR/round.lock`,
    /// released when the process ends, however it ends), then removes temporary files a
    /// killed server left in `responses/` (a save is renamed into place or never happened).
    func claim() throws(RoundSetup.Failure) -> Int32 {
        let path = (directory as NSString).appendingPathComponent("round.lock")
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            if descriptor >= 0 { close(descriptor) }
            throw RoundSetup.Failure(
                message: LocalizedText(
                    sv:
                        "omgången \(directory) serveras redan av ett annat `enkat serve --round`; stoppa det först (två servrar på samma omgång skulle skriva över varandras svar)",
                    en: "the round \(directory) is already served by another `enkat serve --round`; stop it first"))
        }
        let responses = RoundSetup.responsesDirectory(directory)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: responses)) ?? []
        where name.hasPrefix(".") && name.contains(".yaml.tmp-") {
            try? FileManager.default.removeItem(atPath: (responses as NSString).appendingPathComponent(name))
        }
        return descriptor
    }

    /// The routes (the responder around them adds the headers and the 404 page).
    func router() -> Router<RoundContext> {
        let router = Router(context: RoundContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: SameOriginPosts())
        let respondent = RespondentHandlers(server: self)
        let admin = AdminHandlers(server: self)
        router.get("/") { _, _ in self.message(title: "Enkätsvar", ["Öppna enkäten med den personliga länk du har fått."]) }
        router.get("/formular.css") { _, _ in Page.asset(templates.formStyle, type: "text/css; charset=utf-8") }
        router.get("/formular.js") { _, _ in Page.asset(templates.formScript, type: "text/javascript; charset=utf-8") }
        router.get("/omgang.css") { _, _ in Page.asset(templates.roundStyle, type: "text/css; charset=utf-8") }
        router.get("/svar/:token") { request, context in try await respondent.form(request, context: context) }
        router.post("/svar/:token/spara") { request, context in try await respondent.save(request, context: context) }
        router.get("/admin") { request, context in try await admin.progress(request, context: context) }
        router.get("/admin/logga-in") { request, context in try admin.loginForm(request, context: context) }
        router.post("/admin/logga-in") { request, context in try await admin.login(request, context: context) }
        router.post("/admin/logga-ut") { request, context in try await admin.logout(request, context: context) }
        router.post("/admin/oppna-igen") { request, context in try await admin.reopen(request, context: context) }
        router.post("/admin/ny-lank") { request, context in try await admin.reissue(request, context: context) }
        router.get("/admin/svar.xlsx") { request, context in try await admin.export(request, context: context) }
        router.post("/admin/sammanstall") { request, context in try await admin.compile(request, context: context) }
        router.get("/admin/rapport") { request, context in try admin.report(request, context: context) }
        router.get("/admin/rapport/:name") { request, context in try admin.reportFile(request, context: context) }
        router.get("/admin/handelser") { request, context in try admin.events(request, context: context) }
        return router
    }

    // MARK: - Pages every handler uses

    /// A page with a title and a few paragraphs.
    func message(
        title: String, _ paragraphs: [String], status: HTTPResponse.Status = .ok, admin: Bool = false, link: LinkView? = nil
    ) -> Response {
        struct MessagePage {
            var title: String
            var paragraphs: [String]
            var admin: Bool
            var link: LinkView?
        }
        return Page.html(
            templates.render("round-message", MessagePage(title: title, paragraphs: paragraphs, admin: admin, link: link)),
            status: status)
    }

    /// The one "not found" page, for unknown paths and wrong or old tokens alike.
    func notFound() -> Response {
        message(
            title: "Sidan finns inte",
            [
                "Adressen finns inte, eller så gäller länken inte längre.",
                "Har du fått en länk till en enkät: kontrollera att hela länken kom med. Fungerar den ändå inte, be RSS om en ny länk.",
            ], status: .notFound)
    }

    /// 429, with when to try again.
    func tooManyAttempts(retryAfter seconds: Int) -> Response {
        let minutes = max(1, (seconds + 59) / 60)
        var response = message(
            title: "För många försök",
            [
                "Det har gjorts för många misslyckade försök härifrån. Vänta \(minutes) \(minutes == 1 ? "minut" : "minuter") och försök igen."
            ],
            status: .tooManyRequests)
        response.headers[.retryAfter] = String(seconds)
        return response
    }

    /// 403 for a post without a valid CSRF token (or from another site).
    func forbidden(admin: Bool = false) -> Response {
        message(
            title: "Formuläret kunde inte tas emot",
            [
                "Sidan du skickade från var för gammal eller kom från en annan webbplats, så inget sparades.",
                "Ladda om sidan och försök igen.",
            ], status: .forbidden, admin: admin)
    }

    /// The address a client connects from, for rate limits. A connection from loopback with
    /// `X-Forwarded-For` comes through a reverse proxy on this machine: then the client is the
    /// last address the proxy added (one from elsewhere could be forged by anyone).
    static func client(_ request: Request, _ context: RoundContext) -> String {
        client(remote: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: HTTPField.Name("X-Forwarded-For")!])
    }

    static func client(remote: String?, forwardedFor: [String]) -> String {
        guard let remote else { return "okänd" }
        guard ["127.0.0.1", "::1", "::ffff:127.0.0.1"].contains(remote),
            let last = forwardedFor.last?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        else { return remote }
        return last
    }

    /// Whether the browser reached the server over https (itself, or a proxy that says so).
    func isSecure(_ request: Request) -> Bool {
        secureCookies || request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }
}

/// The request context: Hummingbird's, with the client's address (for the rate limits).
public struct RoundContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Answers are small; a form post is far below this.
    public var maxUploadSize: Int { 4 << 20 }
}

/// The router with the round's headers on every response, errors included: a path that
/// does not exist gets the same 404 page as a wrong token, other errors a page without
/// details.
public struct RoundResponder: HTTPResponder {
    public typealias Context = RoundContext
    let router: RouterResponder<RoundContext>
    let server: RoundServer

    public func respond(to request: Request, context: RoundContext) async throws -> Response {
        var response: Response
        do {
            response = try await router.respond(to: request, context: context)
            // The router turns its own errors (no such path, method not allowed) into bare
            // responses: give them the round's pages, the 404 the same as a wrong token's.
            if response.status == .notFound {
                response = server.notFound()
            } else if response.status.code >= 400 && response.headers[.contentType] == nil {
                response = server.message(
                    title: "Begäran kunde inte tas emot", ["Ladda om sidan och försök igen."], status: response.status)
            }
        } catch let error as HTTPError where error.status == .notFound {
            response = server.notFound()
        } catch let error as HTTPError {
            response = server.message(title: "Begäran kunde inte tas emot", ["Ladda om sidan och försök igen."], status: error.status)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(type(of: error))"])
            response = server.message(
                title: "Något gick fel", ["Servern kunde inte svara. Försök igen om en stund; kvarstår felet, kontakta RSS."],
                status: .internalServerError)
        }
        for (name, value) in RoundHeaders.fields(tls: server.tls) {
            response.headers[name] = value
        }
        if request.method == .head { response.body = .init() }
        return response
    }
}

/// The headers on every response of the round server.
enum RoundHeaders {
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static func fields(tls: Bool) -> [(HTTPField.Name, String)] {
        var fields: [(HTTPField.Name, String)] = [
            (.contentSecurityPolicy, contentSecurityPolicy),
            (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
            (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
            (.cacheControl, "no-store"),
            (HTTPField.Name("X-Frame-Options")!, "DENY"),
            (HTTPField.Name("Cross-Origin-Opener-Policy")!, "same-origin"),
        ]
        if tls { fields.append((HTTPField.Name("Strict-Transport-Security")!, "max-age=31536000")) }
        return fields
    }
}

/// Refuses posts whose `Origin` is another site (on top of the CSRF tokens).
struct SameOriginPosts: RouterMiddleware {
    typealias Context = RoundContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .post, let origin = request.headers[.origin], origin != "null" {
            let host = origin.components(separatedBy: "://").last ?? origin
            guard let authority = request.head.authority, host.lowercased() == authority.lowercased() else {
                return Page.text("Formuläret tar bara emot svar från sin egen sida.\n", status: .forbidden)
            }
        }
        return try await next(request, context)
    }
}

/// The round's templates: its own pages (`templates/round-*.mustache`) and the form's
/// partials, so that a question looks exactly as in `enkat serve FILE`.
struct RoundTemplates: Sendable {
    static let pages = [
        "round-form": "round-form.mustache", "round-submitted": "round-submitted.mustache",
        "round-message": "round-message.mustache", "round-login": "round-login.mustache",
        "round-admin": "round-admin.mustache", "round-link": "round-link.mustache",
        "round-report": "round-report.mustache", "round-events": "round-events.mustache",
        "header": "round-header.mustache",
    ]
    static let styleFile = "round-style.mustache"

    let library: MustacheLibrary
    let formStyle: String
    let formScript: String
    let roundStyle: String

    init(directory: String) throws(FormServer.StartError) {
        let form = try FormTemplates(directory: directory)
        let loader = TemplateFolder(directory: directory)
        var library = MustacheLibrary()
        var problems: [Diagnostic] = []
        for (name, file) in Self.pages.merging(FormTemplates.partials, uniquingKeysWith: { a, _ in a }) {
            switch loader.load(file) {
            case .success(let template): library.register(template, named: name)
            case .failure(let diagnostic): problems.append(diagnostic)
            }
        }
        guard problems.isEmpty, let style = try? SourceFile.read(loader.path(Self.styleFile)) else {
            throw FormServer.StartError(
                diagnostics: problems.isEmpty
                    ? [
                        Diagnostic(
                            file: loader.path(Self.styleFile), location: .start, severity: .error, code: .template,
                            message: LocalizedText(sv: "mallen kan inte läsas", en: "the template cannot be read"))
                    ] : problems.sorted(by: Diagnostic.stableOrder))
        }
        self.library = library
        formStyle = form.style
        formScript = form.script
        roundStyle = String(decoding: style, as: UTF8.self)
    }

    /// Renders a page from its values, flattened once (`MustacheValues`).
    func render(_ name: String, _ value: Any) -> String {
        library.render(MustacheValues.flatten(value), withTemplate: name) ?? ""
    }

    /// Renders a page looking every key up by reflection, as swift-mustache does by itself
    /// (for the test that both give the same page).
    func renderReflecting(_ name: String, _ value: Any) -> String {
        library.render(value, withTemplate: name) ?? ""
    }
}
