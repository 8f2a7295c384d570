import Testing
@testable import EnkatCore

/// Hostile and broken responses (issue 10): each input is built here, at a size that showed
/// the defect, and must end with located diagnostics, never a trap or a hang.
@Suite("Hostile YAML input")
struct HostileInputTests {
    func parse(_ text: String, limits: YAMLLimits = .default) -> YAMLDocument {
        YAMLReader.parse(Array(text.utf8), file: "t.yaml", limits: limits)
    }

    func check(_ text: String) -> ResponseCheck {
        ResponseValidator(catalog: fixtureCatalog).check(bytes: Array(text.utf8), file: "svar.yaml")
    }

    func codes(_ check: ResponseCheck) -> [String] {
        check.diagnostics.map { "\($0.code.rawValue) \($0.location)" }
    }

    // MARK: - Line breaks

    @Test("a personal-data finding is located in a file with CR-only line breaks",
          arguments: ["\r", "\r\n"])
    func carriageReturns(_ newline: String) {
        let text = response("  2: |\n    Rad ett\n    Ring 070-123 45 67\n").replacingAll("\n", with: newline)
        #expect(codes(check(text)) == ["personal-data 8:10"])
    }

    @Test("NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR as line ends: located, and a warning",
          arguments: ["\u{0085}", "\u{2028}", "\u{2029}"])
    func yaml11LineEnds(_ separator: String) {
        // libyaml breaks lines at these; an editor shows the whole file as one line.
        let text = response("  2: Ring 070-123 45 67\n").replacingAll("\n", with: separator)
        let found = check(text).diagnostics
        #expect(found.map(\.code) == [.yamlCompat, .personalData])
        #expect(found.allSatisfy { $0.location.line == 1 })
        let prefix = text.unicodeScalars.prefix { $0 != "0" }.count
        #expect(found.last?.location.column == prefix + 1)
    }

    @Test("a LINE SEPARATOR inside an earlier answer does not move later positions")
    func lineSeparatorInsideAnswer() {
        let text = response("  2: \"Rad ett\u{2028}rad två\"\n  4: 1️⃣x\n  5: 2️⃣300\n")
        let marked = MarkedText(text)
        let found = check(marked.text).diagnostics
        #expect(found.first { $0.code == .yamlCompat }?.location == SourceLocation(line: 6, column: 14))
        #expect(found.first { $0.code == .notRelevant }?.location == SourceLocation(line: marked["1️⃣"].line, column: 3))
        #expect(found.first { $0.code == .outOfRange }?.location == marked["2️⃣"])
    }

    @Test("a problem at the end of a file without a final line break points at its last line")
    func endOfFileWithoutLineBreak() {
        // libyaml ends the stream on a line of its own (found by bench/fuzz/run.sh).
        let found = parse("a: [x,\nyz").diagnostics
        #expect(found.map(\.code) == [.yamlSyntax])
        #expect(found.first?.location == SourceLocation(line: 2, column: 3))
    }

    // MARK: - Linear time

    @Test("ten thousand e-mail addresses in one answer: twenty located, the rest summed up")
    func manyAddresses() {
        let addresses = (0..<10_000).map { "a\($0)@exempel.se" }.joined(separator: " ")
        let found = check(response("  2: |\n    \(addresses)\n")).diagnostics.filter { $0.code == .personalData }
        #expect(found.count == AnswerChecker.maxLocatedPersonalData + 1)
        // The summary stands at the answer's `|`, before the twenty it follows.
        #expect(found.first?.location == SourceLocation(line: 6, column: 6))
        #expect(found.first?.message.sv.contains("ytterligare 9980") == true)
        #expect(found[1].location == SourceLocation(line: 7, column: 5))
        #expect(found[2].location == SourceLocation(line: 7, column: 5 + "a0@exempel.se ".count))
    }

    @Test("ten thousand personnummer on separate lines are located line by line")
    func manyIdentityNumbers() {
        let lines = (0..<10_000).map { _ in "    Nr 19121212-1212 här" }.joined(separator: "\n")
        let found = check(response("  2: |\n\(lines)\n")).diagnostics.filter { $0.code == .personalData }
        #expect(found.count == AnswerChecker.maxLocatedPersonalData + 1)
        #expect(found.dropFirst().enumerated().allSatisfy { $1.location == SourceLocation(line: 7 + $0, column: 8) })
    }

    @Test("200 000 top-level keys stop at the key limit")
    func manyKeys() {
        let keys = (0..<200_000).map { "k\($0): x\n" }.joined()
        let document = parse(keys)
        #expect(document.diagnostics.map(\.code) == [.yamlLimit])
        #expect(document.diagnostics.first?.location == SourceLocation(line: YAMLLimits.default.maxKeys + 1, column: 1))
        #expect(document.diagnostics.first?.message.sv.contains("\(YAMLLimits.default.maxKeys) nycklar") == true)
    }

