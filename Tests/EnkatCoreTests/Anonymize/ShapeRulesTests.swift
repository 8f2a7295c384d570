import Foundation
import Testing

@testable import EnkatCore

/// The anonymizer without lists (issue 13): names and places by shape with the Swedish
/// lexicon, the gazetteer, addresses and evasive contact data, and the risk queue. Every rule
/// is checked with the audit row it leaves (the replacement's kind and placeholder), and each
/// look-alike stays.
@Suite("Anonymizing without lists", .needs(SwedishLexicon.shared != nil, "needs Debian's hunspell-sv (scripts/install-deps)"))
struct ShapeRulesTests {
    static let catalog = SurveyCatalog(directory: packageRoot.appendingPathComponent("surveys").path, nameFormWarnings: false)
    static let registry = catalog.registries["dalarna"]!
    static let gazetteer = Gazetteer.read(packageRoot.appendingPathComponent("surveys/gazetteer-dalarna.yaml").path).0
    static let anonymizer = Anonymizer(registry: registry, lexicon: SwedishLexicon.shared, gazetteer: gazetteer)

    func anonymize(_ text: String) -> AnonymizedText { Self.anonymizer.anonymize(text) }

    /// The text after anonymization and the (kind, found) of each replacement.
    func rows(_ text: String) -> (String, [String]) {
        let result = anonymize(text)
        return (result.text, result.replacements.map { "\($0.kind.rawValue): \($0.found)" })
    }

