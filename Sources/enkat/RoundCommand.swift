import ArgumentParser
import Dispatch
import EnkatCore
import Foundation

/// A survey round as `enkat round` and `enkat serve --round` use it: `RoundSetup` and
/// `RoundServer` (EnkatServer), plugged in by `enkat-serve`, so that `enkat` links neither
/// SQLite, bcrypt nor Hummingbird.
package protocol RoundServing: Sendable {
    /// Creates a round in `directory`; the links in the order of `respondents`.
    static func create(directory: String, survey: Survey, respondents: [Respondent], password: String) throws -> [RoundLink]
    /// New links for `respondent`, or for everyone; the old ones stop working.
    static func reissue(directory: String, respondent: String?) throws -> [RoundLink]
    /// Serves the round until Ctrl+C or SIGTERM; throws `PortInUseError` when the port is taken.
    static func serve(
        directory: String, catalog: SurveyCatalog, templatesDirectory: String, host: String, port: Int,
        tls: (certificate: String, key: String)?, onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws
}

/// A respondent's link: `RESPONDENT-ID /svar/TOKEN`.
package struct RoundLink: Sendable {
    package var respondent: String
    package var path: String
    package init(respondent: String, path: String) {
        self.respondent = respondent
        self.path = path
    }
}

/// Why a round cannot be created, read or served, in the user's language.
package struct RoundFailure: Error {
    package var message: LocalizedText
    package init(message: LocalizedText) { self.message = message }
}

/// The round implementation; nil in `enkat`, which hands over to `enkat-serve`. Set once,
/// before the command line is parsed.
enum RoundProgram {
    nonisolated(unsafe) static var server: (any RoundServing.Type)?

    /// Runs `body` with the implementation, or replaces this process with `enkat-serve`.
    static func with(_ language: Language, _ body: (any RoundServing.Type) throws -> Void) throws {
        guard let server else { try ServeProgram.exec(language: language) }
        do {
            try body(server)
        } catch let failure as RoundFailure {
            throw UsageError(failure.message, language)
        }
    }
}

/// `enkat round`: survey rounds with a personal link per respondent.
struct Round: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "round",
        abstract: "Skapa en enkätomgång med en personlig länk per svarande, och ge nya länkar.",
        discussion: """
            En omgång är en mapp: round.sqlite (länkarnas och lösenordets hashar, inloggningar, vem som har skickat in, \
            händelseloggen) och responses/SVARANDE.yaml (svaren, som `enkat new` skriver dem). \
            Servera den med `enkat serve --round MAPP`.
            """,
        subcommands: [RoundNew.self, RoundLinks.self])
}

