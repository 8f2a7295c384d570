import ArgumentParser
import Dispatch
import EnkatCore
import Foundation

/// The web form's server as `enkat serve` uses it: `FormServer` (EnkatServer), plugged in by
/// `enkat-serve` (Sources/EnkatServe), so that this module does not link Hummingbird and SwiftNIO.
package protocol FormServing: Sendable {
    /// The address the form is served on (the loopback interface).
    static var host: String { get }
    /// The nearest `templates/` folder with the form's templates.
    static func locateTemplates(near file: String) -> String?
    /// Prepares to serve `file`; throws `FormOpenError` when it cannot be opened in the form.
    static func open(file: String, catalog: SurveyCatalog, templatesDirectory: String) throws -> Self
    /// The folder where the previous versions of the file are kept.
    var backupDirectory: String { get }
    /// Serves until Ctrl+C (SIGINT) or SIGTERM; throws `PortInUseError` when the port is taken.
    func run(port: Int, onRunning: @escaping @Sendable (Int) async -> Void) async throws
}

/// Why a file cannot be opened in the form: the errors, located.
package struct FormOpenError: Error {
    package var diagnostics: [Diagnostic]
    package init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}

/// Why the form cannot be served: another program listens on the port asked for.
package struct PortInUseError: Error {
    package var port: Int
    package init(port: Int) { self.port = port }
}

/// `enkat serve FILE`: the response as a web form on http://127.0.0.1 (EnkatServer).
///
/// In `enkat` the command parses and validates its arguments, then replaces the process with
/// `enkat-serve` from the same folder, given the same arguments; `enkat-serve` is these commands
/// with `formServer` set, and serves. The user sees one program: same output, exit codes and
/// process (Ctrl+C reaches the server).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Fyll i ett svar i ett webbformulär på den här datorn.",
        discussion: """
            Öppnar svarsfilen som ett formulär på http://127.0.0.1:PORT/ (bara den här datorn kommer åt det). \
            Spara skriver filen och behåller den förra versionen i .enkat-backup/ bredvid filen. \
            Finns inte filen skapas den med --survey och --respondent (som `enkat new`); en befintlig fil skrivs aldrig över. \
            Avsluta med Ctrl+C.
            """)

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Porten på 127.0.0.1 (0 väljer en ledig).")
    var port: Int = 8080

    @Option(name: .long, help: "Skapa filen för den här enkäten om den inte finns (t.ex. slutredovisning-region-2022).")
    var survey: String?

    @Option(name: .long, help: "Den svarande som filen skapas för (t.ex. region-dalarna).")
    var respondent: String?

    @Option(name: .long, help: "Mappen med formulärets mallar (standard: templates/ här eller ovanför).")
    var templates: String?

    @OptionGroup var roundOptions: RoundServeOptions

    @Argument(help: "Svarsfilen, t.ex. responses/slutredovisning-region-2022/region-dalarna.yaml.")
    var file: String?

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError(common.lang == .sv ? "--port ska vara ett tal 0–65535" : "--port must be a number 0–65535")
        }
        if (survey == nil) != (respondent == nil) {
            throw ValidationError(
                common.lang == .sv
                    ? "--survey och --respondent anges tillsammans"
                    : "--survey and --respondent go together")
        }
        try roundOptions.validate(file: file, survey: survey, language: common.lang)
    }

    /// The web form's server; nil in `enkat`, which hands over to `enkat-serve`. Set once, before
    /// the command line is parsed.
    nonisolated(unsafe) static var formServer: (any FormServing.Type)?

    func run() throws {
        if roundOptions.round != nil {
            return try roundOptions.run(common: common, port: port, templates: templates)
        }
        guard let formServer = Serve.formServer else {
            try ServeProgram.exec(language: common.lang)
        }
        try run(with: formServer)
    }

    private func run<Server: FormServing>(with formServer: Server.Type) throws {
        guard let file else { throw ValidationError("ange svarsfilen") }  // validate() has made sure
        let sv = common.lang == .sv
        if !FileManager.default.fileExists(atPath: file) {
            guard let survey, let respondent else {
                let known = (try? common.catalog(near: [file]))?.surveys.keys.sorted().joined(separator: ", ")
                throw UsageError(
                    LocalizedText(
                        sv:
                            "\(file) finns inte. Skapa den med `enkat new --survey ENKÄT --respondent SVARANDE -o \(file)`, eller låt enkat serve göra det: `enkat serve \(file) --survey ENKÄT --respondent SVARANDE`"
                            + (known.map { " (enkäter: \($0))" } ?? ""),
                        en:
                            "\(file) does not exist. Create it with `enkat new --survey SURVEY --respondent RESPONDENT -o \(file)`, or let enkat serve do it: `enkat serve \(file) --survey SURVEY --respondent RESPONDENT`"
                            + (known.map { " (surveys: \($0))" } ?? "")),
                    common.lang)
            }
            // Exactly what `enkat new` does (it never overwrites).
            var arguments = ["--survey", survey, "--respondent", respondent, "-o", file, "--lang", common.lang.rawValue]
            if let surveys = common.surveys { arguments += ["--surveys", surveys] }
            let new = try New.parse(arguments)
            try new.run()
        } else if survey != nil {
            Output.error(
                sv
                    ? "\(file) finns redan och öppnas som den är; --survey och --respondent används bara när filen saknas"
                    : "\(file) already exists and is opened as it is; --survey and --respondent only apply when it is missing")
        }
        let catalog = try common.catalog(near: [file])
        guard let templatesDirectory = templates ?? Server.locateTemplates(near: file) else {
            throw UsageError(
                LocalizedText(
                    sv: "hittar inte formulärets mallar (templates/form.mustache) här eller ovanför; ange mappen med --templates MAPP",
                    en: "cannot find the form's templates (templates/form.mustache) here or above; name the folder with --templates DIR"),
                common.lang)
        }
        let server: Server
        do {
            server = try Server.open(file: file, catalog: catalog, templatesDirectory: templatesDirectory)
        } catch let error as FormOpenError {
            Output.error(
                sv
                    ? "\(file) kan inte öppnas i formuläret förrän felen nedan är rättade:"
                    : "\(file) cannot be opened in the form until the errors below are fixed:")
            try report(error.diagnostics, files: 1, format: .text, language: common.lang)
            throw ExitCode(1)
        }
        let lang = common.lang
        let stopped = waitForServer {
            try await server.run(port: port) { actualPort in
                let address = "http://\(Server.host):\(actualPort)/"
                Output.print(
                    lang == .sv
                        ? "Formuläret finns på \(address) — avsluta med Ctrl+C\nFilen: \(file) (tidigare versioner sparas i \(server.backupDirectory)/)\n"
                        : "The form is at \(address) — stop with Ctrl+C\nFile: \(file) (earlier versions are kept in \(server.backupDirectory)/)\n"
                )
            }
        }
        if let error = stopped {
            if error is PortInUseError {
                throw UsageError(
                    LocalizedText(
                        sv:
                            "porten \(port) används redan av ett annat program (kanske ett annat `enkat serve`); välj en annan med --port \(port + 1), eller --port 0 för en ledig",
                        en:
                            "port \(port) is already in use (another `enkat serve`?); choose another with --port \(port + 1), or --port 0 for a free one"
                    ), lang)
            }
            let text = String(describing: error)
            throw UsageError(LocalizedText(sv: "servern stannade: \(text)", en: "the server stopped: \(text)"), lang)
        }
    }
}

