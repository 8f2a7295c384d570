import Foundation

/// How a program that ran to its end exited, and what it printed.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` with `arguments` to its end. Standard error is read on another thread
/// while standard output is read here, so a program that writes much to both cannot block on
/// a full pipe.
func runCommand(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                environment: [String: String]? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    nonisolated(unsafe) var errors = Data()
    let readErrors = DispatchGroup()
    DispatchQueue.global().async(group: readErrors) { errors = err.fileHandleForReading.readDataToEndOfFile() }
    let output = out.fileHandleForReading.readDataToEndOfFile()
    readErrors.wait()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                         stderr: String(decoding: errors, as: UTF8.self))
}

/// Runs a command found on PATH (through `/usr/bin/env`).
func runCommand(_ arguments: [String]) throws -> CommandResult {
    try runCommand("/usr/bin/env", arguments)
}

/// Whether a command runs and exits 0 (for tests that need python3 with a module, or soffice).
func commandWorks(_ arguments: [String]) -> Bool {
    (try? runCommand(arguments).status) == 0
}
