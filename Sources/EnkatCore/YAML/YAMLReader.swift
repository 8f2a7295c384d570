internal import CYAML

/// Limits that keep a hostile or broken file from taking enkat down: every YAML file enkat
/// reads (responses, survey definitions, the registry) is held to them, and each one exceeded
/// stops the file with a `yaml-limit` error that names it.
///
/// A real response is under 100 KB with a few hundred keys and a text of at most a few
/// thousand characters per answer, so the defaults leave a wide margin; the largest input
/// they let through is still checked in well under two seconds.
public struct YAMLLimits: Sendable {
    /// Largest file accepted, in bytes.
    public var maxFileBytes: Int
    /// Deepest nesting of mappings and sequences.
    public var maxDepth: Int
    /// Most nodes a document may have once aliases are expanded (a "billion laughs" file
    /// reaches this after a few levels and stops at once).
    public var maxExpandedNodes: Int
    /// Most keys in one mapping.
    public var maxKeys: Int
    /// Longest single value (scalar), in bytes.
    public var maxScalarBytes: Int

    /// Creates limits.
    public init(maxFileBytes: Int = 4 << 20, maxDepth: Int = 64, maxExpandedNodes: Int = 100_000,
                maxKeys: Int = 10_000, maxScalarBytes: Int = 1 << 20) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.maxExpandedNodes = maxExpandedNodes
        self.maxKeys = maxKeys
        self.maxScalarBytes = maxScalarBytes
    }

    /// The defaults: 4 MiB, depth 64, 100 000 nodes, 10 000 keys per mapping, 1 MiB per value.
    public static let `default` = YAMLLimits()
}

/// The outcome of reading one YAML file: a root node when the file could be read, and every
/// problem found on the way (syntax, encoding, duplicate keys, limits).
public struct YAMLDocument: Sendable {
    /// The root node, or `nil` when the file could not be parsed at all.
    public var root: YAMLNode?
    /// Problems found while reading.
    public var diagnostics: [Diagnostic]
}

/// Reads YAML through libyaml's event API into an immutable ``YAMLNode`` tree.
public enum YAMLReader {
    /// Parses `bytes` (the whole file) as one YAML document.
    ///
    /// - Parameters:
    ///   - bytes: the file's content.
    ///   - file: the file name used in diagnostics.
    ///   - limits: size, depth and alias-expansion limits.
    public static func parse(_ bytes: [UInt8], file: String, limits: YAMLLimits = .default) -> YAMLDocument {
        if bytes.count > limits.maxFileBytes {
            return YAMLDocument(root: nil, diagnostics: [
                Diagnostic(
                    file: file, location: .start, severity: .error, code: .yamlLimit,
                    message: LocalizedText(
                        sv: "filen är \(bytes.count) byte, mer än gränsen \(limits.maxFileBytes) byte; ett enkätsvar är aldrig så stort. Kontrollera att det är rätt fil",
                        en: "the file is \(bytes.count) bytes, more than the limit of \(limits.maxFileBytes) bytes; a response is never that large. Check that this is the right file"),
                    measured: Double(bytes.count), limit: Double(limits.maxFileBytes)),
            ])
        }
        return bytes.withUnsafeBufferPointer { buffer in
            // libyaml validates UTF-8 as it reads, so a clean file is scanned only once. When
            // libyaml stops, enkat's own scan explains an encoding problem: the byte offset,
            // and whether the file is Windows-1252 or UTF-16 and how to convert it.
            func encodingProblem() -> YAMLDocument? {
                TextEncoding.check(buffer).map { problem in
                    YAMLDocument(root: nil, diagnostics: [
                        Diagnostic(file: file, location: problem.location, severity: .error, code: .encoding, message: problem.message),
                    ])
                }
            }
            let bom = TextEncoding.utf8BOMLength(buffer)
            let body = UnsafeBufferPointer(rebasing: buffer[bom...])
            let yaml11Breaks = LineBreaks.yaml11Only(in: body)
            let lineMap = yaml11Breaks.isEmpty ? nil : LineMap(body)
            var builder = TreeBuilder(file: file, limits: limits, body: body, lineMap: lineMap)
            guard !body.isEmpty else { return encodingProblem() ?? builder.emptyDocument() }
            let parser = EventParser(body, lineMap: lineMap)
            var document = builder.build(from: parser)
            if document.diagnostics.contains(where: { $0.code == .yamlSyntax }), let problem = encodingProblem() {
                return problem
            }
            // libyaml ends the stream on a line of its own: a problem found there, in a file
            // whose last line has no line break, would point past the end of the file.
            if !document.diagnostics.isEmpty, let last = body.last, last != 0x0A, last != 0x0D {
                let end = Self.endOfText(body)
                document.diagnostics = document.diagnostics.map { diagnostic in
                    var diagnostic = diagnostic
                    diagnostic.location = min(diagnostic.location, end)
                    return diagnostic
                }
            }
            if let first = yaml11Breaks.first, let lineMap {
                document.diagnostics.append(Self.yaml11Break(at: first, count: yaml11Breaks.count, body: body, lineMap: lineMap, file: file))
            }
            return document
        }
    }

