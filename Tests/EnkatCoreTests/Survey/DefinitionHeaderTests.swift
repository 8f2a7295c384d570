@testable import EnkatCore
import Foundation
import Testing

@Suite("Definition headers read without parsing")
struct DefinitionHeaderTests {
    func header(_ text: String) -> DefinitionHeader? { DefinitionHeader.read(Array(text.utf8)) }

    @Test("survey and registry lines in column 0 are read")
    func reads() {
        #expect(header("# c\nsurvey: s-2025\ntitle: T\nregistry: dalarna\n") == DefinitionHeader(survey: "s-2025", registry: "dalarna"))
        #expect(header("registry: dalarna # kommun\r\nrespondents: []\r\n") == DefinitionHeader(survey: nil, registry: "dalarna"))
        #expect(header("survey: \"quoted-id\"\n") == DefinitionHeader(survey: "quoted-id", registry: nil))
        #expect(header("survey: 'x'   # c\n") == DefinitionHeader(survey: "x", registry: nil))
        #expect(header("answers:\n  survey: nested\nsurvey: top\n") == DefinitionHeader(survey: "top", registry: nil))
        #expect(header("# orter\ngazetteer: dalarna\nplaces:\n  falun: [Sundborn]\n")?.isGazetteer == true)
    }

    @Test("whatever only the parser can tell is nil", arguments: [
        "survey: a\nsurvey: b\n",               // the key twice
        "survey:\n  a\n",                        // the value on the next line
        "survey: a b\n",                         // not an id
        "survey: \"a\\u0041\"\n",                // an escape
        "survey: 'it''s'\n",                     // a quote inside
        "survey: a#b\n",                         // a plain scalar with '#'
        "{survey: a}\n",                         // a flow mapping
        "\u{FEFF}survey: a\n",                   // a byte-order mark
        "title: x\n",                            // neither key
        "survey:a\n",                            // no space: not a key
        "title: \"x\nsurvey: y\"\nsurvey: z\n",  // a quoted scalar continued in column 0
    ])
    func undecided(_ text: String) {
        #expect(header(text) == nil)
    }
}

@Suite("The catalog a check needs")
struct CatalogForResponsesTests {
    let surveys = packageRoot.appendingPathComponent("surveys").path

    @Test("checking each sample response against only its definitions gives what the full catalog gives")
    func sameResults() throws {
        let responses = try CheckRun.expand([packageRoot.appendingPathComponent("responses").path])
        let full = SurveyCatalog(directory: surveys, nameFormWarnings: false)
        for response in responses {
            let subset = SurveyCatalog(directory: surveys, forResponses: [response], nameFormWarnings: false)
            #expect(subset.surveys.count == 1, "\(response)")
            #expect(subset.registries.count == 1, "\(response)")
            #expect(CheckRun.check([response], catalog: subset).diagnostics == CheckRun.check([response], catalog: full).diagnostics)
        }
    }

    @Test("a response naming an unknown or unreadable survey gets the full catalog, so the validator can suggest one")
    func unknownSurvey() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enkat-header-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let typo = folder.appendingPathComponent("typo.yaml")
        try Data("survey: sjalvskattning-2052\nrespondent: falun\nanswers: {}\n".utf8).write(to: typo)
        let flow = folder.appendingPathComponent("flow.yaml")
        try Data("{survey: sjalvskattning-2025, respondent: falun, answers: {}}\n".utf8).write(to: flow)
        let full = SurveyCatalog(directory: surveys, nameFormWarnings: false)
        for file in [typo.path, flow.path] {
            let subset = SurveyCatalog(directory: surveys, forResponses: [file], nameFormWarnings: false)
            #expect(subset.surveys.keys.sorted() == full.surveys.keys.sorted())
            #expect(CheckRun.check([file], catalog: subset).diagnostics == CheckRun.check([file], catalog: full).diagnostics)
        }
    }

    @Test("a folder of definitions whose headers cannot be read is parsed whole")
    func unreadableHeaders() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enkat-header-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["registry-dalarna.yaml", "sjalvskattning-2025.yaml"] {
            var text = try String(contentsOfFile: surveys + "/" + name, encoding: .utf8)
            // A definition that says what it is only in a quoted key: the header reading gives up.
            text = text.replacingOccurrences(of: "\nsurvey: ", with: "\n\"survey\": ")
                .replacingOccurrences(of: "\nregistry: ", with: "\n\"registry\": ")
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let response = packageRoot.appendingPathComponent("responses/sjalvskattning-2025").path
        let files = try CheckRun.expand([response])
        let subset = SurveyCatalog(directory: folder.path, forResponses: files, nameFormWarnings: false)
        #expect(subset.surveys.keys.sorted() == ["sjalvskattning-2025"])
        #expect(subset.registries.keys.sorted() == ["dalarna"])
    }
}
