import Foundation

/// One cell of a table as read from a CSV or XLSX file, before any question gives it a type.
public enum TableCell: Sendable, Equatable {
    /// Nothing in the cell.
    case empty
    /// Text (a CSV field, a shared or inline string, a formula's string result).
    case text(String)
    /// A number cell of a spreadsheet; `percentFormat` when its style shows it as a percentage
    /// (Excel stores 79 % as 0.79).
    case number(Double, percentFormat: Bool)
    /// A boolean cell (TRUE/FALSE).
    case boolean(Bool)

    /// Whether the cell holds nothing but white space.
    public var isBlank: Bool {
        switch self {
        case .empty: true
        case .text(let text): text.allSatisfy(\.isWhitespace)
        default: false
        }
    }
}

/// One row of a table: its number as a spreadsheet shows it (1-based) and its cells by
/// column (0-based; gaps are `.empty`).
public struct TableRow: Sendable, Equatable {
    /// The row number a user sees in Excel (for a CSV file: the record number, header = 1).
    public var number: Int
    /// The cells, column A first.
    public var cells: [TableCell]

    /// Creates a row.
    public init(number: Int, cells: [TableCell]) {
        self.number = number
        self.cells = cells
    }

    /// The cell in a column, `.empty` beyond the row's end.
    public subscript(column: Int) -> TableCell {
        column < cells.count ? cells[column] : .empty
    }

    /// Whether every cell is blank.
    public var isBlank: Bool { cells.allSatisfy(\.isBlank) }
}

/// What kind of file a table came from, for the summary.
public enum TableSource: Sendable, Equatable {
    /// A CSV file: its text encoding and field separator.
    case csv(encoding: CSVEncoding, separator: Character)
    /// An Excel workbook: the sheet read and every sheet's name.
    case xlsx(sheet: String, sheets: [String])

    /// "CSV, teckenkodning UTF-8 med BOM, avgränsare semikolon" and the like.
    public var description: LocalizedText {
        switch self {
        case .csv(let encoding, let separator):
            let name: LocalizedText =
                switch separator {
                case ";": LocalizedText(sv: "semikolon", en: "semicolon")
                case ",": LocalizedText(sv: "komma", en: "comma")
                case "\t": LocalizedText(sv: "tabb", en: "tab")
                default: LocalizedText(sv: "”\(separator)”", en: "“\(separator)”")
                }
            return LocalizedText(sv: "CSV, teckenkodning ", en: "CSV, encoding ") + encoding.description
                + LocalizedText(sv: ", avgränsare ", en: ", separator ") + name
        case .xlsx(let sheet, let sheets):
            let position = (sheets.firstIndex(of: sheet) ?? 0) + 1
            let others =
                sheets.count > 1
                ? LocalizedText(sv: " (blad \(position) av \(sheets.count))", en: " (sheet \(position) of \(sheets.count))")
                : LocalizedText(sv: "", en: "")
            return LocalizedText(sv: "Excel-arbetsbok, bladet ”\(sheet)”", en: "Excel workbook, sheet “\(sheet)”") + others
        }
    }
}

/// A table read from a file: rows of untyped cells.
public struct TableSheet: Sendable, Equatable {
    /// The rows in file order (blank rows kept, so that row numbers stay as the user sees them).
    public var rows: [TableRow]
    /// Where the rows came from.
    public var source: TableSource

    /// Creates a table.
    public init(rows: [TableRow], source: TableSource) {
        self.rows = rows
        self.source = source
    }

    /// The number of columns of the widest row.
    public var columnCount: Int { rows.map(\.cells.count).max() ?? 0 }

    /// For each column, the index (into `rows`) of the last row with a non-blank cell in it,
    /// -1 when there is none: one pass over the table instead of one per column.
    func lastContentRows() -> [Int] {
        var last = [Int](repeating: -1, count: columnCount)
        for (index, row) in rows.enumerated() {
            for (column, cell) in row.cells.enumerated() where !cell.isBlank {
                last[column] = index
            }
        }
        return last
    }

    /// A column's letters as Excel names it: 0 → A, 25 → Z, 26 → AA (a negative index as A).
    public static func columnName(_ index: Int) -> String {
        var index = max(index, 0)
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
            index = index / 26 - 1
        } while index >= 0
        return name
    }

    /// The 0-based column and 1-based row of a reference such as `AB12`; `nil` when it is not one
    /// within Excel's limits: columns A to XFD, rows 1 to 1 048 576. Never overflows, whatever
    /// the length.
    public static func parseReference(_ reference: String) -> (column: Int, row: Int?)? {
        var column = 0
        var letters = 0
        var row = 0
        var digits = 0
        for scalar in reference.unicodeScalars {
            switch scalar {
            case "A"..."Z" where digits == 0, "a"..."z" where digits == 0:
                letters += 1
                // Three letters reach ZZZ (18 278), so the sum cannot overflow before the check.
                guard letters <= 3 else { return nil }
                column = column * 26 + Int((scalar.value & ~0x20) - 64)
            case "$": continue
            case "0"..."9":
                digits += 1
                row = row * 10 + Int(scalar.value - 48)
                // A row number past Excel's last row, checked digit by digit so it cannot overflow.
                guard row <= 1_048_576 else { return nil }
            default: return nil
            }
        }
        guard letters > 0, column <= 16_384 else { return nil }
        if digits > 0 && row == 0 { return nil }
        return (column - 1, digits == 0 ? nil : row)
    }
}

/// Why a table could not be read at all.
public struct TableReadError: Error, Sendable {
    /// What went wrong.
    public var message: LocalizedText
    /// The row it went wrong in, when known.
    public var row: Int?
    /// The column (0-based), when one cell is meant.
    public var column: Int?
    /// The diagnostic's code: `table-read` (the file is not a table enkat can read) or
    /// `table-limit` (it exceeds one of the reader's limits).
    public var code: DiagnosticCode

    /// Creates the error.
    public init(_ message: LocalizedText, row: Int? = nil, column: Int? = nil, code: DiagnosticCode = .tableRead) {
        self.message = message
        self.row = row
        self.column = column
        self.code = code
    }

    /// Where in the table, when a row is known.
    public var position: TablePosition? {
        row.map { TablePosition(row: $0, column: column) }
    }
}

/// Reading a table file of either kind.
public enum TableReader {
    /// Reads a CSV or XLSX file (an XLSX is recognised by its zip signature, whatever its name).
    public static func read(_ bytes: [UInt8], sheet: String? = nil) throws(TableReadError) -> TableSheet {
        if XLSXReader.isZip(bytes) {
            return try XLSXReader.read(bytes, sheet: sheet)
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw TableReadError(
                LocalizedText(
                    sv: "filen är i Excels gamla format (.xls); spara den som Excel-arbetsbok (.xlsx) eller CSV UTF-8 och läs in den igen",
                    en: "the file is in Excel's old format (.xls); save it as an Excel workbook (.xlsx) or CSV UTF-8 and import it again"))
        }
        if sheet != nil {
            throw TableReadError(
                LocalizedText(
                    sv: "--sheet gäller bara Excel-filer (.xlsx); det här är en textfil (CSV)",
                    en: "--sheet applies to Excel files (.xlsx) only; this is a text (CSV) file"))
        }
        return try CSVReader.read(bytes)
    }
}
