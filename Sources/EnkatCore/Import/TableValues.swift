import Foundation

/// Reading cells as answers: the text of a cell, options from ids or labels, 0/1 marks,
/// numbers with decimal comma or as spreadsheet numbers, sentinels and scale labels.
enum TableValues {
    /// A number as enkat writes it: no exponent, decimal comma, as few digits as give the
    /// same value back (`0.274` → `0,274`, `79.0` → `79`).
    static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        var text = "\(value)"
        if text.contains("e") || text.contains("E") {
            text = String(format: "%.12f", value)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text.replacingOccurrences(of: ".", with: ",")
    }

    /// The text of a cell, trimmed; `nil` when blank. In CSV, the apostrophe a spreadsheet
    /// export puts before a leading `=`, `+`, `-` or `@` (so Excel never runs it) is removed.
    static func text(_ cell: TableCell, csv: Bool) -> String? {
        switch cell {
        case .empty: return nil
        case .text(let raw):
            var text = raw.normalizingLineBreaks().trimmingWhitespace()
            if csv, text.hasPrefix("'"), let second = text.dropFirst().first, "=+-@".contains(second) {
                text.removeFirst()
            }
            return text.isEmpty ? nil : text
        case .number(let number, _): return numberText(number)
        case .boolean(let value): return value ? "ja" : "nej"
        }
    }

    static let truthy: Set<String> = [
        "1", "x", "ja", "j", "yes", "y", "sant", "true", "✓", "✔", "☑", "☒", "markerad", "vald", "valt", "checked",
    ]
    static let falsy: Set<String> = ["0", "nej", "n", "no", "falskt", "false", "-", "–", "☐", "ej-vald", "ej-valt"]

    /// A question's options by the keys a cell may name them with, computed once per import
    /// rather than for every cell.
    struct OptionKeys {
        /// The option ids.
        let ids: Set<String>
        /// The first option whose folded id or label key is the key.
        let byKey: [String: String]
        /// The most commas in an option's id or label key: a run of more comma-separated
        /// pieces cannot name an option.
        let maxCommas: Int
        let hasJa: Bool
        let hasNej: Bool

        init(_ question: Question) {
            var byKey: [String: String] = [:]
            var maxCommas = 0
            for option in question.options {
                let keys = [Fold.key(option.id), TableText.key(option.label)]
                for key in keys where byKey[key] == nil { byKey[key] = option.id }
                for text in keys + [option.id] { maxCommas = max(maxCommas, text.utf8.count { $0 == UInt8(ascii: ",") }) }
            }
            ids = Set(question.options.map(\.id))
            self.byKey = byKey
            self.maxCommas = maxCommas
            hasJa = ids.contains("ja")
            hasNej = ids.contains("nej")
        }
    }

    /// An option id from an id or label, leniently; `ja`/`nej` from yes/no words and marks.
    static func option(_ text: String, of question: Question) -> String? {
        option(text, OptionKeys(question))
    }

    /// `option(_:of:)` with the question's keys computed beforehand.
    static func option(_ text: String, _ keys: OptionKeys) -> String? {
        if keys.ids.contains(text) { return text }
        let key = TableText.key(text)
        if let found = keys.byKey[key] { return found }
        if keys.hasJa, truthy.contains(key) { return "ja" }
        if keys.hasNej, falsy.contains(key) { return "nej" }
        return nil
    }

    /// A choice cell: the option, and a follow-up text written after the label in the same
    /// cell ("Ja, beskriv: …", "Ja – …"). An unknown value is kept as written, so that the
    /// check of the response names it and suggests the closest option.
    static func choice(_ cell: TableCell, _ question: Question, csv: Bool) -> (id: String, details: String?)? {
        choice(cell, question, OptionKeys(question), csv: csv)
    }

    /// `choice(_:_:csv:)` with the question's keys computed beforehand.
    static func choice(_ cell: TableCell, _ question: Question, _ keys: OptionKeys, csv: Bool) -> (id: String, details: String?)? {
        if case .boolean(let value) = cell {
            if let id = option(value ? "ja" : "nej", keys) { return (id, nil) }
        }
        guard let text = text(cell, csv: csv) else { return nil }
        if let id = option(text, keys) { return (id, nil) }
        for candidate in question.options where candidate.details != nil {
            for prefix in [candidate.label, candidate.id] {
                let folded = TableText.normalized(text)
                guard folded.lowercased().hasPrefix(prefix.lowercased()) else { continue }
                let rest = folded.dropFirst(prefix.count)
                guard let first = rest.first, ",:;–—-".contains(first) else { continue }
                var details = rest.drop { ",:;–—- ".contains($0) }
                for word in ["beskriv", "nämligen", "namligen"] where details.lowercased().hasPrefix(word) {
                    details = details.dropFirst(word.count).drop { ",:;–—- ".contains($0) }
                }
                if !details.isEmpty { return (candidate.id, String(details)) }
            }
        }
        return (text, nil)
    }

