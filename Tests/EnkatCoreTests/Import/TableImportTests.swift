import Foundation
import Testing
import ZIPFoundation

@testable import EnkatCore

/// Plans an import of `bytes` (nothing is written).
func planTable(
    _ bytes: [UInt8], file: String = "tabell.csv", survey: String = "test-enkat",
    catalog: SurveyCatalog = fixtureCatalog, sheet: String? = nil
) -> TableImport.Result {
    TableImport.plan(bytes: bytes, file: file, options: .init(survey: survey, outDirectory: "ut", sheet: sheet), catalog: catalog)
}

/// The imported answer to a question in the response made from table row `row`.
func importedAnswer(_ result: TableImport.Result, row: Int, _ question: String) -> Answer? {
    result.files.first { $0.row == row }?.response?.answers[question]
}

/// A temporary folder, removed by the caller.
func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enkat-table-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// Text as Windows-1252 bytes, for the letters the fixtures use (written out by hand so the
/// test does not trust the reader's own table).
func windows1252(_ text: String) -> [UInt8] {
    let high: [Character: UInt8] = [
        "å": 0xE5, "ä": 0xE4, "ö": 0xF6, "Å": 0xC5, "Ä": 0xC4, "Ö": 0xD6, "é": 0xE9,
        "–": 0x96, "”": 0x94, "“": 0x93, "€": 0x80,
    ]
    var bytes: [UInt8] = []
    for character in text {
        if let byte = high[character] {
            bytes.append(byte)
        } else {
            precondition(character.isASCII, "no Windows-1252 byte for \(character) in the test table")
            bytes += Array(String(character).utf8)
        }
    }
    return bytes
}

/// The table-import fixture as CSV text with a given separator: quotes, doubled quotes, a
/// separator and a CRLF inside quoted fields, Swedish letters, decimal commas.
func fixtureCSV(_ separator: String) -> String {
    let s = separator
    return [
        "Kommun\(s)1\(s)1 kommentar\(s)1 följdtext\(s)2\(s)3\(s)4\(s)5\(s)6\(s)7\(s)okat",
        "Falu kommun\(s)Ja\(s)\"Kommentar med \"\"citat\"\" och\(s) avgränsare\"\(s)\"Planen,\r\nandra raden\"\(s)Text om å ä ö – ”citat”\(s)\"Hemsjukvård; Palliativ vård\"\(s)\(s)\"79,5\"\(s)\"0,274\"\(s)4\(s)Vet ej",
        "MALUNG-SÄLENS KOMMUN\(s)nej\(s)\(s)\(s)\(s)inga\(s)Skäl här\(s)\(s)kan-inte-uppskattas\(s)\(s)nej",
        "",
    ].joined(separator: "\r\n")
}

@Suite("Import: reading CSV")
struct TableCSVTests {
    @Test("RFC 4180: quotes, doubled quotes, line breaks in fields, any line ending, trailing blank lines")
    func parse() throws {
        let records = try CSVReader.parse("a;\"b;c\";\"d \"\"e\"\"\"\r\n\"f\r\ng\";h\nlast;\"\"\r\n\r\n", separator: ";")
        #expect(records == [["a", "b;c", "d \"e\""], ["f\ng", "h"], ["last", ""]])
    }

    @Test("a quote that is never closed stops the import with the row it opened in")
    func openQuote() {
        let result = planTable(Array("Kommun;1\nFalun;\"ja\nMora;nej\n".utf8))
        #expect(result.blocked)
        let finding = result.findings.first
        #expect(finding?.code == .tableRead)
        #expect(finding?.table?.row == 2)
    }

    @Test("Excel's sep= line names the separator")
    func sepLine() throws {
        let sheet = try CSVReader.read(Array("sep=,\nKommun,1\nFalun,ja\n".utf8))
        #expect(sheet.source == .csv(encoding: .utf8, separator: ","))
        #expect(sheet.rows.map(\.number) == [1, 2])
    }

