import Foundation

/// Writes files without ever losing a user's work.
public enum FileWriter {
    /// Why a write failed.
    public struct WriteError: Error, Sendable {
        /// What went wrong, with the path.
        public var message: LocalizedText
    }

    /// Creates `path` with `contents`; refuses if anything already exists there (checked and
    /// created in one step, so two runs cannot both create it). Missing folders are created.
    public static func createNew(_ path: String, contents: String) throws(WriteError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw WriteError(message: LocalizedText(sv: "kan inte skapa mappen \(directory)", en: "cannot create the folder \(directory)"))
            }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST {
                throw WriteError(message: LocalizedText(
                    sv: "\(path) finns redan och skrivs inte över; ta bort den själv eller välj en annan fil med -o",
                    en: "\(path) already exists and is not overwritten; remove it yourself or choose another file with -o"))
            }
            throw WriteError(message: LocalizedText(sv: "kan inte skapa \(path): \(String(cString: strerror(errno)))",
                                                    en: "cannot create \(path): \(String(cString: strerror(errno)))"))
        }
        defer { close(descriptor) }
        guard writeAll(Array(contents.utf8), to: descriptor) else {
            unlink(path)
            throw WriteError(message: LocalizedText(sv: "kunde inte skriva \(path)", en: "could not write \(path)"))
        }
    }

    /// Writes `bytes` to a file at `path`, created or emptied (straight from the array, without
    /// a copy); whether all of it was written.
    static func write(_ bytes: [UInt8], toNewFile path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return writeAll(bytes, to: descriptor)
    }

    /// Writes all of `bytes` to an open file; whether it could.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }
}
