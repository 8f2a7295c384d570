import Foundation
import Mustache

/// The values a report template sees: a tree of dictionaries and arrays built from a
/// `CompiledReport`, with every number already in Swedish style and every text already
/// escaped for the target format. The wording around these values lives in `templates/`.
///
/// Keys are ASCII (swift-mustache cannot parse `{{fråga}}`); `docs/templates.md` lists them.
public struct ReportView {
    /// How text is escaped for the target format.
    public enum Escaping: Sendable {
        /// HTML and Word XML: the template escapes values (`{{% CONTENT_TYPE: MARKUP}}`) and
        /// free texts are escaped alike when they are set in.
        case markup
        /// Markdown: characters that would start markup are backslash-escaped.
        case markdown
    }

    let report: CompiledReport
    let escaping: Escaping
    /// Optional rendered chart per question id (inline SVG), for HTML.
    let charts: [String: String]

    public init(report: CompiledReport, escaping: Escaping, charts: [String: String] = [:]) {
        self.report = report
        self.escaping = escaping
        self.charts = charts
    }

    /// The report rendered with `template`, free texts set in and escaped (see `TextSlots`).
    public func render(_ template: MustacheTemplate) -> [UInt8] {
        let slots = TextSlots()
        let rendered = template.render(context(slots))
        switch escaping {
        case .markup: return slots.splice(rendered, escape: MarkupEscape.append)
        case .markdown: return slots.splice(rendered, escape: MarkdownEscape.append)
        }
    }

    /// The root context; free texts in it are markers for the texts in `slots`.
    func context(_ slots: TextSlots) -> [String: Any] {
        let totals = report.respondents
        let several = totals.responses != totals.answered
        var root: [String: Any] = [
            "survey_id": report.survey.id,
            "title": esc(report.survey.title),
            "publisher": esc(report.survey.publisher ?? ""),
            "has_publisher": report.survey.publisher != nil,
            "period": esc(report.survey.period ?? ""),
            "has_period": !(report.survey.period ?? "").isEmpty,
            "kind_singular": SwedishWords.kindNoun(totals.kind, count: 1),
            "area": esc(report.area),
            "answered_start": SwedishWords.sentenceStart(totals.answered),
            "answered_text": SwedishWords.inText(totals.answered),
            "expected_text": totals.expected <= 100 ? SwedishWords.words(totals.expected) : SwedishWords.digits(totals.expected),
            "kind_plural": SwedishWords.kindNoun(totals.kind, count: 2),
            "kind_plural_genitive": SwedishWords.kindNoun(totals.kind, count: 2) + "s",
            "kind_answered_noun": SwedishWords.kindNoun(totals.kind, count: totals.answered),
            "all_answered": totals.answered == totals.expected,
            "several_responses": several,
            "responses_text": SwedishWords.inText(totals.responses, neuter: true),
            "min_count": report.minCount,
            "min_count_words": SwedishWords.words(report.minCount),
            "fewer_than": SwedishWords.fewerThan(report.minCount),
            "suppression_on": report.minCount > 1,
            "has_suppressed": report.questions.contains { !$0.suppressed.isEmpty || $0.numeric?.suppressed == true },
            "has_secondary": report.questions.contains { ($0.counts + $0.distribution).contains { $0.suppression == .secondary } },
            "has_withheld": report.questions.contains(where: \.textsWithheld),
            "sections": report.sections.enumerated().map { section($1, number: $0 + 1, slots) },
        ]
        if let score = report.score {
            root["score"] = scoreView(score)
        }
        return root
    }

    // MARK: - Pieces

    private func section(_ section: CompiledSection, number: Int, _ slots: TextSlots) -> [String: Any] {
        [
            "id": section.id,
            "number": number,
            "title": esc(section.title),
            "paragraphs": paragraphs(section.text ?? "", slots),
            "has_text": !(section.text ?? "").isEmpty,
            "questions": section.questions.map { question($0, slots) },
        ]
    }