    @Test("each rule: names not on any list, places by context, addresses and evasive contact data, with the audit row it leaves",
          arguments: [
        ("Arbetet leds av Meja Stenberg tillsammans med enhetscheferna.", "Arbetet leds av [namn] tillsammans med enhetscheferna.", "name: Meja Stenberg"),
        ("Elina Sjöstrand leder numera teamträffarna.", "[namn] leder numera teamträffarna.", "name: Elina Sjöstrand"),
        ("Kontaktperson: Olav Frisk", "Kontaktperson: [namn]", "name: Olav Frisk"),
        ("Kontaktperson: Svärdsten.", "Kontaktperson: [namn].", "name: Svärdsten"),
        ("Enligt MAS Hägg behöver rutinen ses över.", "Enligt MAS [namn] behöver rutinen ses över.", "name: Hägg"),
        ("Med vänlig hälsning\nÅse Svärd", "Med vänlig hälsning\n[namn]", "name: Åse Svärd"),
        ("Enligt Konrad Liljas rapport har fler fått en fast vårdkontakt.", "Enligt [namn] rapport har fler fått en fast vårdkontakt.", "name: Konrad Liljas"),
        ("En utbildningsdag hölls där Bror Sjöstrand berättade.", "En utbildningsdag hölls där [namn] berättade.", "name: Bror Sjöstrand"),
        ("Enligt Ahmadis rapport har fler fått en fast vårdkontakt.", "Enligt [namn] rapport har fler fått en fast vårdkontakt.", "name: Ahmadis"),
        ("Liu leder numera teamträffarna.", "[namn] leder numera teamträffarna.", "name: Liu"),
        ("Under hösten tog Kalevi Frid över ansvaret.", "Under hösten tog [namn] över ansvaret.", "name: Kalevi Frid"),
        ("Vi har haft stor hjälp av Vera Karlsson som samordnar.", "Vi har haft stor hjälp av [namn] som samordnar.", "name: Vera Karlsson"),
        ("Med vänlig hälsning\nVera Karlsson", "Med vänlig hälsning\n[namn]", "name: Vera Karlsson"),
        ("Modigs sammanställning visade det.", "[namn] sammanställning visade det.", "name: Modigs"),
        ("Elsy Blomgrens sammanställning visade att det fungerar.", "[namn] sammanställning visade att det fungerar.", "name: Elsy Blomgrens"),
        ("Utbildningen byggde på Jon Alms material.", "Utbildningen byggde på [namn] material.", "name: Jon Alms"),
        ("Krzysztof Khan leder numera teamträffarna.", "[namn] leder numera teamträffarna.", "name: Krzysztof Khan"),
        ("Malm har ansvaret för uppföljningen.", "[namn] har ansvaret för uppföljningen.", "name: Malm"),
        ("Said Karlsson började som samordnare.", "[namn] började som samordnare.", "name: Said Karlsson"),
        ("Arbetsgruppen består av Tuva Palmqvist, Malgorzata Jafari och Knut Issa.", "Arbetsgruppen består av [namn], [namn] och [namn].",
         "name: Malgorzata Jafari"),
        // Places by context: a facility, a place preposition, a derivation; the gazetteer's villages.
        ("Samverkan med Barken vårdcentral har fördjupats.", "Samverkan med [orten] vårdcentral har fördjupats.", "locality: Barken"),
        ("Läkarna på vårdcentralen i Kniva har fasta dagar.", "Läkarna på vårdcentralen i [orten] har fasta dagar.", "locality: Kniva"),
        ("Vi har hämtat inspiration från Väsa-projektet.", "Vi har hämtat inspiration från [platsen].", "compound: Väsa-projektet"),
        ("Många Våmhusborna vill bo kvar hemma.", "Många [platsen] vill bo kvar hemma.", "compound: Våmhusborna"),
        ("Hemsjukvården i Sundborn har fått en sjuksköterska till.", "Hemsjukvården i [orten] har fått en sjuksköterska till.", "locality: Sundborn"),
        ("Patienterna runt Björnberget har långt till vårdcentralen.", "Patienterna runt [orten] har långt till vårdcentralen.",
         "locality: Björnberget"),
        ("Digital tillsyn har införts i Ingvallsbenning, där avstånden är långa.", "Digital tillsyn har införts i [orten], där avstånden är långa.",
         "locality: Ingvallsbenning"),
        // Addresses, postcodes and evasive contact data.
        ("Träffpunkten finns på Skolvägen 12B och är öppen.", "Träffpunkten finns på [adress] och är öppen.", "address: Skolvägen 12B"),
        ("Ansökan skickas till förvaltningen, Box 1234.", "Ansökan skickas till förvaltningen, [adress].", "address: Box 1234"),
        ("Post skickas c/o Lena Ek på förvaltningen.", "Post skickas [adress] på förvaltningen.", "address: c/o Lena Ek"),
        ("Svarsadressen är kansliet, 791 71.", "Svarsadressen är kansliet, [postadress].", "postcode: 791 71"),
        ("Adressen är SE-791 71 Falun.", "Adressen är [postadress].", "postcode: SE-791 71 Falun"),
        ("Brukare med postnummer 79171 tillhör området.", "Brukare med postnummer [postadress] tillhör området.", "postcode: 79171"),
        // A postcode after the first of two addresses is that address's, however far the second.
        ("Storgatan 12B 79171 gäller, och Storgatan 12B igen.", "[adress] [postadress] gäller, och [adress] igen.", "postcode: 79171"),
        ("Skriv till s.lindqvist[at]example.se om materialet.", "Skriv till [e-post] om materialet.", "email: s.lindqvist[at]example.se"),
        ("Skriv till sdahlén snabel-a kommun.example.se.", "Skriv till [e-post].", "email: sdahlén snabel-a kommun.example.se"),
        ("Skriv till barbara.lindén at example.se.", "Skriv till [e-post].", "email: barbara.lindén at example.se"),
        ("Ring samordnaren på 023/77 70 00.", "Ring samordnaren på [telefon].", "phone: 023/77 70 00"),
        ("Växeln nås på +46 (0)23-77 70 00 vardagar.", "Växeln nås på [telefon] vardagar.", "phone: +46 (0)23-77 70 00"),
    ])
    func rule(_ input: String, _ expected: String, _ row: String) {
        let (text, found) = rows(input)
        #expect(text == expected)
        #expect(found.contains(row), "\(found)")
    }

    @Test("every name in a list with a name is replaced, the last one too")
    func lists() {
        let (text, _) = rows("I styrgruppen ingår Lindqvist, Tuva Palmqvist och Saleh Lindkvist.")
        #expect(text == "I styrgruppen ingår [namn], [namn] och [namn].")
    }

