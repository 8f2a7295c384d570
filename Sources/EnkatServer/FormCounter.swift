import EnkatCore

/// The line under every text area: "2 958 av 3 000 tecken", counted by the validator's rule
/// (`CharacterCount`), with the state that picks its colour.
///
/// The browser recomputes it on every keystroke with the same rule in JavaScript
/// (`templates/form-script.mustache`, `EnkatCount.counter`); the server renders the first
/// value so the page is right without JavaScript too. `FormCounterParityTests` runs both on
/// the same strings so they cannot drift apart.
struct FormCounter: Sendable, Equatable {
    /// How the count stands against the limit, as the validator would report it.
    enum State: String, Sendable {
        /// Comfortably within.
        case ok
        /// Within 2 % of the limit (the validator's `near-limit` note).
        case near
        /// Fits only because a line break counts as one (`crlf-risk`).
        case crlf
        /// Over the limit (`too-long`).
        case over
    }

    /// Characters by the form's rule.
    var characters: Int
    /// Line breaks counted once each.
    var lineBreaks: Int
    /// The limit.
    var limit: Int

    init(text: String, limit: Int) {
        let count = CharacterCount(text)
        characters = count.characters
        lineBreaks = count.lineBreaks
        self.limit = limit
    }

    /// The state, in the validator's order: too long, then CRLF risk, then near the limit.
    var state: State {
        if characters > limit { return .over }
        if characters + lineBreaks > limit { return .crlf }
        if characters >= CharacterCount.nearLimitThreshold(limit) { return .near }
        return .ok
    }

    /// The line shown under the text area. Besides the colour, each state says in words what
    /// it means (WCAG 1.4.1: colour is never the only cue).
    var message: String {
        let base = "\(Self.group(characters)) av \(Self.group(limit)) tecken"
        switch state {
        case .ok:
            return base
        case .near:
            return "\(base) – \(Self.group(limit - characters)) kvar"
        case .crlf:
            return
                "\(base) – ryms bara för att en radbrytning räknas som ett tecken; med två tecken per radbrytning blir det \(Self.group(characters + lineBreaks))"
        case .over:
            return "För långt: \(base), \(Self.group(characters - limit)) för många"
        }
    }

    /// A whole number with a no-break space between groups of three digits: "2 958",
    /// "3 000" (the Swedish style; the space never breaks the line).
    static func group(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append("\u{00A0}") }
            out.append(digit)
        }
        return (number < 0 ? "−" : "") + out
    }
}
