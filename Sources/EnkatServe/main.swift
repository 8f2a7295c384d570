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

EnkatProgram.main(formServer: WebForm.self)
