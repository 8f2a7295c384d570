/// Writes an `AnswerTable` as CSV for Swedish Excel: UTF-8 with a byte order mark (so Excel
/// reads å, ä, ö), `;` between fields, CRLF between rows, numbers with decimal comma, and
/// the not-anonymized warning as the first row. Fields are quoted and guarded against formula
/// injection as the compiled report's CSV is.
enum CSVWriter {
    static func csv(_ table: AnswerTable) -> [UInt8] {
        var rows: [[String]] = [[table.note]]
        rows.append(table.columns.map(\.header))
        for cells in table.rows {
            rows.append(
                cells.map { cell in
                    switch cell {
                    case .empty: ""
                    case .text(let text): text.normalizingLineBreaks()
                    case .number(let value): TableValues.numberText(value)
                    }
                })
        }
        let text = "\u{FEFF}" + rows.map { $0.map(ReportData.csvField).joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
        return Array(text.utf8)
    }
}
