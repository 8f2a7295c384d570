import EnkatCore
import Foundation

/// One respondent's response file in a round, with its progress in the round's database.
/// An actor whose methods never suspend, so a save, a submit and a reopen of the same file
/// never interleave: each reads the file and the progress, writes, and records before the
/// next begins. Different respondents save in parallel.
actor RespondentFile {
    let respondent: String
    let survey: Survey
    let store: RoundStore
    let response: ResponseFile

    /// The response file's path.
    nonisolated var file: String { response.file }

    /// What a save or submit did.
    enum Outcome: Sendable {
        /// Saved as a draft (`written`: false when nothing had changed).
        case saved(written: Bool)
        /// Saved and submitted.
        case submitted
        /// Saved, but not submitted: the response has errors or required answers missing.
        case incomplete(Snapshot)
        /// Not written: the file changed since the form was loaded.
        case conflict(current: Snapshot)
        /// Not written: the response was submitted and is read-only until RSS reopens it.
        case locked
        /// Not written: the disk or the database refused.
        case failed(message: String)
    }

    init(respondent: String, file: String, catalog: SurveyCatalog, survey: Survey, store: RoundStore) {
        self.respondent = respondent
        self.survey = survey
        self.store = store
        response = ResponseFile(file: file, catalog: catalog)
    }

    /// The file as it is now.
    func load() -> Snapshot {
        response.load()
    }

    /// Whether a snapshot is what `enkat status` calls ready: no errors, nothing required missing.
    static func isComplete(_ snapshot: Snapshot, survey: Survey, registry: Registry?) -> Bool {
        guard snapshot.survey?.id == survey.id else { return false }
        if snapshot.check.diagnostics.contains(where: { $0.severity == .error }) { return false }
        return StatusReport(check: snapshot.check, survey: survey, registry: registry).missing.isEmpty
    }

    /// Writes the answers typed (as a draft), then submits them when `submit` is set and the
    /// response is complete.
    func save(_ submitted: FormState, token: VersionToken, submit: Bool, now: Date = Date()) -> Outcome {
        var submitted = submitted
        // The file belongs to the respondent of the link, whatever the form says.
        submitted.respondent = respondent
        do {
            if try store.progress(respondent)?.submitted == true { return .locked }
        } catch {
            return .failed(message: "omgångens databas kan inte läsas")
        }
        let registry = response.catalog.registries[survey.registry]
        let written: Bool
        switch response.write(submitted, token: token, survey: survey, now: now) {
        case .unchanged: written = false
        case .written: written = true
        case .conflict: return .conflict(current: load())
        case .failed(let message): return .failed(message: message)
        }
        let name = (file as NSString).lastPathComponent
        do {
            try store.markSaved(respondent, file: name, now: now)
        } catch {
            return .failed(message: "svaret sparades, men omgångens databas kan inte skrivas")
        }
        guard submit else { return .saved(written: written) }
        let snapshot = load()
        guard Self.isComplete(snapshot, survey: survey, registry: registry) else { return .incomplete(snapshot) }
        do {
            try store.markSubmitted(respondent, file: name, now: now)
        } catch {
            return .failed(message: "svaret sparades men kunde inte skickas in (omgångens databas kan inte skrivas)")
        }
        return .submitted
    }

    /// Opens a submitted response again for the respondent.
    func reopen(now: Date = Date()) throws -> Bool {
        try store.reopen(respondent, file: (file as NSString).lastPathComponent, now: now)
    }
}