    static let encodings: [CSVEncoding] = [.utf8, .utf8BOM, .windows1252, .utf16LE]
    static let separators = [";", ",", "\t"]

    @Test(
        "every encoding and separator gives the same answers, and the summary names both",
        arguments: encodings, separators)
    func encodingsAndSeparators(_ encoding: CSVEncoding, _ separator: String) throws {
        let text = fixtureCSV(separator)
        let bytes: [UInt8] =
            switch encoding {
            case .utf8: Array(text.utf8)
            case .utf8BOM: [0xEF, 0xBB, 0xBF] + Array(text.utf8)
            case .windows1252: windows1252(text)
            case .utf16LE: [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            case .utf16BE: []
            }
        let result = planTable(bytes)
        #expect(result.source == .csv(encoding: encoding, separator: Character(separator)))
        #expect(!result.blocked)
        #expect(result.findings.isEmpty, "\(result.findings.map { $0.message.sv })")
        #expect(result.rowsRead == 2)
        #expect(result.files.map(\.name) == ["falun.yaml", "malung-salen.yaml"])
        #expect(importedAnswer(result, row: 2, "1")?.value == .option("ja"))
        #expect(importedAnswer(result, row: 2, "1")?.comment == "Kommentar med \"citat\" och\(separator) avgränsare")
        #expect(importedAnswer(result, row: 2, "1")?.details == "Planen,\nandra raden")
        #expect(importedAnswer(result, row: 2, "2")?.value == .text("Text om å ä ö – ”citat”"))
        #expect(importedAnswer(result, row: 2, "3")?.value == .options(["hemsjukvard", "palliativ"]))
        #expect(importedAnswer(result, row: 2, "5")?.value == .number(79.5))
        #expect(importedAnswer(result, row: 2, "6")?.value == .number(0.274))
        #expect(importedAnswer(result, row: 2, "7")?.value == .number(4))
        #expect(importedAnswer(result, row: 2, "okat")?.value == .option("vet-ej"))
        #expect(importedAnswer(result, row: 3, "1")?.value == .option("nej"))
        #expect(importedAnswer(result, row: 3, "3")?.value == .options(["inga"]))
        #expect(importedAnswer(result, row: 3, "4")?.value == .text("Skäl här"))
        #expect(importedAnswer(result, row: 3, "6")?.value == .sentinel("kan-inte-uppskattas"))
        let summary = result.summary(.sv)
        #expect(summary.contains("teckenkodning " + encoding.description.sv))
        #expect(summary.contains("2 rader med svar lästa"))
    }

    @Test("Windows-1252 is detected and reported as Swedish Excel's CSV")
    func windows1252Summary() {
        let result = planTable(windows1252(fixtureCSV(";")))
        #expect(
            result.summary(.sv).contains(
                "tabell.csv: CSV, teckenkodning Windows-1252 (så sparar svenska Excel ”CSV (semikolonavgränsad)”; omkodad till UTF-8), avgränsare semikolon."
            ))
        #expect(result.files.first?.text.contains("Text om å ä ö – ”citat”") == true)
    }

    @Test("a file mixing UTF-8 and Windows-1252 is refused rather than garbled")
    func mixedEncoding() {
        let bytes = Array("Kommun;2\nFalun;Göteborg\n".utf8) + windows1252("Mora;Skål\n")
        let result = planTable(bytes)
        #expect(result.blocked)
        #expect(result.findings.first?.message.sv.contains("blandar UTF-8") == true)
    }

    @Test("the apostrophe a CSV export puts before - = + @ is removed again")
    func formulaGuard() {
        let result = planTable(Array("Kommun;1;2\nFalun;nej;'- en punkt\n".utf8))
        #expect(importedAnswer(result, row: 2, "2")?.value == .text("- en punkt"))
    }
}

