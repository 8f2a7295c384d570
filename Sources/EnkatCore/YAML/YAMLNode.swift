/// A position in a source file, 1-based.
///
/// `column` counts Unicode scalars from the start of the line, as libyaml does and as most
/// editors show it for Swedish text (an `ä` is one column, whatever its UTF-8 length).
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 1-based line.
    public var line: Int
    /// The 1-based column, in Unicode scalars.
    public var column: Int

    /// Creates a location from 1-based line and column numbers.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The start of a file.
    public static let start = SourceLocation(line: 1, column: 1)

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// How a scalar was written; only block scalars and plain scalars matter to enkat
/// (a block scalar's text starts on the line after its indicator).
public enum ScalarStyle: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// An immutable YAML node. Every scalar is a string: enkat never applies YAML 1.1 implicit
/// typing (`no`, `0274`, `1_000` stay exactly as written); the survey definition decides
/// what a scalar means.
///
/// Locations are not part of equality: two nodes are equal when their content is.
public struct YAMLNode: Sendable, Equatable {
    /// The content of a node.
    public enum Kind: Sendable, Equatable {
        /// A scalar; `nil`-like plain scalars (`~`, `null`, empty) are `.null` instead.
        case scalar(String, ScalarStyle)
        /// A plain `~`, `null`, `Null`, `NULL` or an empty value.
        case null
        /// A sequence of nodes.
        case sequence([YAMLNode])
        /// A mapping; keys are scalars, kept in document order. Duplicate keys are reported
        /// by the parser and only the first entry is kept.
        case mapping([YAMLPair])
    }

    /// The content.
    public let kind: Kind
    /// Where the node starts (for a block scalar: its `|` or `>` indicator).
    public let location: SourceLocation
    /// Where the node ends (exclusive), used to find text inside multi-line scalars.
    public let endLocation: SourceLocation

    /// Creates a node.
    public init(_ kind: Kind, at location: SourceLocation, end: SourceLocation? = nil) {
        self.kind = kind
        self.location = location
        self.endLocation = end ?? location
    }

    public static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool { lhs.kind == rhs.kind }

    /// The scalar's text, or `nil` for any other kind of node.
    public var scalar: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// The line a scalar's text starts on: the line after the indicator for a block scalar
    /// (`|` or `>`), the node's own line otherwise.
    public var firstTextLine: Int {
        switch scalarStyle {
        case .literal?, .folded?: location.line + 1
        default: location.line
        }
    }

    /// The scalar's style, or `nil` for any other kind of node.
    public var scalarStyle: ScalarStyle? {
        if case .scalar(_, let style) = kind { return style }
        return nil
    }

    /// True for `~`, `null` and empty values.
    public var isNull: Bool {
        if case .null = kind { return true }
        return false
    }

    /// The entries of a mapping, or `nil`.
    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// The items of a sequence, or `nil`.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The entry with the given key in a mapping.
    public func pair(_ key: String) -> YAMLPair? {
        mapping?.first { $0.key == key }
    }

    /// The value for the given key in a mapping.
    public subscript(key: String) -> YAMLNode? {
        pair(key)?.value
    }

    /// A short Swedish and English name for the kind of node, for messages.
    var kindName: LocalizedText {
        switch kind {
        case .scalar: LocalizedText(sv: "ett enkelt värde", en: "a single value")
        case .null: LocalizedText(sv: "ett tomt värde", en: "an empty value")
        case .sequence: LocalizedText(sv: "en lista", en: "a list")
        case .mapping: LocalizedText(sv: "en mappning (nycklar med värden)", en: "a mapping (keys with values)")
        }
    }
}

/// One key and its value in a mapping (made only by `YAMLReader`).
public struct YAMLPair: Sendable, Equatable {
    /// The key, exactly as written.
    public let key: String
    /// Where the key starts.
    public let keyLocation: SourceLocation
    /// The value.
    public let value: YAMLNode

    public static func == (lhs: YAMLPair, rhs: YAMLPair) -> Bool {
        lhs.key == rhs.key && lhs.value == rhs.value
    }
}
