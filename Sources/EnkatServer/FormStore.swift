import EnkatCore
import Foundation

/// The response file as read at one moment: its bytes, their version token, the validator's
/// findings and the raw answers.
struct Snapshot: Sendable {
    /// The bytes, or `nil` when the file is missing or unreadable.
    var bytes: [UInt8]?
    var token: VersionToken
    var check: ResponseCheck
    /// The survey the file answers, when it names a known one.
    var survey: Survey?
    /// The raw answers, when the file is a YAML mapping and names a known survey.
    var state: FormState?
    /// When the file was last changed.
    var modified: Date?
}

/// What a save did.
enum SaveOutcome: Sendable {
    /// Written; `backup` is the previous version's copy (`nil` when the content was unchanged
    /// and nothing was written).
    case saved(Snapshot, backup: String?)
    /// Not written: the file changed since the form was loaded (`current`).
    case conflict(current: Snapshot)
    /// Not written: the disk refused (`message`).
    case failed(current: Snapshot, message: String)
}

/// One response file, read and written: what the single-file form's `FormStore` and the
/// round's `RespondentFile` share. Not an actor itself: each owner runs one save at a time
/// per file.
struct ResponseFile: Sendable {
    let file: String
    let catalog: SurveyCatalog
    let backups: Backups
    private let validator: ResponseValidator

    init(file: String, catalog: SurveyCatalog) {
        self.file = file
        self.catalog = catalog
        backups = Backups(file: file)
        validator = ResponseValidator(catalog: catalog)
    }

    /// The file as it is now.
    func load() -> Snapshot {
        let bytes = try? SourceFile.read(file)
        let check: ResponseCheck
        if let bytes {
            check = validator.check(bytes: bytes, file: file)
        } else {
            check = validator.check(file: file)
        }
        let survey = check.response.flatMap { catalog.surveys[$0.survey] }
        let state = survey.flatMap { survey in bytes.flatMap { FormState(yaml: $0, file: file, survey: survey) } }
        let modified = (try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date
        return Snapshot(bytes: bytes, token: VersionToken(of: bytes), check: check, survey: survey, state: state, modified: modified)
    }

    /// What `write` did.
    enum WriteResult: Sendable {
        /// The file already held these answers (a double click on Spara, two tabs alike).
        case unchanged
        /// Written; `backup` is the previous version's copy, `nil` for a file written anew.
        case written(backup: String?)
        /// Not written: the file changed since the form was loaded.
        case conflict
        /// Not written: the disk refused.
        case failed(message: String)
    }

    /// The save itself — compare, check the token, back up, replace atomically — writing
    /// `submitted` unless the file is no longer the version the form was loaded from (`token`).
    func write(_ submitted: FormState, token: VersionToken, survey: Survey, now: Date) -> WriteResult {
        let current = try? SourceFile.read(file)
        let text = submitted.yaml(survey: survey, registry: catalog.registries[survey.registry])
        let bytes = Array(text.utf8)
        if bytes == current { return .unchanged }
        guard VersionToken(of: current) == token else { return .conflict }
        // A file removed meanwhile is written anew once the user has seen the conflict page
        // (whose form carries the token of a missing file); there is nothing to back up then.
        var backup: String?
        if let current {
            do {
                backup = try backups.store(current, at: now)
            } catch {
                return .failed(message: error.message.sv)
            }
        }
        let directory = (file as NSString).deletingLastPathComponent
        do {
            _ = try AtomicWriter.write([((file as NSString).lastPathComponent, bytes)], into: directory.isEmpty ? "." : directory)
        } catch {
            return .failed(message: error.message.sv)
        }
        return .written(backup: backup)
    }
}

/// Reads and writes one response file. An actor, so two saves never interleave: each reads
/// the file, compares its token with the form's, backs it up and replaces it atomically
/// before the next begins.
actor FormStore {
    let response: ResponseFile

    init(_ response: ResponseFile) {
        self.response = response
    }

    /// The file as it is now.
    func load() -> Snapshot {
        response.load()
    }

    /// Writes `submitted` as the new content of the file, unless the file is no longer the
    /// version the form was loaded from (`token`).
    func save(_ submitted: FormState, token: VersionToken, survey: Survey, now: Date = Date()) -> SaveOutcome {
        switch response.write(submitted, token: token, survey: survey, now: now) {
        case .unchanged: .saved(load(), backup: nil)
        case .written(let backup): .saved(load(), backup: backup)
        case .conflict: .conflict(current: load())
        case .failed(let message): .failed(current: load(), message: message)
        }
    }
}
