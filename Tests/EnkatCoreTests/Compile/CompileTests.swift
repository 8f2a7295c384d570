import Foundation
import Testing
@testable import EnkatCore

/// The checked sample responses of one shipped survey.
func sampleResponses(_ survey: String) throws -> [Response] {
    let files = try CheckRun.expand([packageRoot.appendingPathComponent("responses/\(survey)").path])
    return CheckRun.check(files, catalog: realCatalog).checks.compactMap(\.response)
}

/// Compiles responses to a shipped survey with the shipped registry.
func compileSample(_ survey: String, _ responses: [Response]? = nil, minCount: Int = 3) throws -> CompiledReport {
    try compileSampleWithAudit(survey, responses, minCount: minCount).report
}

/// The same, with the reviewer's audit beside the report.
func compileSampleWithAudit(_ survey: String, _ responses: [Response]? = nil, minCount: Int = 3) throws -> Aggregator.Output {
    let definition = try #require(realCatalog.surveys[survey])
    let registry = try #require(realCatalog.registries["dalarna"])
    let names = (try? Anonymizer.loadPersonNames(from: packageRoot.appendingPathComponent("surveys/person-names.txt"))) ?? []
    return ReportCompiler.compile(try responses ?? sampleResponses(survey), survey: definition, registry: registry,
                                  anonymizer: Anonymizer(registry: registry, personNames: names), minCount: minCount)
}

extension CompiledReport {
    func question(_ id: String) -> CompiledQuestion? { questions.first { $0.id == id } }
    func count(_ question: String, _ option: String) -> Int? {
        self.question(question)?.counts.first { $0.id == option }?.count
    }
}

@Suite("Compiling the länsperspektiv delrapport")
struct CompileTests {
    @Test("the fourteen kommun responses give every figure of seed 002 §3.3")
    func publishedFigures() throws {
        let report = try compileSample("socialstyrelsen-kommun-2025")
        #expect(report.respondents == RespondentTotals(kind: "kommun", expected: 15, answered: 14, responses: 14))
        for (question, option, expected) in seed002Figures {
            #expect(report.count(question, option) == expected, "\(question) \(option)")
        }
        // The two samverkansforum options lead, rehabilitering and vårdplaner/SIP come next.
        let omraden = try #require(report.question("omraden")).counts.map(\.id)
        #expect(Set(omraden.prefix(2)) == ["samverkansforum-region", "samverkansforum-kommunala"])
        #expect(Set(omraden.dropFirst(2).prefix(2)) == ["rehabilitering", "vardplaner-sip"])
        // Options are ordered by frequency.
        let okat = try #require(report.question("fast-vardkontakt-okat")).counts.map(\.id)
        #expect(okat.first == "vet-ej")
    }

    @Test("the published prose: “Fjorton av femton kommuner”, counts in words, “färre än tre”")
    func prose() throws {
        let report = try compileSample("socialstyrelsen-kommun-2025")
        let templates = ReportTemplates(directory: packageRoot.appendingPathComponent("templates").path)
        let markdown = String(decoding: try MarkdownRenderer().render(report, templates: templates).get().bytes, as: UTF8.self)
        #expect(markdown.contains("Fjorton av femton kommuner besvarade enkäten."))
        #expect(markdown.contains("Tolv kommuner har valt ”Personer med hemsjukvård”."))
        #expect(markdown.contains("| Personer med psykisk ohälsa | färre än tre |"))
        let registry = try #require(realCatalog.registries["dalarna"])
        #expect(Anonymizer(registry: registry).leaks(in: markdown).isEmpty, "no kommun, the one that did not answer included, is named")
    }

