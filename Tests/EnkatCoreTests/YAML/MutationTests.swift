import Foundation
import Testing
@testable import EnkatCore

/// A short, seeded mutation run over the YAML reader and the response validator (issue 10);
/// the long coverage-guided run is bench/fuzz/run.sh. Every mutant of the sample responses
/// must be checked without a trap, and every diagnostic must point inside the file.
@Suite("Mutated responses")
struct MutationTests {
    /// SplitMix64: the same mutants on every machine.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Bytes that matter to YAML, to line counting and to UTF-8.
    static let interesting: [[UInt8]] = [
        [0x3A], [0x3A, 0x20], [0x2D, 0x20], [0x23], [0x22], [0x27], [0x7C], [0x3E], [0x5B], [0x5D], [0x7B], [0x7D],
        [0x26, 0x61], [0x2A, 0x61], [0x21], [0x09], [0x0D], [0x0A], [0x0D, 0x0A], [0x20, 0x20], [0x25],
        [0xC2, 0x85], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9], [0xEF, 0xBB, 0xBF], [0xFF], [0xC3], [0xC3, 0xA5],
        [0x40], Array("070-123 45 67".utf8), Array("19121212-1212".utf8), Array("a@b.se".utf8), [0x7E], [0x00],
    ]

    static func mutate(_ input: [UInt8], _ random: inout Generator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0 where !bytes.isEmpty:
                bytes[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            case 1:
                bytes.insert(contentsOf: interesting.randomElement(using: &random)!, at: at)
            case 2 where !bytes.isEmpty:
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...64, using: &random)))
            case 3 where !bytes.isEmpty:
                let length = min(bytes.count - at, Int.random(in: 1...200, using: &random))
                bytes.insert(contentsOf: bytes[at..<(at + length)], at: Int.random(in: 0...bytes.count, using: &random))
            case 4:
                let newline: [UInt8] = [[0x0D], [0x0D, 0x0A], [0xC2, 0x85], [0xE2, 0x80, 0xA8]].randomElement(using: &random)!
                bytes = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                    .map(Array.init).joined(separator: newline).map { $0 }
            case 5 where !bytes.isEmpty:
                bytes.removeSubrange(at...)
            default:
                bytes.insert(0x20, at: at)
            }
        }
        return bytes
    }

    static func lineCount(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { LineBreaks.lineStarts(in: $0).count }
    }

    @Test("600 mutants of the sample responses: no trap, every position inside the file")
    func mutants() throws {
        let folder = packageRoot.appendingPathComponent("responses")
        let seeds = try ["socialstyrelsen-kommun-2025/falun.yaml", "slutredovisning-region-2022/region-dalarna.yaml",
                         "sjalvskattning-2025/sl-mora.yaml", "skora-aldre-nulage-2025/sl-orsa.yaml"]
            .map { try [UInt8](Data(contentsOf: folder.appendingPathComponent($0))) }
        let validator = ResponseValidator(catalog: realCatalog)
        var random = Generator(state: 2026)
        var codes = Set<DiagnosticCode>()
        for round in 0..<600 {
            let mutant = Self.mutate(seeds[round % seeds.count], &random)
            let check = validator.check(bytes: mutant, file: "mutant.yaml")
            let lines = Self.lineCount(mutant)
            for diagnostic in check.diagnostics {
                codes.insert(diagnostic.code)
                let location = diagnostic.location
                #expect(location.line >= 1 && location.line <= lines + 1 && location.column >= 1,
                        "round \(round): \(diagnostic.code.rawValue) at \(location) in \(lines) lines")
            }
        }
        // The mutants reach the reader's and the validator's diagnostics alike.
        #expect(codes.isSuperset(of: [.yamlSyntax, .encoding, .duplicateKey, .unknownQuestion, .personalData]), "\(codes)")
    }
}
