import EnkatCore
import Foundation

/// Why a backup could not be written (the save is then not made either).
struct BackupError: Error, Sendable {
    var message: LocalizedText
}

/// Where the previous versions of a response go before each save: a hidden folder
/// `.enkat-backup/` next to the file, one file per version, named after the file and the time
/// of the save, e.g. `responses/x/.enkat-backup/region-dalarna.yaml.2025-11-25T14-03-27.bak`.
/// The names end in `.bak`, so `enkat check` and `enkat compile` never read them. The newest
/// `keep` versions of each file are kept.
struct Backups: Sendable {
    /// The response file.
    let file: String
    /// How many versions to keep.
    var keep = 20

    /// The backup folder.
    var directory: String {
        let parent = (file as NSString).deletingLastPathComponent
        return ((parent.isEmpty ? "." : parent) as NSString).appendingPathComponent(".enkat-backup")
    }

    private var baseName: String { (file as NSString).lastPathComponent }

    /// Writes `bytes` as a new backup and returns its path; older ones beyond `keep` go.
    func store(_ bytes: [UInt8], at date: Date) throws(BackupError) -> String {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BackupError(
                message: LocalizedText(
                    sv: "kan inte skapa mappen \(directory) för säkerhetskopior", en: "cannot create the backup folder \(directory)"))
        }
        let stamp = Clock.stamp(date)
        var name = "\(baseName).\(stamp).bak"
        var counter = 2
        while manager.fileExists(atPath: (directory as NSString).appendingPathComponent(name)) {
            name = "\(baseName).\(stamp).\(counter).bak"
            counter += 1
        }
        let path = (directory as NSString).appendingPathComponent(name)
        do {
            // The bytes as they were, whatever their encoding.
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            throw BackupError(
                message: LocalizedText(
                    sv: "kan inte skriva säkerhetskopian \(path)", en: "cannot write the backup \(path)"))
        }
        prune()
        return path
    }

    /// The backups of this file, oldest first.
    func list() -> [String] {
        let prefix = baseName + "."
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let paths = names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".bak") }
            .map { (directory as NSString).appendingPathComponent($0) }
        func modified(_ path: String) -> Date {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
        }
        return paths.map { ($0, modified($0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    }

    private func prune() {
        let all = list()
        guard all.count > keep else { return }
        for path in all.prefix(all.count - keep) {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
