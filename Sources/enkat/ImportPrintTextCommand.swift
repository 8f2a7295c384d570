import ArgumentParser

// Placeholder replaced by the command's implementation in this change.
struct ImportPrintText: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(under arbete)")
    func run() throws { throw ExitCode(2) }
}
