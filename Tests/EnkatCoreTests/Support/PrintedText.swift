/// Text as the web form's printout shows it, for the printout-shaped inputs of the print-text
/// tests and golden files.
enum PrintedText {
    /// Greedy word wrap at `width` characters, as the printout wraps a text field's lines.
    static func wrap(_ paragraph: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in paragraph.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count > width {
                lines.append(current)
                current = String(word)
            } else {
                current += " " + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// The printed lines of a text: each line wrapped at `width`; an empty line becomes a line
    /// of white space.
    static func lines(_ text: String, width: Int) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            line.isEmpty ? [" "] : wrap(String(line), width: width)
        }
    }
}
