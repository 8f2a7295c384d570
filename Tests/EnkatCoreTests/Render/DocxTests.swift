import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Mustache
import Testing
import ZIPFoundation
@testable import EnkatCore

/// The Word output: the zip package (`DocxPackage`) and the document template
/// (`templates/report.docx.xml.mustache`), rendered from hand-made reports and from the
/// shipped kommun sample responses, read back with Foundation's XML parser and — when it is
/// installed — with python-docx, the way another program would open the file.
@Suite struct DocxTests {
    // MARK: - The package

    @Test func packageHoldsThePartsWordNeedsInAFixedOrder() throws {
        let data = try package(for: Self.handmade())
        let parts = try zipParts(data)
        #expect(parts.map(\.name) == [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
            "word/_rels/document.xml.rels", "word/document.xml", "word/styles.xml", "word/settings.xml",
            "word/footer1.xml",
        ])
        for part in parts {
            #expect(WordXML.isWellFormed(part.data), "\(part.name) is not well-formed XML")
        }
        let text = Dictionary(uniqueKeysWithValues: parts.map { ($0.name, String(decoding: $0.data, as: UTF8.self)) })
        let types = try #require(text["[Content_Types].xml"])
        for part in ["/word/document.xml", "/word/styles.xml", "/word/settings.xml", "/word/footer1.xml", "/docProps/core.xml", "/docProps/app.xml"] {
            #expect(types.contains(#"PartName="\#(part)""#), "no content type for \(part)")
        }
        #expect(text["_rels/.rels"]?.contains(#"Target="word/document.xml""#) == true)
        #expect(text["word/_rels/document.xml.rels"]?.contains(#"Target="styles.xml""#) == true)
    }

    @Test func stylesGiveHeadingsOutlineLevelsAndTheDocumentSwedish() throws {
        let parts = try zipParts(try package(for: Self.handmade()))
        let styles = String(decoding: try #require(parts.first { $0.name == "word/styles.xml" }).data, as: UTF8.self)
        #expect(styles.contains(#"<w:lang w:val="sv-SE""#))
        for (id, level) in [("Heading1", 0), ("Heading2", 1), ("Heading3", 2)] {
            let style = try #require(styles.range(of: #"w:styleId="\#(id)""#), "no style \(id)")
            let rest = styles[style.upperBound...]
            let end = try #require(rest.range(of: "</w:style>"))
            #expect(rest[..<end.lowerBound].contains(#"<w:outlineLvl w:val="\#(level)"/>"#), "\(id) has no outline level \(level)")
        }
        for id in ["Normal", "Title", "Caption", "Quote", "TableText", "ReportTable", "Footer"] {
            #expect(styles.contains(#"w:styleId="\#(id)""#), "no style \(id)")
        }
        #expect(styles.contains(#"<w:tblStylePr w:type="firstRow">"#), "the table style has no header-row shading")
    }

    @Test func propertiesCarryTheTitleAndNothingPersonal() throws {
        let parts = try zipParts(try package(for: Self.handmade()))
        let core = String(decoding: try #require(parts.first { $0.name == "docProps/core.xml" }).data, as: UTF8.self)
        #expect(core.contains("<dc:title>Testenkät om A &amp; B</dc:title>"))
        for personal in ["dc:creator", "cp:lastModifiedBy", "dcterms:created", "dcterms:modified"] {
            #expect(!core.contains(personal), "core.xml names \(personal)")
        }
        let given = try zipParts(try DocxPackage.make(documentXML: "<w:document/>", title: "Rubrik <1>"))
        let givenCore = String(decoding: try #require(given.first { $0.name == "docProps/core.xml" }).data, as: UTF8.self)
        #expect(givenCore.contains("<dc:title>Rubrik &lt;1&gt;</dc:title>"))
    }

    @Test func theSameReportGivesTheSameBytes() throws {
        let report = try Self.sampleReport()
        let first = try package(for: report)
        let second = try package(for: report)
        #expect(first == second)
        #expect(first.starts(with: [0x50, 0x4B, 0x03, 0x04]), "not a zip file")
    }

    @Test func charactersXMLForbidsAreDropped() throws {
        let xml = try documentXML(for: Self.handmade(freeText: "före\u{0B}efter\u{0}\u{FFFE} slut"))
        #expect(!WordXML.isWellFormed(Data(xml.utf8)))
        let data = try DocxPackage.make(documentXML: xml, title: "Testenkät")
        let document = try #require(try zipParts(data).first { $0.name == "word/document.xml" })
        let parsed = try WordXML.parse(document.data)
        #expect(parsed.paragraphs.contains { $0.style == "Quote" && $0.text == "•\tföreefter slut" })
    }

    // MARK: - The template on the sample responses

    @Test func sampleReportIsWellFormedWithAHeadingPerSectionAndQuestion() throws {
        let report = try Self.sampleReport()
        let parsed = try WordXML.parse(Data(try documentXML(for: report).utf8))
        let expected = report.sections.flatMap { section in
            [WordXML.Paragraph(style: "Heading1", text: section.title)]
                + section.questions.map { WordXML.Paragraph(style: "Heading2", text: $0.text) }
        }
        #expect(parsed.paragraphs.filter { $0.style == "Heading1" || $0.style == "Heading2" } == expected)
        #expect(parsed.paragraphs.first == WordXML.Paragraph(style: "Title", text: report.survey.title))
        #expect(parsed.paragraphs.contains { $0.text.hasPrefix("Fjorton av femton kommuner besvarade enkäten.") })
        #expect(parsed.paragraphs.filter { $0.style?.hasPrefix("Heading") == true }.allSatisfy { !$0.text.isEmpty },
                "an empty heading")
    }

    @Test func everyTableHasARepeatingHeaderRow() throws {
        let parsed = try WordXML.parse(Data(try documentXML(for: Self.sampleReport()).utf8))
        let tables = parsed.tables
        #expect(tables.count == Self.sampleTableCount(try Self.sampleReport()))
        for table in tables {
            #expect(table.headerRepeats, "a table without <w:tblHeader/> on its first row: \(table.header)")
            #expect(table.rows >= 2)
        }
        #expect(tables.first?.header.prefix(2) == ["Svarsalternativ", "Antal"])
    }

    @Test func optionsAreWrittenAsSwedishSentences() throws {
        let report = try Self.sampleReport()
        let parsed = try WordXML.parse(Data(try documentXML(for: report).utf8))
        let question = try #require(report.questions.first { $0.type == .multi && $0.counts.contains { $0.count ?? 0 > 2 } })
        let top = try #require(question.counts.first)
        let sentence = "\(SwedishWords.sentenceStart(top.count!)) \(SwedishWords.kindNoun("kommun", count: top.count!)) har valt ”\(top.label)”."
        #expect(parsed.paragraphs.contains { $0.text.hasPrefix(sentence) }, "no sentence \(sentence)")
    }

    // MARK: - The template on hand-made reports

    @Test func textsWithMarkupCharactersAndEmojiSurvive() throws {
        let tricky = #"Samverkan & "team" <b>fet</b> </w:t></w:r> ]]> 'citat' 👩‍⚕️🎉"#
        let report = Self.handmade(sectionTitle: "Avsnitt <1> & 'två'", questionText: "Hur går det? \"Bra\" & <mer> 🙂",
                                   optionLabel: "Ja & <kanske>", freeText: tricky)
        let xml = try documentXML(for: report)
        let parsed = try WordXML.parse(Data(xml.utf8))
        #expect(parsed.paragraphs.contains(WordXML.Paragraph(style: "Heading1", text: "Avsnitt <1> & 'två'")))
        #expect(parsed.paragraphs.contains(WordXML.Paragraph(style: "Heading2", text: "Hur går det? \"Bra\" & <mer> 🙂")))
        #expect(parsed.paragraphs.contains { $0.style == "Quote" && $0.text == "•\t" + tricky })
        #expect(parsed.tables.first?.cells.contains("Ja & <kanske>") == true)
        #expect(parsed.paragraphs.contains { $0.text.contains("har valt ”Ja & <kanske>”.") })
    }

    @Test func lineBreaksAndParagraphsOfAnAnswerAreKept() throws {
        let parsed = try WordXML.parse(Data(try documentXML(for: Self.handmade(freeText: "rad ett\nrad två\n\nnytt stycke")).utf8))
        let quotes = parsed.paragraphs.filter { $0.style == "Quote" }.map(\.text)
        #expect(quotes.contains("•\trad ett\nrad två"), "an answer starts with a bullet")
        #expect(quotes.contains("nytt stycke"))
    }

    @Test func suppressedCellsAreExplainedUnderTheTable() throws {
        let parsed = try WordXML.parse(Data(try documentXML(for: Self.handmade()).utf8))
        let table = try #require(parsed.tables.first)
        #expect(table.cells.contains("färre än tre"))
        #expect(table.cells.contains("–"))
        #expect(!table.cells.contains("2"), "a suppressed count is shown")
        #expect(parsed.paragraphs.contains { $0.style == "Caption" && $0.text.contains("”Kanske” visas som – så att ett antal under tre inte kan räknas fram.") })
        #expect(parsed.paragraphs.contains { $0.text.hasPrefix("Antal under tre visas som ”färre än tre”.") })
        #expect(parsed.paragraphs.contains { $0.text.hasPrefix("Färre än tre kommuner har valt ”Nej”.") || $0.text.contains(" Färre än tre kommuner har valt ”Nej”.") })
    }

    @Test func numbersGetATableOfLowestMedianMeanAndHighest() throws {
        let parsed = try WordXML.parse(Data(try documentXML(for: Self.handmade()).utf8))
        let table = try #require(parsed.tables.first { $0.header == ["Lägsta", "Median", "Medelvärde", "Högsta"] })
        #expect(table.cells.suffix(4) == ["10 procent", "42,5 procent", "45,3 procent", "90 procent"])
        #expect(parsed.paragraphs.contains { $0.text.hasPrefix("Sex kommuner angav ett värde.") })
    }

    @Test func emptyPartsLeaveNoHeadingsAndWithheldTextsAreSaidToBe() throws {
        let parsed = try WordXML.parse(Data(try documentXML(for: Self.handmade()).utf8))
        let headings = parsed.paragraphs.filter { $0.style == "Heading3" }.map(\.text)
        #expect(headings == ["Följdsvar: beskriv planen", "Kommentarer"])
        #expect(parsed.paragraphs.contains { $0.style == "Caption" && $0.text == "Svaren visas inte eftersom färre än tre kommuner har svarat." })
        // The withheld question says nothing about how many answered it.
        #expect(!parsed.paragraphs.contains { $0.text.hasPrefix("Två kommuner besvarade") })
    }

    @Test(arguments: [
        (RespondentTotals(kind: "kommun", expected: 15, answered: 14, responses: 14), "Fjorton av femton kommuner besvarade enkäten."),
        (RespondentTotals(kind: "region", expected: 1, answered: 1, responses: 1),
         "Enkäten besvarades av en region, det vill säga alla som tillfrågades."),
        (RespondentTotals(kind: "systemledning", expected: 13, answered: 6, responses: 8),
         "Sex av tretton lokala systemledningar besvarade enkäten. Sammanlagt kom åtta svar in; där flera svar kom från samma svarande redovisas medelvärdet av dem."),
    ])
    func leadSaysHowManyOfHowManyAnsweredButNotWho(totals: RespondentTotals, lead: String) throws {
        var report = Self.handmade()
        report.respondents = totals
        let parsed = try WordXML.parse(Data(try documentXML(for: report).utf8))
        #expect(parsed.paragraphs.dropFirst(2).first?.text == lead)
    }

    @Test func aHiddenNumberOfAnswersDropsTheShareColumn() throws {
        var report = Self.handmade()
        report.sections[0].questions[0].answered = nil
        let parsed = try WordXML.parse(Data(try documentXML(for: report).utf8))
        #expect(parsed.tables.first?.header == ["Svarsalternativ", "Antal"])
        #expect(parsed.paragraphs.contains { $0.text == "Hur många kommuner som besvarade frågan redovisas inte." })
        // Only the scale question, which also fourteen answered, still says so.
        #expect(parsed.paragraphs.count { $0.text.hasPrefix("Fjorton kommuner besvarade frågan.") } == 1)
    }

    // MARK: - Opened by another program

    @Test(.tags(.slow), .slowTier, .needs(Self.pythonDocxAvailable, "python-docx is not installed (python3 -m pip install python-docx); the Word file was not opened by another program"))
    func pythonDocxReadsTheHeadingsAndHeaderRows() throws {
        let report = try Self.sampleReport()
        let url = try Self.write(try package(for: report), name: "rapport.docx")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let output = try runCommand(["python3", packageRoot.appendingPathComponent("scripts/check-docx.py").path, url.path])
        #expect(output.status == 0, "check-docx.py: \(output.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let headings = try #require(json["headings"] as? [[String: String]])
        let expected = [["style": "Title", "text": report.survey.title]] + report.sections.flatMap { section in
            [["style": "Heading 1", "text": section.title]] + section.questions.map { ["style": "Heading 2", "text": $0.text] }
        }
        #expect(headings.filter { $0["style"] != "Heading 3" } == expected)
        #expect(json["tables"] as? Int == Self.sampleTableCount(report))
        #expect((json["first_table_header"] as? [String])?.prefix(2) == ["Svarsalternativ", "Antal"])
        #expect(json["header_rows_repeat"] as? Bool == true)
        #expect(json["language"] as? String == "sv-SE")
        #expect(json["title"] as? String == report.survey.title)
        #expect(json["has_author"] as? Bool == false)
    }

    @Test(.tags(.slow), .slowTier, .needs(Self.pythonDocxAvailable && Self.libreOfficeAvailable,
                   "python-docx or LibreOffice (soffice) is missing; the Word file was not converted to PDF"))
    func libreOfficeConvertsTheReportToPDF() throws {
        let url = try Self.write(try package(for: try Self.sampleReport()), name: "rapport.docx")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let output = try runCommand(["python3", packageRoot.appendingPathComponent("scripts/check-docx.py").path, url.path, "--pdf"])
        #expect(output.status == 0, "check-docx.py --pdf: \(output.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let pdf = try #require(json["pdf"] as? [String: Any])
        #expect(pdf["error"] == nil)
        #expect((pdf["pages"] as? Int ?? 0) >= 2)
    }

    @Test(.enabled(if: Self.pythonDocxAvailable, "python-docx is not installed (python3 -m pip install python-docx); check-docx.py was not tried on a broken file"))
    func checkDocxFailsOnAFileThatIsNotWord() throws {
        let url = try Self.write(Data("inte en zip".utf8), name: "trasig.docx")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let output = try runCommand(["python3", packageRoot.appendingPathComponent("scripts/check-docx.py").path, url.path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("cannot be opened"))
    }

    // MARK: - Reports to render

    /// The shipped kommun sample: fourteen of fifteen kommuner in Dalarna.
    static func sampleReport() throws -> CompiledReport {
        let files = try CheckRun.expand([packageRoot.appendingPathComponent("responses/socialstyrelsen-kommun-2025").path])
        let checks = CheckRun.check(files, catalog: realCatalog).checks
        let survey = try #require(realCatalog.surveys["socialstyrelsen-kommun-2025"])
        let registry = try #require(realCatalog.registries["dalarna"])
        return ReportCompiler.compile(checks.compactMap(\.response), survey: survey, registry: registry, anonymizer: Anonymizer(registry: registry), minCount: 3).report
    }

    /// How many tables the template writes for `report`.
    static func sampleTableCount(_ report: CompiledReport) -> Int {
        report.questions.reduce(0) { sum, question in
            let answered = question.answered != 0
            let numbers = question.numeric.map { !$0.suppressed && ($0.n ?? 0) > 0 } ?? false
            return sum + (numbers ? 1 : 0) + (!question.counts.isEmpty && answered ? 1 : 0)
                + (!question.distribution.isEmpty && answered ? 1 : 0)
        } + (report.score.map { $0.summary.suppressed ? 0 : 1 } ?? 0)
    }

    /// A small report with every kind of question, a suppressed and a secondary cell, a
    /// withheld text question and no comments where there are none.
    static func handmade(sectionTitle: String = "Avsnitt A", questionText: String = "Finns det en plan?",
                         optionLabel: String = "Ja", freeText: String = "Ett svar om [kommunen].") -> CompiledReport {
        func question(_ id: String, _ type: QuestionType, _ text: String, answered: Int?) -> CompiledQuestion {
            CompiledQuestion(id: id, type: type, text: text, unitLabel: nil, conditional: false, answered: answered,
                             responses: answered ?? 0, counts: [], numeric: nil, distribution: [], texts: [],
                             comments: [], details: [], textsWithheld: false)
        }
        var choice = question("1", .choice, questionText, answered: 14)
        choice.counts = [
            CompiledCount(id: "ja", label: optionLabel, count: 10, suppression: nil),
            CompiledCount(id: "nej", label: "Nej", count: nil, suppression: .small),
            CompiledCount(id: "kanske", label: "Kanske", count: nil, suppression: .secondary),
        ]
        choice.details = [DetailsGroup(option: "ja", label: "beskriv planen", texts: ["Planen finns.", "Den antogs i år.", "Den följs upp."])]
        choice.comments = ["En kommentar.", "En till.", "Den tredje."]
        var text = question("2", .text, "Beskriv arbetet.", answered: 5)
        text.texts = [freeText, "Ett annat svar.", "Ett tredje svar."]
        var withheld = question("3", .text, "Varför inte?", answered: 2)
        withheld.textsWithheld = true
        var percent = question("4", .percent, "Hur stor andel?", answered: 6)
        percent.numeric = NumericSummary(n: 6, min: 10, median: 42.5, mean: 45.3, max: 90, suppressed: false)
        var scale = question("5", .scale, "Vi arbetar för detta.", answered: 14)
        scale.distribution = (1...5).map { CompiledCount(id: "\($0)", label: "Steg \($0)", count: [0, 0, 4, 6, 4][$0 - 1], suppression: nil) }
        return CompiledReport(
            survey: SurveyInfo(id: "test-enkat", title: "Testenkät om A & B", publisher: "RSS", period: "2025"),
            area: "Testlän", minCount: 3,
            respondents: RespondentTotals(kind: "kommun", expected: 15, answered: 14, responses: 14),
            sections: [
                CompiledSection(id: "a", title: sectionTitle, text: "Inledning till avsnittet.", questions: [choice, text, withheld]),
                CompiledSection(id: "b", title: "Avsnitt B", text: nil, questions: [percent, scale]),
            ],
            score: nil)
    }

    // MARK: - Helpers

    /// The Word template rendered for `report`, as `ReportCompiler` renders it.
    /// The Word package of `report`, as the Word renderer makes it.
    func package(for report: CompiledReport) throws -> Data {
        try DocxPackage.make(documentXML: try documentXML(for: report), title: report.survey.title)
    }

    func documentXML(for report: CompiledReport) throws -> String {
        let templates = ReportTemplates(directory: packageRoot.appendingPathComponent("templates").path)
        switch templates.load("report.docx.xml.mustache") {
        case .success(let template):
            return String(decoding: ReportView(report: report, escaping: .markup).render(template), as: UTF8.self)
        case .failure(let diagnostic):
            Issue.record("the template does not load: \(diagnostic)")
            throw CancellationError()
        }
    }

    func zipParts(_ data: Data) throws -> [(name: String, data: Data)] {
        let archive = try Archive(data: data, accessMode: .read)
        return try archive.map { entry in
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            return (entry.path, bytes)
        }
    }

    static let pythonDocxAvailable: Bool = (try? runCommand(["python3", "-c", "import docx"]).status) == 0
    static let libreOfficeAvailable: Bool = (try? runCommand(["sh", "-c", "command -v soffice"]).status) == 0

    static func write(_ data: Data, name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enkat-docx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

}

/// What a reader of `word/document.xml` sees: paragraphs with their style and text (a
/// `<w:br/>` as a line feed, a `<w:tab/>` as a tab) and tables with their header row.
struct WordXML {
    struct Paragraph: Equatable, CustomStringConvertible {
        var style: String?
        var text: String
        var description: String { "\(style ?? "-"): \(text)" }
    }

    struct Table {
        var rows = 0
        var headerRepeats = false
        var header: [String] = []
        var cells: [String] = []
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    var paragraphs: [Paragraph] = []
    var tables: [Table] = []

    static func isWellFormed(_ data: Data) -> Bool {
        XMLParser(data: data).parse()
    }

    static func parse(_ data: Data) throws -> WordXML {
        let parser = XMLParser(data: data)
        let reader = Reader()
        parser.delegate = reader
        guard parser.parse() else {
            throw ParseError(description: "not well-formed: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)")
        }
        return reader.result
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var result = WordXML()
        private var paragraph: Paragraph?
        private var inText = false
        private var inTabStops = false
        private var tableStack: [Table] = []
        private var cell: String?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            switch name {
            case "w:p": paragraph = Paragraph(style: nil, text: "")
            case "w:pStyle": paragraph?.style = attributes["w:val"]
            case "w:t": inText = true
            case "w:br": paragraph?.text += "\n"
            case "w:tabs": inTabStops = true
            case "w:tab": if !inTabStops { paragraph?.text += "\t" }
            case "w:tbl": tableStack.append(Table())
            case "w:tr": tableStack[tableStack.count - 1].rows += 1
            case "w:tblHeader":
                if tableStack.last?.rows == 1 { tableStack[tableStack.count - 1].headerRepeats = true }
            case "w:tc": cell = ""
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { paragraph?.text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "w:t": inText = false
            case "w:tabs": inTabStops = false
            case "w:p":
                if let done = paragraph {
                    if cell != nil { cell! += done.text } else { result.paragraphs.append(done) }
                }
                paragraph = nil
            case "w:tc":
                if let text = cell, !tableStack.isEmpty {
                    tableStack[tableStack.count - 1].cells.append(text)
                    if tableStack[tableStack.count - 1].rows == 1 { tableStack[tableStack.count - 1].header.append(text) }
                }
                cell = nil
            case "w:tbl":
                if let table = tableStack.popLast() { result.tables.append(table) }
            default: break
            }
        }
    }
}
