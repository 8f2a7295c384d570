import Synchronization

/// Someone who answers questionnaires: the region, a kommun or a lokal systemledning.
public struct Respondent: Sendable, Equatable {
    /// The id written in responses (`falun`, `sl-vasterbergslagen`).
    public var id: String
    /// `region`, `kommun` or `systemledning`.
    public var kind: String
    /// The short name ("Falun").
    public var name: String
    /// The official name ("Falu kommun").
    public var officialName: String?
    /// Every form of the name a text may use (genitive, "X kommun(s)", irregular forms).
    public var forms: [String]
    /// Localities within the respondent's area (Särna, Idre …).
    public var localities: [String]
    /// For a systemledning: the kommuner it covers.
    public var members: [String]
    /// Where the respondent is defined.
    public var location: SourceLocation

    /// The name, official name and forms, without duplicates.
    public var allNameForms: [String] {
        var seen = Set<String>()
        return ([name] + (officialName.map { [$0] } ?? []) + forms).filter { seen.insert($0).inserted }
    }
}

/// Who answers, and every name that could identify them.
public struct Registry: Sendable {
    /// The respondent kinds enkat knows.
    public static let kinds = ["region", "kommun", "systemledning"]

    /// The id surveys refer to (`dalarna`).
    public var id: String
    /// A title ("Dalarnas län").
    public var title: String?
    /// Names allowed in a published report (Dalarna, Region Dalarna).
    public var allowedNames: [String]
    /// The respondents in registry order.
    public var respondents: [Respondent] { didSet { lookup = Lookup(respondents) } }
    /// The file the registry was read from.
    public var file: String
    private var lookup: Lookup

    /// Creates a registry and indexes its respondents.
    public init(id: String, title: String?, allowedNames: [String], respondents: [Respondent], file: String) {
        self.id = id
        self.title = title
        self.allowedNames = allowedNames
        self.respondents = respondents
        self.file = file
        lookup = Lookup(respondents)
    }

    /// The respondents by id and by every folded key (id and name forms), so that the
    /// validator, drafting, the form and the importers look them up alike and a table of many
    /// rows does not fold every name of every respondent for each cell. In registry order, the
    /// first respondent to claim an id or a key comes first. The keys are folded on first use:
    /// `enkat check` of a correct response never needs them.
    private struct Lookup: Sendable {
        var byID: [String: Respondent] = [:]
        let keys: FoldedKeys

        init(_ respondents: [Respondent]) {
            for respondent in respondents where byID[respondent.id] == nil {
                byID[respondent.id] = respondent
            }
            keys = FoldedKeys(respondents)
        }

        var byKey: [String: [Respondent]] { keys.index }
    }

    /// The folded-key index, built once, on first use, by whichever thread asks first.
    private final class FoldedKeys: Sendable {
        private let respondents: [Respondent]
        private let built = Mutex<[String: [Respondent]]?>(nil)

        init(_ respondents: [Respondent]) { self.respondents = respondents }

        var index: [String: [Respondent]] {
            built.withLock { built in
                if let built { return built }
                var byKey: [String: [Respondent]] = [:]
                for respondent in respondents {
                    var seen = Set<String>()
                    for key in [Fold.key(respondent.id)] + respondent.allNameForms.map(Fold.key) where seen.insert(key).inserted {
                        byKey[key, default: []].append(respondent)
                    }
                }
                built = byKey
                return byKey
            }
        }
    }

    /// The respondent with the given id (the first, should two share it).
    public func respondent(_ id: String) -> Respondent? {
        lookup.byID[id]
    }

    /// The respondents of one kind.
    public func respondents(ofKind kind: String) -> [Respondent] {
        respondents.filter { $0.kind == kind }
    }

    /// The respondent a name or id most likely means: an exact id, or any name form, case-
    /// and diacritic-insensitively ("Falu kommun", "FALUN", "Malung-Sälens kommun").
    public func match(_ text: String) -> Respondent? {
        if let exact = respondent(text) { return exact }
        return lookup.byKey[Fold.key(text)]?.first
    }

    /// The respondent of `kind` whose id or a name form folds to `key` (a ``Fold/key(_:)``),
    /// the first in registry order.
    public func respondent(ofKind kind: String, key: String) -> Respondent? {
        lookup.byKey[key]?.first { $0.kind == kind }
    }
}
