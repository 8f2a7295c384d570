/// A small XML pull reader over bytes, enough for the parts of an Office Open XML package:
/// elements (with namespace prefixes, left to the caller), attributes in `'` or `"`, the five
/// predefined entities and character references, CDATA sections, comments, processing
/// instructions and the XML declaration, in UTF-8 (or UTF-16, ISO-8859-1 or windows-1252,
/// transcoded first).
///
/// It checks what makes a document well formed — names, nesting, quoting, one root element,
/// characters XML allows, valid UTF-8 — and stops at the first error with its line. A
/// document type declaration (`<!DOCTYPE`) is refused outright: an Office package may not have
/// one (ECMA-376 part 2, M1.17), and without it no entity but the predefined ones exists, so
/// nothing is ever expanded or loaded. Nothing recurses; the open elements are a stack of
/// names, as deep as the document nests (callers bound the depth).
///
/// Line ends are normalized as XML requires (CR LF and CR alone read as LF), and attribute
/// values as for CDATA attributes (each literal tab, CR or LF is a space; character references
/// are kept as written).
struct XMLReader {
    /// What the reader reports, in document order.
    enum Event: Equatable {
        /// A start tag, with its qualified name and attributes in document order (namespace
        /// declarations, `xmlns` and `xmlns:…`, left out). A self-closing element is a
        /// `start` followed at once by its `end`.
        case start(name: String, attributes: [Attribute])
        /// An end tag, with its qualified name.
        case end(name: String)
        /// Character data inside the root element: a run of text with its references resolved,
        /// or a CDATA section. Adjacent runs are not joined. Only while `reportsText` is set.
        case text(String)
    }

    /// One attribute: its qualified name and its value, references resolved.
    struct Attribute: Equatable {
        var name: String
        var value: String
    }

    /// Why a document is not well formed, and the 1-based line where the reader found it.
    struct SyntaxError: Error, Equatable {
        var line: Int
        /// A short English description, for tests and debugging (users see the caller's message).
        var reason: String
    }

    /// Whether the next text is reported; when not, it is still checked, but no string is made.
    var reportsText = true

    private let bytes: [UInt8]
    private var position: Int
    private let documentStart: Int
    /// The qualified names of the open elements, innermost last.
    private var open: [String] = []
    /// The name of a self-closing element whose `end` is due.
    private var pendingEnd: String?
    /// Whether the root element has ended (nothing but comments, PIs and space may follow).
    private var rootClosed = false
    private var scratch: [UInt8] = []

    /// A reader of `document`, in any of the encodings above (UTF-8 unless a byte order mark,
    /// the first bytes or the XML declaration say otherwise).
    init(_ document: [UInt8]) throws(SyntaxError) {
        bytes = try Self.utf8(document)
        documentStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        position = documentStart
    }

    // MARK: - Events

