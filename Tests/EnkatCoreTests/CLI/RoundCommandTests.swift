import Foundation
import Testing

/// `enkat round new`, `enkat round links` and `enkat serve --round` as a user runs them: the
/// built binary, its output and exit codes. (The round's server itself is tested in
/// EnkatServerTests.)
@Suite("The enkat round commands", .tags(.slow), .slowTier)
struct RoundCommandTests {
    /// A temporary folder with a password file; the round goes to `omgang/` in it.
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enkat-round-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "ett-langt-losenord-123\n".write(to: folder.appendingPathComponent("losen.txt"), atomically: true, encoding: .utf8)
        try "kort\n".write(to: folder.appendingPathComponent("kort.txt"), atomically: true, encoding: .utf8)
        return folder
    }

    static func run(_ arguments: [String]) throws -> EnkatRun {
        setenv("ENKAT_BCRYPT_COST", "4", 1)
        return try EnkatRun(arguments)
    }

    @Test("round new prints one `ID /svar/TOKEN` line per respondent and writes the round; it never overwrites")
    func newAndLinks() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let round = folder.appendingPathComponent("omgang").path
        let password = folder.appendingPathComponent("losen.txt").path
        let new = try Self.run([
            "round", "new", round, "--survey", "socialstyrelsen-kommun-2025", "--respondents", "falun,mora", "--admin-password-file",
            password,
        ])
        #expect(new.status == 0, "\(new.stderr)")
        let lines = new.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        for (line, id) in zip(lines, ["falun", "mora"]) {
            #expect(line.range(of: "^\(id) /svar/[A-Za-z0-9_-]{43}$", options: .regularExpression) != nil, "\(line)")
        }
        #expect(new.stderr.contains("skapade omgången"))
        #expect(FileManager.default.fileExists(atPath: round + "/round.sqlite"))
        #expect(FileManager.default.fileExists(atPath: round + "/responses/falun.yaml"))

        let again = try Self.run([
            "round", "new", round, "--survey", "socialstyrelsen-kommun-2025", "--respondents", "all", "--admin-password-file", password,
        ])
        #expect(again.status == 2)
        #expect(again.stderr.contains("finns redan och skrivs inte över"))

        let links = try Self.run(["round", "links", round, "--respondent", "mora"])
        #expect(links.status == 0)
        let newLine = links.stdout.trimmingCharacters(in: .newlines)
        #expect(newLine.hasPrefix("mora /svar/") && newLine != lines[1])
        #expect(links.stderr.contains("slutar gälla"))

        let unknown = try Self.run(["round", "links", round, "--respondent", "okand"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("är inte med i omgången"))
    }

    @Test(
        "wrong calls are usage errors (exit 2) that say what to do",
        arguments: [
            (
                ["round", "new", "{dir}/x", "--survey", "finns-inte", "--respondents", "all", "--admin-password-file", "{dir}/losen.txt"],
                "okänd enkät"
            ),
            (
                [
                    "round", "new", "{dir}/x", "--survey", "socialstyrelsen-kommun-2025", "--respondents", "stockholm",
                    "--admin-password-file", "{dir}/losen.txt",
                ], "ingen svarande"
            ),
            (
                [
                    "round", "new", "{dir}/x", "--survey", "socialstyrelsen-kommun-2025", "--respondents", "all", "--admin-password-file",
                    "{dir}/kort.txt",
                ], "12–72 tecken"
            ),
            (
                [
                    "round", "new", "{dir}/x", "--survey", "socialstyrelsen-kommun-2025", "--respondents", "all", "--admin-password-file",
                    "{dir}/saknas.txt",
                ], "kan inte läsas"
            ),
            (["round", "links", "{dir}"], "är ingen omgång"),
            (["serve", "--round", "{dir}"], "är ingen omgång"),
            (["serve", "responses/socialstyrelsen-kommun-2025/falun.yaml", "--listen", "0.0.0.0"], "gäller bara med --round"),
            (["serve"], "--round"),
        ])
    func usageErrors(arguments: [String], message: String) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(arguments.map { $0.replacingOccurrences(of: "{dir}", with: folder.path) })
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x").path))
    }

    @Test(
        "serve --round with --tls-cert/--tls-key speaks https: HSTS, and the cookie is Secure",
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")),
        .timeLimit(.minutes(2)))
    func tls() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let round = folder.appendingPathComponent("omgang").path
        let created = try Self.run([
            "round", "new", round, "--survey", "socialstyrelsen-kommun-2025", "--respondents", "falun", "--admin-password-file",
            folder.appendingPathComponent("losen.txt").path,
        ])
        try #require(created.status == 0)
        let cert = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let openssl = try runCommand(
            "/usr/bin/openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"],
            in: folder, environment: ProcessInfo.processInfo.environment)
        try #require(openssl.status == 0)

        let server = Process()
        server.executableURL = URL(fileURLWithPath: EnkatRun.binary)
        server.arguments = ["serve", "--round", round, "--port", "0", "--tls-cert", cert, "--tls-key", key]
        server.currentDirectoryURL = packageRoot
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        let port = try #require(
            text.range(of: "https://127\\.0\\.0\\.1:[0-9]+", options: .regularExpression).map { text[$0].split(separator: ":").last! })
        let curl = try runCommand(
            "/usr/bin/curl", ["-sk", "-D", "-", "-o", "/dev/null", "https://127.0.0.1:\(port)/admin/logga-in"], in: folder,
            environment: ProcessInfo.processInfo.environment)
        #expect(curl.stdout.contains("200"))
        #expect(curl.stdout.lowercased().contains("strict-transport-security: max-age="))
        #expect(curl.stdout.contains("HttpOnly; SameSite=Strict; Secure"))
    }

    @Test("enkat itself links neither SQLite (GRDB), bcrypt nor Hummingbird: enkat-serve does the rounds")
    func staysSmall() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: EnkatRun.binary), options: .alwaysMapped)
        for name in ["GRDB", "HummingbirdBcrypt", "Hummingbird", "NIOPosix"] {
            #expect(data.range(of: Data(name.utf8)) == nil, "\(name) in enkat")
        }
    }
}
