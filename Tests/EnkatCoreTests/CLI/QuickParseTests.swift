import ArgumentParser
@testable import EnkatCLI
import EnkatCore
import Testing

/// `Enkat.quickParse` reads the calls it accepts exactly as ArgumentParser does, and leaves
/// every other call to it.
@Suite("Quick parse of plain calls")
struct QuickParseTests {
    /// The fields of a parsed `check`, to compare.
    struct Fields: Equatable {
        var surveys: String?
        var lang: Language
        var format: OutputFormat
        var paths: [String]
        init(_ check: Check) {
            surveys = check.output.common.surveys
            lang = check.output.common.lang
            format = check.output.format
            paths = check.paths
        }
    }

    @Test("plain check calls parse to the same command as ArgumentParser's", arguments: [
        ["check", "a.yaml"],
        ["check", "responses/", "b.yaml"],
        ["check", "--surveys", "defs", "a.yaml"],
        ["check", "--surveys=defs", "a.yaml"],
        ["check", "a.yaml", "--lang", "en"],
        ["check", "--lang=en", "--format", "json", "a.yaml"],
        ["check", "--format=text", "a.yaml", "--surveys", "s"],
        ["check", "--", "-odd-name.yaml"],
        ["check", "a.yaml", "--", "--help"],
    ])
    func sameAsArgumentParser(_ arguments: [String]) throws {
        let quick = try #require(Enkat.quickParse(arguments) as? Check)
        let full = try #require(try Enkat.parseAsRoot(arguments) as? Check)
        #expect(Fields(quick) == Fields(full))
    }

    @Test("help, versions of subcommands, unknown, repeated or invalid options go to ArgumentParser", arguments: [
        ["check"],
        ["check", "--help"],
        ["check", "-h", "a.yaml"],
        ["check", "a.yaml", "--version"],
        ["check", "--generate-completion-script", "bash"],
        ["check", "--lang", "de", "a.yaml"],
        ["check", "--format", "xml", "a.yaml"],
        ["check", "--surveys", "a", "--surveys", "b", "a.yaml"],
        ["check", "--surveys=", "a.yaml"],
        ["check", "--surveys"],
        ["check", "--bogus", "x", "a.yaml"],
        ["check", "-", "a.yaml"],
        ["lint"],
        ["status", "a.yaml"],
        ["--version", "check"],
        [],
    ])
    func othersFallBack(_ arguments: [String]) {
        #expect(Enkat.quickParse(arguments) == nil)
    }

    @Test("--version alone prints what ArgumentParser would")
    func version() throws {
        #expect(Enkat.quickParse(["--version"]) is Enkat.PrintVersion)
        #expect(Enkat.configuration.version == "0.1.0")
    }

    @Test("the quick parse knows every option check has; a new option must be added to it or falls back")
    func knowsEveryOption() {
        let help = Check.helpMessage(columns: 400)
        let options = Set(help.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," })
            .filter { $0.hasPrefix("--") }
            .map { String($0.prefix { $0 != "=" }) })
        #expect(options == ["--surveys", "--lang", "--format", "--help"])
    }
}