@Suite("Import: reading Excel workbooks")
struct TableXLSXTests {
    static let fixtures = packageRoot.appendingPathComponent("Tests/EnkatCoreTests/Import/Fixtures")

    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    @Test(
        "a workbook written by openpyxl (inline strings) or saved by LibreOffice (shared strings)",
        arguments: ["table-openpyxl.xlsx", "table-libreoffice.xlsx"])
    func workbook(_ name: String) throws {
        let result = planTable(try Self.fixture(name), file: name)
        #expect(result.source == .xlsx(sheet: "Export", sheets: ["Export", "Annat blad"]))
        #expect(!result.blocked)
        #expect(result.rowsRead == 2)
        #expect(result.files.map(\.respondent) == ["falun", "malung-salen"])
        // Row 2: text with a line break, numbers as numbers, 0/1 columns, the label of "vet-ej".
        #expect(importedAnswer(result, row: 2, "1")?.value == .option("ja"))
        #expect(importedAnswer(result, row: 2, "1")?.comment == "En kommentar")
        #expect(importedAnswer(result, row: 2, "1")?.details == "Planen beskrivs här.")
        #expect(importedAnswer(result, row: 2, "2")?.value == .text("Första raden\nandra raden"))
        #expect(importedAnswer(result, row: 2, "3")?.value == .options(["hemsjukvard"]))
        #expect(importedAnswer(result, row: 2, "5")?.value == .number(79))
        #expect(importedAnswer(result, row: 2, "6")?.value == .number(0.274))
        #expect(importedAnswer(result, row: 2, "7")?.value == .number(4))
        #expect(importedAnswer(result, row: 2, "okat")?.value == .option("vet-ej"))
        // Row 3: x marks, the "Annat" column's text as the follow-up, 50 % stored as 0.5, a
        // sentinel by its label, a scale step by its label, TRUE for ja.
        #expect(importedAnswer(result, row: 3, "3")?.value == .options(["hemsjukvard", "palliativ", "annat"]))
        #expect(importedAnswer(result, row: 3, "3")?.details == "Dagverksamhet")
        #expect(importedAnswer(result, row: 3, "5")?.value == .number(50))
        #expect(importedAnswer(result, row: 3, "6")?.value == .sentinel("kan-inte-uppskattas"))
        #expect(importedAnswer(result, row: 3, "7")?.value == .number(4))
        #expect(importedAnswer(result, row: 3, "okat")?.value == .option("ja"))
        // The timestamp column is listed, the empty column K is not; question 4 has no column,
        // so row 3 (1 = nej) misses a required answer: reported, and the files are still made.
        #expect(result.unmappedColumns == [.init(column: 0, header: "Tidsstämpel")])
        #expect(result.questionsWithoutColumn == ["4"])
        let required = try #require(result.findings.first { $0.code == .required })
        #expect(required.table?.row == 3 && required.question == "4" && !result.stops(required))
        #expect(result.line(required, .sv).hasPrefix("\(name):rad 3: fel: "))
        #expect(required.file == "ut/malung-salen.yaml")
        #expect(
            result.report(.sv).contains(
                "\(name): fel: fråga 4 måste besvaras men tabellen har ingen kolumn för den; svaret saknas i 1 av 2 rader [required]\n"))
    }

    @Test("--sheet picks a sheet by name; an unknown name lists the sheets")
    func sheets() throws {
        let bytes = try Self.fixture("table-openpyxl.xlsx")
        let other = planTable(bytes, file: "t.xlsx", sheet: "annat blad")
        #expect(other.source == .xlsx(sheet: "Annat blad", sheets: ["Export", "Annat blad"]))
        #expect(importedAnswer(other, row: 2, "2")?.value == .text("Från det andra bladet"))
        let missing = planTable(bytes, file: "t.xlsx", sheet: "Blad9")
        #expect(missing.blocked)
        #expect(missing.findings.first?.message.sv == "arbetsboken har inget blad ”Blad9”; bladen är ”Export”, ”Annat blad”")
    }

    /// A workbook written by hand: prefixed element names, rows and cells without references,
    /// a gap, rich-text inline strings, an escaped carriage return, a formula's string result.
    static func handMadeWorkbook() throws -> [UInt8] {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let parts: [(String, String)] = [
            (
                "[Content_Types].xml",
                #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#
            ),
            (
                "xl/workbook.xml",
                #"<x:workbook xmlns:x="\#(main)" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="Blad1" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>"#
            ),
            (
                "xl/_rels/workbook.xml.rels",
                #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>"#
            ),
            (
                "xl/worksheets/data.xml",
                """
                <x:worksheet xmlns:x="\(main)"><x:sheetData>
                <x:row><x:c t="inlineStr"><x:is><x:t>Svarande</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>2</x:t></x:is></x:c><x:c r="D1" t="inlineStr"><x:is><x:t>okat</x:t></x:is></x:c></x:row>
                <x:row><x:c t="inlineStr"><x:is><x:r><x:t xml:space="preserve">Falu </x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>kommun</x:t></x:r></x:is></x:c><x:c t="inlineStr"><x:is><x:t>rad ett_x000D_
                rad två &amp; _x005F_x0041_</x:t></x:is></x:c><x:c r="D2" t="str"><x:f>"ja"</x:f><x:v>ja</x:v></x:c></x:row>
                </x:sheetData></x:worksheet>
                """
            ),
        ]
        return try zipped(parts)
    }

    static func zipped(_ parts: [(String, String)]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: Date(timeIntervalSince1970: 946_684_800),
                permissions: 0o644, compressionMethod: .deflate
            ) { (position: Int64, size: Int) in
                data.subdata(in: Int(position)..<min(Int(position) + size, data.count))
            }
        }
        return [UInt8](try #require(archive.data))
    }

    @Test("inline strings, prefixed XML, cells without references, a gap, _xHHHH_ escapes, formula results")
    func handMade() throws {
        let sheet = try XLSXReader.read(try Self.handMadeWorkbook())
        #expect(sheet.rows.map(\.number) == [1, 2])
        #expect(sheet.rows[1].cells == [.text("Falu kommun"), .text("rad ett\r\nrad två & _x0041_"), .empty, .text("ja")])
        let result = planTable(try Self.handMadeWorkbook(), file: "hand.xlsx")
        #expect(importedAnswer(result, row: 2, "2")?.value == .text("rad ett\nrad två & _x0041_"))
        #expect(importedAnswer(result, row: 2, "okat")?.value == .option("ja"))
    }

    @Test("files that are not workbooks get a clear message")
    func notWorkbooks() throws {
        let ods = planTable(
            try Self.zipped([("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<x/>")]), file: "t.ods")
        #expect(ods.findings.first?.message.sv.hasPrefix("filen är ett OpenDocument-kalkylark") == true)
        let xls = planTable([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], file: "t.xls")
        #expect(xls.findings.first?.message.sv.hasPrefix("filen är i Excels gamla format (.xls)") == true)
        let broken = planTable([0x50, 0x4B, 0x03, 0x04, 1, 2, 3], file: "t.xlsx")
        #expect(broken.findings.first?.code == .tableRead)
    }
}

