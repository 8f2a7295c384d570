/// The lines of a source file, split only when a diagnostic needs a position inside a
/// multi-line scalar (a phone number on the fifth line of a block text).
///
/// Lines end at LF, CRLF or a lone CR, as everywhere in enkat's positions (see
/// ``LineBreaks``). Searching is over bytes and moves forward only, so locating every finding
/// of a long answer takes time in proportion to the answer.
final class SourceLines {
    private let bytes: [UInt8]
    /// The byte offset at which each line starts (line 1 after a byte order mark).
    private lazy var lineStarts: [Int] = bytes.withUnsafeBufferPointer { buffer in
        let bom = TextEncoding.utf8BOMLength(buffer)
        return LineBreaks.lineStarts(in: UnsafeBufferPointer(rebasing: buffer[bom...])).map { $0 + bom }
    }

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The positions of `needles` among the source lines that `node` spans, each searched for
    /// after the one before it (the needles come in the order they occur in the node's text).
    ///
    /// A needle that cannot be found (a folded scalar that joined it across lines, an escape
    /// in a quoted scalar) gets the node's own position, and the next is searched for from
    /// where the last one was found.
    func locate(_ needles: [String], within node: YAMLNode) -> [SourceLocation] {
        let first = max(node.location.line, 1)
        let last = min(max(node.endLocation.line, first), lineStarts.count)
        guard first <= last else { return needles.map { _ in node.location } }
        let end = last < lineStarts.count ? lineStarts[last] : bytes.count
        var cursor = lineStarts[first - 1]
        // The last position found, so that columns on one long line are counted once.
        var previous: (line: Int, offset: Int, column: Int)?
        return bytes.withUnsafeBufferPointer { buffer in
            needles.map { needle in
                let pattern = Array(needle.utf8)
                guard let at = Self.find(pattern, in: buffer, from: cursor, to: end) else { return node.location }
                let line = lineIndex(containing: at)
                var from = lineStarts[line], column = 1
                if let previous, previous.line == line, previous.offset <= at {
                    from = previous.offset
                    column = previous.column
                }
                for index in from..<at where buffer[index] & 0xC0 != 0x80 { column += 1 }
                previous = (line, at, column)
                cursor = at + pattern.count
                return SourceLocation(line: line + 1, column: column)
            }
        }
    }

    /// The 0-based line that holds the byte at `offset`.
    private func lineIndex(containing offset: Int) -> Int {
        var low = 0, high = lineStarts.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle }
        }
        return low
    }

    /// The first offset in `from..<to` at which `pattern` starts.
    private static func find(_ pattern: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard let head = pattern.first, to - from >= pattern.count else { return nil }
        var index = from
        let lastStart = to - pattern.count
        outer: while index <= lastStart {
            guard buffer[index] == head else {
                index += 1
                continue
            }
            for offset in 1..<pattern.count where buffer[index + offset] != pattern[offset] {
                index += 1
                continue outer
            }
            return index
        }
        return nil
    }
}
