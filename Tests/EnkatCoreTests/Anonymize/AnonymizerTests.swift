import Foundation
import Testing

@testable import EnkatCore

/// A Dalarna-like registry with the name shapes the anonymizer must handle: irregular
/// (Falu kommun), hyphenated (Malung-Sälen), decomposable (Säter, Älvdalen), short (Ore),
/// homographs (Fors), multi-word localities (Stora Skedvi) and a systemledning that contains
/// an allowed name (Södra Dalarna).
private let anonymizerRegistryYAML = """
    registry: test-dalarna
    title: Testlän
    allowed_names: [Dalarna, Dalarnas, Dalarnas län, Region Dalarna, Region Dalarnas, Länet]
    respondents:
      - {id: region-dalarna, kind: region, name: Region Dalarna, official_name: Region Dalarna, forms: [Region Dalarnas]}
      - {id: avesta, kind: kommun, name: Avesta, official_name: Avesta kommun, forms: [Avestas], localities: [Fors, Horndal]}
      - {id: borlange, kind: kommun, name: Borlänge, official_name: Borlänge kommun, forms: [Borlänges, Borlänge kommuns]}
      - {id: falun, kind: kommun, name: Falun, official_name: Falu kommun, forms: [Faluns, Falu kommuns, Falu], localities: [Bjursås, Grycksbo]}
      - {id: ludvika, kind: kommun, name: Ludvika, official_name: Ludvika kommun, localities: [Grängesberg]}
      - {id: malung-salen, kind: kommun, name: Malung-Sälen, official_name: Malung-Sälens kommun, localities: [Malung, Sälen, Lima]}
      - {id: mora, kind: kommun, name: Mora, official_name: Mora kommun, localities: [Sollerön]}
      - {id: orsa, kind: kommun, name: Orsa, official_name: Orsa kommun}
      - {id: rattvik, kind: kommun, name: Rättvik, official_name: Rättviks kommun, localities: [Ore]}
      - {id: sater, kind: kommun, name: Säter, official_name: Säters kommun, localities: [Stora Skedvi]}
      - {id: alvdalen, kind: kommun, name: Älvdalen, official_name: Älvdalens kommun, localities: [Särna, Idre]}
      - id: sl-vasterbergslagen
        kind: systemledning
        name: Västerbergslagen
        official_name: Lokal systemledning Västerbergslagen
        forms: [Lokala systemledningen Västerbergslagen]
        members: [ludvika]
      - id: sl-sodra-dalarna
        kind: systemledning
        name: Södra Dalarna
        official_name: Lokal systemledning Södra Dalarna
        forms: [Lokala systemledningen Södra Dalarna]
        members: [avesta]
      - id: sl-mora
        kind: systemledning
        name: Systemledning Mora
        official_name: Lokal systemledning Mora
        forms: [Lokala systemledningen Mora, Systemledningen Mora]
        members: [mora]
    """

private let anonymizerRegistry: Registry = {
    let catalog = SurveyCatalog(
        directory: "fixtures", sources: [("fixtures/registry-test-dalarna.yaml", Array(anonymizerRegistryYAML.utf8))])
    return catalog.registries["test-dalarna"] ?? Registry(id: "missing", title: nil, allowedNames: [], respondents: [], file: "")
}()

private let testPersonNames = [
    "Anna", "Karin", "Per", "Hans", "Dag", "Rut", "Inga", "Eva", "Olsson", "Berglund", "Andersson",
    "Eriksson", "Holm", "Forsberg",
]

private let anonymizer = Anonymizer(registry: anonymizerRegistry, personNames: testPersonNames)

/// The anonymized text alone.
private func anonymized(_ text: String) -> String {
    anonymizer.anonymize(text).text
}

@Suite("Anonymizer")
struct AnonymizerTests {
    @Test("the test registry loads")
    func registryLoads() {
        #expect(anonymizerRegistry.respondents.count == 14)
    }

    // MARK: - Kommun names

