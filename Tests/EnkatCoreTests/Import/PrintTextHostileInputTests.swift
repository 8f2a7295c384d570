import Foundation
import Testing

@testable import EnkatCore

private var survey: Survey { printCatalog.surveys["pt-enkat"]! }

/// One printout of the invented questionnaire (`printSurvey`), double-spaced as text extracted
/// from the web form's printout.
private let onePrintout = printout()

/// The questions `onePrintout` answers: all of them.
private let allQuestions = ["1", "2", "3", "4a", "4b", "4c"]

/// The free text typed for question 3 in `onePrintout`.
private let typedText = "Uppföljningen sker i länets gemensamma forum varje kvartal."

/// The outcome of reading `bytes` as a printout: the import, or the diagnostic it failed with.
private func reading(_ bytes: [UInt8], limits: PrintTextLimits = .standard) -> Result<PrintTextImport, Diagnostic> {
    Result { () throws(Diagnostic) in try PrintTextImport.read(bytes, file: "utskrift.txt", survey: survey, limits: limits) }
}

private func failure(_ bytes: [UInt8], limits: PrintTextLimits = .standard) -> Diagnostic? {
    if case .failure(let diagnostic) = reading(bytes, limits: limits) { return diagnostic }
    return nil
}

private func answerText(_ imported: PrintTextImport, _ question: String) -> String? {
    if case .text(let text)? = imported.draft.answers[question]?.value { return text }
    return nil
}

@Suite("Import: hostile print-text files end with a limit or a correct read")
struct PrintTextHostileInputTests {
    let limits = PrintTextLimits.standard

    @Test("the invented printout reads: every question, the text, the comment and the numbers")
    func printoutReads() throws {
        let imported = try reading(Array(onePrintout.utf8)).get()
        #expect(imported.found == allQuestions)
        #expect(answerText(imported, "3") == typedText)
        #expect(imported.draft.answers["1"]?.comment == "Planen beslutades av länets politiska samverkansorgan i maj.")
        #expect(imported.numbers.map(\.text) == ["79", "0274"])
    }

    @Test("10 MB of line breaks is refused at once by the file size limit, on line 1")
    func megabytesOfNewlines() throws {
        let diagnostic = try #require(failure([UInt8](repeating: 0x0A, count: 10 * 1024 * 1024)))
        #expect(diagnostic.code == .importLimit)
        #expect(diagnostic.location == .start)
        #expect(diagnostic.message.sv.contains("större än gränsen för en utskrift, 1 MB"))
        #expect(diagnostic.message.en.contains("larger than the limit for a printout, 1 MB"))
    }

    @Test("a file just under the size limit reads (here: the printout repeated, padded with spaces)")
    func justUnderTheSize() throws {
        var text = String(repeating: onePrintout, count: 8)
        let padding = limits.maxFileBytes - text.utf8.count
        let lines = padding / 60
        text += String(repeating: String(repeating: " ", count: 59) + "\n", count: lines)
        text += String(repeating: " ", count: padding - lines * 60)
        #expect(text.utf8.count == limits.maxFileBytes)
        let imported = try reading(Array(text.utf8)).get()
        #expect(imported.found == allQuestions)
        // The first copy is the printout; the form's ending stops the reading.
        #expect(answerText(imported, "3") == typedText)
        #expect(failure(Array((text + " ").utf8))?.code == .importLimit)
    }

    @Test("one line more than the line limit is refused with its line number; at the limit it reads")
    func lineCount() throws {
        let over = try #require(failure([UInt8](repeating: 0x0A, count: limits.maxLines) + [0x78]))
        #expect(over.code == .importLimit)
        #expect(over.location.line == limits.maxLines + 1)
        #expect(over.message.sv.contains("fler än 50 000 rader"))
        // As many lines as the limit, the last one ended by a line break too.
        let breaks = onePrintout.utf8.count { $0 == 0x0A }
        let atLimit = try reading(Array(onePrintout.utf8) + [UInt8](repeating: 0x0A, count: limits.maxLines - breaks)).get()
        #expect(atLimit.found == allQuestions)
    }

    @Test("CR and CRLF line endings count one line each against the limit")
    func lineEndingsCount() {
        let crlf = [UInt8](Array(repeating: [0x0D, 0x0A] as [UInt8], count: limits.maxLines - 1).joined()) + [0x78]
        if case .failure(let diagnostic) = reading(crlf) { Issue.record("refused: \(diagnostic.message.en)") }
        let cr = [UInt8](repeating: 0x0D, count: limits.maxLines) + [0x78]
        #expect(failure(cr)?.location.line == limits.maxLines + 1)
    }

    @Test("a line longer than the line limit is refused with its number; a line at the limit reads")
    func lineLength() throws {
        let long = [UInt8](repeating: 0x61, count: limits.maxLineBytes)
        let over = try #require(failure(Array("rad ett\nrad två\n".utf8) + long + [0x61, 0x0A]))
        #expect(over.location.line == 3)
        #expect(over.message.sv.contains("rad 3 är längre än gränsen för en rad i en utskrift, 64 kB"))
        let imported = try reading(Array(onePrintout.utf8) + long + [0x0A]).get()
        #expect(imported.found == allQuestions)
    }

    @Test("the printout repeated many times reads as the first copy, its later copies after the ending")
    func repeatedPrintout() throws {
        let once = try reading(Array(onePrintout.utf8)).get()
        let many = try reading(Array(String(repeating: onePrintout, count: 40).utf8)).get()
        #expect(many.found == once.found)
        #expect(many.draft.answers["3"]?.value == once.draft.answers["3"]?.value)
        #expect(many.draft.answers["1"]?.comment == once.draft.answers["1"]?.comment)
        #expect(many.ending?.lowerBound == once.ending?.lowerBound)
    }

    @Test("a printout without its ending, repeated: one answer absorbs the rest, nothing crashes")
    func repeatedWithoutEnding() throws {
        let body = onePrintout.replacingOccurrences(of: "Tack för dina svar!\n", with: "")
        let imported = try reading(Array(String(repeating: body, count: 60).utf8)).get()
        #expect(imported.found == allQuestions)
        #expect(imported.numbers.first?.text == "79")
    }

    @Test("thousands of form feeds and blank lines are page furniture")
    func formFeeds() throws {
        let noise = String(repeating: "\u{0C}\n \n\n", count: 5000)
        let imported = try reading(Array((noise + onePrintout + noise).utf8)).get()
        #expect(imported.found == allQuestions)
        #expect(answerText(imported, "3") == typedText)
    }

    @Test("the size is checked before a file is read")
    func sizeBeforeReading() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = folder.appendingPathComponent("stor.txt")
        try Data(repeating: 0x0A, count: limits.maxFileBytes + 1).write(to: big)
        let small = folder.appendingPathComponent("liten.txt")
        try Data(onePrintout.utf8).write(to: small)
        #expect(throws: Diagnostic.self) { try PrintTextImport.checkSize(ofFile: big.path) }
        try PrintTextImport.checkSize(ofFile: small.path)
    }
}
