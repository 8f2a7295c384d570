/// Horizontal bar charts as inline SVG, for the HTML report.
///
/// A chart is drawn from the same `CompiledCount`s as the report's tables, so it can show no
/// more than they do: bars are scaled to the largest *shown* count, and every suppressed cell
/// is drawn as the same small outlined, hatched stub with its text ("färre än tre", or "–"
/// for secondary suppression). No length, position or size in the output depends on a hidden
/// count. The text alternative (`<title>`, `<desc>`) lists every row in Swedish.
///
/// The output is deterministic: the same input gives the same bytes (coordinates are written
/// without locale, label widths are estimated from character counts, not measured).
public enum SVGChart {
    // Layout, in SVG user units (the chart is 640 wide and scales down with the page).
    private static let width = 640
    private static let labelWidth = 250
    private static let barX = 262
    /// Room kept right of the longest bar for its count.
    private static let valueRoom = 44
    private static let fontSize = 15
    private static let lineHeight = 19
    private static let barHeight = 22
    private static let rowGap = 10
    private static let stubWidth = 18
    /// Characters per label line, from a generous 0.55 em average glyph width.
    private static let charsPerLine = 30
    private static let maxLabelLines = 4

    // Colours, all at least 4.5:1 against white (WCAG AA for text; bars need 3:1).
    private static let barColour = "#1f5a8a"  // 7.3:1
    private static let textColour = "#1a1a1a"  // 17:1
    private static let stubColour = "#595959"  // 7.0:1
    private static let axisColour = "#767676"  // 4.5:1

    /// A horizontal bar chart of `counts`, in the given order.
    ///
    /// - Parameters:
    ///   - counts: the rows; a `nil` count is drawn as a stub with `fewerThan` (primary
    ///     suppression) or "–" (secondary suppression).
    ///   - title: the chart's accessible name (usually the question text).
    ///   - fewerThan: how a small count reads ("färre än tre").
    ///   - id: when given, `title` and `desc` get ids derived from it and the chart points to
    ///     them with `aria-labelledby`; it must be unique in the page.
    /// - Returns: one `<svg role="img">` element.
    public static func bars(_ counts: [CompiledCount], title: String, fewerThan: String, id: String? = nil) -> String {
        draw(counts.map { Row(label: $0.label, count: $0) }, title: title, fewerThan: fewerThan, id: id)
    }

    /// A chart of a scale question's distribution, in scale order, each step labelled with its
    /// value and its wording ("3 – Stämmer ganska bra", "3,5 – mellan 3 och 4").
    public static func scale(_ distribution: [CompiledCount], title: String, fewerThan: String, id: String? = nil) -> String {
        let rows = distribution.map { step in
            Row(label: step.label.isEmpty || step.label == step.id ? step.id : step.id + " – " + step.label, count: step)
        }
        return draw(rows, title: title, fewerThan: fewerThan, id: id)
    }

    /// One chart per choice, multi and scale question of `report`, keyed by question id, for
    /// `ReportView(report:escaping:charts:)`. Ids in the SVG are `diagram-<question id>-…`.
    public static func charts(for report: CompiledReport) -> [String: String] {
        let fewerThan = SwedishWords.fewerThan(report.minCount)
        var charts: [String: String] = [:]
        for question in report.questions {
            let id = "diagram-" + question.id
            switch question.type {
            case .choice where !question.counts.isEmpty, .multi where !question.counts.isEmpty:
                charts[question.id] = bars(question.counts, title: question.text, fewerThan: fewerThan, id: id)
            case .scale where !question.distribution.isEmpty:
                charts[question.id] = scale(question.distribution, title: question.text, fewerThan: fewerThan, id: id)
            default:
                break
            }
        }
        return charts
    }

    // MARK: - Drawing

    private struct Row {
        var label: String
        var count: CompiledCount
    }

