import EnkatCore
import Foundation

/// A free text as printed: the text, the instruction and the count.
struct PrintText: Sendable {
    var label: String
    var text: String
    var instruction: String?
    var counter: String
    var empty: Bool
}

/// An option as printed: a filled or empty radio button or checkbox.
struct PrintOption: Sendable {
    var label: String
    var mark: String
    var checked: Bool
}

/// One question in the print view.
struct PrintQuestion: Sendable {
    var id: String
    var numbered: Bool
    var text: String
    var help: [String]
    var condition: String?
    var options: [PrintOption]
    var answer: PrintText?
    var numberLabel: String?
    var number: String?
    var details: PrintText?
    var comment: PrintText?
    var problems: [DiagnosticView]
}

struct PrintSection: Sendable {
    var title: String
    var paragraphs: [String]
    var questions: [PrintQuestion]
}

/// The print view (`/utskrift`): the questionnaire as the web form prints it, with the
/// draft's answers, for circulating internally.
struct PrintPage: Sendable {
    var title: String
    var publisher: String?
    var period: String?
    var respondentName: String
    var file: String
    var printedAt: String
    var intro: [String]
    var sections: [PrintSection]
    var summary: SummaryView?
    var navPrint = true
}

extension FormViewBuilder {
    func printPage(state: FormState, diagnostics: [Diagnostic], file: String, now: Date) -> PrintPage {
        let byQuestion = Dictionary(grouping: diagnostics.filter { $0.question != nil }, by: { $0.question! })
        let sections = survey.sections.map { section in
            PrintSection(
                title: section.title, paragraphs: Self.paragraphs(section.text),
                questions: section.questions.map { question in
                    printQuestion(question, raw: state.answers[question.id], diagnostics: byQuestion[question.id] ?? [])
                })
        }
        let respondent = registry?.respondent(state.respondent)
        return PrintPage(
            title: survey.title, publisher: survey.publisher, period: survey.period,
            respondentName: respondent.map { $0.officialName ?? $0.name } ?? state.respondent,
            file: file, printedAt: Clock.display(now), intro: Self.paragraphs(survey.intro),
            sections: sections, summary: summary(diagnostics))
    }

    private func printQuestion(_ question: Question, raw: FormState.RawAnswer?, diagnostics: [Diagnostic]) -> PrintQuestion {
        let values = raw?.values ?? []
        func text(_ label: String, _ value: String?) -> PrintText {
            let counter = FormCounter(text: value ?? "", limit: question.maxLength)
            return PrintText(
                label: label, text: value ?? "", instruction: "Beskriv med max \(question.maxLength) tecken.",
                counter: counter.message, empty: value == nil)
        }
        var printed = PrintQuestion(
            id: question.id, numbered: question.id.first?.isNumber == true,
            text: question.text.trimmingWhitespace(),
            help: Self.paragraphs(question.help), condition: question.relevantWhen.map(describe),
            options: [], problems: diagnostics.filter { $0.code != .required }.map(DiagnosticView.init))
        // The help of a text question usually is "Beskriv med max 3000 tecken." already.
        let helpHasInstruction = printed.help.contains { $0.contains("max") && $0.contains("tecken") }
        switch question.type {
        case .text:
            var answer = text("Svar", values.first)
            if helpHasInstruction { answer.instruction = nil }
            printed.answer = answer
        case .choice, .multi:
            let radio = question.type == .choice
            printed.options = question.options.map { option in
                let checked = values.contains(option.id)
                return PrintOption(label: option.label, mark: Self.mark(checked, radio: radio), checked: checked)
            }
            for value in values where question.option(value) == nil {
                printed.options.append(
                    PrintOption(label: "”\(value)” (inte ett av alternativen)", mark: Self.mark(true, radio: radio), checked: true))
            }
        case .scale:
            printed.options = question.scaleSteps.map { step in
                let checked = values.contains { SwedishNumber.parse($0)?.value == Double(step.value) }
                return PrintOption(label: step.caption, mark: Self.mark(checked, radio: true), checked: checked)
            }
        case .percent, .decimal:
            let sentinel = values.first.flatMap { question.sentinel($0) }
            printed.numberLabel = question.unitLabel ?? (question.type == .percent ? "Andel i procent" : "Ange ett tal")
            printed.number = sentinel == nil ? values.joined(separator: ", ") : ""
            printed.options = question.sentinels.map { option in
                let checked = sentinel?.id == option.id
                return PrintOption(label: option.label, mark: Self.mark(checked, radio: false), checked: checked)
            }
        }
        if let option = question.options.first(where: { $0.details != nil }) {
            printed.details = text(option.label + ", " + (option.detailsLabel ?? "beskriv"), raw?.details)
        }
        if question.allowsComment {
            printed.comment = text("Lämna gärna en kommentar", raw?.comment)
        }
        return printed
    }

    static func mark(_ checked: Bool, radio: Bool) -> String {
        radio ? (checked ? "◉" : "○") : (checked ? "☒" : "☐")
    }
}

/// Times as the pages show them: "25 november 2025 kl. 14.03".
enum Clock {
    static func display(_ date: Date) -> String {
        let calendar = Calendar.current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let months = [
            "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december",
        ]
        let month = months[(parts.month ?? 1) - 1]
        return "\(parts.day ?? 1) \(month) \(parts.year ?? 2000) kl. \(two(parts.hour ?? 0)).\(two(parts.minute ?? 0))"
    }

    /// "14.03.27", for the save banner.
    static func time(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.hour, .minute, .second], from: date)
        return "\(two(parts.hour ?? 0)).\(two(parts.minute ?? 0)).\(two(parts.second ?? 0))"
    }

    /// "2025-11-25T14-03-27", for backup file names (sorts by time, no colons).
    static func stamp(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return
            "\(parts.year ?? 2000)-\(two(parts.month ?? 1))-\(two(parts.day ?? 1))T\(two(parts.hour ?? 0))-\(two(parts.minute ?? 0))-\(two(parts.second ?? 0))"
    }

    private static func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
}