    @Test("look-alikes stay as written", arguments: [
        "Inga avvikelser har rapporterats under perioden.",
        "Per månad handlar det om ungefär 120 patienter, räknat per enhet.",
        "Hans närstående deltog i planeringen, och hans önskemål följdes.",
        "Bo kvar hemma så länge som möjligt är målet. Dag och natt finns sjuksköterska i tjänst.",
        "Orsak till avvikelserna har analyserats. Personalens moral har varit avgörande. Vad som krävs är tydlighet.",
        "Några brukare tillbringar somrarna på en säter i fjällen.",
        "Projektet pågick 2025-01-01–2025-06-30 och mottagningen är öppen 08.00–16.30.",
        "Ärendet har diarienummer RD 2025/1234 och Dnr 2024-00123.",
        "Avtalet tecknades med föreningen, organisationsnummer 212000-9663.",
        "I snitt görs 3,5 besök per vecka; svaret får vara max 3000 tecken.",
        "Statsbidraget uppgick till 2 655 497 kronor och 120 00 kr återbetalades.",
        "Vi har en enkät från Socialstyrelsen och arbetar i Cosmic och Teams.",
        "Region Dalarna och kommunerna i Dalarna har tagit fram rutinen tillsammans.",
        "Utbildningen startade vecka 21 och avslutades v. 13. Per capita är kostnaderna låga.",
        "Stöd har getts till alla enheter. Ström saknas ibland. Mat har levererats varje dag.",
        "Vi har använt Cosmics funktioner, och arbetet i Journalen och Ledningsportalen fungerar.",
        "Projekt Seniorkul har startats. Arbetet med Leva Livet fortsätter.",
    ])
    func lookAlikes(_ input: String) {
        let result = anonymize(input)
        #expect(result.text == input, "\(result.replacements.map { "\($0.kind): \($0.found)" })")
    }

    @Test("what no rule replaces is queued: unknown words, mid-sentence capitals, subjects, exact counts")
    func risks() {
        let result = anonymize(
            "Samarbetet med Kvixtorp har fördjupats. Stöd har getts till alla. Vi har 12 sjuksköterskor och bullerbyprojektet. "
                + "Vallins sammanställning visade det. Hittills har det fungerat. Annars riskerar planen att stanna.")
        let queued = result.risks.map { "\($0.kind.rawValue): \($0.term)" }
        #expect(result.text.contains("[namn] sammanställning"), "a genitive of a name opening a sentence: \(result.text)")
        #expect(!queued.contains("namnliknande: Hittills") && !queued.contains("namnliknande: Annars"), "\(queued)")
        #expect(queued.contains("namnliknande: Kvixtorp"), "\(queued)")
        #expect(queued.contains("namnliknande: Stöd"), "\(queued)")
        #expect(queued.contains("exakt-antal: 12 sjuksköterskor"), "\(queued)")
        #expect(queued.contains("ovanligt-ord: bullerbyprojektet"), "\(queued)")
        #expect(!queued.contains { $0.hasSuffix(": Samarbetet") || $0.hasSuffix(": Vi") }, "sentence openers are not queued: \(queued)")
    }

    @Test("the prefilter never changes what the full scan finds, with the new rules")
    func prefilterEqualsFullScan() {
        let texts = [
            "Arbetet leds av Meja Stenberg.", "Inga avvikelser.", "Träffpunkten finns på Skolvägen 12.", "Skriv till a.b[at]example.se.",
            "Svarsadressen är kansliet, 791 71.", "Vi har hämtat inspiration från Väsa-projektet.", "Vad som krävs är tydlighet.",
            "Enligt Ahmadis rapport fungerar det.", "Liu leder teamet.", "Said Karlsson började.", "Vi har Lena Ek, Malgorzata Jafari och Knut Issa.",
            "Patienterna runt Björnberget.",
        ]
        for text in texts {
            #expect(Self.anonymizer.anonymize(text) == Self.anonymizer.anonymizeFully(text), "\(text)")
        }
    }

