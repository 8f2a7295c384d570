import Dispatch
import Synchronization

/// Turns checked responses to one survey into a `CompiledReport`: counts, numbers and scale
/// distributions per question, every text anonymized, small counts suppressed, and an audit of
/// all of it for the reviewer.
public struct Aggregator: Sendable {
    public let survey: Survey
    public let registry: Registry
    public let anonymizer: Anonymizer
    public let minCount: Int

    public init(survey: Survey, registry: Registry, anonymizer: Anonymizer, minCount: Int) {
        self.survey = survey
        self.registry = registry
        self.anonymizer = anonymizer
        self.minCount = max(1, minCount)
    }

    /// The responses of one respondent (one, or several for the självskattning).
    struct Group {
        var respondent: String
        var responses: [Response]
    }

    /// Compiles `responses`, which must all answer `survey` and be free of errors.
    public func compile(_ responses: [Response]) -> CompiledReport {
        let anonymized = anonymizeAll(responses)

        let byRespondent = Dictionary(grouping: responses, by: \.respondent)
        let groups = byRespondent.keys.sorted().map { id in
            Group(respondent: id, responses: byRespondent[id, default: []].sorted { $0.file < $1.file })
        }
        var audit = Audit()
        audit.files = responses.map(\.file).sorted()
        var compiled: [String: CompiledQuestion] = [:]
        var rowHidden: Set<String> = []
        for question in survey.questions {
            let entry = compileQuestion(question, groups, anonymized, &audit)
            var compiledQuestion = entry.question
            if entry.totalMustBeHidden {
                rowHidden.insert(question.id)
                compiledQuestion.answered = nil
            }
            compiled[question.id] = compiledQuestion
        }
        // A conditional question's number of answers (and of texts) follows its condition's
        // counts: when those are hidden, so is it.
        for question in survey.questions {
            guard let condition = question.relevantWhen, var entry = compiled[question.id],
                  let parent = compiled[condition.question],
                  !parent.suppressed.isEmpty || rowHidden.contains(parent.id) else { continue }
            entry.answered = nil
            let withheld = entry.texts.count + entry.details.reduce(0) { $0 + $1.texts.count }
            if withheld > 0 {
                audit.withheld.append(.init(question: question.id, texts: withheld,
                                            reason: "frågan ställs bara vid vissa svar på fråga \(parent.id), vars antal är dolda"))
                entry.texts = []
                entry.details = []
                entry.textsWithheld = true
            }
            compiled[question.id] = entry
        }
        let sections = survey.sections.map { section in
            CompiledSection(id: section.id, title: section.title, text: section.text,
                            questions: section.questions.compactMap { compiled[$0.id] })
        }
        let expected = registry.respondents(ofKind: survey.respondentKind).count
        return CompiledReport(
            survey: SurveyInfo(id: survey.id, title: survey.title, publisher: survey.publisher, period: survey.period),
            area: registry.title ?? registry.id, minCount: minCount,
            respondents: RespondentTotals(kind: survey.respondentKind, expected: expected, answered: groups.count, responses: responses.count),
            sections: sections, score: compileScore(groups), audit: audit)
    }

    /// The anonymized texts of one answer.
    struct AnonymizedAnswer {
        var value: AnonymizedText?
        var comment: AnonymizedText?
        var details: AnonymizedText?
    }

    /// The anonymized answers, by response file and question id.
    typealias AnonymizedAnswers = [String: [String: AnonymizedAnswer]]

    /// Every free text of `responses` anonymized, on all cores.
    private func anonymizeAll(_ responses: [Response]) -> AnonymizedAnswers {
        enum Field { case value, comment, details }
        var jobs: [(file: String, question: String, field: Field, text: String)] = []
        for response in responses {
            for (question, answer) in response.answers {
                if case .text(let text)? = answer.value { jobs.append((response.file, question, .value, text)) }
                if let comment = answer.comment { jobs.append((response.file, question, .comment, comment)) }
                if let details = answer.details { jobs.append((response.file, question, .details, details)) }
            }
        }
        let texts = jobs.map(\.text)
        let results = Mutex<[AnonymizedText?]>(Array(repeating: nil, count: texts.count))
        let chunk = 64
        let chunks = (texts.count + chunk - 1) / chunk
        let anonymizer = self.anonymizer
        DispatchQueue.concurrentPerform(iterations: chunks) { part in
            let range = (part * chunk)..<min(texts.count, (part + 1) * chunk)
            let done = range.map { anonymizer.anonymize(texts[$0]) }
            results.withLock { all in
                for (offset, index) in range.enumerated() { all[index] = done[offset] }
            }
        }
        var answers: AnonymizedAnswers = [:]
        for (job, result) in zip(jobs, results.withLock { $0 }) {
            guard let result else { continue }
            switch job.field {
            case .value: answers[job.file, default: [:]][job.question, default: .init()].value = result
            case .comment: answers[job.file, default: [:]][job.question, default: .init()].comment = result
            case .details: answers[job.file, default: [:]][job.question, default: .init()].details = result
            }
        }
        return answers
    }

    // MARK: - Questions

