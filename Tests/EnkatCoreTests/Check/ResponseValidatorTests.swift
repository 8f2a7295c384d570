import Foundation
import Testing
@testable import EnkatCore

/// One validator case: a marked response, the diagnostics it must give (code, severity,
/// marker) and nothing else, and words the first message must contain.
struct ValidatorCase: CustomTestStringConvertible, Sendable {
    let name: String
    let yaml: String
    let expected: [(DiagnosticCode, Severity, Character)]
    let messageContains: [String]

    init(_ name: String, _ yaml: String, _ expected: [(DiagnosticCode, Severity, Character)], says: [String] = []) {
        self.name = name
        self.yaml = yaml
        self.expected = expected
        self.messageContains = says
    }

    var testDescription: String { name }
}

/// A response to the fixture survey with the two always-required questions answered, plus
/// `answers` lines.
func response(_ answers: String, survey: String = "test-enkat", respondent: String = "falun", base: Bool = true) -> String {
    let required = base ? "  1: {value: ja, details: En plan finns.}\n  3: [hemsjukvard]\n" : ""
    return "survey: \(survey)\nrespondent: \(respondent)\nanswers:\n" + required + answers
}

let validatorCases: [ValidatorCase] = [
    ValidatorCase("a complete response has no findings", response("  okat: vet-ej\n"), []),
    ValidatorCase("a required question answered with a wrong option is not also reported as missing",
                  response("  1: 1️⃣kanske\n  3: [hemsjukvard]\n", base: false), [(.unknownOption, .error, "1️⃣")]),
    ValidatorCase("too-long counts and gives the excess",
                  response("  2: 1️⃣" + String(repeating: "x", count: 51) + "\n"),
                  [(.tooLong, .error, "1️⃣")], says: ["51 tecken", "1 för många", "max 50"]),
    ValidatorCase("crlf-risk when only one-per-break keeps it within the limit",
                  response("  2: 1️⃣|\n" + String(repeating: "    123456789\n", count: 5)),
                  [(.crlfRisk, .warning, "1️⃣")], says: ["49 av 50", "4 radbrytningar", "53"]),
    ValidatorCase("near-limit within 2 percent",
                  response("  2: 1️⃣" + String(repeating: "y", count: 49) + "\n"),
                  [(.nearLimit, .note, "1️⃣")], says: ["49 av 50 tecken", "1 kvar"]),
    ValidatorCase("decomposed å counts once after NFC",
                  response("  2: 1️⃣" + String(repeating: "a\u{030A}", count: 50) + "\n"),
                  [(.nearLimit, .note, "1️⃣")], says: ["50 av 50"]),
    ValidatorCase("an emoji counts two UTF-16 units",
                  response("  2: 1️⃣" + String(repeating: "🙂", count: 26) + "\n"),
                  [(.tooLong, .error, "1️⃣")], says: ["52 tecken"]),
    ValidatorCase("a missing required answer points at answers:",
                  "survey: test-enkat\nrespondent: falun\n1️⃣answers:\n  1: {value: ja, details: x}\n",
                  [(.required, .error, "1️⃣")], says: ["fråga 3 måste besvaras", "`hemsjukvard`"]),
    ValidatorCase("a null required answer points at its key",
                  response("  okat: ja\n", base: false) .replacingFirst("answers:\n", with: "answers:\n  1: {value: nej}\n  4: Saknar resurser.\n  1️⃣3: ~\n"),
                  [(.required, .error, "1️⃣")]),
    ValidatorCase("a misspelt option gets a suggestion",
                  response("  okat: 1️⃣vetej\n"), [(.unknownOption, .error, "1️⃣")], says: ["menade du `vet-ej`?"]),
    ValidatorCase("an option label is recognised as a suggestion",
                  response("  okat: 1️⃣Vet ej\n"), [(.unknownOption, .error, "1️⃣")], says: ["menade du `vet-ej`?"]),
    ValidatorCase("an exclusive option cannot be combined",
                  response("  3: [hemsjukvard, 1️⃣inga]\n", base: false).replacingFirst("answers:\n", with: "answers:\n  1: {value: nej}\n  4: Inga resurser.\n"),
                  [(.exclusiveOption, .error, "1️⃣")], says: ["`inga`"]),
    ValidatorCase("a chosen option that needs details",
                  response("  1: 1️⃣ja\n  3: [palliativ]\n", base: false), [(.missingDetails, .error, "1️⃣")], says: ["beskriv planen"]),
    ValidatorCase("annat in a multi question needs details",
                  response("  1: {value: ja, details: x}\n  3: 1️⃣[annat]\n", base: false), [(.missingDetails, .error, "1️⃣")]),
    ValidatorCase("a conditional question becomes required",
                  "survey: test-enkat\nrespondent: falun\n1️⃣answers:\n  1: nej\n  3: [palliativ]\n",
                  [(.required, .error, "1️⃣")], says: ["fråga 4", "eftersom fråga 1 är besvarad med `nej`"]),
    ValidatorCase("answering a question that is not relevant",
                  response("  1️⃣4: Vi har ingen plan.\n"), [(.notRelevant, .warning, "1️⃣")], says: ["`nej`"]),
    ValidatorCase("details for an option that takes none",
                  response("  1: {value: nej, 1️⃣details: text}\n  3: [palliativ]\n  4: Resurser saknas.\n", base: false),
                  [(.notRelevant, .warning, "1️⃣")]),
    ValidatorCase("a decimal comma is accepted", response("  6: 0,274\n"), []),
    ValidatorCase("a decimal point is accepted", response("  6: 0.5\n"), []),
    ValidatorCase("the sentinel is accepted", response("  6: kan-inte-uppskattas\n"), []),
    ValidatorCase("0274 for a 0–1 index suggests 0,274",
                  response("  6: 1️⃣0274\n"), [(.outOfRange, .error, "1️⃣")], says: ["menade du 0,274?"]),
    ValidatorCase("274 for a 0–1 index suggests 0,274",
                  response("  6: {value: 1️⃣274}\n"), [(.outOfRange, .error, "1️⃣")], says: ["menade du 0,274?"]),
    ValidatorCase("the sentinel written as words gets a suggestion",
                  response("  6: 1️⃣kan inte uppskattas\n"), [(.typeMismatch, .error, "1️⃣")], says: ["menade du `kan-inte-uppskattas`?"]),
    ValidatorCase("a percentage over 100", response("  5: 1️⃣120\n"), [(.outOfRange, .error, "1️⃣")], says: ["0–100"]),
    ValidatorCase("a percentage with decimal comma and percent sign", response("  5: 79,5 %\n"), []),
    ValidatorCase("a percentage in words", response("  5: 1️⃣många\n"), [(.typeMismatch, .error, "1️⃣")]),
    ValidatorCase("a scale step outside the scale", response("  7: 1️⃣6\n"), [(.outOfRange, .error, "1️⃣")], says: ["skalan", "1–5"]),
    ValidatorCase("a half scale step", response("  7: 1️⃣3,5\n"), [(.typeMismatch, .error, "1️⃣")], says: ["heltal"]),
    ValidatorCase("an unknown question id gets a suggestion",
                  response("  1️⃣okad: ja\n"), [(.unknownQuestion, .error, "1️⃣")], says: ["menade du `okat`?"]),
    ValidatorCase("a Swedish key name for comment",
                  response("  5: {value: 50, 1️⃣kommentar: Bra.}\n"), [(.unknownKey, .error, "1️⃣")], says: ["menade du `comment`?"]),
    ValidatorCase("a comment where the question has none",
                  response("  2: {value: Text, 1️⃣comment: Mer.}\n"), [(.unknownKey, .error, "1️⃣")], says: ["inget kommentarsfält"]),
    ValidatorCase("a misspelt survey id",
                  "survey: 1️⃣test-enkt\nrespondent: falun\nanswers: {}\n", [(.unknownSurvey, .error, "1️⃣")], says: ["menade du `test-enkat`?"]),
    ValidatorCase("a kommun's official name instead of its id",
                  response("", respondent: "1️⃣Falu kommun"), [(.unknownRespondent, .error, "1️⃣")], says: ["menade du `falun`?"]),
    ValidatorCase("a respondent name without diacritics",
                  response("", respondent: "1️⃣malung-sälen"), [(.unknownRespondent, .error, "1️⃣")], says: ["menade du `malung-salen`?"]),
    ValidatorCase("the wrong kind of respondent",
                  response("", respondent: "1️⃣region-x"), [(.respondentKind, .error, "1️⃣")], says: ["kommuner", "en region"]),
    ValidatorCase("a list for a single-choice question",
                  response("  okat: 1️⃣[ja]\n"), [(.typeMismatch, .error, "1️⃣")], says: ["utan hakparenteser"]),
    ValidatorCase("a list for a text question",
                  response("  2: 1️⃣[a, b]\n"), [(.typeMismatch, .error, "1️⃣")]),
    ValidatorCase("an option listed twice",
                  response("  3: [hemsjukvard, 1️⃣hemsjukvard]\n", base: false).replacingFirst("answers:\n", with: "answers:\n  1: {value: ja, details: x}\n"),
                  [(.duplicateOption, .warning, "1️⃣")]),
    ValidatorCase("a phone number in free text",
                  response("  2: |\n    Ring 1️⃣070-123 45 67.\n"), [(.personalData, .warning, "1️⃣")], says: ["telefonnummer"]),
    ValidatorCase("a personnummer on the second line of a block",
                  response("  2: |\n    Patienten\n    har 1️⃣19121212-1212.\n"), [(.personalData, .warning, "1️⃣")], says: ["personnummer"]),
    ValidatorCase("a samordningsnummer without separator in a comment",
                  response("  5: {value: 3, comment: \"Nr 1️⃣7010632391\"}\n"), [(.personalData, .warning, "1️⃣")], says: ["samordningsnummer", "kommentaren"]),
    ValidatorCase("an e-mail address in details",
                  response("  1: {value: ja, details: \"Mejla 1️⃣anna.berg@falun.se\"}\n  3: [palliativ]\n", base: false),
                  [(.personalData, .warning, "1️⃣")], says: ["e-postadress", "följdtexten"]),
    ValidatorCase("a number that fails the Luhn check is no personnummer", response("  2: \"Dnr 19121212-1213\"\n"), []),
    ValidatorCase("years and shares are no phone numbers", response("  2: \"Åren 2019-2022 ökade 0,274 till 80 %\"\n"), []),
    ValidatorCase("a duplicate key names both places",
                  response("  1️⃣okat: ja\n  2️⃣okat: nej\n"), [(.duplicateKey, .error, "2️⃣")], says: ["rad 6"]),
    ValidatorCase("an unknown top-level key",
                  response("", respondent: "falun\n1️⃣kontakt: x"), [(.unknownKey, .error, "1️⃣")]),
    ValidatorCase("a missing survey key",
                  "1️⃣respondent: falun\nanswers: {}\n", [(.unknownSurvey, .error, "1️⃣")]),
    ValidatorCase("an unclosed quote is a located syntax error",
                  response("  2: \"Text utan slut\n1️⃣"), [(.yamlSyntax, .error, "1️⃣")], says: ["libyaml"]),
]

