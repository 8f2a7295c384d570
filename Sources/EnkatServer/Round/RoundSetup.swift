import EnkatCore
import Foundation

/// A survey round on disk: `DIR/round.sqlite` (the state, `RoundStore`) and
/// `DIR/responses/<respondent>.yaml` (the answers, as `enkat new` writes them).
public enum RoundSetup {
    /// Why a round cannot be created, read or changed: a Swedish and English message that
    /// says what to do.
    public struct Failure: Error, Sendable {
        /// The message.
        public var message: LocalizedText
    }

    /// One respondent's secret link: the respondent id and the URL path `/svar/TOKEN`.
    public struct Link: Sendable, Equatable {
        /// The respondent id.
        public var respondent: String
        /// `/svar/TOKEN`.
        public var path: String
    }

    /// The responses folder of a round.
    public static func responsesDirectory(_ directory: String) -> String {
        (directory as NSString).appendingPathComponent("responses")
    }

    /// A respondent's response file in a round.
    public static func responseFile(_ directory: String, respondent: String) -> String {
        (responsesDirectory(directory) as NSString).appendingPathComponent(respondent + ".yaml")
    }

    static func databasePath(_ directory: String) -> String {
        (directory as NSString).appendingPathComponent(RoundStore.fileName)
    }

    /// Creates a round in `directory` (which must not exist, or be an empty folder): a blank
    /// response per respondent, a link token per respondent (only its SHA-256 stored) and the
    /// admin password as bcrypt (`cost`). Returns the links, in the order given.
    public static func create(
        directory: String, survey: Survey, respondents: [Respondent], password: String, cost: UInt8? = nil
    ) throws(Failure) -> [Link] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            let contents = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
            guard isDirectory.boolValue, contents.isEmpty else {
                throw Failure(
                    message: LocalizedText(
                        sv:
                            "\(directory) finns redan och skrivs inte över; välj en ny mapp för omgången (en befintlig omgång får nya länkar med `enkat round links \(directory)`)",
                        en:
                            "\(directory) already exists and is not overwritten; choose a new folder for the round (an existing round gets new links with `enkat round links \(directory)`)"
                    ))
            }
        }
        guard !respondents.isEmpty else {
            throw Failure(message: LocalizedText(sv: "omgången har inga svarande", en: "the round has no respondents"))
        }
        let responses = responsesDirectory(directory)
        do {
            try manager.createDirectory(atPath: responses, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
        } catch {
            throw Failure(
                message: LocalizedText(
                    sv: "mappen \(directory) kan inte skapas: \(error.localizedDescription)",
                    en: "the folder \(directory) cannot be created: \(error.localizedDescription)"))
        }
        do {
            var links: [Link] = []
            var hashes: [(id: String, tokenHash: String)] = []
            for respondent in respondents {
                let text = ResponseWriter.yaml(survey: survey, respondent: respondent, respondentID: respondent.id)
                try FileWriter.createNew(responseFile(directory, respondent: respondent.id), contents: text)
                let token = RoundSecrets.newToken()
                links.append(Link(respondent: respondent.id, path: "/svar/" + token))
                hashes.append((respondent.id, RoundSecrets.hash(token)))
            }
            let store = try RoundStore(path: databasePath(directory), create: true)
            let hash = RoundSecrets.hashPassword(password, cost: cost ?? RoundSecrets.cost)
            try store.initialize(survey: survey.id, respondents: hashes, passwordHash: hash)
            chmod(databasePath(directory), 0o600)
            return links
        } catch let error as FileWriter.WriteError {
            try? manager.removeItem(atPath: directory)
            throw Failure(message: error.message)
        } catch {
            try? manager.removeItem(atPath: directory)
            throw Failure(
                message: LocalizedText(
                    sv: "omgångens databas kan inte skrivas: \(error)", en: "the round's database cannot be written: \(error)"))
        }
    }

    /// Opens an existing round's state, or says why it is not a round.
    static func open(directory: String) throws(Failure) -> RoundStore {
        let path = databasePath(directory)
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure(
                message: LocalizedText(
                    sv:
                        "\(directory) är ingen omgång (\(RoundStore.fileName) saknas); skapa en med `enkat round new \(directory) --survey ENKÄT --respondents all --admin-password-file FIL`",
                    en:
                        "\(directory) is not a round (no \(RoundStore.fileName)); create one with `enkat round new \(directory) --survey SURVEY --respondents all --admin-password-file FILE`"
                ))
        }
        do {
            return try RoundStore(path: path)
        } catch {
            throw Failure(
                message: LocalizedText(sv: "\(path) kan inte öppnas: \(error)", en: "\(path) cannot be opened: \(error)"))
        }
    }

    /// The survey id of the round in `directory`.
    public static func surveyID(directory: String) throws(Failure) -> String {
        let store = try open(directory: directory)
        do {
            return try store.surveyID()
        } catch {
            throw Failure(
                message: LocalizedText(
                    sv: "omgångens databas kan inte läsas: \(error)", en: "the round's database cannot be read: \(error)"))
        }
    }

    /// New links for `respondent` (or every respondent when `nil`); the old links stop working.
    public static func reissue(directory: String, respondent: String?) throws(Failure) -> [Link] {
        let store = try open(directory: directory)
        do {
            let known = try store.respondentIDs()
            let chosen: [String]
            if let respondent {
                guard known.contains(respondent) else {
                    throw Failure(
                        message: LocalizedText(
                            sv: "`\(respondent)` är inte med i omgången; svarande: \(known.joined(separator: ", "))",
                            en: "`\(respondent)` is not in the round; respondents: \(known.joined(separator: ", "))"))
                }
                chosen = [respondent]
            } else {
                chosen = known
            }
            var links: [Link] = []
            for id in chosen {
                let token = RoundSecrets.newToken()
                _ = try store.reissue(respondent: id, tokenHash: RoundSecrets.hash(token), actor: "cli")
                links.append(Link(respondent: id, path: "/svar/" + token))
            }
            return links
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(
                message: LocalizedText(
                    sv: "omgångens databas kan inte skrivas: \(error)", en: "the round's database cannot be written: \(error)"))
        }
    }
}
