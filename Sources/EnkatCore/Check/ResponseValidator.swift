/// The outcome of checking one response file.
public struct ResponseCheck: Sendable {
    /// The typed response, when the file could be read and names a known survey.
    public var response: Response?
    /// Every finding, in stable order.
    public var diagnostics: [Diagnostic]
}

/// Checks response files against their survey definition and the registry.
///
/// Validation collects: one wrong answer never stops the checks of the others.
public struct ResponseValidator: Sendable {
    /// The surveys and registries responses are checked against.
    public let catalog: SurveyCatalog

    /// Creates a validator over a catalog.
    public init(catalog: SurveyCatalog) {
        self.catalog = catalog
    }

    static let topLevelKeys = ["survey", "respondent", "contact", "answers"]
    static let contactKeys = ["name", "email", "phone", "title", "organisation", "role"]
    static let answerKeys = ["value", "comment", "details"]
    /// Swedish words people type for the answer keys.
    static let answerKeyAliases = ["kommentar": "comment", "varde": "value", "värde": "value", "svar": "value",
                                   "beskrivning": "details", "detaljer": "details", "beskriv": "details"]

    /// Reads and checks one file.
    public func check(file path: String) -> ResponseCheck {
        do {
            return check(bytes: try SourceFile.read(path), file: path)
        } catch {
            return ResponseCheck(response: nil, diagnostics: [
                Diagnostic(file: path, location: .start, severity: .error, code: .unreadable, message: error.message),
            ])
        }
    }

    /// Checks a file's content.
    public func check(bytes: [UInt8], file: String) -> ResponseCheck {
        let document = YAMLReader.parse(bytes, file: file)
        var context = CheckContext(file: file, lines: SourceLines(bytes))
        context.diagnostics = document.diagnostics
        var response: Response?
        if let root = document.root {
            response = check(root: root, &context)
        }
        context.diagnostics.sort(by: Diagnostic.stableOrder)
        return ResponseCheck(response: response, diagnostics: context.diagnostics)
    }

