import Foundation
import Testing

/// Runs the built `enkat` binary and captures what a user would see.
struct EnkatRun {
    let status: Int32
    let stdout: String
    let stderr: String

    /// The `enkat` built next to the test bundle (so `swift test --scratch-path X` runs X's
    /// binary), else the one in `.build/debug/`.
    static let binary: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("enkat").path
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : packageRoot.appendingPathComponent(".build/debug/enkat").path
    }()

    /// Whether the binary is there to run.
    static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// The definitions cache of the binaries the tests run (`DefinitionCache`): this test
    /// process's own, never the user's.
    static let cacheHome = FileManager.default.temporaryDirectory.appendingPathComponent("enkat-test-cache-\(getpid())")

    init(_ arguments: [String], in directory: URL = packageRoot, environment extra: [String: String] = [:]) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["XDG_CACHE_HOME"] = EnkatRun.cacheHome.path
        environment.merge(extra) { $1 }
        let result = try runCommand(EnkatRun.binary, arguments, in: directory, environment: environment)
        status = result.status
        stdout = result.stdout
        stderr = result.stderr
    }
}

/// A temporary folder with the fixture survey in `surveys/`.
func fixtureFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enkat-cli-\(UUID().uuidString)")
    let surveys = folder.appendingPathComponent("surveys")
    try FileManager.default.createDirectory(at: surveys, withIntermediateDirectories: true)
    try fixtureSurvey.write(to: surveys.appendingPathComponent("test-enkat.yaml"), atomically: true, encoding: .utf8)
    try fixtureRegistry.write(to: surveys.appendingPathComponent("registry-test.yaml"), atomically: true, encoding: .utf8)
    return folder
}

