/// Builds ``Survey`` and ``Registry`` values from their YAML files, reporting every
/// structural problem as a located `survey-schema` (or `missing-option-id`) diagnostic.
/// Semantic checks across questions live in ``SurveyLinter``.
enum SurveyLoader {
    static let surveyKeys = ["survey", "title", "publisher", "period", "registry", "respondent_kind",
                             "responses_per_respondent", "intro", "sections", "score"]
    static let sectionKeys = ["id", "title", "text", "questions"]
    static let questionKeys = ["id", "type", "text", "help", "required", "comment", "max_length", "options",
                               "relevant_when", "min", "max", "unit_label", "sentinels", "labels"]
    static let optionKeys = ["id", "label", "details", "details_label", "exclusive"]
    static let conditionKeys = ["question", "answered", "equals"]
    static let scoreKeys = ["questions", "max_total"]
    static let registryKeys = ["registry", "title", "allowed_names", "respondents"]
    static let respondentKeys = ["id", "kind", "name", "official_name", "forms", "localities", "members"]

    /// The default character limit of every free-text field.
    static let defaultMaxLength = 3000

    static func survey(from root: YAMLNode, file: String) -> (Survey?, [Diagnostic]) {
        var reader = SchemaReader(root, file: file, allowedKeys: surveyKeys,
                                  context: LocalizedText(sv: "enkätdefinitionen", en: "the survey definition"))
        guard root.mapping != nil else { return (nil, reader.diagnostics) }
        let id = reader.string("survey", required: true) ?? ""
        let title = reader.trimmedString("title", required: true) ?? id
        let registry = reader.string("registry", required: true) ?? ""
        let kind = reader.string("respondent_kind", required: true) ?? ""
        if !kind.isEmpty && !Registry.kinds.contains(kind) {
            reader.error(at: reader.location(of: "respondent_kind"), LocalizedText(
                sv: "okänd svarandetyp `\(kind)`; tillåtna är \(Registry.kinds.map { "`\($0)`" }.joined(separator: ", "))",
                en: "unknown respondent kind `\(kind)`; allowed are \(Registry.kinds.map { "`\($0)`" }.joined(separator: ", "))"))
        }
        var perRespondent = ResponsesPerRespondent.one
        if let text = reader.string("responses_per_respondent") {
            if let value = ResponsesPerRespondent(rawValue: text) {
                perRespondent = value
            } else {
                reader.error(at: reader.location(of: "responses_per_respondent"), LocalizedText(
                    sv: "`responses_per_respondent` ska vara `one` eller `several`", en: "`responses_per_respondent` must be `one` or `several`"))
            }
        }
        var diagnostics: [Diagnostic] = []
        var sections: [Section] = []
        for sectionNode in reader.nodes("sections", required: true) {
            let (section, found) = self.section(from: sectionNode, file: file)
            diagnostics += found
            if let section { sections.append(section) }
        }
        var score: Score?
        if let scoreNode = root["score"], !scoreNode.isNull {
            var scoreReader = SchemaReader(scoreNode, file: file, allowedKeys: scoreKeys,
                                           context: LocalizedText(sv: "poängsumman (`score`)", en: "the score"))
            let questions = scoreReader.strings("questions")
            let total = scoreReader.number("max_total")
            if let total {
                score = Score(questions: questions, maxTotal: Int(total), location: scoreReader.location(of: "max_total"))
            } else if scoreNode.mapping != nil {
                scoreReader.error(at: scoreNode.location, LocalizedText(sv: "nyckeln `max_total` saknas", en: "the key `max_total` is missing"))
            }
            diagnostics += scoreReader.diagnostics
        }
        let survey = Survey(
            id: id, title: title, publisher: reader.trimmedString("publisher"), period: reader.string("period"),
            registry: registry, respondentKind: kind, responsesPerRespondent: perRespondent,
            intro: reader.trimmedString("intro"), sections: sections, score: score, file: file)
        return (survey, reader.diagnostics + diagnostics)
    }

