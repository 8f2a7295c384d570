import Foundation
import Testing

/// The command-line runner shared by the CLI tests.
typealias TableRun = EnkatRun

@Suite("The enkat import table and export table commands", .tags(.slow), .slowTier)
struct TableCommandTests {
    static let surveys = packageRoot.appendingPathComponent("surveys").path
    static let kommuner = packageRoot.appendingPathComponent("responses/socialstyrelsen-kommun-2025").path

    @Test("export warns that the file is not anonymized, import reads it back, nothing is overwritten")
    func exportThenImport() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let export = try TableRun(
            ["export", "table", "--surveys", Self.surveys, "--survey", "socialstyrelsen-kommun-2025", Self.kommuner, "-o", "alla.xlsx"],
            in: folder)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stderr.contains("EJ ANONYMISERAD"))
        #expect(export.stdout.hasPrefix("Skrev alla.xlsx: 14 svar, 27 kolumner"))

        let again = try TableRun(["export", "table", "--surveys", Self.surveys, Self.kommuner, "-o", "alla.xlsx"], in: folder)
        #expect(again.status == 2)
        #expect(again.stderr.contains("alla.xlsx finns redan och skrivs inte över"))

        let imported = try TableRun(
            ["import", "table", "--surveys", Self.surveys, "alla.xlsx", "--survey", "socialstyrelsen-kommun-2025", "--out", "ut"],
            in: folder)
        #expect(imported.status == 0, "\(imported.stdout)")
        #expect(imported.stdout.contains("alla.xlsx: Excel-arbetsbok, bladet ”Svar” (blad 1 av 2)."))
        #expect(imported.stdout.contains("14 rader med svar lästa; 14 svarsfiler skrevs till ut/."))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("ut").path)
        #expect(files.count == 14)

        let twice = try TableRun(
            ["import", "table", "--surveys", Self.surveys, "alla.xlsx", "--survey", "socialstyrelsen-kommun-2025", "--out", "ut"],
            in: folder)
        #expect(twice.status == 1)
        #expect(
            twice.stdout.contains(
                "alla.xlsx:rad 3: fel: ut/avesta.yaml finns redan och skrivs inte över (använd --force för att ersätta den) [file-exists]"))
        #expect(twice.stdout.contains("Inget skrevs: 14 problem måste rättas först"))

        let check = try TableRun(["check", "--surveys", Self.surveys, "ut"], in: folder)
        #expect(check.stdout.hasSuffix("14 filer kontrollerade: 0 fel, 2 varningar, 0 noteringar\n"))
    }

    @Test("export refuses responses with errors and writes nothing")
    func exportRefuses() throws {
        let folder = try fixtureFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try response("  okat: vetej\n").write(to: folder.appendingPathComponent("svar.yaml"), atomically: true, encoding: .utf8)
        let run = try TableRun(["export", "table", "--survey", "test-enkat", "svar.yaml", "-o", "alla.csv"], in: folder)
        #expect(run.status == 1)
        #expect(run.stdout.contains("svar.yaml:6:9: fel: fråga okat har inget alternativ `vetej`"))
        #expect(run.stderr.contains("exporterar inte"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("alla.csv").path))
    }

    @Test("import with unmatched respondents exits 1 and writes nothing; an unknown survey is a usage error")
    func importRefuses() throws {
        let folder = try fixtureFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "Kommun;1;3\nFalun;nej;inga\nGöteborg;nej;inga\n".write(
            to: folder.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        let run = try TableRun(["import", "table", "t.csv", "--survey", "test-enkat", "-o", "ut"], in: folder)
        #expect(run.status == 1)
        #expect(run.stdout.contains("t.csv:rad 3, A3: fel: ”Göteborg” finns inte i registret `test`"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("ut").path))
        let unknown = try TableRun(["import", "table", "t.csv", "--survey", "nej", "-o", "ut"], in: folder)
        #expect(unknown.status == 2)
    }
}
