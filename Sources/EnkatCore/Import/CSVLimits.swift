/// The limits of the CSV reader, in one place.
///
/// A real export is far below every one of them: all 290 kommuner with about a hundred
/// columns and long free texts is a few MB, a free-text answer at most a few thousand
/// characters. They are there so that a broken or hostile file ends with a clear message
/// within a second or two and a few hundred MB, instead of hanging or running out of memory:
/// the tokenizer is linear, but every cell kept costs memory and every row a check.
public struct CSVLimits: Sendable, Equatable {
    /// The largest file, in bytes.
    public var maxFileBytes: Int
    /// The longest row (record), in bytes of UTF-8, its line breaks inside quotes included.
    public var maxRecordBytes: Int
    /// The largest cell, in bytes of UTF-8.
    public var maxCellBytes: Int
    /// The most columns in a row.
    public var maxColumns: Int
    /// The most rows (records), the header included.
    public var maxRows: Int
    /// The most cells in the whole table (each costs memory even when empty).
    public var maxCells: Int

    /// Creates limits.
    public init(maxFileBytes: Int, maxRecordBytes: Int, maxCellBytes: Int, maxColumns: Int, maxRows: Int, maxCells: Int) {
        self.maxFileBytes = maxFileBytes
        self.maxRecordBytes = maxRecordBytes
        self.maxCellBytes = maxCellBytes
        self.maxColumns = maxColumns
        self.maxRows = maxRows
        self.maxCells = maxCells
    }

    /// The limits `enkat import table` applies.
    public static let standard = CSVLimits(
        maxFileBytes: 8 * 1024 * 1024,
        maxRecordBytes: 1024 * 1024,
        maxCellBytes: 256 * 1024,
        maxColumns: 4096,
        maxRows: 10_000,
        maxCells: 2_000_000)

    /// No limits (for a bounded sample, and for text enkat wrote itself).
    static let none = CSVLimits(
        maxFileBytes: .max, maxRecordBytes: .max, maxCellBytes: .max, maxColumns: .max, maxRows: .max, maxCells: .max)

    // MARK: - Errors

    /// The file is larger than `maxFileBytes`.
    func fileTooLarge(_ size: Int) -> TableReadError {
        TableReadError.limit(
            LocalizedText(
                sv:
                    "filen är \(Self.megabytes(size, .sv)) och större än gränsen för en CSV-fil, \(Self.megabytes(maxFileBytes, .sv)); dela upp tabellen i flera filer (t.ex. per län) eller ta bort kolumner som inte hör till enkäten",
                en:
                    "the file is \(Self.megabytes(size, .en)), larger than the limit for a CSV file, \(Self.megabytes(maxFileBytes, .en)); split the table into several files (by county, say) or remove columns that are not part of the survey"
            ))
    }

    /// A row is longer than `maxRecordBytes`.
    func recordTooLong(row: Int, openQuote: Int?) -> TableReadError {
        TableReadError.limit(
            LocalizedText(
                sv:
                    "rad \(row) är längre än gränsen för en rad, \(Self.megabytes(maxRecordBytes, .sv))\(Self.quoteHint(openQuote, .sv)); kontrollera att radbrytningar och citattecken står rätt, eller dela upp tabellen",
                en:
                    "row \(row) is longer than the limit for a row, \(Self.megabytes(maxRecordBytes, .en))\(Self.quoteHint(openQuote, .en)); check the line breaks and quotes, or split the table"
            ),
            row: row)
    }

    /// A cell is larger than `maxCellBytes`.
    func cellTooLarge(row: Int, column: Int, openQuote: Int?) -> TableReadError {
        TableReadError.limit(
            LocalizedText(
                sv:
                    "cellen i kolumn \(TableSheet.columnName(column)) på rad \(row) är större än gränsen för en cell, \(Self.megabytes(maxCellBytes, .sv))\(Self.quoteHint(openQuote, .sv)); inget svar är så långt — kontrollera cellen och citattecknen",
                en:
                    "the cell in column \(TableSheet.columnName(column)) of row \(row) is larger than the limit for a cell, \(Self.megabytes(maxCellBytes, .en))\(Self.quoteHint(openQuote, .en)); no answer is that long — check the cell and the quotes"
            ),
            row: row, column: column)
    }

    /// A row has more than `maxColumns` columns.
    func tooManyColumns(row: Int) -> TableReadError {
        TableReadError.limit(
            LocalizedText(
                sv:
                    "rad \(row) har fler än \(Self.count(maxColumns, .sv)) kolumner, gränsen för en CSV-fil; kontrollera att avgränsaren är rätt och ta bort kolumner som inte hör till enkäten",
                en:
                    "row \(row) has more than \(Self.count(maxColumns, .en)) columns, the limit for a CSV file; check that the separator is right and remove columns that are not part of the survey"
            ),
            row: row)
    }

    /// The table has more than `maxRows` rows.
    func tooManyRows() -> TableReadError {
        TableReadError.limit(
            LocalizedText(
                sv:
                    "tabellen har fler än \(Self.count(maxRows, .sv)) rader, gränsen för en CSV-fil; dela upp den i flera filer och läs in dem var för sig",
                en:
                    "the table has more than \(Self.count(maxRows, .en)) rows, the limit for a CSV file; split it into several files and import them one by one"
            ),
            row: maxRows + 1)
    }

    /// The table has more than `maxCells` cells.
    func tooManyCells(row: Int) -> TableReadError {
        TableReadError.limit(
            LocalizedText(
                sv:
                    "tabellen har fler än \(Self.count(maxCells, .sv)) celler (rader gånger kolumner), gränsen för en CSV-fil; dela upp den i flera filer eller ta bort kolumner som inte hör till enkäten",
                en:
                    "the table has more than \(Self.count(maxCells, .en)) cells (rows times columns), the limit for a CSV file; split it into several files or remove columns that are not part of the survey"
            ),
            row: row)
    }

    private static func quoteHint(_ openQuote: Int?, _ language: Language) -> String {
        guard let openQuote else { return "" }
        return language == .sv
            ? " (ett citattecken som öppnas på rad \(openQuote) har inte stängts)"
            : " (a quote opened in row \(openQuote) has not been closed)"
    }

    /// "4 096" / "4,096".
    static func count(_ value: Int, _ language: Language) -> String {
        let digits = Array(String(value))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text += language == .sv ? " " : "," }
            text.append(digit)
        }
        return text
    }

    /// "32 MB", "1,5 MB" / "1.5 MB" (1 MB = 1 048 576 bytes).
    static func megabytes(_ bytes: Int, _ language: Language) -> String {
        let tenths = (bytes * 10 + 1024 * 1024 - 1) / (1024 * 1024)
        if tenths % 10 == 0 || tenths >= 100 { return "\((tenths + 9) / 10) MB" }
        return "\(tenths / 10)\(language == .sv ? "," : ".")\(tenths % 10) MB"
    }
}

extension TableReadError {
    /// An exceeded limit: code `table-limit`.
    static func limit(_ message: LocalizedText, row: Int? = nil, column: Int? = nil) -> TableReadError {
        TableReadError(message, row: row, column: column, code: .tableLimit)
    }
}
