import Foundation
import Testing
@testable import EnkatCore

@Suite("Reading YAML")
struct YAMLReaderTests {
    func parse(_ text: String, limits: YAMLLimits = .default) -> YAMLDocument {
        YAMLReader.parse(Array(text.utf8), file: "t.yaml", limits: limits)
    }

    @Test("every node knows its 1-based line and column")
    func locations() throws {
        let marked = MarkedText("1️⃣a:\n  2️⃣b: 3️⃣värde\n  c:\n    - 4️⃣x\n    - 5️⃣|\n      text\n")
        let root = try #require(parse(marked.text).root)
        #expect(root.location == marked["1️⃣"])
        #expect(root["a"]?.pair("b")?.keyLocation == marked["2️⃣"])
        #expect(root["a"]?["b"]?.location == marked["3️⃣"])
        #expect(root["a"]?["c"]?.sequence?[0].location == marked["4️⃣"])
        #expect(root["a"]?["c"]?.sequence?[1].location == marked["5️⃣"])
        #expect(root["a"]?["c"]?.sequence?[1].scalar == "text\n")
    }

    @Test("columns count Unicode scalars, not bytes")
    func columnsInScalars() throws {
        let marked = MarkedText("åäö: 1️⃣x\n")
        #expect(try #require(parse(marked.text).root)["åäö"]?.location == marked["1️⃣"])
    }

    @Test("no YAML 1.1 implicit typing", arguments: ["no", "on", "yes", "0274", "1_000", "0x1F", "1e3", "2025-03-31", "Null"])
    func scalarsStayText(_ text: String) throws {
        let root = try #require(parse("k: \(text)\n").root)
        if text == "Null" {
            #expect(root["k"]?.isNull == true)
        } else {
            #expect(root["k"]?.scalar == text)
        }
    }

    @Test("a key that looks like a number stays as written")
    func numericKeys() throws {
        let root = try #require(parse("1: a\n017c: b\n6a: c\n").root)
        #expect(root.mapping?.map(\.key) == ["1", "017c", "6a"])
    }

    @Test("a duplicate key is an error naming both places")
    func duplicateKey() throws {
        let marked = MarkedText("1️⃣a: 1\nb: 2\n2️⃣a: 3\n")
        let document = parse(marked.text)
        let diagnostic = try #require(document.diagnostics.first)
        #expect(document.diagnostics.count == 1)
        #expect(diagnostic.code == .duplicateKey)
        #expect(diagnostic.location == marked["2️⃣"])
        #expect(diagnostic.notes.first?.location == marked["1️⃣"])
        #expect(document.root?["a"]?.scalar == "1")
    }

    @Test("aliases are resolved")
    func aliases() throws {
        let root = try #require(parse("a: &x [1, 2]\nb: *x\n").root)
        #expect(root["b"]?.sequence?.count == 2)
    }

    @Test("a billion laughs ends quickly with a yaml-limit error")
    func billionLaughs() throws {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let start = ContinuousClock.now
        let document = parse(text)
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(document.root == nil)
        #expect(document.diagnostics.map(\.code) == [.yamlLimit])
    }

    @Test("deep nesting is refused")
    func depth() {
        let text = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let document = parse(text)
        #expect(document.diagnostics.map(\.code) == [.yamlLimit])
    }

    @Test("a file over the size limit is refused before parsing")
    func size() {
        let document = parse("a: " + String(repeating: "x", count: 2000), limits: YAMLLimits(maxFileBytes: 1000))
        #expect(document.diagnostics.map(\.code) == [.yamlLimit])
        #expect(document.diagnostics.first?.measured == 2003)
    }

    @Test("a UTF-8 BOM is accepted and columns stay right")
    func bom() throws {
        let document = YAMLReader.parse([0xEF, 0xBB, 0xBF] + Array("a: b\n".utf8), file: "t.yaml")
        #expect(document.diagnostics.isEmpty)
        #expect(try #require(document.root)["a"]?.location == SourceLocation(line: 1, column: 4))
    }

    @Test("Windows-1252 input is named, located and explained")
    func windows1252() throws {
        // "svar: Vårdcentral" with å as 0xE5.
        let bytes: [UInt8] = Array("survey: x\nsvar: V".utf8) + [0xE5] + Array("rdcentral\n".utf8)
        let document = YAMLReader.parse(bytes, file: "t.yaml")
        let diagnostic = try #require(document.diagnostics.first)
        #expect(diagnostic.code == .encoding)
        #expect(diagnostic.location == SourceLocation(line: 2, column: 8))
        #expect(diagnostic.message.sv.contains("byteposition 17"))
        #expect(diagnostic.message.sv.contains("Windows-1252"))
        #expect(diagnostic.message.sv.contains("”å”"))
        #expect(diagnostic.message.sv.contains("iconv -f WINDOWS-1252 -t UTF-8"))
    }

    @Test("invalid UTF-8 that is not Windows-1252 is still located")
    func invalidUTF8() throws {
        let bytes: [UInt8] = Array("a: ".utf8) + [0xC3, 0xA5, 0xE2, 0x82] + Array("\n".utf8)
        let diagnostic = try #require(YAMLReader.parse(bytes, file: "t.yaml").diagnostics.first)
        #expect(diagnostic.code == .encoding)
        #expect(diagnostic.message.sv.contains("byteposition 5"))
        #expect(!diagnostic.message.sv.contains("Windows-1252"))
    }

    @Test("UTF-16 is recognised")
    func utf16() throws {
        let diagnostic = try #require(YAMLReader.parse([0xFF, 0xFE, 0x61, 0x00], file: "t.yaml").diagnostics.first)
        #expect(diagnostic.code == .encoding)
        #expect(diagnostic.message.sv.contains("UTF-16"))
    }

    @Test("an empty file is reported", arguments: ["", "\u{FEFF}", "\n\n", "# bara en kommentar\n"])
    func empty(_ text: String) {
        #expect(parse(text).diagnostics.map(\.code) == [.yamlSyntax])
    }

    @Test("two documents in one file are refused")
    func twoDocuments() {
        #expect(parse("a: 1\n---\nb: 2\n").diagnostics.map(\.code) == [.yamlSyntax])
    }

    @Test("a syntax error is located and explained in Swedish")
    func syntax() throws {
        let diagnostic = try #require(parse("a: b: c\n").diagnostics.first)
        #expect(diagnostic.code == .yamlSyntax)
        #expect(diagnostic.location == SourceLocation(line: 1, column: 5))
        #expect(diagnostic.message.sv.contains("kolon"))
    }

    @Test("a complex key is refused")
    func complexKey() {
        #expect(parse("? [a, b]\n: c\n").diagnostics.map(\.code) == [.yamlSyntax])
    }

    @Test("hostile inputs never crash", arguments: [
        "*x", "&a [*a]", "a: &a\n  b: *a\n", "{", "[", "- - - - -", "!!binary x", "%YAML 9.9\n---\na", "a: |\n  \u{0}", "\t- x",
        ": :", "? ? ?", "'", "\"\\u", "a: !<tag:x> b", "---\n...\n---\n", "&a a: *a",
    ])
    func hostile(_ text: String) {
        let document = parse(text)
        #expect(document.root != nil || !document.diagnostics.isEmpty)
    }
}
