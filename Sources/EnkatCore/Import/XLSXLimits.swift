/// The limits of the Excel workbook reader, in one place, and the errors that name them.
///
/// A workbook is a zip of XML parts, so a small file can claim to be huge: a sheet that packs
/// from 190 MB down to 660 kB, a cell far to the right that pads every row to 16 384 columns,
/// elements nested 50 000 deep. Each limit below is far above a real export (all 290 kommuner
/// with a hundred columns is some 30 000 cells and a few MB of XML) and low enough that the
/// worst workbook at the limit is read in well under two seconds and 500 MB.
public struct XLSXLimits: Sendable, Equatable {
    /// The largest uncompressed XML part (worksheet, shared strings, styles, workbook), in bytes.
    public var partSize: Int
    /// The most cells a sheet may hold, counting in each row the empty cells before its last
    /// value (that is what a row of the table takes in memory).
    public var cells: Int
    /// The most rows (row elements) a sheet may have.
    public var rows: Int
    /// The most columns: a value in a column beyond this is refused.
    public var columns: Int
    /// The deepest nesting of XML elements in a part (SpreadsheetML needs about eight).
    public var depth: Int
    /// The longest text of one cell, in characters: Excel's own limit.
    public var cellText: Int
    /// The most text of all cells together, in bytes of UTF-8, a shared string counted once for
    /// every cell that uses it (so that a short sheet cannot repeat one long text a million times).
    public var totalText: Int

    /// Creates a set of limits.
    public init(partSize: Int, cells: Int, rows: Int, columns: Int, depth: Int, cellText: Int, totalText: Int) {
        self.partSize = partSize
        self.cells = cells
        self.rows = rows
        self.columns = columns
        self.depth = depth
        self.cellText = cellText
        self.totalText = totalText
    }

    /// The limits `enkat import table` uses.
    ///
    /// Measured on a release build (two shared cores), the reader streams about 3 million XML
    /// elements a second and stores about 450 000 cells a second: 20 MB of the smallest
    /// elements (`<x/>`) or 600 000 cells each take under 2 s; at the limits peak memory stays
    /// under 250 MB. A real export is a hundredth of that: 290 kommuner × 100 columns is 29 000
    /// cells and 1–3 MB of XML. Excel itself allows 16 384 columns, 1 048 576 rows and 32 767
    /// characters a cell.
    public static let standard = XLSXLimits(
        partSize: 20 << 20, cells: 600_000, rows: 100_000, columns: 4_096, depth: 64, cellText: 32_767,
        totalText: 20 << 20)

    /// Excel's last column (XFD) as a count: no cell reference may go beyond it.
    public static let excelColumns = 16_384
    /// Excel's last row: no row number may go beyond it.
    public static let excelRows = 1_048_576

    // MARK: - Errors

    static func partSizeExceeded(path: String, size: UInt64?, limit: Int) -> TableReadError {
        let actual = size.map { (sv: " (\(megabytes(Int(clamping: $0)).sv) uppackad)", en: " (\(megabytes(Int(clamping: $0)).en) unpacked)") }
        return TableReadError.limit(
            LocalizedText(
                sv:
                    "delen \(path) i arbetsboken är större än gränsen \(megabytes(limit).sv) uppackad\(actual?.sv ?? ""); dela upp arbetsboken i flera filer eller spara bladet som CSV",
                en:
                    "the part \(path) of the workbook is larger than the limit of \(megabytes(limit).en) unpacked\(actual?.en ?? ""); split the workbook into several files or save the sheet as CSV"
            ))
    }

    static func depthExceeded(path: String, limit: Int) -> TableReadError {
        TableReadError.limit(
            LocalizedText(
                sv:
                    "delen \(path) i arbetsboken har XML-element nästlade djupare än gränsen \(limit) nivåer (Excel använder färre än tio); öppna och spara filen i Excel igen eller spara bladet som CSV",
                en:
                    "the part \(path) of the workbook has XML elements nested deeper than the limit of \(limit) levels (Excel uses fewer than ten); open and save the file in Excel again or save the sheet as CSV"
            ))
    }

    static func rowsExceeded(limit: Int, row: Int) -> TableReadError {
        TableReadError.limit(
            LocalizedText(
                sv: "bladet har fler än \(count(limit).sv) rader, gränsen för en tabell; dela upp raderna på flera filer",
                en: "the sheet has more than \(count(limit).en) rows, the limit for a table; split the rows over several files"),
            row: row)
    }

