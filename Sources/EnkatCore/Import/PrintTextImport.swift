import Foundation

/// Last year's answers from the text of a printed web form (`enkat import print-text`).
///
/// The printout keeps the question texts, the typed texts and the numbers, but not which
/// radio buttons and checkboxes were ticked. The import therefore fills in every free text
/// (rejoined into its paragraphs, see `PrintTextParagraphs`), every number as printed and
/// every comment, and leaves each choice whose state did not survive unanswered with a note
/// in the file, so that `enkat check` lists exactly what the user must still decide. Page
/// furniture, the form's own texts and the contact block never end up in an answer; lines
/// that fit nowhere are reported by line number, never glued to an answer.
public struct PrintTextImport: Sendable {
    /// A choice the printout could not settle.
    public struct Undecided: Sendable, Equatable {
        /// Why it is open and what the printout suggests.
        public enum Reason: Sendable, Equatable {
            /// The checked state did not survive the printout.
            case notVisible
            /// As `notVisible`, but the option's follow-up text was filled in, which
            /// suggests that option.
            case detailsSuggest(String)
            /// A numeric field was empty and its sentinel option ("Indextal kan inte
            /// uppskattas") was printed without its checked state.
            case emptyNumberWithSentinel(String)
            /// The printed number is not a number.
            case notANumber
        }

        /// The question id.
        public var question: String
        /// Why.
        public var reason: Reason
    }

    /// A number as printed.
    public struct PrintedNumber: Sendable, Equatable {
        /// The question id.
        public var question: String
        /// The digits as printed (`0274` stays `0274`).
        public var text: String
        /// True when it is outside the question's range (`enkat check` says what to do).
        public var outOfRange: Bool
    }

    /// The survey id.
    public var survey: String
    /// The answers to write (`ResponseWriter.yaml(…, draft:)`).
    public var draft: ResponseDraft
    /// The questions found in the printout, in form order.
    public var found: [String]
    /// The questions of the survey that the printout does not have.
    public var missing: [String]
    /// Questions whose printed text did not match the definition in full (found by number).
    public var inexact: [String]
    /// Questions answered with a free text.
    public var texts: [String]
    /// Questions with a follow-up text (`details`).
    public var details: [String]
    /// Numbers as printed.
    public var numbers: [PrintedNumber]
    /// Questions with a comment.
    public var comments: [String]
    /// Choices whose checked state survived the printout.
    public var chosen: [String]
    /// Choices left for the user.
    public var undecided: [Undecided]
    /// Lines that could not be placed in any answer and were not copied.
    public var leftoverLines: [Int]
    /// Lines of contact details, which are never copied.
    public var contactLines: [Int]
    /// The lines before the first question (the form's introduction), not read.
    public var introduction: ClosedRange<Int>?
    /// The lines of the form's ending ("Tack för dina svar!"), not read.
    public var ending: ClosedRange<Int>?

    /// Reads a printout's bytes. Only fails when the file is not UTF-8 (a BOM is fine) or
    /// exceeds one of `limits`.
    ///
    /// - Throws: an `encoding` diagnostic, worded as `enkat check` words it, or an
    ///   `unreadable` one naming the limit exceeded.
    public static func read(
        _ bytes: [UInt8], file: String, survey: Survey, limits: PrintTextLimits = .standard
    ) throws(Diagnostic) -> PrintTextImport {
        let lines = try PrintTextLines.read(bytes, file: file, surveyTitle: survey.title, limits: limits)
        return PrintTextImport(lines: lines, file: file, survey: survey)
    }

