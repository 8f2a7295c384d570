/// The reviewer's audit file: every replacement made in every text, every hidden count and
/// every withheld text, with where it came from. It names the response files and shows what
/// was found, so it is never published; its file name says so.
public enum AuditReport {
    /// The audit of `report` as Markdown.
    public static func markdown(_ report: CompiledReport, audit: Audit) -> String {
        var out = """
            # Granskning: \(report.survey.title)

            **Får inte publiceras.** Den här filen visar vad som dolts i sammanställningen och var det
            fanns, och avslöjar därmed enskilda svar. Granskaren godkänner sammanställningen utifrån den.

            - Enkät: `\(report.survey.id)`
            - Svarsfiler: \(audit.files.count) från \(report.respondents.answered) av \(report.respondents.expected) \(SwedishWords.kindNoun(report.respondents.kind, count: 2))
            - Gräns för små antal: \(report.minCount) (antal från 1 till \(report.minCount - 1) visas som ”\(SwedishWords.fewerThan(report.minCount))”)
            - Ersättningar i fritext: \(audit.replacements.count)
            - Dolda antal: \(audit.cells.count)
            - Texter som inte visas: \(audit.withheld.reduce(0) { $0 + $1.texts })
            - Riskkö: \(audit.risks.entries.count) poster, \(audit.risks.undecided) att besluta (granskningsbeslut i `granskning.yaml` bredvid svaren)


            """
        let replacements = audit.replacements.sorted { ($0.file, $0.line, $0.column, $0.question) < ($1.file, $1.line, $1.column, $1.question) }
        out += section("Ersättningar i fritext", none: "Inga ersättningar behövdes.",
                       header: "| Fil | Fråga | Fält | Rad | Typ | Hittat | Ersatt med |\n|---|---|---|---:|---|---|---|",
                       rows: replacements.map { entry in
                           "| \(cell(entry.file)) | \(cell(entry.question)) | \(entry.field.name) | \(entry.line) | \(kindName(entry.kind)) | \(cell(entry.found)) | \(cell(entry.placeholder)) |"
                       })
        out += section("Dolda antal", none: "Inga antal behövde döljas.",
                       header: "| Fråga | Cell | Verkligt antal | Skäl |\n|---|---|---:|---|",
                       rows: audit.cells.map { entry in
                           let reason = entry.reason == .small
                               ? "under gränsen \(report.minCount)"
                               : "sekundär: skulle annars avslöja ett dolt antal genom subtraktion"
                           return "| \(cell(entry.question)) | \(cell(entry.cell)) | \(entry.count) | \(reason) |"
                       })
        out += section("Texter som inte visas", none: "Alla texter visas (anonymiserade).",
                       header: "| Fråga | Antal texter | Skäl |\n|---|---:|---|",
                       rows: audit.withheld.map { "| \(cell($0.question)) | \($0.texts) | \(cell(reason($0.reason))) |" })
        if let file = audit.decisionsFile {
            let rows = audit.decisions.replace.map { "| \(cell($0)) | ersätts med [borttaget] |" } + audit.decisions.keep.map { "| \(cell($0)) | behålls |" }
            out += section("Granskarens beslut (\(file))", none: "Filen har inga beslut.",
                           header: "| Ord eller fras | Beslut |\n|---|---|", rows: rows)
        }
        let undecided = audit.risks.entries.filter { $0.decision == .undecided }
        out += section("Riskkö: att besluta (\(undecided.count))",
                       none: "Riskkön är tom: inget kvarstående ord eller antal behöver beslut.",
                       header: "| Id | Fil | Fråga | Rad | Typ | Ord | Meningen |\n|---|---|---|---:|---|---|---|",
                       rows: undecided.map { entry in
                           "| \(entry.id) | \(cell(entry.file)) | \(cell(entry.question)) | \(entry.line) | \(entry.kind.name) | \(cell(entry.term)) | \(cell(entry.sentence)) |"
                       })
        let kept = audit.risks.entries.filter { $0.decision == .keep }
        if !kept.isEmpty {
            out += section("Riskkö: behålls enligt granskaren (\(kept.count))", none: "",
                           header: "| Id | Fil | Fråga | Rad | Ord |\n|---|---|---|---:|---|",
                           rows: kept.map { "| \($0.id) | \(cell($0.file)) | \(cell($0.question)) | \($0.line) | \(cell($0.term)) |" })
        }
        out += "## Svarsfiler\n\n" + audit.files.map { "- `\($0)`\n" }.joined()
        return out
    }

    /// A section: its heading, then a table of `rows`, or the sentence `none` when there are none.
    private static func section(_ heading: String, none: String, header: String, rows: [String]) -> String {
        let body = rows.isEmpty ? none : ([header] + rows).joined(separator: "\n")
        return "## \(heading)\n\n\(body)\n\n"
    }

    private static func kindName(_ kind: Replacement.Kind) -> String {
        switch kind {
        case .kommun: "kommunnamn"
        case .locality: "ort"
        case .systemledning: "systemledning"
        case .compound: "sammansatt ortnamn"
        case .webAddress: "webbadress"
        case .email: "e-postadress"
        case .phone: "telefonnummer"
        case .personnummer: "personnummer"
        case .name: "personnamn"
        case .address: "adress"
        case .postcode: "postnummer och postort"
        case .reviewer: "granskarens beslut"
        }
    }

    private static func reason(_ reason: Audit.WithheldReason) -> String {
        switch reason {
        case .fewAnswers(let minCount): "färre än \(SwedishWords.words(minCount)) svar"
        case .fewComments(let minCount): "färre än \(SwedishWords.words(minCount)) kommentarer"
        case .detailsOfHiddenOption: "följdtexter till alternativ vars antal är dolt"
        case .conditionHidden(let question): "frågan ställs bara vid vissa svar på fråga \(question), vars antal är dolda"
        }
    }

    /// A table cell: `|` escaped, line breaks as spaces (a CRLF keeps its CR, as it always has).
    private static func cell(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "|") || $0 == UInt8(ascii: "\n") }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "|": out.append(contentsOf: "\\|".unicodeScalars)
            case "\n": out.append(" ")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
