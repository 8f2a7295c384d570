import Foundation
import Testing

/// Programs the browser tests need, found on `PATH`.
enum Tools {
    static func find(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    static let node = find(["node", "nodejs"])
    static let python = find(["python3"])
    static let chromium: String? = {
        if let named = ProcessInfo.processInfo.environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: named) {
            return named
        }
        return find(["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"])
    }()

    /// Runs a program to its end without blocking a Swift concurrency thread; returns its
    /// exit status and standard output.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> (
        status: Int32, output: String
    ) {
        let outputFile = NSTemporaryDirectory() + "enkat-tool-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: outputFile, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputFile) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = handle
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try handle.close()
        return (status, try String(contentsOfFile: outputFile, encoding: .utf8))
    }
}

/// Whether the tests run in CI (`CI=true`), where `scripts/test` has installed every tool: a
/// missing tool there fails the test instead of skipping it.
enum CI {
    static let active: Bool = ["true", "1"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "")

    /// Records a failure when a tool the test needs is missing in CI; outside CI the test was
    /// skipped (with the reason) before it got here.
    static func require(_ missing: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        try #require(
            missing.isEmpty, "CI=true and \(missing.joined(separator: ", ")) missing: scripts/install-deps --tests installs it",
            sourceLocation: sourceLocation)
    }
}

/// `scripts/check-a11y.py`: axe-core in headless Chromium and the Nu HTML checker.
enum A11y {
    static let script = Repo.root.appendingPathComponent("scripts/check-a11y.py").path

    /// The tools the checker lacks (chromium, chromedriver, selenium, axe, java, vnu; or
    /// python3 itself), as `check-a11y.py --tools` says.
    static let missing: [String] = {
        guard let python = Tools.python else { return ["python3"] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--tools"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return ["python3"] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return json?["missing"] as? [String] ?? ["check-a11y.py --tools said nothing usable"]
    }()

    /// Run the test: everything is there, or in CI (where a missing tool fails it).
    static var runs: Bool { missing.isEmpty || CI.active }

    static var skipReason: Comment {
        Comment(
            rawValue:
                "not installed: \(missing.joined(separator: ", ")) (scripts/install-deps --tests); axe-core and the Nu HTML checker did not run")
    }

    /// What the checkers found on one target.
    struct Findings {
        var target: String
        /// "rule (impact): help: selector", one per failing element.
        var axe: [String]
        /// "line:column: message".
        var nu: [String]
    }

    /// Runs both checkers on `targets` (files, URLs, `POST:URL?fields`); the findings per
    /// target, or a recorded issue when the checker itself failed.
    static func check(_ targets: [String]) async throws -> [Findings] {
        let python = try #require(Tools.python)
        let (status, output) = try await Tools.run(python, [script] + targets, environment: Tools.chromium.map { ["CHROMIUM": $0] } ?? [:])
        #expect(status == 0 || status == 1, "check-a11y.py exited \(status): \(output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "check-a11y.py said: \(output)")
        let results = try #require(json["targets"] as? [[String: Any]])
        return results.map { result in
            let axe = (result["axe"] as? [[String: Any]] ?? []).flatMap { violation in
                (violation["nodes"] as? [[String: Any]] ?? []).map { node in
                    "\(violation["id"] ?? "?") (\(violation["impact"] ?? "?")): \(violation["help"] ?? ""): \(node["target"] ?? "")"
                }
            }
            let nu = (result["nu"] as? [[String: Any]] ?? []).map { "\($0["line"] ?? 0):\($0["column"] ?? 0): \($0["message"] ?? "")" }
            return Findings(target: result["target"] as? String ?? "?", axe: axe, nu: nu)
        }
    }
}

extension Tag {
    /// Tests that start Chromium, Java or node; `scripts/test-fast` reports them skipped.
    @Tag static var slow: Self
}

extension Trait where Self == ConditionTrait {
    /// A slow test or suite: reported as skipped under `ENKAT_TESTS=fast` (`scripts/test-fast`).
    static var slowTier: Self {
        .enabled(if: ProcessInfo.processInfo.environment["ENKAT_TESTS"] != "fast", "a slow test: scripts/test-fast skips it, scripts/test runs it")
    }
}
