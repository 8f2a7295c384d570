/// HTML and XML escaping of `&`, `<`, `>`, `"` and `'` over UTF-8 bytes, for the templates
/// (`{{% CONTENT_TYPE: MARKUP}}`), the text slots and the SVG charts.
enum MarkupEscape {
    static func escape(_ text: String) -> String {
        text.withUTF8Bytes { bytes in
            guard bytes.contains(where: needsEscape) else { return text }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            append(bytes, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
    }

    /// Appends `bytes` escaped to `out`, copying the runs between special characters whole.
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var run = 0
        for (index, byte) in bytes.enumerated() where needsEscape(byte) {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            default: out.append(contentsOf: "&#39;".utf8)
            }
            run = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
    }
}
