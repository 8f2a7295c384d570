import Foundation

/// Reads files for enkat: whole, as bytes, with a clear error when that is impossible.
public enum SourceFile {
    /// Why a file could not be read.
    public struct ReadError: Error, Sendable {
        /// The path as given.
        public var path: String
        /// What went wrong.
        public var message: LocalizedText
    }

    /// The file's bytes.
    public static func read(_ path: String) throws(ReadError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError(path: path, message: LocalizedText(sv: "filen finns inte", en: "no such file"))
        }
        guard !isDirectory.boolValue else {
            throw ReadError(path: path, message: LocalizedText(sv: "är en mapp, inte en fil", en: "is a folder, not a file"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(path: path, message: LocalizedText(
                sv: "filen kan inte läsas (saknas behörighet?)", en: "the file cannot be read (permissions?)"))
        }
        return [UInt8](data)
    }

    /// The registry files (`registry-*.yaml`) in a folder.
    public static func registryFiles(in directory: String) -> [String] {
        yamlFiles(in: directory).filter { ($0 as NSString).lastPathComponent.hasPrefix("registry-") }
    }

    /// The YAML files directly in a folder, sorted by name.
    static func yamlFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .filter { !$0.hasPrefix(".") }
            .sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }
}

/// Every questionnaire and registry in a `surveys/` folder, read and checked.
public struct SurveyCatalog: Sendable {
    /// The folder read.
    public let directory: String
    /// Surveys by id (the first file wins when two declare the same id).
    public private(set) var surveys: [String: Survey] = [:]
    /// Registries by id.
    public private(set) var registries: [String: Registry] = [:]
    /// Everything wrong with the definitions (what `enkat lint` prints).
    public private(set) var diagnostics: [Diagnostic] = []

    /// Reads every `.yaml` file in `directory`: files with a `survey:` key are questionnaires,
    /// files with a `registry:` key are registries.
    public init(directory: String) {
        self.init(directory: directory, nameFormWarnings: true)
    }

    /// The same; `nameFormWarnings: false` leaves out the registry's warnings about name forms
    /// that two respondents share (`SurveyLinter`), the slowest part of reading a large
    /// registry, for a command that only needs the errors. With a `cache`, definitions read
    /// before are taken from it (`DefinitionCache`), to the same effect.
    public init(directory: String, nameFormWarnings: Bool, cache: DefinitionCache? = nil) {
        self.init(directory: directory, files: SourceFile.yamlFiles(in: directory), nameFormWarnings: nameFormWarnings, cache: cache)
    }

    /// The definitions that the response files `responses` need, for `enkat check`: their
    /// surveys and those surveys' registries, to the same effect as reading every file in
    /// `directory` — the other files' definitions are never used in checking them.
    ///
    /// Each file's top-level `survey:` or `registry:` line is read without parsing
    /// (`DefinitionHeader`); only the files that declare a needed id, and any file whose line
    /// cannot be read that way, are parsed. When a response's survey cannot be read from its
    /// line, or no definition declares it (the validator then lists the known surveys and
    /// suggests one), every file is read, as `init(directory:nameFormWarnings:)` does; and so
    /// it is for more than `headerScanLimit` responses, where reading the definitions costs
    /// less than reading every response twice.
    public init(directory: String, forResponses responses: [String], nameFormWarnings: Bool, cache: DefinitionCache? = nil) {
        let files = SourceFile.yamlFiles(in: directory)
        guard responses.count <= Self.headerScanLimit else {
            self.init(directory: directory, files: files, nameFormWarnings: nameFormWarnings, cache: cache)
            return
        }
        var wanted = Set<String>()
        for response in responses {
            guard let bytes = try? SourceFile.read(response) else { continue }  // the validator reports it
            guard let survey = DefinitionHeader.read(bytes)?.survey else {
                // A response whose survey only the parser can tell.
                self.init(directory: directory, files: files, nameFormWarnings: nameFormWarnings, cache: cache)
                return
            }
            wanted.insert(survey)
        }
        var sources: [(file: String, bytes: [UInt8])] = []
        var registries: [(file: String, bytes: [UInt8], id: String)] = []
        var unreadable: [Diagnostic] = []
        var declared = Set<String>()
        var needed = Set<String>()
        for path in files {
            let bytes: [UInt8]
            do {
                bytes = try SourceFile.read(path)
            } catch {
                unreadable.append(Diagnostic(file: path, location: .start, severity: .error, code: .unreadable, message: error.message))
                continue
            }
            let header = DefinitionHeader.read(bytes)
            if let survey = header?.survey {
                declared.insert(survey)
                guard wanted.contains(survey) else { continue }
                guard let registry = header?.registry else {
                    self.init(directory: directory, files: files, nameFormWarnings: nameFormWarnings, cache: cache)
                    return
                }
                needed.insert(registry)
                sources.append((path, bytes))
            } else if let registry = header?.registry {
                registries.append((path, bytes, registry))
            } else if header?.isGazetteer == true {
                continue  // the anonymizer's places (`Gazetteer`), which no check reads
            } else {
                // Neither key on a line of its own: parsed, whatever it is.
                sources.append((path, bytes))
            }
        }
        guard wanted.isSubset(of: declared) else {
            self.init(directory: directory, files: files, nameFormWarnings: nameFormWarnings, cache: cache)
            return
        }
        sources += registries.filter { needed.contains($0.id) }.map { ($0.file, $0.bytes) }
        sources.sort { $0.file < $1.file }
        self.init(directory: directory, sources: sources, nameFormWarnings: nameFormWarnings, cache: cache)
        diagnostics = (unreadable + diagnostics).sorted(by: Diagnostic.stableOrder)
    }

