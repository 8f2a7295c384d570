import Foundation
import Testing
import ZIPFoundation

@testable import EnkatCore

let openpyxlAvailable = commandWorks(["python3", "-c", "import openpyxl"])
/// LibreOffice with Calc (libreoffice-writer-nogui alone has soffice but cannot read .xlsx).
let sofficeCalcAvailable = commandWorks([
    "sh", "-c", #"p=$(readlink -f "$(command -v soffice)") && ls "$(dirname "$p")" | grep -q '^libsclo'"#,
])

@Suite("Export: a table of all answers")
struct TableExportTests {
    static func responsesFolder(_ survey: String) -> String {
        packageRoot.appendingPathComponent("responses/\(survey)").path
    }

    static func export(_ survey: String, _ format: TableExport.Format, _ layout: TableExport.MultiLayout = .cell) throws
        -> TableExport.Result
    {
        let result = TableExport.run(
            paths: [responsesFolder(survey)], surveyID: survey, format: format, layout: layout, catalog: realCatalog)
        #expect(!result.diagnostics.contains { $0.severity == .error }, "\(result.diagnostics.map(\.message.sv))")
        return result
    }

    @Test(
        "export then import gives back the same answers, for every sample response",
        arguments: ShippedDataTests.surveyIDs, [TableExport.Format.xlsx, .csv])
    func roundTrip(_ survey: String, _ format: TableExport.Format) throws {
        for layout in TableExport.MultiLayout.allCases {
            let bytes = try #require(try Self.export(survey, format, layout).bytes)
            let imported = planTable(bytes, file: "alla.\(format.rawValue)", survey: survey, catalog: realCatalog)
            #expect(!imported.blocked)
            #expect(!imported.findings.contains { $0.severity == .error }, "\(imported.findings.map { imported.line($0, .sv) })")
            #expect(imported.unmappedColumns.isEmpty)
            #expect(imported.questionsWithoutColumn.isEmpty)

            let files = try CheckRun.expand([Self.responsesFolder(survey)])
            let originals = CheckRun.check(files, catalog: realCatalog).checks.compactMap(\.response)
                .sorted {
                    ($0.file as NSString).deletingPathExtension.localizedStandardCompare(($1.file as NSString).deletingPathExtension)
                        == .orderedAscending
                }
            let definition = try #require(realCatalog.surveys[survey])
            #expect(imported.files.count == originals.count)
            var seen: [String: Int] = [:]
            for original in originals {
                let count = seen[original.respondent, default: 0] + 1
                seen[original.respondent] = count
                let name = original.respondent + (count > 1 ? "-\(count)" : "") + ".yaml"
                let again = try #require(imported.files.first { $0.name == name }?.response, "\(name) not imported")
                for question in definition.questions {
                    let before = original.answers[question.id], after = again.answers[question.id]
                    if layout == .columns, case .options(let a)? = before?.value, case .options(let b)? = after?.value {
                        #expect(Set(a) == Set(b), "\(name) \(question.id)")
                    } else {
                        #expect(before?.value == after?.value, "\(name) \(question.id) \(format) \(layout)")
                    }
                    #expect(before?.comment == after?.comment, "\(name) \(question.id) comment")
                    #expect(before?.details == after?.details, "\(name) \(question.id) details")
                }
            }
        }
    }

    @Test("the workbook's bytes are the same every time")
    func deterministic() throws {
        let first = try #require(try Self.export("socialstyrelsen-kommun-2025", .xlsx).bytes)
        let second = try #require(try Self.export("socialstyrelsen-kommun-2025", .xlsx).bytes)
        #expect(first == second)
    }

    @Test("the workbook: parts, warning row, frozen header and name column, widths, wrapped text, numbers as numbers")
    func workbookParts() throws {
        let bytes = try #require(try Self.export("slutredovisning-region-2022", .xlsx).bytes)
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        let names = Set(archive.map(\.path))
        for part in [
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml", "xl/styles.xml", "xl/sharedStrings.xml", "docProps/core.xml",
        ] {
            #expect(names.contains(part), "\(part)")
        }
        func text(_ path: String) throws -> String {
            var data = Data()
            _ = try archive.extract(try #require(archive[path])) { data.append($0) }
            return String(decoding: data, as: UTF8.self)
        }
        let sheet = try text("xl/worksheets/sheet1.xml")
        #expect(sheet.contains(#"<pane xSplit="1" ySplit="2" topLeftCell="B3" activePane="bottomRight" state="frozen"/>"#))
        #expect(sheet.contains(#"<col min="1" max="1" width="26.0" customWidth="1"/>"#))
        #expect(sheet.contains(#"<autoFilter ref="A2:"#))
        let core = try text("docProps/core.xml")
        #expect(core.contains("<dc:description>EJ ANONYMISERAD: "))
        #expect(try text("xl/styles.xml").contains(#"wrapText="1""#))

        let table = try XLSXReader.read(bytes)
        #expect(table.source == .xlsx(sheet: "Svar", sheets: ["Svar", "Frågor"]))
        guard case .text(let note) = table.rows[0][0] else { Issue.record("no warning in A1"); return }
        #expect(note.hasPrefix("EJ ANONYMISERAD"))
        #expect(table.rows[1][0] == .text("Svarande"))
        let header = table.rows[1].cells
        let column17c = try #require(
            header.firstIndex {
                $0 == .text("17c: Ange andel i procent av befolkningen som har en fast läkarkontakt i primärvården 2022?")
                    || { if case .text(let t) = $0 { return t.hasPrefix("17c:") } else { return false } }($0)
            })
        #expect(table.rows[2][column17c] == .number(79, percentFormat: false))
        #expect(table.rows[2][0] == .text("Region Dalarna"))
        #expect(header.contains(.text("17c kommentar")))
        #expect(header.contains { if case .text(let t) = $0 { t.hasPrefix("5 följdtext: ") } else { false } })
    }

