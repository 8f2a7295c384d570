/// Reads one mapping of a survey definition or registry, typing each value as the schema
/// says and collecting `survey-schema` diagnostics for unknown keys and wrong types.
struct SchemaReader {
    let node: YAMLNode
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    /// Reads `node`, which should be a mapping with only `allowedKeys`. `context` names it in
    /// messages ("frågan `6a`").
    init(_ node: YAMLNode, file: String, allowedKeys: [String], context: LocalizedText) {
        self.node = node
        self.file = file
        guard let pairs = node.mapping else {
            error(at: node.location, LocalizedText(
                sv: "\(context.sv) ska vara en mappning (nycklar med värden), inte \(node.kindName.sv)",
                en: "\(context.en) must be a mapping (keys with values), not \(node.kindName.en)"))
            return
        }
        for pair in pairs where !allowedKeys.contains(pair.key) {
            let suggestion = Suggestions.closest(to: pair.key, among: allowedKeys.map { ($0, []) })
            error(at: pair.keyLocation, LocalizedText(
                sv: "okänd nyckel `\(pair.key)` i \(context.sv)" + (suggestion.map { "; menade du `\($0)`?" } ?? "; tillåtna är " + allowedKeys.map { "`\($0)`" }.joined(separator: ", ")),
                en: "unknown key `\(pair.key)` in \(context.en)" + (suggestion.map { "; did you mean `\($0)`?" } ?? "; allowed are " + allowedKeys.map { "`\($0)`" }.joined(separator: ", "))))
        }
    }

    mutating func error(at location: SourceLocation, _ message: LocalizedText, code: DiagnosticCode = .surveySchema) {
        diagnostics.append(Diagnostic(file: file, location: location, severity: .error, code: code, message: message))
    }

    /// A text value; reports a missing required one at the mapping.
    mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let value = node[key], !value.isNull else {
            if required {
                error(at: node.location, LocalizedText(sv: "nyckeln `\(key)` saknas", en: "the key `\(key)` is missing"))
            }
            return nil
        }
        return text(value, else: LocalizedText(
            sv: "`\(key)` ska vara en text, inte \(value.kindName.sv)",
            en: "`\(key)` must be a text, not \(value.kindName.en)"))
    }

    /// The text of a scalar; for any other node, `message` at the node and `nil`. The message
    /// is made only then: a definition reads thousands of values, nearly all of them texts.
    private mutating func text(_ value: YAMLNode, else message: @autoclosure () -> LocalizedText) -> String? {
        guard let text = value.scalar else {
            error(at: value.location, message())
            return nil
        }
        return text
    }

    /// A text without surrounding white space (block scalars end with a newline).
    mutating func trimmedString(_ key: String, required: Bool = false) -> String? {
        string(key, required: required).map { $0.trimmingWhitespace() }
    }

    /// `true` / `false` (also `ja` / `nej`); the default when absent.
    mutating func bool(_ key: String, default defaultValue: Bool) -> Bool {
        guard let text = string(key) else { return defaultValue }
        switch text.lowercased() {
        case "true", "yes", "ja": return true
        case "false", "no", "nej": return false
        default:
            error(at: node[key]!.location, LocalizedText(
                sv: "`\(key)` ska vara `true` eller `false`, inte `\(text)`",
                en: "`\(key)` must be `true` or `false`, not `\(text)`"))
            return defaultValue
        }
    }

    /// A number (decimal point or comma).
    mutating func number(_ key: String) -> Double? {
        guard let text = string(key) else { return nil }
        guard let value = SwedishNumber.parse(text)?.value else {
            error(at: node[key]!.location, LocalizedText(
                sv: "`\(key)` ska vara ett tal, inte `\(text)`",
                en: "`\(key)` must be a number, not `\(text)`"))
            return nil
        }
        return value
    }

    /// A list of texts; a single text counts as a list of one.
    mutating func strings(_ key: String) -> [String] {
        guard let value = node[key], !value.isNull else { return [] }
        if let text = value.scalar { return [text] }
        guard let items = value.sequence else {
            error(at: value.location, LocalizedText(
                sv: "`\(key)` ska vara en lista, inte \(value.kindName.sv)",
                en: "`\(key)` must be a list, not \(value.kindName.en)"))
            return []
        }
        return items.compactMap { item in
            text(item, else: LocalizedText(sv: "varje post i `\(key)` ska vara en text", en: "every entry of `\(key)` must be a text"))
        }
    }

    /// The items of a list of mappings.
    mutating func nodes(_ key: String, required: Bool = false) -> [YAMLNode] {
        guard let value = node[key], !value.isNull else {
            if required {
                error(at: node.location, LocalizedText(sv: "nyckeln `\(key)` saknas", en: "the key `\(key)` is missing"))
            }
            return []
        }
        guard let items = value.sequence else {
            error(at: value.location, LocalizedText(
                sv: "`\(key)` ska vara en lista, inte \(value.kindName.sv)",
                en: "`\(key)` must be a list, not \(value.kindName.en)"))
            return []
        }
        return items
    }

    /// Where a key's value is, or the mapping itself.
    func location(of key: String) -> SourceLocation {
        node[key]?.location ?? node.location
    }
}