    /// Up to how many responses `init(directory:forResponses:nameFormWarnings:)` reads the
    /// headers of to find the definitions they need.
    static let headerScanLimit = 16

    /// Reads the given definition files (for `enkat lint FILE…`).
    public init(directory: String, files: [String]) {
        self.init(directory: directory, files: files, nameFormWarnings: true)
    }

    init(directory: String, files: [String], nameFormWarnings: Bool, cache: DefinitionCache? = nil) {
        var sources: [(file: String, bytes: [UInt8])] = []
        var unreadable: [Diagnostic] = []
        for path in files {
            do {
                sources.append((path, try SourceFile.read(path)))
            } catch {
                unreadable.append(Diagnostic(file: path, location: .start, severity: .error, code: .unreadable, message: error.message))
            }
        }
        self.init(directory: directory, sources: sources, nameFormWarnings: nameFormWarnings, cache: cache)
        diagnostics = (unreadable + diagnostics).sorted(by: Diagnostic.stableOrder)
    }

    /// Reads definitions from memory (tests, tools that embed a survey).
    public init(directory: String, sources: [(file: String, bytes: [UInt8])]) {
        self.init(directory: directory, sources: sources, nameFormWarnings: true)
    }

    init(
        directory: String, sources: [(file: String, bytes: [UInt8])], nameFormWarnings: Bool,
        cache: DefinitionCache? = nil
    ) {
        self.directory = directory
        var firstPlace: [String: String] = [:]
        for (path, bytes) in sources {
            let definition = cache?.definition(of: bytes, file: path, nameFormWarnings: nameFormWarnings)
                ?? DefinitionFile.read(bytes, file: path, nameFormWarnings: nameFormWarnings)
            diagnostics += definition.diagnostics
            switch definition.content {
            case .survey(let survey):
                if let earlier = firstPlace["survey:" + survey.id] {
                    diagnostics.append(duplicate("enkäten", "survey", survey.id, path, earlier))
                } else {
                    firstPlace["survey:" + survey.id] = path
                    surveys[survey.id] = survey
                }
            case .registry(let registry):
                if let earlier = firstPlace["registry:" + registry.id] {
                    diagnostics.append(duplicate("registret", "registry", registry.id, path, earlier))
                } else {
                    firstPlace["registry:" + registry.id] = path
                    registries[registry.id] = registry
                }
            case .none:
                break
            }
        }
        diagnostics += SurveyLinter.lintReferences(surveys: surveys.values.sorted { $0.id < $1.id }, registries: registries)
        diagnostics.sort(by: Diagnostic.stableOrder)
    }

    private func duplicate(_ sv: String, _ en: String, _ id: String, _ path: String, _ earlier: String) -> Diagnostic {
        Diagnostic(file: path, location: .start, severity: .error, code: .duplicateId, message: LocalizedText(
            sv: "\(sv) `\(id)` definieras både här och i \(earlier)",
            en: "the \(en) `\(id)` is defined both here and in \(earlier)"))
    }

    /// The errors in one survey's own file or its registry's.
    public func errors(affecting survey: Survey) -> [Diagnostic] {
        let files = [survey.file, registries[survey.registry]?.file].compactMap { $0 }
        return diagnostics.filter { $0.severity == .error && files.contains($0.file) }
    }

    /// The `surveys/` folder to use: the given one, or the nearest `surveys` folder by
    /// `ProjectFolder`'s rule (at or above the current folder, else at or above the first path's).
    public static func locate(explicit: String?, near paths: [String]) -> String? {
        explicit ?? ProjectFolder.locate("surveys", near: paths)
    }
}
