/// Line breaks, as enkat counts them for positions, and as libyaml counts them.
///
/// enkat reports positions as an editor shows them, and as YAML 1.2 defines line breaks: LF,
/// CRLF and a lone CR. libyaml follows YAML 1.1, which also breaks lines at NEL (U+0085), LINE
/// SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029). In a file holding none of those three
/// (nearly every file) libyaml's line and column are enkat's; otherwise ``LineMap`` converts.
enum LineBreaks {
    /// The byte offsets of every NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR in UTF-8 text.
    ///
    /// Eight bytes at a time are skipped when none of them is 0xC2 or 0xE2, the lead bytes of
    /// those characters (Swedish letters lead with 0xC3).
    static func yaml11Only(in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var offsets: [Int] = []
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return offsets }
        let count = bytes.count
        var index = 0
        while index < count {
            if index + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if !SWAR.hasByte(0xC2, in: word) && !SWAR.hasByte(0xE2, in: word) {
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if byte == 0xC2 || byte == 0xE2, breakLength(bytes, at: index, yaml11: true) > 0 {
                offsets.append(index)
            }
            index += 1
        }
        return offsets
    }

    /// The length in bytes of the line break that starts at `index`, counting LF, CRLF and
    /// a lone CR (enkat's line breaks) and, with `yaml11`, NEL, LINE SEPARATOR and PARAGRAPH
    /// SEPARATOR as well (libyaml's); 0 when there is none.
    @inline(__always)
    static func breakLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, yaml11: Bool = false) -> Int {
        switch bytes[index] {
        case 0x0A: return 1
        case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2 where yaml11 && index + 1 < bytes.count && bytes[index + 1] == 0x85: return 2
        case 0xE2 where yaml11 && index + 2 < bytes.count && bytes[index + 1] == 0x80
            && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9): return 3
        default: return 0
        }
    }

    /// The byte offset of the start of every line (LF, CRLF, lone CR, and with `yaml11` the
    /// three more of libyaml); the first is 0.
    static func lineStarts(in bytes: UnsafeBufferPointer<UInt8>, yaml11: Bool = false) -> [Int] {
        var starts = [0]
        var index = 0
        let base = UnsafeRawPointer(bytes.baseAddress)
        while index < bytes.count {
            // Eight bytes at a time while none can start a break (LF, CR, and with `yaml11`
            // the lead bytes of NEL, LS and PS).
            if let base, index + 8 <= bytes.count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if !SWAR.hasByte(0x0A, in: word) && !SWAR.hasByte(0x0D, in: word)
                    && !(yaml11 && (SWAR.hasByte(0xC2, in: word) || SWAR.hasByte(0xE2, in: word))) {
                    index += 8
                    continue
                }
            }
            let length = breakLength(bytes, at: index, yaml11: yaml11)
            if length > 0 {
                index += length
                starts.append(index)
            } else {
                index += 1
            }
        }
        return starts
    }
}

/// Converts libyaml's marks to enkat's positions in a file that holds NEL, LINE SEPARATOR or
/// PARAGRAPH SEPARATOR, where libyaml starts lines that enkat (and an editor) does not.
///
/// libyaml's `index` counts Unicode scalars from the start of its input, so the map keeps, for
/// each of enkat's lines, the scalar index at which it starts.
struct LineMap {
    private var lineStartScalars: [Int] = [0]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var scalars = 0
        var index = 0
        while index < bytes.count {
            let length = LineBreaks.breakLength(bytes, at: index)
            if length > 0 {
                index += length
                scalars += length
                lineStartScalars.append(scalars)
                continue
            }
            if bytes[index] & 0xC0 != 0x80 { scalars += 1 }
            index += 1
        }
    }

    /// The 1-based line and column of the scalar at `scalarIndex`.
    func location(ofScalar scalarIndex: Int) -> SourceLocation {
        // The last line start at or before the index.
        var low = 0, high = lineStartScalars.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if lineStartScalars[middle] <= scalarIndex { low = middle } else { high = middle }
        }
        return SourceLocation(line: low + 1, column: scalarIndex - lineStartScalars[low] + 1)
    }
}