    /// The next event, or `nil` at the end of a well-formed document.
    mutating func next() throws(SyntaxError) -> Event? {
        if let name = pendingEnd {
            pendingEnd = nil
            if open.isEmpty { rootClosed = true }
            return .end(name: name)
        }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(SyntaxError) -> Event? in
            var scanner = Scanner(bytes: buffer, position: position)
            defer { position = scanner.position }
            return try nextEvent(&scanner)
        }
    }

    private mutating func nextEvent(_ scanner: inout Scanner) throws(SyntaxError) -> Event? {
        while true {
            guard let byte = scanner.peek() else {
                if let name = open.last { throw scanner.error("the element <\(name)> is not closed") }
                if !rootClosed { throw scanner.error("no root element") }
                return nil
            }
            guard byte == UInt8(ascii: "<") else {
                if let text = try characterData(&scanner) { return .text(text) }
                continue
            }
            switch scanner.peek(1) {
            case UInt8(ascii: "/"):
                return try endTag(&scanner)
            case UInt8(ascii: "?"):
                try processingInstruction(&scanner)
            case UInt8(ascii: "!"):
                if scanner.consume("<!--") {
                    try scanner.skipComment()
                } else if scanner.consume("<![CDATA[") {
                    guard !open.isEmpty else { throw scanner.error("a CDATA section outside the root element") }
                    if let text = try scanner.cdata(reporting: reportsText, into: &scratch) { return .text(text) }
                } else if scanner.matches("<!DOCTYPE") {
                    throw scanner.error("a document type declaration (DTDs are not read)")
                } else {
                    throw scanner.error("markup that is not a comment or a CDATA section after <!")
                }
            default:
                return try startTag(&scanner)
            }
        }
    }

    private mutating func startTag(_ scanner: inout Scanner) throws(SyntaxError) -> Event {
        guard !(open.isEmpty && rootClosed) else { throw scanner.error("content after the root element") }
        scanner.position += 1
        let name = try scanner.name()
        var attributes: [Attribute] = []
        // Every qualified name so far, namespace declarations included: a list, a set when many.
        var names: [String] = []
        var nameSet: Set<String>?
        while true {
            let spaced = scanner.skipWhitespace()
            guard let byte = scanner.peek() else { throw scanner.error("the start tag <\(name)> is not finished") }
            if byte == UInt8(ascii: ">") {
                scanner.position += 1
                open.append(name)
                return .start(name: name, attributes: attributes)
            }
            if byte == UInt8(ascii: "/") {
                guard scanner.peek(1) == UInt8(ascii: ">") else { throw scanner.error("“/” without “>” in the start tag <\(name)>") }
                scanner.position += 2
                pendingEnd = name
                return .start(name: name, attributes: attributes)
            }
            guard spaced else { throw scanner.error("no space before an attribute of <\(name)>") }
            let attribute = try scanner.name()
            scanner.skipWhitespace()
            guard scanner.consume("=") else { throw scanner.error("the attribute \(attribute) of <\(name)> has no value") }
            scanner.skipWhitespace()
            let value = try scanner.attributeValue(into: &scratch)
            let duplicate = nameSet?.contains(attribute) ?? names.contains(attribute)
            guard !duplicate else { throw scanner.error("the attribute \(attribute) twice in <\(name)>") }
            if nameSet != nil {
                nameSet?.insert(attribute)
            } else {
                names.append(attribute)
                if names.count > 16 { nameSet = Set(names) }
            }
            if attribute != "xmlns" && !attribute.utf8.starts(with: "xmlns:".utf8) {
                attributes.append(Attribute(name: attribute, value: value))
            }
        }
    }

    private mutating func endTag(_ scanner: inout Scanner) throws(SyntaxError) -> Event {
        scanner.position += 2
        let name = try scanner.name()
        scanner.skipWhitespace()
        guard scanner.consume(">") else { throw scanner.error("the end tag </\(name)> is not finished") }
        guard let expected = open.last else { throw scanner.error("the end tag </\(name)> without a start tag") }
        guard expected == name else { throw scanner.error("the end tag </\(name)> closes <\(expected)>") }
        open.removeLast()
        if open.isEmpty { rootClosed = true }
        return .end(name: name)
    }

    /// A processing instruction, or the XML declaration at the very start.
    private mutating func processingInstruction(_ scanner: inout Scanner) throws(SyntaxError) {
        let start = scanner.position
        scanner.position += 2
        let target = try scanner.name()
        if target.lowercased() == "xml" {
            guard start == documentStart, target == "xml" else {
                throw scanner.error("an XML declaration that is not at the start of the document")
            }
            try scanner.declaration()
            return
        }
        if scanner.consume("?>") { return }
        guard scanner.skipWhitespace() else { throw scanner.error("no space after the target of a processing instruction") }
        try scanner.skip(until: "?>", what: "processing instruction")
    }

    /// Text up to the next `<`: checked, and made a string when it is reported.
    private mutating func characterData(_ scanner: inout Scanner) throws(SyntaxError) -> String? {
        guard !open.isEmpty else {
            // Between the prolog's and epilog's markup only white space may stand.
            guard scanner.skipWhitespace() else {
                throw scanner.error(rootClosed ? "content after the root element" : "text before the root element")
            }
            return nil
        }
        return try scanner.text(reporting: reportsText, into: &scratch)
    }

    // MARK: - Encodings

    /// The document in UTF-8: as it is, or transcoded from UTF-16 (by its byte order mark or
    /// its first characters) or from the 8-bit encoding its XML declaration names.
    static func utf8(_ document: [UInt8]) throws(SyntaxError) -> [UInt8] {
        let start = document.prefix(4)
        if start.starts(with: [0xFF, 0xFE]) || start.starts(with: [0x3C, 0x00, 0x3F, 0x00]) {
            return try fromUTF16(document, bigEndian: false)
        }
        if start.starts(with: [0xFE, 0xFF]) || start.starts(with: [0x00, 0x3C, 0x00, 0x3F]) {
            return try fromUTF16(document, bigEndian: true)
        }
        if start.starts(with: [0xEF, 0xBB, 0xBF]) { return document }
        switch declaredEncoding(document)?.uppercased() {
        case nil, "UTF-8", "UTF8", "US-ASCII", "ASCII", "UTF-16", "UTF16":
            // UTF-16 declared over 8-bit bytes: libxml2 reads it as UTF-8 too.
            return document
        case "ISO-8859-1", "ISO8859-1", "ISO_8859-1", "LATIN1", "LATIN-1", "ISO-LATIN-1", "L1":
            return fromSingleByte(document, windows1252: false)
        case "WINDOWS-1252", "CP1252":
            return fromSingleByte(document, windows1252: true)
        default:
            throw SyntaxError(line: 1, reason: "an encoding the reader does not know")
        }
    }

    /// The `encoding` of an XML declaration at the start of an 8-bit document.
    private static func declaredEncoding(_ document: [UInt8]) -> String? {
        guard document.starts(with: "<?xml".utf8) else { return nil }
        let head = document.prefix(256)
        guard let end = head.dropFirst(2).firstIndex(of: UInt8(ascii: "?")).map({ head[..<$0] }),
            let declaration = String(validating: end, as: UTF8.self),
            let key = declaration.range(of: "encoding")
        else { return nil }
        let rest = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote })
    }

    private static func fromUTF16(_ document: [UInt8], bigEndian: Bool) throws(SyntaxError) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(document.count / 2)
        var index = 0
        while index + 1 < document.count {
            let pair = (UInt16(document[index]), UInt16(document[index + 1]))
            units.append(bigEndian ? pair.0 << 8 | pair.1 : pair.1 << 8 | pair.0)
            index += 2
        }
        if units.first == 0xFEFF { units.removeFirst() }
        var result: [UInt8] = []
        result.reserveCapacity(units.count)
        var line = 1
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1 }
                result.append(contentsOf: UTF8.encode(scalar)!)
            case .emptyInput:
                break loop
            case .error:
                throw SyntaxError(line: line, reason: "invalid UTF-16")
            }
        }
        guard document.count % 2 == 0 else { throw SyntaxError(line: line, reason: "an odd number of bytes of UTF-16") }
        return result
    }

    private static func fromSingleByte(_ document: [UInt8], windows1252: Bool) -> [UInt8] {
        // windows-1252's 0x80–0x9F; its five unassigned bytes read as the C1 controls they are
        // in ISO-8859-1 (and are then refused as characters XML does not allow).
        let high: [UInt16] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
            0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
        ]
        var result: [UInt8] = []
        result.reserveCapacity(document.count + document.count / 8)
        for byte in document {
            if byte < 0x80 {
                result.append(byte)
            } else {
                let value = windows1252 && byte < 0xA0 ? UInt32(high[Int(byte - 0x80)]) : UInt32(byte)
                result.append(contentsOf: UTF8.encode(Unicode.Scalar(value)!)!)
            }
        }
        return result
    }
}

