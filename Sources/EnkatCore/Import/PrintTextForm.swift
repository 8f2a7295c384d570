import Foundation

/// A text reduced for comparing printed form text with the survey definition: Unicode NFC,
/// lower case, without white space, bullet glyphs or checkbox glyphs, with every kind of
/// dash and quotation mark made one. Line wrapping, spacing and list markers then do not
/// matter: "verksamhets-⏎respektive" and "verksamhets- respektive" have the same key.
struct FormKey: Hashable, Sendable, CustomStringConvertible {
    /// The reduced scalars.
    private(set) var scalars: [Unicode.Scalar]

    /// The key of `text`.
    init(_ text: some StringProtocol) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in String(text).nfc.unicodeScalars {
            FormKey.append(scalar, to: &scalars)
        }
        self.scalars = scalars
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    /// Appends what one scalar of a text contributes to a key.
    private static func append(_ scalar: Unicode.Scalar, to scalars: inout [Unicode.Scalar]) {
        if scalar.properties.isWhitespace || ignored.contains(scalar) { return }
        if let mapped = unified[scalar] {
            scalars.append(mapped)
            return
        }
        scalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
    }

    /// Bullets and checkbox glyphs, including the private-use bullets of the Symbol and
    /// Wingdings fonts that PDF text extraction leaves behind.
    static let ignored: Set<Unicode.Scalar> = [
        "•", "◦", "▪", "▫", "‣", "∙", "·", "\u{F0B7}", "\u{F0A7}", "\u{F0D8}", "\u{F0FC}",
        "\u{00AD}",  // soft hyphen
        "\u{200B}", "\u{FEFF}",
    ]

    private static let unified: [Unicode.Scalar: Unicode.Scalar] = [
        "–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-",
        "”": "\"", "“": "\"", "„": "\"", "″": "\"", "»": "\"", "«": "\"",
        "’": "'", "‘": "'", "´": "'",
    ]

    /// How many scalars the key has.
    var count: Int { scalars.count }
    /// True for a text with nothing but white space and glyphs.
    var isEmpty: Bool { scalars.isEmpty }

    /// True when the key starts with `prefix`.
    func hasPrefix(_ prefix: FormKey) -> Bool {
        scalars.starts(with: prefix.scalars)
    }

    /// True when the key starts with the key of `text`.
    func hasPrefix(_ text: String) -> Bool {
        hasPrefix(FormKey(text))
    }

    /// How many scalars the two keys share at their start.
    func commonPrefixCount(with other: FormKey) -> Int {
        zip(scalars, other.scalars).prefix { $0 == $1 }.count
    }

    /// The key without its first `count` scalars.
    func dropFirst(_ count: Int) -> FormKey {
        FormKey(scalars: Array(scalars.dropFirst(count)))
    }

    /// The position just after the first occurrence of `other` at or after `start`.
    func end(of other: FormKey, from start: Int) -> Int? {
        guard !other.isEmpty, other.count <= scalars.count - start else { return nil }
        let first = other.scalars[0]
        var index = start
        while index + other.count <= scalars.count {
            if scalars[index] == first && scalars[index..<(index + other.count)].elementsEqual(other.scalars) {
                return index + other.count
            }
            index += 1
        }
        return nil
    }

    /// The part of `text` after the characters that make up its first `count` key scalars,
    /// without leading white space unless `trimming` is false.
    static func remainder(of text: String, afterKeyScalars count: Int, trimming: Bool = true) -> String {
        var produced: [Unicode.Scalar] = []
        var result = String.UnicodeScalarView()
        var reached = count == 0
        for scalar in text.nfc.unicodeScalars {
            if reached {
                result.append(scalar)
                continue
            }
            append(scalar, to: &produced)
            if produced.count >= count { reached = true }
        }
        return trimming ? String(result).trimmingCharacters(in: .whitespaces) : String(result)
    }

    var description: String { String(String.UnicodeScalarView(scalars)) }
}

/// The texts of a survey that a printout of its form shows, as keys: what is form and
/// therefore never part of an answer.
struct PrintForm {
    /// One question's printed texts.
    struct QuestionTexts {
        /// The question.
        var question: Question
        /// Its position in the survey.
        var index: Int
        /// The question text.
        var text: FormKey
        /// Each paragraph of the help text.
        var help: [FormKey]
        /// Option labels, with the option.
        var options: [(option: AnswerOption, key: FormKey)]
        /// The lines that introduce an option's follow-up text ("Ja, beskriv dessa insatser").
        var detailsMarkers: [(option: AnswerOption, key: FormKey)]
        /// Sentinel labels ("Indextal kan inte uppskattas").
        var sentinels: [(option: AnswerOption, key: FormKey)]
        /// Scale step labels, as "3 Stämmer ganska bra" and as "Stämmer ganska bra".
        var scaleSteps: [FormKey]
        /// The numeric field's label ("Andel i procent").
        var unit: FormKey?
    }

    /// One section's printed texts.
    struct SectionTexts {
        /// The section.
        var section: Section
        /// Its position in the survey.
        var index: Int
        /// The heading.
        var title: FormKey
        /// The introduction, all paragraphs as one key.
        var text: FormKey
    }

    /// Every question, in form order.
    var questions: [QuestionTexts]
    /// Every section, in form order.
    var sections: [SectionTexts]
    /// The section index of each question.
    var sectionOfQuestion: [Int]

    init(survey: Survey) {
        var questions: [QuestionTexts] = []
        var sections: [SectionTexts] = []
        var sectionOfQuestion: [Int] = []
        for (sectionIndex, section) in survey.sections.enumerated() {
            sections.append(
                SectionTexts(section: section, index: sectionIndex, title: FormKey(section.title), text: FormKey(section.text ?? "")))
            for question in section.questions {
                let help = (question.help ?? "").split(whereSeparator: \.isNewline).map(FormKey.init).filter { !$0.isEmpty }
                var markers: [(AnswerOption, FormKey)] = []
                for option in question.options where option.details != nil {
                    if let label = option.detailsLabel {
                        markers.append((option, FormKey(option.label + ", " + label)))
                        markers.append((option, FormKey(label)))
                    } else {
                        markers.append((option, FormKey(option.label + ", nämligen")))
                        markers.append((option, FormKey(option.label + ", beskriv")))
                    }
                }
                // The longest marker first, so "Ja, beskriv …" wins over "beskriv …".
                markers.sort { $0.1.count > $1.1.count }
                var steps: [FormKey] = []
                if question.type == .scale {
                    for step in question.scaleSteps {
                        guard let label = step.label else { continue }
                        steps.append(FormKey("\(step.value) \(label)"))
                        steps.append(FormKey(label))
                    }
                }
                questions.append(
                    QuestionTexts(
                        question: question, index: questions.count, text: FormKey(question.text), help: help,
                        options: question.options.map { ($0, FormKey($0.label)) },
                        detailsMarkers: markers,
                        sentinels: question.sentinels.map { ($0, FormKey($0.label)) },
                        scaleSteps: steps,
                        unit: question.unitLabel.map(FormKey.init)))
                sectionOfQuestion.append(sectionIndex)
            }
        }
        self.questions = questions
        self.sections = sections
        self.sectionOfQuestion = sectionOfQuestion
    }
}
