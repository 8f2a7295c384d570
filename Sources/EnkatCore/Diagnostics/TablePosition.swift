/// A place in a table that `enkat import table` reads: a row as the spreadsheet shows it and,
/// when one cell is meant, its column. Part of a diagnostic's location (`Diagnostic.table`).
public struct TablePosition: Sendable, Hashable {
    /// The row as the spreadsheet shows it (1-based; in a CSV file the record's number).
    public var row: Int
    /// The column (0-based: column A is 0), when one cell is meant.
    public var column: Int?

    /// Creates a position.
    public init(row: Int, column: Int? = nil) {
        self.row = row
        self.column = column
    }

    /// `rad 5, C5` / `row 5, C5`.
    public func text(_ language: Language) -> String {
        var text = (language == .sv ? "rad " : "row ") + String(row)
        if let column { text += ", " + TableSheet.columnName(column) + String(row) }
        return text
    }
}
