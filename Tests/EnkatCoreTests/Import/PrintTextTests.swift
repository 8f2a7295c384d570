import Foundation
import Testing

@testable import EnkatCore

// MARK: - An invented questionnaire and printouts of it (the hostile-input tests read them too)

/// A small questionnaire in the style of Socialstyrelsen's forms, with every kind of printed
/// field: a choice with a comment, a choice with "Ja, beskriv …", free texts, a percent and an
/// index with a sentinel, and a section with a "Från Överenskommelsen" introduction.
let printSurvey = """
    survey: pt-enkat
    title: Uppföljning av omställningen 2024
    publisher: Testmyndigheten
    registry: pt
    respondent_kind: region
    sections:
      - id: a
        title: Övergripande frågor
        questions:
          - id: "1"
            type: choice
            text: Finns det en beslutad gemensam plan för omställningen i länet?
            required: true
            comment: true
            options:
              - {id: ja, label: Ja}
              - {id: nej, label: Nej}
          - id: "2"
            type: choice
            text: Har regionen genomfört utbildningsinsatser för chefer under året?
            required: true
            options:
              - {id: ja, label: Ja, details: required, details_label: beskriv insatserna}
              - {id: nej, label: Nej}
          - id: "3"
            type: text
            text: Beskriv hur arbetet med omställningen följs upp i länet.
            help: Beskriv med max 3000 tecken.
            max_length: 3000
      - id: b
        title: Kontinuitet och relationer
        text: |
          Från Överenskommelsen:

          En del i ett personcentrerat arbetssätt är att bygga på relationer. För att kunna bygga relationer är en god kontinuitet en viktig förutsättning.
        questions:
          - id: "4a"
            type: text
            text: Beskriv de insatser som genomförts under året för att öka kontinuiteten.
            help: Beskriv med max 3000 tecken.
            max_length: 3000
          - id: "4b"
            type: percent
            text: Hur stor andel av befolkningen hade en fast läkarkontakt i december?
            unit_label: Andel i procent
            comment: true
          - id: "4c"
            type: decimal
            text: Ange kontinuitetsindex för läkare i primärvården.
            min: 0
            max: 1
            unit_label: Ange indextal
            sentinels:
              - {id: kan-inte-uppskattas, label: Indextal kan inte uppskattas}
            comment: true
    """

private let printRegistry = """
    registry: pt
    respondents:
      - {id: region-test, kind: region, name: Region Test}
    """

let printCatalog = SurveyCatalog(
    directory: "fixtures",
    sources: [
        ("fixtures/pt-enkat.yaml", Array(printSurvey.utf8)),
        ("fixtures/registry-pt.yaml", Array(printRegistry.utf8)),
    ])

/// A printout as text extracted from the printed web form: an empty line after every line.
/// `"<sida>"` in `lines` is a page break (three empty lines).
private func doubleSpaced(_ lines: [String]) -> String {
    lines.map { $0 == "<sida>" ? "\n" : $0 + "\n" }.joined(separator: "\n")
}

/// A whole printout of `printSurvey` with the given answers typed in.
func printout(
    three: String = "Uppföljningen sker i länets gemensamma forum varje kvartal.",
    fourA: [String]? = nil, width: Int = 70, dropFourA: Bool = false,
    optionLines: (String, String) = (" Ja", " Nej"), numbered: Bool = true
) -> String {
    let n: (String) -> String = { numbered ? $0 + " " : "" }
    var lines = [
        "Uppföljning av omställningen 2024",
        "Denna redovisning avser Region Test",
        "Dina kontaktuppgifter:",
        "Ditt namn: Testa Testsson",
        "Din e-postadress: testa.testsson@example.se",
        " ",
        n("1.") + "Finns det en beslutad gemensam plan för omställningen i",
        "länet?",
        optionLines.0,
        optionLines.1,
        "Lämna gärna en kommentar:",
        "Planen beslutades av länets politiska samverkansorgan i maj.",
        " ",
        n("2.") + "Har regionen genomfört utbildningsinsatser för chefer under",
        "året?",
        " ",
        "Ja, beskriv insatserna:",
        " ",
        "Alla chefer har gått en utbildning i nära vård under våren.",
        " Nej",
        " ",
        n("3.") + "Beskriv hur arbetet med omställningen följs upp i länet.",
        "Beskriv med max 3000 tecken.",
    ]
    lines += PrintedText.lines(three, width: width)
    lines += [
        " ",
        "Kontinuitet och relationer",
        " ",
        "Från Överenskommelsen:",
        " ",
        "En del i ett personcentrerat arbetssätt är att bygga på relationer. För att kunna",
        "bygga relationer är en god kontinuitet en viktig förutsättning.",
        " ",
    ]
    if !dropFourA {
        lines += [n("4a.") + "Beskriv de insatser som genomförts under året för att öka", "kontinuiteten.", "Beskriv med max 3000 tecken."]
        lines += fourA ?? PrintedText.lines("Alla vårdcentraler erbjuder fast läkarkontakt till patienter med stora behov.", width: width)
        lines += [" "]
    }
    lines += [
        n("4b.") + "Hur stor andel av befolkningen hade en fast läkarkontakt i december?",
        "Andel i procent  79        ",
        "Lämna gärna en kommentar:",
        "Andelen har ökat sedan förra året.",
        " ",
        n("4c.") + "Ange kontinuitetsindex för läkare i primärvården.",
        "Indextal kan inte uppskattas",
        "Ange indextal  0274      ",
        "Lämna gärna en kommentar:",
        "Formuläret tog inte emot decimaler.",
        " ",
        "Tack för dina svar!",
        "Ett svarskvitto har skickats till: testa.testsson@example.se",
        "https://enkat.example.se/printfriendlypage.aspx?u=abc",
    ]
    return doubleSpaced(lines)
}

