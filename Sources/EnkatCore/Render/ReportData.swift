/// The compiled data as JSON (the shape of formats.md) and as CSV for Swedish Excel.
/// Both are written from the `CompiledReport` alone: anonymized texts, suppressed counts as
/// `null` (JSON) or "färre än tre" (CSV).
public enum ReportData {
    // MARK: - JSON

    /// One JSON document, keys in a fixed order, ending in a newline.
    public static func json(_ report: CompiledReport) -> String {
        String(decoding: jsonUTF8(report), as: UTF8.self)
    }

    /// ``json(_:)`` as UTF-8 bytes.
    public static func jsonUTF8(_ report: CompiledReport) -> [UInt8] {
        let out = JSONWriter()
        out.object {
            out.field("survey", report.survey.id)
            out.field("title", report.survey.title)
            if let period = report.survey.period { out.field("period", period) }
            out.field("area", report.area)
            out.field("min_count", report.minCount)
            out.key("respondents")
            out.object {
                out.field("kind", report.respondents.kind)
                out.field("expected", report.respondents.expected)
                out.field("answered", report.respondents.answered)
                out.field("responses", report.respondents.responses)
            }
            if let score = report.score {
                out.key("score")
                out.object {
                    out.key("questions")
                    out.array { score.questions.forEach { out.value($0) } }
                    out.field("max_total", score.maxTotal)
                    numeric(score.summary, out)
                }
            }
            out.key("questions")
            out.array {
                for section in report.sections {
                    for question in section.questions {
                        out.object { self.question(question, section: section.id, out) }
                    }
                }
            }
        }
        out.newline()
        return out.utf8
    }

    private static func question(_ question: CompiledQuestion, section: String, _ out: JSONWriter) {
        out.field("id", question.id)
        out.field("section", section)
        out.field("type", question.type.rawValue)
        out.field("text", question.text)
        out.key("answered")
        if let answered = question.answered { out.value(answered) } else { out.null() }
        if question.responses != question.answered {
            out.field("responses", question.responses)
        }
        if !question.counts.isEmpty {
            out.key("counts")
            counts(question.counts, out)
        }
        if let numeric = question.numeric {
            out.key("numbers")
            out.object { self.numeric(numeric, out) }
        }
        if !question.distribution.isEmpty {
            out.key("distribution")
            counts(question.distribution, out)
        }
        let suppressed = question.suppressed
        if !suppressed.isEmpty || question.numeric?.suppressed == true {
            out.key("suppressed")
            out.array {
                suppressed.forEach { out.value($0) }
                if question.numeric?.suppressed == true { out.value("numbers") }
            }
        }
        if question.type == .text || !question.texts.isEmpty {
            out.key("texts")
            out.array { question.texts.forEach { out.value($0) } }
        }
        if question.textsWithheld { out.key("texts_withheld"); out.value(true) }
        if !question.comments.isEmpty {
            out.key("comments")
            out.array { question.comments.forEach { out.value($0) } }
        }
        if !question.details.isEmpty {
            out.key("details")
            out.object {
                for group in question.details {
                    out.key(group.option)
                    out.array { group.texts.forEach { out.value($0) } }
                }
            }
        }
    }

    /// Counts as an object in display order; a suppressed count is `null`.
    private static func counts(_ counts: [CompiledCount], _ out: JSONWriter) {
        out.object {
            for count in counts {
                out.key(count.id)
                if let value = count.count { out.value(value) } else { out.null() }
            }
        }
    }

    private static func numeric(_ summary: NumericSummary, _ out: JSONWriter) {
        func optional(_ name: String, _ value: Double?) {
            out.key(name)
            if let value { out.value(value) } else { out.null() }
        }
        out.key("n")
        if let n = summary.n { out.value(n) } else { out.null() }
        optional("min", summary.min)
        optional("median", summary.median)
        optional("mean", summary.mean)
        optional("max", summary.max)
    }

    // MARK: - CSV

    /// The counts and numbers, one row per cell, for Swedish Excel: UTF-8 with a byte order
    /// mark, `;` between fields, CRLF line ends, decimal comma.
    public static func csv(_ report: CompiledReport) -> String {
        var rows: [[String]] = [["Avsnitt", "Fråga", "Frågetext", "Svarsalternativ", "Antal", "Andel av svarande (%)", "Anmärkning"]]
        let fewer = SwedishWords.fewerThan(report.minCount)
        for section in report.sections {
            for question in section.questions {
                let head = [section.title, question.id, question.text]
                func add(_ counts: [CompiledCount]) {
                    for count in counts {
                        let share = count.count.flatMap { value in
                            question.answered.flatMap { $0 > 0 ? SwedishWords.decimal(Double(value) * 100 / Double($0), fractionDigits: 1) : nil }
                        } ?? ""
                        let note = switch count.suppression {
                        case .small?: fewer
                        case .secondary?: "dold för att skydda små antal"
                        case nil: ""
                        }
                        rows.append(head + [count.label, count.count.map(String.init) ?? "", share, note])
                    }
                }
                add(question.counts)
                add(question.distribution)
                if let numeric = question.numeric {
                    if numeric.suppressed {
                        rows.append(head + ["Antal svar med tal", "", "", fewer])
                    } else {
                        rows.append(head + ["Antal svar med tal", numeric.n.map(String.init) ?? "0", "", ""])
                        for (name, value) in [("Lägsta", numeric.min), ("Median", numeric.median), ("Medelvärde", numeric.mean), ("Högsta", numeric.max)] {
                            if let value { rows.append(head + [name, SwedishWords.decimal(value, fractionDigits: 3), "", ""]) }
                        }
                    }
                }
                if question.type == .text {
                    let note = question.textsWithheld ? "svaren visas inte: \(fewer) svar" : ""
                    rows.append(head + ["Antal fritextsvar", question.answered.map(String.init) ?? "", "", note])
                }
            }
        }
        return "\u{FEFF}" + rows.map { $0.map(csvField).joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
    }

    /// A field quoted when it holds `;`, a quote or a line break; a leading `=`, `+`, `-` or
    /// `@` is prefixed with an apostrophe so Excel never runs it as a formula.
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first), Double(value.replacingOccurrences(of: ",", with: ".")) == nil {
            value = "'" + value
        }
        if value.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
