/// Swedish number style for running text: one to twelve in words, digits above; words at the
/// start of a sentence; decimal comma and a space between thousands.
public enum SwedishWords {
    private static let units = ["noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio",
                                "elva", "tolv", "tretton", "fjorton", "femton", "sexton", "sjutton", "arton", "nitton"]
    private static let tens = ["", "", "tjugo", "trettio", "fyrtio", "femtio", "sextio", "sjuttio", "åttio", "nittio"]

    /// The number in words, for 0–100 ("fjorton", "tjugoen"); digits beyond. `neuter` gives
    /// "ett" for one ("ett svar" rather than "en kommun").
    public static func words(_ number: Int, neuter: Bool = false) -> String {
        switch number {
        case 1: return neuter ? "ett" : "en"
        case 0..<20: return units[number]
        case 20..<100:
            let rest = number % 10
            return tens[number / 10] + (rest == 0 ? "" : words(rest, neuter: neuter))
        case 100: return "hundra"
        default: return digits(number)
        }
    }

    /// A count in running text: words for one to twelve, digits otherwise.
    public static func inText(_ number: Int, neuter: Bool = false) -> String {
        (1...12).contains(number) ? words(number, neuter: neuter) : digits(number)
    }

    /// A count that starts a sentence: always in words (capitalized) up to a hundred.
    public static func sentenceStart(_ number: Int, neuter: Bool = false) -> String {
        capitalized(number <= 100 && number >= 0 ? words(number, neuter: neuter) : digits(number))
    }

    /// An integer with a space between thousands from 10 000 up (as Swedish style guides say).
    public static func digits(_ number: Int) -> String {
        SwedishNumber.format(Double(number), maxFractionDigits: 0)
    }

    /// A decimal number with a decimal comma, at most `fractionDigits` decimals.
    public static func decimal(_ value: Double, fractionDigits: Int = 1) -> String {
        SwedishNumber.format(value, maxFractionDigits: fractionDigits)
    }

    /// "färre än tre" for a threshold of three.
    public static func fewerThan(_ threshold: Int) -> String {
        "färre än " + words(threshold)
    }

    /// The text with its first letter in upper case.
    public static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// Singular and plural of a respondent kind ("kommun", "kommuner").
    public static func kindNoun(_ kind: String, count: Int) -> String {
        switch (kind, count == 1) {
        case ("kommun", true): "kommun"
        case ("kommun", false): "kommuner"
        case ("region", true): "region"
        case ("region", false): "regioner"
        case ("systemledning", true): "lokal systemledning"
        case ("systemledning", false): "lokala systemledningar"
        default: kind
        }
    }
}
