/// Free texts set into a rendered report after the template has run.
///
/// A large compilation holds megabytes of answers. Handing them to swift-mustache would copy
/// every answer once per nesting level of the template (each section renders to a string
/// that its parent appends) and escape it character by character. Instead the template sees
/// a short marker per line or paragraph of an answer (`U+E000`, a number, `U+E001`, all
/// private-use characters that no escaping touches), and `splice` writes the final bytes in
/// one pass: the template's output with each marker replaced by its text, escaped for the
/// format. Answers are therefore always escaped, even in a `{{{triple}}}` tag.
final class TextSlots {
    /// Lines of one text (byte ranges), written one after another with a space between.
    struct Piece {
        var text: Int
        var lines: [Range<Int>]
    }

    private(set) var texts: [String] = []
    private(set) var pieces: [Piece] = []

    /// Adds a text; returns its number.
    func add(_ text: String) -> Int {
        texts.append(text)
        return texts.count - 1
    }

    /// The marker for the given lines of text number `text`.
    func marker(text: Int, lines: [Range<Int>]) -> String {
        pieces.append(Piece(text: text, lines: lines))
        return "\u{E000}\(pieces.count - 1)\u{E001}"
    }

    /// `text` without the characters markers are made of (U+E000, U+E001): a value from
    /// anywhere else (a survey's wording, a chart) must not pass for a marker.
    static func withoutMarkerCharacters(_ text: String) -> String {
        let found = text.withUTF8Bytes { bytes in
            var index = 0
            while index + 2 < bytes.count {
                if bytes[index] == 0xEE && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0x80 || bytes[index + 2] == 0x81) {
                    return true
                }
                index += 1
            }
            return false
        }
        guard found else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\u{E000}" && $0 != "\u{E001}" }))
    }

    /// `rendered` with every marker replaced by its text, escaped with `escape`.
    func splice(_ rendered: String, escape: (UnsafeBufferPointer<UInt8>, inout [UInt8]) -> Void) -> [UInt8] {
        rendered.withUTF8Bytes { skeleton in
            var out: [UInt8] = []
            out.reserveCapacity(skeleton.count + texts.reduce(0) { $0 + $1.utf8.count } * 11 / 10)
            var copied = 0
            var index = 0
            let count = skeleton.count
            while index + 2 < count {
                guard skeleton[index] == 0xEE, skeleton[index + 1] == 0x80, skeleton[index + 2] == 0x80,
                      let (piece, end) = markerNumber(skeleton, after: index + 3), piece < pieces.count else {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: skeleton[copied..<index]))
                let slot = pieces[piece]
                texts[slot.text].withUTF8Bytes { text in
                    for (number, line) in slot.lines.enumerated() {
                        if number > 0 { out.append(0x20) }
                        escape(UnsafeBufferPointer(rebasing: text[line]), &out)
                    }
                }
                index = end
                copied = end
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: skeleton[copied..<count]))
            return out
        }
    }

    /// The number after a marker's start and the offset after its end, if a whole marker
    /// stands there.
    private func markerNumber(_ bytes: UnsafeBufferPointer<UInt8>, after start: Int) -> (Int, Int)? {
        var number = 0
        var index = start
        while index < bytes.count, index - start < 9, (0x30...0x39).contains(bytes[index]) {
            number = number * 10 + Int(bytes[index] - 0x30)
            index += 1
        }
        guard index > start, index + 2 < bytes.count, bytes[index] == 0xEE, bytes[index + 1] == 0x80, bytes[index + 2] == 0x81 else {
            return nil
        }
        return (number, index + 3)
    }
}