private func importing(_ text: String) -> PrintTextImport {
    PrintTextImport(text: text, file: "utskrift.txt", survey: printCatalog.surveys["pt-enkat"]!)
}

/// The import written as a response file and read back by the validator.
private func written(_ imported: PrintTextImport, catalog: SurveyCatalog = printCatalog) throws -> (yaml: String, check: ResponseCheck) {
    let survey = try #require(catalog.surveys[imported.survey])
    let registry = catalog.registries[survey.registry]
    let respondent = try #require(registry?.respondents(ofKind: survey.respondentKind).first)
    let yaml = ResponseWriter.yaml(survey: survey, respondent: respondent, respondentID: respondent.id, draft: imported.draft)
    return (yaml, ResponseValidator(catalog: catalog).check(bytes: Array(yaml.utf8), file: "svar.yaml"))
}

private func answerText(_ answer: ResponseDraft.Answer?) -> String? {
    if case .text(let text)? = answer?.value { return text }
    return nil
}

// MARK: - Tests

@Suite("Import: the text of a printed web form")
struct PrintTextTests {
    /// Seed 004 beside the repository (`../shared/seeds/`), or where `ENKAT_SEEDS` says.
    static let seed: URL = {
        let name = "004_e4f71d643ae3fa7d.txt"
        let candidates = [
            ProcessInfo.processInfo.environment["ENKAT_SEEDS"].map { URL(fileURLWithPath: $0).appendingPathComponent(name) },
            packageRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds/\(name)"),
            URL(fileURLWithPath: "/work/shared/seeds/\(name)"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[candidates.count - 2]
    }()
    static let seedAvailable = FileManager.default.fileExists(atPath: seed.path)

    // MARK: Seed 004

    @Test(
        "seed 004: every free text equals the hand-made reconstruction, 17c = 79, 17e = 96, and check lists what is left",
        .enabled(
            if: seedAvailable, "../shared/seeds/004_e4f71d643ae3fa7d.txt is not here; the acceptance test on the real printout is skipped"))
    func seed004() throws {
        let survey = try #require(realCatalog.surveys["slutredovisning-region-2022"])
        let bytes = [UInt8](try Data(contentsOf: Self.seed))
        let imported = try PrintTextImport.read(bytes, file: Self.seed.path, survey: survey)
        #expect(imported.found.count == survey.questions.count)
        #expect(imported.missing.isEmpty)
        #expect(imported.inexact.isEmpty)
        #expect(imported.leftoverLines.isEmpty, "lines not placed: \(imported.leftoverLines)")

        let (yaml, check) = try written(imported, catalog: realCatalog)
        let response = try #require(check.response)
        let oracleCheck = ResponseValidator(catalog: realCatalog)
            .check(file: packageRoot.appendingPathComponent("responses/slutredovisning-region-2022/region-dalarna.yaml").path)
        let oracle = try #require(oracleCheck.response)

        // Every text of every question, compared field by field with the reconstruction.
        var differences: [String] = []
        for question in survey.questions {
            let mine = response.answers[question.id]
            let theirs = oracle.answers[question.id]
            if case .text(let expected)? = theirs?.value, mine?.value != .text(expected) { differences.append("\(question.id) value") }
            if mine?.comment != theirs?.comment { differences.append("\(question.id) comment") }
            if mine?.details != theirs?.details { differences.append("\(question.id) details") }
        }
        #expect(differences.isEmpty, "texts that differ from region-dalarna.yaml: \(differences)")
        #expect(imported.texts.count == 27)
        #expect(imported.details == ["5", "7", "8", "10"])

        #expect(response.answers["17c"]?.value == .number(79))
        #expect(response.answers["17e"]?.value == .number(96))
        #expect(imported.numbers.map(\.text) == ["79", "96", "0274"])
        #expect(yaml.contains("\n    value: 0274\n"))

        // `enkat check`: 17g out of range with the suggestion, the undecided required choices,
        // and nothing else that is an error.
        let errors = check.diagnostics.filter { $0.severity == .error }
        let range = try #require(errors.first { $0.code == .outOfRange })
        #expect(range.question == "17g")
        #expect(range.message.sv.contains("menade du 0,274?"))
        let required = errors.filter { $0.code == .required }.compactMap(\.question)
        #expect(required == ["1", "2", "4", "5", "7", "8", "10", "23"])
        #expect(errors.count == required.count + 1)
        #expect(Set(imported.undecided.map(\.question)) == ["1", "2", "4", "5", "7", "8", "10", "17d", "17f", "17h", "17i", "23"])
        #expect(imported.undecided.filter { $0.reason == .detailsSuggest("ja") }.map(\.question) == ["5", "7", "8", "10"])
        #expect(
            imported.undecided.filter { $0.reason == .emptyNumberWithSentinel("kan-inte-uppskattas") }.map(\.question) == ["17h", "17i"])
        #expect(yaml.contains("# OBS: Kryssrutan syntes inte i utskriften: välj ett alternativ. Det finns text under ”Ja,"))

        // The contact person of the printout is nowhere in the file (her name is read from
        // the seed, so that it is not written in this test either).
        let seedText = String(decoding: bytes, as: UTF8.self)
        let nameLine = try #require(seedText.split(separator: "\n").first { $0.hasPrefix("Ditt namn:") })
        let name = nameLine.dropFirst("Ditt namn:".count).trimmingCharacters(in: .whitespaces)
        #expect(!name.isEmpty)
        for part in name.split(separator: " ") {
            #expect(!yaml.contains(part), "a part of the contact person's name is in the file")
        }
        #expect(!check.diagnostics.contains { $0.code == .personalData })
        #expect(!yaml.contains("https://"))
        #expect(yaml.contains("contact:              # kontaktperson; följer aldrig med i någon sammanställning\n  name:\n  email:\n"))
    }

    // MARK: Rejoining paragraphs

    static let typedTexts: [String] = [
        // Prose in several paragraphs.
        """
        Uppföljningen av omställningen sker genom analys av nyckeltal, självskattning och aktiviteter i kommun och region på lokal nivå.

        Lokala aktivitetsplaner samlas in på regional nivå för såväl uppföljning som lärande. Uppföljningen sammanställs i en regional årsrapport.

        Se även fråga 4a.
        """,
        // A list, with items longer than a line, and a line ended by the writer.
        """
        Medel från överenskommelsen har bland annat finansierat:
        • utbildningsanställningar till specialistsjuksköterskor och andra bristyrken i hela regionen
        • handledning
        • betald praktisk tjänstgöring för läkare från tredjeland med flera yrkesgrupper som behövs
        • handledarutbildning
        Arbetet fortsätter.
        """,
        // Words broken at a hyphen, and suspended compounds.
        "Personalen beskriver att femtioåringarna och deras anhöriga upplever 50-åringssamtalen som positiva inom hälso- och sjukvården, och verksamhets- respektive målgruppsperspektivet har breddats.",
        // Sub-items marked "o".
        """
        • Följande projekt har arbetats fram under denna period inom utbildningscentrumet:
        o Kompetenshöjande insatser för undersköterskor som kommer att arbeta som sommarvikarier i regionen.
        o Fyra veckors utbildningspaket.
        """,
    ]

    @Test("a wrapped answer comes back as the paragraphs that were typed", arguments: typedTexts, [52, 70, 118])
    func rejoin(_ typed: String, width: Int) throws {
        let imported = importing(printout(three: typed, width: width))
        #expect(answerText(imported.draft.answers["3"]) == typed)
        #expect(imported.leftoverLines.isEmpty)
    }

    @Test("an ordinary single-spaced copy: an empty line separates paragraphs, wrapped lines follow each other")
    func singleSpaced() {
        let typed = Self.typedTexts[0]
        let lines =
            ["3. Beskriv hur arbetet med omställningen följs upp i länet.", "Beskriv med max 3000 tecken."]
            + typed.split(separator: "\n", omittingEmptySubsequences: false).flatMap { $0.isEmpty ? [""] : PrintedText.wrap(String($0), width: 60) }
            + ["", "4a. Beskriv de insatser som genomförts under året för att öka kontinuiteten.", "Se svar 3."]
        let imported = importing(lines.joined(separator: "\n") + "\n")
        #expect(answerText(imported.draft.answers["3"]) == typed)
        #expect(answerText(imported.draft.answers["4a"]) == "Se svar 3.")
    }

    @Test("single-spaced: empty lines around every page footer are layout; an empty line at a form feed is a paragraph break")
    func singleSpacedPageBreaks() {
        let typed =
            "Uppföljningen av omställningen sker genom analys av nyckeltal, självskattning och aktiviteter i kommun och region på lokal nivå varje år."
        let printedLines = PrintedText.wrap(typed, width: 60)
        let footer = ["", "Sida 2 av 5", ""]
        let header = ["3. Beskriv hur arbetet med omställningen följs upp i länet.", "Beskriv med max 3000 tecken."]
        let next = ["", "4a. Beskriv de insatser som genomförts under året för att öka kontinuiteten.", "Se svar 3."]
        // A footer with empty lines around it in the middle of the paragraph, and another one later.
        let footers = header + [printedLines[0]] + footer + printedLines.dropFirst() + footer + next
        #expect(answerText(importing(footers.joined(separator: "\n")).draft.answers["3"]) == typed)
        // pdftotext: a form feed starts the next page in the middle of the paragraph…
        let formFeed = header + [printedLines[0], "\u{0C}" + printedLines[1]] + printedLines.dropFirst(2) + next
        #expect(answerText(importing(formFeed.joined(separator: "\n")).draft.answers["3"]) == typed)
        // …or the paragraph ends with the page; an empty line after the form feed is the writer's.
        let second = "Nästa stycke börjar på nästa sida."
        let formFeedEmpty = header + [typed, "\u{0C}", "", second] + next
        #expect(answerText(importing(formFeedEmpty.joined(separator: "\n")).draft.answers["3"]) == typed + "\n\n" + second)
    }

    @Test("a page break in the middle of an answer: the paragraph goes on, the page furniture is dropped")
    func pageBreak() {
        let typed =
            "Alla vårdcentraler erbjuder fast läkarkontakt till patienter med stora behov, och arbetet följs upp varje månad i ledningsgruppen.\n\nUppföljningen visar att kontinuiteten har ökat."
        var lines = PrintedText.lines(typed, width: 60)
        lines.insert(
            contentsOf: [
                "<sida>", "https://enkat.example.se/printfriendlypage.aspx?u=abc&R=false  3/12",
                "2023-03-28 14:05 Uppföljning av omställningen 2024", "Sida 4 av 12", "Uppföljning av omställningen 2024",
            ], at: 1)
        let imported = importing(printout(fourA: lines))
        #expect(answerText(imported.draft.answers["4a"]) == typed)
        #expect(imported.leftoverLines.isEmpty)
    }

    @Test("a page break that swallowed the empty line between two paragraphs")
    func pageBreakBetweenParagraphs() {
        let imported = importing(
            printout(fourA: [
                "Fast läkarkontakt erbjuds på alla vårdcentraler i länet sedan flera år tillbaka,", "och kontinuiteten följs upp.",
                "<sida>", "Uppföljningen visar att kontinuiteten har ökat.",
            ]))
        #expect(
            answerText(imported.draft.answers["4a"])
                == "Fast läkarkontakt erbjuds på alla vårdcentraler i länet sedan flera år tillbaka, och kontinuiteten följs upp.\n\nUppföljningen visar att kontinuiteten har ökat."
        )
    }