    @Test(
        "every form of a kommun's name becomes [kommunen]",
        arguments: [
            ("Vi i Falun har team.", "Vi i [kommunen] har team."),
            ("Faluns hemsjukvård fungerar.", "[kommunen] hemsjukvård fungerar."),
            ("Falu kommun har en plan.", "[kommunen] har en plan."),
            ("Falu kommuns plan", "[kommunen] plan"),
            ("Vi på Falu lasarett", "Vi på [kommunen] lasarett"),
            ("i Mora kommun", "i [kommunen]"),
            ("Mora kommuns äldreomsorg", "[kommunen] äldreomsorg"),
            ("Malung-Sälens kommun svarar", "[kommunen] svarar"),
            ("Malung-Sälen och Orsa", "[kommunen] och [kommunen]"),
            ("Rättviks kommuns arbete", "[kommunen] arbete"),
            ("Orsas och Ludvikas team", "[kommunen] och [kommunen] team"),  // genitives derived when not listed
            ("Borlänges vårdcentraler", "[kommunen] vårdcentraler"),
            ("Älvdalens kommun", "[kommunen]"),
            ("Falun2022 och #Mora", "[kommunen]2022 och #[kommunen]"),  // digits and signs end words
        ])
    func kommunForms(_ input: String, _ expected: String) {
        #expect(anonymized(input) == expected)
    }

    @Test(
        "names match in any case and in decomposed Unicode",
        arguments: [
            ("FALUN satsar", "[kommunen] satsar"),
            ("falun satsar", "[kommunen] satsar"),
            ("BORLÄNGES plan", "[kommunen] plan"),
            ("borlänge kommun", "[kommunen]"),
            ("Sa\u{308}ters kommun", "[kommunen]"),
            ("SA\u{308}TER", "[kommunen]"),
            ("A\u{308}lvdalen och Malung-Sa\u{308}len", "[kommunen] och [kommunen]"),
            ("Rättviks KOMMUN", "[kommunen]"),
        ])
    func caseAndNormalization(_ input: String, _ expected: String) {
        #expect(anonymized(input) == expected)
    }

    @Test("a kommun's or systemledning's spelling without å, ä, ö is caught too")
    func asciiSpelling() {
        #expect(anonymized("Rattvik och borlange") == "[kommunen] och [kommunen]")
        #expect(anonymized("Malung-Salen") == "[kommunen]")
        #expect(anonymized("Sodra Dalarna") == "[systemledningen]")
        #expect(anonymized("Salen") == "Salen")  // a locality's ASCII spelling may be a word (salen, the hall)
    }

    @Test("the longest form is one replacement")
    func longestFirst() {
        let result = anonymizer.anonymize("Falu kommuns plan och Malung-Sälens kommun")
        #expect(result.replacements.map(\.found) == ["Falu kommuns", "Malung-Sälens kommun"])
        #expect(result.replacements.map(\.kind) == [.kommun, .kommun])
    }

    @Test("a multi-word name may break over a line or use a no-break space")
    func multiWordSeparators() {
        #expect(anonymized("Falu\nkommuns plan") == "[kommunen] plan")
        #expect(anonymized("Stora\u{A0}Skedvi") == "[orten]")
    }

    @Test(
        "only whole words match",
        arguments: [
            "moral", "Moraliska frågor", "orsak", "orsaker", "Orsaken är", "ORSAKERNA", "vad gäller", "säkerhet",
            "Forskningen visar", "Oregelbundet", "Idrott", "Limit", "Falukorv", "Säteriet", "Moratorium",
            "Dalahästar", "moraberget", "Idrett",
        ])
    func commonWordsStay(_ text: String) {
        #expect(anonymized(text) == text)
    }

    // MARK: - Localities and systemledningar

    @Test(
        "localities become [orten]",
        arguments: [
            ("Vi har ett team i Särna och Idre.", "Vi har ett team i [orten] och [orten]."),
            ("Sollerön", "[orten]"),
            ("Stora Skedvi skola", "[orten] skola"),
            ("Grängesbergs vårdcentral", "[orten] vårdcentral"),
            ("Bjursås, Grycksbo", "[orten], [orten]"),
            ("Fors vårdcentral", "[orten] vårdcentral"),
            ("FORS", "[orten]"),
            ("en fors av ärenden", "en fors av ärenden"),  // the common word, in lowercase
            ("Ore", "[orten]"),
        ])
    func localities(_ input: String, _ expected: String) {
        #expect(anonymized(input) == expected)
    }

