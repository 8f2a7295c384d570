/// A small JSON writer with a fixed key order, so output is byte-stable. Not shared
/// between tasks: make one per document. Shared by the diagnostics (`--format json`), the
/// report's JSON, `enkat status` and the quoting of YAML strings in response files.
public final class JSONWriter {
    /// What has been written, as UTF-8.
    public private(set) var utf8: [UInt8] = []
    private var needsComma = [false]

    /// What has been written.
    public var output: String { String(decoding: utf8, as: UTF8.self) }

    /// Creates an empty writer.
    public init() {}

    private func write(_ text: String) {
        utf8.append(contentsOf: text.utf8)
    }

    private func separator() {
        if needsComma[needsComma.count - 1] { utf8.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    /// Writes an object; `body` writes its fields.
    public func object(_ body: () -> Void) {
        container(UInt8(ascii: "{"), body, UInt8(ascii: "}"))
    }

    /// Writes an array; `body` writes its items.
    public func array(_ body: () -> Void) {
        container(UInt8(ascii: "["), body, UInt8(ascii: "]"))
    }

    /// An object or array: `open`, what `body` writes (commas between its members), `close`.
    @inline(__always)
    private func container(_ open: UInt8, _ body: () -> Void, _ close: UInt8) {
        separator()
        utf8.append(open)
        needsComma.append(false)
        body()
        needsComma.removeLast()
        utf8.append(close)
    }

    /// Writes a key; the next value written is its value.
    public func key(_ name: String) {
        separator()
        name.withUTF8Bytes { JSONWriter.appendQuoted($0, to: &utf8) }
        utf8.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    /// Writes a string value.
    public func value(_ text: String) {
        separator()
        text.withUTF8Bytes { JSONWriter.appendQuoted($0, to: &utf8) }
    }

    /// Writes an integer value.
    public func value(_ number: Int) {
        separator()
        write(String(number))
    }

    /// Writes a number: whole numbers without a decimal point.
    public func value(_ number: Double) {
        separator()
        if number == number.rounded(), abs(number) < 1e15 {
            write(String(Int(number)))
        } else {
            write(String(number))
        }
    }

    /// Writes a boolean.
    public func value(_ flag: Bool) {
        separator()
        write(flag ? "true" : "false")
    }

    /// Ends the document with a newline.
    public func newline() {
        utf8.append(UInt8(ascii: "\n"))
    }

    /// Writes `null`.
    public func null() {
        separator()
        write("null")
    }

    /// Writes `"name": text`.
    public func field(_ name: String, _ text: String) {
        key(name)
        value(text)
    }

    /// Writes `"name": number`.
    public func field(_ name: String, _ number: Int) {
        key(name)
        value(number)
    }

    /// Writes `"name": number`.
    public func field(_ name: String, _ number: Double) {
        key(name)
        value(number)
    }

    /// JSON string quoting; non-ASCII is written as is (UTF-8).
    public static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        text.withUTF8Bytes { appendQuoted($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `bytes` quoted to `out`, copying the runs between characters to escape whole.
    static func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let backslash = UInt8(ascii: "\\")
        out.append(UInt8(ascii: "\""))
        var run = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var width = 1
            let letter: UInt8?
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): letter = byte
            case UInt8(ascii: "\n"): letter = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): letter = UInt8(ascii: "r")
            case UInt8(ascii: "\t"): letter = UInt8(ascii: "t")
            case 0..<0x20, 0xE2:
                // Other control characters, and U+2028 and U+2029 (which end lines in
                // JavaScript), as `\u` escapes.
                let scalar: Int
                if byte < 0x20 {
                    scalar = Int(byte)
                } else if index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) {
                    scalar = bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029
                    width = 3
                } else {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                let hex = String(scalar, radix: 16)
                out.append(contentsOf: "\\u".utf8)
                out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 4 - hex.utf8.count))
                out.append(contentsOf: hex.utf8)
                index += width
                run = index
                continue
            default:
                index += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
            out.append(backslash)
            if let letter { out.append(letter) }
            index += width
            run = index
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
        out.append(UInt8(ascii: "\""))
    }
}
