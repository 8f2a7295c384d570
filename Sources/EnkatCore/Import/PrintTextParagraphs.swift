/// Rejoining a printed answer's lines into the paragraphs that were typed into the form.
///
/// The printout breaks every line where the text field was full. A printed line therefore
/// continues the paragraph, unless something says the writer ended it:
///
/// 1. A paragraph break: an empty line in an ordinary text. Text extracted from the web
///    form's printout is *double-spaced* (an empty line after every printed line, and several
///    at a page break); there a line of nothing but white space is what remains of an empty
///    line in the answer, and only that starts a new paragraph.
/// 2. A list item: a line that starts with a bullet ("•", "–", "o " before a capital)
///    starts a new line.
/// 3. A short line: when the first word of the next line would have fitted at the end of
///    this one, the writer pressed Enter there. "Fitted" is measured against the longest
///    line of the same answer (each field of the form has its own width), with a tenth to
///    spare because the printout's font is proportional.
///
/// Page furniture between two lines (a page break) does not end a paragraph by itself; but a
/// short line before a page break ends its paragraph, because the printout drops the empty
/// line between two paragraphs at the foot of a page. In an ordinary text, empty lines next
/// to page furniture are paragraph breaks, unless (nearly) every page break has empty lines
/// on both sides: then they are the page's layout.
/// A word broken at a hyphen ("50-⏎åringarna") is joined without a space, except before
/// "och", "eller" and the like ("hälso-⏎och sjukvård" is "hälso- och sjukvård").
enum PrintTextParagraphs {
    /// A printed line or what separates two printed lines.
    enum Piece: Sendable, Equatable {
        /// A line of text with its line number.
        case line(String, Int)
        /// An empty line, a blank line or page furniture.
        case gap(PrintLine.Kind)
    }

    /// How a printout's text is laid out, found from the whole text.
    struct Layout: Sendable, Equatable {
        /// An empty line after every printed line; a line of white space is a paragraph break.
        var doubleSpaced: Bool
        /// Empty lines around page furniture belong to the page, not to the text.
        var emptyLinesAtPageBreaksAreLayout = false
    }

    /// How much of the longest line a line may fill and still count as ended by the writer.
    static let fillRatio = 0.9

    /// The text of `pieces`, or `nil` when there is none.
    static func join(_ pieces: [Piece], layout: Layout) -> String? {
        var lines: [(text: String, gaps: [PrintLine.Kind])] = []
        var gaps: [PrintLine.Kind] = []
        for piece in pieces {
            switch piece {
            case .gap(let kind): gaps.append(kind)
            case .line(let text, _):
                lines.append((text, gaps))
                gaps = []
            }
        }
        guard let first = lines.first else { return nil }
        let width = lines.map(\.text.count).max() ?? 0
        var text = first.text
        for index in lines.indices.dropFirst() {
            let previous = lines[index - 1].text
            let line = lines[index]
            text += separator(after: previous, before: line.text, gaps: line.gaps, width: width, layout: layout)
            text += line.text
        }
        return text
    }

    /// What goes between two printed lines: a paragraph break, a line break, a space or nothing.
    static func separator(after previous: String, before next: String, gaps: [PrintLine.Kind], width: Int, layout: Layout) -> String {
        // Double-spaced text shows a page break as a run of empty lines.
        let pageBreak = gaps.contains(.furniture) || (layout.doubleSpaced && gaps.count { $0 == .empty } >= 2)
        let paragraph =
            layout.doubleSpaced
            ? gaps.contains(.blank)
            : (!pageBreak || !layout.emptyLinesAtPageBreaksAreLayout) && gaps.contains { $0 == .empty || $0 == .blank }
        if paragraph { return "\n\n" }
        if startsListItem(next) { return "\n" }
        let room = Int((Double(width) * fillRatio).rounded(.down))
        if previous.count + 1 + firstWord(of: next).count <= room {
            // A page break swallows the empty line between two paragraphs.
            return pageBreak ? "\n\n" : "\n"
        }
        return joiner(after: previous, before: next)
    }

    /// True when a line starts with a bullet.
    static func startsListItem(_ line: String) -> Bool {
        guard let first = line.unicodeScalars.first else { return false }
        if ["•", "◦", "▪", "‣", "∙", "\u{F0B7}", "\u{F0A7}", "\u{F0D8}", "\u{F0FC}", "➢", "►", "✓", "✔"].contains(first) { return true }
        let scalars = Array(line.unicodeScalars.prefix(3))
        guard scalars.count >= 3, scalars[1] == " " else { return false }
        switch scalars[0] {
        case "-", "–", "—", "*": return true
        case "o": return scalars[2].properties.isUppercase
        default: return false
        }
    }

    /// Words that follow a suspended compound ("hälso- och sjukvård", "verksamhets- respektive").
    private static let afterSuspendedCompound: Set<String> = [
        "och", "eller", "respektive", "resp.", "samt", "till", "som", "men", "&", "/", "el.", "o.",
    ]

    /// A space, or nothing when a word was broken at its hyphen.
    static func joiner(after previous: String, before next: String) -> String {
        guard previous.hasSuffix("-") else { return " " }
        let beforeHyphen = previous.dropLast().last
        guard let beforeHyphen, beforeHyphen.isLetter || beforeHyphen.isNumber else { return " " }
        return afterSuspendedCompound.contains(firstWord(of: next).lowercased()) ? " " : ""
    }

    private static func firstWord(of line: String) -> Substring {
        line.prefix { !$0.isWhitespace }
    }
}
