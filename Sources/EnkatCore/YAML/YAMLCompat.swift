/// What libyaml accepts although YAML 1.2 does not, where that can hide a mistake in a
/// response: a `#` that libyaml takes for a comment without the space YAML requires before it
/// (`respondent: "falun"# x`, `[a, b]#`, `|#`), and continuation lines of a quoted text or a
/// `[…]` list that are not indented past their key, or indented with a tab. Each is reported as
/// a `yaml-compat` warning at its position: another YAML reader would reject the file or read
/// a different answer.
///
/// The check costs nothing in a file that has no `#` directly after another character and no
/// quoted or bracketed value over several lines.
struct YAMLCompat {
    /// A `#` right after a character that is not white space, with its scalar index as libyaml
    /// counts (`index` of a mark) and how many block-scalar indicator characters (`|`, `>`,
    /// digits, `+`, `-`) stand right before it.
    private struct Hash {
        var byte: Int
        var scalar: Int
        var indicatorRun: Int?
    }

    /// A scalar event's extent in libyaml's scalar indices.
    private struct Extent {
        var start: Int
        var end: Int
        var isBlock: Bool
    }

    private let body: UnsafeBufferPointer<UInt8>
    private var hashes: [Hash] = []
    private var extents: [Extent] = []
    /// libyaml's line starts (byte offsets), built when a multi-line value needs them.
    private var yaml11LineStarts: [Int]?
    /// Lines already reported (0-based, libyaml's), so a list is reported once per line.
    private var reportedLines: Set<Int> = []
    /// The findings: byte offset and message.
    private(set) var findings: [(byte: Int, message: LocalizedText)] = []

    /// Most findings reported per file.
    static let maxFindings = 20

    init(body: UnsafeBufferPointer<UInt8>) {
        self.body = body
        findHashes()
    }

    /// Whether scalar events must be recorded (there is a `#` to judge).
    var needsScalarExtents: Bool { !hashes.isEmpty }

    /// Records a scalar event's extent.
    mutating func scalar(start: Int, end: Int, isBlock: Bool) {
        extents.append(Extent(start: start, end: end, isBlock: isBlock))
    }

    /// Checks the continuation lines of a quoted scalar or a flow collection that spans
    /// libyaml's lines `firstLine...lastLine` (0-based) inside a block collection whose
    /// entries start at the 0-based column `indent`.
    mutating func multiLine(firstLine: Int, lastLine: Int, indent: Int) {
        guard lastLine > firstLine, findings.count < Self.maxFindings else { return }
        if yaml11LineStarts == nil { yaml11LineStarts = LineBreaks.lineStarts(in: body, yaml11: true) }
        guard let starts = yaml11LineStarts else { return }
        for line in (firstLine + 1)...min(lastLine, starts.count - 1) where !reportedLines.contains(line) {
            var index = starts[line]
            var spaces = 0
            while index < body.count, body[index] == 0x20 {
                spaces += 1
                index += 1
            }
            guard index < body.count, spaces <= indent else { continue }
            // A line of white space only is an empty line, whatever it holds.
            var content = index
            while content < body.count, body[content] == 0x20 || body[content] == 0x09 { content += 1 }
            guard content < body.count, body[content] != 0x0A, body[content] != 0x0D else { continue }
            let next = body[index]
            if next == 0x09 {
                reportedLines.insert(line)
                findings.append((index, LocalizedText(
                    sv: "raden är indragen med tabb; YAML kräver mellanslag, och andra program läser inte filen. Byt tabben mot mellanslag",
                    en: "the line is indented with a tab; YAML requires spaces, and other programs cannot read the file. Replace the tab with spaces")))
                return
            }
            reportedLines.insert(line)
            findings.append((index, LocalizedText(
                sv: "fortsättningsraden är inte indragen mer än nyckeln; enkat läser den, men andra YAML-program gör det inte. Dra in raden, eller skriv texten som block (`|` och texten indragen på raderna under)",
                en: "the continuation line is not indented past its key; enkat reads it, but other YAML programs do not. Indent the line, or write the text as a block (`|` with the text indented on the lines below)")))
            return
        }
    }

    /// Judges the `#` characters once all events are read: one outside every scalar, or in
    /// a block scalar's header, was taken as a comment.
    mutating func finish() {
        for hash in hashes where findings.count < Self.maxFindings {
            let comment: Bool
            if let extent = extent(containing: hash.scalar) {
                comment = extent.isBlock && hash.indicatorRun.map { extent.start == hash.scalar - $0 } == true
            } else {
                comment = true
            }
            guard comment else { continue }
            findings.append((hash.byte, LocalizedText(
                sv: "`#` inleder här en kommentar utan mellanslag före; YAML kräver ett mellanslag, och andra program läser inte filen. Skriv ett mellanslag före `#`, eller sätt texten inom citattecken om `#` hör till svaret",
                en: "`#` starts a comment here without a space before it; YAML requires one, and other programs cannot read the file. Put a space before `#`, or quote the text if `#` belongs to the answer")))
        }
    }

    private func extent(containing scalar: Int) -> Extent? {
        // The last extent starting at or before the index (events come in document order).
        var low = 0, high = extents.count
        while low < high {
            let middle = (low + high) / 2
            if extents[middle].start <= scalar { low = middle + 1 } else { high = middle }
        }
        guard low > 0, scalar < extents[low - 1].end else { return nil }
        return extents[low - 1]
    }

    /// Finds the first `#` of each line that stands right after a character that is not white
    /// space, and its scalar index. A `#` after one that follows white space is inside a
    /// comment (or a text) and is not judged.
    private mutating func findHashes() {
        guard let base = UnsafeRawPointer(body.baseAddress) else { return }
        let count = body.count
        var index = 0
        var counted = 0, scalars = 0  // scalars before byte `counted`
        var lineDone = false  // a `#` was seen on this line
        while index < count {
            if index + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if !SWAR.hasByte(0x23, in: word), !SWAR.hasByte(0x0A, in: word), !SWAR.hasByte(0x0D, in: word) {
                    index += 8
                    continue
                }
            }
            switch body[index] {
            case 0x0A, 0x0D:
                lineDone = false
            case 0x23 where !lineDone:
                lineDone = true
                if index > 0, !Self.isWhite(body[index - 1]) {
                    for byte in counted..<index where body[byte] & 0xC0 != 0x80 { scalars += 1 }
                    counted = index
                    hashes.append(Hash(byte: index, scalar: scalars, indicatorRun: indicatorRun(before: index)))
                }
            default:
                break
            }
            index += 1
        }
    }

    /// How many characters `|`/`>` followed by digits, `+` and `-` end right before `index`,
    /// when they are a block scalar's header.
    private func indicatorRun(before index: Int) -> Int? {
        var start = index
        while start > 0, [UInt8(ascii: "+"), UInt8(ascii: "-")].contains(body[start - 1]) || (0x30...0x39).contains(body[start - 1]) {
            start -= 1
        }
        guard start > 0, body[start - 1] == UInt8(ascii: "|") || body[start - 1] == UInt8(ascii: ">") else { return nil }
        return index - start + 1
    }

    private static func isWhite(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
