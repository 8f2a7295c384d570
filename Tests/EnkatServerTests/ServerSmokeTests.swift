import EnkatCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EnkatServer

@Suite("The web form server")
struct ServerSmokeTests {
    @Test("it serves on loopback only: the address is fixed, no API takes a host")
    func loopback() throws {
        #expect(EnkatServerInfo.host == "127.0.0.1")
        let fixture = try Fixture()
        defer { fixture.remove() }
        #expect(fixture.server.application(port: 8080).configuration.address == .hostname("127.0.0.1", port: 8080))
        #expect(fixture.server.application(port: 0).configuration.address == .hostname("127.0.0.1", port: 0))
    }

    @Test("a live server listens on 127.0.0.1 and answers over TCP")
    func live() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = fixture.server.application(port: 0) { continuation.yield($0) }
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { task.cancel() }
        var ports = stream.makeAsyncIterator()
        let port = try #require(await ports.next())
        let page = try await RawHTTP.get(port: port, host: "127.0.0.1:\(port)")
        #expect(page.status == 200)
        #expect(page.body.contains("Slutredovisning av regionens arbete"))
        // A name other than the loopback's (as DNS rebinding would send) is refused.
        let refused = try await RawHTTP.get(port: port, host: "evil.example:\(port)")
        #expect(refused.status == 403)
    }

    @Test("a port another server listens on is reported as PortInUse (errno EADDRINUSE), not as text")
    func busyPort() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let first = fixture.server.application(port: 0) { continuation.yield($0) }
        let task = Task { try await first.runService(gracefulShutdownSignals: []) }
        defer { task.cancel() }
        var ports = stream.makeAsyncIterator()
        let port = try #require(await ports.next())
        await #expect(throws: FormServer.PortInUse.self) {
            try await fixture.server.run(port: port) { _ in }
        }
    }

    @Test(
        "Host names: only the loopback's",
        arguments: [
            ("127.0.0.1:8080", true), ("localhost:8080", true), ("[::1]:8080", true), ("127.0.0.1", true),
            ("evil.example:8080", false), ("127.0.0.1.evil.example", false), ("", false),
        ])
    func hostNames(host: String, allowed: Bool) {
        #expect(LoopbackGuard.isLoopback(host: host) == allowed)
    }

    @Test("a post from another site is refused before anything is read")
    func foreignOrigin() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let before = try fixture.contents()
        let status = try await fixture.test { client in
            let (_, page, _) = try await client.get("/")
            return try await client.post(
                "/spara", [("token", try HTML.token(page)), ("respondent", "region-dalarna"), ("q.3", "x")],
                headers: [.origin: "https://evil.example"]
            ).0
        }
        #expect(status == .forbidden)
        #expect(try fixture.contents() == before)
    }

    @Test("pages forbid inline script, framing and caching")
    func securityHeaders() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let (_, _, headers) = try await fixture.test { try await $0.get("/") }
        #expect(headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
        #expect(headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
        #expect(headers[.cacheControl] == "no-store")
    }

    @Test("/status shows enkat status for the file, /status.json its JSON")
    func status() async throws {
        let fixture = try Fixture(
            text: """
                survey: slutredovisning-region-2022
                respondent: region-dalarna
                answers:
                  3: Ett svar.

                """)
        defer { fixture.remove() }
        let (html, json) = try await fixture.test { client in
            (try await client.get("/status").1, try await client.get("/status.json").1)
        }
        #expect(html.contains("<h1>Status för svaret</h1>"))
        #expect(html.contains("Inte klart än."))
        #expect(
            html.contains(
                "<a href=\"/#fraga-3\">3</a></th><td><span class=\"state\">besvarad</span></td><td>9 av 3\u{00A0}000 tecken (2\u{00A0}991 kvar)</td>"
            ))
        #expect(html.contains("<span class=\"state\">saknas</span>"))
        #expect(html.contains("besvarad     9 av 3000 tecken (2991 kvar)"), "the terminal report is included")
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["survey"] as? String == "slutredovisning-region-2022")
    }

    @Test("/utskrift looks like the form's printout: questions, marked options, answers in boxes, the instruction and the count")
    func printView() async throws {
        let fixture = try Fixture(
            text: """
                survey: slutredovisning-region-2022
                respondent: region-dalarna
                answers:
                  1: { value: ja, comment: En kommentar. }
                  3: |
                    Första raden.
                    Andra raden.
                  17c: 79,5

                """)
        defer { fixture.remove() }
        let (status, html, _) = try await fixture.test { try await $0.get("/utskrift") }
        #expect(status == .ok)
        #expect(html.contains("UTKAST – inte inskickat"))
        #expect(
            html.contains(
                "<li class=\"checked\"><span class=\"mark\" aria-hidden=\"true\">◉</span> Ja<span class=\"visually-hidden\"> (valt)</span></li>"
            ))
        #expect(html.contains("<span class=\"mark\" aria-hidden=\"true\">○</span> Ja, men arbete pågår med att revidera målbilden"))
        #expect(html.contains("<div class=\"box\">Första raden.\nAndra raden.</div>"))
        #expect(html.contains("Beskriv med max 3000 tecken."))
        #expect(html.contains("26 av 3\u{00A0}000 tecken"))
        #expect(html.contains("Andel i procent: <span class=\"box\">79,5</span>"))
        #expect(html.contains("<p class=\"sub-label\">Lämna gärna en kommentar</p>"))
    }

    @Test("a file that is not a response cannot be served; the reasons are located")
    func startErrors() throws {
        let directory = NSTemporaryDirectory() + "enkat-start-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/trasig.yaml"
        try "survey: slutredovisning-region-2022\nanswers: [\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect {
            try FormServer(file: file, catalog: Repo.catalog, templatesDirectory: Repo.templates)
        } throws: { error in
            (error as? FormServer.StartError)?.diagnostics.first?.code == .yamlSyntax
        }
        #expect(throws: FormServer.StartError.self) {
            try FormServer(file: directory + "/saknas.yaml", catalog: Repo.catalog, templatesDirectory: Repo.templates)
        }
        // A broken template is reported with its place.
        let templates = directory + "/templates"
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Repo.templates) where name.hasPrefix("form") {
            try FileManager.default.copyItem(atPath: Repo.templates + "/" + name, toPath: templates + "/" + name)
        }
        try "<p>{{#sections}}</p>\n".write(toFile: templates + "/form-status.mustache", atomically: true, encoding: .utf8)
        let good = directory + "/svar.yaml"
        try "survey: slutredovisning-region-2022\nrespondent: region-dalarna\nanswers:\n".write(
            toFile: good, atomically: true, encoding: .utf8)
        #expect {
            try FormServer(file: good, catalog: Repo.catalog, templatesDirectory: templates)
        } throws: { error in
            (error as? FormServer.StartError)?.diagnostics.first?.file.hasSuffix("form-status.mustache") == true
        }
    }

    @Test("when the file breaks while served, the page says so and offers nothing to overwrite it with")
    func fileBreaksWhileServed() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try "survey: [\n".write(toFile: fixture.file, atomically: true, encoding: .utf8)
        let (status, html, _) = try await fixture.test { try await $0.get("/") }
        #expect(status == .conflict)
        #expect(html.contains("Svarsfilen kan inte visas som formulär just nu"))
        #expect(!html.contains("<form"))
    }
}

