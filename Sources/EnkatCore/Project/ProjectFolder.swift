import Foundation

/// The folders of a project — `surveys/`, `templates/` — found by one rule for every command:
/// the nearest one in the current folder or any folder above it, else in the folder of the
/// first file named or any folder above that, up to the root of the file system.
public enum ProjectFolder {
    /// The nearest folder called `name` (that holds the file `marker`, when one is given) by the
    /// rule above; relative to the current folder (`current`) when inside it (`templates`),
    /// else absolute.
    public static func locate(
        _ name: String, holding marker: String? = nil, near paths: [String] = [],
        from current: String = FileManager.default.currentDirectoryPath
    ) -> String? {
        let here = URL(fileURLWithPath: current).standardizedFileURL
        var starts = [here.path]
        if let first = paths.first {
            starts.append((first as NSString).deletingLastPathComponent)
        }
        for start in starts {
            var directory = URL(fileURLWithPath: start.isEmpty ? "." : start, relativeTo: here).standardizedFileURL
            while true {
                let candidate = directory.appendingPathComponent(name).path
                if holds(candidate, marker) {
                    // Keep paths short in messages: relative to the current folder when inside it.
                    let prefix = here.path.hasSuffix("/") ? here.path : here.path + "/"
                    return candidate.hasPrefix(prefix) ? String(candidate.dropFirst(prefix.count)) : candidate
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return nil
    }

    /// Whether `folder` is a folder, holding `marker` when one is given.
    private static func holds(_ folder: String, _ marker: String?) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else { return false }
        guard let marker else { return true }
        return FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(marker))
    }
}
