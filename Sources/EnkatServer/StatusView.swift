import EnkatCore

/// Where a question or a respondent stands, as a badge: the status page's rows and the round's
/// progress page show one each.
struct StateView: Sendable {
    /// The state's key, for the CSS class (`state-missing`, `state-submitted`).
    var key: String
    /// "saknas", "Inskickad".
    var label: String
    /// What follows the badge ("3 fel"), if anything.
    var detail: String?
}

/// One row of the status page.
struct StatusRowView: Sendable {
    var id: String
    var href: String
    var state: StateView
    var details: String
}

struct StatusSectionView: Sendable {
    var title: String
    var rows: [StatusRowView]
}

/// The status page (`/status`): `enkat status` for the file, as a table.
struct StatusPage: Sendable {
    var title: String
    var respondentName: String
    var file: String
    var sections: [StatusSectionView]
    var headline: String
    var ready: Bool
    /// The same report as `enkat status` prints it.
    var text: String
    var navStatus = true
}

extension StatusPage {
    init(report: StatusReport) {
        title = report.survey.title
        respondentName = report.respondentName
        file = report.file
        text = report.text(.sv)
        var sections: [StatusSectionView] = []
        for section in report.survey.sections {
            let rows = report.rows.filter { $0.question.sectionID == section.id }.map(Self.row)
            sections.append(StatusSectionView(title: section.title, rows: rows))
        }
        self.sections = sections
        let summary = DiagnosticSummary(files: 1, diagnostics: report.diagnostics)
        let missing = report.missing
        var parts = ["\(report.answeredCount) av \(report.relevantCount) aktuella frågor besvarade"]
        parts.append(
            missing.isEmpty
                ? "alla obligatoriska frågor besvarade"
                : "\(missing.count) obligatoriska saknas (\(missing.map(\.id).joined(separator: ", ")))")
        // Missing answers are counted above, not again among the errors.
        let errors = report.diagnostics.count { $0.severity == .error && $0.code != .required }
        parts.append("\(errors) fel, \(summary.warnings) \(summary.warnings == 1 ? "varning" : "varningar")")
        headline = parts.joined(separator: "; ")
        ready = summary.errors == 0 && missing.isEmpty
    }

    private static func row(_ row: StatusReport.Row) -> StatusRowView {
        let label: String =
            switch row.state {
            case .answered: "besvarad"
            case .missing: "saknas"
            case .unanswered: "obesvarad"
            case .notRelevant: "ej aktuell"
            case .answeredNotRelevant: "ej aktuell men besvarad"
            }
        var parts: [String] = []
        if let value = row.value { parts.append(value) }
        for field in row.fields {
            let name = field.field == "comment" ? "kommentar: " : field.field == "details" ? "följdtext: " : ""
            let left = field.left >= 0 ? "\(FormCounter.group(field.left)) kvar" : "\(FormCounter.group(-field.left)) för många"
            parts.append("\(name)\(FormCounter.group(field.characters)) av \(FormCounter.group(field.limit)) tecken (\(left))")
        }
        if row.errors > 0 { parts.append("\(row.errors) fel") }
        if row.warnings > 0 { parts.append("\(row.warnings) \(row.warnings == 1 ? "varning" : "varningar")") }
        return StatusRowView(
            id: row.question.id, href: "/#" + FormIDs.anchor(row.question.id), state: StateView(key: row.state.rawValue, label: label),
            details: parts.joined(separator: "; "))
    }
}