    static func cellsExceeded(limit: Int, row: Int) -> TableReadError {
        TableReadError.limit(
            LocalizedText(
                sv:
                    "bladet har fler än \(count(limit).sv) celler (räknat i varje rad fram till den sista ifyllda cellen), gränsen för en tabell; dela upp raderna på flera filer eller ta bort innehåll långt ut till höger",
                en:
                    "the sheet has more than \(count(limit).en) cells (counting each row up to its last filled cell), the limit for a table; split the rows over several files or remove content far to the right"
            ),
            row: row)
    }

    static func sharedStringsExceeded(path: String, limit: Int) -> TableReadError {
        TableReadError.limit(
            LocalizedText(
                sv:
                    "delen \(path) i arbetsboken har fler än \(count(limit).sv) delade texter, gränsen för celler i en tabell; dela upp arbetsboken i flera filer eller spara bladet som CSV",
                en:
                    "the part \(path) of the workbook has more than \(count(limit).en) shared strings, the limit for the cells of a table; split the workbook into several files or save the sheet as CSV"
            ))
    }

    static func columnsExceeded(reference: String, limit: Int, row: Int) -> TableReadError {
        let last = TableSheet.columnName(limit - 1)
        return TableReadError.limit(
            LocalizedText(
                sv:
                    "cellen \(reference) ligger bortom gränsen \(count(limit).sv) kolumner (till och med kolumn \(last)); ta bort innehållet till höger om kolumn \(last) eller dela upp kolumnerna på flera filer",
                en:
                    "cell \(reference) lies beyond the limit of \(count(limit).en) columns (up to column \(last)); remove the content to the right of column \(last) or split the columns over several files"
            ),
            row: row)
    }

    static func cellTextExceeded(reference: String, limit: Int, row: Int) -> TableReadError {
        TableReadError.limit(
            LocalizedText(
                sv: "cellen \(reference) har mer än \(count(limit).sv) tecken, Excels gräns för en cell; korta texten",
                en: "cell \(reference) has more than \(count(limit).en) characters, Excel's limit for a cell; shorten the text"),
            row: row)
    }

    static func totalTextExceeded(limit: Int, row: Int) -> TableReadError {
        TableReadError.limit(
            LocalizedText(
                sv:
                    "bladets celler har tillsammans mer än \(megabytes(limit).sv) text, gränsen för en tabell; dela upp raderna på flera filer",
                en: "the cells of the sheet hold more than \(megabytes(limit).en) of text together, the limit for a table; split the rows over several files"
            ),
            row: row)
    }

    static func invalidRow(_ number: String, after previous: Int) -> TableReadError {
        TableReadError(
            LocalizedText(
                sv:
                    "raden efter rad \(previous) har radnumret ”\(short(number))”, som inte är ett radnummer inom Excels gräns (1 till \(count(excelRows).sv)); öppna och spara filen i Excel igen",
                en:
                    "the row after row \(previous) has the row number “\(short(number))”, which is not a row number within Excel's limit (1 to \(count(excelRows).en)); open and save the file in Excel again"
            ))
    }

    static func invalidReference(_ reference: String, row: Int) -> TableReadError {
        TableReadError(
            LocalizedText(
                sv:
                    "en cell i rad \(row) har referensen ”\(short(reference))”, som inte är en cellreferens inom Excels gränser (kolumn A till XFD, rad 1 till \(count(excelRows).sv)); öppna och spara filen i Excel igen",
                en:
                    "a cell in row \(row) has the reference “\(short(reference))”, which is not a cell reference within Excel's limits (column A to XFD, row 1 to \(count(excelRows).en)); open and save the file in Excel again"
            ),
            row: row)
    }

    /// A reference or row number as a message shows it: at most 24 characters.
    private static func short(_ text: String) -> String {
        text.count > 24 ? String(text.prefix(23)) + "…" : text
    }

    /// A count with thousands separated: `1 048 576`, `1,048,576`.
    private static func count(_ number: Int) -> (sv: String, en: String) {
        var digits = String(number.magnitude)
        var sv = ""
        var en = ""
        while digits.count > 3 {
            let group = String(digits.suffix(3))
            digits.removeLast(3)
            sv = "\u{00A0}" + group + sv
            en = "," + group + en
        }
        let sign = number < 0 ? "-" : ""
        return (sign + digits + sv, sign + digits + en)
    }

    /// A size in whole megabytes (MB of 2^20 bytes, as file managers show them), at least 1.
    private static func megabytes(_ bytes: Int) -> (sv: String, en: String) {
        let value = max(1, bytes / (1 << 20) + (bytes % (1 << 20) > 0 ? 1 : 0))
        let text = count(value)
        return (text.sv + " MB", text.en + " MB")
    }
}