@Suite("Version tokens and form bodies")
struct TokenAndBodyTests {
    @Test(
        "SHA-256 matches the standard's test vectors",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func sha256(input: String, digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }

    @Test("a million a's")
    func sha256Long() {
        #expect(
            SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("urlencoded bodies: plus signs, percent bytes, UTF-8, repeated names, broken escapes")
    func submission() {
        let body = "q.3=R%C3%A4tt+svar%0D%0Arad+2&q.team=a&q.team=b&tom=&bara&trasig=%E2%28&procent=100%25&halv=%4"
        let form = FormSubmission(urlEncoded: Array(body.utf8))
        #expect(form.first("q.3") == "Rätt svar\r\nrad 2")
        #expect(form.all("q.team") == ["a", "b"])
        #expect(form.first("tom") == "")
        #expect(form.first("bara") == "")
        #expect(form.first("trasig") == "\u{FFFD}(")
        #expect(form.first("procent") == "100%")
        #expect(form.first("halv") == "%4")
        #expect(form.first("saknas") == nil)
    }
}

/// A minimal HTTP/1.1 GET over a socket, to send any `Host` header.
enum RawHTTP {
    struct Failure: Error { var what: String }

    static func get(port: Int, host: String, path: String = "/") async throws -> (status: Int, body: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try blockingGet(port: port, host: host, path: path) })
            }.start()
        }
    }

    private static func blockingGet(port: Int, host: String, path: String) throws -> (status: Int, body: String) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(what: "socket") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(what: "connect") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            response += buffer[0..<count]
        }
        let text = String(decoding: response, as: UTF8.self)
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return (status, body)
    }
}
