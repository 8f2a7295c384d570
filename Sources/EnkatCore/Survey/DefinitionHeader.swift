import Foundation

/// What a YAML file says it is, read from its top-level `survey:` or `registry:` line without
/// parsing the file: how `enkat check FILE` reads only the definitions its responses need.
///
/// The reading is conservative. It gives an answer only when each of the keys `survey` and
/// `registry` starts at most one line, in column 0, with a plain id or simply quoted value
/// on the same line; anything else (a flow mapping at the root, the key twice, a value
/// on the next line, escapes in a quoted value) is `nil`, and the caller must parse the file.
/// In a YAML block mapping only a top-level key can start in column 0, so such a line is the
/// file's own key and its value is what the parser would read.
struct DefinitionHeader: Equatable, Sendable {
    /// The `survey:` value: the survey a definition declares, or that a response answers.
    var survey: String?
    /// The `registry:` value: the registry a registry file declares, or a survey names.
    var registry: String?
    /// Whether the file has a top-level `gazetteer:` line: the anonymizer's places, which
    /// no check needs.
    var isGazetteer = false

    /// The header of `bytes`, or `nil` when the file must be parsed to tell (a key twice, a
    /// value that is not on the key's line or not a plain id or simple quoted string, or
    /// neither key at all).
    static func read(_ bytes: [UInt8]) -> DefinitionHeader? {
        var header = DefinitionHeader()
        let count = bytes.count
        var lineStart = 0
        var undecided = false
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            while lineStart < count {
                // Lines end at LF (a CR before it is not part of the line); a file with lone CR
                // breaks is one long line here, and gets parsed.
                let newline = memchr(base + lineStart, 0x0A, count - lineStart).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? count
                let lineEnd = newline > lineStart && buffer[newline - 1] == 0x0D ? newline - 1 : newline
                let first = buffer[lineStart]
                if first == 0x73, hasPrefix(bytes, lineStart, lineEnd, surveyKey) {
                    // A second line of the key (a duplicate, or the same text inside a scalar
                    // that continues in column 0): only the parser can say what the file holds.
                    guard header.survey == nil, let id = value(bytes, lineStart + surveyKey.count, lineEnd) else { undecided = true; return }
                    header.survey = id
                } else if first == 0x67, hasPrefix(bytes, lineStart, lineEnd, gazetteerKey) {
                    header.isGazetteer = true
                } else if first == 0x72, hasPrefix(bytes, lineStart, lineEnd, registryKey) {
                    guard header.registry == nil, let id = value(bytes, lineStart + registryKey.count, lineEnd) else { undecided = true; return }
                    header.registry = id
                }
                lineStart = newline + 1
            }
        }
        if undecided { return nil }
        return header.survey == nil && header.registry == nil && !header.isGazetteer ? nil : header
    }

    private static let surveyKey = Array("survey:".utf8)
    private static let registryKey = Array("registry:".utf8)
    private static let gazetteerKey = Array("gazetteer:".utf8)

    private static func hasPrefix(_ bytes: [UInt8], _ start: Int, _ end: Int, _ key: [UInt8]) -> Bool {
        guard end - start >= key.count else { return false }
        for offset in 0..<key.count where bytes[start + offset] != key[offset] { return false }
        // `survey:x` is not a key (YAML needs a space after the colon); `survey:` alone at
        // the end of the line is one whose value follows on the next lines.
        return end - start == key.count || bytes[start + key.count] == 0x20 || bytes[start + key.count] == 0x09
    }

    /// The value after the key: a plain scalar up to a comment, or a quoted one without
    /// escapes; `nil` when it is anything the parser might read otherwise.
    private static func value(_ bytes: [UInt8], _ start: Int, _ end: Int) -> String? {
        var first = start
        while first < end, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
        guard first < end else { return nil }
        let quote = bytes[first]
        if quote == 0x22 || quote == 0x27 {
            var close = first + 1
            while close < end, bytes[close] != quote {
                if bytes[close] == 0x5C { return nil }
                close += 1
            }
            guard close < end, close > first + 1 else { return nil }
            var rest = close + 1
            while rest < end, bytes[rest] == 0x20 || bytes[rest] == 0x09 { rest += 1 }
            guard rest == end || bytes[rest] == 0x23 else { return nil }
            return String(decoding: bytes[(first + 1)..<close], as: UTF8.self)
        }
        // Plain ids only: letters, digits, '-', '_' and '.', as survey and registry ids are.
        var last = first
        while last < end, isIDByte(bytes[last]) { last += 1 }
        guard last > first else { return nil }
        var rest = last
        while rest < end, bytes[rest] == 0x20 || bytes[rest] == 0x09 { rest += 1 }
        guard rest == end || (bytes[rest] == 0x23 && rest > last) else { return nil }
        return String(decoding: bytes[first..<last], as: UTF8.self)
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x5F, 0x2E: true
        default: false
        }
    }
}