    /// Pieces of texts for the prefilter's property test: every rule's trigger, its context
    /// and its look-alikes.
    static let pieces = [
        "Malm", "har", "ansvaret", "Liu", "leder", "Krzysztof Khan", "12", "sjuksköterskor", "12 legitimerade sjuksköterskor", "791 71",
        "SE-791 71 Falun", "79171", "postnummer", "Storgatan 12B", "storgatan", "Box 1234", "c/o Lena Ek", "Kontaktperson:", "Svärd",
        "Väsa-projektet", "Vallins", "sammanställning", "Enligt", "Issas", "Ahmadis", "rapport", "bullerbyprojektet", "i", "runt",
        "Kniva", "Björnberget", "Ingvallsbenning", "hälsocentral", "Barken vårdcentral", "Våmhusborna", ".", ",", ":", "!", "?",
        "\n", "\n\n", " - ", "“", "”", "–", "(", "Åse Svärd", "Meja Stenberg", "Stöd", "getts", "Projekt Seniorkul", "startats",
        "Łukasz", "enhets\u{AD}chef", "MAS", "dr.", "Holm", "Hägg", "Annars", "Hittills", "Per", "Inga", "Hans", "Kalevi Frid",
        "Jon Alms", "Elsy Blomgrens", "Tuva Palmqvist", "och", "samt", "&", "Kvixtorp", "Cosmic", "Cosmics", "Region Dalarna",
        "Falun", "Faluns", "Idre lasarett", "Sundborn", "säter", "2025-01-01–2025-06-30", "08.00–16.30", "3,5", "3000 tecken",
        "vi", "arbetar", "med", "hemsjukvården", "under", "året", "Vi", "Det", "Arbetet", "Personal", "Ström", "saknas", "Lindqvist",
        "Bror Sjöstrand", "Sjöstrand", "Said Karlsson", "Borgström", "Tillsammans", "Leva Livet", "Very Important Babies",
        // Numbers before count nouns that are and are not counts, and subjects before verbs.
        "3,5 årsarbetare", "2022 läkare", "1 läkare", "40 procent läkare", "12 nya läkare", "12-15 platser", "07 team", "1.5 team",
        "läkare", "team", "platser", "Tydlig", "Effekter", "Utifrån", "Äldre", "Frågan", "Gren", "kommer", "ska", "är",
    ]