@Suite("The enkat command", .tags(.slow), .slowTier)
struct CommandLineTests {
    @Test("check prints file:line:column diagnostics in Swedish and exits 1 on errors")
    func checkText() throws {
        let folder = try fixtureFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try response("  okat: vetej\n  2: 'Ring 070-123 45 67'\n").write(to: folder.appendingPathComponent("svar.yaml"), atomically: true, encoding: .utf8)
        let run = try EnkatRun(["check", "svar.yaml"], in: folder)
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("svar.yaml:7:12: varning: möjligt telefonnummer i svaret på fråga 2; enkäten får inte innehålla uppgifter som kan kopplas till en enskild person. Ta bort eller skriv om det [personal-data]"))
        #expect(lines.contains { $0.hasPrefix("svar.yaml:6:9: fel: fråga okat har inget alternativ `vetej`; menade du `vet-ej`?") && $0.hasSuffix("[unknown-option]") })
        #expect(lines.last == "1 fil kontrollerad: 1 fel, 1 varning, 0 noteringar")
        #expect(!run.stdout.contains("070-123"))
    }

    @Test("a second check reads the definitions from the cache, with the same output; an edited registry is read afresh")
    func checkCached() throws {
        let folder = try fixtureFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = folder.appendingPathComponent("cache")
        let entries = { ((try? FileManager.default.contentsOfDirectory(atPath: cache.path + "/enkat/definitions")) ?? []).filter { $0.hasSuffix(".def") } }
        try response("  okat: vetej\n").write(to: folder.appendingPathComponent("svar.yaml"), atomically: true, encoding: .utf8)
        let uncached = try EnkatRun(["check", "svar.yaml"], in: folder, environment: ["ENKAT_NO_CACHE": "1", "XDG_CACHE_HOME": cache.path])
        #expect(entries().isEmpty)
        let cold = try EnkatRun(["check", "svar.yaml"], in: folder, environment: ["XDG_CACHE_HOME": cache.path])
        #expect(entries().count == 2, "the survey and its registry")
        let warm = try EnkatRun(["check", "svar.yaml"], in: folder, environment: ["XDG_CACHE_HOME": cache.path])
        #expect(uncached.status == 1 && cold.status == 1 && warm.status == 1)
        #expect(cold.stdout == uncached.stdout && warm.stdout == uncached.stdout && warm.stderr == uncached.stderr)
        // The respondent the response names leaves the registry: the next check says so.
        let registry = folder.appendingPathComponent("surveys/registry-test.yaml")
        try fixtureRegistry.replacingOccurrences(of: "id: falun", with: "id: fnlun").write(to: registry, atomically: true, encoding: .utf8)
        let edited = try EnkatRun(["check", "svar.yaml"], in: folder, environment: ["XDG_CACHE_HOME": cache.path])
        #expect(edited.stdout.contains("[unknown-respondent]"))
    }

    @Test("serve on a busy port says so in Swedish, a usage error (exit 2)")
    func serveBusyPort() throws {
        let (descriptor, port) = try listeningSocket()
        defer { close(descriptor) }
        let file = "responses/socialstyrelsen-kommun-2025/avesta.yaml"
        let run = try EnkatRun(["serve", file, "--port", String(port)])
        #expect(run.status == 2)
        #expect(run.stderr.contains("porten \(port) används redan av ett annat program (kanske ett annat `enkat serve`); välj en annan med --port \(port + 1), eller --port 0 för en ledig"))
        #expect(!run.stderr.contains("servern stannade"))
    }

    @Test("--lang en speaks English")
    func english() throws {
        let folder = try fixtureFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try response("  okat: vetej\n").write(to: folder.appendingPathComponent("svar.yaml"), atomically: true, encoding: .utf8)
        let run = try EnkatRun(["check", "--lang", "en", "svar.yaml"], in: folder)
        #expect(run.status == 1)
        #expect(run.stdout.contains("svar.yaml:6:9: error: question okat has no option `vetej`; did you mean `vet-ej`? [unknown-option]"))
        #expect(run.stdout.hasSuffix("1 file checked: 1 error, 0 warnings, 0 notes\n"))
    }

    @Test("--format json is one valid JSON document with the spec's fields")
    func json() throws {
        let folder = try fixtureFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try response("  2: " + String(repeating: "x", count: 60) + "\n").write(to: folder.appendingPathComponent("svar.yaml"), atomically: true, encoding: .utf8)
        let run = try EnkatRun(["check", "--format", "json", "."], in: folder)
        #expect(run.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        let first = try #require(diagnostics.first)
        #expect(first["file"] as? String == "./svar.yaml")  // the surveys/ folder inside "." is not checked as responses
        #expect(first["line"] as? Int == 6)
        #expect(first["column"] as? Int == 6)
        #expect(first["code"] as? String == "too-long")
        #expect(first["question"] as? String == "2")
        #expect(first["measured"] as? Int == 60)
        #expect(first["limit"] as? Int == 50)
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["files": 1, "errors": 1, "warnings": 0, "notes": 0])
    }

    @Test("a clean response exits 0; a missing file and an unknown flag exit 2")
    func exitCodes() throws {
        let folder = try fixtureFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try response("").write(to: folder.appendingPathComponent("svar.yaml"), atomically: true, encoding: .utf8)
        #expect(try EnkatRun(["check", "svar.yaml"], in: folder).status == 0)
        let missing = try EnkatRun(["check", "finns-inte.yaml"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("finns-inte.yaml: filen eller mappen finns inte"))
        #expect(try EnkatRun(["check", "--nope", "svar.yaml"], in: folder).status == 2)
        #expect(try EnkatRun(["check"], in: folder).status == 2)
    }

    @Test("many files and folders in one call, sorted, one summary")
    func manyFiles() throws {
        let folder = try fixtureFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let answers = folder.appendingPathComponent("svar")
        try FileManager.default.createDirectory(at: answers, withIntermediateDirectories: true)
        try response("  7: 9\n").write(to: answers.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        try response("  7: 8\n").write(to: answers.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try response("").write(to: folder.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        let run = try EnkatRun(["check", "svar", "c.yaml"], in: folder)
        let files = run.stdout.split(separator: "\n").compactMap { $0.split(separator: ":").first.map(String.init) }
        #expect(files.prefix(2) == ["svar/a.yaml", "svar/b.yaml"])
        #expect(run.stdout.hasSuffix("3 filer kontrollerade: 2 fel, 0 varningar, 0 noteringar\n"))
    }

    @Test("new writes a blank response, refuses to overwrite it, and check lists what is required")
    func new() throws {
        let folder = try fixtureFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let created = try EnkatRun(["new", "--survey", "test-enkat", "--respondent", "Falu kommun"], in: folder)
        #expect(created.status == 0, "\(created.stderr)")
        let path = folder.appendingPathComponent("responses/test-enkat/falun.yaml")
        let original = try String(contentsOf: path, encoding: .utf8)
        #expect(original.contains("respondent: falun"))
        try (original + "\n").write(to: path, atomically: true, encoding: .utf8)
        let again = try EnkatRun(["new", "--survey", "test-enkat", "--respondent", "falun"], in: folder)
        #expect(again.status == 2)
        #expect(again.stderr.contains("finns redan"))
        #expect(try String(contentsOf: path, encoding: .utf8) == original + "\n")
        let check = try EnkatRun(["check", "responses"], in: folder)
        #expect(check.status == 1)
        #expect(check.stdout.split(separator: "\n").filter { $0.contains("[required]") }.count == 2)
        let status = try EnkatRun(["status", "responses/test-enkat/falun.yaml"], in: folder)
        #expect(status.status == 1)
        #expect(status.stdout.contains("0 av 7 aktuella frågor besvarade; 2 obligatoriska saknas (1, 3)"))
    }

    @Test("lint reports a declared total that does not match its items")
    func lint() throws {
        let folder = try fixtureFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let items = (1...5).map { "      - {id: delmal-\($0), type: scale, text: S, min: 1, max: 5}\n" }.joined()
        let survey = "survey: s\ntitle: S\nregistry: test\nrespondent_kind: kommun\nscore: {questions: [delmal-1, delmal-2, delmal-3, delmal-4, delmal-5], max_total: 20}\nsections:\n  - id: a\n    title: A\n    questions:\n" + items
        try survey.write(to: folder.appendingPathComponent("surveys/s.yaml"), atomically: true, encoding: .utf8)
        let run = try EnkatRun(["lint"], in: folder)
        #expect(run.status == 1)
        #expect(run.stdout.contains("surveys/s.yaml:5:83: fel: `max_total` är 20 poäng, men frågorna delmal-1, delmal-2, delmal-3, delmal-4, delmal-5 ger högst 5 × 5 = 25 poäng; ange `max_total: 25` [score-mismatch]"))
    }

    @Test("lint of one named survey file reads the registry beside it")
    func lintOneFile() throws {
        let folder = try fixtureFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try EnkatRun(["lint", "surveys/test-enkat.yaml"], in: folder)
        #expect(run.status == 0, "\(run.stdout)")
        #expect(!run.stdout.contains("dangling-reference"))
    }

    @Test("the README's example shows the real output of enkat check")
    func readmeExample() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "$ enkat check examples/utkast-med-fel.yaml\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let shown = String(readme[start.upperBound..<end.lowerBound])
        let run = try EnkatRun(["check", "examples/utkast-med-fel.yaml"])
        #expect(run.status == 1)
        #expect(run.stdout == shown)
    }
}

/// A socket listening on 127.0.0.1 at a free port, to make that port busy.
func listeningSocket() throws -> (descriptor: Int32, port: Int) {
    struct SocketFailure: Error { var call: String }
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw SocketFailure(call: "socket") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    guard bound == 0, listen(descriptor, 1) == 0 else {
        close(descriptor)
        throw SocketFailure(call: "bind/listen")
    }
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    guard named == 0 else {
        close(descriptor)
        throw SocketFailure(call: "getsockname")
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}