// MARK: - Scanning

/// The reader's cursor over the document's UTF-8 bytes: each function consumes one construct
/// and checks every byte it passes.
private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    /// An error at the current position, with its line (LF, CR LF and CR each end one).
    func error(_ reason: String) -> XMLReader.SyntaxError {
        var line = 1
        var index = 0
        let end = min(position, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) { line += 1 }
            index += 1
        }
        return XMLReader.SyntaxError(line: line, reason: reason)
    }

    func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let start = literal.utf8Start
        for offset in 0..<count where bytes[position + offset] != start[offset] { return false }
        return true
    }

    mutating func consume(_ literal: StaticString) -> Bool {
        guard matches(literal) else { return false }
        position += literal.utf8CodeUnitCount
        return true
    }

    /// Skips XML white space; whether there was any.
    @discardableResult
    mutating func skipWhitespace() -> Bool {
        let start = position
        while position < bytes.count, Self.isWhitespace(bytes[position]) { position += 1 }
        return position > start
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    /// The scalar at the current position and its length in bytes, if it is valid UTF-8 (no
    /// overlong forms, no surrogates, nothing past U+10FFFF).
    func scalar() -> (value: UInt32, length: Int)? {
        guard let first = peek() else { return nil }
        if first < 0x80 { return (UInt32(first), 1) }
        let length: Int
        let minimum: UInt32
        var value: UInt32
        switch first {
        case 0xC2...0xDF: (length, minimum, value) = (2, 0x80, UInt32(first & 0x1F))
        case 0xE0...0xEF: (length, minimum, value) = (3, 0x800, UInt32(first & 0x0F))
        case 0xF0...0xF4: (length, minimum, value) = (4, 0x10000, UInt32(first & 0x07))
        default: return nil
        }
        guard position + length <= bytes.count else { return nil }
        for offset in 1..<length {
            let byte = bytes[position + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return nil }
        return (value, length)
    }

    /// Whether XML allows the character at all (its `Char` production).
    static func isCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// Consumes one character that is not ASCII, checking it.
    mutating func nonASCII() throws(XMLReader.SyntaxError) {
        guard let (value, length) = scalar() else { throw error("bytes that are not UTF-8") }
        guard Self.isCharacter(value) else { throw error("a character XML does not allow") }
        position += length
    }

    // MARK: Names

    static func isNameStart(_ value: UInt32) -> Bool {
        switch value {
        case 0x41...0x5A, 0x61...0x7A, 0x5F, 0x3A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF,
            0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD,
            0x10000...0xEFFFF:
            true
        default: false
        }
    }

    static func isNameCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x2D, 0x2E, 0x30...0x39, 0xB7, 0x300...0x36F, 0x203F...0x2040: true
        default: isNameStart(value)
        }
    }

    /// An XML name (prefix and colon included).
    mutating func name() throws(XMLReader.SyntaxError) -> String {
        let start = position
        while let (value, length) = scalar() {
            guard position == start ? Self.isNameStart(value) : Self.isNameCharacter(value) else { break }
            position += length
        }
        guard position > start else {
            if let byte = peek(), byte >= 0x80, scalar() == nil { throw error("bytes that are not UTF-8") }
            throw error(peek() == nil ? "the document ends inside a tag" : "a name was expected")
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    // MARK: Character data

    /// Character data up to the next `<` (or the end): references resolved, line ends
    /// normalized, `]]>` refused. A string only when `reporting`.
    mutating func text(reporting: Bool, into scratch: inout [UInt8]) throws(XMLReader.SyntaxError) -> String? {
        let start = position
        var plain = true  // no reference or CR so far: the bytes are the text
        scratch.removeAll(keepingCapacity: true)
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "<"):
                break
            case UInt8(ascii: "&"):
                if plain && reporting { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position])) }
                plain = false
                try reference(into: &scratch, reporting: reporting)
                continue
            case 0x0D:
                if plain && reporting { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position])) }
                plain = false
                position += 1
                if peek() == 0x0A { position += 1 }
                if reporting { scratch.append(0x0A) }
                continue
            case UInt8(ascii: "]"):
                if matches("]]>") { throw error("“]]>” in text") }
                position += 1
                if !plain && reporting { scratch.append(byte) }
                continue
            case 0x20..<0x80, 0x09, 0x0A:
                position += 1
                if !plain && reporting { scratch.append(byte) }
                continue
            case 0x80...:
                let from = position
                try nonASCII()
                if !plain && reporting { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<position])) }
                continue
            default:
                throw error("a control character XML does not allow")
            }
            break
        }
        guard reporting, position > start else { return nil }
        if plain { return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self) }
        return String(decoding: scratch, as: UTF8.self)
    }

    /// A reference after `&`: one of the five predefined entities or a character reference.
    mutating func reference(into scratch: inout [UInt8], reporting: Bool) throws(XMLReader.SyntaxError) {
        position += 1
        if peek() == UInt8(ascii: "#") {
            position += 1
            let hex = peek() == UInt8(ascii: "x")
            if hex { position += 1 }
            var value: UInt32 = 0
            var digits = 0
            while let byte = peek(), byte != UInt8(ascii: ";") {
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw error("a character reference that is not a number")
                }
                value = value * (hex ? 16 : 10) + digit
                digits += 1
                guard value <= 0x10FFFF else { throw error("a character reference beyond U+10FFFF") }
                position += 1
            }
            guard digits > 0, consume(";") else { throw error("a character reference without its “;”") }
            guard Self.isCharacter(value), let scalar = Unicode.Scalar(value) else {
                throw error("a character reference to a character XML does not allow")
            }
            if reporting { scratch.append(contentsOf: UTF8.encode(scalar)!) }
            return
        }
        let replacement: UInt8
        if consume("lt;") {
            replacement = UInt8(ascii: "<")
        } else if consume("gt;") {
            replacement = UInt8(ascii: ">")
        } else if consume("amp;") {
            replacement = UInt8(ascii: "&")
        } else if consume("apos;") {
            replacement = UInt8(ascii: "'")
        } else if consume("quot;") {
            replacement = UInt8(ascii: "\"")
        } else {
            throw error("an entity other than the five XML predefines, or a bare “&”")
        }
        if reporting { scratch.append(replacement) }
    }

    /// An attribute value in quotes: references resolved, each literal white-space character a space.
    mutating func attributeValue(into scratch: inout [UInt8]) throws(XMLReader.SyntaxError) -> String {
        guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            throw error("an attribute value that is not in quotes")
        }
        position += 1
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard let byte = peek() else { throw error("the document ends inside an attribute value") }
            switch byte {
            case quote:
                position += 1
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "<"):
                throw error("“<” in an attribute value")
            case UInt8(ascii: "&"):
                try reference(into: &scratch, reporting: true)
            case 0x0D:
                position += 1
                if peek() == 0x0A { position += 1 }
                scratch.append(0x20)
            case 0x09, 0x0A:
                position += 1
                scratch.append(0x20)
            case 0x20..<0x80:
                position += 1
                scratch.append(byte)
            case 0x80...:
                let from = position
                try nonASCII()
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<position]))
            default:
                throw error("a control character XML does not allow")
            }
        }
    }

    /// A CDATA section's content, after `<![CDATA[`, with line ends normalized.
    mutating func cdata(reporting: Bool, into scratch: inout [UInt8]) throws(XMLReader.SyntaxError) -> String? {
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard let byte = peek() else { throw error("the document ends inside a CDATA section") }
            if byte == UInt8(ascii: "]") && consume("]]>") { break }
            let from = position
            try character()
            if reporting {
                if byte == 0x0D {
                    scratch.append(0x0A)
                    if peek() == 0x0A { position += 1 }
                } else {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<position]))
                }
            }
        }
        return reporting && !scratch.isEmpty ? String(decoding: scratch, as: UTF8.self) : nil
    }

    /// Consumes one character that XML allows.
    mutating func character() throws(XMLReader.SyntaxError) {
        guard let byte = peek() else { throw error("the document ends too early") }
        if byte >= 0x80 { return try nonASCII() }
        guard byte >= 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else {
            throw error("a control character XML does not allow")
        }
        position += 1
    }

    /// A comment's content after `<!--`, up to and with `-->`; `--` may not stand inside.
    mutating func skipComment() throws(XMLReader.SyntaxError) {
        while true {
            guard peek() != nil else { throw error("the document ends inside a comment") }
            if matches("--") {
                guard consume("-->") else { throw error("“--” inside a comment") }
                return
            }
            try character()
        }
    }

    /// Checked characters up to and with `terminator`.
    mutating func skip(until terminator: StaticString, what: String) throws(XMLReader.SyntaxError) {
        while !consume(terminator) {
            guard peek() != nil else { throw error("the document ends inside a \(what)") }
            try character()
        }
    }

    /// The rest of an XML declaration after `<?xml`: `version`, then `encoding` and
    /// `standalone` if present, in that order, and `?>`.
    mutating func declaration() throws(XMLReader.SyntaxError) {
        var names: [String] = []
        while true {
            let spaced = skipWhitespace()
            if consume("?>") { break }
            guard spaced else { throw error("a malformed XML declaration") }
            let name = try self.name()
            skipWhitespace()
            guard consume("=") else { throw error("a malformed XML declaration") }
            skipWhitespace()
            var scratch: [UInt8] = []
            let value = try attributeValue(into: &scratch)
            switch name {
            case "version" where names.isEmpty && !value.isEmpty && value.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || (0x30...0x39).contains($0) }):
                break
            case "encoding" where names == ["version"] && !value.isEmpty:
                break
            case "standalone" where names.last != "standalone" && names.first == "version" && (value == "yes" || value == "no"):
                break
            default:
                throw error("a malformed XML declaration")
            }
            names.append(name)
        }
        guard names.first == "version" else { throw error("an XML declaration without a version") }
    }
}