    /// The position just after the last character of `body`.
    private static func endOfText(_ body: UnsafeBufferPointer<UInt8>) -> SourceLocation {
        let starts = LineBreaks.lineStarts(in: body)
        let lastStart = starts.last ?? 0
        let column = body[lastStart...].reduce(1) { $1 & 0xC0 != 0x80 ? $0 + 1 : $0 }
        return SourceLocation(line: starts.count, column: column)
    }

    /// The warning for NEL, LINE SEPARATOR or PARAGRAPH SEPARATOR: libyaml breaks lines there,
    /// YAML 1.2 and editors do not, so the file's answers read differently elsewhere.
    private static func yaml11Break(at byte: Int, count: Int, body: UnsafeBufferPointer<UInt8>, lineMap: LineMap, file: String) -> Diagnostic {
        var scalar = 0
        for index in 0..<byte where body[index] & 0xC0 != 0x80 { scalar += 1 }
        let name = body[byte] == 0xC2 ? "U+0085 (NEL)" : body[byte + 2] == 0xA8 ? "U+2028 (LINE SEPARATOR)" : "U+2029 (PARAGRAPH SEPARATOR)"
        let more = count > 1 ? LocalizedText(sv: " (och \(count - 1) till)", en: " (and \(count - 1) more)") : LocalizedText(sv: "", en: "")
        return Diagnostic(
            file: file, location: lineMap.location(ofScalar: scalar), severity: .warning, code: .yamlCompat,
            message: LocalizedText(
                sv: "filen innehåller tecknet \(name)\(more.sv), som libyaml läser som radbrytning men redigerare och andra YAML-program inte gör; texten kan då läsas olika. Byt det mot en vanlig radbrytning",
                en: "the file holds the character \(name)\(more.en), which libyaml reads as a line break but editors and other YAML programs do not; the text may then read differently. Replace it with an ordinary line break"))
    }
}

