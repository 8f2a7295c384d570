import Dispatch
import Foundation
import Synchronization

/// Checks many response files at once, on all cores, with results in a stable order.
public enum CheckRun {
    /// The result of checking a set of files.
    public struct Result: Sendable {
        /// The files checked, sorted.
        public var files: [String]
        /// One check per file, in the order of `files`.
        public var checks: [ResponseCheck]
        /// All diagnostics, sorted by file and position.
        public var diagnostics: [Diagnostic]
        /// Counts by severity.
        public var summary: DiagnosticSummary
    }

    /// The response files a list of paths names: files as given, folders searched
    /// recursively for `.yaml` and `.yml` files. Throws for a path that does not exist.
    public static func expand(_ paths: [String]) throws(SourceFile.ReadError) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw SourceFile.ReadError(path: path, message: LocalizedText(sv: "filen eller mappen finns inte", en: "no such file or folder"))
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            var found: [String] = []
            if let walker = manager.enumerator(atPath: path) {
                while let relative = walker.nextObject() as? String {
                    let name = (relative as NSString).lastPathComponent
                    guard !name.hasPrefix("."), name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
                    // The reviewer's decisions beside the responses are not a response.
                    guard name != ReviewDecisions.fileName else { continue }
                    found.append(path.hasSuffix("/") ? path + relative : path + "/" + relative)
                }
            }
            files += found.sorted()
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }

    /// `files` without the survey definitions found by searching folders (`enkat check .`
    /// must not read `surveys/` as responses); files named explicitly stay.
    public static func excludingDefinitions(_ files: [String], catalog: SurveyCatalog, explicit: [String]) -> [String] {
        let definitions = URL(fileURLWithPath: catalog.directory).standardizedFileURL.path + "/"
        return files.filter { file in
            explicit.contains(file) || !URL(fileURLWithPath: file).standardizedFileURL.path.hasPrefix(definitions)
        }
    }

    /// Checks `files` against `catalog`, using every core.
    public static func check(_ files: [String], catalog: SurveyCatalog) -> Result {
        let validator = ResponseValidator(catalog: catalog)
        let results = Mutex<[ResponseCheck?]>(Array(repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let check = validator.check(file: files[index])
            results.withLock { $0[index] = check }
        }
        let checks = results.withLock { $0.map { $0! } }
        let diagnostics = checks.flatMap(\.diagnostics).sorted(by: Diagnostic.stableOrder)
        return Result(files: files, checks: checks, diagnostics: diagnostics,
                      summary: DiagnosticSummary(files: files.count, diagnostics: diagnostics))
    }
}