    private struct Compiled {
        var question: CompiledQuestion
        var totalMustBeHidden = false
    }

    private func compileQuestion(_ question: Question, _ groups: [Group], _ anonymized: AnonymizedAnswers, _ audit: inout Audit) -> Compiled {
        let answeringGroups = groups.filter { group in group.responses.contains { $0.answers[question.id]?.value != nil } }
        let answeringResponses = groups.reduce(0) { sum, group in sum + group.responses.count { $0.answers[question.id]?.value != nil } }
        var result = CompiledQuestion(
            id: question.id, type: question.type, text: question.text, unitLabel: question.unitLabel,
            conditional: question.relevantWhen != nil, answered: answeringGroups.count, responses: answeringResponses,
            counts: [], numeric: nil, distribution: [], texts: [], comments: [], details: [], textsWithheld: false)
        var totalMustBeHidden = false
        switch question.type {
        case .choice, .multi:
            let cells = question.options.map { option in
                Suppression.Cell(id: option.id, label: option.label,
                                 count: answeringGroups.count { group in group.responses.contains { $0.answers[question.id]?.value?.chosenOptions.contains(option.id) == true } })
            }
            let suppressed = Suppression.apply(cells, minCount: minCount, constrained: question.type == .choice)
            result.counts = orderedByFrequency(suppressed.counts, options: question.options.map(\.id))
            totalMustBeHidden = suppressed.totalMustBeHidden
            record(cells, suppressed.counts, question: question.id, &audit)
        case .percent, .decimal:
            var numbers: [Double] = []
            var sentinelCounts: [String: Int] = [:]
            for group in answeringGroups {
                let values = group.responses.compactMap { $0.answers[question.id]?.value }
                let found = values.compactMap { value -> Double? in if case .number(let n) = value { n } else { nil } }
                if !found.isEmpty {
                    numbers.append(found.reduce(0, +) / Double(found.count))
                } else if case .sentinel(let id)? = values.first {
                    sentinelCounts[id, default: 0] += 1
                }
            }
            let numberCell = Suppression.Cell(id: "tal", label: question.unitLabel ?? "Angivet värde", count: numbers.count)
            let cells = [numberCell] + question.sentinels.map { Suppression.Cell(id: $0.id, label: $0.label, count: sentinelCounts[$0.id, default: 0]) }
            let suppressed = Suppression.apply(cells, minCount: minCount, constrained: !question.sentinels.isEmpty)
            totalMustBeHidden = suppressed.totalMustBeHidden
            record(cells, suppressed.counts, question: question.id, &audit)
            let numberHidden = suppressed.counts[0].count == nil || (numbers.count > 0 && numbers.count < minCount)
            result.numeric = summary(numbers, hidden: numberHidden)
            if numberHidden && suppressed.counts[0].count != nil {
                audit.cells.append(.init(question: question.id, cell: "tal", count: numbers.count, reason: .small))
            }
            result.counts = Array(suppressed.counts.dropFirst())
        case .scale:
            var buckets: [Double: Int] = [:]
            for group in answeringGroups {
                let values = group.responses.compactMap { response -> Double? in
                    if case .number(let n)? = response.answers[question.id]?.value { n } else { nil }
                }
                guard !values.isEmpty else { continue }
                buckets[halfStep(values.reduce(0, +) / Double(values.count)), default: 0] += 1
            }
            let low = question.minimum ?? 1
            let high = question.maximum ?? 5
            var cells: [Suppression.Cell] = []
            var step = low
            while step <= high + 1e-9 {
                let whole = step.rounded() == step
                let label: String
                if whole {
                    let index = Int(step - low)
                    label = index < question.scaleLabels.count ? question.scaleLabels[index] : SwedishWords.decimal(step)
                } else {
                    label = "mellan \(SwedishWords.decimal(step - 0.5)) och \(SwedishWords.decimal(step + 0.5))"
                }
                // Half steps appear only when some mean falls on them.
                if whole || buckets[step] != nil {
                    cells.append(Suppression.Cell(id: SwedishWords.decimal(step), label: label, count: buckets[step, default: 0]))
                }
                step += 0.5
            }
            let suppressed = Suppression.apply(cells, minCount: minCount, constrained: true)
            result.distribution = suppressed.counts
            totalMustBeHidden = suppressed.totalMustBeHidden
            record(cells, suppressed.counts, question: question.id, &audit)
        case .text:
            break
        }

        // Texts: the answers of a text question, comments, and follow-up texts per option.
        var texts: [String] = []
        var comments: [String] = []
        var details: [String: [String]] = [:]
        for group in groups {
            for response in group.responses {
                guard let answer = response.answers[question.id] else { continue }
                let done = anonymized[response.file]?[question.id]
                if case .text(let text)? = answer.value {
                    texts.append(anonymizedText(done?.value, of: text, response: response, question: question.id, field: "svar", line: answer.textLines.value, &audit))
                }
                if let comment = answer.comment {
                    comments.append(anonymizedText(done?.comment, of: comment, response: response, question: question.id, field: "kommentar", line: answer.textLines.comment, &audit))
                }
                if let text = answer.details,
                   let option = question.options.first(where: { $0.details != nil && answer.value?.chosenOptions.contains($0.id) == true }) {
                    details[option.id, default: []].append(
                        anonymizedText(done?.details, of: text, response: response, question: question.id, field: "följdtext", line: answer.textLines.details, &audit))
                }
            }
        }
        let hiddenOptions = Set(result.counts.filter { $0.count == nil }.map(\.id))
        var withheldDetails = 0
        result.details = question.options.compactMap { option in
            guard let group = details[option.id], !group.isEmpty else { return nil }
            if hiddenOptions.contains(option.id) {
                withheldDetails += group.count
                return nil
            }
            return DetailsGroup(option: option.id, label: option.label, detailsLabel: option.detailsLabel, texts: Self.neutralOrder(group))
        }
        if withheldDetails > 0 {
            audit.withheld.append(.init(question: question.id, texts: withheldDetails,
                                        reason: "följdtexter till alternativ vars antal är dolt"))
        }
        if !texts.isEmpty && texts.count < minCount {
            audit.withheld.append(.init(question: question.id, texts: texts.count,
                                        reason: "färre än \(SwedishWords.words(minCount)) svar"))
            result.textsWithheld = true
        } else {
            result.texts = Self.neutralOrder(texts)
        }
        result.comments = comments.count < minCount ? [] : Self.neutralOrder(comments)
        result.commentsWithheld = !comments.isEmpty && comments.count < minCount
        if result.commentsWithheld {
            audit.withheld.append(.init(question: question.id, texts: comments.count,
                                        reason: "färre än \(SwedishWords.words(minCount)) kommentarer"))
        }
        return Compiled(question: result, totalMustBeHidden: totalMustBeHidden)
    }