    private static func section(from node: YAMLNode, file: String) -> (Section?, [Diagnostic]) {
        var reader = SchemaReader(node, file: file, allowedKeys: sectionKeys,
                                  context: LocalizedText(sv: "avsnittet", en: "the section"))
        guard node.mapping != nil else { return (nil, reader.diagnostics) }
        let id = reader.string("id", required: true) ?? ""
        var diagnostics: [Diagnostic] = []
        var questions: [Question] = []
        for questionNode in reader.nodes("questions", required: true) {
            let (question, found) = self.question(from: questionNode, sectionID: id, file: file)
            diagnostics += found
            if let question { questions.append(question) }
        }
        let section = Section(id: id, title: reader.trimmedString("title", required: true) ?? id,
                              text: reader.trimmedString("text"), questions: questions, location: node.location)
        return (section, reader.diagnostics + diagnostics)
    }

    private static func question(from node: YAMLNode, sectionID: String, file: String) -> (Question?, [Diagnostic]) {
        let name = node["id"]?.scalar ?? "?"
        let context = LocalizedText(sv: "frågan `\(name)`", en: "question `\(name)`")
        var reader = SchemaReader(node, file: file, allowedKeys: questionKeys, context: context)
        guard node.mapping != nil else { return (nil, reader.diagnostics) }
        guard let id = reader.string("id", required: true) else { return (nil, reader.diagnostics) }
        let typeText = reader.string("type", required: true) ?? "text"
        let type = QuestionType(rawValue: typeText) ?? .text
        if QuestionType(rawValue: typeText) == nil {
            let suggestion = Suggestions.closest(to: typeText, among: QuestionType.allCases.map { ($0.rawValue, []) })
            reader.error(at: reader.location(of: "type"), LocalizedText(
                sv: "okänd frågetyp `\(typeText)`" + (suggestion.map { "; menade du `\($0)`?" } ?? "; tillåtna är text, choice, multi, percent, decimal, scale"),
                en: "unknown question type `\(typeText)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? "; allowed are text, choice, multi, percent, decimal, scale")))
        }
        var diagnostics: [Diagnostic] = []
        var options: [AnswerOption] = []
        for optionNode in reader.nodes("options") {
            let (option, found) = self.option(from: optionNode, question: id, file: file)
            diagnostics += found
            if let option { options.append(option) }
        }
        var sentinels: [AnswerOption] = []
        for optionNode in reader.nodes("sentinels") {
            let (option, found) = self.option(from: optionNode, question: id, file: file)
            diagnostics += found
            if let option { sentinels.append(option) }
        }
        var condition: Condition?
        if let conditionNode = node["relevant_when"], !conditionNode.isNull {
            let (parsed, found) = self.condition(from: conditionNode, question: id, file: file)
            condition = parsed
            diagnostics += found
        }
        var maxLength = defaultMaxLength
        if let limit = reader.number("max_length") {
            maxLength = limit == limit.rounded() && abs(limit) < 1e9 ? Int(limit) : -1
        }
        let question = Question(
            id: id, type: type, text: reader.trimmedString("text", required: true) ?? "",
            help: reader.trimmedString("help"), required: reader.bool("required", default: false),
            allowsComment: reader.bool("comment", default: false), maxLength: maxLength,
            options: options, sentinels: sentinels, relevantWhen: condition,
            minimum: reader.number("min"), maximum: reader.number("max"),
            unitLabel: reader.trimmedString("unit_label"), scaleLabels: reader.strings("labels"),
            sectionID: sectionID, location: node.location)
        return (question, reader.diagnostics + diagnostics)
    }

    private static func option(from node: YAMLNode, question: String, file: String) -> (AnswerOption?, [Diagnostic]) {
        var reader = SchemaReader(node, file: file, allowedKeys: optionKeys,
                                  context: LocalizedText(sv: "ett alternativ till frågan `\(question)`", en: "an option of question `\(question)`"))
        guard node.mapping != nil else { return (nil, reader.diagnostics) }
        let label = reader.trimmedString("label")
        guard let id = reader.string("id"), !id.isEmpty else {
            reader.error(at: node.location, LocalizedText(
                sv: "alternativet \(label.map { "”\($0)” " } ?? "")till frågan `\(question)` saknar `id`; svaren anger alternativ med id",
                en: "the option \(label.map { "“\($0)” " } ?? "")of question `\(question)` has no `id`; responses name options by id"),
                code: .missingOptionId)
            return (nil, reader.diagnostics)
        }
        var details: DetailsRule?
        if let text = reader.string("details") {
            details = DetailsRule(rawValue: text)
            if details == nil {
                reader.error(at: reader.location(of: "details"), LocalizedText(
                    sv: "`details` ska vara `required` eller `optional`", en: "`details` must be `required` or `optional`"))
            }
        }
        let option = AnswerOption(id: id, label: label ?? id, details: details, detailsLabel: reader.trimmedString("details_label"),
                            exclusive: reader.bool("exclusive", default: false), location: node.location)
        return (option, reader.diagnostics)
    }

    private static func condition(from node: YAMLNode, question: String, file: String) -> (Condition?, [Diagnostic]) {
        var reader = SchemaReader(node, file: file, allowedKeys: conditionKeys,
                                  context: LocalizedText(sv: "villkoret för frågan `\(question)`", en: "the condition of question `\(question)`"))
        guard node.mapping != nil else { return (nil, reader.diagnostics) }
        guard let target = reader.string("question", required: true) else { return (nil, reader.diagnostics) }
        let equals = reader.strings("equals")
        let answered = reader.bool("answered", default: false)
        let test: Condition.Test
        if !equals.isEmpty {
            test = .equals(equals)
        } else if answered {
            test = .answered
        } else {
            reader.error(at: node.location, LocalizedText(
                sv: "villkoret behöver `answered: true` eller `equals: ALTERNATIV`",
                en: "the condition needs `answered: true` or `equals: OPTION`"))
            return (nil, reader.diagnostics)
        }
        return (Condition(question: target, test: test, location: node.location), reader.diagnostics)
    }

    static func registry(from root: YAMLNode, file: String) -> (Registry?, [Diagnostic]) {
        var reader = SchemaReader(root, file: file, allowedKeys: registryKeys,
                                  context: LocalizedText(sv: "registret", en: "the registry"))
        guard root.mapping != nil else { return (nil, reader.diagnostics) }
        let id = reader.string("registry", required: true) ?? ""
        var diagnostics: [Diagnostic] = []
        var respondents: [Respondent] = []
        for node in reader.nodes("respondents", required: true) {
            var entry = SchemaReader(node, file: file, allowedKeys: respondentKeys,
                                     context: LocalizedText(sv: "en svarande i registret", en: "a respondent in the registry"))
            if node.mapping != nil, let respondentID = entry.string("id", required: true) {
                let kind = entry.string("kind", required: true) ?? ""
                if !kind.isEmpty && !Registry.kinds.contains(kind) {
                    entry.error(at: entry.location(of: "kind"), LocalizedText(
                        sv: "okänd svarandetyp `\(kind)`; tillåtna är \(Registry.kinds.map { "`\($0)`" }.joined(separator: ", "))",
                        en: "unknown respondent kind `\(kind)`; allowed are \(Registry.kinds.map { "`\($0)`" }.joined(separator: ", "))"))
                }
                respondents.append(Respondent(
                    id: respondentID, kind: kind, name: entry.trimmedString("name", required: true) ?? respondentID,
                    officialName: entry.trimmedString("official_name"), forms: entry.strings("forms"),
                    localities: entry.strings("localities"), members: entry.strings("members"), location: node.location))
            }
            diagnostics += entry.diagnostics
        }
        let registry = Registry(id: id, title: reader.trimmedString("title"), allowedNames: reader.strings("allowed_names"),
                                respondents: respondents, file: file)
        return (registry, reader.diagnostics + diagnostics)
    }
}
