import Foundation
import Testing
import ZIPFoundation

@testable import EnkatCore

// Golden files: what the `enkat` commands write for the shipped sample surveys, checked in
// under Golden/Files/ and compared byte for byte. They pin the outputs while the code behind
// them is reorganised (issue 12); a change to an output shows up as a failing test here and,
// once re-recorded on purpose with `scripts/record-golden`, as a diff that is reviewed like
// code. See Golden/README.md.
//
// Every case runs the built binary, as a user would, in a temporary project folder that holds
// copies of surveys/, templates/ and the survey's sample responses, so that every path an
// output mentions is relative to that folder and the same on every machine.
//
// Zip packages (.docx, .xlsx) are compared by their parts, unpacked, and by the order of their
// entries: the compressed bytes depend on the zlib version, the parts must not.
//
// What is recorded per case, under Golden/Files/:
//   compile/<survey>/      `enkat compile` of the survey's sample responses: .md, .html, .csv,
//                          .json, the audit (granskning-EJ-FOR-PUBLICERING.md), the .docx's
//                          parts (…docx-parts/) and its entry order (…docx-entries.txt)
//   new/<survey>/          `enkat new --survey <survey> --respondent <id>`
//   table/<survey>/        `enkat export table` to .csv and .xlsx (parts and entry order), and
//                          `enkat import table` of each of those exports (the files written)
//   print-text/            a printout-shaped text of the sample region response (made by
//                          `Printout` below; the only real printout, seed 004, names real people
//                          and is never committed) and `enkat import print-text` of it
//
// Only files are recorded, not what the commands print: the messages are expected to change
// (issue 12, step 3: codes that mean one thing, typed errors), the files are not.

/// Whether this run writes the golden files instead of comparing (`ENKAT_RECORD_GOLDEN=1`).
private let recording = ProcessInfo.processInfo.environment["ENKAT_RECORD_GOLDEN"] == "1"

/// Golden/Files/, beside this source file.
private let goldenRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Files")

/// The four sample surveys, the `enkat compile` arguments a user gives for each (as the README
/// says: the default run is the kommun survey; the region's slutredovisning has one respondent
/// and needs `--min-count 1`; the systemledning surveys are chosen with `--survey`), and a
/// respondent of the survey's kind for `enkat new` (one that has not answered where there is one).
struct GoldenSurvey: Sendable, CustomTestStringConvertible {
    var id: String
    var compileArguments: [String]
    var newRespondent: String
    var testDescription: String { id }

    static let all: [GoldenSurvey] = [
        GoldenSurvey(id: "socialstyrelsen-kommun-2025", compileArguments: ["compile"], newRespondent: "orsa"),
        GoldenSurvey(id: "slutredovisning-region-2022",
                     compileArguments: ["compile", "--survey", "slutredovisning-region-2022", "--min-count", "1"],
                     newRespondent: "region-dalarna"),
        GoldenSurvey(id: "skora-aldre-nulage-2025", compileArguments: ["compile", "--survey", "skora-aldre-nulage-2025"],
                     newRespondent: "sl-falun"),
        GoldenSurvey(id: "sjalvskattning-2025", compileArguments: ["compile", "--survey", "sjalvskattning-2025"],
                     newRespondent: "sl-borlange"),
    ]
}

@Suite("Golden files: the outputs of the sample surveys, byte for byte", .tags(.slow), .slowTier)
struct GoldenFileTests {
    @Test("enkat compile: md, html, docx parts, csv, json and the audit; compiling twice gives identical bytes",
          arguments: GoldenSurvey.all)
    func compile(_ survey: GoldenSurvey) throws {
        let project = try GoldenProject(responses: survey.id)
        defer { project.remove() }
        try project.run(survey.compileArguments)
        try project.run(survey.compileArguments + ["--out", "build-again"])
        let build = project.folder.appendingPathComponent("build")
        let names = try FileManager.default.contentsOfDirectory(atPath: build.path).sorted()
        let base = "delrapport-\(survey.id)"
        #expect(names == ["csv", "docx", "granskning-EJ-FOR-PUBLICERING.md", "html", "json", "md", "riskko-EJ-FOR-PUBLICERING.json"].map { "\(base).\($0)" }.sorted())
        for name in names {
            let first = try Data(contentsOf: build.appendingPathComponent(name))
            let again = try Data(contentsOf: project.folder.appendingPathComponent("build-again/\(name)"))
            #expect(first == again, "compiling twice gave different bytes in \(name)")
        }
        let staged = try project.stage()
        for name in names where !name.hasSuffix(".docx") {
            try FileManager.default.copyItem(at: build.appendingPathComponent(name), to: staged.appendingPathComponent(name))
        }
        try unzip(build.appendingPathComponent("\(base).docx"), into: staged, as: "\(base).docx")
        try GoldenTree.check(staged, against: "compile/\(survey.id)")
    }