    @Test("the prefilter never changes what the full scan finds or queues, over random texts and the sample responses")
    func prefilterProperty() throws {
        let names = try Anonymizer.loadPersonNames(from: packageRoot.appendingPathComponent("surveys/person-names.txt"))
        let anonymizer = Anonymizer(registry: Self.registry, personNames: names, lexicon: SwedishLexicon.shared, gazetteer: Self.gazetteer)
        // New random texts on every run, but the same ones in CI (whose failure must be one
        // the code has, not one a run drew); a failure names its seed, and ENKAT_TEST_SEED=N
        // draws those texts again.
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["ENKAT_TEST_SEED"].flatMap(UInt64.init) ?? (TestTier.inCI ? 2026 : UInt64.random(in: 0...UInt64.max))
        var generator = MutationTests.Generator(state: seed)
        // Filler between the pieces makes long texts, so that the windows the prefilter
        // leaves for the full scan are only parts of them.
        let filler = "vi har arbetat med samverkan i hemsjukvården under året och "
        var texts: [String] = []
        for round in 0..<800 {
            texts.append((0..<Int.random(in: 1...12, using: &generator))
                .map { _ in
                    let piece = Self.pieces.randomElement(using: &generator)!
                    guard round % 2 == 1 else { return piece }
                    return piece + " " + String(repeating: filler, count: Int.random(in: 0...8, using: &generator))
                }
                .joined(separator: Bool.random(using: &generator) ? " " : "  "))
        }
        // Every sentence a rule or the queue is tested with, alone, after filler and after a
        // line break, and two of them in a row.
        let sentences = [
            "Malm har ansvaret för uppföljningen.", "Liu leder numera teamträffarna.", "Stöd har getts till alla.", "Mat har levererats.",
            "Vallins sammanställning visade det.", "Hittills har det fungerat.", "Enligt Ahmadis rapport fungerar det.",
            "Kontaktperson: Svärd", "Med vänlig hälsning\nÅse Svärd", "Vi har 12 sjuksköterskor och 3 team.", "Samarbetet med Kvixtorp fortsätter.",
            "Väsa-projektet har startat.", "Bonäs hälsocentral har öppnat.", "Borgström leder arbetet.", "Svarsadressen är kansliet, 791 71.",
            "Storgatan 12 är adressen.", "Box 123 är adressen.", "Under hösten tog Kalevi Frid över.", "Projekt Seniorkul har startats.",
            "Arbetsgruppen består av Tuva Palmqvist, Malgorzata Jafari och Knut Issa.", "dr. Holm har ansvaret.", "Krzysztof Khan leder.",
            "Said Karlsson började som samordnare.", "Elsy Blomgrens sammanställning visade det.", "Patienterna runt Björnberget väntar.",
            "Vi har 3,5 årsarbetare och 40 procent läkare.", "Under 2022 läkare saknades.", "Vi har 12 legitimerade läkare.",
            "Gren kommer att leda.", "Tydlig har blivit bättre.", "Effekter har mätts.",
        ]
        for sentence in sentences {
            texts += [sentence, filler + sentence, filler + ". " + sentence, "Rubrik\n" + sentence, sentence + " " + sentences.randomElement(using: &generator)!]
        }
        // A rule that looked across the whole text (the last address, not the nearest) found
        // otherwise in a window than in the whole.
        texts.append("Storgatan 12B   79171 " + String(repeating: filler, count: 14) + "Storgatan 12B  samt")
        // Every free text of the sample responses, whole.
        let folders = try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("responses").path)
        for folder in folders {
            let path = packageRoot.appendingPathComponent("responses/\(folder)")
            for file in (try? FileManager.default.contentsOfDirectory(atPath: path.path)) ?? [] where file.hasSuffix(".yaml") {
                let bytes = try SourceFile.read(path.appendingPathComponent(file).path)
                func collect(_ node: YAMLNode?) {
                    guard let node else { return }
                    switch node.kind {
                    case .scalar(let text, _) where text.count > 20: texts.append(text)
                    case .sequence(let items): items.forEach(collect)
                    case .mapping(let pairs): pairs.forEach { collect($0.value) }
                    default: break
                    }
                }
                collect(YAMLReader.parse(bytes, file: file).root)
            }
        }
        #expect(texts.count > 900)
        for text in texts {
            let text = text.precomposedStringWithCanonicalMapping
            #expect(anonymizer.anonymize(text, personalData: []) == anonymizer.anonymizeFully(text, personalData: []),
                    "ENKAT_TEST_SEED=\(seed): \(text.debugDescription)")
        }
    }

    @Test("the gate's table of words keeps every word's flags as it grows, the hash 0 too")
    func flagTable() {
        var table = ShapeGate.FlagTable()
        var generator = SystemRandomNumberGenerator()
        var expected: [UInt64: ShapeGate.Flags] = [0: .inside]
        table[0] = .inside
        for _ in 0..<20_000 {
            let key = UInt64.random(in: 1...UInt64.max, using: &generator)
            let flags = ShapeGate.Flags(rawValue: UInt16.random(in: 0...511, using: &generator))
            table[key] = flags
            expected[key] = flags
        }
        #expect(expected.allSatisfy { table[$0.key] == $0.value })
        #expect(table[12345] == nil || expected[12345] != nil)
    }

    @Test("the reviewer's replace decisions become [borttaget], with an audit row")
    func reviewerReplaces() {
        let anonymizer = Anonymizer(registry: Self.registry, lexicon: SwedishLexicon.shared, reviewerReplaces: ["Kvixtorp", "Gamla Bruket"])
        let result = anonymizer.anonymize("Samarbetet med Kvixtorp och gamla bruket har fördjupats.")
        #expect(result.text == "Samarbetet med [borttaget] och [borttaget] har fördjupats.")
        #expect(result.replacements.map(\.kind) == [.reviewer, .reviewer])
        #expect(result.risks.isEmpty)
    }

    @Test("granskning.yaml: ersätt and behåll lists; other keys and items are located errors")
    func decisionsFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enkat-review-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("granskning.yaml")
        try Data("# beslut\nersätt:\n  - Kvixtorp\nbehåll: [Cosmic, Malm]\n".utf8).write(to: good)
        let (decisions, problems) = ReviewDecisions.read(good.path)
        #expect(problems.isEmpty)
        #expect(decisions == ReviewDecisions(replace: ["Kvixtorp"], keep: ["Cosmic", "Malm"]))
        #expect(decisions.keeps("malm"))
        let bad = folder.appendingPathComponent("bad.yaml")
        try Data("ersätt: Kvixtorp\nkanske: [x]\n".utf8).write(to: bad)
        let (_, errors) = ReviewDecisions.read(bad.path)
        #expect(errors.map(\.location.line) == [1, 2], "\(errors.map(\.message.sv))")
    }
}

