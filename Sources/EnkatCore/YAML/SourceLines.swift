/// The lines of a source file, split only when a diagnostic needs a position inside a
/// multi-line scalar (a phone number on the fifth line of a block text).
final class SourceLines {
    private let bytes: [UInt8]
    private lazy var lines: [String] = {
        var start = TextEncoding.utf8BOMLength(bytes.withUnsafeBufferPointer { $0 })
        var result: [String] = []
        for (index, byte) in bytes.enumerated() where index >= start && byte == 0x0A {
            result.append(String(decoding: bytes[start..<index], as: UTF8.self))
            start = index + 1
        }
        result.append(String(decoding: bytes[min(start, bytes.count)...], as: UTF8.self))
        return result
    }()

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The position of the `occurrence`-th (0-based) appearance of `needle` among the source
    /// lines that `node` spans, or the node's own position when it cannot be found (e.g. a
    /// folded scalar that joined the needle across lines).
    func locate(_ needle: String, occurrence: Int, within node: YAMLNode) -> SourceLocation {
        guard !needle.isEmpty else { return node.location }
        let first = max(node.location.line, 1)
        let last = min(max(node.endLocation.line, first), lines.count)
        var seen = 0
        for lineNumber in first...last {
            let line = lines[lineNumber - 1]
            var searchFrom = line.startIndex
            while let range = line.range(of: needle, from: searchFrom) {
                if seen == occurrence {
                    let column = line.unicodeScalars[line.startIndex..<range.lowerBound].count + 1
                    return SourceLocation(line: lineNumber, column: column)
                }
                seen += 1
                searchFrom = range.upperBound
            }
        }
        return node.location
    }
}

extension String {
    /// A naive substring search that does not need Foundation.
    fileprivate func range(of needle: String, from start: Index) -> Range<Index>? {
        let hay = self[start...].unicodeScalars
        let pattern = Array(needle.unicodeScalars)
        guard let head = pattern.first else { return nil }
        var index = hay.startIndex
        while index < hay.endIndex {
            if hay[index] == head {
                var a = index
                var matched = true
                for scalar in pattern {
                    guard a < hay.endIndex, hay[a] == scalar else {
                        matched = false
                        break
                    }
                    a = hay.index(after: a)
                }
                if matched { return index..<a }
            }
            index = hay.index(after: index)
        }
        return nil
    }
}