    @Test("enkat new: the blank response of each survey", arguments: GoldenSurvey.all)
    func new(_ survey: GoldenSurvey) throws {
        let project = try GoldenProject(responses: nil)
        defer { project.remove() }
        try project.run(["new", "--survey", survey.id, "--respondent", survey.newRespondent])
        let staged = try project.stage()
        try FileManager.default.copyItem(
            at: project.folder.appendingPathComponent("responses/\(survey.id)/\(survey.newRespondent).yaml"),
            to: staged.appendingPathComponent("\(survey.newRespondent).yaml"))
        try GoldenTree.check(staged, against: "new/\(survey.id)")
    }

    @Test("enkat export table to CSV and XLSX, and enkat import table of both exports", arguments: GoldenSurvey.all)
    func table(_ survey: GoldenSurvey) throws {
        let project = try GoldenProject(responses: survey.id)
        defer { project.remove() }
        let staged = try project.stage()
        for format in ["csv", "xlsx"] {
            let export = "build/alla-svar.\(format)"
            try project.run(["export", "table", "--survey", survey.id, "-o", export])
            // Import exits 1 when a written response has errors; the files are still written.
            try project.run(["import", "table", export, "--survey", survey.id, "--out", "import-\(format)"], allowing: [0, 1])
            let exported = project.folder.appendingPathComponent(export)
            if format == "csv" {
                try FileManager.default.copyItem(at: exported, to: staged.appendingPathComponent("alla-svar.csv"))
            } else {
                try unzip(exported, into: staged, as: "alla-svar.xlsx")
            }
            try FileManager.default.copyItem(at: project.folder.appendingPathComponent("import-\(format)"),
                                             to: staged.appendingPathComponent("import-\(format)"))
        }
        try GoldenTree.check(staged, against: "table/\(survey.id)")
    }

    @Test("enkat import print-text of a printout made from the sample region response")
    func printText() throws {
        let survey = "slutredovisning-region-2022"
        let project = try GoldenProject(responses: survey)
        defer { project.remove() }
        let printout = try Printout.make(survey: survey, response: "responses/\(survey)/region-dalarna.yaml", in: project.folder)
        try printout.write(to: project.folder.appendingPathComponent("utskrift-2022.txt"), atomically: true, encoding: .utf8)
        try project.run(["import", "print-text", "utskrift-2022.txt", "--survey", survey, "-o", "region-dalarna.yaml"])
        let staged = try project.stage()
        for name in ["utskrift-2022.txt", "region-dalarna.yaml"] {
            try FileManager.default.copyItem(at: project.folder.appendingPathComponent(name), to: staged.appendingPathComponent(name))
        }
        try GoldenTree.check(staged, against: "print-text")
    }

    @Test("a changed output fails, naming the file and the first differing line")
    func reportsTheFirstDifference() throws {
        let golden = Data("rad ett\nrad två\nrad tre\n".utf8)
        #expect(GoldenTree.difference(Data("rad ett\nrad 2\nrad tre\n".utf8), golden, name: "x.md")
            == "x.md differs from its golden file at line 2:\n  golden: rad två\n  now:    rad 2")
        #expect(GoldenTree.difference(Data("rad ett\nrad två\n".utf8), golden, name: "x.md")
            == "x.md differs from its golden file at line 3:\n  golden: rad tre\n  now:    (end of file)")
        #expect(GoldenTree.difference(golden + Data("\n".utf8), golden, name: "x.md")
            == "x.md differs from its golden file at line 4:\n  golden: (end of file)\n  now:    ")
        #expect(GoldenTree.difference(Data("rad ett\r\nrad två\nrad tre".utf8), golden, name: "x.md")
            == "x.md differs from its golden file at line 1:\n  golden: rad ett\n  now:    rad ett\\r")
        #expect(GoldenTree.difference(golden, golden, name: "x.md") == nil)
    }
}