/// `enkat round new DIR --survey ID --respondents all|ID,ID… --admin-password-file FILE`.
struct RoundNew: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Skapa en omgång: ett tomt svar och en hemlig länk per svarande.",
        discussion: """
            Skriver en rad per svarande på standard ut: `SVARANDE /svar/TOKEN`. Länkarna visas bara nu (bara deras \
            hashar sparas); en förlorad länk ersätts med `enkat round links MAPP --respondent SVARANDE`. \
            Lösenordet för /admin/ läses från filen (första raden, minst 12 tecken) och sparas bara som bcrypt-hash. \
            En befintlig mapp med innehåll skrivs aldrig över.
            """)

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Enkätens id, t.ex. socialstyrelsen-kommun-2025.")
    var survey: String

    @Option(name: .long, help: "all (alla svarande av enkätens slag i registret) eller id:n med komma emellan.")
    var respondents: String

    @Option(name: .long, help: "Filen med lösenordet för /admin/ (första raden).")
    var adminPasswordFile: String

    @Argument(help: "Mappen för omgången (skapas; får inte redan innehålla något).")
    var directory: String

    func run() throws {
        let lang = common.lang
        let catalog = try common.catalog(near: [])
        let definition = try common.survey(survey, in: catalog)
        let chosen = try Self.respondents(respondents, survey: definition, registry: catalog.registries[definition.registry], lang)
        let password = try Self.password(adminPasswordFile, lang)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
            !isDirectory.boolValue || !((try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty ?? false)
        {
            throw UsageError(
                LocalizedText(
                    sv:
                        "\(directory) finns redan och skrivs inte över; välj en ny mapp (nya länkar i en befintlig omgång: `enkat round links \(directory)`)",
                    en:
                        "\(directory) already exists and is not overwritten; choose a new folder (new links for an existing round: `enkat round links \(directory)`)"
                ),
                lang)
        }
        try RoundProgram.with(lang) { server in
            let links = try server.create(directory: directory, survey: definition, respondents: chosen, password: password)
            Output.print(links.map { "\($0.respondent) \($0.path)\n" }.joined())
            Output.error(
                lang == .sv
                    ? "skapade omgången \(directory) för \(definition.id) med \(links.count) svarande. Länkarna ovan visas bara nu: skicka var och en till sin svarande. Starta med `enkat serve --round \(directory)`."
                    : "created the round \(directory) for \(definition.id) with \(links.count) respondents. The links above are shown only now: send each to its respondent. Start it with `enkat serve --round \(directory)`."
            )
        }
    }

    /// The respondents named by `all` or a comma-separated list, each of the survey's kind.
    static func respondents(_ text: String, survey: Survey, registry: Registry?, _ lang: Language) throws -> [Respondent] {
        guard let registry else {
            throw UsageError(
                LocalizedText(
                    sv: "enkätens register `\(survey.registry)` finns inte", en: "the survey's registry `\(survey.registry)` does not exist"
                ),
                lang)
        }
        let ofKind = registry.respondents(ofKind: survey.respondentKind)
        if text.trimmingCharacters(in: .whitespaces) == "all" { return ofKind }
        var chosen: [Respondent] = []
        for raw in text.split(separator: ",") {
            let id = raw.trimmingCharacters(in: .whitespaces)
            guard let respondent = registry.respondent(id), respondent.kind == survey.respondentKind else {
                let known = ofKind.map(\.id).joined(separator: ", ")
                throw UsageError(
                    LocalizedText(
                        sv: "`\(id)` är ingen svarande för \(survey.id); välj bland: \(known), eller ange --respondents all",
                        en: "`\(id)` is no respondent of \(survey.id); choose among: \(known), or give --respondents all"),
                    lang)
            }
            if !chosen.contains(where: { $0.id == respondent.id }) { chosen.append(respondent) }
        }
        guard !chosen.isEmpty else {
            throw UsageError(LocalizedText(sv: "ange minst en svarande, eller all", en: "name at least one respondent, or all"), lang)
        }
        return chosen
    }

    /// The first line of the password file: 12 to 72 bytes (bcrypt reads at most 72).
    static func password(_ file: String, _ lang: Language) throws -> String {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw UsageError(
                LocalizedText(
                    sv: "lösenordsfilen \(file) kan inte läsas; skapa den med t.ex. `openssl rand -base64 24 > \(file)`",
                    en: "the password file \(file) cannot be read; create it with e.g. `openssl rand -base64 24 > \(file)`"),
                lang)
        }
        let password = String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
            .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        guard password.count >= 12, password.utf8.count <= 72 else {
            throw UsageError(
                LocalizedText(
                    sv: "lösenordet i \(file) ska ha 12–72 tecken på första raden; skapa ett med t.ex. `openssl rand -base64 24 > \(file)`",
                    en:
                        "the password in \(file) must be 12–72 characters on its first line; make one with e.g. `openssl rand -base64 24 > \(file)`"
                ),
                lang)
        }
        return password
    }
}

/// `enkat round links DIR [--respondent ID]`: new links (the old ones stop working).
struct RoundLinks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "links",
        abstract: "Ge nya länkar till en omgång: de gamla slutar gälla.",
        discussion: "Skriver `SVARANDE /svar/TOKEN` per rad. Utan --respondent får alla svarande nya länkar.")

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Bara den här svarande (t.ex. falun).")
    var respondent: String?

    @Argument(help: "Omgångens mapp.")
    var directory: String

    func run() throws {
        let lang = common.lang
        guard FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("round.sqlite")) else {
            throw UsageError(
                LocalizedText(
                    sv:
                        "\(directory) är ingen omgång (round.sqlite saknas); skapa en med `enkat round new \(directory) --survey ENKÄT --respondents all --admin-password-file FIL`",
                    en:
                        "\(directory) is not a round (no round.sqlite); create one with `enkat round new \(directory) --survey SURVEY --respondents all --admin-password-file FILE`"
                ),
                lang)
        }
        try RoundProgram.with(lang) { server in
            let links = try server.reissue(directory: directory, respondent: respondent)
            Output.print(links.map { "\($0.respondent) \($0.path)\n" }.joined())
            Output.error(
                lang == .sv
                    ? "\(links.count) \(links.count == 1 ? "ny länk" : "nya länkar"); de tidigare slutar gälla nu."
                    : "\(links.count) new \(links.count == 1 ? "link" : "links"); the previous ones stop working now.")
        }
    }
}

/// `enkat serve --round DIR [--listen ADDR] [--tls-cert F --tls-key F]`.
struct RoundServeOptions: ParsableArguments {
    @Option(name: .long, help: "Servera en hel omgång (mappen från `enkat round new`) i stället för en fil.")
    var round: String?