    private static func draw(_ rows: [Row], title: String, fewerThan: String, id: String?) -> String {
        let largest = rows.compactMap(\.count.count).max() ?? 0
        let barRoom = width - barX - valueRoom
        let lines = rows.map { wrap($0.label) }
        let heights = lines.map { max($0.count * lineHeight, barHeight) + rowGap }
        let height = heights.reduce(0, +) + rowGap

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"bar-chart\""
        svg += " width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\""
        if let id {
            svg += " aria-labelledby=\"\(MarkupEscape.escape(id))-title \(MarkupEscape.escape(id))-desc\""
        }
        svg += " font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif\""
        svg += " font-size=\"\(fontSize)\">\n"
        svg += "<title\(id.map { " id=\"\(MarkupEscape.escape($0))-title\"" } ?? "")>\(MarkupEscape.escape(title))</title>\n"
        svg += "<desc\(id.map { " id=\"\(MarkupEscape.escape($0))-desc\"" } ?? "")>\(MarkupEscape.escape(description(rows, fewerThan: fewerThan)))</desc>\n"

        var top = rowGap
        for (index, row) in rows.enumerated() {
            let rowHeight = heights[index] - rowGap
            let labelLines = lines[index]
            // The label block and the bar share a vertical centre.
            let centre = Double(top) + Double(rowHeight) / 2
            let firstBaseline = centre - Double(labelLines.count * lineHeight) / 2 + Double(lineHeight) * 0.75
            svg += "<g>\n<text x=\"0\" y=\"\(number(firstBaseline))\" fill=\"\(textColour)\">"
            for (lineIndex, line) in labelLines.enumerated() {
                let dy = lineIndex == 0 ? "" : " x=\"0\" dy=\"\(lineHeight)\""
                svg += "<tspan\(dy)>\(MarkupEscape.escape(line))</tspan>"
            }
            svg += "</text>\n"
            let barTop = centre - Double(barHeight) / 2
            let valueBaseline = number(centre + Double(fontSize) * 0.35)
            if let count = row.count.count {
                let length = largest > 0 ? Double(barRoom) * Double(count) / Double(largest) : 0
                if count > 0 {
                    svg +=
                        "<rect x=\"\(barX)\" y=\"\(number(barTop))\" width=\"\(number(length))\" height=\"\(barHeight)\" fill=\"\(barColour)\"/>\n"
                }
                svg +=
                    "<text x=\"\(number(Double(barX) + length + 6))\" y=\"\(valueBaseline)\" fill=\"\(textColour)\">\(SwedishWords.digits(count))</text>\n"
            } else {
                svg += stub(x: Double(barX), y: barTop)
                let text = row.count.suppression == .secondary ? "–" : fewerThan
                svg +=
                    "<text x=\"\(barX + stubWidth + 6)\" y=\"\(valueBaseline)\" fill=\"\(textColour)\" font-style=\"italic\">\(MarkupEscape.escape(text))</text>\n"
            }
            svg += "</g>\n"
            top += heights[index]
        }
        // The axis the bars start from.
        svg +=
            "<line x1=\"\(barX)\" y1=\"\(rowGap / 2)\" x2=\"\(barX)\" y2=\"\(height - rowGap / 2)\" stroke=\"\(axisColour)\" stroke-width=\"1\"/>\n"
        svg += "</svg>"
        return svg
    }

    /// The same stub for every hidden count: a dashed outline with diagonal hatching, drawn
    /// without ids (patterns would need ids unique across the page).
    private static func stub(x: Double, y: Double) -> String {
        let w = Double(stubWidth), h = Double(barHeight)
        var result = "<g class=\"suppressed\" stroke=\"\(stubColour)\" stroke-width=\"1.5\">"
        result +=
            "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(stubWidth)\" height=\"\(barHeight)\" fill=\"#ffffff\" stroke-dasharray=\"3 2\"/>"
        // Lines of slope −1 (bottom left to top right), clipped to the rectangle.
        var c = 6.0
        while c < w + h {
            let x1 = max(0, c - h), y1 = min(c, h)
            let x2 = min(c, w), y2 = max(0, c - w)
            result += "<line x1=\"\(number(x + x1))\" y1=\"\(number(y + y1))\" x2=\"\(number(x + x2))\" y2=\"\(number(y + y2))\"/>"
            c += 6
        }
        return result + "</g>\n"
    }

    /// "Stapeldiagram: Hemsjukvård: 12; Palliativ vård: 11; Barn och unga: färre än tre."
    private static func description(_ rows: [Row], fewerThan: String) -> String {
        guard !rows.isEmpty else { return "Stapeldiagram utan värden." }
        let items = rows.map { row -> String in
            let value: String
            switch (row.count.count, row.count.suppression) {
            case (let count?, _): value = SwedishWords.digits(count)
            case (nil, .secondary?): value = "redovisas inte"
            case (nil, _): value = fewerThan
            }
            return row.label + ": " + value
        }
        return "Stapeldiagram: " + items.joined(separator: "; ") + "."
    }

    /// Splits a label into lines of at most `charsPerLine` characters at spaces (a longer word
    /// is cut), at most `maxLabelLines` lines, the last ending in "…" when text was left out.
    private static func wrap(_ label: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in label.split(separator: " ") {
            var word = String(word)
            while word.count > charsPerLine {
                if !current.isEmpty { lines.append(current); current = "" }
                lines.append(String(word.prefix(charsPerLine)))
                word = String(word.dropFirst(charsPerLine))
            }
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= charsPerLine {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        if lines.isEmpty { return [""] }
        if lines.count > maxLabelLines {
            lines = Array(lines.prefix(maxLabelLines))
            var last = lines[maxLabelLines - 1]
            if last.count >= charsPerLine { last = String(last.prefix(charsPerLine - 1)) }
            lines[maxLabelLines - 1] = last + "…"
        }
        return lines
    }

    /// A coordinate with at most one decimal and a decimal point, whatever the locale.
    private static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return sign + String(magnitude / 10) + (magnitude % 10 == 0 ? "" : "." + String(magnitude % 10))
    }
}