    @Test(
        "systemledning names become [systemledningen]; allowed names stay",
        arguments: [
            ("Södra Dalarna har en plan", "[systemledningen] har en plan"),
            ("Södra Dalarnas plan", "[systemledningen] plan"),
            ("Lokala systemledningen Mora beslutade", "[systemledningen] beslutade"),
            ("Lokala systemledningen Södra Dalarna", "[systemledningen]"),
            ("Lokal systemledning Västerbergslagen", "[systemledningen]"),
            ("Västerbergslagens arbete", "[systemledningen] arbete"),
            ("systemledningen i Mora", "systemledningen i [kommunen]"),
            ("Dalarna", "Dalarna"),
            ("i Dalarnas län", "i Dalarnas län"),
            ("Region Dalarna och kommunerna i Dalarna", "Region Dalarna och kommunerna i Dalarna"),
            ("Region Dalarnas uppdrag", "Region Dalarnas uppdrag"),
            ("Länet", "Länet"),
        ])
    func systemledningar(_ input: String, _ expected: String) {
        #expect(anonymized(input) == expected)
    }

    // MARK: - Compounds

    @Test(
        "compounds on a name become [platsen]",
        arguments: [
            ("Vi träffas på Moraberget.", "Vi träffas på [platsen]."),
            ("Falugruvan", "[platsen]"),
            ("Ludvikahem hyr ut", "[platsen] hyr ut"),
            ("Borlängebornas behov", "[platsen] behov"),
            ("många falubor", "många [platsen]"),
            ("moraborna", "[platsen]"),
            ("MORABERGET", "[platsen]"),
            ("Idrefjäll", "[platsen]"),
            ("Sälenfjällen", "[platsen]"),
            ("Västerbergslagenmodellen", "[platsen]"),
            ("Avestabolaget har", "[platsen] har"),
        ])
    func compounds(_ input: String, _ expected: String) {
        #expect(anonymized(input) == expected)
    }

    @Test(
        "the compound rule",
        arguments: [
            ("Moraberget", true),  // capitalized, rest "berget" has three letters or more
            ("Morabo", true),  // inhabitant ending
            ("morabor", true),
            ("moraberget", false),  // lowercase, and not an inhabitant ending
            ("Moras", false),  // a genitive is a form, not a compound
            ("Morab", false),  // rest too short
            ("Moraliska", false),  // stop stem "moral"
            ("Orsakerna", false),  // stop stem "orsak"
            ("Oregelbunden", false),  // "Ore" is too short to build compounds on
            ("Falukorv", false),
            ("Forskning", false),
        ])
    func compoundRule(_ word: String, _ isCompound: Bool) throws {
        let scanned = ScannedText(word).words
        let only = try #require(scanned.first)
        #expect(scanned.count == 1)
        #expect(NameIndex(registry: anonymizerRegistry, personNames: []).isCompound(only) == isCompound)
    }

    @Test("a listed person name wins over a compound on a locality")
    func personNameBeforeCompound() {
        // Forsberg starts with the locality Fors.
        #expect(anonymizer.anonymize("Prata med Forsberg").replacements.map(\.kind) == [.name])
        #expect(Anonymizer(registry: anonymizerRegistry).anonymize("Prata med Forsberg").replacements.map(\.kind) == [.compound])
    }

    // MARK: - Web addresses

    @Test(
        "web addresses with a respondent's name become [webbadress]",
        arguments: [
            ("Se falun.se för mer.", "Se [webbadress] för mer."),
            ("Läs på www.mora.se/omsorg.", "Läs på [webbadress]."),
            ("https://ludvika.se/vard-och-omsorg/hemtjanst", "[webbadress]"),
            ("(https://www.rattvik.se)", "([webbadress])"),
            ("malung-salen.se/kontakt", "[webbadress]"),
            ("https://www.socialstyrelsen.se/kunskapsstod/falun", "[webbadress]"),
            ("www.sodradalarna.se", "[webbadress]"),
            ("<https://falukommun.se/x>", "<[webbadress]>"),
        ])
    func webAddresses(_ input: String, _ expected: String) {
        #expect(anonymized(input) == expected)
    }

    @Test(
        "other web addresses stay",
        arguments: [
            "Se https://www.socialstyrelsen.se/kunskapsstod/ för mer.",
            "www.regiondalarna.se/plus",
            "https://example.com/orsak/moral",
            "kommunen.se",
            "t.ex. bl.a. osv.",
        ])
    func otherAddresses(_ text: String) {
        #expect(anonymized(text) == text)
    }

