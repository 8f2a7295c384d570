import Foundation
import ZIPFoundation

/// Writes an `AnswerTable` as a minimal, valid SpreadsheetML workbook: the answers on sheet
/// "Svar" (the not-anonymized warning in row 1, the header in row 2, frozen with the name
/// column, filter buttons, column widths, wrapped text, numbers as numbers) and the questions
/// with their options on sheet "Frågor". The bytes are the same for the same table: fixed
/// entry dates and part order, no creation time.
enum XLSXWriter {
    /// Cell styles (indexes into `cellXfs` of styles.xml).
    enum Style: Int {
        case plain = 0, header = 1, text = 2, note = 3, number = 4
    }

    struct Row {
        var cells: [AnswerTable.Cell]
        var style: Style
        var height: Double?
    }

    struct Sheet {
        var name: String
        var widths: [Double]
        var rows: [Row]
        var frozenRows: Int
        var frozenColumns: Int
        /// The 1-based row that carries filter buttons.
        var filterRow: Int?
    }

    /// The workbook's bytes.
    static func workbook(_ table: AnswerTable) throws -> [UInt8] {
        let widths = table.columns.map { width(of: $0, in: table) }
        var rows: [Row] = [Row(cells: [.text(table.note)], style: .note, height: 20)]
        rows.append(
            Row(cells: table.columns.map { .text($0.header) }, style: .header, height: headerHeight(table.columns.map(\.header), widths)))
        for cells in table.rows {
            rows.append(Row(cells: cells, style: .text, height: bodyHeight(cells, widths)))
        }
        let answers = Sheet(
            name: "Svar", widths: widths, rows: rows, frozenRows: 2, frozenColumns: 1, filterRow: table.rows.isEmpty ? nil : 2)
        let legendWidths: [Double] = [14, 28, 16, 80, 70]
        var legendRows = [Row(cells: table.legendHeader.map(AnswerTable.Cell.text), style: .header, height: 20)]
        for cells in table.legend {
            legendRows.append(Row(cells: cells, style: .text, height: bodyHeight(cells, legendWidths, maximumLines: 12)))
        }
        let legend = Sheet(name: "Frågor", widths: legendWidths, rows: legendRows, frozenRows: 1, frozenColumns: 1, filterRow: nil)
        return try package([answers, legend], title: table.title, description: table.note)
    }

    // MARK: - Sizes

    private static func width(of column: AnswerTable.Column, in table: AnswerTable) -> Double {
        switch column.kind {
        case .name: 26
        case .id: 20
        case .text: 60
        case .options: 40
        case .note: 45
        case .number: 12
        case .mark: 14
        case .choice:
            // Wide enough for the longest option id in the column.
            Double(min(30, max(14, longest(table, column) + 2)))
        }
    }

    private static func longest(_ table: AnswerTable, _ column: AnswerTable.Column) -> Int {
        guard let index = table.columns.firstIndex(of: column) else { return 0 }
        return table.rows.map { row -> Int in
            if case .text(let text) = row[index] { return text.count }
            return 0
        }.max() ?? 0
    }

    /// Lines a text takes in a column of this width (Calibri 11 fits about 1.1 characters per
    /// width unit).
    private static func lines(_ text: String, width: Double) -> Int {
        let perLine = max(1, Int(width * 1.1))
        return text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { sum, paragraph in
            sum + max(1, (paragraph.count + perLine - 1) / perLine)
        }
    }

    private static func headerHeight(_ headers: [String], _ widths: [Double]) -> Double {
        let most = zip(headers, widths).map { lines($0, width: $1) }.max() ?? 1
        return Double(min(most, 8)) * 15 + 4
    }

    /// A row tall enough for its longest text up to a few lines; the rest shows in the cell.
    private static func bodyHeight(_ cells: [AnswerTable.Cell], _ widths: [Double], maximumLines: Int = 6) -> Double {
        var most = 1
        for (cell, width) in zip(cells, widths) {
            if case .text(let text) = cell { most = max(most, lines(text, width: width)) }
        }
        return Double(min(most, maximumLines)) * 15
    }

    // MARK: - Parts

