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
            var command = try quickParse(Array(CommandLine.arguments.dropFirst())) ?? parseAsRoot()
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

extension Enkat {
    /// A plain call of the command that an editor or the form runs for every save, read
    /// without ArgumentParser: `enkat --version`, and `enkat check` with nothing but
    /// `--surveys`, `--lang`, `--format` and paths. Anything else is `nil`, and the full parse
    /// gives the output, usage lines and exit codes it always gives.
    ///
    /// ArgumentParser costs more than checking a small response: before it looks at the
    /// arguments it reflects over every level of the command tree and over two pseudo-commands
    /// for `--generate-completion-script`, and each first reflection of a type searches all
    /// the program's protocol conformances (about 5 700 in the static build). Tests keep this
    /// reading equal to ArgumentParser's for the calls it accepts (QuickParseTests).
    static func quickParse(_ arguments: [String]) -> (any ParsableCommand)? {
        if arguments == ["--version"] { return PrintVersion() }
        guard arguments.first == Check._commandName else { return nil }
        var surveys: String?
        var lang = Language.sv
        var format = OutputFormat.text
        var paths: [String] = []
        var rest = arguments.dropFirst()[...]
        var seen = Set<String>()
        while let argument = rest.popFirst() {
            if argument == "--" {
                paths += rest
                break
            }
            guard argument.hasPrefix("-") else {
                paths.append(argument)
                continue
            }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else if let next = rest.first, !next.hasPrefix("-") {
                value = rest.removeFirst()
            }
            // A repeated option or an empty value: left to ArgumentParser's rules.
            guard let value, !value.isEmpty, seen.insert(name).inserted else { return nil }
            switch name {
            case "--surveys": surveys = value
            case "--lang": guard let language = Language(rawValue: value) else { return nil }; lang = language
            case "--format": guard let chosen = OutputFormat(rawValue: value) else { return nil }; format = chosen
            default: return nil
            }
        }
        guard !paths.isEmpty else { return nil }
        var common = CommonOptions()
        common.surveys = surveys
        common.lang = lang
        var output = DiagnosticOutput()
        output.common = common
        output.format = format
        var check = Check()
        check.output = output
        check.paths = paths
        guard (try? check.validate()) != nil else { return nil }
        return check
    }

    /// `enkat --version`, as ArgumentParser prints it.
    struct PrintVersion: ParsableCommand {
        func run() {
            Output.print(Enkat.configuration.version + "\n")
        }
    }
}

/// Options every command that reads definitions shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Mappen med enkätdefinitioner och register (standard: surveys/ här eller ovanför).")
    var surveys: String?

    @Option(name: .long, help: "Språk för meddelanden: sv eller en.")
    var lang: Language = .sv

    /// The survey `id` names in `catalog`, or a usage error listing the known ones.
    func survey(_ id: String, in catalog: SurveyCatalog) throws -> Survey {
        guard let survey = catalog.surveys[id] else {
            let known = catalog.surveys.keys.sorted().joined(separator: ", ")
            throw UsageError(
                LocalizedText(sv: "okänd enkät `\(id)`; kända enkäter: \(known)", en: "unknown survey `\(id)`; known surveys: \(known)"),
                lang)
        }
        return survey
    }

    /// The files named by `paths` (folders expanded), or a usage error naming the path that
    /// cannot be read.
    func files(_ paths: [String]) throws -> [String] {
        do {
            return try CheckRun.expand(paths)
        } catch {
            throw UsageError(LocalizedText(sv: "\(error.path): \(error.message.sv)", en: "\(error.path): \(error.message.en)"), lang)
        }
    }

    /// The catalog for an existing `file` (a response, a table), or a usage error when the
    /// file does not exist or no survey folder can be found.
    func catalog(forExisting file: String) throws -> SurveyCatalog {
        guard FileManager.default.fileExists(atPath: file) else {
            throw UsageError(LocalizedText(sv: "\(file): filen finns inte", en: "\(file): no such file"), lang)
        }
        return try catalog(near: [file])
    }

    /// The survey catalog, or a usage error when no folder can be found. Only `enkat lint`
    /// prints the catalog's warnings; other commands read it without the slowest of them.
    /// With `responses`, only the definitions those response files need are read
    /// (`SurveyCatalog.init(directory:forResponses:nameFormWarnings:)`). Definitions read
    /// before come from the user's cache (`DefinitionCache.standard`).
    func catalog(near paths: [String], warnings: Bool = false, forResponses responses: [String]? = nil) throws -> SurveyCatalog {
        guard let directory = SurveyCatalog.locate(explicit: surveys, near: paths) else {
            throw UsageError(LocalizedText(
                sv: "hittar ingen mapp surveys/ här eller ovanför; ange den med --surveys MAPP",
                en: "no surveys/ folder here or above; name it with --surveys FOLDER"), lang)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError(LocalizedText(sv: "mappen \(directory) finns inte", en: "the folder \(directory) does not exist"), lang)
        }
        if let responses {
            return SurveyCatalog(directory: directory, forResponses: responses, nameFormWarnings: warnings, cache: .standard)
        }
        return SurveyCatalog(directory: directory, nameFormWarnings: warnings, cache: .standard)
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

/// write(2); at file level, where `Output.write` does not hide it.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafePointer<UInt8>, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

enum Output {
    static let isTerminal = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func print(_ text: String) {
        write(text, to: STDOUT_FILENO)
    }

    static func error(_ text: String) {
        write("enkat: " + text + (text.hasSuffix("\n") ? "" : "\n"), to: STDERR_FILENO)
    }

    /// Writes the text's UTF-8 straight from the string: `FileHandle.write(Data(text.utf8))`
    /// costs a quarter of a million instructions the first time (Data's generic initializer
    /// and the casts it tries), a tenth of `enkat --version`.
    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            guard var next = bytes.baseAddress else { return }
            var left = bytes.count
            while left > 0 {
                let written = systemWrite(descriptor, next, left)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                next += written
                left -= written
            }
        }
    }
}
