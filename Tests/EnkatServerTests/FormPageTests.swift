import EnkatCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EnkatServer

@Suite("The form page")
struct FormPageTests {
    @Test(
        "GET / renders every question of every shipped survey, in form order, with its official text",
        arguments: ["slutredovisning-region-2022", "socialstyrelsen-kommun-2025", "skora-aldre-nulage-2025", "sjalvskattning-2025"])
    func rendersEveryQuestion(surveyID: String) async throws {
        let survey = try #require(Repo.catalog.surveys[surveyID])
        let respondent = Repo.catalog.registries[survey.registry]!.respondents(ofKind: survey.respondentKind)[0].id
        let fixture = try Fixture(survey: surveyID, respondent: respondent)
        defer { fixture.remove() }
        let (status, html, headers) = try await fixture.test { try await $0.get("/") }
        #expect(status == .ok)
        #expect(headers[.contentType] == "text/html; charset=utf-8")
        #expect(html.contains("<html lang=\"sv\">"))
        var position = html.startIndex
        for question in survey.questions {
            let anchor = try #require(
                html.range(of: "id=\"\(FormIDs.anchor(question.id))\"", range: position..<html.endIndex),
                "question \(question.id) missing or out of order")
            position = anchor.upperBound
            let block = HTML.question(question.id, in: html)
            #expect(block.contains(HTML.escape(question.text.trimmingCharacters(in: .whitespacesAndNewlines))), "text of \(question.id)")
            for option in question.options {
                #expect(block.contains(">\(HTML.escape(option.label))</label>"), "option \(option.id) of \(question.id)")
            }
        }
        for section in survey.sections {
            #expect(html.contains(">\(HTML.escape(section.title))</h2>"))
        }
        #expect(html.components(separatedBy: "<div class=\"question").count - 1 == survey.questions.count)
    }

    @Test(
        "every question type gets its control: radios, checkboxes, text areas with counters, decimal-comma number fields, sentinels, scales"
    )
    func controlsPerType() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let (_, html, _) = try await fixture.test { try await $0.get("/") }
        // Choice: radio buttons in a fieldset with the question as legend.
        let one = HTML.question("1", in: html)
        #expect(one.contains("<fieldset class=\"question-group\""))
        #expect(one.contains("<legend class=\"question-text\"><span class=\"qid\">1.</span>"))
        #expect(HTML.tags("input", in: one).filter { $0.contains("type=\"radio\"") }.count == 4)
        #expect(one.contains("Lämna gärna en kommentar"))
        // Text: a text area bound to the question text, with a live counter.
        let three = HTML.question("3", in: html)
        #expect(three.contains("<label class=\"question-text\" for=\"q-3\">"))
        #expect(three.contains("data-limit=\"3000\""))
        #expect(
            three.contains(
                "<p class=\"counter ok\" id=\"q-3-count\" aria-live=\"polite\" aria-atomic=\"true\">0 av 3\u{00A0}000 tecken</p>"))
        // Follow-up text of "Ja" in question 5.
        let five = HTML.question("5", in: html)
        #expect(five.contains("data-details-options=\"ja\""))
        #expect(five.contains("Ja, beskriv kortfattat insatser som genomförts"))
        // Numbers: a text field with a decimal keyboard (type=number would refuse "0,274").
        let g = HTML.question("17g", in: html)
        let field = try #require(HTML.tags("input", in: g).first { $0.contains("id=\"q-17g\"") })
        #expect(HTML.value("type", in: field) == "text")
        #expect(HTML.value("inputmode", in: field) == "decimal")
        #expect(g.contains("Ett tal 0–1 med decimalkomma (t.ex. 0,274)."))
        // The sentinel as a checkbox.
        let h = HTML.question("17h", in: html)
        #expect(h.contains("type=\"checkbox\" id=\"q-17h-kan-inte-uppskattas\" name=\"q.17h.sentinel\" value=\"kan-inte-uppskattas\""))
        #expect(h.contains(">Indextal kan inte uppskattas</label>"))
        // A conditional question says when it applies and carries what the script needs.
        let d = HTML.question("17d", in: html)
        #expect(d.contains("Besvaras när fråga 17c är besvarad."))
        #expect(html.contains("id=\"fraga-17d\" data-when=\"fraga-17c\""))
        // The section text from the agreement.
        #expect(html.contains("Från Överenskommelsen:"))

        let kommun = try Fixture(survey: "socialstyrelsen-kommun-2025", respondent: "falun")
        defer { kommun.remove() }
        let (_, kommunHTML, _) = try await kommun.test { try await $0.get("/") }
        let multi = HTML.question("team-malgrupper", in: kommunHTML)
        #expect(HTML.tags("input", in: multi).filter { $0.contains("type=\"checkbox\"") }.count == 8)
        #expect(kommunHTML.contains("id=\"fraga-vardplatser-skal\" data-when=\"fraga-vardplatser\" data-when-options=\"nej\""))
        #expect(HTML.question("vardplatser-skal", in: kommunHTML).contains("Besvaras när du har svarat ”Nej” på fråga vardplatser."))

        let scale = try Fixture(survey: "sjalvskattning-2025", respondent: "sl-falun")
        defer { scale.remove() }
        let (_, scaleHTML, _) = try await scale.test { try await $0.get("/") }
        let delmal = HTML.question("delmal-1", in: scaleHTML)
        #expect(HTML.tags("input", in: delmal).filter { $0.contains("type=\"radio\"") }.count == 5)
        #expect(delmal.contains(">1 – Stämmer inte alls</label>"))
        #expect(delmal.contains(">5 – Stämmer mycket bra</label>"))
    }

    @Test("a filled response shows its answers, and values the validator rejects stay visible")
    func showsAnswers() async throws {
        let text = """
            survey: slutredovisning-region-2022
            respondent: region-dalarna
            contact:
              name: Eva Exempelsson
            answers:
              1: { value: ja, comment: "En kommentar" }
              3: |
                Rad ett
                Rad två
              5: Jaa
              17g: 274
              17h: kan-inte-uppskattas
              99: okänd

            """
        let fixture = try Fixture(text: text)
        defer { fixture.remove() }
        let (_, html, _) = try await fixture.test { try await $0.get("/") }
        #expect(HTML.question("1", in: html).contains("value=\"ja\" data-value checked"))
        #expect(HTML.question("1", in: html).contains(">\nEn kommentar</textarea>"))
        #expect(HTML.question("3", in: html).contains(">\nRad ett\nRad två</textarea>"))
        #expect(HTML.question("3", in: html).contains("15 av 3\u{00A0}000 tecken"))
        // "Jaa" is not an option: shown checked as the file's value, so saving keeps it.
        #expect(HTML.question("5", in: html).contains("value=\"Jaa\" data-value checked"))
        #expect(HTML.question("17g", in: html).contains("value=\"274\""))
        #expect(HTML.question("17g", in: html).contains("menade du 0,274?"))
        #expect(HTML.question("17h", in: html).contains("value=\"kan-inte-uppskattas\" data-value data-sentinel checked"))
        #expect(html.contains("value=\"Eva Exempelsson\""))
        // What the form cannot show is named, with its line.
        #expect(html.contains("<code>`99` (rad 13)</code>"))
        // The summary links to the questions.
        #expect(html.contains("<a href=\"#fraga-17g\">Fråga 17g</a>"))
    }

    @Test("accessibility: every control has a label, ids are unique, aria-describedby points at real elements, choices are fieldsets")
    func accessibility() async throws {
        for (surveyID, respondent) in [
            ("slutredovisning-region-2022", "region-dalarna"), ("socialstyrelsen-kommun-2025", "falun"),
            ("sjalvskattning-2025", "sl-falun"),
        ] {
            let fixture = try Fixture(survey: surveyID, respondent: respondent, text: nil)
            defer { fixture.remove() }
            let (_, html, _) = try await fixture.test { try await $0.get("/") }
            let ids = allIDs(html)
            #expect(Set(ids).count == ids.count, "duplicate ids in \(surveyID): \(duplicates(ids))")
            let labelled = Set(HTML.tags("label", in: html).compactMap { HTML.value("for", in: $0) })
            let controls = HTML.tags("input", in: html).filter { HTML.value("type", in: $0) != "hidden" } + HTML.tags("textarea", in: html)
            #expect(!controls.isEmpty)
            for control in controls {
                let id = try #require(HTML.value("id", in: control), "control without id: \(control)")
                #expect(labelled.contains(id), "no <label for=\"\(id)\"> in \(surveyID)")
            }
            let idSet = Set(ids)
            for tag in [html].flatMap({ allTags($0) }) {
                guard let described = HTML.value("aria-describedby", in: tag) else { continue }
                for id in described.split(separator: " ") {
                    #expect(idSet.contains(String(id)), "aria-describedby names a missing id \(id)")
                }
            }
            // Every radio button and checkbox sits inside a fieldset with a legend.
            for fieldset in html.components(separatedBy: "<fieldset").dropFirst() {
                #expect(fieldset.contains("<legend"))
            }
            let outside = html.components(separatedBy: "<fieldset").enumerated().filter { index, part in
                let before = index == 0 ? part : part.components(separatedBy: "</fieldset>").dropFirst().joined()
                return before.contains("type=\"radio\"") || before.contains("type=\"checkbox\"")
            }
            #expect(outside.isEmpty, "radio buttons or checkboxes outside a fieldset")
            #expect(html.contains("<a class=\"skip\" href=\"#innehall\">"))
        }
        // Focus styles and contrast-checked colours are in the style sheet.
        let fixture = try Fixture()
        defer { fixture.remove() }
        let (status, css, headers) = try await fixture.test { try await $0.get("/formular.css") }
        #expect(status == .ok)
        #expect(headers[.contentType] == "text/css; charset=utf-8")
        #expect(css.contains(":focus-visible"))
        #expect(css.contains("@media print"))
        for (foreground, background) in [
            ("#1b1b1b", "#ffffff"), ("#4a4a4a", "#ffffff"), ("#4a4a4a", "#f3f4f6"), ("#b3261e", "#ffffff"),
            ("#b3261e", "#fdecea"), ("#7a4a00", "#fff4df"), ("#7a4a00", "#ffffff"), ("#1d4f91", "#ffffff"),
            ("#ffffff", "#1d4f91"), ("#ffffff", "#143a6b"), ("#1e6b34", "#e8f5ec"),
        ] {
            #expect(Contrast.ratio(foreground, background) >= 4.5, "\(foreground) on \(background)")
            #expect(css.contains(foreground) || foreground == "#ffffff")
        }
    }

    private func allIDs(_ html: String) -> [String] {
        allTags(html).compactMap { HTML.value("id", in: $0) }
    }

    private func allTags(_ html: String) -> [String] {
        html.components(separatedBy: "<").dropFirst().compactMap { part in
            guard let first = part.first, first.isLetter else { return nil }
            return "<" + (part.split(separator: ">", maxSplits: 1).first.map(String.init) ?? part) + ">"
        }
    }

    private func duplicates(_ ids: [String]) -> [String] {
        Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.map(\.key)
    }
}

/// WCAG 2.1 contrast ratio of two sRGB colours (`#rrggbb`).
enum Contrast {
    static func ratio(_ a: String, _ b: String) -> Double {
        let (la, lb) = (luminance(a), luminance(b))
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    static func luminance(_ hex: String) -> Double {
        let value = Int(hex.dropFirst(), radix: 16) ?? 0
        let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { channel -> Double in
            let c = Double(channel) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    }
}