    @Test("a question with no answer stays empty, and the next question is still found")
    func emptyAnswer() throws {
        let imported = importing(printout(three: ""))
        #expect(imported.draft.answers["3"]?.value == nil)
        #expect(!imported.texts.contains("3"))
        #expect(imported.found == ["1", "2", "3", "4a", "4b", "4c"])
        #expect(imported.leftoverLines.isEmpty)
        let (_, check) = try written(imported)
        #expect(check.response?.answers["3"]?.value == nil)
    }

    @Test("Windows and old Mac line endings read as Unix ones")
    func lineEndings() {
        let unix = printout(three: Self.typedTexts[1])
        let expected = importing(unix).draft
        #expect(importing(unix.replacingOccurrences(of: "\n", with: "\r\n")).draft == expected)
        #expect(importing(unix.replacingOccurrences(of: "\n", with: "\r")).draft == expected)
        #expect(answerText(expected.answers["3"]) == Self.typedTexts[1])
    }

    @Test("a question missing from the printout is reported, and the others are found")
    func missingQuestion() throws {
        let imported = importing(printout(dropFourA: true))
        #expect(imported.missing == ["4a"])
        #expect(imported.found == ["1", "2", "3", "4b", "4c"])
        #expect(imported.leftoverLines.isEmpty)
        #expect(imported.draft.answers["4b"]?.value == .number("79"))
        let (yaml, _) = try written(imported)
        #expect(yaml.contains("# OBS: Frågan fanns inte i utskriften.\n  4a: |\n"))
        #expect(imported.summary(.sv).contains("Saknas i utskriften: 4a"))
    }