@Suite("The risk queue in enkat compile", .needs(SwedishLexicon.shared != nil, "needs Debian's hunspell-sv (scripts/install-deps)"))
struct RiskQueueCompileTests {
    /// A copy of the kommun sample responses with one planted unknown word.
    func project() throws -> (URL, [String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enkat-risk-\(UUID().uuidString)")
        let responses = folder.appendingPathComponent("responses")
        try FileManager.default.createDirectory(at: responses, withIntermediateDirectories: true)
        let source = packageRoot.appendingPathComponent("responses/socialstyrelsen-kommun-2025")
        var files: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path).sorted() where name.hasSuffix(".yaml") {
            var text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            if name == "avesta.yaml" {
                // A planted risk: a mine no list names, in a follow-up text the report shows.
                text = text.replacingOccurrences(of: "Patientansvarig sjuksköterska har införts",
                                                 with: "Samarbetet med Kvixtorp fortsätter. Patientansvarig sjuksköterska har införts")
            }
            try Data(text.utf8).write(to: responses.appendingPathComponent(name))
            files.append(responses.appendingPathComponent(name).path)
        }
        return (folder, files)
    }

    func compile(_ files: [String], paths: [String], out: String, strict: Bool) throws -> CompileResult {
        let catalog = SurveyCatalog(directory: packageRoot.appendingPathComponent("surveys").path, nameFormWarnings: false)
        let templates = ReportTemplates(directory: packageRoot.appendingPathComponent("templates").path)
        let options = CompileOptions(paths: paths, outDirectory: out, formats: [ReportFormat(rawValue: "md")], templates: templates,
                                     lexicon: try #require(SwedishLexicon.shared), strict: strict)
        return ReportCompiler.run(options, catalog: catalog, files: files)
    }

    @Test("the queue is written beside the audit; --strict fails while entries are undecided and passes once all are decided")
    func strict() throws {
        let (folder, files) = try project()
        defer { try? FileManager.default.removeItem(at: folder) }
        let responses = folder.appendingPathComponent("responses").path
        let out = folder.appendingPathComponent("build").path
        let first = try compile(files, paths: [responses], out: out, strict: false)
        #expect(!first.failed, "\(first.diagnostics.map(\.message.sv))")
        let queue = try #require(first.audit?.risks)
        #expect(queue.entries.contains { $0.term == "Kvixtorp" && $0.respondent == "avesta" && $0.question == "fast-vardkontakt-insatser" })
        let json = try String(contentsOfFile: out + "/delrapport-socialstyrelsen-kommun-2025.riskko-EJ-FOR-PUBLICERING.json", encoding: .utf8)
        #expect(json.hasPrefix("{\"survey\":\"socialstyrelsen-kommun-2025\",\"undecided\":\(queue.undecided),\"entries\":["))
        let strictRun = try compile(files, paths: [responses], out: folder.appendingPathComponent("strict").path, strict: true)
        #expect(strictRun.failed)
        #expect(strictRun.diagnostics.contains { $0.code == .undecidedRisks })
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("strict/delrapport-socialstyrelsen-kommun-2025.md").path))
        // Decide every entry: keep them all.
        let terms = Set(queue.entries.map(\.term)).sorted()
        let yaml = "behåll:\n" + terms.map { "  - \"\($0.replacingOccurrences(of: "\"", with: "\\\""))\"\n" }.joined()
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: responses).appendingPathComponent("granskning.yaml"))
        let decided = try compile(files, paths: [responses], out: folder.appendingPathComponent("decided").path, strict: true)
        #expect(!decided.failed, "\(decided.diagnostics.map(\.message.sv))")
        #expect(decided.audit?.risks.undecided == 0)
        let audit = try String(contentsOfFile: folder.appendingPathComponent("decided/delrapport-socialstyrelsen-kommun-2025.granskning-EJ-FOR-PUBLICERING.md").path, encoding: .utf8)
        #expect(audit.contains("## Granskarens beslut"))
        #expect(audit.contains("## Riskkö: att besluta (0)"))
    }
}