    private func question(_ question: CompiledQuestion, _ slots: TextSlots) -> [String: Any] {
        let kind = report.respondents.kind
        let fewer = SwedishWords.fewerThan(report.minCount)
        let fewerStart = SwedishWords.capitalized(fewer)
        // How many answered is itself a count: under the threshold it reads "färre än tre".
        let answeredSmall = question.answered.map { $0 > 0 && $0 < report.minCount } ?? false
        var view: [String: Any] = [
            "id": question.id,
            "anchor": "fraga-" + question.id,
            "text": esc(question.text),
            "is_choice": question.type == .choice,
            "is_multi": question.type == .multi,
            "is_numeric": question.type == .percent || question.type == .decimal,
            "is_percent": question.type == .percent,
            "is_scale": question.type == .scale,
            "is_text": question.type == .text,
            "conditional": question.conditional,
            "answered_known": question.answered != nil,
            "answered_small": answeredSmall,
            "answered_start": question.answered.map { answeredSmall ? fewerStart : SwedishWords.sentenceStart($0) } ?? "",
            "answered_text": question.answered.map { answeredSmall ? fewer : SwedishWords.inText($0) } ?? "",
            "answered_kind": SwedishWords.kindNoun(kind, count: answeredSmall ? 2 : question.answered ?? 2),
            "has_small": (question.counts + question.distribution).contains { $0.suppression == .small },
            "has_secondary": (question.counts + question.distribution).contains { $0.suppression == .secondary },
            "comments_withheld": question.commentsWithheld,
            "none_answered": question.answered == 0,
            "rows": rows(question.counts, total: question.answered),
            "has_rows": !question.counts.isEmpty,
            "distribution": rows(question.distribution, total: question.answered),
            "has_distribution": !question.distribution.isEmpty,
            "texts": question.texts.map { textView($0, slots) },
            "has_texts": !question.texts.isEmpty,
            "texts_withheld": question.textsWithheld,
            "comments": question.comments.map { textView($0, slots) },
            "has_comments": !question.comments.isEmpty,
            "details": question.details.map { group in
                ["label": esc(group.label), "details_label": esc(group.detailsLabel ?? group.label),
                 "texts": group.texts.map { textView($0, slots) }] as [String: Any]
            },
            "has_details": !question.details.isEmpty,
            "chart": TextSlots.withoutMarkerCharacters(charts[question.id] ?? ""),
            "has_chart": charts[question.id] != nil,
            "unit_label": esc(question.unitLabel ?? ""),
        ]
        if let numeric = question.numeric {
            let unit = question.type == .percent ? " procent" : ""
            view["numeric"] = [
                "suppressed": numeric.suppressed,
                "n_text": numeric.n.map { SwedishWords.inText($0) } ?? fewer,
                "n_cell": numeric.n.map { SwedishWords.digits($0) } ?? fewer,
                "single_value": numeric.n == 1,
                "n_start": numeric.n.map { SwedishWords.sentenceStart($0) } ?? "",
                "n_kind": SwedishWords.kindNoun(kind, count: numeric.n ?? 2),
                "has_values": (numeric.n ?? 0) > 0,
                "min": numeric.min.map { number($0) + unit } ?? "",
                "median": numeric.median.map { number($0) + unit } ?? "",
                "mean": numeric.mean.map { number($0) + unit } ?? "",
                "max": numeric.max.map { number($0) + unit } ?? "",
                "min_plain": numeric.min.map(number) ?? "",
                "median_plain": numeric.median.map(number) ?? "",
                "mean_plain": numeric.mean.map(number) ?? "",
                "max_plain": numeric.max.map(number) ?? "",
            ] as [String: Any]
        }
        return view
    }

    /// Table rows and prose pieces for counts.
    private func rows(_ counts: [CompiledCount], total: Int?) -> [[String: Any]] {
        let kind = report.respondents.kind
        return counts.map { count in
            var row: [String: Any] = [
                "id": count.id,
                "label": esc(count.label),
                "shown": count.count != nil,
                "small": count.suppression == .small,
                "secondary": count.suppression == .secondary,
                "zero": count.count == 0,
                "count": count.count.map(String.init) ?? "",
                "count_cell": count.count.map { SwedishWords.digits($0) } ?? (count.suppression == .small ? SwedishWords.fewerThan(report.minCount) : "–"),
                // A secondary-suppressed count may be large: it has no words, only "–" in tables.
                "count_start": count.count.map { SwedishWords.sentenceStart($0) } ?? (count.suppression == .small ? SwedishWords.capitalized(SwedishWords.fewerThan(report.minCount)) : ""),
                "count_text": count.count.map { SwedishWords.inText($0) } ?? (count.suppression == .small ? SwedishWords.fewerThan(report.minCount) : ""),
                "kind_noun": SwedishWords.kindNoun(kind, count: count.count ?? 2),
            ]
            if let value = count.count, let total, total > 0 {
                row["percent"] = SwedishWords.decimal(Double(value) * 100 / Double(total), fractionDigits: 0)
            }
            return row
        }
    }