// MARK: - Running enkat in a temporary project

/// A temporary project folder with copies of surveys/, templates/ and one survey's sample
/// responses, and a staging folder beside it where a case lays out what it records.
private struct GoldenProject {
    let root: URL
    var folder: URL { root.appendingPathComponent("project") }

    init(responses survey: String?) throws {
        let manager = FileManager.default
        root = manager.temporaryDirectory.appendingPathComponent("enkat-golden-\(UUID().uuidString)")
        try manager.createDirectory(at: root.appendingPathComponent("project/responses"), withIntermediateDirectories: true)
        for name in ["surveys", "templates"] {
            try manager.copyItem(at: packageRoot.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        if let survey {
            try manager.copyItem(at: packageRoot.appendingPathComponent("responses/\(survey)"),
                                 to: folder.appendingPathComponent("responses/\(survey)"))
        }
    }

    /// Runs `enkat` in the project folder; an exit status not in `allowing` fails the test.
    func run(_ arguments: [String], allowing statuses: Set<Int32> = [0]) throws {
        let run = try EnkatRun(arguments, in: folder)
        try #require(statuses.contains(run.status), "enkat \(arguments.joined(separator: " ")) exited \(run.status):\n\(run.stdout)\(run.stderr)")
    }

    /// An empty folder for the files the case records.
    func stage() throws -> URL {
        let staged = root.appendingPathComponent("staged")
        try FileManager.default.createDirectory(at: staged, withIntermediateDirectories: true)
        return staged
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// Unpacks the zip package at `url` into `<name>-parts/` in `folder`, and writes the order of
/// its entries to `<name>-entries.txt`.
private func unzip(_ url: URL, into folder: URL, as name: String) throws {
    let archive = try Archive(url: url, accessMode: .read)
    let parts = folder.appendingPathComponent("\(name)-parts")
    var order = ""
    for entry in archive {
        var bytes = Data()
        _ = try archive.extract(entry, skipCRC32: false) { bytes.append($0) }
        let target = parts.appendingPathComponent(entry.path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: target)
        order += entry.path + "\n"
    }
    try Data(order.utf8).write(to: folder.appendingPathComponent("\(name)-entries.txt"))
}

// MARK: - Comparing with, or recording, the golden files

private enum GoldenTree {
    /// Compares every file under `staged` with the golden files under `Files/<path>/`, both
    /// ways (a missing or an extra file fails too); when recording, replaces them instead.
    static func check(_ staged: URL, against path: String) throws {
        let golden = goldenRoot.appendingPathComponent(path)
        if recording {
            try? FileManager.default.removeItem(at: golden)
            try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: staged, to: golden)
            return
        }
        let now = try files(under: staged)
        let recorded = (try? files(under: golden)) ?? []
        let hint = "(if the change is intended, run scripts/record-golden and review the diff)"
        for name in recorded.subtracting(now).sorted() {
            Issue.record("Golden/Files/\(path)/\(name) is no longer written \(hint)")
        }
        for name in now.subtracting(recorded).sorted() {
            Issue.record("\(name) is written but has no golden file Golden/Files/\(path)/\(name) \(hint)")
        }
        for name in now.intersection(recorded).sorted() {
            let data = try Data(contentsOf: staged.appendingPathComponent(name))
            let expected = try Data(contentsOf: golden.appendingPathComponent(name))
            if let difference = difference(data, expected, name: "Golden/Files/\(path)/\(name)") {
                Issue.record("\(difference)\n\(hint)")
            }
        }
    }

    /// The paths of the regular files under `folder`, relative to it.
    static func files(under folder: URL) throws -> Set<String> {
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: folder.path) else { return [] }
        var result: Set<String> = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: folder.appendingPathComponent(relative).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result.insert(relative)
            }
        }
        return result
    }