@Suite("Response validation")
struct ResponseValidatorTests {
    @Test(arguments: validatorCases)
    func diagnostics(_ testCase: ValidatorCase) {
        let marked = MarkedText(testCase.yaml)
        let check = checkFixture(marked)
        let found = check.diagnostics.map { "\($0.code.rawValue) \($0.severity.rawValue) \($0.location)" }.sorted()
        let wanted = testCase.expected.map { "\($0.0.rawValue) \($0.1.rawValue) \(marked[$0.2])" }.sorted()
        #expect(found == wanted, "\(check.diagnostics.map { "\($0.location) \($0.message.sv)" })")
        if let first = check.diagnostics.first {
            for words in testCase.messageContains {
                #expect(first.message.sv.contains(words), "«\(first.message.sv)» lacks «\(words)»")
            }
            #expect(!first.message.en.isEmpty && first.message.en != first.message.sv)
        }
    }

    @Test("too-long reports measured and limit for JSON")
    func measuredAndLimit() throws {
        let check = checkFixture(MarkedText(response("  2: " + String(repeating: "x", count: 60) + "\n")))
        let diagnostic = try #require(check.diagnostics.first)
        #expect(diagnostic.measured == 60)
        #expect(diagnostic.limit == 50)
        #expect(diagnostic.question == "2")
    }

