/// Items joined as running text, "a, b och c" or "a, b eller c" (no comma before the last
/// item, as Swedish writes it; the English follows the same pattern). The one list joiner of
/// enkat: messages, the form and the import reports use it. The items are never rewritten, so
/// an option label that itself holds " och " stays as it is.
public enum RunningList {
    /// The word before the last item.
    public enum Conjunction: Sendable {
        /// "och" / "and".
        case and
        /// "eller" / "or".
        case or

        /// The word in the given language.
        public func word(_ language: Language) -> String {
            switch (self, language) {
            case (.and, .sv): "och"
            case (.and, .en): "and"
            case (.or, .sv): "eller"
            case (.or, .en): "or"
            }
        }
    }

    /// What follows each of `count` items: ", " between items, " och " before the last, and
    /// nothing after it (for templates that put a link between the separators).
    public static func separators(count: Int, _ conjunction: Conjunction, in language: Language = .sv) -> [String] {
        (0..<max(count, 0)).map { index in
            index + 2 < count ? ", " : index + 2 == count ? " \(conjunction.word(language)) " : ""
        }
    }

    /// The items as a list in one language: "a, b och c".
    public static func joined(_ items: [String], _ conjunction: Conjunction, in language: Language = .sv) -> String {
        zip(items, separators(count: items.count, conjunction, in: language)).map { $0 + $1 }.joined()
    }

    /// "a, b och c" in Swedish.
    public static func and(_ items: [String]) -> String { joined(items, .and) }

    /// "a, b eller c" in Swedish.
    public static func or(_ items: [String]) -> String { joined(items, .or) }

    /// The items (the same in both languages, e.g. ids) as "a, b och c" / "a, b and c".
    public static func localized(_ items: [String], _ conjunction: Conjunction) -> LocalizedText {
        LocalizedText(sv: joined(items, conjunction, in: .sv), en: joined(items, conjunction, in: .en))
    }
}
