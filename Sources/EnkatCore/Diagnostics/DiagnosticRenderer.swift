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

/// A small JSON writer with a fixed key order, so output is byte-stable. Not shared
/// between tasks: make one per document.
public final class JSONWriter {
    /// What has been written, as UTF-8.
    public private(set) var utf8: [UInt8] = []
    private var needsComma = [false]

    /// What has been written.
    public var output: String { String(decoding: utf8, as: UTF8.self) }

    /// Creates an empty writer.
    public init() {}

    private func write(_ text: String) {
        utf8.append(contentsOf: text.utf8)
    }

    private func separator() {
        if needsComma[needsComma.count - 1] { utf8.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    /// Writes an object; `body` writes its fields.
    public func object(_ body: () -> Void) {
        separator()
        utf8.append(UInt8(ascii: "{"))
        needsComma.append(false)
        body()
        needsComma.removeLast()
        utf8.append(UInt8(ascii: "}"))
    }

    /// Writes an array; `body` writes its items.
    public func array(_ body: () -> Void) {
        separator()
        utf8.append(UInt8(ascii: "["))
        needsComma.append(false)
        body()
        needsComma.removeLast()
        utf8.append(UInt8(ascii: "]"))
    }

    /// Writes a key; the next value written is its value.
    public func key(_ name: String) {
        separator()
        name.withUTF8Bytes { JSONWriter.appendQuoted($0, to: &utf8) }
        utf8.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    /// Writes a string value.
    public func value(_ text: String) {
        separator()
        text.withUTF8Bytes { JSONWriter.appendQuoted($0, to: &utf8) }
    }

    /// Writes an integer value.
    public func value(_ number: Int) {
        separator()
        write(String(number))
    }

    /// Writes a number: whole numbers without a decimal point.
    public func value(_ number: Double) {
        separator()
        if number == number.rounded(), abs(number) < 1e15 {
            write(String(Int(number)))
        } else {
            write(String(number))
        }
    }

    /// Writes a boolean.
    public func value(_ flag: Bool) {
        separator()
        write(flag ? "true" : "false")
    }

    /// Ends the document with a newline.
    public func newline() {
        utf8.append(UInt8(ascii: "\n"))
    }

    /// Writes `null`.
    public func null() {
        separator()
        write("null")
    }

    /// Writes `"name": text`.
    public func field(_ name: String, _ text: String) {
        key(name)
        value(text)
    }

    /// Writes `"name": number`.
    public func field(_ name: String, _ number: Int) {
        key(name)
        value(number)
    }

    /// Writes `"name": number`.
    public func field(_ name: String, _ number: Double) {
        key(name)
        value(number)
    }

    /// JSON string quoting; non-ASCII is written as is (UTF-8).
    public static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        text.withUTF8Bytes { appendQuoted($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `bytes` quoted to `out`, copying the runs between characters to escape whole.
    static func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let backslash = UInt8(ascii: "\\")
        out.append(UInt8(ascii: "\""))
        var run = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var width = 1
            let letter: UInt8?
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): letter = byte
            case UInt8(ascii: "\n"): letter = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): letter = UInt8(ascii: "r")
            case UInt8(ascii: "\t"): letter = UInt8(ascii: "t")
            case 0..<0x20, 0xE2:
                // Other control characters, and U+2028 and U+2029 (which end lines in
                // JavaScript), as `\u` escapes.
                let scalar: Int
                if byte < 0x20 {
                    scalar = Int(byte)
                } else if index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) {
                    scalar = bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029
                    width = 3
                } else {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                let hex = String(scalar, radix: 16)
                out.append(contentsOf: "\\u".utf8)
                out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 4 - hex.utf8.count))
                out.append(contentsOf: hex.utf8)
                index += width
                run = index
                continue
            default:
                index += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
            out.append(backslash)
            if let letter { out.append(letter) }
            index += width
            run = index
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
        out.append(UInt8(ascii: "\""))
    }
}
