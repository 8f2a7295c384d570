/// A registry's respondents by every key a table cell may name them with, built once per
/// import: `Registry.match` folds every name of every respondent on each call, which a table
/// of many rows or columns cannot afford.
struct RespondentIndex {
    private var byID: [String: Respondent] = [:]
    private var byKey: [String: Respondent] = [:]
    private var ofKindByKey: [String: Respondent] = [:]
    /// The respondents of the survey's kind, in registry order.
    let ofKind: [Respondent]

    /// Indexes `registry`; `kind` is the survey's respondent kind.
    init(_ registry: Registry, kind: String) {
        ofKind = registry.respondents(ofKind: kind)
        // In registry order, the first respondent to claim a key keeps it (as `first(where:)`).
        for respondent in registry.respondents {
            if byID[respondent.id] == nil { byID[respondent.id] = respondent }
            for key in RespondentIndex.keys(respondent) where byKey[key] == nil {
                byKey[key] = respondent
            }
        }
        for respondent in ofKind {
            for key in RespondentIndex.keys(respondent) where ofKindByKey[key] == nil {
                ofKindByKey[key] = respondent
            }
        }
    }

    private static func keys(_ respondent: Respondent) -> [String] {
        [Fold.key(respondent.id)] + respondent.allNameForms.map(Fold.key)
    }

    /// What `Registry.match` returns for `text`.
    func match(_ text: String) -> Respondent? {
        if let exact = byID[text] { return exact }
        return byKey[Fold.key(text)]
    }

    /// The respondent of the survey's kind whose id or a name form folds to `key`.
    func ofKind(key: String) -> Respondent? {
        ofKindByKey[key]
    }
}