    // MARK: - Personal data

    @Test(
        "e-mail addresses, phone numbers and identity numbers are replaced",
        arguments: [
            ("Mejla anna.berg@falun.se i dag", "Mejla [e-post] i dag"),
            ("Ring 070-123 45 67.", "Ring [telefon]."),
            ("Ring +46 70 123 45 67", "Ring [telefon]"),
            ("pnr 121212-1212 finns", "pnr [personnummer] finns"),
            ("pnr 1212121212", "pnr [personnummer]"),
            ("pnr 19121212-1212", "pnr [personnummer]"),
            ("pnr 191212121212", "pnr [personnummer]"),
            ("pnr 850709-1232", "pnr [personnummer]"),
            ("samordningsnummer 121272-1219", "samordningsnummer [personnummer]"),
            ("ogiltigt 121212-1213 stannar", "ogiltigt 121212-1213 stannar"),
            ("år 2023 var 45 procent", "år 2023 var 45 procent"),
        ])
    func personalData(_ input: String, _ expected: String) {
        #expect(anonymized(input) == expected)
    }

    // MARK: - What each replacement records

    @Test(
        "the replacement kinds, placeholders and found texts",
        arguments: [
            (
                "Lokala systemledningen Mora, Mora, Sollerön, Moraberget",
                [Replacement.Kind.systemledning, .kommun, .locality, .compound],
                ["[systemledningen]", "[kommunen]", "[orten]", "[platsen]"],
                ["Lokala systemledningen Mora", "Mora", "Sollerön", "Moraberget"]
            ),
            (
                "a@b.se, 070-123 45 67, 121212-1212 och 121272-1219",
                [.email, .phone, .personnummer, .personnummer],
                ["[e-post]", "[telefon]", "[personnummer]", "[personnummer]"],
                ["a@b.se", "070-123 45 67", "121212-1212", "121272-1219"]
            ),
        ])
    func replacements(_ input: String, _ kinds: [Replacement.Kind], _ placeholders: [String], _ found: [String]) {
        let result = anonymizer.anonymize(input)
        #expect(result.replacements.map(\.kind) == kinds)
        #expect(result.replacements.map(\.placeholder) == placeholders)
        #expect(result.replacements.map(\.found) == found)
    }

    // MARK: - Person names

    @Test(
        "person names become [namn]",
        arguments: [
            ("Per Olsson ringde.", "[namn] ringde."),
            ("Vi pratade med Per om det.", "Vi pratade med [namn] om det."),
            ("Kontakta Anna Berglund eller Karin.", "Kontakta [namn] eller [namn]."),
            ("Karin Holm-Eriksson sa nej.", "[namn] sa nej."),
            ("Anna-Karin Lönnqvist Sjö har ansvaret", "[namn] har ansvaret"),
            ("Dag Hammarskjöld", "[namn]"),
            ("Hans Andersson leder", "[namn] leder"),
            ("enligt Inga i teamet", "enligt [namn] i teamet"),
            ("med Jessika Andersson", "med [namn]"),
            ("Anna från Mora", "[namn] från [kommunen]"),
            ("Annas och Eriksson rapport", "[namn] och [namn] rapport"),  // genitive
            ("Tina Björn-Rasmussen var uppdragsledare", "Tina Björn-Rasmussen var uppdragsledare"),  // Björn is not listed here
        ])
    func personNames(_ input: String, _ expected: String) {
        #expect(anonymized(input) == expected)
    }

    @Test(
        "words that look like names stay",
        arguments: [
            "per vecka", "Per vecka görs tre besök.", "dag för dag", "Dag för dag blir det bättre.", "rut-avdrag",
            "Hans arbete är viktigt.", "Inga åtgärder behövs.", "eva", "ANNA", "Dags att agera.",
        ])
    func nameLookalikes(_ text: String) {
        #expect(anonymized(text) == text)
    }