/// `enkat-serve`, beside the running program.
enum ServeProgram {
    static let name = "enkat-serve"

    /// Replaces this process with `enkat-serve`, given this process's own arguments (so it
    /// parses exactly what the user typed). Throws a usage error when it cannot be started.
    static func exec(language: Language) throws -> Never {
        let program = location()
        let arguments = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        execv(program, argv)
        let reason = String(cString: strerror(errno))
        throw UsageError(
            LocalizedText(
                sv: "kan inte starta \(program) (\(reason)); det byggs tillsammans med enkat (`swift build`) och ska ligga bredvid det",
                en: "cannot start \(program) (\(reason)); it is built with enkat (`swift build`) and belongs beside it"),
            language)
    }

    /// The path of `enkat-serve` in the folder of the running program (symbolic links resolved).
    static func location() -> String {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 {
            let executable = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return (executable as NSString).deletingLastPathComponent + "/" + name
        }
        #endif
        let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().path ?? CommandLine.arguments[0]
        return (executable as NSString).deletingLastPathComponent + "/" + name
    }
}

/// The server task's error, handed to the waiting main thread.
/// Runs a server on Swift's concurrency pool and waits for it on this thread (the commands are
/// synchronous): the error it stopped with, or `nil` when it stopped on Ctrl+C or SIGTERM.
func waitForServer(_ run: @escaping @Sendable () async throws -> Void) -> Error? {
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    Task {
        do {
            try await run()
        } catch {
            outcome.set(error)
        }
        done.signal()
    }
    done.wait()
    return outcome.error
}

private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var error: Error? { lock.withLock { stored } }
    func set(_ error: Error) { lock.withLock { stored = error } }
}
