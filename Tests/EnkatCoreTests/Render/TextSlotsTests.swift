import Testing

@testable import EnkatCore

@Suite("Free texts set into a rendered report")
struct TextSlotsTests {
    @Test("each marker becomes its lines, escaped and joined by spaces; an answer holding a marker's characters stays text")
    func splice() {
        let slots = TextSlots()
        let plain = "Vi & de <b>andra</b>\nrad två"
        let (first, whole) = Self.addWithEveryLine(plain, to: slots)
        let secondLine = slots.marker(text: first, lines: [21..<plain.utf8.count])
        let tricky = "svar \u{E000}0\u{E001} här"
        let second = slots.add(tricky)
        let trickyMarker = slots.marker(text: second, lines: [0..<tricky.utf8.count])
        let rendered = "<p>\(whole)</p><li>\(secondLine)</li><q>\(trickyMarker)</q>\u{E000}99\u{E001}"
        let bytes = slots.splice(rendered, escape: MarkupEscape.append)
        #expect(String(decoding: bytes, as: UTF8.self)
            == "<p>Vi &amp; de &lt;b&gt;andra&lt;/b&gt; rad två</p><li>rad två</li><q>svar \u{E000}0\u{E001} här</q>\u{E000}99\u{E001}")
    }

    @Test("Markdown escaping applies line by line, as if each line were escaped on its own")
    func markdown() {
        let slots = TextSlots()
        let (_, marker) = Self.addWithEveryLine("- punkt *ett*\n1. två", to: slots)
        let bytes = slots.splice("> \(marker)\n", escape: MarkdownEscape.append)
        #expect(String(decoding: bytes, as: UTF8.self) == "> \\- punkt \\*ett\\* 1\\. två\n")
        #expect(String(decoding: bytes, as: UTF8.self)
            == "> " + MarkdownEscape.escape("- punkt *ett*") + " " + MarkdownEscape.escape("1. två") + "\n")
    }

    /// Adds `text` and a marker of all its lines (as UTF-8 byte ranges between its line feeds).
    private static func addWithEveryLine(_ text: String, to slots: TextSlots) -> (text: Int, marker: String) {
        var lines: [Range<Int>] = []
        var start = 0
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lines.append(start..<start + line.count)
            start += line.count + 1
        }
        let index = slots.add(text)
        return (index, slots.marker(text: index, lines: lines))
    }

    @Test("wording from elsewhere cannot pass for a marker")
    func foreignMarkers() {
        #expect(TextSlots.withoutMarkerCharacters("Fråga \u{E000}3\u{E001}") == "Fråga 3")
        #expect(TextSlots.withoutMarkerCharacters("Fråga 3") == "Fråga 3")
    }
}
