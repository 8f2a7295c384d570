import Testing
@testable import EnkatCore

@Suite("Windows-1252: one detector")
struct Windows1252Tests {
    @Test("Swedish letters in Windows-1252 are recognized and decoded")
    func recognized() {
        let bytes: [UInt8] = Array("Sk".utf8) + [0xE5, 0x6C, 0x20, 0x96, 0x20, 0x80]
        #expect(Windows1252.verdict(bytes) == .windows1252)
        #expect(Windows1252.decode(bytes) == "Skål – €")
    }

    @Test("an undefined byte, or UTF-8 letters mixed in, is not Windows-1252")
    func refused() {
        #expect(Windows1252.verdict([0x41, 0xE5, 0x81]) == .undefinedByte(at: 2))
        #expect(Windows1252.verdict(Array("på".utf8) + [0xE5]) == .mixedWithUTF8)
        #expect(Windows1252.verdict(Array("plain".utf8)) == .ascii)
    }
}

@Suite("Text normalizations: one of each")
struct TextNormalizationTests {
    @Test("NFC composes decomposed letters and leaves composed text as it is")
    func nfc() {
        #expect("Va\u{030A}rd".nfc == "Vård")
        #expect("Vård – ”ok” €".nfc == "Vård – ”ok” €")
        #expect("\u{212B}".nfc == "Å")
    }

    @Test("trimming removes spaces, tabs, line breaks and no-break spaces at the ends only")
    func trimming() {
        #expect(" \t\u{00A0}a b\r\n\u{2028}".trimmingWhitespace() == "a b")
        #expect("   ".trimmingWhitespace() == "")
    }

    @Test("CRLF and a lone CR become LF")
    func lineBreaks() {
        #expect("a\r\nb\rc\nd".normalizingLineBreaks() == "a\nb\nc\nd")
    }
}