/// Owns one heap-allocated libyaml parser (libyaml keeps a pointer to the parser inside the
/// parser, so it must never move) and frees it in `deinit`.
private final class EventParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private var event = yaml_event_t()
    private var hasEvent = false

    private let lineMap: LineMap?

    /// `input` must stay valid for the parser's lifetime; `lineMap` converts positions in a
    /// file where libyaml breaks lines that enkat does not.
    init(_ input: UnsafeBufferPointer<UInt8>, lineMap: LineMap?) {
        self.lineMap = lineMap
        parser = .allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        // The caller never passes empty input, so the base address exists.
        yaml_parser_set_input_string(parser, input.baseAddress!, input.count)
    }

    deinit {
        if hasEvent { yaml_event_delete(&event) }
        yaml_parser_delete(parser)
        parser.deallocate()
    }

    /// Advances to the next event, or returns `false` on a syntax error.
    func next() -> Bool {
        if hasEvent {
            yaml_event_delete(&event)
            hasEvent = false
        }
        guard yaml_parser_parse(parser, &event) == 1 else { return false }
        hasEvent = true
        return true
    }

    var type: yaml_event_type_t { event.type }

    var start: SourceLocation { location(event.start_mark) }
    var end: SourceLocation { location(event.end_mark) }
    /// libyaml's own marks: scalar index and 0-based line (YAML 1.1's lines).
    var startMark: (index: Int, line: Int) { (Int(event.start_mark.index), Int(event.start_mark.line)) }
    var endMark: (index: Int, line: Int) { (Int(event.end_mark.index), Int(event.end_mark.line)) }
    /// libyaml's 0-based column of the event's start.
    var startColumn: Int { Int(event.start_mark.column) }
    /// The byte length of the current scalar's value.
    var scalarLength: Int { event.data.scalar.length }
    /// Whether the collection that starts here is written in flow style (`[…]`, `{…}`).
    var isFlowCollection: Bool {
        event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
            : event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
    }

    /// The scalar's text, copied out at once by its length.
    var scalarValue: String {
        let scalar = event.data.scalar
        guard let value = scalar.value, scalar.length > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: value, count: scalar.length), as: UTF8.self)
    }

    var scalarStyle: ScalarStyle {
        switch event.data.scalar.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    var anchor: String? {
        let pointer: UnsafeMutablePointer<yaml_char_t>? =
            switch event.type {
            case YAML_SCALAR_EVENT: event.data.scalar.anchor
            case YAML_SEQUENCE_START_EVENT: event.data.sequence_start.anchor
            case YAML_MAPPING_START_EVENT: event.data.mapping_start.anchor
            case YAML_ALIAS_EVENT: event.data.alias.anchor
            default: nil
            }
        return pointer.map { String(cString: $0) }
    }

    /// libyaml's error, located.
    var problem: (message: String, location: SourceLocation, context: String?) {
        let message = parser.pointee.problem.map { String(cString: $0) } ?? "unknown error"
        let context = parser.pointee.context.map { String(cString: $0) }
        return (message, location(parser.pointee.problem_mark), context)
    }

    /// The one place where libyaml's 0-based marks become enkat's 1-based locations.
    /// libyaml counts columns in Unicode scalars; its lines are enkat's unless the file holds
    /// NEL, LINE SEPARATOR or PARAGRAPH SEPARATOR (see ``LineBreaks``).
    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        if let lineMap { return lineMap.location(ofScalar: Int(mark.index)) }
        return SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }
}

/// Turns events into nodes, checking duplicate keys and the limits as it goes.
private struct TreeBuilder {
    private enum Container {
        case sequence([YAMLNode])
        case mapping([YAMLPair], pendingKey: (text: String, location: SourceLocation, duplicate: Bool)?)
    }

    private struct Frame {
        var container: Container
        var start: SourceLocation
        var anchor: String?
        var nodesAtStart: Int
        /// Written as `[…]` or `{…}`.
        var isFlow: Bool
        /// libyaml's start mark, 0-based: the line for the multi-line check, the column for
        /// the entries' indent.
        var startMark: (line: Int, column: Int)
        /// The keys of a large mapping with their positions, so that a duplicate is found
        /// without comparing every key with every other (built at `indexedKeysFrom` keys).
        var keyIndex: [String: SourceLocation]?
    }

    /// A mapping with more keys than this looks its keys up in a dictionary.
    private static let indexedKeysFrom = 16

    let file: String
    let limits: YAMLLimits
    private let body: UnsafeBufferPointer<UInt8>
    private let lineMap: LineMap?
    private var compat: YAMLCompat
    private var stack: [Frame] = []
    private var root: YAMLNode?
    private var anchors: [String: (node: YAMLNode, weight: Int)] = [:]
    private var expandedNodes = 0
    private var diagnostics: [Diagnostic] = []
    private var documents = 0

    init(file: String, limits: YAMLLimits, body: UnsafeBufferPointer<UInt8>, lineMap: LineMap?) {
        self.file = file
        self.limits = limits
        self.body = body
        self.lineMap = lineMap
        self.compat = YAMLCompat(body: body)
    }

    /// The 0-based column at which the enclosing block collection's entries start, or `nil`
    /// inside a flow collection (whose own lines are checked) and at the top level.
    private var blockIndent: Int? {
        guard let frame = stack.last, !stack.contains(where: \.isFlow) else { return nil }
        return frame.startMark.column
    }

    private enum Stop: Error { case failed }