    /// The options in a multi question's cell: ids or labels separated by `;`, line breaks
    /// or `,` (labels that contain a comma are recognised whole). Unknown parts are kept as
    /// written for the check to report.
    static func options(_ cell: TableCell, _ question: Question, csv: Bool) -> [String] {
        options(cell, OptionKeys(question), csv: csv)
    }

    /// `options(_:_:csv:)` with the question's keys computed beforehand.
    static func options(_ cell: TableCell, _ keys: OptionKeys, csv: Bool) -> [String] {
        options(cell, keys, csv: csv, maxUnknown: .max).ids
    }

    /// The most parts of one cell that name no option and are kept for the check to report.
    static let maxUnknownOptions = 20

    /// The options of a cell, keeping at most `maxUnknown` parts that name no option, and
    /// how many more there were (a cell of thousands of them is a mistake to report once).
    static func options(_ cell: TableCell, _ keys: OptionKeys, csv: Bool, maxUnknown: Int) -> (ids: [String], dropped: Int) {
        guard var text = text(cell, csv: csv) else { return ([], 0) }
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        var result: [String] = []
        let parts = text.split(whereSeparator: { $0 == ";" || $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }
        for part in parts where !part.isEmpty {
            if let id = option(part, keys) {
                result.append(id)
                continue
            }
            // Greedy: the longest run of comma-separated pieces that names an option. A run
            // of n pieces has n − 1 commas, so no run longer than the option with the most
            // commas allows is tried (which keeps a cell of many pieces linear).
            let pieces = part.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            var start = 0
            while start < pieces.count {
                var matched = false
                for end in stride(from: min(pieces.count, start + keys.maxCommas + 1), to: start, by: -1) {
                    let joined = pieces[start..<end].joined(separator: ", ")
                    if let id = option(joined, keys) {
                        result.append(id)
                        start = end
                        matched = true
                        break
                    }
                }
                if !matched {
                    if !pieces[start].isEmpty { result.append(pieces[start]) }
                    start += 1
                }
            }
        }
        var seen = Set<String>()
        var ids: [String] = []
        var unknown = 0
        var dropped = 0
        for id in result where seen.insert(id).inserted {
            if !keys.ids.contains(id) {
                unknown += 1
                if unknown > maxUnknown {
                    dropped += 1
                    continue
                }
            }
            ids.append(id)
        }
        return (ids, dropped)
    }

    /// What a cell in a one-column-per-option layout says.
    enum Mark: Equatable {
        case chosen
        case notChosen
        /// Chosen, with the follow-up text the cell holds ("Annat, nämligen" columns).
        case chosenWithText(String)
        /// Not a mark enkat understands.
        case unreadable(String)
    }

    static func mark(_ cell: TableCell, option: AnswerOption, csv: Bool) -> Mark {
        mark(cell, option: option, keys: [Fold.key(option.id), TableText.key(option.label)], csv: csv)
    }

    /// `mark(_:option:csv:)` with the option's folded id and label key computed beforehand.
    static func mark(_ cell: TableCell, option: AnswerOption, keys: [String], csv: Bool) -> Mark {
        switch cell {
        case .empty: return .notChosen
        case .boolean(let value): return value ? .chosen : .notChosen
        case .number(let number, _): return number != 0 ? .chosen : .notChosen
        case .text:
            guard let text = text(cell, csv: csv) else { return .notChosen }
            let key = TableText.key(text)
            if truthy.contains(key) || keys.contains(key) { return .chosen }
            if falsy.contains(key) { return .notChosen }
            if option.details != nil { return .chosenWithText(text) }
            return .unreadable(text)
        }
    }

    /// A numeric question's value: a spreadsheet number (a percentage-formatted cell of a
    /// percent question times 100), a number written as text, a sentinel by id or label, or a
    /// scale step by its label. Anything else is kept as written for the check to report.
    static func number(_ cell: TableCell, _ question: Question, csv: Bool) -> ResponseDraft.Value? {
        if case .number(let number, let percentFormat) = cell {
            let value = percentFormat && question.type == .percent ? (number * 100 * 1e9).rounded() / 1e9 : number
            return .number(numberText(value))
        }
        guard let text = text(cell, csv: csv) else { return nil }
        let key = TableText.key(text)
        if let sentinel = question.sentinels.first(where: { $0.id == text || Fold.key($0.id) == key || TableText.key($0.label) == key }) {
            return .sentinel(sentinel.id)
        }
        if SwedishNumber.parse(text) != nil { return .number(text) }
        if question.type == .scale {
            let steps = question.scaleSteps
            if let step = steps.first(where: { $0.label.map(TableText.key) == key }) {
                return .number(String(step.value))
            }
            // "4 Stämmer bra", "4 – Stämmer bra"
            let digits = text.prefix { $0.isNumber }
            if !digits.isEmpty, let value = Int(digits), let label = steps.first(where: { $0.value == value })?.label,
                TableText.key(String(text.dropFirst(digits.count).drop { !$0.isLetter })) == TableText.key(label)
            {
                return .number(String(value))
            }
        }
        return .number(text)
    }
}
