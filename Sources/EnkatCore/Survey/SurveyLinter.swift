/// Semantic checks of survey definitions and registries: duplicate ids (naming both places),
/// dangling references, limits that make no sense, declared totals that do not match.
public enum SurveyLinter {
    /// Checks one survey on its own.
    public static func lint(_ survey: Survey) -> [Diagnostic] {
        var findings = Findings(file: survey.file)
        findings.duplicates(survey.sections.map { ($0.id, $0.location) },
                            what: LocalizedText(sv: "avsnittsid", en: "section id"))
        findings.duplicates(survey.questions.map { ($0.id, $0.location) },
                            what: LocalizedText(sv: "fråge-id", en: "question id"))
        for question in survey.questions {
            lint(question, in: survey, &findings)
        }
        if let score = survey.score { lint(score, in: survey, &findings) }
        return findings.diagnostics
    }

    private static func lint(_ question: Question, in survey: Survey, _ findings: inout Findings) {
        let id = question.id
        findings.duplicates((question.options + question.sentinels).map { ($0.id, $0.location) },
                            what: LocalizedText(sv: "alternativ-id i frågan `\(id)`", en: "option id in question `\(id)`"))
        if question.maxLength < 1 || question.maxLength > 100_000 {
            findings.error(.invalidLimit, at: question.location, LocalizedText(
                sv: "frågan `\(id)` har `max_length` \(question.maxLength); en teckengräns ska vara ett heltal mellan 1 och 100 000",
                en: "question `\(id)` has `max_length` \(question.maxLength); a character limit must be a whole number from 1 to 100,000"))
        }
        if question.type.hasOptions && question.options.isEmpty {
            findings.error(.surveySchema, at: question.location, LocalizedText(
                sv: "frågan `\(id)` är av typen \(question.type.rawValue) men har inga alternativ (`options`)",
                en: "question `\(id)` is of type \(question.type.rawValue) but has no `options`"))
        }
        if !question.type.hasOptions && !question.options.isEmpty {
            findings.error(.surveySchema, at: question.location, LocalizedText(
                sv: "frågan `\(id)` är av typen \(question.type.rawValue) och kan inte ha `options`; använd `sentinels` för värden som ”kan inte uppskattas”",
                en: "question `\(id)` is of type \(question.type.rawValue) and cannot have `options`; use `sentinels` for values such as “cannot be estimated”"))
        }
        if !question.sentinels.isEmpty && !question.type.isNumeric {
            findings.error(.surveySchema, at: question.location, LocalizedText(
                sv: "bara talfrågor kan ha `sentinels` (frågan `\(id)` är av typen \(question.type.rawValue))",
                en: "only numeric questions can have `sentinels` (question `\(id)` is of type \(question.type.rawValue))"))
        }
        for option in question.options where option.exclusive && question.type != .multi {
            findings.error(.surveySchema, at: option.location, LocalizedText(
                sv: "`exclusive` gäller bara flervalsfrågor (multi); frågan `\(id)` är av typen \(question.type.rawValue)",
                en: "`exclusive` applies to multi questions only; question `\(id)` is of type \(question.type.rawValue)"))
        }
        lintRange(question, &findings)
        if let condition = question.relevantWhen { lint(condition, of: question, in: survey, &findings) }
    }

    private static func lintRange(_ question: Question, _ findings: inout Findings) {
        let id = question.id
        switch question.type {
        case .percent:
            let low = question.minimum ?? 0, high = question.maximum ?? 100
            if low < 0 || high > 100 || low >= high {
                findings.error(.invalidLimit, at: question.location, LocalizedText(
                    sv: "procentfrågan `\(id)` har intervallet \(SwedishNumber.format(low))–\(SwedishNumber.format(high)); det ska ligga inom 0–100 och min vara mindre än max",
                    en: "percent question `\(id)` has the range \(SwedishNumber.format(low))–\(SwedishNumber.format(high)); it must lie within 0–100 with min below max"))
            }
        case .decimal, .scale:
            guard let low = question.minimum, let high = question.maximum else {
                findings.error(.invalidLimit, at: question.location, LocalizedText(
                    sv: "frågan `\(id)` (\(question.type.rawValue)) behöver både `min` och `max`",
                    en: "question `\(id)` (\(question.type.rawValue)) needs both `min` and `max`"))
                return
            }
            if low >= high {
                findings.error(.invalidLimit, at: question.location, LocalizedText(
                    sv: "frågan `\(id)` har `min` \(SwedishNumber.format(low)) som inte är mindre än `max` \(SwedishNumber.format(high))",
                    en: "question `\(id)` has `min` \(SwedishNumber.format(low)), not below `max` \(SwedishNumber.format(high))"))
            } else if question.type == .scale {
                if low != low.rounded() || high != high.rounded() || high - low > 100 {
                    findings.error(.invalidLimit, at: question.location, LocalizedText(
                        sv: "skalfrågan `\(id)` behöver heltal som `min` och `max` (högst 100 steg)",
                        en: "scale question `\(id)` needs whole numbers as `min` and `max` (at most 100 steps)"))
                } else if !question.scaleLabels.isEmpty && question.scaleLabels.count != Int(high - low) + 1 {
                    findings.error(.invalidLimit, at: question.location, LocalizedText(
                        sv: "skalfrågan `\(id)` går från \(Int(low)) till \(Int(high)) (\(Int(high - low) + 1) steg) men har \(question.scaleLabels.count) etiketter (`labels`)",
                        en: "scale question `\(id)` runs from \(Int(low)) to \(Int(high)) (\(Int(high - low) + 1) steps) but has \(question.scaleLabels.count) `labels`"))
                }
            }
        case .text, .choice, .multi:
            if question.minimum != nil || question.maximum != nil {
                findings.error(.surveySchema, at: question.location, LocalizedText(
                    sv: "`min` och `max` gäller bara talfrågor; frågan `\(id)` är av typen \(question.type.rawValue)",
                    en: "`min` and `max` apply to numeric questions only; question `\(id)` is of type \(question.type.rawValue)"))
            }
        }
    }

