/// Numbers as Swedes write them: `0,274`, `79`, `12,5 %`, `1 234`, and as YAML writers do:
/// `0.274`.
public enum SwedishNumber {
    /// A parsed number and how it was written.
    public struct Parsed: Sendable, Equatable {
        /// The value.
        public var value: Double
        /// True when written without decimals (`274`, `0274`).
        public var isInteger: Bool
        /// The digits as written, without sign, separators or leading zeros.
        public var digits: String
    }

    /// Parses a number with decimal comma or point, optional sign, spaces (also no-break
    /// spaces) as thousands separators and an optional trailing `%`. Returns `nil` for
    /// anything else.
    public static func parse(_ raw: String) -> Parsed? {
        var text = raw.trimmingWhitespace()
        if text.hasSuffix("%") { text = String(text.dropLast()).trimmingWhitespace() }
        var negative = false
        if text.hasPrefix("-") || text.hasPrefix("−") {
            negative = true
            text.removeFirst()
        } else if text.hasPrefix("+") {
            text.removeFirst()
        }
        var integerPart = ""
        var fractionPart = ""
        var seenSeparator = false
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9":
                if seenSeparator { fractionPart.unicodeScalars.append(scalar) } else { integerPart.unicodeScalars.append(scalar) }
                lastWasSpace = false
            case ",", ".":
                guard !seenSeparator, !lastWasSpace else { return nil }
                seenSeparator = true
                lastWasSpace = false
            case " ", "\u{00A0}", "\u{202F}":
                // A thousands separator only between integer digits.
                guard !seenSeparator, !integerPart.isEmpty, !lastWasSpace else { return nil }
                lastWasSpace = true
            default:
                return nil
            }
        }
        guard !lastWasSpace, !(integerPart.isEmpty && fractionPart.isEmpty) else { return nil }
        if seenSeparator && fractionPart.isEmpty { return nil }
        guard let value = Double((integerPart.isEmpty ? "0" : integerPart) + (fractionPart.isEmpty ? "" : "." + fractionPart)) else {
            return nil
        }
        let significant = String(integerPart.drop { $0 == "0" }) + fractionPart
        return Parsed(value: negative ? -value : value, isInteger: !seenSeparator, digits: significant)
    }

    /// Formats a number the Swedish way: decimal comma, no trailing zeros, a no-break space
    /// as thousands separator from 10 000 up.
    public static func format(_ value: Double, maxFractionDigits: Int = 3) -> String {
        if value.isNaN || value.isInfinite { return String(value) }
        let negative = value < 0
        var scale = 1.0
        for _ in 0..<maxFractionDigits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let integer = Int(scaled / scale)
        let fraction = Int(scaled) - integer * Int(scale)
        var fractionDigits = ""
        if fraction > 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: maxFractionDigits - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            fractionDigits = digits
        }
        var integerText = String(integer)
        if integer >= 10_000 {
            var grouped = ""
            for (index, character) in integerText.reversed().enumerated() {
                if index > 0 && index % 3 == 0 { grouped.append("\u{00A0}") }
                grouped.append(character)
            }
            integerText = String(grouped.reversed())
        }
        return (negative ? "−" : "") + integerText + (fractionDigits.isEmpty ? "" : "," + fractionDigits)
    }
}
