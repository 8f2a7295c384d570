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
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard result > 0 else {
                unlink(path)
                throw WriteError(message: LocalizedText(sv: "kunde inte skriva \(path)", en: "could not write \(path)"))
            }
            written += result
        }
    }
}