    private static func lint(_ condition: Condition, of question: Question, in survey: Survey, _ findings: inout Findings) {
        guard condition.question != question.id else {
            findings.error(.danglingReference, at: condition.location, LocalizedText(
                sv: "frågan `\(question.id)` kan inte vara villkorad av sig själv",
                en: "question `\(question.id)` cannot depend on itself"))
            return
        }
        guard let target = survey.question(condition.question) else {
            let suggestion = Suggestions.closest(to: condition.question, among: survey.questions.map { ($0.id, []) })
            findings.error(.danglingReference, at: condition.location, LocalizedText(
                sv: "villkoret för frågan `\(question.id)` hänvisar till frågan `\(condition.question)`, som inte finns" + (suggestion.map { "; menade du `\($0)`?" } ?? ""),
                en: "the condition of question `\(question.id)` refers to question `\(condition.question)`, which does not exist" + (suggestion.map { "; did you mean `\($0)`?" } ?? "")))
            return
        }
        guard case .equals(let wanted) = condition.test else { return }
        guard target.type.hasOptions else {
            findings.error(.danglingReference, at: condition.location, LocalizedText(
                sv: "villkoret för frågan `\(question.id)` jämför med alternativ, men frågan `\(target.id)` har inga alternativ; använd `answered: true`",
                en: "the condition of question `\(question.id)` compares options, but question `\(target.id)` has none; use `answered: true`"))
            return
        }
        for option in wanted where target.option(option) == nil {
            findings.error(.danglingReference, at: condition.location, LocalizedText(
                sv: "villkoret för frågan `\(question.id)` hänvisar till alternativet `\(option)`, som frågan `\(target.id)` inte har",
                en: "the condition of question `\(question.id)` refers to option `\(option)`, which question `\(target.id)` does not have"))
        }
    }

    private static func lint(_ score: Score, in survey: Survey, _ findings: inout Findings) {
        var maximum = 0.0
        var items: [Question] = []
        for id in score.questions {
            guard let question = survey.question(id) else {
                findings.error(.danglingReference, at: score.location, LocalizedText(
                    sv: "poängsumman räknar med frågan `\(id)`, som inte finns",
                    en: "the score counts question `\(id)`, which does not exist"))
                return
            }
            guard question.type == .scale || question.type == .decimal, let high = question.maximum else {
                findings.error(.danglingReference, at: score.location, LocalizedText(
                    sv: "poängsumman räknar med frågan `\(id)`, som inte är en skalfråga",
                    en: "the score counts question `\(id)`, which is not a scale question"))
                return
            }
            maximum += high
            items.append(question)
        }
        if Double(score.maxTotal) != maximum {
            let highs = Set(items.compactMap(\.maximum))
            let arithmetic = highs.count == 1
                ? "\(items.count) × \(SwedishNumber.format(highs.first!)) = \(SwedishNumber.format(maximum))"
                : SwedishNumber.format(maximum)
            findings.error(.scoreMismatch, at: score.location, LocalizedText(
                sv: "`max_total` är \(score.maxTotal) poäng, men frågorna \(score.questions.joined(separator: ", ")) ger högst \(arithmetic) poäng; ange `max_total: \(SwedishNumber.format(maximum))`",
                en: "`max_total` is \(score.maxTotal) points, but the questions \(score.questions.joined(separator: ", ")) give at most \(arithmetic) points; declare `max_total: \(SwedishNumber.format(maximum))`"),
                measured: Double(score.maxTotal), limit: maximum)
        }
    }