    mutating func build(from parser: EventParser) -> YAMLDocument {
        do {
            while true {
                guard parser.next() else {
                    syntaxError(parser.problem)
                    throw Stop.failed
                }
                switch parser.type {
                case YAML_STREAM_END_EVENT:
                    if root == nil && documents == 0 { emptyFile() }
                    compat.finish()
                    reportCompat()
                    return YAMLDocument(root: root, diagnostics: diagnostics)
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 {
                        fail(at: parser.start, code: .yamlSyntax, LocalizedText(
                            sv: "filen innehåller mer än ett YAML-dokument (`---`); ett svar per fil",
                            en: "the file holds more than one YAML document (`---`); one response per file"))
                        throw Stop.failed
                    }
                case YAML_SCALAR_EVENT:
                    if parser.scalarLength > limits.maxScalarBytes {
                        fail(at: parser.start, code: .yamlLimit, LocalizedText(
                            sv: "ett värde är \(parser.scalarLength) byte, mer än gränsen \(limits.maxScalarBytes) byte; ett fritextsvar är högst några tusen tecken. Kontrollera att det är rätt fil",
                            en: "a value is \(parser.scalarLength) bytes, more than the limit of \(limits.maxScalarBytes) bytes; a free-text answer is at most a few thousand characters. Check that this is the right file"))
                        throw Stop.failed
                    }
                    let text = parser.scalarValue
                    let style = parser.scalarStyle
                    let (startMark, endMark) = (parser.startMark, parser.endMark)
                    if compat.needsScalarExtents {
                        compat.scalar(start: startMark.index, end: endMark.index, isBlock: style == .literal || style == .folded)
                    }
                    if style == .singleQuoted || style == .doubleQuoted, let indent = blockIndent {
                        compat.multiLine(firstLine: startMark.line, lastLine: endMark.line, indent: indent)
                    }
                    let isNull = style == .plain && Self.isNullText(text)
                    let node = YAMLNode(isNull ? .null : .scalar(text, style), at: parser.start, end: parser.end)
                    try count(1, at: parser.start)
                    if let anchor = parser.anchor { anchors[anchor] = (node, 1) }
                    try add(node, keyText: text)
                case YAML_ALIAS_EVENT:
                    let name = parser.anchor ?? ""
                    guard let target = anchors[name] else {
                        fail(at: parser.start, code: .yamlSyntax, LocalizedText(
                            sv: "aliaset `*\(name)` hänvisar till ett ankare (`&\(name)`) som inte finns före det",
                            en: "the alias `*\(name)` refers to an anchor (`&\(name)`) that is not defined before it"))
                        throw Stop.failed
                    }
                    try count(target.weight, at: parser.start)
                    let node = YAMLNode(target.node.kind, at: parser.start, end: parser.end)
                    try add(node, keyText: target.node.scalar)
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    if stack.count >= limits.maxDepth {
                        fail(at: parser.start, code: .yamlLimit, LocalizedText(
                            sv: "filen är nästlad djupare än \(limits.maxDepth) nivåer; ett enkätsvar behöver högst några få",
                            en: "the file is nested deeper than \(limits.maxDepth) levels; a response needs only a few"))
                        throw Stop.failed
                    }
                    try count(1, at: parser.start)
                    let container: Container = parser.type == YAML_SEQUENCE_START_EVENT ? .sequence([]) : .mapping([], pendingKey: nil)
                    stack.append(Frame(container: container, start: parser.start, anchor: parser.anchor, nodesAtStart: expandedNodes,
                                       isFlow: parser.isFlowCollection,
                                       startMark: (line: parser.startMark.line, column: parser.startColumn)))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    let frame = stack.removeLast()
                    if frame.isFlow, let indent = blockIndent {
                        compat.multiLine(firstLine: frame.startMark.line, lastLine: parser.endMark.line, indent: indent)
                    }
                    let node: YAMLNode
                    switch frame.container {
                    case .sequence(let items): node = YAMLNode(.sequence(items), at: frame.start, end: parser.end)
                    case .mapping(let pairs, _): node = YAMLNode(.mapping(pairs), at: frame.start, end: parser.end)
                    }
                    if let anchor = frame.anchor {
                        anchors[anchor] = (node, expandedNodes - frame.nodesAtStart + 1)
                    }
                    try add(node, keyText: nil)
                default:
                    break
                }
            }
        } catch {
            return YAMLDocument(root: nil, diagnostics: diagnostics)
        }
    }