@Suite("Import: headers, cells and respondents")
struct TableMappingTests {
    static let headerCases: [(String, TableColumnRole)] = [
        ("Kommun", .respondent),
        ("Svarande-id", .respondent),
        ("Organisation", .respondent),
        ("E-post", .contactEmail),
        ("Kontaktperson", .contactName),
        ("1", .value("1")),
        ("Fråga 1", .value("1")),
        ("1. Finns det en plan?", .value("1")),
        ("finns det en plan", .value("1")),
        ("  Har   andelen ökat ", .value("okat")),
        ("Har andelen o\u{308}kat?", .value("okat")),  // decomposed ö
        ("OKAT", .value("okat")),
        ("Andel i procent?", .value("5")),
        ("1 kommentar", .comment("1")),
        ("1 (kommentar)", .comment("1")),
        ("Kommentar till fråga 1", .comment("1")),
        ("Finns det en plan? – Kommentar", .comment("1")),
        ("1 följdtext", .details("1")),
        ("1 details", .details("1")),
        ("1: beskriv planen", .details("1")),
        ("3: Palliativ vård", .option("3", option: "palliativ")),
        ("3 – Palliativ vård", .option("3", option: "palliativ")),
        ("3 [hemsjukvard]", .option("3", option: "hemsjukvard")),
        ("Vilka målgrupper? [Palliativ vård]", .option("3", option: "palliativ")),
        ("Vilka målgrupper? - Inga", .option("3", option: "inga")),
        ("Palliativ vård", .option("3", option: "palliativ")),
        ("2 kommentar", .unmapped),  // question 2 has no comment field
        ("Tidsstämpel", .unmapped),
    ]