    private static func package(_ sheets: [Sheet], title: String, description: String) throws -> [UInt8] {
        var strings = SharedStrings()
        var parts: [(String, String)] = []
        let sheetXML = sheets.map { sheet(of: $0, strings: &strings) }
        parts.append(("[Content_Types].xml", contentTypes(sheets.count)))
        parts.append(("_rels/.rels", packageRelationships))
        parts.append(("docProps/core.xml", coreProperties(title: title, description: description)))
        parts.append(("docProps/app.xml", appProperties(sheets)))
        parts.append(("xl/workbook.xml", workbook(sheets)))
        parts.append(("xl/_rels/workbook.xml.rels", workbookRelationships(sheets.count)))
        parts.append(("xl/styles.xml", styles))
        for (index, xml) in sheetXML.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", xml))
        }
        parts.append(("xl/sharedStrings.xml", strings.xml))

        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(bytes.count),
                modificationDate: DocxPackage.entryDate, permissions: 0o644, compressionMethod: .deflate
            ) { position, size in
                bytes.subdata(in: Int(position)..<min(Int(position) + size, bytes.count))
            }
        }
        guard let data = archive.data else { throw Archive.ArchiveError.unwritableArchive }
        return [UInt8](data)
    }

    private static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    private static func contentTypes(_ sheetCount: Int) -> String {
        var xml = header + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml +=
            #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for index in 1...sheetCount {
            xml +=
                #"<Override PartName="/xl/worksheets/sheet\#(index).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        xml +=
            #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        xml +=
            #"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
        xml += #"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#
        xml +=
            #"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#
        return xml + "</Types>"
    }

    private static let packageRelationships =
        header
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        + #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#
        + #"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#
        + "</Relationships>"

    /// Title, subject, keywords, description and content status all say that the file is not
    /// anonymized, so that File → Properties and a file manager show it too.
    private static func coreProperties(title: String, description: String) -> String {
        header
            + #"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
            + "<dc:title>\(DocxPackage.escaped(title + " – alla svar (ej anonymiserade)"))</dc:title>"
            + "<dc:subject>Alla svar, EJ ANONYMISERADE – får inte publiceras</dc:subject>"
            + "<dc:creator>enkat</dc:creator>"
            + "<cp:keywords>ej anonymiserad; får inte publiceras</cp:keywords>"
            + "<dc:description>\(DocxPackage.escaped(description))</dc:description>"
            + "<cp:contentStatus>Ej anonymiserad – får inte publiceras</cp:contentStatus>"
            + "</cp:coreProperties>"
    }

    private static func appProperties(_ sheets: [Sheet]) -> String {
        var xml =
            header
            + #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
        xml += "<Application>enkat</Application>"
        xml +=
            #"<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Kalkylblad</vt:lpstr></vt:variant><vt:variant><vt:i4>\#(sheets.count)</vt:i4></vt:variant></vt:vector></HeadingPairs>"#
        xml += #"<TitlesOfParts><vt:vector size="\#(sheets.count)" baseType="lpstr">"#
        for sheet in sheets { xml += "<vt:lpstr>\(DocxPackage.escaped(sheet.name))</vt:lpstr>" }
        return xml + "</vt:vector></TitlesOfParts></Properties>"
    }

    private static func workbook(_ sheets: [Sheet]) -> String {
        var xml = header + #"<workbook xmlns="\#(main)" xmlns:r="\#(relationshipsNamespace)">"#
        xml += #"<bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
        for (index, sheet) in sheets.enumerated() {
            xml += #"<sheet name="\#(DocxPackage.escaped(sheet.name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        xml += "</sheets>"
        // Filter ranges, and the frozen rows repeated on every printed page.
        var names: [String] = []
        for (index, sheet) in sheets.enumerated() {
            let quoted = "'" + DocxPackage.escaped(sheet.name) + "'"
            if let row = sheet.filterRow, let columns = sheet.rows.map(\.cells.count).max(), columns > 0 {
                let last = TableSheet.columnName(columns - 1)
                names.append(
                    #"<definedName name="_xlnm._FilterDatabase" localSheetId="\#(index)" hidden="1">\#(quoted)!$A$\#(row):$\#(last)$\#(sheet.rows.count)</definedName>"#
                )
            }
            if sheet.frozenRows > 0 {
                names.append(
                    #"<definedName name="_xlnm.Print_Titles" localSheetId="\#(index)">\#(quoted)!$1:$\#(sheet.frozenRows)</definedName>"#)
            }
        }
        if !names.isEmpty { xml += "<definedNames>" + names.joined() + "</definedNames>" }
        return xml + "</workbook>"
    }

    private static func workbookRelationships(_ sheetCount: Int) -> String {
        var xml = header + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in 1...sheetCount {
            xml +=
                #"<Relationship Id="rId\#(index)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(index).xml"/>"#
        }
        xml +=
            #"<Relationship Id="rId\#(sheetCount + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        xml +=
            #"<Relationship Id="rId\#(sheetCount + 2)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
        return xml + "</Relationships>"
    }

    /// Fonts: normal, bold, bold dark red. Fills: the two Excel requires, a light blue for the
    /// header. Styles as `Style` numbers them.
    private static let styles =
        header
        + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        + #"<fonts count="3">"#
        + #"<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#
        + #"<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#
        + #"<font><b/><sz val="11"/><color rgb="FFC00000"/><name val="Calibri"/><family val="2"/></font>"#
        + "</fonts>"
        + #"<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"#
        + #"<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>"#
        + #"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>"#
        + #"<border><left/><right/><top/><bottom style="thin"><color rgb="FF8EA9DB"/></bottom><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="5">"#
        + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>"#
        + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>"#
        + #"<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="center"/></xf>"#
        + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>"#
        + "</cellXfs>"
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    private static func sheet(of sheet: Sheet, strings: inout SharedStrings) -> String {
        let columns = max(1, sheet.rows.map(\.cells.count).max() ?? 1)
        let last = TableSheet.columnName(columns - 1)
        var xml = header + #"<worksheet xmlns="\#(main)" xmlns:r="\#(relationshipsNamespace)">"#
        xml += #"<dimension ref="A1:\#(last)\#(max(1, sheet.rows.count))"/>"#
        let topLeft = TableSheet.columnName(sheet.frozenColumns) + String(sheet.frozenRows + 1)
        let pane = sheet.frozenColumns > 0 && sheet.frozenRows > 0 ? "bottomRight" : sheet.frozenRows > 0 ? "bottomLeft" : "topRight"
        xml += #"<sheetViews><sheetView workbookViewId="0"\#(sheet.name == "Svar" ? #" tabSelected="1""# : "")>"#
        xml +=
            #"<pane\#(sheet.frozenColumns > 0 ? #" xSplit="\#(sheet.frozenColumns)""# : "")\#(sheet.frozenRows > 0 ? #" ySplit="\#(sheet.frozenRows)""# : "") topLeftCell="\#(topLeft)" activePane="\#(pane)" state="frozen"/>"#
        xml += #"<selection pane="\#(pane)" activeCell="\#(topLeft)" sqref="\#(topLeft)"/>"#
        xml += "</sheetView></sheetViews>"
        xml += #"<sheetFormatPr defaultRowHeight="15"/>"#
        xml += "<cols>"
        for (index, width) in sheet.widths.enumerated() {
            xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
        }
        xml += "</cols><sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            let number = rowIndex + 1
            xml += #"<row r="\#(number)""# + (row.height.map { #" ht="\#($0)" customHeight="1""# } ?? "") + ">"
            for (columnIndex, cell) in row.cells.enumerated() {
                let reference = TableSheet.columnName(columnIndex) + String(number)
                switch cell {
                case .empty:
                    if row.style == .header { xml += #"<c r="\#(reference)" s="\#(row.style.rawValue)"/>"# }
                case .text(let text):
                    xml += #"<c r="\#(reference)" t="s" s="\#(row.style.rawValue)"><v>\#(strings.index(text))</v></c>"#
                case .number(let value):
                    let style = row.style == .text ? Style.number : row.style
                    xml += #"<c r="\#(reference)" s="\#(style.rawValue)"><v>\#(numberXML(value))</v></c>"#
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if let row = sheet.filterRow {
            xml += #"<autoFilter ref="A\#(row):\#(last)\#(sheet.rows.count)"/>"#
        }
        xml += #"<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>"#
        xml += #"<pageSetup paperSize="9" orientation="landscape"/>"#
        // Every printed page says that it is not anonymized, whichever columns it shows.
        xml +=
            #"<headerFooter><oddHeader>&amp;L&amp;"-,Bold"EJ ANONYMISERAD – får inte publiceras&amp;R&amp;A</oddHeader><oddFooter>&amp;CSida &amp;P av &amp;N</oddFooter></headerFooter>"#
        return xml + "</worksheet>"
    }

    /// A number as XML wants it: a point, no grouping, integers without a fraction.
    static func numberXML(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// The shared string table: each distinct text once, in order of first use.
    struct SharedStrings {
        private var indexes: [String: Int] = [:]
        private var texts: [String] = []
        private var uses = 0

        mutating func index(_ text: String) -> Int {
            uses += 1
            if let index = indexes[text] { return index }
            indexes[text] = texts.count
            texts.append(text)
            return texts.count - 1
        }

        var xml: String {
            var xml = XLSXWriter.header + #"<sst xmlns="\#(XLSXWriter.main)" count="\#(uses)" uniqueCount="\#(texts.count)">"#
            for text in texts {
                xml += #"<si><t xml:space="preserve">"# + XLSXWriter.escapedText(text) + "</t></si>"
            }
            return xml + "</sst>"
        }
    }

    /// Text for a `<t>` element: line breaks as LF, a literal `_xHHHH_` protected so that
    /// readers do not decode it, XML special characters escaped.
    static func escapedText(_ text: String) -> String {
        var value = text.normalizingLineBreaks()
        if value.contains("_x") {
            var result = ""
            var rest = Substring(value)
            while let start = rest.range(of: "_x") {
                result += rest[..<start.lowerBound]
                let after = rest[start.upperBound...]
                let hex = after.prefix(4)
                if hex.count == 4, after.dropFirst(4).first == "_", UInt32(hex, radix: 16) != nil {
                    result += "_x005F_x"
                } else {
                    result += "_x"
                }
                rest = after
            }
            value = result + rest
        }
        return DocxPackage.escaped(value)
    }
}
