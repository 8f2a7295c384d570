@testable import EnkatCore
import Testing

@Suite("Line starts")
struct LineBreaksTests {
    /// The line starts one byte at a time, as the function read them before it skipped eight.
    func naive(_ bytes: [UInt8], yaml11: Bool) -> [Int] {
        bytes.withUnsafeBufferPointer { buffer in
            var starts = [0], index = 0
            while index < buffer.count {
                let length = LineBreaks.breakLength(buffer, at: index, yaml11: yaml11)
                index += max(length, 1)
                if length > 0 { starts.append(index) }
            }
            return starts
        }
    }

    @Test("eight bytes at a time find every LF, CR, CRLF, NEL, LS and PS, at every offset")
    func sameAsByteByByte() {
        var generator = MutationTests.Generator(state: 11)
        let pieces: [[UInt8]] = [[0x0A], [0x0D], [0x0D, 0x0A], [0xC2, 0x85], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9],
                                 [0xC3, 0xA4], [0xC2, 0xA0], [0xE2, 0x80, 0x93], Array("abcdefgh".utf8), Array("x".utf8)]
        for _ in 0..<3000 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).flatMap { _ in pieces.randomElement(using: &generator)! }
            for yaml11 in [false, true] {
                let fast = bytes.withUnsafeBufferPointer { LineBreaks.lineStarts(in: $0, yaml11: yaml11) }
                #expect(fast == naive(bytes, yaml11: yaml11), "\(bytes) yaml11: \(yaml11)")
            }
        }
    }
}
