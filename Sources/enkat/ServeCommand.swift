import ArgumentParser
import Dispatch
import EnkatCore
import EnkatServer
import Foundation

/// `enkat serve FILE`: the response as a web form on http://127.0.0.1 (EnkatServer).
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

    @Argument(help: "Svarsfilen, t.ex. responses/slutredovisning-region-2022/region-dalarna.yaml.")
    var file: String

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
    }

    func run() throws {
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
        guard let templatesDirectory = templates ?? FormServer.locateTemplates(near: file) else {
            throw UsageError(
                LocalizedText(
                    sv: "hittar inte formulärets mallar (templates/form.mustache) här eller ovanför; ange mappen med --templates MAPP",
                    en: "cannot find the form's templates (templates/form.mustache) here or above; name the folder with --templates DIR"),
                common.lang)
        }
        let server: FormServer
        do {
            server = try FormServer(file: file, catalog: catalog, templatesDirectory: templatesDirectory)
        } catch {
            Output.error(
                sv
                    ? "\(file) kan inte öppnas i formuläret förrän felen nedan är rättade:"
                    : "\(file) cannot be opened in the form until the errors below are fixed:")
            try report(error.diagnostics, files: 1, format: .text, language: common.lang)
            throw ExitCode(1)
        }
        let lang = common.lang
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await server.run(port: port) { actualPort in
                    let address = "http://\(EnkatServerInfo.host):\(actualPort)/"
                    Output.print(
                        lang == .sv
                            ? "Formuläret finns på \(address) — avsluta med Ctrl+C\nFilen: \(file) (tidigare versioner sparas i \(server.backupDirectory)/)\n"
                            : "The form is at \(address) — stop with Ctrl+C\nFile: \(file) (earlier versions are kept in \(server.backupDirectory)/)\n"
                    )
                }
            } catch {
                outcome.set(error)
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error {
            let text = String(describing: error)
            if text.contains("Address already in use") || text.contains("errno: 98") {
                throw UsageError(
                    LocalizedText(
                        sv:
                            "porten \(port) används redan av ett annat program (kanske ett annat `enkat serve`); välj en annan med --port \(port + 1), eller --port 0 för en ledig",
                        en:
                            "port \(port) is already in use (another `enkat serve`?); choose another with --port \(port + 1), or --port 0 for a free one"
                    ), lang)
            }
            throw UsageError(LocalizedText(sv: "servern stannade: \(text)", en: "the server stopped: \(text)"), lang)
        }
    }
}

/// The server task's error, handed to the waiting main thread.
private final class Outcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var error: Error? { lock.withLock { stored } }
    func set(_ error: Error) { lock.withLock { stored = error } }
}