    @Test(
        "after a role, a surname-like word or two capitalized words are a name",
        arguments: [
            ("enhetschef Berglund svarade", "enhetschef [namn] svarade"),  // listed
            ("distriktssköterska Sjölander", "distriktssköterska [namn]"),  // surname ending -ander
            ("dr. Lindahl", "dr. [namn]"),  // surname ending -dahl
            ("Verksamhetschefen Lisbeth Ståhl", "Verksamhetschefen [namn]"),  // two capitalized words
            ("Verksamhetschef Hemsjukvård ansvarar", "Verksamhetschef Hemsjukvård ansvarar"),  // one word, no surname ending
            ("enhetschef SÄBO", "enhetschef SÄBO"),  // capitals: an abbreviation
            ("enhetschef för hemtjänsten", "enhetschef för hemtjänsten"),
            ("MAS Region Dalarna", "MAS Region Dalarna"),  // an allowed name
        ])
    func titles(_ input: String, _ expected: String) {
        #expect(anonymized(input) == expected)
    }

    @Test("a name run is one replacement")
    func nameRun() {
        let result = anonymizer.anonymize("Anna Berglund och Karin Holm-Eriksson")
        #expect(result.replacements.map(\.found) == ["Anna Berglund", "Karin Holm-Eriksson"])
        #expect(result.replacements.allSatisfy { $0.kind == .name && $0.placeholder == "[namn]" })
    }

    // MARK: - Positions and placeholders

    @Test("replacements carry their line and column in the text as given")
    func positions() {
        let text = "Första raden.\nVi i Falun och\r\nmejla anna@x.se eller ring 070-123 45 67\rSa\u{308}ter"
        let result = anonymizer.anonymize(text)
        #expect(result.replacements.map(\.found) == ["Falun", "anna@x.se", "070-123 45 67", "Sa\u{308}ter"])
        #expect(result.replacements.map(\.line) == [2, 3, 3, 4])
        #expect(result.replacements.map(\.column) == [6, 7, 28, 1])
        #expect(result.text == "Första raden.\nVi i [kommunen] och\r\nmejla [e-post] eller ring [telefon]\r[kommunen]")
    }

    @Test("columns count Unicode scalars, so decomposed letters count twice")
    func decomposedColumns() {
        let result = anonymizer.anonymize("Sa\u{308}ter och Mora")
        #expect(result.replacements.map(\.column) == [1, 12])
    }

    @Test("placeholders are never numbered, so answers cannot be linked")
    func placeholdersNotNumbered() {
        let result = anonymizer.anonymize("Falun och Mora samarbetar; Falun leder. Anna och Per.")
        #expect(result.text == "[kommunen] och [kommunen] samarbetar; [kommunen] leder. [namn] och [namn].")
        for kind in Replacement.Kind.allCases {
            #expect(kind.placeholder.allSatisfy { !$0.isNumber })
            #expect(kind.placeholder.hasPrefix("[") && kind.placeholder.hasSuffix("]"))
        }
    }

    @Test("text without anything to replace comes back unchanged")
    func untouched() {
        let text = "Vi har multiprofessionella team i hela Dalarna.\nOrsaken är resursbrist."
        #expect(anonymizer.anonymize(text) == AnonymizedText(text: text, replacements: []))
        #expect(anonymizer.anonymize("") == AnonymizedText(text: "", replacements: []))
    }

    // MARK: - Leak check

    @Test(
        "leaks finds names planted in written outputs",
        arguments: [
            ("<tr><td>Faluns</td><td>3</td></tr>", ["Faluns"]),
            ("<p>Vi på Moraberget</p>", ["Moraberget"]),
            ("{\"text\":\"R\\u00e4ttvik\"}", ["Rättvik"]),
            ("<td>R&auml;ttviks kommun</td>", ["Rättviks kommun"]),
            ("Fa&shy;lun", ["Fa\u{AD}lun"]),
            ("Stora&nbsp;Skedvi", ["Stora\u{A0}Skedvi"]),
            ("<a href=\"https://www.mora.se/omsorg\">länk</a>", ["https://www.mora.se/omsorg"]),
            ("kommun;Södra Dalarna;3\r\n", ["Södra Dalarna"]),
            ("<w:t>MALUNG-SÄLEN</w:t>", ["MALUNG-SÄLEN"]),
            ("{\"respondent\":\"rattvik\",\"id\":\"sl-vasterbergslagen\"}", ["rattvik", "vasterbergslagen"]),  // ids
        ])
    func leaksFound(_ text: String, _ expected: [String]) {
        #expect(anonymizer.leaks(in: text) == expected)
    }