    private func check(root: YAMLNode, _ context: inout CheckContext) -> Response? {
        guard let pairs = root.mapping else {
            context.error(.typeMismatch, at: root.location, LocalizedText(
                sv: "ett svar ska börja med nycklarna `survey:`, `respondent:` och `answers:`, inte \(root.kindName.sv)",
                en: "a response must start with the keys `survey:`, `respondent:` and `answers:`, not \(root.kindName.en)"))
            return nil
        }
        for pair in pairs where !Self.topLevelKeys.contains(pair.key) {
            context.unknownKey(pair, allowed: Self.topLevelKeys, in: LocalizedText(sv: "svarsfilen", en: "the response file"))
        }
        guard let survey = resolveSurvey(root, &context) else { return nil }
        let respondent = resolveRespondent(root, survey: survey, &context)
        if let contact = root["contact"], !contact.isNull {
            if let contactPairs = contact.mapping {
                for pair in contactPairs where !Self.contactKeys.contains(pair.key) {
                    context.unknownKey(pair, allowed: Self.contactKeys, in: LocalizedText(sv: "kontaktuppgifterna", en: "the contact details"), severity: .warning)
                }
            } else {
                context.error(.typeMismatch, at: contact.location, LocalizedText(
                    sv: "`contact` ska ha nycklarna `name` och `email`, inte vara \(contact.kindName.sv)",
                    en: "`contact` must have the keys `name` and `email`, not be \(contact.kindName.en)"))
            }
        }
        var answers: [String: Answer] = [:]
        let answersPair = root.pair("answers")
        let answersLocation = answersPair?.keyLocation ?? root.location
        if let answersNode = answersPair?.value, !answersNode.isNull {
            if let answerPairs = answersNode.mapping {
                for pair in answerPairs {
                    guard let question = survey.question(pair.key) else {
                        let suggestion = Suggestions.closest(to: pair.key, among: survey.questions.map { ($0.id, []) })
                        context.error(.unknownQuestion, at: pair.keyLocation, LocalizedText(
                            sv: "enkäten `\(survey.id)` har ingen fråga `\(pair.key)`" + (suggestion.map { "; menade du `\($0)`?" } ?? ""),
                            en: "survey `\(survey.id)` has no question `\(pair.key)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? "")))
                        continue
                    }
                    answers[question.id] = AnswerChecker(question: question, pair: pair).check(&context)
                }
            } else {
                context.error(.typeMismatch, at: answersNode.location, LocalizedText(
                    sv: "`answers` ska vara frågor med svar (`6a: …`), inte \(answersNode.kindName.sv)",
                    en: "`answers` must be questions with answers (`6a: …`), not \(answersNode.kindName.en)"))
            }
        }
        let response = Response(file: context.file, survey: survey.id, respondent: respondent ?? "",
                                answers: answers, answersLocation: answersLocation)
        checkCompleteness(response, survey: survey, answersFound: answersPair != nil, &context)
        return response
    }

    private func resolveSurvey(_ root: YAMLNode, _ context: inout CheckContext) -> Survey? {
        guard let node = root["survey"], let id = node.scalar else {
            let at = root["survey"]?.location ?? root.location
            context.error(.unknownSurvey, at: at, LocalizedText(
                sv: "svaret anger ingen enkät; skriv t.ex. `survey: \(catalog.surveys.keys.sorted().first ?? "ENKÄT")` överst",
                en: "the response names no survey; write e.g. `survey: \(catalog.surveys.keys.sorted().first ?? "SURVEY")` at the top"))
            return nil
        }
        guard let survey = catalog.surveys[id] else {
            let known = catalog.surveys.keys.sorted()
            let suggestion = Suggestions.closest(to: id, among: known.map { ($0, []) })
            let list = known.map { "`\($0)`" }.joined(separator: ", ")
            context.error(.unknownSurvey, at: node.location, LocalizedText(
                sv: "okänd enkät `\(id)`" + (suggestion.map { "; menade du `\($0)`?" } ?? (known.isEmpty ? "; inga enkäter hittades i \(catalog.directory)" : "; kända enkäter: \(list)")),
                en: "unknown survey `\(id)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? (known.isEmpty ? "; no surveys found in \(catalog.directory)" : "; known surveys: \(list)"))))
            return nil
        }
        let broken = catalog.errors(affecting: survey)
        if !broken.isEmpty {
            context.error(.surveyHasErrors, at: node.location, Messages.surveyHasErrors(id, broken.count))
            return nil
        }
        return survey
    }

    private func resolveRespondent(_ root: YAMLNode, survey: Survey, _ context: inout CheckContext) -> String? {
        guard let node = root["respondent"], let id = node.scalar else {
            context.error(.unknownRespondent, at: root["respondent"]?.location ?? root.location, LocalizedText(
                sv: "svaret anger inte vem som svarar; skriv t.ex. `respondent: \(exampleRespondent(survey))`",
                en: "the response does not say who answers; write e.g. `respondent: \(exampleRespondent(survey))`"))
            return nil
        }
        guard let registry = catalog.registries[survey.registry] else { return id }
        guard let respondent = registry.respondent(id) else {
            let suggestion = registry.match(id)?.id
                ?? Suggestions.closest(to: id, among: registry.respondents.map { ($0.id, $0.allNameForms) })
            context.error(.unknownRespondent, at: node.location, LocalizedText(
                sv: "`\(id)` finns inte i registret `\(registry.id)`" + (suggestion.map { "; menade du `\($0)`?" } ?? "; svarande anges med sitt id, t.ex. `\(exampleRespondent(survey))`"),
                en: "`\(id)` is not in registry `\(registry.id)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? "; respondents are named by id, e.g. `\(exampleRespondent(survey))`")))
            return nil
        }
        if respondent.kind != survey.respondentKind {
            context.error(.respondentKind, at: node.location, LocalizedText(
                sv: "enkäten `\(survey.id)` besvaras av \(KindNames.plural(survey.respondentKind).sv), men `\(id)` (\(respondent.name)) är \(KindNames.singular(respondent.kind).sv)",
                en: "survey `\(survey.id)` is answered by \(KindNames.plural(survey.respondentKind).en), but `\(id)` (\(respondent.name)) is \(KindNames.singular(respondent.kind).en)"))
        }
        return id
    }

    private func exampleRespondent(_ survey: Survey) -> String {
        catalog.registries[survey.registry]?.respondents(ofKind: survey.respondentKind).first?.id ?? "ID"
    }

    /// Required answers that are missing, and answers to questions that are not relevant.
    private func checkCompleteness(_ response: Response, survey: Survey, answersFound: Bool, _ context: inout CheckContext) {
        let relevance = Relevance(survey: survey, answers: response.answers)
        for question in survey.questions {
            let answer = response.answers[question.id]
            let relevant = relevance.isRelevant(question)
            if relevant, question.required, answer?.isAnswered != true, answer?.hasRejectedValue != true {
                let at = answer?.keyLocation ?? response.answersLocation
                context.error(.required, at: at, question: question.id, Messages.required(question, survey: survey, answersFound: answersFound))
            }
            if !relevant, let answer, answer.isAnswered || answer.comment != nil || answer.details != nil,
               let condition = question.relevantWhen {
                context.warning(.notRelevant, at: answer.keyLocation, question: question.id, Messages.notRelevant(question, condition, survey: survey))
            }
        }
    }
}

/// Whether questions are relevant, given the answers (conditions may chain: 17d on 17c).
struct Relevance {
    let survey: Survey
    let answers: [String: Answer]

    func isRelevant(_ question: Question, depth: Int = 0) -> Bool {
        guard let condition = question.relevantWhen else { return true }
        guard depth < 16, let target = survey.question(condition.question) else { return false }
        guard isRelevant(target, depth: depth + 1), let value = answers[target.id]?.value else { return false }
        switch condition.test {
        case .answered: return true
        case .equals(let options): return value.chosenOptions.contains { options.contains($0) }
        }
    }
}

/// Names of respondent kinds in running text.
enum KindNames {
    /// Each kind's name with an article ("en kommun") and in the plural ("kommuner").
    private static let names: [String: (singular: LocalizedText, plural: LocalizedText)] = [
        "region": (LocalizedText(sv: "en region", en: "a region"), LocalizedText(sv: "regioner", en: "regions")),
        "kommun": (LocalizedText(sv: "en kommun", en: "a municipality (kommun)"),
                   LocalizedText(sv: "kommuner", en: "municipalities (kommuner)")),
        "systemledning": (LocalizedText(sv: "en lokal systemledning", en: "a local system leadership (systemledning)"),
                          LocalizedText(sv: "lokala systemledningar", en: "local system leaderships (systemledningar)")),
    ]

    static func plural(_ kind: String) -> LocalizedText {
        names[kind]?.plural ?? LocalizedText(sv: kind, en: kind)
    }

    static func singular(_ kind: String) -> LocalizedText {
        names[kind]?.singular ?? LocalizedText(sv: kind, en: kind)
    }
}

/// The diagnostics collected for one file.
struct CheckContext {
    let file: String
    let lines: SourceLines
    var diagnostics: [Diagnostic] = []

    mutating func error(_ code: DiagnosticCode, at location: SourceLocation, question: String? = nil, _ message: LocalizedText,
                        measured: Double? = nil, limit: Double? = nil) {
        add(.error, code, location, question, message, measured, limit)
    }

    mutating func warning(_ code: DiagnosticCode, at location: SourceLocation, question: String? = nil, _ message: LocalizedText,
                          measured: Double? = nil, limit: Double? = nil) {
        add(.warning, code, location, question, message, measured, limit)
    }

    mutating func note(_ code: DiagnosticCode, at location: SourceLocation, question: String? = nil, _ message: LocalizedText,
                       measured: Double? = nil, limit: Double? = nil) {
        add(.note, code, location, question, message, measured, limit)
    }

    private mutating func add(_ severity: Severity, _ code: DiagnosticCode, _ location: SourceLocation, _ question: String?,
                              _ message: LocalizedText, _ measured: Double?, _ limit: Double?) {
        diagnostics.append(Diagnostic(file: file, location: location, severity: severity, code: code, question: question,
                                      message: message, measured: measured, limit: limit))
    }

    mutating func unknownKey(_ pair: YAMLPair, allowed: [String], in place: LocalizedText, question: String? = nil,
                             severity: Severity = .error, aliases: [String: String] = [:]) {
        let suggestion = aliases[pair.key.lowercased()] ?? Suggestions.closest(to: pair.key, among: allowed.map { ($0, []) })
        let list = allowed.map { "`\($0)`" }.joined(separator: ", ")
        let message = LocalizedText(
            sv: "okänd nyckel `\(pair.key)` i \(place.sv)" + (suggestion.map { "; menade du `\($0)`?" } ?? "; tillåtna är \(list)"),
            en: "unknown key `\(pair.key)` in \(place.en)" + (suggestion.map { "; did you mean `\($0)`?" } ?? "; allowed are \(list)"))
        if severity == .error {
            error(.unknownKey, at: pair.keyLocation, question: question, message)
        } else {
            warning(.unknownKey, at: pair.keyLocation, question: question, message)
        }
    }
}
