import Foundation
import GRDB

/// The state of a survey round, in `DIR/round.sqlite` (SQLite through GRDB, WAL mode):
/// respondents and the hashes of their link tokens, the admin password's bcrypt hash, admin
/// sessions, each respondent's progress, the append-only event log and the rate-limit
/// counters. The answers themselves are never here: they are the YAML files in
/// `DIR/responses/`.
///
/// Every method is synchronous and short; SQLite serializes the writes (and a busy timeout
/// lets `enkat round links` write while the server runs).
final class RoundStore: Sendable {
    /// The database file's name in the round folder.
    static let fileName = "round.sqlite"

    let pool: DatabasePool

    /// Where one respondent stands.
    struct Progress: Sendable, Equatable {
        var respondent: String
        var openedAt: Date?
        var lastSavedAt: Date?
        var submittedAt: Date?
        var reopenedAt: Date?
        var submitted: Bool { submittedAt != nil }
    }

    /// One row of the event log.
    struct Event: Sendable, Equatable {
        var id: Int64
        var time: Date
        var actor: String
        var action: String
        var respondent: String?
        var file: String?
    }

    /// An admin session.
    struct Session: Sendable {
        var csrf: String
        var expiresAt: Date
    }

    /// Why the store cannot be opened or written.
    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// Opens (and migrates) the database at `path`; `create` makes it if missing.
    init(path: String, create: Bool = false) throws {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw Failure(description: "\(path) finns inte")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "enkat-round"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    CREATE TABLE respondents (
                        id TEXT PRIMARY KEY NOT NULL,
                        token_hash TEXT NOT NULL UNIQUE,
                        token_issued_at DATETIME NOT NULL);
                    CREATE TABLE admin (
                        id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
                        password_hash TEXT NOT NULL);
                    CREATE TABLE sessions (
                        id_hash TEXT PRIMARY KEY NOT NULL,
                        csrf TEXT NOT NULL,
                        created_at DATETIME NOT NULL,
                        expires_at DATETIME NOT NULL);
                    CREATE TABLE submissions (
                        respondent TEXT PRIMARY KEY NOT NULL REFERENCES respondents(id),
                        opened_at DATETIME,
                        last_saved_at DATETIME,
                        submitted_at DATETIME,
                        reopened_at DATETIME);
                    CREATE TABLE events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        time DATETIME NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        respondent TEXT,
                        file TEXT);
                    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
                        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
                        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                    CREATE TABLE rate_limits (
                        key TEXT PRIMARY KEY NOT NULL,
                        window_start DATETIME NOT NULL,
                        count INTEGER NOT NULL);
                    """)
        }
        return migrator
    }

    // MARK: - Setting up

    /// Writes a new round's state: the survey, the respondents' token hashes, the admin
    /// password hash and a fresh key for the respondent pages' CSRF tokens.
    func initialize(survey: String, respondents: [(id: String, tokenHash: String)], passwordHash: String, now: Date = Date())
        throws
    {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('survey', ?)", arguments: [survey])
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('csrf_key', ?)",
                arguments: [RoundSecrets.hex(RoundSecrets.randomBytes(32))])
            try db.execute(sql: "INSERT INTO admin (id, password_hash) VALUES (1, ?)", arguments: [passwordHash])
            for respondent in respondents {
                try db.execute(
                    sql: "INSERT INTO respondents (id, token_hash, token_issued_at) VALUES (?, ?, ?)",
                    arguments: [respondent.id, respondent.tokenHash, now])
                try db.execute(sql: "INSERT INTO submissions (respondent) VALUES (?)", arguments: [respondent.id])
            }
            try Self.log(db, time: now, actor: "cli", action: "round-created", respondent: nil, file: nil)
        }
    }

    /// The survey the round is for.
    func surveyID() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'survey'") } ?? ""
    }

    /// The key of the respondent pages' CSRF tokens.
    func csrfKey() throws -> [UInt8] {
        let hex = try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'csrf_key'") } ?? ""
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }

    /// The respondents, in registry order as created.
    func respondentIDs() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT id FROM respondents ORDER BY rowid") }
    }

    // MARK: - Tokens

    /// The respondent whose current token has this hash.
    func respondent(tokenHash: String) throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT id FROM respondents WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    /// Replaces a respondent's token (the old one stops working at once).
    func reissue(respondent: String, tokenHash: String, actor: String, now: Date = Date()) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE respondents SET token_hash = ?, token_issued_at = ? WHERE id = ?", arguments: [tokenHash, now, respondent])
            guard db.changesCount == 1 else { return false }
            try Self.log(db, time: now, actor: actor, action: "link-reissued", respondent: respondent, file: nil)
            return true
        }
    }

    // MARK: - Progress

    func progress(_ respondent: String) throws -> Progress? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM submissions WHERE respondent = ?", arguments: [respondent]).map(Self.progress)
        }
    }

    func allProgress() throws -> [Progress] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT s.* FROM submissions s JOIN respondents r ON r.id = s.respondent ORDER BY r.rowid"
            ).map(Self.progress)
        }
    }

    private static func progress(_ row: Row) -> Progress {
        Progress(
            respondent: row["respondent"], openedAt: row["opened_at"], lastSavedAt: row["last_saved_at"],
            submittedAt: row["submitted_at"], reopenedAt: row["reopened_at"])
    }

    /// The first time a respondent opened their link.
    func markOpened(_ respondent: String, now: Date = Date()) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE submissions SET opened_at = ? WHERE respondent = ? AND opened_at IS NULL", arguments: [now, respondent])
            if db.changesCount > 0 {
                try Self.log(db, time: now, actor: "respondent", action: "opened", respondent: respondent, file: nil)
            }
        }
    }

    /// A save was written (or found already on disk).
    func markSaved(_ respondent: String, file: String, now: Date = Date()) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE submissions SET last_saved_at = ?, opened_at = coalesce(opened_at, ?) WHERE respondent = ?",
                arguments: [now, now, respondent])
            try Self.log(db, time: now, actor: "respondent", action: "saved", respondent: respondent, file: file)
        }
    }

    /// Submitted; the file is read-only to the respondent from now on.
    func markSubmitted(_ respondent: String, file: String, now: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE submissions SET submitted_at = ? WHERE respondent = ?", arguments: [now, respondent])
            try Self.log(db, time: now, actor: "respondent", action: "submitted", respondent: respondent, file: file)
        }
    }

    /// Opened again for the respondent by RSS; `false` when it was not submitted.
    func reopen(_ respondent: String, file: String, now: Date = Date()) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE submissions SET submitted_at = NULL, reopened_at = ? WHERE respondent = ? AND submitted_at IS NOT NULL",
                arguments: [now, respondent])
            guard db.changesCount == 1 else { return false }
            try Self.log(db, time: now, actor: "admin", action: "reopened", respondent: respondent, file: file)
            return true
        }
    }

    // MARK: - Event log

    /// Appends an event. Never pass answer text or a token.
    func log(actor: String, action: String, respondent: String? = nil, file: String? = nil, now: Date = Date()) throws {
        try pool.write { db in try Self.log(db, time: now, actor: actor, action: action, respondent: respondent, file: file) }
    }

    private static func log(_ db: Database, time: Date, actor: String, action: String, respondent: String?, file: String?) throws {
        try db.execute(
            sql: "INSERT INTO events (time, actor, action, respondent, file) VALUES (?, ?, ?, ?, ?)",
            arguments: [time, actor, action, respondent, file])
    }

    /// The newest `limit` events, newest first.
    func events(limit: Int = 1000) throws -> [Event] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM events ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                Event(
                    id: row["id"], time: row["time"], actor: row["actor"], action: row["action"], respondent: row["respondent"],
                    file: row["file"])
            }
        }
    }

    // MARK: - Admin

    func passwordHash() throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT password_hash FROM admin WHERE id = 1") }
    }

    /// Stores a new session (by the hash of its id); expired ones go.
    func createSession(idHash: String, csrf: String, lifetime: TimeInterval, now: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at < ?", arguments: [now])
            try db.execute(
                sql: "INSERT INTO sessions (id_hash, csrf, created_at, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [idHash, csrf, now, now.addingTimeInterval(lifetime)])
        }
    }

    /// The session with this id hash, when it has not expired.
    func session(idHash: String, now: Date = Date()) throws -> Session? {
        try pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT csrf, expires_at FROM sessions WHERE id_hash = ? AND expires_at >= ?", arguments: [idHash, now]
            ).map { Session(csrf: $0["csrf"], expiresAt: $0["expires_at"]) }
        }
    }

    func deleteSession(idHash: String) throws {
        try pool.write { db in try db.execute(sql: "DELETE FROM sessions WHERE id_hash = ?", arguments: [idHash]) }
    }

    // MARK: - Rate limits

    /// Seconds until `key` may try again, when it has used up `limit` attempts in the current
    /// window of `window` seconds; `nil` when it may try now.
    func retryAfter(_ key: String, limit: Int, window: TimeInterval, now: Date = Date()) throws -> Int? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT window_start, count FROM rate_limits WHERE key = ?", arguments: [key])
            else { return nil }
            let start: Date = row["window_start"]
            let count: Int = row["count"]
            let ends = start.addingTimeInterval(window)
            guard ends > now, count >= limit else { return nil }
            return max(1, Int(ends.timeIntervalSince(now).rounded(.up)))
        }
    }

    /// Counts one failed attempt for `key` in its window.
    func recordFailure(_ key: String, window: TimeInterval, now: Date = Date()) throws {
        try pool.write { db in
            let start = try Date.fetchOne(db, sql: "SELECT window_start FROM rate_limits WHERE key = ?", arguments: [key])
            if let start, start.addingTimeInterval(window) > now {
                try db.execute(sql: "UPDATE rate_limits SET count = count + 1 WHERE key = ?", arguments: [key])
            } else {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)", arguments: [key, now])
            }
        }
    }
}
