/// Small-count suppression for one table row.
///
/// Counts from 1 to `minCount − 1` are hidden (primary suppression, "färre än tre"). When the
/// cells of a row add up to a total the reader can see (the respondents who answered a
/// single-choice question, the steps of a scale), a hidden cell could be recovered by
/// subtraction; then further cells are hidden (secondary suppression) until no hidden cell's
/// value is pinned by what is shown.
enum Suppression {
    struct Cell {
        var id: String
        var label: String
        var count: Int
    }

    struct Result {
        var counts: [CompiledCount]
        /// No choice of cells protects the row: the caller must hide the row's total.
        var totalMustBeHidden: Bool
    }

    /// Suppresses `cells`; `constrained` says whether they sum to a total the reader sees.
    static func apply(_ cells: [Cell], minCount: Int, constrained: Bool) -> Result {
        var reasons = cells.map { cell -> CompiledCount.Suppression? in
            (cell.count > 0 && cell.count < minCount) ? .small : nil
        }
        var totalMustBeHidden = false
        if constrained && reasons.contains(where: { $0 != nil }) {
            while pinned(cells, reasons, minCount: minCount) {
                // Hide the smallest shown cell, preferring one that is not zero.
                let candidates = cells.indices.filter { reasons[$0] == nil }
                guard let next = candidates.min(by: { rank(cells[$0]) < rank(cells[$1]) }) else {
                    totalMustBeHidden = true
                    break
                }
                reasons[next] = .secondary
            }
        }
        let counts = zip(cells, reasons).map { cell, reason in
            CompiledCount(id: cell.id, label: cell.label, count: reason == nil ? cell.count : nil, suppression: reason)
        }
        return Result(counts: counts, totalMustBeHidden: totalMustBeHidden)
    }

    /// Zero cells sort last: hiding a zero protects little.
    private static func rank(_ cell: Cell) -> (Int, Int) {
        (cell.count == 0 ? 1 : 0, cell.count)
    }

    /// Whether some hidden cell has only one possible value, given the shown cells, the
    /// known total, and that a small cell lies in 1…minCount−1.
    private static func pinned(_ cells: [Cell], _ reasons: [CompiledCount.Suppression?], minCount: Int) -> Bool {
        let hidden = cells.indices.filter { reasons[$0] != nil }
        guard !hidden.isEmpty else { return false }
        let total = cells.reduce(0) { $0 + $1.count }
        let hiddenSum = total - cells.indices.filter { reasons[$0] == nil }.reduce(0) { $0 + cells[$1].count }
        func bounds(_ index: Int) -> (Int, Int) {
            reasons[index] == .small ? (1, minCount - 1) : (0, total)
        }
        for index in hidden {
            let others = hidden.filter { $0 != index }
            let othersMin = others.reduce(0) { $0 + bounds($1).0 }
            let othersMax = others.reduce(0) { $0 + bounds($1).1 }
            let (ownMin, ownMax) = bounds(index)
            let low = max(ownMin, hiddenSum - othersMax)
            let high = min(ownMax, hiddenSum - othersMin)
            if low >= high { return true }
        }
        return false
    }
}
