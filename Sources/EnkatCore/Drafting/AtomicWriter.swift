import Foundation
import Synchronization

/// Writes a set of files so that a reader sees either the old set or the new one: each file
/// goes to a temporary name in the target folder and is then renamed into place.
public enum AtomicWriter {
    /// Why a write failed (the same as for ``FileWriter``).
    public typealias WriteError = FileWriter.WriteError

    /// Writes `files` (name and bytes) into `directory`, creating it; returns the paths written.
    public static func write(_ files: [(String, [UInt8])], into directory: String) throws(WriteError) -> [String] {
        let staging = try Staging(directory: directory)
        do {
            for (position, (name, bytes)) in files.enumerated() {
                try staging.stage(name, bytes, position: position)
            }
            return try staging.commit()
        } catch {
            staging.discard()
            throw error
        }
    }

    /// Files written under temporary names in a folder (from any thread), then renamed into
    /// place together — or all removed, with the folder if it was made for them.
    public final class Staging: Sendable {
        let directory: String
        private let madeDirectory: Bool
        private let staged = Mutex<[(position: Int, temporary: String, target: String)]>([])

        /// Prepares `directory`, creating it if needed.
        public init(directory: String) throws(WriteError) {
            self.directory = directory
            let manager = FileManager.default
            var isDirectory: ObjCBool = false
            let existed = manager.fileExists(atPath: directory, isDirectory: &isDirectory)
            if existed && !isDirectory.boolValue {
                throw WriteError(message: LocalizedText(sv: "\(directory) finns redan och är ingen mapp", en: "\(directory) exists and is not a folder"))
            }
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw WriteError(message: LocalizedText(sv: "mappen \(directory) kan inte skapas: \(error.localizedDescription)",
                                                        en: "the folder \(directory) cannot be created: \(error.localizedDescription)"))
            }
            madeDirectory = !existed
        }

        /// Writes `bytes` under a temporary name for `name`; `position` orders the list
        /// `commit` returns.
        public func stage(_ name: String, _ bytes: [UInt8], position: Int) throws(WriteError) {
            let target = (directory as NSString).appendingPathComponent(name)
            let temporary = (directory as NSString).appendingPathComponent(".\(name).tmp-\(getpid())")
            let complete = FileWriter.write(bytes, toNewFile: temporary)
            staged.withLock { $0.append((position, temporary, target)) }
            guard complete else {
                throw WriteError(message: LocalizedText(sv: "\(target) kan inte skrivas (behörighet? fullt?)",
                                                        en: "\(target) cannot be written (permissions? disk full?)"))
            }
        }

        /// Renames every staged file into place; returns their paths in position order.
        public func commit() throws(WriteError) -> [String] {
            let files = staged.withLock { $0 }.sorted { $0.position < $1.position }
            var written: [String] = []
            for file in files {
                if rename(file.temporary, file.target) != 0 {
                    throw WriteError(message: LocalizedText(sv: "\(file.target) kan inte ersättas", en: "\(file.target) cannot be replaced"))
                }
                staged.withLock { $0.removeAll { $0.temporary == file.temporary } }
                written.append(file.target)
            }
            return written
        }

        /// Removes what is staged (and the folder, if it was made here and is empty now).
        public func discard() {
            let manager = FileManager.default
            for file in staged.withLock({ files in defer { files.removeAll() }; return files }) {
                try? manager.removeItem(atPath: file.temporary)
            }
            if madeDirectory, (try? manager.contentsOfDirectory(atPath: directory))?.isEmpty == true {
                try? manager.removeItem(atPath: directory)
            }
        }
    }
}