    @Test("headers match question ids, texts, comments, follow-ups and options leniently", arguments: headerCases)
    func header(_ header: String, _ role: TableColumnRole) throws {
        let survey = try #require(fixtureCatalog.surveys["test-enkat"])
        let matcher = TableHeaderMatcher(survey: survey, registry: fixtureCatalog.registries["test"], file: "t.csv")
        #expect(matcher.classify(header, group: nil).0 == role)
    }

    @Test("a label alone belongs to the multi question of the columns before it")
    func labelUnderGroup() throws {
        let result = planTable(Array("Kommun;3;Hemsjukvård;Palliativ vård;Inga\nFalun;;1;1;0\n".utf8))
        #expect(importedAnswer(result, row: 2, "3")?.value == .options(["hemsjukvard", "palliativ"]))
    }

    @Test("two header rows: options under a question spanning several columns (SurveyMonkey's layout)")
    func twoHeaderRows() {
        let csv = """
            Kommun,Finns det en plan?,,Vilka målgrupper?,,,,Varför inte?,Har andelen ökat?
            ,Response,Kommentar,Hemsjukvård,Palliativ vård,Annat,Inga,Open-Ended Response,Response
            Falun,Nej,Vi väntar.,Hemsjukvård,,Hembesök,,Inget beslut.,Vet ej

            """
        let result = planTable(Array(csv.utf8))
        #expect(result.findings.isEmpty, "\(result.findings.map { $0.message.sv })")
        #expect(result.rowsRead == 1)
        #expect(importedAnswer(result, row: 3, "1")?.value == .option("nej"))
        #expect(importedAnswer(result, row: 3, "1")?.comment == "Vi väntar.")
        #expect(importedAnswer(result, row: 3, "3")?.value == .options(["hemsjukvard", "annat"]))
        #expect(importedAnswer(result, row: 3, "3")?.details == "Hembesök")
        #expect(importedAnswer(result, row: 3, "4")?.value == .text("Inget beslut."))
        #expect(importedAnswer(result, row: 3, "okat")?.value == .option("vet-ej"))
    }

    static let multiCases: [(String, [String])] = [
        ("Vårdplaner, SIP och dokumenterad överenskommelse, Mobila team", ["vardplaner-sip", "mobila-team"]),
        ("samverkansforum-region;rehabilitering", ["samverkansforum-region", "rehabilitering"]),
        ("Mobila team\nDigitala lösningar och välfärdsteknik", ["mobila-team", "digitalisering"]),
        ("[mobila-team, digitalisering]", ["mobila-team", "digitalisering"]),
        ("Mobila team, Okänt", ["mobila-team", "Okänt"]),
    ]

    @Test("a multi question's cell: ids or labels separated by ; , or line breaks; labels with commas", arguments: multiCases)
    func multiCell(_ text: String, _ ids: [String]) throws {
        let question = try #require(realCatalog.surveys["socialstyrelsen-kommun-2025"]?.question("omraden"))
        #expect(TableValues.options(.text(text), question, csv: true) == ids)
    }

