import EnkatCLI
import EnkatCore
import EnkatServer

// `enkat-serve`: the commands of `enkat` with the web form's server plugged into `enkat serve`.
// `enkat serve` replaces itself with this program, given the same arguments.

/// `FormServer` as `enkat serve` uses it.
struct WebForm: FormServing {
    let server: FormServer

    static var host: String { EnkatServerInfo.host }

    static func locateTemplates(near file: String) -> String? {
        FormServer.locateTemplates(near: file)
    }

    static func open(file: String, catalog: SurveyCatalog, templatesDirectory: String) throws -> WebForm {
        do {
            return WebForm(server: try FormServer(file: file, catalog: catalog, templatesDirectory: templatesDirectory))
        } catch {
            throw FormOpenError(diagnostics: error.diagnostics)
        }
    }

    var backupDirectory: String { server.backupDirectory }

    func run(port: Int, onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        do {
            try await server.run(port: port, onRunning: onRunning)
        } catch let error as FormServer.PortInUse {
            throw PortInUseError(port: error.port)
        }
    }
}

/// `RoundSetup` and `RoundServer` as `enkat round` and `enkat serve --round` use them.
struct WebRound: RoundServing {
    static func create(directory: String, survey: Survey, respondents: [Respondent], password: String) throws -> [RoundLink] {
        do {
            return try RoundSetup.create(directory: directory, survey: survey, respondents: respondents, password: password)
                .map { RoundLink(respondent: $0.respondent, path: $0.path) }
        } catch {
            throw RoundFailure(message: error.message)
        }
    }

    static func reissue(directory: String, respondent: String?) throws -> [RoundLink] {
        do {
            return try RoundSetup.reissue(directory: directory, respondent: respondent)
                .map { RoundLink(respondent: $0.respondent, path: $0.path) }
        } catch {
            throw RoundFailure(message: error.message)
        }
    }

    static func serve(
        directory: String, catalog: SurveyCatalog, templatesDirectory: String, host: String, port: Int,
        tls: (certificate: String, key: String)?, onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let server: RoundServer
        do {
            server = try RoundServer(directory: directory, catalog: catalog, templatesDirectory: templatesDirectory)
        } catch {
            throw RoundFailure(message: error.message)
        }
        do {
            try await server.run(host: host, port: port, tlsFiles: tls, onRunning: onRunning)
        } catch let error as FormServer.PortInUse {
            throw PortInUseError(port: error.port)
        } catch let error as RoundSetup.Failure {
            throw RoundFailure(message: error.message)
        }
    }
}

EnkatProgram.main(formServer: WebForm.self, roundServer: WebRound.self)