    private mutating func count(_ nodes: Int, at location: SourceLocation) throws {
        expandedNodes += nodes
        if expandedNodes > limits.maxExpandedNodes {
            fail(at: location, code: .yamlLimit, LocalizedText(
                sv: "filen växer till mer än \(limits.maxExpandedNodes) värden när alias (`*namn`) expanderas; enkat slutar läsa här. Skriv ut värdena i stället för att upprepa alias",
                en: "the file grows beyond \(limits.maxExpandedNodes) values once aliases (`*name`) are expanded; enkat stops reading here. Write the values out instead of repeating aliases"))
            throw Stop.failed
        }
    }

    /// Whether a plain scalar is YAML's null: empty, `~`, `null`, `Null` or `NULL`. By length
    /// first: nearly every scalar is none of them, and comparing each with five strings was a
    /// thirtieth of a definition's parse.
    private static func isNullText(_ text: String) -> Bool {
        switch text.utf8.count {
        case 0: true
        case 1: text == "~"
        case 4: text == "null" || text == "Null" || text == "NULL"
        default: false
        }
    }

    private mutating func add(_ node: YAMLNode, keyText: String?) throws {
        guard var frame = stack.popLast() else {
            root = node
            return
        }
        defer { stack.append(frame) }
        switch frame.container {
        case .sequence(var items):
            frame.container = .sequence([])  // release the buffer so the append does not copy
            items.append(node)
            frame.container = .sequence(items)
        case .mapping(var pairs, let pendingKey):
            frame.container = .mapping([], pendingKey: nil)
            if let key = pendingKey {
                if !key.duplicate {
                    pairs.append(YAMLPair(key: key.text, keyLocation: key.location, value: node))
                }
                frame.container = .mapping(pairs, pendingKey: nil)
            } else {
                guard let text = keyText else {
                    fail(at: node.location, code: .yamlSyntax, LocalizedText(
                        sv: "en nyckel måste vara ett enkelt värde, inte \(node.kindName.sv)",
                        en: "a key must be a single value, not \(node.kindName.en)"))
                    throw Stop.failed
                }
                var duplicate = false
                let earlier: SourceLocation?
                if frame.keyIndex != nil {
                    earlier = frame.keyIndex?[text]
                } else {
                    earlier = pairs.first(where: { $0.key == text })?.keyLocation
                    if pairs.count + 1 >= Self.indexedKeysFrom {
                        frame.keyIndex = Dictionary(pairs.map { ($0.key, $0.keyLocation) }, uniquingKeysWith: { first, _ in first })
                    }
                }
                if earlier == nil {
                    if pairs.count >= limits.maxKeys {
                        fail(at: node.location, code: .yamlLimit, LocalizedText(
                            sv: "en mappning har fler än \(limits.maxKeys) nycklar; en enkät har högst några hundra frågor. Kontrollera att det är rätt fil",
                            en: "a mapping has more than \(limits.maxKeys) keys; a survey has at most a few hundred questions. Check that this is the right file"))
                        throw Stop.failed
                    }
                    frame.keyIndex?[text] = node.location
                }
                if let first = earlier {
                    duplicate = true
                    diagnostics.append(Diagnostic(
                        file: file, location: node.location, severity: .error, code: .duplicateKey,
                        message: LocalizedText(
                            sv: "nyckeln `\(text)` förekommer två gånger (första gången på rad \(first.line)); bara den första används. Slå ihop dem eller ta bort den ena",
                            en: "the key `\(text)` occurs twice (first on line \(first.line)); only the first is used. Merge them or remove one"),
                        notes: [Diagnostic.Note(
                            location: first,
                            message: LocalizedText(sv: "första förekomsten av `\(text)`", en: "first occurrence of `\(text)`"))]))
                }
                frame.container = .mapping(pairs, pendingKey: (text, node.location, duplicate))
            }
        }
    }

    /// Turns the compatibility findings into warnings, locating them in one pass over the file.
    private mutating func reportCompat() {
        let findings = compat.findings.sorted { $0.byte < $1.byte }
        guard !findings.isEmpty else { return }
        var line = 1, column = 1, scalar = 0, index = 0
        for finding in findings {
            while index < finding.byte {
                let length = LineBreaks.breakLength(body, at: index)
                if length > 0 {
                    line += 1
                    column = 1
                    scalar += length
                    index += length
                    continue
                }
                if body[index] & 0xC0 != 0x80 {
                    column += 1
                    scalar += 1
                }
                index += 1
            }
            let location = lineMap?.location(ofScalar: scalar) ?? SourceLocation(line: line, column: column)
            diagnostics.append(Diagnostic(file: file, location: location, severity: .warning, code: .yamlCompat, message: finding.message))
        }
    }

