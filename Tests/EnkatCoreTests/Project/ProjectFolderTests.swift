import Foundation
import Testing

@testable import EnkatCore

@Suite("Finding surveys/ and templates/: one rule for every command")
struct ProjectFolderTests {
    /// A project folder `p` with `p/surveys/`, `p/templates/report.md.mustache` and a response
    /// deep below it, `p/responses/a/b/c/d/e/f/g/h/i/svar.yaml` (deeper than the old limits of 8).
    private static func project() throws -> URL {
        let root = try temporaryFolder().appendingPathComponent("p")
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("surveys"), withIntermediateDirectories: true)
        try manager.createDirectory(at: root.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try Data().write(to: root.appendingPathComponent("templates/report.md.mustache"))
        let deep = root.appendingPathComponent("responses/a/b/c/d/e/f/g/h/i")
        try manager.createDirectory(at: deep, withIntermediateDirectories: true)
        try Data().write(to: deep.appendingPathComponent("svar.yaml"))
        return root
    }

    @Test("in the current folder: relative; above it: absolute, at any depth")
    func fromTheCurrentFolder() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        #expect(ProjectFolder.locate("surveys", from: root.path) == "surveys")
        let deep = root.appendingPathComponent("responses/a/b/c/d/e/f/g/h/i").path
        #expect(ProjectFolder.locate("surveys", from: deep) == root.appendingPathComponent("surveys").path)
        #expect(
            ProjectFolder.locate("templates", holding: "report.md.mustache", from: deep)
                == root.appendingPathComponent("templates").path)
        #expect(ProjectFolder.locate("templates", holding: "form.mustache", from: deep) == nil)
    }

    @Test("else above the first file named, relative to the current folder when inside it")
    func nearTheFirstFile() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let elsewhere = root.deletingLastPathComponent().path
        let file = root.appendingPathComponent("responses/a/b/c/d/e/f/g/h/i/svar.yaml").path
        #expect(ProjectFolder.locate("surveys", near: [file], from: elsewhere) == "p/surveys")
        #expect(ProjectFolder.locate("surveys", near: ["p/responses/a/b/c/d/e/f/g/h/i/svar.yaml"], from: elsewhere) == "p/surveys")
        #expect(ProjectFolder.locate("surveys", near: [], from: elsewhere) == nil)
    }
}
