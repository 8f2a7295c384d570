import Testing
@testable import EnkatCore

@Suite("Linting survey definitions")
struct SurveyLinterTests {
    /// Lints a survey (with the fixture registry) and returns its diagnostics.
    func lint(_ marked: MarkedText) -> [Diagnostic] {
        SurveyCatalog(directory: "x", sources: [
            ("x/s.yaml", Array(marked.text.utf8)), ("x/registry.yaml", Array(fixtureRegistry.utf8)),
        ]).diagnostics
    }

    func survey(_ questions: String, extra: String = "") -> String {
        "survey: s\ntitle: S\nregistry: test\nrespondent_kind: kommun\n\(extra)sections:\n  - id: a\n    title: A\n    questions:\n" + questions
    }

    @Test("the fixture survey and registry are clean")
    func fixtureIsClean() {
        #expect(fixtureCatalog.diagnostics.isEmpty, "\(fixtureCatalog.diagnostics.map(\.message.sv))")
    }

    @Test("a duplicate question id names both places")
    func duplicateQuestion() throws {
        let marked = MarkedText(survey("      - 1️⃣{id: q, type: text, text: A}\n      - 2️⃣{id: q, type: text, text: B}\n"))
        let diagnostics = lint(marked)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.code == .duplicateId)
        #expect(diagnostic.location == marked["2️⃣"])
        #expect(diagnostic.notes.first?.location == marked["1️⃣"])
    }

    @Test("a duplicate option id")
    func duplicateOption() {
        let diagnostics = lint(MarkedText(survey("      - id: q\n        type: choice\n        text: A\n        options: [{id: ja, label: Ja}, {id: ja, label: Nej}]\n")))
        #expect(diagnostics.map(\.code) == [.duplicateId])
    }

    @Test("a condition on a question that does not exist")
    func danglingCondition() throws {
        let marked = MarkedText(survey("      - id: q\n        type: text\n        text: A\n        relevant_when: 1️⃣{question: p, answered: true}\n"))
        let diagnostic = try #require(lint(marked).first)
        #expect(diagnostic.code == .danglingReference)
        #expect(diagnostic.location == marked["1️⃣"])
    }

    @Test("a condition on an option the question lacks")
    func danglingOption() {
        let diagnostics = lint(MarkedText(survey(
            "      - {id: p, type: choice, text: A, options: [{id: ja, label: Ja}, {id: nej, label: Nej}]}\n      - id: q\n        type: text\n        text: B\n        relevant_when: {question: p, equals: kanske}\n")))
        #expect(diagnostics.map(\.code) == [.danglingReference])
        #expect(diagnostics.first?.message.sv.contains("`kanske`") == true)
    }

    @Test("an option without an id")
    func optionWithoutID() throws {
        let marked = MarkedText(survey("      - id: q\n        type: choice\n        text: A\n        options:\n          - 1️⃣{label: Ja}\n"))
        let diagnostics = lint(marked)
        // The option is dropped, so the question also has no options left.
        #expect(Set(diagnostics.map(\.code)) == [.missingOptionId, .surveySchema])
        #expect(diagnostics.first { $0.code == .missingOptionId }?.location == marked["1️⃣"])
    }

    @Test("limits that make no sense", arguments: [
        "      - {id: q, type: text, text: A, max_length: 0}\n",
        "      - {id: q, type: text, text: A, max_length: 12.5}\n",
        "      - {id: q, type: decimal, text: A, min: 1, max: 0}\n",
        "      - {id: q, type: decimal, text: A}\n",
        "      - {id: q, type: percent, text: A, max: 150}\n",
        "      - {id: q, type: scale, text: A, min: 1, max: 5, labels: [a, b, c]}\n",
    ])
    func limits(_ questions: String) {
        #expect(lint(MarkedText(survey(questions))).map(\.code) == [.invalidLimit])
    }

    @Test("a declared total of 20 for five 1–5 items is rejected with the arithmetic")
    func scoreMismatch() throws {
        let items = (1...5).map { "      - {id: delmal-\($0), type: scale, text: S, min: 1, max: 5}\n" }.joined()
        let marked = MarkedText(survey(items, extra: "score:\n  questions: [delmal-1, delmal-2, delmal-3, delmal-4, delmal-5]\n  max_total: 1️⃣20\n"))
        let diagnostics = lint(marked)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.code == .scoreMismatch)
        #expect(diagnostic.location == marked["1️⃣"])
        #expect(diagnostic.message.sv.contains("5 × 5 = 25"))
        #expect(diagnostic.message.sv.contains("max_total: 25"))
    }

    @Test("a declared total that matches is accepted")
    func scoreMatches() {
        let items = (1...5).map { "      - {id: delmal-\($0), type: scale, text: S, min: 1, max: 5}\n" }.joined()
        #expect(lint(MarkedText(survey(items, extra: "score: {questions: [delmal-1, delmal-2, delmal-3, delmal-4, delmal-5], max_total: 25}\n"))).isEmpty)
    }

    @Test("an unknown key in a question gets a suggestion")
    func unknownKey() throws {
        let diagnostic = try #require(lint(MarkedText(survey("      - {id: q, type: text, text: A, requird: true}\n"))).first)
        #expect(diagnostic.code == .surveySchema)
        #expect(diagnostic.message.sv.contains("menade du `required`?"))
    }

    @Test("an unknown registry")
    func unknownRegistry() {
        let text = survey("      - {id: q, type: text, text: A}\n").replacingFirst("registry: test", with: "registry: dalarna")
        #expect(lint(MarkedText(text)).map(\.code) == [.danglingReference])
    }

    @Test("a systemledning member that is not in the registry")
    func danglingMember() {
        let registry = "registry: r\nrespondents:\n  - {id: sl-x, kind: systemledning, name: X, members: [nowhere]}\n"
        let catalog = SurveyCatalog(directory: "x", sources: [("x/r.yaml", Array(registry.utf8))])
        #expect(catalog.diagnostics.map(\.code) == [.danglingReference])
    }
}
