import Foundation

/// One line of a printout's text, with what kind of line it is.
///
/// Text copied or extracted from a printed web form carries the printout's layout: every
/// printed line is its own line, page breaks leave runs of empty lines, and the browser adds
/// page furniture (the page's address, the date, "3 av 12"). Nothing here knows about the
/// questionnaire; `PrintTextParser` decides what the content lines are.
struct PrintLine: Sendable, Equatable {
    /// What a line is, before the questionnaire is consulted.
    enum Kind: Sendable, Equatable {
        /// A line with text.
        case content
        /// An empty line.
        case empty
        /// A line of nothing but white space: in a printout of a web form, what is left of an
        /// empty line typed into a text field, or of a layout element.
        case blank
        /// Page furniture: a URL on its own, a page number, a date-and-time header, the
        /// survey's title repeated at the top of each page, a form feed.
        case furniture
    }

    /// The 1-based line number in the file.
    var number: Int
    /// The text without leading and trailing white space.
    var text: String
    /// The kind.
    var kind: Kind
}

/// Splitting a printout into classified lines.
enum PrintTextLines {
    /// The lines of `bytes`, which must be UTF-8 (a BOM is skipped). CRLF, CR and LF all end
    /// a line; a form feed (a page break in `pdftotext` output) is page furniture.
    ///
    /// - Throws: an `encoding` diagnostic in the same words `enkat check` uses.
    static func read(
        _ bytes: [UInt8], file: String, surveyTitle: String?, limits: PrintTextLimits = .standard
    ) throws(Diagnostic) -> [PrintLine] {
        if let exceeded = bytes.withUnsafeBufferPointer({ limits.check($0) }) {
            throw Diagnostic(
                file: file, location: SourceLocation(line: exceeded.line, column: 1), severity: .error, code: .importLimit,
                message: exceeded.message)
        }
        let problem = bytes.withUnsafeBufferPointer { TextEncoding.check($0) }
        if let problem {
            // The conversion hint names a text file here, not a YAML file.
            let message = LocalizedText(
                sv: problem.message.sv.replacingOccurrences(of: "NY.yaml", with: "NY.txt"),
                en: problem.message.en.replacingOccurrences(of: "NEW.yaml", with: "NEW.txt"))
            throw Diagnostic(file: file, location: problem.location, severity: .error, code: .encoding, message: message)
        }
        let start = bytes.withUnsafeBufferPointer { TextEncoding.utf8BOMLength($0) }
        let text = String(decoding: bytes[start...], as: UTF8.self)
        return classify(text, surveyTitle: surveyTitle)
    }