    /// Shown counts by frequency (ties in questionnaire order), then the hidden ones in
    /// questionnaire order, so the order never hints at a hidden count.
    private func orderedByFrequency(_ counts: [CompiledCount], options: [String]) -> [CompiledCount] {
        let position = Dictionary(uniqueKeysWithValues: options.enumerated().map { ($1, $0) })
        let shown = counts.filter { $0.count != nil }.sorted {
            ($0.count ?? 0, -(position[$0.id] ?? 0)) > ($1.count ?? 0, -(position[$1.id] ?? 0))
        }
        return shown + counts.filter { $0.count == nil }
    }

    private func record(_ cells: [Suppression.Cell], _ counts: [CompiledCount], question: String, _ audit: inout Audit) {
        for (cell, count) in zip(cells, counts) {
            if let reason = count.suppression {
                audit.cells.append(.init(question: question, cell: cell.id, count: cell.count, reason: reason))
            }
        }
    }

    /// The anonymized text (anonymizing it here if it was missed), its replacements in the audit.
    private func anonymizedText(_ done: AnonymizedText?, of text: String, response: Response, question: String, field: String, line: Int?, _ audit: inout Audit) -> String {
        let result = done ?? anonymizer.anonymize(text)
        for replacement in result.replacements {
            audit.replacements.append(.init(
                file: response.file, question: question, field: field,
                line: (line ?? 0) + replacement.line - 1, column: replacement.column,
                kind: replacement.kind.rawValue, found: replacement.found, placeholder: replacement.placeholder))
        }
        return result.text
    }

    // MARK: - Numbers

    private func halfStep(_ value: Double) -> Double {
        (value * 2).rounded() / 2
    }

    private func summary(_ values: [Double], hidden: Bool) -> NumericSummary {
        guard !hidden, !values.isEmpty else {
            return NumericSummary(n: hidden ? nil : 0, min: nil, median: nil, mean: nil, max: nil, suppressed: hidden)
        }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        return NumericSummary(n: values.count, min: sorted.first, median: median,
                              mean: values.reduce(0, +) / Double(values.count), max: sorted.last, suppressed: false)
    }

    private func compileScore(_ groups: [Group]) -> CompiledScore? {
        guard let score = survey.score else { return nil }
        var totals: [Double] = []
        for group in groups {
            var total = 0.0
            var complete = true
            for id in score.questions {
                let values = group.responses.compactMap { response -> Double? in
                    if case .number(let n)? = response.answers[id]?.value { n } else { nil }
                }
                guard !values.isEmpty else { complete = false; break }
                total += values.reduce(0, +) / Double(values.count)
            }
            if complete { totals.append(total) }
        }
        return CompiledScore(questions: score.questions, maxTotal: score.maxTotal,
                             summary: summary(totals, hidden: !totals.isEmpty && totals.count < minCount))
    }

    // MARK: - Order

    /// A stable order derived from the texts themselves (an FNV-1a hash of the first bytes
    /// and the length, ties broken by the bytes), so the order says nothing about who wrote
    /// what.
    static func neutralOrder(_ texts: [String]) -> [String] {
        texts.map { (fnv1a($0), $0) }.sorted { a, b in
            a.0 != b.0 ? a.0 < b.0 : a.1.utf8.lexicographicallyPrecedes(b.1.utf8)
        }.map(\.1)
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8.prefix(256) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return (hash ^ UInt64(text.utf8.count)) &* 0x0000_0100_0000_01b3
    }
}