    @Test("personal-data messages never echo the answer")
    func noEcho() {
        let check = checkFixture(MarkedText(response("  2: \"Ring 070-123 45 67\"\n")))
        #expect(check.diagnostics.count == 1)
        #expect(check.diagnostics.allSatisfy { !$0.message.sv.contains("070") && !$0.message.en.contains("070") })
    }

    @Test("a valid response is typed")
    func typed() throws {
        let check = checkFixture(MarkedText(response("  5: 79,5\n  6: 0,274\n  7: 4\n  2: |\n    Rad ett\n    rad två\n")))
        let answers = try #require(check.response).answers
        #expect(answers["1"]?.value == .option("ja"))
        #expect(answers["1"]?.details == "En plan finns.")
        #expect(answers["3"]?.value == .options(["hemsjukvard"]))
        #expect(answers["5"]?.value == .number(79.5))
        #expect(answers["6"]?.value == .number(0.274))
        #expect(answers["7"]?.value == .number(4))
        #expect(answers["2"]?.value == .text("Rad ett\nrad två"))
    }

    @Test("diagnostics are sorted by position")
    func sorted() {
        let check = checkFixture(MarkedText(response("  okat: vetej\n  7: 9\n  5: 120\n")))
        let lines = check.diagnostics.map(\.location.line)
        #expect(lines == lines.sorted())
        #expect(check.diagnostics.count == 3)
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
