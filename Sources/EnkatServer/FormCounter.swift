import EnkatCore

/// The line under every text area: "2 958 av 3 000 tecken", counted and judged by the
/// validator's rule (`CharacterCount` and its `standing(against:)`), with the state that picks
/// its colour; only the wording is the form's.
///
/// The browser recomputes it on every keystroke with the same rule in JavaScript
/// (`templates/form-script.mustache`, `EnkatCount.counter`); the server renders the first
/// value so the page is right without JavaScript too. `FormCounterParityTests` runs both on
/// the same strings so they cannot drift apart.
struct FormCounter: Sendable, Equatable {
    /// How the count stands against the limit (``CharacterCount/Standing``), by the names
    /// the template's CSS classes use.
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

    /// The count, by the validator's rule.
    var count: CharacterCount
    /// The limit.
    var limit: Int

    init(text: String, limit: Int) {
        count = CharacterCount(text)
        self.limit = limit
    }

    /// Characters by the validator's rule.
    var characters: Int { count.characters }
    /// Line breaks counted once each.
    var lineBreaks: Int { count.lineBreaks }

    /// The state: the validator's own ``CharacterCount/standing(against:)``.
    var state: State {
        switch count.standing(against: limit) {
        case .tooLong: .over
        case .crlfRisk: .crlf
        case .nearLimit: .near
        case .within: .ok
        }
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