    /// Nil when the bytes are equal; otherwise which line (1-based) differs first, with both
    /// versions of it (a carriage return shown as `\r`, a missing final line break said).
    static func difference(_ now: Data, _ golden: Data, name: String) -> String? {
        guard now != golden else { return nil }
        let nowLines = lines(now), goldenLines = lines(golden)
        var index = 0
        while index < nowLines.count, index < goldenLines.count, nowLines[index] == goldenLines[index] { index += 1 }
        func show(_ lines: [Data]) -> String {
            guard index < lines.count else { return "(end of file)" }
            var line = lines[index]
            let ended = line.last == 0x0A
            if ended { line.removeLast() }
            var text = String(decoding: line, as: UTF8.self).replacingOccurrences(of: "\r", with: "\\r")
            if text.count > 300 { text = String(text.prefix(300)) + "…" }
            return ended ? text : text + " (no line break at the end)"
        }
        return "\(name) differs from its golden file at line \(index + 1):\n  golden: \(show(goldenLines))\n  now:    \(show(nowLines))"
    }

    /// The lines of `data`, each with its LF.
    static func lines(_ data: Data) -> [Data] {
        var result: [Data] = []
        var start = data.startIndex
        for index in data.indices where data[index] == 0x0A {
            result.append(data[start...index])
            start = index + 1
        }
        if start < data.endIndex { result.append(data[start...]) }
        return result
    }
}

// MARK: - A printout-shaped text

/// The text of a printed web form filled in with one response, in the shape that
/// `PrintTextTests` uses for its invented printouts and that seed 004 has: the title, whom the
/// answers concern, an (invented) contact block, then per section its title and introduction
/// and per question its number and text, help, options (the printout loses which one was
/// checked), "Lämna gärna en kommentar:", follow-up markers ("Ja, beskriv …:"), the numeric
/// field's label with the number, and free texts hard-wrapped at 70 characters; every line
/// followed by an empty line, as text extracted from the printed page is.
private enum Printout {
    static func make(survey surveyID: String, response path: String, in folder: URL) throws -> String {
        let catalog = SurveyCatalog(directory: folder.appendingPathComponent("surveys").path)
        let survey = try #require(catalog.surveys[surveyID])
        let check = ResponseValidator(catalog: catalog).check(file: folder.appendingPathComponent(path).path)
        let response = try #require(check.response)
        let respondent = try #require(catalog.registries[survey.registry]?.match(response.respondent))
        var lines = [
            survey.title,
            "Denna redovisning avser \(respondent.name)",
            "Dina kontaktuppgifter:",
            "Ditt namn: Testa Testsson",
            "Din e-postadress: testa.testsson@example.se",
            " ",
        ]
        for section in survey.sections {
            lines += [section.title, " "]
            if let text = section.text {
                lines += printed(text) + [" "]
            }
            for question in section.questions {
                let answer = response.answers[question.id]
                lines += PrintedText.wrap("\(question.id). \(question.text)", width: 70)
                if let help = question.help { lines += printed(help) }
                lines += fields(question, answer)
                lines.append(" ")
            }
        }
        lines += ["Tack för dina svar!", "Ett svarskvitto har skickats till: testa.testsson@example.se"]
        return lines.map { $0 + "\n" }.joined(separator: "\n")
    }

    private static func fields(_ question: Question, _ answer: Answer?) -> [String] {
        var lines: [String] = []
        for option in question.options {
            if option.details != nil {
                lines.append("\(option.label), \(option.detailsLabel ?? "beskriv"):")
                if answer?.value?.chosenOptions.contains(option.id) == true, let details = answer?.details {
                    lines += [" "] + printed(details)
                }
            } else {
                lines.append(" " + option.label)
            }
        }
        // A numeric field: its sentinels' checkboxes (whose state the printout loses), then
        // the field's label with the number, or blank.
        lines += question.sentinels.map(\.label)
        switch answer?.value {
        case .text(let text)?:
            lines += printed(text)
        case .number(let number)?:
            let written = number == number.rounded() ? String(Int(number)) : String(number).replacingOccurrences(of: ".", with: ",")
            lines.append("\(question.unitLabel ?? "Svar")  \(written)      ")
        default:
            if question.type.isNumeric { lines.append("\(question.unitLabel ?? "Svar")        ") }
        }
        if question.allowsComment {
            lines.append("Lämna gärna en kommentar:")
            if let comment = answer?.comment { lines += printed(comment) }
        }
        return lines
    }

    /// The printed lines of a text, wrapped at 70 characters.
    private static func printed(_ text: String) -> [String] {
        PrintedText.lines(text.trimmingCharacters(in: .newlines), width: 70)
    }
}