    @Test("questions are recognised by their text also when the printout hides the numbers")
    func unnumbered() {
        let imported = importing(printout(numbered: false))
        #expect(imported.found == ["1", "2", "3", "4a", "4b", "4c"])
        #expect(answerText(imported.draft.answers["3"]) == "Uppföljningen sker i länets gemensamma forum varje kvartal.")
    }

    @Test("a numbered question whose printed wording differs from the definition is still found, with a note")
    func otherWording() throws {
        let text = printout().replacingOccurrences(
            of: "3. Beskriv hur arbetet med omställningen följs upp i länet.",
            with: "3. Beskriv hur arbetet med omställningen följs upp i hela\n\nlänet och i kommunerna.")
        let imported = importing(text)
        #expect(imported.found == ["1", "2", "3", "4a", "4b", "4c"])
        #expect(imported.inexact == ["3"])
        #expect(
            imported.draft.answers["3"]?.notes == [
                "Frågetexten i utskriften stämmer inte helt med enkätens; kontrollera att svaret hör hit."
            ])
        #expect(imported.leftoverLines.count == 1, "the printed line that is not in the definition is reported")
        #expect(answerText(imported.draft.answers["3"]) == "Uppföljningen sker i länets gemensamma forum varje kvartal.")
    }

    // MARK: Choices, numbers, comments

    @Test("a long option label that wraps onto a second line is still an option")
    func wrappedOption() throws {
        let survey = printSurvey.replacingOccurrences(
            of: "- {id: nej, label: Nej}\n      - id: \"2\"",
            with:
                "- {id: nej, label: \"Nej, men förslag finns framtaget men är inte ännu beslutat av alla berörda parter\"}\n      - id: \"2\""
        )
        let catalog = SurveyCatalog(
            directory: "fixtures",
            sources: [
                ("fixtures/pt-enkat.yaml", Array(survey.utf8)), ("fixtures/registry-pt.yaml", Array(printRegistry.utf8)),
            ])
        let definition = try #require(catalog.surveys["pt-enkat"])
        #expect(definition.question("1")?.options.last?.label.hasPrefix("Nej, men") == true)
        let text = printout(optionLines: (" Ja", " Nej, men förslag finns framtaget men är inte ännu beslutat av alla\n\nberörda parter"))
        let imported = PrintTextImport(text: text, file: "utskrift.txt", survey: definition)
        #expect(imported.leftoverLines.isEmpty)
        #expect(imported.draft.answers["1"]?.comment == "Planen beslutades av länets politiska samverkansorgan i maj.")
    }

    @Test("a choice whose checkbox did not survive is left open with a note; text under ”Ja, beskriv” becomes details and suggests ja")
    func undecidedChoices() throws {
        let imported = importing(printout())
        let one = try #require(imported.draft.answers["1"])
        #expect(one.value == nil)
        #expect(one.comment == "Planen beslutades av länets politiska samverkansorgan i maj.")
        #expect(one.notes == ["Kryssrutan syntes inte i utskriften: välj ett alternativ."])
        let two = try #require(imported.draft.answers["2"])
        #expect(two.value == nil)
        #expect(two.details == "Alla chefer har gått en utbildning i nära vård under våren.")
        #expect(two.notes.first?.contains("Det finns text under ”Ja, beskriv insatserna”, vilket tyder på `ja`.") == true)
        #expect(
            imported.undecided == [
                .init(question: "1", reason: .notVisible), .init(question: "2", reason: .detailsSuggest("ja")),
            ])
        // `enkat check` lists exactly the two choices as required, and 4c's number.
        let (_, check) = try written(imported)
        let errors = check.diagnostics.filter { $0.severity == .error }
        #expect(errors.filter { $0.code == .required }.compactMap(\.question) == ["1", "2"])
        #expect(errors.map(\.code) == [.required, .required, .outOfRange])
    }

    @Test("checkbox glyphs that survived the printout are read")
    func checkedGlyphs() {
        let imported = importing(printout(optionLines: ("☐ Ja", "☒ Nej")))
        #expect(imported.draft.answers["1"]?.value == .option("nej"))
        #expect(imported.chosen == ["1"])
        #expect(!imported.undecided.contains { $0.question == "1" })
    }

    @Test("numbers are kept as printed: 79 stays 79, 0274 stays 0274 for check to question")
    func numbers() throws {
        let imported = importing(printout())
        #expect(imported.draft.answers["4b"]?.value == .number("79"))
        #expect(
            importing(printout().replacingOccurrences(of: "Andel i procent  79  ", with: "Andel i procent 79 %")).draft.answers["4b"]?.value
                == .number("79"))
        #expect(imported.draft.answers["4b"]?.comment == "Andelen har ökat sedan förra året.")
        #expect(imported.draft.answers["4c"]?.value == .number("0274"))
        #expect(imported.draft.answers["4c"]?.comment == "Formuläret tog inte emot decimaler.")
        #expect(
            imported.numbers == [
                .init(question: "4b", text: "79", outOfRange: false), .init(question: "4c", text: "0274", outOfRange: true),
            ])
        let (yaml, check) = try written(imported)
        #expect(yaml.contains("  4c:\n    value: 0274\n"))
        let range = try #require(check.diagnostics.first { $0.code == .outOfRange })
        #expect(range.question == "4c")
        #expect(range.message.sv.contains("menade du 0,274?"))
    }

    @Test("an empty index field next to ”Indextal kan inte uppskattas” is left for the user")
    func emptyIndex() throws {
        let text = printout().replacingOccurrences(of: "Ange indextal  0274      ", with: "Ange indextal           ")
        let imported = importing(text)
        #expect(imported.draft.answers["4c"]?.value == nil)
        #expect(imported.undecided.last == .init(question: "4c", reason: .emptyNumberWithSentinel("kan-inte-uppskattas")))
        #expect(imported.draft.answers["4c"]?.notes.first?.contains("skriv ett tal eller `kan-inte-uppskattas`") == true)
    }

    // MARK: What never ends up in an answer

    @Test("contact details, URLs and the form's own texts never end up in an answer")
    func neverInAnswers() throws {
        // The contact block at the end this time, without "Tack för dina svar!".
        var text = printout()
        text = text.replacingOccurrences(of: "Tack för dina svar!", with: "Dina kontaktuppgifter:")
        text = text.replacingOccurrences(
            of: "Ett svarskvitto har skickats till: testa.testsson@example.se", with: "Ditt namn: Testa Testsson")
        let imported = importing(text)
        let (yaml, check) = try written(imported)
        #expect(!yaml.contains("Testsson"))
        #expect(!yaml.contains("example.se"))
        #expect(!yaml.contains("https://"))
        let answers = try #require(check.response).answers.values
        for answer in answers {
            for field in [answer.comment, answer.details] + [answer.value.flatMap { if case .text(let t) = $0 { t } else { nil } }] {
                #expect(!(field ?? "").contains("Kontinuitet och relationer"))
                #expect(!(field ?? "").contains("kontaktuppgifter"))
            }
        }
        #expect(imported.leftoverLines.isEmpty)
        #expect(imported.contactLines.count == 2)
    }

    @Test(
        "a section the definition does not have: its heading and ”Från Överenskommelsen” text are reported, not glued to the answer before")
    func unknownSection() {
        let text = printout(three: "Uppföljningen sker varje kvartal.\n\nSe även bilagan.")
            .replacingOccurrences(of: "Kontinuitet och relationer", with: "Kontinuitet, relationer och fast kontakt")
            .replacingOccurrences(of: "En del i ett personcentrerat", with: "En viktig del i ett personcentrerat")
        let imported = importing(text)
        #expect(answerText(imported.draft.answers["3"]) == "Uppföljningen sker varje kvartal.\n\nSe även bilagan.")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let heading = lines.firstIndex { $0 == "Kontinuitet, relationer och fast kontakt" }! + 1
        let changed = lines.firstIndex { $0.hasPrefix("En viktig del") }! + 1
        #expect(imported.leftoverLines == [heading, changed])
        #expect(imported.found == ["1", "2", "3", "4a", "4b", "4c"])
    }

    @Test("a line that fits nowhere is reported by its number and not glued to an answer")
    func leftovers() {
        // A stray line between the options and the comment of question 1.
        let text = printout(optionLines: (" Ja", " Nej\n\nBilaga 3 skickas separat."))
        let imported = importing(text)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "Bilaga 3 skickas separat." }.map {
            $0 + 1
        }
        #expect(imported.leftoverLines == [line!])
        #expect(imported.draft.answers["1"]?.comment == "Planen beslutades av länets politiska samverkansorgan i maj.")
        #expect(imported.summary(.sv).contains("1 rad kunde inte placeras i något svar och fördes inte över: rad \(line!)."))
        #expect(!imported.summary(.sv).contains("Bilaga 3"), "the summary gives line numbers, never the printout's text")
    }

    // MARK: Encoding

    @Test("a printout saved as Windows-1252 is refused with enkat's encoding message; a UTF-8 BOM is fine")
    func encoding() throws {
        let survey = try #require(printCatalog.surveys["pt-enkat"])
        var bytes = Array(printout().utf8)
        let latin1 = Array(printout().data(using: .windowsCP1252)!)
        #expect(throws: Diagnostic.self) { try PrintTextImport.read(latin1, file: "utskrift.txt", survey: survey) }
        do {
            _ = try PrintTextImport.read(latin1, file: "utskrift.txt", survey: survey)
        } catch {
            #expect(error.code == .encoding)
            #expect(error.message.sv.contains("Windows-1252"))
            #expect(error.message.sv.contains("iconv -f WINDOWS-1252 -t UTF-8 FIL > NY.txt"))
            #expect(error.location == SourceLocation(line: 1, column: 5))  // "Uppf|ö…"
        }
        let plain = try PrintTextImport.read(bytes, file: "utskrift.txt", survey: survey)
        bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0)
        let withBOM = try PrintTextImport.read(bytes, file: "utskrift.txt", survey: survey)
        #expect(withBOM.draft == plain.draft)
        #expect(throws: Diagnostic.self) { try PrintTextImport.read([0xFF, 0xFE, 0x41, 0x00], file: "u.txt", survey: survey) }
    }

    // MARK: The pieces

    @Test(
        "page furniture is recognised",
        arguments: [
            ("https://enkat.socialstyrelsen.se/printfriendlypage.aspx?u=49564&R=false", true),
            ("mailto:dataskyddsombud@example.se", true),
            ("1 av 12", true), ("Sida 3 av 12", true), ("3/12", true), ("- 4 -", true), ("Sida 5", true),
            ("2023-03-28 14:05", true), ("2023-03-28 14:05 Enkät - Socialstyrelsen", true), ("28/03/2023, 14:05", true),
            ("https://enkat.example.se/print.aspx 3/12", true),
            ("Se https://www.example.se för mer information.", false),
            ("2022 genomfördes 776 riktade hälsosamtal.", false),
            ("1 av 3 vårdcentraler har infört arbetssättet.", false),
            ("28.3.2023 14.05 Enkät", true), ("0.27", false), ("14.05", false),
            ("Uppföljning av omställningen 2024     3 av 12", true), ("Uppföljning av omställningen 2024", true),
            ("Vi har infört arbetssättet på vårdcentral 1 av 3", false),
        ])
    func furniture(_ line: String, _ expected: Bool) {
        #expect(PrintTextLines.isFurniture(line, title: FormKey("Uppföljning av omställningen 2024")) == expected)
    }

    @Test(
        "what joins two printed lines",
        arguments: [
            ("behov av vård inom", "diagnosområdena andning och cirkulation.", " "),
            ("Personalen beskriver att 50-", "åringarna upplever samtalen som positiva.", ""),
            ("ordinarie 10- eller 12-", "månadersbesök på BVC.", ""),
            ("hälso-", "och sjukvården", " "),
            ("ur ett verksamhets-", "respektive målgruppsperspektiv", " "),
            ("chef -", "och ledarrepresentanter", " "),
        ])
    func joiner(_ previous: String, _ next: String, _ expected: String) {
        #expect(PrintTextParagraphs.joiner(after: previous, before: next) == expected)
    }

    @Test(
        "list items",
        arguments: [
            ("• handledning", true), ("\u{F0B7} handledning", true), ("- handledning", true), ("– handledning", true),
            ("o Kompetenshöjande insatser", true), ("o och så vidare", false), ("-20 grader", false), ("Handledning", false),
        ])
    func listItems(_ line: String, _ expected: Bool) {
        #expect(PrintTextParagraphs.startsListItem(line) == expected)
    }

    @Test("form texts match across wrapping, spacing, dashes and bullets")
    func formKeys() {
        #expect(FormKey("verksamhets-\nrespektive") == FormKey("verksamhets- respektive"))
        #expect(FormKey("• En ändamålsenlig kompetensförsörjning – nu") == FormKey("En  ändamålsenlig\tkompetensförsörjning - nu"))
        #expect(FormKey("Ange indextal  0274").hasPrefix(FormKey("Ange indextal")))
        #expect(FormKey.remainder(of: "Andel i procent  79  ", afterKeyScalars: FormKey("Andel i procent").count) == "79")
        #expect(PrintTextParser.numberPrefix("17c. Hur stor andel")?.0 == "17c")
        #expect(PrintTextParser.numberPrefix("2022. Under året") == nil)
        #expect(PrintTextParser.numberPrefix("6a.")?.0 == "6a")
    }

    @Test("line numbers are summarised as ranges")
    func ranges() {
        #expect(PrintTextImport.ranges([12, 3, 7, 8, 9]) == "3, 7–9, 12")
    }
}

