import Foundation
import Testing

/// A temporary project folder with copies of the shipped surveys, templates and one
/// survey's sample responses.
func projectCopy(responses survey: String = "socialstyrelsen-kommun-2025") throws -> URL {
    let manager = FileManager.default
    let folder = manager.temporaryDirectory.appendingPathComponent("enkat-compile-\(UUID().uuidString)")
    try manager.createDirectory(at: folder.appendingPathComponent("responses"), withIntermediateDirectories: true)
    for name in ["surveys", "templates"] {
        try manager.copyItem(at: packageRoot.appendingPathComponent(name), to: folder.appendingPathComponent(name))
    }
    try manager.copyItem(at: packageRoot.appendingPathComponent("responses/\(survey)"),
                         to: folder.appendingPathComponent("responses/\(survey)"))
    return folder
}

@Suite("The enkat compile command", .tags(.slow), .slowTier)
struct CompileCommandTests {
    let textFormats = ["--format", "md,csv,json"]

    @Test("with no arguments it compiles the kommun responses into build/, byte-identical twice")
    func defaults() throws {
        let folder = try projectCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try EnkatRun(["compile"] + textFormats, in: folder)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("14 av 15 svarande"))
        let build = folder.appendingPathComponent("build")
        let names = try FileManager.default.contentsOfDirectory(atPath: build.path).sorted()
        #expect(names == ["delrapport-socialstyrelsen-kommun-2025.csv",
                          "delrapport-socialstyrelsen-kommun-2025.granskning-EJ-FOR-PUBLICERING.md",
                          "delrapport-socialstyrelsen-kommun-2025.json",
                          "delrapport-socialstyrelsen-kommun-2025.md",
                          "delrapport-socialstyrelsen-kommun-2025.riskko-EJ-FOR-PUBLICERING.json"])
        let first = try names.map { try Data(contentsOf: build.appendingPathComponent($0)) }
        let again = try EnkatRun(["compile"] + textFormats, in: folder)
        #expect(again.status == 0)
        let second = try names.map { try Data(contentsOf: build.appendingPathComponent($0)) }
        #expect(first == second)
        let csv = try #require(first.first)
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]), "CSV for Swedish Excel starts with a BOM")
    }

    @Test("a set with errors is refused, listing them, and nothing is written")
    func refusesErrors() throws {
        let folder = try projectCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("responses/socialstyrelsen-kommun-2025/falun.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "fast-vardkontakt-okat: vet-ej", with: "fast-vardkontakt-okat: vetej")
            .replacingOccurrences(of: "fast-vardkontakt-okat: ja", with: "fast-vardkontakt-okat: jaa")
            .replacingOccurrences(of: "fast-vardkontakt-okat: nej", with: "fast-vardkontakt-okat: nejj")
            .write(to: file, atomically: true, encoding: .utf8)
        let run = try EnkatRun(["compile"] + textFormats, in: folder)
        #expect(run.status == 1)
        #expect(run.stdout.contains("falun.yaml:"))
        #expect(run.stdout.contains("[unknown-option]"))
        #expect(run.stdout.contains("Ingen rapport skrevs."))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("build").path))
    }

    @Test("a respondent answering twice is refused; a mix of surveys is refused")
    func refusesDuplicatesAndMixes() throws {
        let folder = try projectCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let responses = folder.appendingPathComponent("responses/socialstyrelsen-kommun-2025")
        try FileManager.default.copyItem(at: responses.appendingPathComponent("mora.yaml"), to: responses.appendingPathComponent("mora-igen.yaml"))
        let twice = try EnkatRun(["compile"] + textFormats, in: folder)
        #expect(twice.status == 1)
        #expect(twice.stdout.contains("mora.yaml:1:1: fel: `mora` har redan svarat i responses/socialstyrelsen-kommun-2025/mora-igen.yaml"))
        #expect(twice.stdout.contains("[duplicate-respondent]"))
        try FileManager.default.removeItem(at: responses.appendingPathComponent("mora-igen.yaml"))

        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("responses/skora-aldre-nulage-2025"),
                                         to: folder.appendingPathComponent("responses/skora-aldre-nulage-2025"))
        let mixed = try EnkatRun(["compile"] + textFormats + ["responses/"], in: folder)
        #expect(mixed.status == 1)
        #expect(mixed.stdout.contains("[mixed-surveys]"))
        let chosen = try EnkatRun(["compile"] + textFormats + ["--survey", "skora-aldre-nulage-2025"], in: folder)
        #expect(chosen.status == 0, "\(chosen.stdout)")
        #expect(chosen.stdout.contains("13 av 13 svarande"))
    }

    @Test("the leak check catches a name planted in a template and writes nothing")
    func leakCheck() throws {
        let folder = try projectCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = folder.appendingPathComponent("templates/report.md.mustache")
        let text = try String(contentsOf: template, encoding: .utf8)
        try (text + "\nTack till Faluns kommun för hjälpen.\n").write(to: template, atomically: true, encoding: .utf8)
        let run = try EnkatRun(["compile"] + textFormats, in: folder)
        #expect(run.status == 1)
        #expect(run.stdout.contains("build/delrapport-socialstyrelsen-kommun-2025.md:"))
        #expect(run.stdout.contains("[leak]"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("build").path))
    }

    @Test("a run that fails after other formats were staged leaves last year's report as it was, and no temporary file")
    func failedRunKeepsEarlierOutputs() throws {
        let folder = try projectCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try EnkatRun(["compile"] + textFormats, in: folder)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let build = folder.appendingPathComponent("build")
        let names = try FileManager.default.contentsOfDirectory(atPath: build.path).sorted()
        let before = try names.map { try Data(contentsOf: build.appendingPathComponent($0)) }
        // The Markdown template now names a kommun; the CSV and JSON pass and are staged first.
        let template = folder.appendingPathComponent("templates/report.md.mustache")
        let text = try String(contentsOf: template, encoding: .utf8)
        try (text + "\nTack till Mora kommun.\n").write(to: template, atomically: true, encoding: .utf8)
        let run = try EnkatRun(["compile"] + textFormats, in: folder)
        #expect(run.status == 1)
        #expect(run.stdout.contains("[leak]"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: build.path).sorted() == names)
        #expect(try names.map { try Data(contentsOf: build.appendingPathComponent($0)) } == before)
    }

    @Test("a broken template gives a located error")
    func brokenTemplate() throws {
        let folder = try projectCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = folder.appendingPathComponent("templates/report.md.mustache")
        try "# {{title}}\n\n{{#sections}}\n## {{title}}\n{{/questions}}\n".write(to: template, atomically: true, encoding: .utf8)
        let run = try EnkatRun(["compile"] + textFormats, in: folder)
        #expect(run.status == 1)
        #expect(run.stdout.contains("templates/report.md.mustache:5:"))
        #expect(run.stdout.contains("[template]"))
    }

    @Test("--min-count 1 shows every count; a bad value or format is a usage error")
    func options() throws {
        let folder = try projectCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try EnkatRun(["compile", "--format", "json", "--min-count", "1", "--out", "ut"], in: folder)
        #expect(run.status == 0)
        let json = try String(contentsOf: folder.appendingPathComponent("ut/delrapport-socialstyrelsen-kommun-2025.json"), encoding: .utf8)
        #expect(!json.contains("null"))
        #expect(try EnkatRun(["compile", "--min-count", "0"], in: folder).status == 2)
        #expect(try EnkatRun(["compile", "--format", "pdf"], in: folder).status == 2)
    }
}