    @Option(name: .long, help: "Adressen att lyssna på med --round (standard 127.0.0.1; 0.0.0.0 för alla).")
    var listen: String = "127.0.0.1"

    @Option(name: .long, help: "TLS-certifikatkedja (PEM) med --round.")
    var tlsCert: String?

    @Option(name: .long, help: "TLS-nyckel (PEM) med --round.")
    var tlsKey: String?

    /// Checks the options that belong to `--round`.
    func validate(file: String?, survey: String?, language: Language) throws {
        let sv = language == .sv
        guard let round else {
            if file == nil {
                throw ValidationError(
                    sv ? "ange svarsfilen, eller --round MAPP för en omgång" : "name the response file, or --round DIR for a round")
            }
            if tlsCert != nil || tlsKey != nil || listen != "127.0.0.1" {
                throw ValidationError(
                    sv
                        ? "--listen, --tls-cert och --tls-key gäller bara med --round"
                        : "--listen, --tls-cert and --tls-key apply only with --round")
            }
            return
        }
        if file != nil || survey != nil {
            throw ValidationError(
                sv
                    ? "--round serverar omgångens egna filer; ange ingen svarsfil eller --survey"
                    : "--round serves the round's own files; give no response file or --survey")
        }
        if (tlsCert == nil) != (tlsKey == nil) {
            throw ValidationError(sv ? "--tls-cert och --tls-key anges tillsammans" : "--tls-cert and --tls-key go together")
        }
        for path in [tlsCert, tlsKey].compactMap({ $0 }) where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError(sv ? "\(path) finns inte" : "\(path) does not exist")
        }
        if !FileManager.default.fileExists(atPath: (round as NSString).appendingPathComponent("round.sqlite")) {
            throw ValidationError(
                sv
                    ? "\(round) är ingen omgång (round.sqlite saknas); skapa en med `enkat round new`"
                    : "\(round) is not a round (no round.sqlite); create one with `enkat round new`")
        }
        guard !listen.isEmpty else { throw ValidationError(sv ? "--listen ska vara en adress" : "--listen must be an address") }
    }

    /// Serves the round (in `enkat-serve`) until Ctrl+C.
    func run(common: CommonOptions, port: Int, templates: String?) throws {
        guard let round else { return }
        let lang = common.lang
        let sv = lang == .sv
        try RoundProgram.with(lang) { server in
            let catalog = try common.catalog(near: [round])
            guard let templatesDirectory = templates ?? ReportTemplates.locate(near: [(round as NSString).appendingPathComponent("round.sqlite")]) else {
                throw UsageError(
                    LocalizedText(
                        sv: "hittar inte mallarna (templates/) här eller ovanför; ange mappen med --templates MAPP",
                        en: "cannot find the templates (templates/) here or above; name the folder with --templates DIR"), lang)
            }
            let loopback = ["127.0.0.1", "::1", "localhost"].contains(listen)
            let tls = tlsCert.flatMap { cert in tlsKey.map { (certificate: cert, key: $0) } }
            if !loopback && tls == nil {
                Output.error(
                    sv
                        ? "varning: --listen \(listen) utan TLS. Lösenord, länkar och svar går okrypterade över nätet om inte en omvänd proxy med TLS står framför (se README)."
                        : "warning: --listen \(listen) without TLS. Passwords, links and answers cross the network unencrypted unless a TLS reverse proxy stands in front (see README)."
                )
            }
            let listen = self.listen
            let scheme = tls == nil ? "http" : "https"
            let stopped = waitForServer {
                try await server.serve(
                    directory: round, catalog: catalog, templatesDirectory: templatesDirectory, host: listen, port: port, tls: tls
                ) { actual in
                    let host = listen.contains(":") ? "[\(listen)]" : listen
                    Output.print(
                        sv
                            ? "Omgången \(round) finns på \(scheme)://\(host):\(actual)/ — svarande öppnar sina länkar /svar/…, RSS loggar in på /admin/logga-in. Avsluta med Ctrl+C.\n"
                            : "The round \(round) is at \(scheme)://\(host):\(actual)/ — respondents open their links /svar/…, RSS logs in at /admin/logga-in. Stop with Ctrl+C.\n"
                    )
                }
            }
            if let error = stopped {
                if error is PortInUseError {
                    throw UsageError(
                        LocalizedText(
                            sv: "porten \(port) används redan av ett annat program; välj en annan med --port",
                            en: "port \(port) is already in use; choose another with --port"),
                        lang)
                }
                if let failure = error as? RoundFailure { throw UsageError(failure.message, lang) }
                throw UsageError(LocalizedText(sv: "servern stannade: \(error)", en: "the server stopped: \(error)"), lang)
            }
        }
    }
}