    /// The classified lines of a decoded text.
    static func classify(_ text: String, surveyTitle: String?) -> [PrintLine] {
        let titleKey = surveyTitle.map { FormKey($0) }
        var lines: [PrintLine] = []
        var number = 0
        // Split on CRLF, CR and LF alike (Swift treats "\r\n" as one Character).
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            number += 1
            // A form feed is a page break; what surrounds it on the line is still text.
            let pieces = raw.split(separator: "\u{0C}", omittingEmptySubsequences: false)
            guard pieces.count > 1 else {
                lines.append(line(number: number, raw: raw, titleKey: titleKey))
                continue
            }
            for (index, piece) in pieces.enumerated() {
                if index > 0 { lines.append(PrintLine(number: number, text: "", kind: .furniture)) }
                if piece.allSatisfy(\.isWhitespace) { continue }
                lines.append(line(number: number, raw: piece, titleKey: titleKey))
            }
        }
        // A text that ends with a line break has no line after it.
        if let last = lines.last, last.kind == .empty, text.hasSuffix("\n") || text.hasSuffix("\r") {
            lines.removeLast()
        }
        return lines
    }

    /// What is trimmed from both ends of a line (made once, not for every line).
    private static let trimmed = CharacterSet.whitespaces.union(.controlCharacters)

    private static func line(number: Int, raw: Substring, titleKey: FormKey?) -> PrintLine {
        if raw.isEmpty { return PrintLine(number: number, text: "", kind: .empty) }
        let text = raw.trimmingCharacters(in: trimmed)
        if text.isEmpty { return PrintLine(number: number, text: "", kind: .blank) }
        let kind: PrintLine.Kind = isFurniture(text, title: titleKey) ? .furniture : .content
        return PrintLine(number: number, text: text, kind: kind)
    }

    /// True for what a browser prints around the page: a URL on its own line, a page number
    /// ("3 av 12", "Sida 3", "3/12", "- 3 -"), a date with a time ("2023-03-28 14:05",
    /// "28/03/2023, 14:05"), the survey's title, or a line made only of those ("https://… 3/12",
    /// "Slutredovisning … 2022   3 av 12").
    static func isFurniture(_ text: String, title: FormKey? = nil) -> Bool {
        var tokens = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !tokens.isEmpty else { return false }
        if let title, FormKey(text) == title { return true }
        if isPageNumber(tokens) { return true }
        if tokens.allSatisfy({ isURL($0) || isDate($0) || isTime($0) || isPageFraction($0) }) { return true }
        // A date and a time, then anything short: the browser's header with the page title.
        if tokens.count >= 2, isDate(tokens[0]), isTime(tokens[1], dot: true), text.count <= 120 { return true }
        // A page number after the address, the title or the date.
        guard let withoutNumber = droppingPageNumber(tokens) else { return false }
        tokens = withoutNumber
        if isURL(tokens[0]) || isDate(tokens[0]) { return true }
        if let title, FormKey(tokens.joined(separator: " ")) == title { return true }
        return false
    }

    /// The tokens before a trailing page number, when there are any.
    private static func droppingPageNumber(_ tokens: [String]) -> [String]? {
        var rest = tokens
        if let last = rest.last, isPageFraction(last) {
            rest.removeLast()
        } else if rest.count >= 4, isPageNumber(Array(rest.suffix(3))) {
            rest.removeLast(3)
        } else {
            return nil
        }
        if let last = rest.last, ["sida", "page", "s."].contains(last.lowercased()) { rest.removeLast() }
        return rest.isEmpty ? nil : rest
    }

    private static func isPageNumber(_ tokens: [String]) -> Bool {
        let lower = tokens.map { $0.lowercased() }
        func number(_ token: String) -> Bool { !token.isEmpty && token.count <= 4 && token.allSatisfy(\.isASCIIDigit) }
        switch lower.count {
        case 1: return isPageFraction(lower[0])
        case 2: return ["sida", "page", "s."].contains(lower[0]) && (number(lower[1]) || isPageFraction(lower[1]))
        case 3:
            if lower[0] == "-" && number(lower[1]) && lower[2] == "-" { return true }
            return number(lower[0]) && ["av", "of", "/"].contains(lower[1]) && number(lower[2])
        case 4: return ["sida", "page"].contains(lower[0]) && number(lower[1]) && ["av", "of", "/"].contains(lower[2]) && number(lower[3])
        default: return false
        }
    }

    /// "3/12".
    private static func isPageFraction(_ token: String) -> Bool {
        let parts = token.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCIIDigit) }
    }

    static func isURL(_ token: String) -> Bool {
        let lower = token.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") || lower.hasPrefix("www.")
    }

    /// 2023-03-28, 28/03/2023, 28.3.2023, 3/28/23 (a trailing comma allowed).
    private static func isDate(_ token: String) -> Bool {
        let core = token.hasSuffix(",") ? String(token.dropLast()) : token
        for separator: Character in ["-", "/", "."] {
            let parts = core.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { continue }
            let lengths = parts.map(\.count)
            if lengths == [4, 2, 2] && separator == "-" { return true }
            if lengths[0] <= 2 && lengths[1] <= 2 && (lengths[2] == 4 || lengths[2] == 2) && separator != "-" { return true }
        }
        return false
    }

    /// 14:05, 2:05, with seconds or not; AM/PM is a token of its own. 14.05 only with `dot`
    /// (right after a date: alone it could be a number).
    private static func isTime(_ token: String, dot: Bool = false) -> Bool {
        let lower = token.lowercased()
        if lower == "am" || lower == "pm" || lower == "fm" || lower == "em" { return true }
        let core = lower.hasSuffix(",") ? String(lower.dropLast()) : lower
        let parts = core.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || (dot && $0 == ".") })
        guard parts.count == 2 || parts.count == 3 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isASCIIDigit) }
    }
}

extension Character {
    /// 0–9 only (not other scripts' digits).
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