// MARK: - The command

/// The command-line runner shared by the CLI tests.
private typealias PrintTextRun = EnkatRun

@Suite("The enkat import print-text command", .tags(.slow), .slowTier)
struct PrintTextCommandTests {
    /// A folder with the invented survey in surveys/ and a printout.
    private func folder(registry: String = printRegistry) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enkat-print-\(UUID().uuidString)")
        let surveys = folder.appendingPathComponent("surveys")
        try FileManager.default.createDirectory(at: surveys, withIntermediateDirectories: true)
        try printSurvey.write(to: surveys.appendingPathComponent("pt-enkat.yaml"), atomically: true, encoding: .utf8)
        try registry.write(to: surveys.appendingPathComponent("registry-pt.yaml"), atomically: true, encoding: .utf8)
        try printout().write(to: folder.appendingPathComponent("utskrift.txt"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test(
        "writes the response, prints a Swedish summary, and never overwrites",
        .needs(PrintTextRun.isBuilt, "the enkat binary is not built"))
    func writesOnce() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try PrintTextRun(
            ["import", "print-text", "utskrift.txt", "--survey", "pt-enkat", "-o", "svar/region-test.yaml"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Hittade 6 av 6 frågor i utskriften."))
        #expect(run.stdout.contains("Tal: 2 – 4b = 79, 4c = 0274 (utanför intervallet: 4c)"))
        #expect(run.stdout.contains("  1: kryssrutan syntes inte i utskriften"))
        #expect(run.stdout.contains("  2: kryssrutan syntes inte, men det finns följdtext som tyder på `ja`"))
        #expect(
            run.stdout.hasSuffix(
                "Skrev svar/region-test.yaml. Kontrollera den med `enkat check svar/region-test.yaml`; `enkat status svar/region-test.yaml` visar vad som återstår.\n"
            ))
        let yaml = try String(contentsOf: folder.appendingPathComponent("svar/region-test.yaml"), encoding: .utf8)
        #expect(yaml.contains("respondent: region-test\n"))

        let check = try PrintTextRun(["check", "svar/region-test.yaml"], in: folder)
        #expect(check.status == 1)
        #expect(check.stdout.contains("fel: fråga 1 måste besvaras"))
        #expect(check.stdout.contains("menade du 0,274?"))

        let again = try PrintTextRun(
            ["import", "print-text", "utskrift.txt", "--survey", "pt-enkat", "-o", "svar/region-test.yaml"], in: folder)
        #expect(again.status == 2)
        #expect(again.stderr.contains("svar/region-test.yaml finns redan och skrivs inte över"))
        #expect(try String(contentsOf: folder.appendingPathComponent("svar/region-test.yaml"), encoding: .utf8) == yaml)
    }

    @Test(
        "-o - writes the YAML to standard out and the summary to standard error",
        .needs(PrintTextRun.isBuilt, "the enkat binary is not built"))
    func standardOut() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try PrintTextRun(["import", "print-text", "utskrift.txt", "--survey", "pt-enkat", "-o", "-"], in: folder)
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("# Uppföljning av omställningen 2024\n"))
        #expect(run.stdout.contains("\nsurvey: pt-enkat\n"))
        #expect(run.stderr.contains("Hittade 6 av 6 frågor"))
    }