    @Test("leaks finds nothing in clean output")
    func leaksClean() {
        let html = """
            <!doctype html><html lang="sv"><head><style>td { border: 1px solid; }</style></head><body>
            <h1>Dalarnas län</h1><p>Region Dalarna och fjorton av femton kommuner besvarade enkäten.</p>
            <table><tr><th>Svar</th><th>Antal</th></tr><tr><td>[kommunen] har team &amp; plan</td><td>12</td></tr></table>
            <p>Orsaken är moral och säkerhet; vad gäller [orten] och [systemledningen] se [webbadress].</p>
            <a href="https://www.socialstyrelsen.se/">Socialstyrelsen</a></body></html>
            """
        #expect(anonymizer.leaks(in: html) == [])
        #expect(anonymizer.leaks(in: "") == [])
        #expect(anonymizer.leaks(in: "{\"region\":\"region-dalarna\"}") == [])
        // an embedded image's payload is not text, however its letters fall
        #expect(anonymizer.leaks(in: "<img src=\"data:image/png;base64,iVBO+Mora/Falun+Ore==\" alt=\"\">") == [])
    }

    @Test("anonymized text passes the leak check")
    func anonymizedIsClean() {
        let text = """
            Falu kommuns hemsjukvård samarbetar med Moraberget och Södra Dalarna.
            Läs mer på https://www.ludvika.se/omsorg eller mejla per.olsson@orsa.se.
            Borlängebornas behov i Särna, Idre, Sa\u{308}ter och MALUNG-SÄLEN.
            """
        let result = anonymizer.anonymize(text)
        #expect(anonymizer.leaks(in: text).count == 10)
        #expect(anonymizer.leaks(in: result.text) == [])
    }

    // MARK: - Name list

    @Test("the name list format: one name a line, # comments, blank lines")
    func nameListFormat() {
        let list = "# Förnamn\nAnna\n\n  Per  # vanligt\nLinne\u{301}a\nAnna\n\u{FEFF}Eva Berg\n"
        #expect(Anonymizer.personNames(fromList: list) == ["Anna", "Per", "Linnéa", "Eva", "Berg"])
    }

    @Test("the shipped name list loads and is usable")
    func shippedNameList() throws {
        let url = packageRoot.appendingPathComponent("surveys/person-names.txt")
        let names = try Anonymizer.loadPersonNames(from: url)
        #expect(names.count >= 200)
        for name in ["Anna", "Eva", "Maria", "Karin", "Erik", "Lars", "Per", "Johansson", "Andersson"] {
            #expect(names.contains(name))
        }
        #expect(names.allSatisfy { $0.first?.isUppercase == true })
        let shipped = Anonymizer(registry: anonymizerRegistry, personNames: names)
        #expect(shipped.anonymize("Per Olsson och Karin Holm-Eriksson ringer per vecka.").text == "[namn] och [namn] ringer per vecka.")
    }

    @Test("loading a missing name list throws")
    func missingNameList() {
        #expect(throws: SourceFile.ReadError.self) {
            try Anonymizer.loadPersonNames(from: URL(fileURLWithPath: "/nonexistent/person-names.txt"))
        }
    }

    // MARK: - The real registry

    @Test("every name form in the shipped registry is replaced and allowed names stay")
    func shippedRegistry() throws {
        let path = packageRoot.appendingPathComponent("surveys/registry-dalarna.yaml").path
        let catalog = SurveyCatalog(directory: packageRoot.appendingPathComponent("surveys").path, files: [path])
        let registry = try #require(catalog.registries["dalarna"])
        let names = (try? Anonymizer.loadPersonNames(from: packageRoot.appendingPathComponent("surveys/person-names.txt"))) ?? []
        let real = Anonymizer(registry: registry, personNames: names)
        for respondent in registry.respondents where respondent.kind != "region" {
            for form in respondent.allNameForms + respondent.localities {
                let sentence = "Vi i \(form) har en plan."
                let result = real.anonymize(sentence)
                #expect(result.replacements.map(\.found) == [form], "\(form)")
                #expect(!real.leaks(in: sentence).isEmpty, "\(form)")
                #expect(real.leaks(in: result.text).isEmpty, "\(form)")
            }
        }
        for name in registry.allowedNames {
            #expect(real.anonymize("Vi i \(name) har en plan.").replacements.isEmpty, "\(name)")
            #expect(real.leaks(in: name).isEmpty, "\(name)")
        }
    }
}
