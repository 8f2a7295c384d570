/// Prints diagnostics compiler-style (`file:line:column: fel: message [code]`) or as one JSON
/// document.
public struct DiagnosticRenderer: Sendable {
    /// The language of messages and severity words.
    public var language: Language
    /// Whether to colour severities (only on a terminal).
    public var colour: Bool

    /// Creates a renderer.
    public init(language: Language = .sv, colour: Bool = false) {
        self.language = language
        self.colour = colour
    }

    /// One diagnostic (and its notes) as text lines.
    public func text(_ diagnostic: Diagnostic) -> String {
        let severity = diagnostic.severity.label(language)
        let painted = colour ? paint(severity, diagnostic.severity) : severity
        var output = "\(diagnostic.file):\(diagnostic.location.line):\(diagnostic.location.column): \(painted): \(diagnostic.message(language)) [\(diagnostic.code.rawValue)]\n"
        for note in diagnostic.notes {
            output += "\(diagnostic.file):\(note.location.line):\(note.location.column): \(language == .sv ? "här" : "here"): \(note.message(language))\n"
        }
        return output
    }

    /// The summary line.
    public func summaryLine(_ summary: DiagnosticSummary) -> String {
        switch language {
        case .sv:
            let files = summary.files == 1 ? "1 fil kontrollerad" : "\(summary.files) filer kontrollerade"
            let warnings = summary.warnings == 1 ? "1 varning" : "\(summary.warnings) varningar"
            let notes = summary.notes == 1 ? "1 notering" : "\(summary.notes) noteringar"
            return "\(files): \(summary.errors) fel, \(warnings), \(notes)"
        case .en:
            func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
            let files = summary.files == 1 ? "1 file checked" : "\(summary.files) files checked"
            return "\(files): \(plural(summary.errors, "error")), \(plural(summary.warnings, "warning")), \(plural(summary.notes, "note"))"
        }
    }

    /// All diagnostics and the summary as the JSON document of formats.md.
    public func json(_ diagnostics: [Diagnostic], summary: DiagnosticSummary) -> String {
        let json = JSONWriter()
        json.object {
            json.key("diagnostics")
            json.array {
                for diagnostic in diagnostics {
                    json.object {
                        json.field("file", diagnostic.file)
                        json.field("line", diagnostic.location.line)
                        json.field("column", diagnostic.location.column)
                        json.field("severity", diagnostic.severity.rawValue)
                        json.field("code", diagnostic.code.rawValue)
                        if let question = diagnostic.question { json.field("question", question) }
                        json.field("message", diagnostic.message(language))
                        if let measured = diagnostic.measured { json.field("measured", measured) }
                        if let limit = diagnostic.limit { json.field("limit", limit) }
                        if !diagnostic.notes.isEmpty {
                            json.key("notes")
                            json.array {
                                for note in diagnostic.notes {
                                    json.object {
                                        json.field("line", note.location.line)
                                        json.field("column", note.location.column)
                                        json.field("message", note.message(language))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            json.key("summary")
            json.object {
                json.field("files", summary.files)
                json.field("errors", summary.errors)
                json.field("warnings", summary.warnings)
                json.field("notes", summary.notes)
            }
        }
        return json.output + "\n"
    }

    private func paint(_ text: String, _ severity: Severity) -> String {
        let code = switch severity {
        case .error: "1;31"
        case .warning: "1;33"
        case .note: "1;36"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
