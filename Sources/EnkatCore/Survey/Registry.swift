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
    public var respondents: [Respondent]
    /// The file the registry was read from.
    public var file: String

    /// The respondent with the given id.
    public func respondent(_ id: String) -> Respondent? {
        respondents.first { $0.id == id }
    }

    /// The respondents of one kind.
    public func respondents(ofKind kind: String) -> [Respondent] {
        respondents.filter { $0.kind == kind }
    }

    /// The respondent a name or id most likely means: an exact id, or any name form, case-
    /// and diacritic-insensitively ("Falu kommun", "FALUN", "Malung-Sälens kommun").
    public func match(_ text: String) -> Respondent? {
        if let exact = respondent(text) { return exact }
        let wanted = Fold.key(text)
        return respondents.first { respondent in
            Fold.key(respondent.id) == wanted || respondent.allNameForms.contains { Fold.key($0) == wanted }
        }
    }
}
