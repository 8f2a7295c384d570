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
