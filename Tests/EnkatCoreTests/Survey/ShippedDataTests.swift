import Foundation
import Testing
@testable import EnkatCore

/// The questionnaires, registry and sample responses that ship in the repository.
@Suite("Shipped surveys and sample responses")
struct ShippedDataTests {
    static let surveyIDs = ["slutredovisning-region-2022", "socialstyrelsen-kommun-2025", "skora-aldre-nulage-2025", "sjalvskattning-2025"]

    /// The checked sample responses of one survey.
    func samples(_ survey: String) throws -> [ResponseCheck] {
        let folder = packageRoot.appendingPathComponent("responses/\(survey)").path
        let files = try CheckRun.expand([folder])
        return CheckRun.check(files, catalog: realCatalog).checks
    }

    /// How many responses chose `option` in `question`.
    func count(_ checks: [ResponseCheck], _ question: String, _ option: String) -> Int {
        checks.count { $0.response?.answers[question]?.value?.chosenOptions.contains(option) == true }
    }

    @Test("the definitions lint clean")
    func lintClean() {
        #expect(realCatalog.diagnostics.isEmpty, "\(realCatalog.diagnostics.map { "\($0.file):\($0.location) \($0.message.sv)" })")
        #expect(Set(realCatalog.surveys.keys) == Set(Self.surveyIDs))
        #expect(realCatalog.registries["dalarna"] != nil)
    }

    @Test("the registry: one region, fifteen kommuner, thirteen systemledningar covering all kommuner")
    func registry() throws {
        let registry = try #require(realCatalog.registries["dalarna"])
        #expect(registry.respondents(ofKind: "region").map(\.id) == ["region-dalarna"])
        let kommuner = registry.respondents(ofKind: "kommun").map(\.id)
        #expect(Set(kommuner) == ["avesta", "borlange", "falun", "gagnef", "hedemora", "leksand", "ludvika", "malung-salen",
                                  "mora", "orsa", "rattvik", "smedjebacken", "sater", "vansbro", "alvdalen"])
        let systemledningar = registry.respondents(ofKind: "systemledning")
        #expect(systemledningar.count == 13)
        #expect(Set(systemledningar.flatMap(\.members)) == Set(kommuner))
        #expect(registry.respondent("sl-vasterbergslagen")?.members.sorted() == ["ludvika", "smedjebacken"])
        #expect(registry.respondent("sl-sodra-dalarna")?.members.sorted() == ["avesta", "hedemora"])
        #expect(registry.respondent("falun")?.allNameForms.contains("Falu kommun") == true)
        #expect(registry.respondent("alvdalen")?.localities.contains("Särna") == true)
    }

    @Test("the självskattning declares 25 points, not the seed's 20")
    func selfAssessmentTotal() throws {
        let survey = try #require(realCatalog.surveys["sjalvskattning-2025"])
        #expect(survey.score?.maxTotal == 25)
        #expect(survey.responsesPerRespondent == .several)
    }

    @Test("every sample response passes enkat check", arguments: surveyIDs)
    func samplesPass(_ survey: String) throws {
        let checks = try samples(survey)
        #expect(!checks.isEmpty)
        let errors = checks.flatMap(\.diagnostics).filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.file):\($0.location) \($0.message.sv)" })")
    }

    @Test("sample sizes: 14 kommuner, the region, 13 systemledningar, 8 självskattningar from 6")
    func sampleSizes() throws {
        let kommun = try samples("socialstyrelsen-kommun-2025")
        #expect(kommun.count == 14)
        #expect(Set(kommun.compactMap(\.response?.respondent)).count == 14)
        #expect(try samples("slutredovisning-region-2022").compactMap(\.response?.respondent) == ["region-dalarna"])
        #expect(Set(try samples("skora-aldre-nulage-2025").compactMap(\.response?.respondent)).count == 13)
        let selfAssessments = try samples("sjalvskattning-2025")
        #expect(selfAssessments.count == 8)
        #expect(Set(selfAssessments.compactMap(\.response?.respondent)).count == 6)
    }

    @Test("the fourteen kommun responses reproduce seed 002 §3.3")
    func publishedCounts() throws {
        let checks = try samples("socialstyrelsen-kommun-2025")
        for (question, option, expected) in seed002Figures {
            #expect(count(checks, question, option) == expected, "\(question) \(option)")
        }
        let omraden = ["samverkansforum-region", "samverkansforum-kommunala", "rehabilitering", "vardplaner-sip", "mobila-team",
                       "digitalisering", "forebyggande", "kompetensforsorjning", "annat"].map { ($0, count(checks, "omraden", $0)) }
        #expect(omraden[0].1 > 10 && omraden[1].1 > 10)
        let others = omraden.dropFirst(4).map(\.1).max() ?? 0
        #expect(min(omraden[2].1, omraden[3].1) > others)
        #expect(max(omraden[2].1, omraden[3].1) < min(omraden[0].1, omraden[1].1))
    }

    @Test("the region's slutredovisning keeps the real answers and the 17g decimal")
    func regionResponse() throws {
        let check = try #require(try samples("slutredovisning-region-2022").first)
        let answers = try #require(check.response?.answers)
        #expect(answers["17c"]?.value == .number(79))
        #expect(answers["17e"]?.value == .number(96))
        #expect(answers["17g"]?.value == .number(0.274))
        for id in ["3", "6a", "6b", "9a", "11a", "16", "18", "22", "24b"] {
            guard case .text(let text)? = answers[id]?.value else {
                Issue.record("question \(id) has no text answer")
                continue
            }
            #expect(CharacterCount(text).characters <= 3000)
        }
    }

    @Test("enkat new gives valid YAML for every shipped survey, multi-line texts included", arguments: surveyIDs)
    func blankResponses(_ id: String) throws {
        let survey = try #require(realCatalog.surveys[id])
        let registry = try #require(realCatalog.registries[survey.registry])
        let respondent = try #require(registry.respondents(ofKind: survey.respondentKind).first)
        let text = ResponseWriter.yaml(survey: survey, respondent: respondent, respondentID: respondent.id)
        let check = ResponseValidator(catalog: realCatalog).check(bytes: Array(text.utf8), file: "ny.yaml")
        #expect(check.diagnostics.allSatisfy { $0.code == .required }, "\(check.diagnostics.map { "\($0.location) \($0.message.sv)" })")
        let required = survey.questions.filter { $0.required && $0.relevantWhen == nil }.map(\.id)
        #expect(Set(check.diagnostics.compactMap(\.question)) == Set(required))
    }
}
