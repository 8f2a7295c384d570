import Foundation
import Testing
@testable import EnkatCore

@Suite("Counting tecken as the web forms do")
struct CharacterCountTests {
    @Test("plain Swedish text counts characters", arguments: [("Vårdcentral", 11), ("äöå ÄÖÅ", 7), ("", 0)])
    func plain(_ text: String, _ count: Int) {
        #expect(CharacterCount(text).characters == count)
    }

    @Test("decomposed text is normalized first")
    func nfc() {
        #expect(CharacterCount("a\u{030A}").characters == 1)
        #expect(CharacterCount("Va\u{030A}rd").characters == 4)
    }

    @Test("every kind of line break counts as one", arguments: ["a\nb", "a\r\nb", "a\rb"])
    func lineBreaks(_ text: String) {
        let count = CharacterCount(text)
        #expect(count.characters == 3)
        #expect(count.lineBreaks == 1)
        #expect(count.countingCRLFAsTwo == 4)
    }

    @Test("leading and trailing white space and the final newline do not count")
    func trimmed() {
        #expect(CharacterCount("  text \n\n").characters == 4)
    }

    @Test("an emoji counts two UTF-16 units")
    func emoji() {
        #expect(CharacterCount("🙂").characters == 2)
        #expect(CharacterCount("👍🏽").characters == 4)
    }

    @Test("the near-limit threshold is 2 percent below the limit")
    func threshold() {
        #expect(CharacterCount.nearLimitThreshold(3000) == 2940)
        #expect(CharacterCount.nearLimitThreshold(50) == 49)
    }
}

@Suite("Swedish numbers")
struct SwedishNumberTests {
    @Test("accepted forms", arguments: [
        ("0,274", 0.274), ("0.274", 0.274), ("79", 79), ("79,5 %", 79.5), ("1 234", 1234), ("-3", -3), ("0274", 274), (",5", 0.5),
    ])
    func accepted(_ text: String, _ value: Double) {
        #expect(SwedishNumber.parse(text)?.value == value)
    }

    @Test("rejected forms", arguments: ["", "abc", "1,2,3", "1 ,5", "12 ", "1,", "ett", "1e3", "0x10"])
    func rejected(_ text: String) {
        if text == "12 " {
            #expect(SwedishNumber.parse(text)?.value == 12)  // trailing space is trimmed
        } else {
            #expect(SwedishNumber.parse(text) == nil)
        }
    }

    @Test("formatting uses a decimal comma")
    func format() {
        #expect(SwedishNumber.format(0.274) == "0,274")
        #expect(SwedishNumber.format(25) == "25")
        #expect(SwedishNumber.format(12345.5) == "12\u{00A0}345,5")
    }
}

@Suite("Personal data in free text")
struct PersonalDataTests {
    @Test("found", arguments: [
        ("Pnr 19121212-1212 här", PersonalData.Kind.personnummer, "19121212-1212"),
        ("Pnr 121212-1212", .personnummer, "121212-1212"),
        ("Pnr 1212121212.", .personnummer, "1212121212"),
        ("Nr 701063-2391", .samordningsnummer, "701063-2391"),
        ("mejla karin.ek@mora.se.", .email, "karin.ek@mora.se"),
        ("Ring 070-123 45 67 i dag", .phone, "070-123 45 67"),
        ("tel 023-12 34 56", .phone, "023-12 34 56"),
        ("växel +46 23 12 34 56", .phone, "+46 23 12 34 56"),
        ("nummer 010-2350000", .phone, "010-2350000"),
    ])
    func found(_ text: String, _ kind: PersonalData.Kind, _ match: String) {
        let found = PersonalData.find(in: text)
        #expect(found.map(\.kind) == [kind])
        #expect(found.first?.text == match)
    }

    @Test("not personal data", arguments: [
        "19121212-1213", "Under 2019-2022 ökade andelen", "index 0,274 och 0274", "79 procent", "SFS 2017:612",
        "S2022/067", "prop. 2019/20:164", "år 2025", "@mora", "a@b", "kl 08.00-16.30", "1 000 000 kr",
    ])
    func notFound(_ text: String) {
        #expect(PersonalData.find(in: text).isEmpty, "\(PersonalData.find(in: text))")
    }

    @Test("the Luhn check")
    func luhn() {
        #expect(PersonalData.luhnValid([8, 1, 1, 2, 1, 8, 9, 8, 7, 6]))
        #expect(!PersonalData.luhnValid([8, 1, 1, 2, 1, 8, 9, 8, 7, 5]))
    }

    @Test("the eight-bytes-at-a-time count agrees with a plain UTF-16 count on mixed text")
    func fastPathAgrees() {
        let pieces = ["a", "å", "Ä", "ö", "–", "€", "😀", "\r\n", "\n", "\r", " ", "0", "@", "x\u{30A}", "e\u{301}", "ﬁ", "Ω", "abcdefgh", "12345678", "070-123 45 67", "(08) 123 45 67", "19121212-1212", "121212+1212", "0,4", "a@b.se", "2022"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<400 {
            let text = (0..<Int.random(in: 1...60, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let trimmed = text.trimmingWhitespace()
            let normalized = trimmed.precomposedStringWithCanonicalMapping
            var expected = 0
            var previousWasCR = false
            for unit in normalized.utf16 {
                if unit == 0x0A && previousWasCR { previousWasCR = false; continue }
                expected += 1
                previousWasCR = unit == 0x0D
            }
            #expect(CharacterCount(text).characters == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            if !PersonalData.find(in: text).isEmpty { #expect(PersonalData.mayContainPersonalData(text), "\(text.debugDescription)") }
        }
    }
}

@Suite("The counter rule: one standing against a limit")
struct CharacterCountStandingTests {
    @Test("too long, then CRLF risk, then near the limit, else within")
    func order() {
        #expect(CharacterCount(String(repeating: "x", count: 11)).standing(against: 10) == .tooLong)
        #expect(CharacterCount("xxxxxxxx\ny").standing(against: 10) == .crlfRisk)
        #expect(CharacterCount(String(repeating: "x", count: 2940)).standing(against: 3000) == .nearLimit)
        #expect(CharacterCount(String(repeating: "x", count: 2939)).standing(against: 3000) == .within)
    }
}
