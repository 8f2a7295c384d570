import Dispatch
import Synchronization

/// The output of the anonymize stage: the checked responses with every free text (answers of
/// text questions, comments, follow-up texts) anonymized, and every replacement made, located
/// in its response file, for the reviewer's audit. The aggregate stage sees only these texts.
public struct AnonymizedResponses: Sendable {
    /// The responses, their texts replaced by the anonymized ones.
    public var responses: [Response]
    /// What was replaced, in questionnaire order, respondent by respondent.
    public var replacements: [Audit.TextEntry]
    /// What could still identify a respondent and was not replaced, for the reviewer.
    public var risks = RiskQueue()
}

extension Anonymizer {
    /// The anonymize stage: every free text of `responses` (all answering `survey`) anonymized,
    /// on all cores.
    ///
    /// Follow-up texts count only where the answer chose an option that asks for one, as the
    /// report shows them; any other follow-up text is dropped here, so that it can reach no
    /// output.
    public func anonymize(_ responses: [Response], survey: Survey, decisions: ReviewDecisions = ReviewDecisions()) -> AnonymizedResponses {
        struct Job: Sendable {
            var response: Int
            var question: String
            var field: Audit.Field
            var text: String
            var line: Int?
            var personalData: [PersonalData.Match]?
        }
        var jobs: [Job] = []
        var responses = responses
        let order = responses.indices.sorted { (responses[$0].respondent, responses[$0].file) < (responses[$1].respondent, responses[$1].file) }
        for question in survey.questions {
            for index in order {
                guard var answer = responses[index].answers[question.id] else { continue }
                if case .text(let text)? = answer.value {
                    jobs.append(Job(response: index, question: question.id, field: .answer, text: text, line: answer.textLines.value,
                                    personalData: answer.personalData?.value))
                }
                if let comment = answer.comment {
                    jobs.append(Job(response: index, question: question.id, field: .comment, text: comment, line: answer.textLines.comment,
                                    personalData: answer.personalData?.comment))
                }
                if let details = answer.details {
                    if question.detailsOption(chosenIn: answer.value) != nil {
                        jobs.append(Job(response: index, question: question.id, field: .details, text: details, line: answer.textLines.details,
                                        personalData: answer.personalData?.details))
                    } else {
                        answer.details = nil
                        responses[index].answers[question.id] = answer
                    }
                }
            }
        }
        let texts = jobs.map(\.text)
        let found = jobs.map(\.personalData)
        let results = Mutex<[AnonymizedText?]>(Array(repeating: nil, count: texts.count))
        let chunk = 64
        DispatchQueue.concurrentPerform(iterations: (texts.count + chunk - 1) / chunk) { part in
            let range = (part * chunk)..<min(texts.count, (part + 1) * chunk)
            // The check found the personal data already: the anonymizer does not search again.
            let done = range.map { anonymize(texts[$0], personalData: found[$0]) }
            results.withLock { all in
                for (offset, index) in range.enumerated() { all[index] = done[offset] }
            }
        }
        var replacements: [Audit.TextEntry] = []
        var risks: [(job: Job, candidate: RiskCandidate)] = []
        for (job, result) in zip(jobs, results.withLock { $0 }) {
            guard let result else { continue }
            let file = responses[job.response].file
            risks += result.risks.map { (job, $0) }
            for replacement in result.replacements {
                replacements.append(Audit.TextEntry(
                    file: file, question: job.question, field: job.field,
                    line: (job.line ?? 0) + replacement.line - 1, column: replacement.column,
                    kind: replacement.kind, found: replacement.found, placeholder: replacement.placeholder))
            }
            switch job.field {
            case .answer: responses[job.response].answers[job.question]?.value = .text(result.text)
            case .comment: responses[job.response].answers[job.question]?.comment = result.text
            case .details: responses[job.response].answers[job.question]?.details = result.text
            }
        }
        return AnonymizedResponses(responses: responses, replacements: replacements,
                                   risks: Self.queue(risks.map { ($0.job.response, $0.job.question, $0.job.field, $0.job.line, $0.candidate) },
                                                     responses: responses, decisions: decisions))
    }

    /// The risk queue from every text's candidates: one entry per term, text and place; a rare
    /// word only when one respondent alone uses it.
    private static func queue(_ found: [(response: Int, question: String, field: Audit.Field, line: Int?, candidate: RiskCandidate)],
                              responses: [Response], decisions: ReviewDecisions) -> RiskQueue {
        var users: [String: Set<String>] = [:]
        for item in found where item.candidate.kind == .rareWord {
            users[item.candidate.term.lowercased(), default: []].insert(responses[item.response].respondent)
        }
        var queue = RiskQueue()
        var seen = Set<String>()
        for item in found {
            let candidate = item.candidate
            if candidate.kind == .rareWord, users[candidate.term.lowercased(), default: []].count > 1 { continue }
            let file = responses[item.response].file
            let id = RiskQueue.id(file: file, question: item.question, field: item.field, term: candidate.term)
            guard seen.insert(id).inserted else { continue }
            queue.entries.append(RiskQueue.Entry(
                id: id, term: candidate.term, kind: candidate.kind, file: file, respondent: responses[item.response].respondent,
                question: item.question, field: item.field, line: (item.line ?? 1) + candidate.line - 1, sentence: candidate.sentence,
                decision: decisions.keeps(candidate.term) ? .keep : .undecided))
        }
        return queue
    }
}
