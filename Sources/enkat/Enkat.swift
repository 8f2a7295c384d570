import ArgumentParser
import EnkatCore
import Foundation

/// The program's entry point, shared by `enkat` (Sources/EnkatMain) and `enkat-serve`
/// (Sources/EnkatServe), which differ only in what `enkat serve` does (see `Serve`).
package enum EnkatProgram {
    /// Runs the command line. `formServer` is the web form's server, given by `enkat-serve`;
    /// without it `enkat serve` hands over to `enkat-serve`.
    package static func main(formServer: (any FormServing.Type)? = nil, roundServer: (any RoundServing.Type)? = nil) {
        Serve.formServer = formServer
        RoundProgram.server = roundServer
        Enkat.main()
    }
}

struct Enkat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enkat",
        abstract: "Enkäter för God och nära vård: kontrollera, skriv och sammanställ svar.",
        discussion: """
            Enkätdefinitioner läses från surveys/ (eller --surveys MAPP). Svar på svenska som standard; --lang en för engelska.
            Slutkoder: 0 inga fel, 1 fel i indata, 2 felaktigt anrop.
            """,
        version: "0.1.0",
        subcommands: [Lint.self, Check.self, Status.self, New.self, Compile.self, Import.self, Export.self, Serve.self, Round.self]
    )

    /// Runs the command and maps every outcome to enkat's exit codes: 0 no errors, 1 errors
    /// in the inputs, 2 usage errors.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                self.exit(withError: error)
            }
            var message = fullMessage(for: error)
            if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
            if !message.isEmpty { Output.error(message) }
            Foundation.exit(code == .success ? 0 : 2)
        }
    }
}

/// Options every command that reads definitions shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Mappen med enkätdefinitioner och register (standard: surveys/ här eller ovanför).")
    var surveys: String?

    @Option(name: .long, help: "Språk för meddelanden: sv eller en.")
    var lang: Language = .sv

    /// The files named by `paths` (folders expanded), or a usage error naming the path that
    /// cannot be read.
    func files(_ paths: [String]) throws -> [String] {
        do {
            return try CheckRun.expand(paths)
        } catch {
            throw UsageError(LocalizedText(sv: "\(error.path): \(error.message.sv)", en: "\(error.path): \(error.message.en)"), lang)
        }
    }

    /// The survey catalog, or a usage error when no folder can be found. Only `enkat lint`
    /// prints the catalog's warnings; other commands read it without the slowest of them.
    func catalog(near paths: [String], warnings: Bool = false) throws -> SurveyCatalog {
        guard let directory = SurveyCatalog.locate(explicit: surveys, near: paths) else {
            throw UsageError(LocalizedText(
                sv: "hittar ingen mapp surveys/ här eller ovanför; ange den med --surveys MAPP",
                en: "no surveys/ folder here or above; name it with --surveys FOLDER"), lang)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError(LocalizedText(sv: "mappen \(directory) finns inte", en: "the folder \(directory) does not exist"), lang)
        }
        return SurveyCatalog(directory: directory, nameFormWarnings: warnings)
    }
}

extension Language: ExpressibleByArgument {}

/// A usage error: printed in the user's language, exit code 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    init(_ text: LocalizedText, _ language: Language) {
        message = text(language)
    }
    var description: String { message }
}

enum Output {
    static let isTerminal = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("enkat: " + text + (text.hasSuffix("\n") ? "" : "\n")).utf8))
    }
}