    /// Refuses a file larger than the size limit before it is read into memory.
    ///
    /// - Throws: an `unreadable` diagnostic naming the limit.
    public static func checkSize(ofFile path: String, limits: PrintTextLimits = .standard) throws(Diagnostic) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular,
            let size = (attributes[.size] as? NSNumber)?.intValue, size > limits.maxFileBytes
        else { return }
        throw Diagnostic(file: path, location: .start, severity: .error, code: .importLimit, message: limits.fileTooLarge(size))
    }

    /// Reads a printout's text.
    public init(text: String, file: String, survey: Survey) {
        self.init(lines: PrintTextLines.classify(text, surveyTitle: survey.title), file: file, survey: survey)
    }

    init(lines: [PrintLine], file: String, survey: Survey) {
        let result = PrintTextParser(lines: lines, survey: survey).parse()
        self.survey = survey.id
        draft = ResponseDraft()
        missing = []
        found = []
        inexact = []
        texts = []
        details = []
        numbers = []
        comments = []
        chosen = []
        undecided = []
        leftoverLines = result.leftovers.sorted()
        contactLines = result.contactLines
        introduction = result.introduction
        ending = result.ending

        var answers: [String: ResponseDraft.Answer] = [:]
        var byQuestion: [String: PrintTextParser.Answer] = [:]
        for answer in result.answers where byQuestion[answer.question.id] == nil {
            byQuestion[answer.question.id] = answer
        }
        for question in survey.questions {
            guard let printed = byQuestion[question.id] else { continue }
            found.append(question.id)
            if !printed.exactText { inexact.append(question.id) }
            answers[question.id] = answer(to: question, from: printed, layout: result.layout)
        }
        missing = survey.questions.map(\.id).filter { byQuestion[$0] == nil }
        for id in missing {
            answers[id] = ResponseDraft.Answer(notes: ["Frågan fanns inte i utskriften."])
        }
        let name = (file as NSString).lastPathComponent
        draft = ResponseDraft(
            notes: [
                "Inläst med `enkat import print-text` från utskriften \(name). Fritexterna är återförenade från utskriftens radbrytningar till stycken; jämför gärna med utskriften.",
                "Utskriften visar inte vilka alternativ som var ikryssade: frågor märkta OBS väntar på ditt val.",
                "Kontaktuppgifter förs aldrig över från utskriften; fyll i contact själv.",
            ],
            answers: answers)
    }

    /// One draft answer, recording what was found.
    private mutating func answer(to question: Question, from printed: PrintTextParser.Answer, layout: PrintTextParagraphs.Layout)
        -> ResponseDraft.Answer
    {
        var answer = ResponseDraft.Answer()
        if !printed.exactText {
            answer.notes.append("Frågetexten i utskriften stämmer inte helt med enkätens; kontrollera att svaret hör hit.")
        }
        if question.allowsComment, let comment = PrintTextParagraphs.join(printed.comment, layout: layout) {
            answer.comment = comment
            comments.append(question.id)
        }
        var detailsOption: String?
        for (option, pieces) in printed.details {
            guard let text = PrintTextParagraphs.join(pieces, layout: layout) else { continue }
            if answer.details == nil {
                answer.details = text
                detailsOption = option
            } else {
                answer.details! += "\n\n" + text
            }
        }
        if answer.details != nil { details.append(question.id) }

        let checked = printed.marks.filter { $0.mark == .checked }.map(\.id)
        let marked = printed.marks.contains { $0.mark != nil }
        switch question.type {
        case .text:
            if let text = PrintTextParagraphs.join(printed.value, layout: layout) {
                answer.value = .text(text)
                texts.append(question.id)
            }
        case .choice:
            let options = checked.filter { question.option($0) != nil }
            if options.count == 1 && printed.marks.count > 1 {
                answer.value = .option(options[0])
                chosen.append(question.id)
            } else {
                undecide(question, &answer, suggesting: detailsOption)
                if detailsOption == nil, let empty = printed.detailsFields.compactMap(question.option).first {
                    let label = empty.detailsLabel.map { "\(empty.label), \($0)" } ?? empty.label
                    let rule = empty.details == .required ? " (`\(empty.id)` kräver en följdtext)" : ""
                    answer.notes.append("Följdfältet ”\(label)” var tomt i utskriften\(rule).")
                }
            }
        case .multi:
            let options = checked.filter { question.option($0) != nil }
            if marked && printed.marks.contains(where: { $0.mark == .unchecked }) {
                answer.value = .options(options)
                chosen.append(question.id)
            } else {
                undecide(question, &answer, suggesting: detailsOption)
            }
        case .percent, .decimal:
            if let number = printed.number {
                if let parsed = SwedishNumber.parse(number.text) {
                    answer.value = .number(number.text)
                    let outOfRange = question.range.map { !$0.contains(parsed.value) } ?? false
                    numbers.append(PrintedNumber(question: question.id, text: number.text, outOfRange: outOfRange))
                    if outOfRange, let range = question.range {
                        answer.notes.append(
                            "Utskriften visar \(number.text), så som det skrevs i webbformuläret; det ligger utanför \(SwedishNumber.format(range.lowerBound))–\(SwedishNumber.format(range.upperBound)) och behöver rättas (se `enkat check`)."
                        )
                    }
                } else {
                    undecided.append(Undecided(question: question.id, reason: .notANumber))
                    answer.notes.append("Utskriften visar ”\(number.text)” i talfältet, vilket inte är ett tal; skriv talet själv.")
                }
            } else if let sentinel = checked.compactMap(question.sentinel).first {
                answer.value = .sentinel(sentinel.id)
                chosen.append(question.id)
            } else if let seen = printed.marks.compactMap({ question.sentinel($0.id) }).first {
                undecided.append(Undecided(question: question.id, reason: .emptyNumberWithSentinel(seen.id)))
                let field = question.unitLabel.map { "”\($0)”" } ?? "talfältet"
                answer.notes.append(
                    "Fältet \(field) var tomt i utskriften och alternativet ”\(seen.label)” fanns med, men inte om det var ikryssat: skriv ett tal eller `\(seen.id)`."
                )
            }
        case .scale:
            if printed.scaleSeen { undecide(question, &answer, suggesting: nil) }
        }
        return answer
    }

    private mutating func undecide(_ question: Question, _ answer: inout ResponseDraft.Answer, suggesting option: String?) {
        let plural = question.type == .multi
        var note =
            plural
            ? "Kryssrutorna syntes inte i utskriften: välj alternativ."
            : "Kryssrutan syntes inte i utskriften: välj ett alternativ."
        if let option, let chosen = question.option(option) {
            let label = chosen.detailsLabel.map { "\(chosen.label), \($0)" } ?? chosen.label
            note += " Det finns text under ”\(label)”, vilket tyder på `\(chosen.id)`."
            undecided.append(Undecided(question: question.id, reason: .detailsSuggest(chosen.id)))
        } else {
            undecided.append(Undecided(question: question.id, reason: .notVisible))
        }
        answer.notes.append(note)
    }

    // MARK: - Summary

    /// What the import found, for the user: counts, the choices left to make, and lines that
    /// could not be placed (by number only: the printout's text is confidential).
    public func summary(_ language: Language) -> String {
        var out = ""
        func say(_ sv: String, _ en: String) {
            out += (language == .sv ? sv : en) + "\n"
        }
        /// Says it only when `ids` is not empty.
        func say(if ids: [String], _ sv: String, _ en: String) {
            if !ids.isEmpty { say(sv, en) }
        }
        func list(_ ids: [String]) -> String { ids.isEmpty ? "" : " – " + ids.joined(separator: ", ") }
        func these(_ ids: [String]) -> String { ids.joined(separator: ", ") }

        let total = found.count + missing.count
        say("Hittade \(found.count) av \(total) frågor i utskriften.", "Found \(found.count) of \(total) questions in the printout.")
        say("  Fritexter: \(texts.count)\(list(texts))", "  Free texts: \(texts.count)\(list(texts))")
        say("  Följdtexter (details): \(details.count)\(list(details))", "  Follow-up texts (details): \(details.count)\(list(details))")
        let printed = numbers.map { "\($0.question) = \($0.text)" }
        let outside = numbers.filter(\.outOfRange).map(\.question)
        let range = outside.isEmpty ? ("", "") : (" (utanför intervallet: \(these(outside)))", " (out of range: \(these(outside)))")
        say("  Tal: \(numbers.count)\(list(printed))\(range.0)", "  Numbers: \(numbers.count)\(list(printed))\(range.1)")
        say("  Kommentarer: \(comments.count)\(list(comments))", "  Comments: \(comments.count)\(list(comments))")
        say(if: chosen, "  Val som syntes i utskriften: \(chosen.count)\(list(chosen))",
            "  Choices visible in the printout: \(chosen.count)\(list(chosen))")
        say(if: missing, "Saknas i utskriften: \(these(missing))", "Not in the printout: \(these(missing))")
        say(if: inexact, "Frågetexten skilde sig från enkätens (hittad på numret): \(these(inexact))",
            "Question text differs from the survey's (found by its number): \(these(inexact))")
        if !undecided.isEmpty {
            say(
                "Kvar att avgöra själv (\(undecided.count)), markerade med OBS i filen:",
                "Left for you to decide (\(undecided.count)), marked OBS in the file:")
            let plain = undecided.filter { $0.reason == .notVisible }.map(\.question)
            say(if: plain, "  \(these(plain)): kryssrutan syntes inte i utskriften", "  \(these(plain)): the checkbox did not survive the printout")
            var suggested: [String: [String]] = [:]
            var sentinels: [String: [String]] = [:]
            var notNumbers: [String] = []
            for item in undecided {
                switch item.reason {
                case .notVisible: break
                case .detailsSuggest(let option): suggested[option, default: []].append(item.question)
                case .emptyNumberWithSentinel(let sentinel): sentinels[sentinel, default: []].append(item.question)
                case .notANumber: notNumbers.append(item.question)
                }
            }
            for (option, ids) in suggested.sorted(by: { $0.key < $1.key }) {
                say(
                    "  \(these(ids)): kryssrutan syntes inte, men det finns följdtext som tyder på `\(option)`",
                    "  \(these(ids)): the checkbox did not survive, but a follow-up text suggests `\(option)`")
            }
            for (sentinel, ids) in sentinels.sorted(by: { $0.key < $1.key }) {
                say(
                    "  \(these(ids)): tomt talfält; skriv ett tal eller `\(sentinel)`",
                    "  \(these(ids)): empty number field; write a number or `\(sentinel)`")
            }
            say(if: notNumbers, "  \(these(notNumbers)): det som stod i talfältet är inget tal",
                "  \(these(notNumbers)): what the number field shows is not a number")
        }
        var skipped: (sv: [String], en: [String]) = ([], [])
        if let introduction {
            skipped.sv.append("inledning (rad \(introduction.lowerBound)–\(introduction.upperBound))")
            skipped.en.append("introduction (lines \(introduction.lowerBound)–\(introduction.upperBound))")
        }
        if let ending {
            skipped.sv.append("avslutning (rad \(ending.lowerBound)–\(ending.upperBound))")
            skipped.en.append("ending (lines \(ending.lowerBound)–\(ending.upperBound))")
        }
        if !contactLines.isEmpty {
            skipped.sv.append("kontaktuppgifter (rad \(PrintTextImport.ranges(contactLines)))")
            skipped.en.append("contact details (line \(PrintTextImport.ranges(contactLines)))")
        }
        say(if: skipped.sv, "Formulärets \(RunningList.joined(skipped.sv, .and, in: .sv)) lästes inte in.",
            "The form's \(RunningList.joined(skipped.en, .and, in: .en)) were not read.")
        say(
            "Kontaktuppgifter förs aldrig över från utskriften: fyll i contact själv.",
            "Contact details are never copied from the printout: fill in contact yourself.")
        let lines = PrintTextImport.ranges(leftoverLines)
        switch leftoverLines.count {
        case 0:
            say("Alla rader kunde placeras.", "Every line was placed.")
        case 1:
            say(
                "1 rad kunde inte placeras i något svar och fördes inte över: rad \(lines). Titta på den i utskriften.",
                "1 line could not be placed in any answer and was not copied: line \(lines). Look at it in the printout.")
        default:
            say(
                "\(leftoverLines.count) rader kunde inte placeras i något svar och fördes inte över: rad \(lines). Titta på dem i utskriften.",
                "\(leftoverLines.count) lines could not be placed in any answer and were not copied: line \(lines). Look at them in the printout."
            )
        }
        return out
    }

    /// "3, 7–9, 12".
    static func ranges(_ numbers: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        let sorted = Array(Set(numbers)).sorted()
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])–\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ", ")
    }
}
