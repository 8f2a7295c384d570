import Foundation

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