    @Test("small counts are null in JSON and listed as suppressed")
    func suppressedInJSON() throws {
        let report = try compileSample("socialstyrelsen-kommun-2025")
        let json = ReportData.json(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let questions = try #require(object["questions"] as? [[String: Any]])
        let team = try #require(questions.first { $0["id"] as? String == "team-malgrupper" })
        let counts = try #require(team["counts"] as? [String: Any])
        #expect(counts["hemsjukvard"] as? Int == 12)
        #expect(counts["psykisk-ohalsa"] is NSNull)
        #expect((team["suppressed"] as? [String])?.contains("psykisk-ohalsa") == true)
        #expect((object["respondents"] as? [String: Any])?["answered"] as? Int == 14)
    }

    @Test("free texts are anonymized in every output and ordered by nothing about the respondent")
    func anonymizedTexts() throws {
        let responses = try sampleResponses("socialstyrelsen-kommun-2025")
        let report = try compileSample("socialstyrelsen-kommun-2025", responses)
        let reversed = try compileSample("socialstyrelsen-kommun-2025", responses.reversed())
        #expect(ReportData.json(report) == ReportData.json(reversed))
        let texts = report.questions.flatMap { $0.texts + $0.comments + $0.details.flatMap(\.texts) }
        #expect(!texts.isEmpty)
        let registry = try #require(realCatalog.registries["dalarna"])
        let anonymizer = Anonymizer(registry: registry)
        for text in texts {
            #expect(anonymizer.leaks(in: text).isEmpty, "\(text)")
            #expect(!text.contains("@example.se"))
        }
        let audit = try compileSampleWithAudit("socialstyrelsen-kommun-2025").audit
        #expect(!audit.replacements.isEmpty)
        #expect(audit.replacements.contains { $0.kind == .email && $0.file.hasSuffix("ludvika.yaml") })
        // Texts are not in respondent (file) order.
        let firstWords = try #require(report.question("omraden-kommentar")).texts
        let inFileOrder = responses.sorted { $0.file < $1.file }.compactMap { response -> String? in
            if case .text(let text)? = response.answers["omraden-kommentar"]?.value { anonymizer.anonymize(text).text } else { nil }
        }
        #expect(firstWords != inFileOrder)
        #expect(Set(firstWords) == Set(inFileOrder))
    }

    @Test("a conditional question's answers are hidden when its condition's counts are")
    func conditionalFollowsParent() throws {
        // Keep two kommuner that said nej to vårdplatser: the nej count and its follow-up texts must hide.
        var kept: [Response] = []
        var nej = 0
        for response in try sampleResponses("socialstyrelsen-kommun-2025").sorted(by: { $0.file < $1.file }) {
            let isNej = response.answers["vardplatser"]?.value == .option("nej")
            if isNej { if nej == 2 { continue } else { nej += 1 } }
            kept.append(response)
        }
        let output = try compileSampleWithAudit("socialstyrelsen-kommun-2025", kept)
        let report = output.report
        #expect(report.count("vardplatser", "nej") == nil)
        #expect(report.count("vardplatser", "ja") == nil, "secondary: ja would give nej by subtraction")
        let reasons = try #require(report.question("vardplatser")).counts.map(\.suppression)
        #expect(reasons.contains(.small) && reasons.contains(.secondary))
        let followUp = try #require(report.question("vardplatser-skal"))
        #expect(followUp.answered == nil)
        #expect(followUp.texts.isEmpty && followUp.textsWithheld)
        #expect(output.audit.withheld.contains { $0.question == "vardplatser-skal" })
    }

    @Test("the självskattning: a mean per systemledning, half steps, responses and systemledningar counted")
    func selfAssessment() throws {
        let report = try compileSample("sjalvskattning-2025", minCount: 1)
        #expect(report.respondents.answered == 6)
        #expect(report.respondents.responses == 8)
        let first = try #require(report.question("delmal-1"))
        #expect(first.answered == 6 && first.responses == 8)
        #expect(first.distribution.contains { $0.id == "3,5" && $0.count == 1 }, "Västerbergslagen's 3 and 4 give 3,5")
        #expect(first.distribution.reduce(0) { $0 + ($1.count ?? 0) } == 6)
        #expect(report.score?.maxTotal == 25)
        #expect(report.score?.summary.n == 6)
    }

    @Test("numbers: n, min, median, mean, max, and a sentinel counted apart")
    func numbers() throws {
        let report = try compileSample("slutredovisning-region-2022", minCount: 1)
        let continuity = try #require(report.question("17g")?.numeric)
        #expect(continuity.n == 1 && continuity.median == 0.274)
        #expect(report.question("17h")?.counts.first { $0.id == "kan-inte-uppskattas" }?.count == 1)
        let hidden = try compileSample("slutredovisning-region-2022", minCount: 3)
        #expect(hidden.question("17c")?.numeric?.suppressed == true)
        #expect(hidden.question("17c")?.numeric?.median == nil)
        #expect(hidden.question("3")?.textsWithheld == true, "one region's text is withheld under the threshold")
    }
}

@Suite("Small-count suppression")
struct SuppressionTests {
    func cells(_ counts: [Int]) -> [Suppression.Cell] {
        counts.enumerated().map { Suppression.Cell(id: "c\($0)", label: "C\($0)", count: $1) }
    }

