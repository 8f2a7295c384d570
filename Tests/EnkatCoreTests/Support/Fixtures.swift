import Foundation
@testable import EnkatCore

/// The repository root, found from this file's path.
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A small survey with every question type, and a registry, for unit tests.
let fixtureSurvey = """
    survey: test-enkat
    title: Testenkät
    registry: test
    respondent_kind: kommun
    sections:
      - id: a
        title: Avsnitt A
        questions:
          - id: "1"
            type: choice
            text: Finns det en plan?
            required: true
            comment: true
            options:
              - {id: ja, label: Ja, details: required, details_label: beskriv planen}
              - {id: nej, label: Nej}
          - id: "2"
            type: text
            text: Beskriv.
            max_length: 50
          - id: "3"
            type: multi
            text: Vilka målgrupper?
            required: true
            options:
              - {id: hemsjukvard, label: Hemsjukvård}
              - {id: palliativ, label: Palliativ vård}
              - {id: annat, label: Annat, details: required}
              - {id: inga, label: Inga, exclusive: true}
      - id: b
        title: Avsnitt B
        questions:
          - id: "4"
            type: text
            text: Varför inte?
            required: true
            relevant_when: {question: "1", equals: nej}
          - id: "5"
            type: percent
            text: Andel i procent?
            comment: true
          - id: "6"
            type: decimal
            min: 0
            max: 1
            text: Kontinuitetsindex?
            sentinels:
              - {id: kan-inte-uppskattas, label: Indextal kan inte uppskattas}
          - id: "7"
            type: scale
            min: 1
            max: 5
            labels: [Stämmer inte alls, Stämmer ganska dåligt, Stämmer ganska bra, Stämmer bra, Stämmer mycket bra]
            text: Vi arbetar för detta.
          - id: okat
            type: choice
            text: Har andelen ökat?
            options:
              - {id: ja, label: Ja}
              - {id: nej, label: Nej}
              - {id: vet-ej, label: Vet ej}
    """

let fixtureRegistry = """
    registry: test
    allowed_names: [Dalarna]
    respondents:
      - {id: falun, kind: kommun, name: Falun, official_name: Falu kommun, forms: [Faluns, Falu kommuns]}
      - {id: malung-salen, kind: kommun, name: Malung-Sälen, official_name: Malung-Sälens kommun}
      - {id: region-x, kind: region, name: Region X}
    """

/// A catalog of the fixture survey and registry.
let fixtureCatalog = SurveyCatalog(directory: "fixtures", sources: [
    ("fixtures/test-enkat.yaml", Array(fixtureSurvey.utf8)),
    ("fixtures/registry-test.yaml", Array(fixtureRegistry.utf8)),
])

/// The real surveys/ folder of the repository.
let realCatalog = SurveyCatalog(directory: packageRoot.appendingPathComponent("surveys").path)

/// The published counts of seed 002 §3.3 that the fourteen sample kommun responses reproduce:
/// question, option, count.
let seed002Figures: [(String, String, Int)] = [
    ("uppfoljning-genomford", "ja", 3), ("team-malgrupper", "hemsjukvard", 12), ("team-malgrupper", "palliativ", 11),
    ("team-malgrupper", "aldre-omfattande", 11), ("vardplatser", "ja", 3), ("patientutbildningar", "ja", 4),
    ("personcentrerat", "ja", 10), ("dokumenterad-overenskommelse", "ja", 6),
    ("dokumenterad-overenskommelse-insatser", "utbildning-personal", 6),
    ("dokumenterad-overenskommelse-insatser", "rutiner-it-stod", 5), ("egenvard-rutiner", "ja", 5),
    ("narstaende-insatser", "ja", 8), ("fast-vardkontakt-rutiner", "ja", 10), ("fast-vardkontakt-insatser", "ja", 6),
    ("fast-vardkontakt-okat", "nej", 3), ("fast-vardkontakt-okat", "vet-ej", 8), ("fast-vardkontakt-okat", "ja", 3),
    ("fast-omsorgskontakt", "ja", 11), ("kompetens-insatser", "kompetensutveckling", 12),
    ("kompetens-insatser", "vidareutbildning-legitimerad", 9), ("kompetens-insatser", "vidareutbildning-olegitimerad", 8),
]
