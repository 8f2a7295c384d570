/// A compact binary form of what one definition file holds once it is read and checked — its
/// survey or registry and its diagnostics — for `DefinitionCache`. Every field of the values is
/// written, in declaration order; the reader checks every length against the bytes it has and
/// refuses (`nil`) whatever it cannot read, so that a damaged entry is only a cache miss.
///
/// The format has no version of its own: the cache keys each entry by the identity of the
/// executable that wrote it (`ExecutableIdentity`), so a build whose types differ never reads
/// another build's entries.
enum DefinitionCodec {
    /// The bytes of a definition and the diagnostics of its file.
    static func encode(_ definition: DefinitionFile) -> [UInt8] {
        var writer = Writer()
        switch definition.content {
        case .survey(let survey):
            writer.byte(1)
            writer.survey(survey)
        case .registry(let registry):
            writer.byte(2)
            writer.registry(registry)
        case .none:
            writer.byte(0)
        }
        writer.array(definition.diagnostics) { $0.diagnostic($1) }
        return writer.bytes
    }

    /// The definition `encode` wrote, or `nil` when the bytes are not such a definition.
    static func decode(_ bytes: ArraySlice<UInt8>) -> DefinitionFile? {
        bytes.withUnsafeBufferPointer(decode)
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> DefinitionFile? {
        var reader = Reader(bytes)
        do {
            let content: DefinitionFile.Content
            switch try reader.byte() {
            case 0: content = .none
            case 1: content = .survey(try reader.survey())
            case 2: content = .registry(try reader.registry())
            default: return nil
            }
            let diagnostics = try reader.array { try $0.diagnostic() }
            guard reader.isAtEnd else { return nil }
            return DefinitionFile(content: content, diagnostics: diagnostics)
        } catch {
            return nil
        }
    }

    /// Appends values to a byte buffer.
    struct Writer {
        private(set) var bytes: [UInt8] = []

        mutating func byte(_ value: UInt8) { bytes.append(value) }

        /// Raw bytes, without a length.
        mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

        /// A LEB128 varint of the zigzag form, so that small negative numbers stay short.
        mutating func int(_ value: Int) {
            var rest = UInt64(bitPattern: Int64(value << 1) ^ Int64(value >> (Int.bitWidth - 1)))
            while rest >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
                rest >>= 7
            }
            bytes.append(UInt8(rest))
        }

        mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

        mutating func double(_ value: Double) {
            var pattern = value.bitPattern
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: pattern))
                pattern >>= 8
            }
        }

        mutating func string(_ value: String) {
            var value = value
            value.withUTF8 { utf8 in
                int(utf8.count)
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func optional<T>(_ value: T?, _ write: (inout Writer, T) -> Void) {
            guard let value else { return bytes.append(0) }
            bytes.append(1)
            write(&self, value)
        }

        mutating func array<T>(_ values: [T], _ write: (inout Writer, T) -> Void) {
            int(values.count)
            for value in values { write(&self, value) }
        }

        mutating func strings(_ values: [String]) { array(values) { $0.string($1) } }
        mutating func optionalString(_ value: String?) { optional(value) { $0.string($1) } }

        mutating func location(_ location: SourceLocation) {
            int(location.line)
            int(location.column)
        }

        mutating func text(_ text: LocalizedText) {
            string(text.sv)
            string(text.en)
        }

        mutating func survey(_ survey: Survey) {
            string(survey.id)
            string(survey.title)
            optionalString(survey.publisher)
            optionalString(survey.period)
            string(survey.registry)
            string(survey.respondentKind)
            string(survey.responsesPerRespondent.rawValue)
            optionalString(survey.intro)
            array(survey.sections) { $0.section($1) }
            optional(survey.score) { writer, score in
                writer.strings(score.questions)
                writer.int(score.maxTotal)
                writer.location(score.location)
            }
            string(survey.file)
        }

        mutating func section(_ section: Section) {
            string(section.id)
            string(section.title)
            optionalString(section.text)
            array(section.questions) { $0.question($1) }
            location(section.location)
        }

        mutating func question(_ question: Question) {
            string(question.id)
            string(question.type.rawValue)
            string(question.text)
            optionalString(question.help)
            bool(question.required)
            bool(question.allowsComment)
            int(question.maxLength)
            array(question.options) { $0.option($1) }
            array(question.sentinels) { $0.option($1) }
            optional(question.relevantWhen) { writer, condition in
                writer.string(condition.question)
                switch condition.test {
                case .answered: writer.optional(nil as [String]?) { $0.strings($1) }
                case .equals(let options): writer.optional(options) { $0.strings($1) }
                }
                writer.location(condition.location)
            }
            optional(question.minimum) { $0.double($1) }
            optional(question.maximum) { $0.double($1) }
            optionalString(question.unitLabel)
            strings(question.scaleLabels)
            string(question.sectionID)
            location(question.location)
        }

        mutating func option(_ option: AnswerOption) {
            string(option.id)
            string(option.label)
            optional(option.details) { $0.string($1.rawValue) }
            optionalString(option.detailsLabel)
            bool(option.exclusive)
            location(option.location)
        }

        mutating func registry(_ registry: Registry) {
            string(registry.id)
            optionalString(registry.title)
            strings(registry.allowedNames)
            array(registry.respondents) { writer, respondent in
                writer.string(respondent.id)
                writer.string(respondent.kind)
                writer.string(respondent.name)
                writer.optionalString(respondent.officialName)
                writer.strings(respondent.forms)
                writer.strings(respondent.localities)
                writer.strings(respondent.members)
                writer.location(respondent.location)
            }
            string(registry.file)
        }

        mutating func diagnostic(_ diagnostic: Diagnostic) {
            string(diagnostic.file)
            location(diagnostic.location)
            optional(diagnostic.table) { writer, table in
                writer.int(table.row)
                writer.optional(table.column) { $0.int($1) }
            }
            string(diagnostic.severity.rawValue)
            string(diagnostic.code.rawValue)
            optionalString(diagnostic.question)
            text(diagnostic.message)
            optional(diagnostic.measured) { $0.double($1) }
            optional(diagnostic.limit) { $0.double($1) }
            array(diagnostic.notes) { writer, note in
                writer.location(note.location)
                writer.text(note.message)
            }
        }
    }

    /// Why a `Reader` stopped: the bytes end early or hold a value no writer writes.
    struct Malformed: Error {}

    /// Reads what a `Writer` wrote, checking each length against the bytes left.
    struct Reader {
        private let bytes: UnsafeBufferPointer<UInt8>
        private var position = 0

        /// A reader of `bytes`, which must outlive it.
        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        var isAtEnd: Bool { position == bytes.endIndex }

        mutating func byte() throws -> UInt8 {
            guard position < bytes.endIndex else { throw Malformed() }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func int() throws -> Int {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let next = try byte()
                guard shift < 64 else { throw Malformed() }
                value |= UInt64(next & 0x7F) << shift
                if next < 0x80 { break }
                shift += 7
            }
            return Int(Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1))
        }

        /// A count of elements, each at least one byte: never more than the bytes left.
        mutating func count() throws -> Int {
            let count = try int()
            guard count >= 0, count <= bytes.endIndex - position else { throw Malformed() }
            return count
        }

        mutating func bool() throws -> Bool {
            switch try byte() {
            case 0: false
            case 1: true
            default: throw Malformed()
            }
        }

        mutating func double() throws -> Double {
            guard bytes.endIndex - position >= 8 else { throw Malformed() }
            var pattern: UInt64 = 0
            for offset in (0..<8).reversed() {
                pattern = pattern << 8 | UInt64(bytes[position + offset])
            }
            position += 8
            return Double(bitPattern: pattern)
        }

        mutating func string() throws -> String {
            let length = try count()
            defer { position += length }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<position + length]), as: UTF8.self)
        }

        mutating func optional<T>(_ read: (inout Reader) throws -> T) throws -> T? {
            try bool() ? try read(&self) : nil
        }

        mutating func array<T>(_ read: (inout Reader) throws -> T) throws -> [T] {
            let count = try count()
            var values: [T] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try read(&self)) }
            return values
        }

        mutating func strings() throws -> [String] { try array { r in try r.string() } }
        mutating func optionalString() throws -> String? { try optional { r in try r.string() } }

        mutating func raw<T: RawRepresentable<String>>(_: T.Type) throws -> T {
            guard let value = T(rawValue: try string()) else { throw Malformed() }
            return value
        }

        mutating func location() throws -> SourceLocation {
            SourceLocation(line: try int(), column: try int())
        }

        mutating func text() throws -> LocalizedText {
            LocalizedText(sv: try string(), en: try string())
        }

        mutating func survey() throws -> Survey {
            let id = try string(), title = try string()
            let publisher = try optionalString(), period = try optionalString()
            let registry = try string(), respondentKind = try string()
            let perRespondent = try raw(ResponsesPerRespondent.self)
            let intro = try optionalString()
            let sections = try array { r in try r.section() }
            let score = try optional { r in
                Score(questions: try r.strings(), maxTotal: try r.int(), location: try r.location())
            }
            return Survey(
                id: id, title: title, publisher: publisher, period: period, registry: registry,
                respondentKind: respondentKind, responsesPerRespondent: perRespondent, intro: intro,
                sections: sections, score: score, file: try string())
        }

        mutating func section() throws -> Section {
            Section(
                id: try string(), title: try string(), text: try optionalString(),
                questions: try array { r in try r.question() }, location: try location())
        }

        mutating func question() throws -> Question {
            Question(
                id: try string(), type: try raw(QuestionType.self), text: try string(),
                help: try optionalString(), required: try bool(), allowsComment: try bool(),
                maxLength: try int(),
                options: try array { r in try r.option() },
                sentinels: try array { r in try r.option() },
                relevantWhen: try optional { r in
                    let question = try r.string()
                    let test: Condition.Test = try r.optional { r in try r.strings() }.map { .equals($0) } ?? .answered
                    return Condition(question: question, test: test, location: try r.location())
                },
                minimum: try optional { r in try r.double() },
                maximum: try optional { r in try r.double() },
                unitLabel: try optionalString(), scaleLabels: try strings(), sectionID: try string(),
                location: try location())
        }

        mutating func option() throws -> AnswerOption {
            AnswerOption(
                id: try string(), label: try string(),
                details: try optional { r in try r.raw(DetailsRule.self) },
                detailsLabel: try optionalString(), exclusive: try bool(), location: try location())
        }

        mutating func registry() throws -> Registry {
            let id = try string(), title = try optionalString(), allowedNames = try strings()
            let respondents = try array { r in
                Respondent(
                    id: try r.string(), kind: try r.string(), name: try r.string(),
                    officialName: try r.optionalString(), forms: try r.strings(),
                    localities: try r.strings(), members: try r.strings(), location: try r.location())
            }
            return Registry(id: id, title: title, allowedNames: allowedNames, respondents: respondents, file: try string())
        }

        mutating func diagnostic() throws -> Diagnostic {
            let file = try string(), location = try location()
            let table = try optional { r in
                TablePosition(row: try r.int(), column: try r.optional { r in try r.int() })
            }
            return Diagnostic(
                file: file, location: location, severity: try raw(Severity.self), code: try raw(DiagnosticCode.self),
                question: try optionalString(), message: try text(),
                measured: try optional { r in try r.double() },
                limit: try optional { r in try r.double() },
                notes: try array { r in
                    Diagnostic.Note(location: try r.location(), message: try r.text())
                },
                table: table)
        }
    }
}