    func hidden(_ result: Suppression.Result) -> [String] {
        result.counts.filter { $0.count == nil }.map(\.id)
    }

    @Test("counts 1 and 2 are hidden, 0 and 3 are shown")
    func primary() {
        let result = Suppression.apply(cells([0, 1, 2, 3]), minCount: 3, constrained: false)
        #expect(hidden(result) == ["c1", "c2"])
        #expect(result.counts.map(\.suppression) == [nil, .small, .small, nil])
    }

    @Test("with a shown total, a lone hidden cell takes the next smallest with it")
    func secondary() {
        let result = Suppression.apply(cells([12, 2]), minCount: 3, constrained: true)
        #expect(hidden(result) == ["c0", "c1"])
        #expect(result.counts.map(\.suppression) == [.secondary, .small])
        let three = Suppression.apply(cells([9, 2, 3]), minCount: 3, constrained: true)
        #expect(hidden(three) == ["c1", "c2"], "the smallest other cell is hidden")
    }

    @Test("two hidden cells that could only be 1 and 1 are protected too")
    func pinnedPair() {
        let result = Suppression.apply(cells([10, 1, 1]), minCount: 3, constrained: true)
        #expect(hidden(result).count == 3)
    }

    @Test("zero cells are shown and hidden last")
    func zeros() {
        let result = Suppression.apply(cells([0, 2, 12]), minCount: 3, constrained: true)
        #expect(hidden(result) == ["c1", "c2"])
    }

    @Test("without a visible total (multi), no secondary suppression")
    func unconstrained() {
        let result = Suppression.apply(cells([12, 2]), minCount: 3, constrained: false)
        #expect(hidden(result) == ["c1"])
    }

    @Test("a row that cannot be protected asks for its total to be hidden")
    func unprotectable() {
        let result = Suppression.apply(cells([2]), minCount: 3, constrained: true)
        #expect(result.totalMustBeHidden)
    }

    @Test("min-count 1 turns suppression off")
    func off() {
        let result = Suppression.apply(cells([1, 2, 12]), minCount: 1, constrained: true)
        #expect(hidden(result).isEmpty)
    }
}

@Suite("Swedish number style")
struct SwedishWordsTests {
    @Test("one to twelve in words in running text, digits above")
    func inText() {
        #expect(SwedishWords.inText(1) == "en")
        #expect(SwedishWords.inText(1, neuter: true) == "ett")
        #expect(SwedishWords.inText(12) == "tolv")
        #expect(SwedishWords.inText(13) == "13")
        #expect(SwedishWords.inText(12_345) == "12\u{00A0}345")
    }

    @Test("a sentence starts with a word")
    func sentenceStart() {
        #expect(SwedishWords.sentenceStart(14) == "Fjorton")
        #expect(SwedishWords.sentenceStart(21) == "Tjugoen")
        #expect(SwedishWords.sentenceStart(290) == "290")
        #expect(SwedishWords.fewerThan(3) == "färre än tre")
    }

    @Test("decimal comma")
    func decimals() {
        #expect(SwedishWords.decimal(0.274, fractionDigits: 3) == "0,274")
        #expect(SwedishWords.decimal(3.5) == "3,5")
    }
}

@Suite("The anonymizer's prefilter")
struct AnonymizerPrefilterTests {
    static let pieces = [
        "Falun", "Faluns", "falun", "FALUN", "Falu kommun", "Falugruvan", "falubor", "Moraberget", "moral", "Orsaken", "orsak",
        "Särna", "Idre", "Sälen", "sälen", "Södra Dalarna", "Dalarna", "Region Dalarna", "Malung-Sälens kommun", "Rattvik",
        "Anna", "Annas", "Anna Berglund", "Per", "per", "enhetschef", "Lindahl", "Holm-Eriksson", "dr.", "SÄBO", "Hemtjänst",
        "vad", "vi", "har", "arbetat", "med", "hemsjukvård", "i", "och", "samverkan", "under", "året", ".", ",", ":", "!",
        "\n", "\n\n", " - ", "falun.se", "www.mora.se/omsorg", "https://example.se", "070-123 45 67", "namn@example.se",
        "19121212-1212", "Fal&#117;n", "R&auml;ttvik", "\\u0046alun", "&amp;", "&quot;", "Ore", "Boda", "Gustafs", "Gustafsson",
        "distriktssköterska", "Sjölander", "kurator", "Nordåsen", "Łukasz", "enhets\u{AD}chef", "Ståhl", "Lisbeth", "SJUKSKÖTERSKA",
        "Morabon", "Ärnäs", "Jessika", "Andersson",
        // Words that open with a Latin-1 letter, which the byte scans test by their first two
        // letters as they test ASCII words.
        "Älvdalen", "ÄLVDALENS", "älvdalsbor", "Älvdalsmodellen", "Å", "å", "är", "även", "på", "Övre", "öka", "Ål",
    ]