    @Test("a mapping just under the key limit is read, and a duplicate in it is found at once")
    func keysUnderTheLimit() throws {
        let count = YAMLLimits.default.maxKeys
        let keys = (0..<count).map { "k\($0): x\n" }.joined() + "k17: y\n"
        let document = parse(keys)
        #expect(document.diagnostics.map(\.code) == [.duplicateKey])
        #expect(document.diagnostics.first?.notes.first?.location == SourceLocation(line: 18, column: 1))
        #expect(try #require(document.root).mapping?.count == count)
    }

    @Test("6 000 unknown answer keys end with one error each")
    func manyUnknownAnswerKeys() {
        let keys = (0..<6_000).map { "  fraga-\($0): x\n" }.joined()
        let found = check(response(keys)).diagnostics.filter { $0.code == .unknownQuestion }
        #expect(found.count == 6_000)
    }

    @Test("a 500 KB respondent id and a 1 MB option get no suggestion, and no wait")
    func hugeTokens() {
        let id = String(repeating: "x", count: 500_000)
        let respondent = check(response("", respondent: id)).diagnostics.filter { $0.code == .unknownRespondent }
        #expect(respondent.count == 1)
        #expect(respondent.first?.message.sv.contains("menade du") == false)
        let option = check(response("  okat: " + String(repeating: "y", count: 1_000_000) + "\n")).diagnostics
        #expect(option.map(\.code).contains(.yamlLimit) || option.map(\.code).contains(.unknownOption))
    }

    @Test("a misspelt id still gets its suggestion")
    func suggestionKept() {
        #expect(Suggestions.closest(to: "vet-je", among: [("vet-ej", ["Vet ej"]), ("ja", ["Ja"])]) == "vet-ej")
        #expect(Suggestions.closest(to: String(repeating: "vet-ej", count: 1000), among: [("vet-ej", [])]) == nil)
    }

    // MARK: - Limits

    @Test("a value longer than the scalar limit stops with yaml-limit")
    func longScalar() {
        let document = parse("a: " + String(repeating: "x", count: 2_000) + "\n", limits: YAMLLimits(maxScalarBytes: 1_000))
        #expect(document.diagnostics.map(\.code) == [.yamlLimit])
        #expect(document.diagnostics.first?.location == SourceLocation(line: 1, column: 4))
        #expect(parse("a: " + String(repeating: "x", count: 1_000) + "\n", limits: YAMLLimits(maxScalarBytes: 1_000)).diagnostics.isEmpty)
    }

    @Test("deep nesting at the limit is read, one level more is not")
    func depth() {
        let limit = YAMLLimits.default.maxDepth
        #expect(parse(String(repeating: "[", count: limit) + String(repeating: "]", count: limit)).diagnostics.isEmpty)
        #expect(parse(String(repeating: "[", count: 50_000)).diagnostics.map(\.code) == [.yamlLimit])
    }

    // MARK: - What libyaml lets through

    @Test("libyaml's laxness is reported where it can hide a mistake", arguments: [
        ("survey: test-enkat\nrespondent: \"falun\"1️⃣# x\nanswers: {}\n", "#"),
        ("a: [x, y]1️⃣#c\n", "#"),
        ("a: [x, y,1️⃣#c\n  ]\n", "#"),
        ("a: >1️⃣# c\n  text\n", "#"),
        ("a: |-1️⃣#c\n  text\n", "#"),
        ("quoted: \"a\n1️⃣b\"\n", "indragen"),
        ("flow: [a,\n1️⃣b]\n", "indragen"),
        ("foo: \"bar\n1️⃣\tbaz\"\n", "tabb"),
    ])
    func laxness(_ yaml: String, _ word: String) {
        let marked = MarkedText(yaml)
        let found = parse(marked.text).diagnostics
        #expect(found.map(\.code) == [.yamlCompat])
        #expect(found.first?.location == marked["1️⃣"])
        #expect(found.first?.severity == .warning)
        #expect(found.first?.message.sv.contains(word) == true)
    }

    @Test("what YAML allows is not reported", arguments: [
        "a: C# och F#\n", "a: \"x\" # kommentar\n", "# kommentar med C#\na: b\n", "a: |\n  nr#3\n",
        "a: \"rad ett\n  rad två\"\n", "- [\n\t\n foo\n ]\n", "a: 'x'\n#b\n", "a: >-\n  text # inte kommentar\n",
    ])
    func strictEnough(_ yaml: String) {
        #expect(parse(yaml).diagnostics.isEmpty, "\(parse(yaml).diagnostics.map(\.message.sv))")
    }
}

extension String {
    /// Replaces every occurrence of `target` (without Foundation).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