    static let respondentCases: [(String, String, String?)] = [
        ("Falu kommun", "socialstyrelsen-kommun-2025", "falun"),
        ("FALUN", "socialstyrelsen-kommun-2025", "falun"),
        ("Malung-Sälens kommun", "socialstyrelsen-kommun-2025", "malung-salen"),
        ("malung-salen", "socialstyrelsen-kommun-2025", "malung-salen"),
        ("Faluns kommun", "socialstyrelsen-kommun-2025", "falun"),
        ("Lokal systemledning Västerbergslagen", "skora-aldre-nulage-2025", "sl-vasterbergslagen"),
        ("Ludvika", "skora-aldre-nulage-2025", "sl-vasterbergslagen"),
        ("Falun", "skora-aldre-nulage-2025", "sl-falun"),
        ("Region Dalarna", "socialstyrelsen-kommun-2025", nil),
        ("Stockholm", "socialstyrelsen-kommun-2025", nil),
    ]

    @Test("respondents by id or any name form; a kommun names its systemledning", arguments: respondentCases)
    func respondent(_ text: String, _ survey: String, _ id: String?) throws {
        let definition = try #require(realCatalog.surveys[survey])
        let match = TableImport.matchRespondent(text, survey: definition, registry: realCatalog.registries[definition.registry])
        #expect(match.respondent?.id == id)
    }

    @Test("contact columns fill in contact:, and without a respondent header the column of known names is used")
    func contactAndGuessedRespondent() throws {
        let contact = planTable(Array("Kommun;Kontaktperson;E-post;1;3\nFalun;Anna Andersson;anna@example.se;nej;inga\n".utf8))
        let text = try #require(contact.files.first?.text)
        #expect(text.contains("  name: \"Anna Andersson\"\n  email: \"anna@example.se\"\n"))
        let guessed = planTable(Array("Namn;1;3\nFalun;nej;inga\nMalung-Sälen;nej;inga\n".utf8))
        #expect(guessed.files.map(\.respondent) == ["falun", "malung-salen"])
    }

    @Test("numbers: decimal comma, no exponent, integers without a fraction")
    func numbers() {
        #expect(TableValues.numberText(79) == "79")
        #expect(TableValues.numberText(0.274) == "0,274")
        #expect(TableValues.numberText(1e-7) == "0,0000001")
        #expect(TableValues.numberText(-2.5) == "-2,5")
    }

    @Test("an unreadable mark in a 0/1 column is reported at its cell")
    func unreadableMark() throws {
        let result = planTable(Array("Kommun;1;3: Hemsjukvård;3: Palliativ vård\nFalun;nej;1;kanske\n".utf8))
        let finding = try #require(result.findings.first { $0.code == .cellValue })
        #expect(
            result.line(finding, .sv).hasPrefix("tabell.csv:rad 2, D2: fel: ”kanske” i kolumnen för alternativet `palliativ`"))
        #expect(!result.blocked)
    }

    @Test("a check finding points at the cell of its question and field")
    func checkFindingCell() throws {
        let result = planTable(Array("Kommun;1;1 kommentar;1 följdtext;3;okat\nFalun;ja;;;hemsjukvard;vetej\n".utf8))
        let missing = try #require(result.findings.first { $0.code == .missingDetails })
        #expect(missing.table?.text(.sv) == "rad 2, D2")
        let option = try #require(result.findings.first { $0.code == .unknownOption })
        #expect(option.table?.text(.sv) == "rad 2, F2")
        #expect(option.message.sv.contains("menade du `vet-ej`?"))
        #expect(result.line(option, .en).hasSuffix("[unknown-option] (ut/falun.yaml:\(option.location.line))"))
    }
}