    @Test("CSV for Swedish Excel: BOM, semicolons, CRLF, decimal comma, the warning first")
    func csv() throws {
        let bytes = try #require(try Self.export("slutredovisning-region-2022", .csv).bytes)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("EJ ANONYMISERAD: "))
        #expect(text.contains("\r\nSvarande;Svarande-id;1: "))
        #expect(text.contains(";0,274;") || text.contains(";274;"))
        #expect(text.hasSuffix("\r\n"))
        let records = try CSVReader.parse(Substring(text), separator: ";")
        #expect(records[1].count == records[2].count)
        #expect(records[2][0] == "Region Dalarna")
    }

    @Test("multi questions as one 1/0 column per option")
    func optionColumns() throws {
        let result = try Self.export("socialstyrelsen-kommun-2025", .csv, .columns)
        let table = try #require(result.table)
        let column = try #require(table.columns.firstIndex { $0.header == "team-malgrupper: Personer i behov av palliativ vård" })
        let falun = try #require(table.rows.first { $0[1] == .text("falun") })
        #expect(falun[column] == .number(1))
        #expect(table.rows.count == 14)
        #expect(table.rows.map { $0[1] }.first == .text("avesta"))
    }

    @Test("responses with errors or from another survey are refused")
    func refuses() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try response("  okat: vet-ej\n").write(to: folder.appendingPathComponent("falun.yaml"), atomically: true, encoding: .utf8)
        try response("  okat: vetej\n", respondent: "malung-salen").write(
            to: folder.appendingPathComponent("malung.yaml"), atomically: true, encoding: .utf8)
        let withError = TableExport.run(paths: [folder.path], surveyID: "test-enkat", format: .xlsx, catalog: fixtureCatalog)
        #expect(withError.bytes == nil)
        #expect(withError.diagnostics.contains { $0.code == .unknownOption })

        try FileManager.default.removeItem(at: folder.appendingPathComponent("malung.yaml"))
        let fine = TableExport.run(paths: [folder.path], surveyID: "test-enkat", format: .csv, catalog: fixtureCatalog)
        #expect(fine.bytes != nil)
        let otherSurvey = TableExport.run(paths: [folder.path], surveyID: "sjalvskattning-2025", format: .csv, catalog: fixtureCatalog)
        #expect(otherSurvey.bytes == nil)
        #expect(otherSurvey.diagnostics.contains { $0.code == .mixedSurveys || $0.code == .unknownSurvey })
    }

    @Test(
        "openpyxl opens the workbook: sheets, frozen panes, numbers, widths, wrapping, properties",
        .tags(.slow), .slowTier, .needs(openpyxlAvailable, "python3 with openpyxl is not installed (pip install openpyxl)"))
    func openpyxl() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("alla.xlsx")
        try Data(try #require(try Self.export("slutredovisning-region-2022", .xlsx).bytes)).write(to: file)
        let script = """
            import json, sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            sheet = book["Svar"]
            header = [c.value for c in sheet[2]]
            row = [c.value for c in sheet[3]]
            i = next(n for n, h in enumerate(header) if h.startswith("17c:"))
            print(json.dumps({
                "sheets": book.sheetnames, "freeze": sheet.freeze_panes, "a1": sheet["A1"].value,
                "name": row[0], "value17c": row[i], "type17c": type(row[i]).__name__,
                "width": sheet.column_dimensions["A"].width, "wrap": sheet["A3"].alignment.wrap_text,
                "bold": sheet["B2"].font.b, "description": book.properties.description,
                "filter": sheet.auto_filter.ref}))
            """
        let output = try runCommand(["python3", "-c", script, file.path]).stdout
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "openpyxl said: \(output)")
        #expect(json["sheets"] as? [String] == ["Svar", "Frågor"])
        #expect(json["freeze"] as? String == "B3")
        #expect((json["a1"] as? String)?.hasPrefix("EJ ANONYMISERAD") == true)
        #expect(json["name"] as? String == "Region Dalarna")
        #expect(json["value17c"] as? Int == 79)
        #expect(json["type17c"] as? String == "int")
        #expect(json["width"] as? Double == 26)
        #expect(json["wrap"] as? Bool == true)
        #expect(json["bold"] as? Bool == true)
        #expect((json["description"] as? String)?.hasPrefix("EJ ANONYMISERAD") == true)
        #expect((json["filter"] as? String)?.hasPrefix("A2:") == true)
    }

    @Test(
        "LibreOffice opens the workbook and reads the answers",
        .tags(.slow), .slowTier, .needs(sofficeCalcAvailable, "LibreOffice is not installed (apt-get install libreoffice-calc-nogui)"))
    func libreOffice() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("alla.xlsx")
        try Data(try #require(try Self.export("socialstyrelsen-kommun-2025", .xlsx).bytes)).write(to: file)
        _ = try runCommand([
            "soffice", "--headless", "-env:UserInstallation=file://" + folder.appendingPathComponent("profile").path,
            "--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76,1", "--outdir", folder.path, file.path,
        ])
        let csv = try String(contentsOf: folder.appendingPathComponent("alla.csv"), encoding: .utf8)
        let records = try CSVReader.parse(Substring(csv), separator: ";")
        #expect(records.count == 16)
        #expect(records[1].prefix(2) == ["Svarande", "Svarande-id"])
        #expect(records.contains { $0.prefix(2) == ["Falu kommun", "falun"] })
    }
}
