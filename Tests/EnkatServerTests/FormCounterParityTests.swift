import EnkatCore
import Foundation
import Testing

@testable import EnkatServer

/// Strings on which a careless counter would go wrong: each must get the same count, state
/// and words from the validator's rule in Swift and from the form's script in JavaScript.
enum CounterTable {
    static let rows: [(text: String, limit: Int)] = [
        ("", 3000),
        ("Hej", 3000),
        ("  inledande och avslutande blanksteg  ", 3000),
        ("\t\u{000B}\u{000C}\r\n x \u{0085}\u{00A0}\u{1680}\u{2000}\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}", 10),
        ("\u{FEFF}x\u{FEFF}", 10),  // BOM: not white space (JavaScript's trim would take it)
        ("\u{180E}x\u{200B}", 10),  // Mongolian vowel separator, zero width space: not white space
        ("a\u{030A}", 10),  // decomposed å: one character after NFC
        ("Ma\u{0308}rta och A\u{030A}sa", 100),
        ("å", 10),
        ("😀", 3000),  // two UTF-16 units
        ("👩‍👩‍👧", 10),  // eight units, one glyph
        ("\u{0958}", 10),  // NFC decomposes this one: two units
        ("\u{1100}\u{1161}\u{11A8}", 10),  // Hangul jamo compose to one syllable
        ("\u{2126}", 10),  // Ohm sign becomes Omega
        ("x\u{2000}y", 10),  // en quad becomes en space inside a text
        ("a\r\nb", 3000), ("a\rb", 3000), ("a\nb", 3000), ("a\n\rb", 3000), ("a\r\n\r\nb", 3000),
        ("\r\n\r\n", 3000),
        ("x\u{2028}y", 10),  // a line separator is no line break
        (String(repeating: "a", count: 2939), 3000),  // just under near-limit
        (String(repeating: "a", count: 2940), 3000),  // near-limit starts
        (String(repeating: "a", count: 3000), 3000),
        (String(repeating: "a", count: 3001), 3000),  // too long
        (String(repeating: "a", count: 2990) + String(repeating: "\n", count: 5) + "b", 3000),  // fits only with LF as one: crlf-risk
        (String(repeating: "ab\r\n", count: 1000), 3000),
        (String(repeating: "é", count: 12_345), 10_000),
        (String(repeating: "e\u{0301}", count: 1500), 3000),
        (String(repeating: "😀", count: 1501), 3000),
    ]

    /// The Swift side: the validator's count and the form's counter.
    static func swift(_ row: (text: String, limit: Int)) -> [String: String] {
        let counter = FormCounter(text: row.text, limit: row.limit)
        let count = CharacterCount(row.text)
        #expect(counter.characters == count.characters)
        return [
            "characters": "\(count.characters)", "lineBreaks": "\(count.lineBreaks)", "state": counter.state.rawValue,
            "message": counter.message,
        ]
    }

    static func json() throws -> String {
        let rows = rows.map { ["text": $0.text, "limit": $0.limit] as [String: Any] }
        return String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self)
    }

    /// Compares what JavaScript said (`EnkatCount.counter` results) with Swift, row by row.
    static func compare(_ javaScript: [[String: Any]], engine: String) {
        #expect(javaScript.count == rows.count)
        for (index, result) in javaScript.enumerated() where index < rows.count {
            let swift = swift(rows[index])
            let js = [
                "characters": "\(result["characters"] ?? "")", "lineBreaks": "\(result["lineBreaks"] ?? "")",
                "state": "\(result["state"] ?? "")", "message": "\(result["message"] ?? "")",
            ]
            #expect(
                js == swift, "row \(index) (\(rows[index].text.unicodeScalars.prefix(12).map { String($0.value, radix: 16) })) in \(engine)"
            )
        }
    }
}

@Suite("The browser's counter counts exactly as the validator")
struct FormCounterParityTests {
    @Test(
        "the counter's words and states",
        arguments: [
            (0, 3000, "0 av 3\u{00A0}000 tecken", FormCounter.State.ok),
            (2958, 3000, "2\u{00A0}958 av 3\u{00A0}000 tecken – 42 kvar", .near),
            (3001, 3000, "För långt: 3\u{00A0}001 av 3\u{00A0}000 tecken, 1 för många", .over),
            (12_345, 100_000, "12\u{00A0}345 av 100\u{00A0}000 tecken", .ok),
        ])
    func words(characters: Int, limit: Int, message: String, state: FormCounter.State) {
        let counter = FormCounter(text: String(repeating: "x", count: characters), limit: limit)
        #expect(counter.message == message)
        #expect(counter.state == state)
        #expect(
            FormCounter(text: String(repeating: "x", count: 2990) + "\n\n\n\n\ny", limit: 3000).message
                == "2\u{00A0}996 av 3\u{00A0}000 tecken – ryms bara för att en radbrytning räknas som ett tecken; med två tecken per radbrytning blir det 3\u{00A0}001"
        )
    }

    @Test(
        "the form's script (run by node) gives the validator's count on every tricky string",
        .tags(.slow), .slowTier, .enabled(if: Tools.node != nil || CI.active, "node is not installed; the same table also runs in Chromium in EndToEndTests"))
    func node() async throws {
        let directory = NSTemporaryDirectory() + "enkat-parity-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try CounterTable.json().write(toFile: directory + "/table.json", atomically: true, encoding: .utf8)
        let harness = """
            const fs = require('fs'), vm = require('vm');
            const context = {};
            vm.createContext(context);
            vm.runInContext(fs.readFileSync(process.argv[1], 'utf8'), context);
            const table = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
            process.stdout.write(JSON.stringify(table.map(row => context.EnkatCount.counter(row.text, row.limit))));
            """
        let (status, output) = try await Tools.run(
            Tools.node!, ["-e", harness, Repo.templates + "/form-script.mustache", directory + "/table.json"])
        #expect(status == 0)
        let results = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        CounterTable.compare(results, engine: "node")
    }
}