@Suite("Import: all or nothing")
struct TableWriteTests {
    @Test("unmatched, duplicate and missing respondents are listed with their rows, and nothing is written")
    func blocked() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv =
            "Kommun;1;3\nFalun;nej;inga\nStockholms stad;nej;inga\nFALUN;ja;inga\n;nej;inga\nRegion X;nej;inga\n\nMalung-Sälen;nej;inga\n"
        let file = folder.appendingPathComponent("tabell.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("ut").path
        let result = TableImport.run(file: file.path, options: .init(survey: "test-enkat", outDirectory: out), catalog: fixtureCatalog)
        #expect(result.blocked)
        #expect(result.written.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
        let blocking = result.findings.filter(result.stops)
        #expect(blocking.map(\.table?.row) == [3, 4, 5, 6])
        #expect(blocking.map(\.code) == [.unknownRespondent, .duplicateRespondent, .unknownRespondent, .respondentKind])
        let report = result.report(.sv)
        #expect(report.contains("tabell.csv:rad 3, A3: fel: ”Stockholms stad” finns inte i registret `test`"))
        #expect(report.contains("tabell.csv:rad 4, A4: fel: `falun` (Falu kommun) har redan en rad (rad 2)"))
        #expect(report.contains("6 rader med svar lästa (1 tom rad hoppades över). Inget skrevs: 4 problem måste rättas först (se ovan)."))
        // The check of the rows that could be read waits until the table can be read in.
        #expect(!report.contains("[required]"))
        #expect(report.contains("Kontrollen av svaren hittade dessutom 2 fel; de visas när tabellen kan läsas in."))
    }

    @Test("existing response files are kept unless --force; validation findings do not stop the write")
    func existingFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tabell.csv")
        try "Kommun;1;3;okat\nFalun;nej;inga;vetej\nMalung-Sälen;nej;inga;ja\n".write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("ut").path
        let options = TableImport.Options(survey: "test-enkat", outDirectory: out)
        let first = TableImport.run(file: file.path, options: options, catalog: fixtureCatalog)
        #expect(!first.blocked)
        #expect(first.written.count == 2)
        #expect(first.findings.contains { $0.code == .unknownOption && $0.table?.row == 2 })
        #expect(first.summary(.sv).contains("Kontroll av svaren: 3 fel i 2 svar"))
        let falun = try String(contentsOfFile: out + "/falun.yaml", encoding: .utf8)
        #expect(falun.contains("# Importerad från tabell.csv, rad 2."))
        #expect(falun.contains("# Svarande: Falu kommun (falun)."))

        try "# handskrivet\n".write(toFile: out + "/falun.yaml", atomically: true, encoding: .utf8)
        let again = TableImport.run(file: file.path, options: options, catalog: fixtureCatalog)
        #expect(again.blocked)
        #expect(again.findings.filter(again.stops).map(\.code) == [.fileExists, .fileExists])
        #expect(try String(contentsOfFile: out + "/falun.yaml", encoding: .utf8) == "# handskrivet\n")

        var forced = options
        forced.force = true
        let replaced = TableImport.run(file: file.path, options: forced, catalog: fixtureCatalog)
        #expect(replaced.written.count == 2)
        #expect(try String(contentsOfFile: out + "/falun.yaml", encoding: .utf8) == falun)
    }

    @Test("several responses per respondent become id.yaml, id-2.yaml …")
    func several() throws {
        let csv = "Svarande;delmal-1;delmal-2;delmal-3;delmal-4;delmal-5\nSödra Dalarna;3;3;3;2;4\nsl-sodra-dalarna;4;4;4;4;4\n"
        let result = planTable(Array(csv.utf8), survey: "sjalvskattning-2025", catalog: realCatalog)
        #expect(!result.blocked)
        #expect(result.files.map(\.name) == ["sl-sodra-dalarna.yaml", "sl-sodra-dalarna-2.yaml"])
    }

    @Test("a table of another survey has no header row: a clear stop")
    func wrongSurvey() {
        let result = planTable(Array("Kommun;delmal-1\nFalun;3\n".utf8))
        #expect(result.blocked)
        #expect(result.findings.first?.message.sv.hasPrefix("hittar ingen rubrikrad") == true)
    }
}