    private mutating func fail(at location: SourceLocation, code: DiagnosticCode, _ message: LocalizedText) {
        diagnostics.append(Diagnostic(file: file, location: location, severity: .error, code: code, message: message))
    }

    mutating func emptyDocument() -> YAMLDocument {
        emptyFile()
        return YAMLDocument(root: nil, diagnostics: diagnostics)
    }

    private mutating func emptyFile() {
        fail(at: .start, code: .yamlSyntax, LocalizedText(
            sv: "filen är tom; börja från en tom svarsmall med `enkat new --survey ENKÄT --respondent SVARANDE`",
            en: "the file is empty; start from a blank response with `enkat new --survey SURVEY --respondent RESPONDENT`"))
    }

    private mutating func syntaxError(_ problem: (message: String, location: SourceLocation, context: String?)) {
        let (sv, en) = YAMLSyntaxMessages.explain(problem.message, context: problem.context)
        fail(at: problem.location, code: .yamlSyntax, LocalizedText(sv: sv, en: en))
    }
}

/// Swedish explanations of libyaml's most common problems, with the original text kept so a
/// user can look it up.
enum YAMLSyntaxMessages {
    /// A hint for the problems whose libyaml text contains any of `patterns`; the first that
    /// matches is given.
    private struct Hint {
        var patterns: [String]
        var sv: String
        var en: String
        init(_ patterns: [String], sv: String, en: String) {
            self.patterns = patterns
            self.sv = sv
            self.en = en
        }
    }

    private static let hints = [
        Hint(["mapping values are not allowed"], sv: "ett kolon följt av mellanslag står där det inte får stå; skriv text som innehåller ”: ” som block (`|` och texten på nästa rad, indragen) eller inom citattecken", en: "a colon followed by a space is not allowed here; write text containing \": \" as a block (`|` with the text indented on the next line) or in quotes"),
        Hint(["did not find expected key", "could not find expected ':'"], sv: "indraget stämmer inte, eller så saknas ett kolon efter en nyckel; rader på samma nivå ska börja i samma kolumn", en: "the indentation is off, or a key lacks its colon; lines on the same level must start in the same column"),
        Hint(["found character that cannot start any token"], sv: "ett tecken som inte får inleda ett värde (t.ex. tabb, `@` eller `` ` ``); använd mellanslag för indrag och sätt texten inom citattecken eller som block (`|`)", en: "a character that cannot start a value (e.g. a tab, `@` or `` ` ``); indent with spaces and quote the text or write it as a block (`|`)"),
        Hint(["found unexpected end of stream"], sv: "filen tar slut mitt i ett värde; saknas ett avslutande citattecken eller hakparentes?", en: "the file ends in the middle of a value; is a closing quote or bracket missing?"),
        Hint(["did not find expected ',' or ']'", "did not find expected ',' or '}'"], sv: "en lista `[…]` eller mappning `{…}` är inte avslutad som den ska; kontrollera kommatecken och hakparenteser", en: "a list `[…]` or mapping `{…}` is not closed properly; check the commas and brackets"),
        Hint(["found a tab character"], sv: "tabbtecken används för indrag; YAML kräver mellanslag", en: "a tab is used for indentation; YAML requires spaces"),
        Hint(["block sequence entries are not allowed"], sv: "en listrad (`- …`) står där den inte får stå; kontrollera indraget", en: "a list entry (`- …`) is not allowed here; check the indentation"),
    ]

    static func explain(_ problem: String, context: String?) -> (sv: String, en: String) {
        let found = hints.first { $0.patterns.contains { problem.contains($0) } }
        let hint = found.map { (sv: $0.sv, en: $0.en) } ?? (sv: "YAML-syntaxfel", en: "YAML syntax error")
        let original = context.map { "\(problem), \($0)" } ?? problem
        return ("\(hint.sv) (libyaml: \(original))", "\(hint.en) (libyaml: \(original))")
    }
}