    @Test("anonymizing with the prefilter gives exactly the full scan's result")
    func sameResult() throws {
        let registry = try #require(realCatalog.registries["dalarna"])
        let names = try Anonymizer.loadPersonNames(from: packageRoot.appendingPathComponent("surveys/person-names.txt"))
        let anonymizer = Anonymizer(registry: registry, personNames: names)
        var generator = SystemRandomNumberGenerator()
        // Filler between the pieces makes long texts, so that the windows the prefilter
        // leaves for the full scan are only parts of them.
        let filler = "vi har arbetat med samverkan i hemsjukvården under året och "
        for round in 0..<600 {
            let text = (0..<Int.random(in: 1...14, using: &generator))
                .map { _ in
                    let piece = Self.pieces.randomElement(using: &generator)!
                    guard round % 2 == 1 else { return piece }
                    return piece + " " + String(repeating: filler, count: Int.random(in: 0...12, using: &generator))
                }
                .joined(separator: Bool.random(using: &generator) ? " " : "  ")
            #expect(anonymizer.anonymize(text) == anonymizer.anonymizeFully(text), "\(text.debugDescription)")
            #expect(anonymizer.leaks(in: text) == anonymizer.leaksFully(in: text), "\(text.debugDescription)")
        }
    }

    @Test("the leak check still finds a name far into a long output")
    func longOutput() throws {
        let registry = try #require(realCatalog.registries["dalarna"])
        let anonymizer = Anonymizer(registry: registry)
        let filler = String(repeating: "<p>Vi har arbetat med samverkan i [kommunen] och &quot;[orten]&quot;.</p>\n", count: 20_000)
        #expect(anonymizer.leaks(in: filler).isEmpty)
        #expect(anonymizer.leaks(in: filler + "<td>Faluns</td>" + filler) == ["Faluns"])
        #expect(anonymizer.leaks(in: filler + "<td>R&auml;ttviks</td>" + filler).count == 1)
    }

    @Test("an output of megabytes, read in parts on all cores, still gives up a name at any place")
    func largeOutputInParts() throws {
        let registry = try #require(realCatalog.registries["dalarna"])
        let anonymizer = Anonymizer(registry: registry)
        let line = "<p>Vi har arbetat med samverkan i [kommunen] och &quot;[orten]&quot;.</p>\n"
        let lines = 80_000  // about 5.6 MB: more than the 4 MB from which the scan is split
        for position in [0, lines / 8, lines / 8 + 1, lines / 2, lines - 1] {
            let text = String(repeating: line, count: position) + "<td>Malung-Sälens kommun</td> " + String(repeating: line, count: lines - position)
            #expect(anonymizer.leaks(in: text) == ["Malung-Sälens kommun"], "at line \(position)")
        }
    }
}

@Suite("Markdown escaping of free text")
struct MarkdownEscapeTests {
    @Test("markup characters stay text")
    func escapes() {
        #expect(MarkdownEscape.escape("1. *viktigt* [länk](x) <script> a|b #3") == "1\\. \\*viktigt\\* \\[länk\\](x) \\<script\\> a\\|b \\#3")
        #expect(MarkdownEscape.escape("rad\n- punkt\n+ plus\nå-ä") == "rad\n\\- punkt\n\\+ plus\nå-ä")
        #expect(MarkdownEscape.escape("snake_case och `kod`") == "snake\\_case och \\`kod\\`")
    }

    @Test("HTML and XML escaping over bytes matches the five entities")
    func markup() {
        #expect(MarkupEscape.escape("<script>alert('x & \"y\"')</script> åäö 😀") ==
                "&lt;script&gt;alert(&#39;x &amp; &quot;y&quot;&#39;)&lt;/script&gt; åäö 😀")
        #expect(MarkupEscape.escape("inget att ersätta") == "inget att ersätta")
    }
}
