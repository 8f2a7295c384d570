/// The aggregate stage: turns anonymized responses to one survey into a ``CompiledReport`` —
/// counts, numbers and scale distributions per question, small counts suppressed, texts
/// withheld where too few wrote one — and records in the ``Audit`` what it hid and why.
public struct Aggregator: Sendable {
    public let survey: Survey
    public let registry: Registry
    public let minCount: Int

    public init(survey: Survey, registry: Registry, minCount: Int) {
        self.survey = survey
        self.registry = registry
        self.minCount = max(1, minCount)
    }

    /// The responses of one respondent (one, or several for the självskattning).
    struct Group {
        var respondent: String
        var responses: [Response]
    }

    /// The stage's output: the publishable report, and the reviewer's audit beside it.
    public struct Output: Sendable {
        public var report: CompiledReport
        public var audit: Audit
    }

    /// Aggregates `input`, whose responses must all answer `survey` and be free of errors.
    public func aggregate(_ input: AnonymizedResponses) -> Output {
        let responses = input.responses
        let byRespondent = Dictionary(grouping: responses, by: \.respondent)
        let groups = byRespondent.keys.sorted().map { id in
            Group(respondent: id, responses: byRespondent[id, default: []].sorted { $0.file < $1.file })
        }
        var audit = Audit()
        audit.replacements = input.replacements
        audit.risks = input.risks
        audit.files = responses.map(\.file).sorted()
        var compiled: [String: CompiledQuestion] = [:]
        var rowHidden: Set<String> = []
        for question in survey.questions {
            let entry = compileQuestion(question, groups)
            audit.cells += entry.cells
            audit.withheld += entry.withheld
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
                audit.withheld.append(.init(question: question.id, texts: withheld, reason: .conditionHidden(question: parent.id)))
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
        let report = CompiledReport(
            survey: SurveyInfo(id: survey.id, title: survey.title, publisher: survey.publisher, period: survey.period),
            area: registry.title ?? registry.id, minCount: minCount,
            respondents: RespondentTotals(kind: survey.respondentKind, expected: expected, answered: groups.count, responses: responses.count),
            sections: sections, score: compileScore(groups))
        return Output(report: report, audit: audit)
    }

    // MARK: - Questions

    /// One question compiled, with what it hid.
    private struct Compiled {
        var question: CompiledQuestion
        var totalMustBeHidden = false
        var cells: [Audit.CellEntry] = []
        var withheld: [Audit.WithheldEntry] = []
    }

    private func compileQuestion(_ question: Question, _ groups: [Group]) -> Compiled {
        let answeringGroups = groups.filter { group in group.responses.contains { $0.answers[question.id]?.value != nil } }
        let answeringResponses = groups.reduce(0) { sum, group in sum + group.responses.count { $0.answers[question.id]?.value != nil } }
        var result = CompiledQuestion(
            id: question.id, type: question.type, text: question.text, unitLabel: question.unitLabel,
            conditional: question.relevantWhen != nil, answered: answeringGroups.count, responses: answeringResponses,
            counts: [], numeric: nil, distribution: [], texts: [], comments: [], details: [], textsWithheld: false)
        var totalMustBeHidden = false
        var cellsHidden: [Audit.CellEntry] = []
        var withheld: [Audit.WithheldEntry] = []
        switch question.type {
        case .choice, .multi:
            let cells = question.options.map { option in
                Suppression.Cell(id: option.id, label: option.label,
                                 count: answeringGroups.count { group in group.responses.contains { $0.answers[question.id]?.value?.chosenOptions.contains(option.id) == true } })
            }
            let suppressed = Suppression.apply(cells, minCount: minCount, constrained: question.type == .choice)
            result.counts = orderedByFrequency(suppressed.counts, options: question.options.map(\.id))
            totalMustBeHidden = suppressed.totalMustBeHidden
            cellsHidden += hidden(cells, suppressed.counts, question: question.id)
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
            cellsHidden += hidden(cells, suppressed.counts, question: question.id)
            let numberHidden = suppressed.counts[0].count == nil || (numbers.count > 0 && numbers.count < minCount)
            result.numeric = summary(numbers, hidden: numberHidden)
            if numberHidden && suppressed.counts[0].count != nil {
                cellsHidden.append(.init(question: question.id, cell: "tal", count: numbers.count, reason: .small))
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
            var cells: [Suppression.Cell] = []
            let steps = question.scaleSteps
            for (position, step) in steps.enumerated() {
                let whole = Double(step.value)
                cells.append(Suppression.Cell(id: SwedishWords.decimal(whole), label: step.label ?? SwedishWords.decimal(whole),
                                              count: buckets[whole, default: 0]))
                // Half steps appear only when some mean falls on them.
                let half = whole + 0.5
                if position + 1 < steps.count, let count = buckets[half] {
                    cells.append(Suppression.Cell(id: SwedishWords.decimal(half), label: "mellan \(SwedishWords.decimal(whole)) och \(SwedishWords.decimal(whole + 1))",
                                                  count: count))
                }
            }
            let suppressed = Suppression.apply(cells, minCount: minCount, constrained: true)
            result.distribution = suppressed.counts
            totalMustBeHidden = suppressed.totalMustBeHidden
            cellsHidden += hidden(cells, suppressed.counts, question: question.id)
        case .text:
            break
        }

        // Texts: the answers of a text question, comments, and follow-up texts per option
        // (already anonymized; the anonymize stage kept only follow-up texts of a chosen
        // option that asks for one).
        var texts: [String] = []
        var comments: [String] = []
        var details: [String: [String]] = [:]
        for group in groups {
            for response in group.responses {
                guard let answer = response.answers[question.id] else { continue }
                if case .text(let text)? = answer.value { texts.append(text) }
                if let comment = answer.comment { comments.append(comment) }
                if let text = answer.details,
                   let option = question.detailsOption(chosenIn: answer.value) {
                    details[option.id, default: []].append(text)
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
            withheld.append(.init(question: question.id, texts: withheldDetails, reason: .detailsOfHiddenOption))
        }
        if !texts.isEmpty && texts.count < minCount {
            withheld.append(.init(question: question.id, texts: texts.count, reason: .fewAnswers(minCount: minCount)))
            result.textsWithheld = true
        } else {
            result.texts = Self.neutralOrder(texts)
        }
        result.comments = comments.count < minCount ? [] : Self.neutralOrder(comments)
        result.commentsWithheld = !comments.isEmpty && comments.count < minCount
        if result.commentsWithheld {
            withheld.append(.init(question: question.id, texts: comments.count, reason: .fewComments(minCount: minCount)))
        }
        return Compiled(question: result, totalMustBeHidden: totalMustBeHidden, cells: cellsHidden, withheld: withheld)
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

    /// The audit entries of the cells whose counts are hidden.
    private func hidden(_ cells: [Suppression.Cell], _ counts: [CompiledCount], question: String) -> [Audit.CellEntry] {
        zip(cells, counts).compactMap { cell, count in
            count.suppression.map { Audit.CellEntry(question: question, cell: cell.id, count: cell.count, reason: $0) }
        }
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
