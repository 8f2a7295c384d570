/// Writing values as YAML that enkat reads back exactly.
enum YAMLValueWriter {
    /// A free text as a literal block under a key at `indent`, or as a double-quoted string
    /// when a block cannot hold it exactly (leading white space, control characters).
    static func text(_ text: String, indent: String) -> String {
        // Trailing line breaks go (walking back from the end only: a long text costs nothing
        // more). A CRLF is one Character and stays, as it always has.
        var end = text.endIndex
        while end > text.startIndex, case let last = text[text.index(before: end)], last == "\n" || last == "\r" {
            end = text.index(before: end)
        }
        let trimmedEnd = String(text[..<end])
        let lines = trimmedEnd.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        let blockSafe = !(trimmedEnd.first?.isWhitespace ?? true)
            && !trimmedEnd.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0x7F || $0 == "\u{FEFF}" || $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" }
        guard blockSafe else { return " " + JSONWriter.quote(text) + "\n" }
        return " |\n" + lines.map { $0.isEmpty ? "\n" : indent + "  " + $0 + "\n" }.joined()
    }

    /// A plain scalar when YAML reads it back unchanged (enkat types every scalar itself),
    /// otherwise double-quoted.
    static func scalar(_ text: String) -> String {
        let safe = !text.isEmpty && text.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "," || $0 == "."
        } && !text.hasPrefix("-") && !text.hasPrefix(".")
        return safe ? text : JSONWriter.quote(text)
    }
}