    @Test("a Windows-1252 printout is refused with exit 1", .needs(PrintTextRun.isBuilt, "the enkat binary is not built"))
    func encoding() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try printout().data(using: .windowsCP1252)!.write(to: folder.appendingPathComponent("latin1.txt"))
        let run = try PrintTextRun(["import", "print-text", "latin1.txt", "--survey", "pt-enkat", "-o", "svar.yaml"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("latin1.txt:"))
        #expect(run.stderr.contains("fel: filen är inte UTF-8"))
        #expect(run.stderr.contains("[encoding]"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("svar.yaml").path))
    }

    @Test(
        "--respondent is needed when the survey has several possible respondents",
        .needs(PrintTextRun.isBuilt, "the enkat binary is not built"))
    func respondentRequired() throws {
        let folder = try folder(registry: printRegistry + "\n  - {id: region-annan, kind: region, name: Region Annan}\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try PrintTextRun(["import", "print-text", "utskrift.txt", "--survey", "pt-enkat", "-o", "svar.yaml"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("ange vem svaren gäller med --respondent"))
        #expect(run.stderr.contains("region-test, region-annan"))
        let named = try PrintTextRun(
            ["import", "print-text", "utskrift.txt", "--survey", "pt-enkat", "--respondent", "Region Annan", "-o", "svar.yaml"], in: folder)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("svar.yaml"), encoding: .utf8).contains("respondent: region-annan\n"))
    }

    @Test(
        "a text without any of the survey's questions writes nothing",
        .needs(PrintTextRun.isBuilt, "the enkat binary is not built"))
    func noQuestions() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "Ett helt annat dokument.\n".write(to: folder.appendingPathComponent("annat.txt"), atomically: true, encoding: .utf8)
        let run = try PrintTextRun(["import", "print-text", "annat.txt", "--survey", "pt-enkat", "-o", "svar.yaml"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("hittade ingen av frågorna"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("svar.yaml").path))
    }
}