    private func scoreView(_ score: CompiledScore) -> [String: Any] {
        let summary = score.summary
        return [
            "max_total": score.maxTotal,
            "items_text": SwedishWords.inText(score.questions.count, neuter: true),
            "suppressed": summary.suppressed,
            "n_text": summary.n.map { SwedishWords.inText($0) } ?? "",
            "n_kind": SwedishWords.kindNoun(report.respondents.kind, count: summary.n ?? 2),
            "min": summary.min.map(number) ?? "",
            "median": summary.median.map(number) ?? "",
            "mean": summary.mean.map(number) ?? "",
            "max": summary.max.map(number) ?? "",
        ]
    }

    /// A text as paragraphs (blank-line separated), each with its lines.
    private func textView(_ text: String, _ slots: TextSlots) -> [String: Any] {
        ["paragraphs": paragraphs(text, slots)]
    }

    private func paragraphs(_ text: String, _ slots: TextSlots) -> [[String: Any]] {
        let number = slots.add(text)
        var result: [[String: Any]] = []
        var current: [Range<Int>] = []
        func flush() {
            if !current.isEmpty {
                result.append(["text": slots.marker(text: number, lines: current),
                               "lines": current.map { ["line": slots.marker(text: number, lines: [$0])] }])
                current = []
            }
        }
        // Lines are found and trimmed over the UTF-8 bytes (splitting a String by Character is
        // slow on megabytes of answers).
        text.withUTF8Bytes { bytes in
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                let line = Self.trimmed(bytes, start..<end)
                if line.isEmpty { flush() } else { current.append(line) }
                start = end + 1
            }
        }
        flush()
        return result
    }

    /// A line's range without leading and trailing white space (ASCII fast path).
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        var end = range.upperBound
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        // The first or last scalar starting at a byte, if it is white space (no-break space,
        // ideographic space and the like).
        func wideSpace(_ from: Int) -> Int? {
            var to = from + 1
            while to < end && bytes[to] & 0xC0 == 0x80 { to += 1 }
            let scalar = String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self).unicodeScalars.first
            return scalar?.properties.isWhitespace == true ? to : nil
        }
        while start < end {
            if isSpace(bytes[start]) { start += 1 } else if bytes[start] >= 0x80, let next = wideSpace(start) { start = next } else { break }
        }
        while end > start {
            if isSpace(bytes[end - 1]) { end -= 1; continue }
            guard bytes[end - 1] >= 0x80 else { break }
            var lead = end - 1
            while lead > start && bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
            guard wideSpace(lead) == end else { break }
            end = lead
        }
        return start..<end
    }

    private func number(_ value: Double) -> String {
        SwedishWords.decimal(value, fractionDigits: value.magnitude < 1 ? 3 : 1)
    }

    private func esc(_ text: String) -> String {
        let text = TextSlots.withoutMarkerCharacters(text)
        switch escaping {
        case .markup: return text
        case .markdown: return MarkdownEscape.escape(text)
        }
    }
}

/// Backslash-escapes what Markdown would read as markup, so a free-text answer stays text.
enum MarkdownEscape {
    static func escape(_ text: String) -> String {
        text.withUTF8Bytes { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 16)
            append(bytes, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Appends `bytes` escaped to `out`, copying the runs between special characters whole.
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let first = out.count
        let backslash = UInt8(ascii: "\\")
        var run = 0
        var atLineStart = true
        for index in bytes.indices {
            let byte = bytes[index]
            let escaped: Bool
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: "#"):
                escaped = true
            case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "="):
                escaped = atLineStart
            default:
                escaped = false
            }
            if escaped {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                out.append(backslash)
                run = index
            }
            atLineStart = byte == UInt8(ascii: "\n")
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
        // "1. " at the start would become a list item.
        var digits = first
        while digits < out.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(out[digits]) { digits += 1 }
        if digits > first && digits < out.count && out[digits] == UInt8(ascii: ".") {
            out.insert(backslash, at: digits)
        }
    }
}
