import Testing
@testable import EnkatCore

@Suite("Drafting: new and status")
struct DraftingTests {
    @Test("a blank response parses and lists exactly the required questions", arguments: ["test-enkat"])
    func blankFixture(_ id: String) throws {
        let survey = try #require(fixtureCatalog.surveys[id])
        let registry = try #require(fixtureCatalog.registries[survey.registry])
        let text = ResponseWriter.yaml(survey: survey, respondent: registry.respondent("falun"), respondentID: "falun")
        let check = ResponseValidator(catalog: fixtureCatalog).check(bytes: Array(text.utf8), file: "ny.yaml")
        #expect(check.diagnostics.allSatisfy { $0.code == .required })
        #expect(check.diagnostics.compactMap(\.question).sorted() == ["1", "3"])
        #expect(text.contains("# 2. Beskriv."))
        #expect(text.contains("max 50 tecken"))
        #expect(text.contains("vet-ej"))
        #expect(text.contains("kan-inte-uppskattas"))
    }

    @Test("status counts characters used and left, and what is missing")
    func status() throws {
        let marked = MarkedText("survey: test-enkat\nrespondent: falun\nanswers:\n  1: {value: ja, details: Tolv tecken, comment: Hej}\n  2: " + String(repeating: "x", count: 55) + "\n")
        let check = checkFixture(marked)
        let survey = try #require(fixtureCatalog.surveys["test-enkat"])
        let status = StatusReport(check: check, survey: survey, registry: fixtureCatalog.registries["test"])
        let row2 = try #require(status.rows.first { $0.question.id == "2" })
        #expect(row2.fields.first?.characters == 55)
        #expect(row2.fields.first?.left == -5)
        #expect(row2.errors == 1)
        let row1 = try #require(status.rows.first { $0.question.id == "1" })
        #expect(row1.fields.map(\.field) == ["details", "comment"])
        #expect(row1.fields.map(\.characters) == [11, 3])
        #expect(status.missing.map(\.id) == ["3"])
        #expect(status.rows.first { $0.question.id == "4" }?.state == .notRelevant)
        let text = status.text(.sv)
        #expect(text.contains("55 av 50 tecken (5 för många)"))
        #expect(text.contains("1 obligatoriska saknas (3)"))
        #expect(status.text(.en).contains("55 of 50 characters (5 too many)"))
    }

    @Test("comment lines wrap at word boundaries")
    func wrap() {
        let lines = ResponseWriter.wrap("ett två tre fyra fem", width: 9, hanging: "  ")
        #expect(lines == ["ett två", "  tre", "  fyra", "  fem"])
    }

    @Test("a drafted response is written so that check reads back exactly the same answers", arguments: ShippedDataTests.surveyIDs)
    func roundTrip(_ survey: String) throws {
        let definition = try #require(realCatalog.surveys[survey])
        let registry = try #require(realCatalog.registries[definition.registry])
        let files = try CheckRun.expand([packageRoot.appendingPathComponent("responses/\(survey)").path])
        for original in CheckRun.check(files, catalog: realCatalog).checks.compactMap(\.response) {
            let text = ResponseWriter.yaml(survey: definition, respondent: registry.respondent(original.respondent),
                                          respondentID: original.respondent, draft: ResponseDraft(response: original))
            let again = ResponseValidator(catalog: realCatalog).check(bytes: Array(text.utf8), file: original.file)
            #expect(!again.diagnostics.contains { $0.severity == .error }, "\(again.diagnostics.map(\.message.sv))")
            let reread = try #require(again.response)
            for question in definition.questions {
                let before = original.answers[question.id]
                let after = reread.answers[question.id]
                #expect(before?.value == after?.value, "\(original.file) \(question.id)")
                #expect(before?.comment == after?.comment, "\(original.file) \(question.id) comment")
                #expect(before?.details == after?.details, "\(original.file) \(question.id) details")
            }
        }
    }

    @Test("texts a block cannot hold exactly are quoted")
    func awkwardTexts() throws {
        let survey = try #require(fixtureCatalog.surveys["test-enkat"])
        for text in ["  indraget", "rad ett\n\n  rad tre", "tab\tinne", "kontroll\u{7}tecken", "slut med blanksteg  "] {
            var draft = ResponseDraft()
            draft.answers["1"] = .init(value: .option("ja"), details: "Plan.")
            draft.answers["3"] = .init(value: .options(["hemsjukvard"]))
            draft.answers["2"] = .init(value: .text(text))
            let yaml = ResponseWriter.yaml(survey: survey, respondent: nil, respondentID: "falun", draft: draft)
            let check = ResponseValidator(catalog: fixtureCatalog).check(bytes: Array(yaml.utf8), file: "x.yaml")
            guard case .text(let read)? = check.response?.answers["2"]?.value else {
                Issue.record("no text read back for \(text.debugDescription): \(check.diagnostics.map(\.message.sv))")
                continue
            }
            #expect(read == text.trimmingWhitespace() || read == text, "\(text.debugDescription) → \(read.debugDescription)")
        }
    }
}