    /// Checks a registry on its own.
    public static func lint(_ registry: Registry) -> [Diagnostic] {
        lint(registry, nameForms: true)
    }

    /// The same; `nameForms: false` leaves out the warnings about name forms that two
    /// respondents share (the slow part of a large registry; only `enkat lint` prints them).
    static func lint(_ registry: Registry, nameForms: Bool) -> [Diagnostic] {
        var findings = Findings(file: registry.file)
        findings.duplicates(registry.respondents.map { ($0.id, $0.location) },
                            what: LocalizedText(sv: "svarande-id", en: "respondent id"))
        let ids = Set(registry.respondents.map(\.id))
        var formOwners: [String: String] = [:]
        for respondent in registry.respondents {
            for member in respondent.members where !ids.contains(member) {
                findings.error(.danglingReference, at: respondent.location, LocalizedText(
                    sv: "`\(respondent.id)` har medlemmen `\(member)`, som inte finns i registret",
                    en: "`\(respondent.id)` has the member `\(member)`, which is not in the registry"))
            }
            if !respondent.members.isEmpty && respondent.kind != "systemledning" {
                findings.error(.surveySchema, at: respondent.location, LocalizedText(
                    sv: "bara systemledningar har medlemmar (`members`); `\(respondent.id)` är av typen \(respondent.kind)",
                    en: "only systemledningar have `members`; `\(respondent.id)` is of kind \(respondent.kind)"))
            }
            guard nameForms else { continue }
            for form in respondent.allNameForms + respondent.localities {
                let key = Fold.key(form)
                if let owner = formOwners[key], owner != respondent.id {
                    findings.warning(.duplicateId, at: respondent.location, LocalizedText(
                        sv: "namnformen ”\(form)” hör både till `\(owner)` och `\(respondent.id)`",
                        en: "the name form “\(form)” belongs to both `\(owner)` and `\(respondent.id)`"))
                } else {
                    formOwners[key] = respondent.id
                }
            }
        }
        return findings.diagnostics
    }

    /// Checks that surveys and registries refer to each other correctly.
    static func lintReferences(surveys: [Survey], registries: [String: Registry]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for survey in surveys {
            var findings = Findings(file: survey.file)
            if let registry = registries[survey.registry] {
                if !survey.respondentKind.isEmpty && registry.respondents(ofKind: survey.respondentKind).isEmpty {
                    findings.error(.danglingReference, at: .start, LocalizedText(
                        sv: "enkäten besvaras av `\(survey.respondentKind)`, men registret `\(registry.id)` har inga sådana svarande",
                        en: "the survey is answered by `\(survey.respondentKind)`, but registry `\(registry.id)` has no such respondents"))
                }
            } else if !survey.registry.isEmpty {
                findings.error(.danglingReference, at: .start, LocalizedText(
                    sv: "enkäten hänvisar till registret `\(survey.registry)`, som inte finns bland enkätdefinitionerna",
                    en: "the survey refers to registry `\(survey.registry)`, which is not among the definitions"))
            }
            diagnostics += findings.diagnostics
        }
        return diagnostics
    }
}

/// Collects lint diagnostics for one file.
private struct Findings {
    let file: String
    var diagnostics: [Diagnostic] = []

    mutating func error(_ code: DiagnosticCode, at location: SourceLocation, _ message: LocalizedText,
                        measured: Double? = nil, limit: Double? = nil) {
        diagnostics.append(Diagnostic(file: file, location: location, severity: .error, code: code,
                                      message: message, measured: measured, limit: limit))
    }

    mutating func warning(_ code: DiagnosticCode, at location: SourceLocation, _ message: LocalizedText) {
        diagnostics.append(Diagnostic(file: file, location: location, severity: .warning, code: code, message: message))
    }

    /// Reports every repeated id at its second place, with a note at the first.
    mutating func duplicates(_ entries: [(id: String, location: SourceLocation)], what: LocalizedText) {
        var first: [String: SourceLocation] = [:]
        for entry in entries {
            if let earlier = first[entry.id] {
                diagnostics.append(Diagnostic(
                    file: file, location: entry.location, severity: .error, code: .duplicateId,
                    message: LocalizedText(
                        sv: "\(what.sv) `\(entry.id)` finns två gånger: här och på rad \(earlier.line)",
                        en: "\(what.en) `\(entry.id)` occurs twice: here and on line \(earlier.line)"),
                    notes: [Diagnostic.Note(location: earlier, message: LocalizedText(
                        sv: "första förekomsten av `\(entry.id)`", en: "first occurrence of `\(entry.id)`"))]))
            } else {
                first[entry.id] = entry.location
            }
        }
    }
}
