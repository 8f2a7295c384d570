/// The county's populated places per kommun, from open data (`surveys/gazetteer-dalarna.yaml`,
/// written by `scripts/gazetteer.py`, which records the sources and their licences): added
/// to the registry's localities for the anonymizer, so that a village no hand-written list
/// names is replaced as `[orten]`, in every form and compound, and checked for by the final
/// leak check. Only `enkat compile` reads it; `enkat check` never does.
public struct Gazetteer: Sendable, Equatable {
    /// The places by respondent id.
    public var places: [String: [String]]

    public init(places: [String: [String]]) {
        self.places = places
    }

    /// The file for a registry: `gazetteer-<registry id>.yaml` in the definitions folder.
    public static func fileName(registry: String) -> String { "gazetteer-\(registry).yaml" }

    /// Reads a gazetteer file; its problems are located diagnostics.
    public static func read(_ path: String) -> (Gazetteer?, [Diagnostic]) {
        let bytes: [UInt8]
        do {
            bytes = try SourceFile.read(path)
        } catch {
            return (nil, [Diagnostic(file: path, location: .start, severity: .error, code: .unreadable, message: error.message)])
        }
        let document = YAMLReader.parse(bytes, file: path)
        var diagnostics = document.diagnostics
        guard let places = document.root?["places"], case .mapping(let pairs) = places.kind else {
            diagnostics.append(Diagnostic(file: path, location: document.root?.location ?? .start, severity: .error, code: .surveySchema,
                                          message: LocalizedText(
                                              sv: "ortlistan saknar `places:` med orterna per kommun; skapa den med python3 scripts/gazetteer.py",
                                              en: "the gazetteer has no `places:` with the places per kommun; make it with python3 scripts/gazetteer.py")))
            return (nil, diagnostics)
        }
        var result: [String: [String]] = [:]
        for pair in pairs {
            guard case .sequence(let items) = pair.value.kind else {
                diagnostics.append(Diagnostic(file: path, location: pair.value.location, severity: .error, code: .surveySchema, message: LocalizedText(
                    sv: "orterna för `\(pair.key)` ska vara en lista", en: "the places of `\(pair.key)` must be a list")))
                continue
            }
            result[pair.key] = items.compactMap(\.scalar)
        }
        return (Gazetteer(places: result), diagnostics)
    }

    /// `registry` with these places added to its respondents' localities.
    func adding(to registry: Registry) -> Registry {
        var registry = registry
        registry.respondents = registry.respondents.map { respondent in
            var respondent = respondent
            for place in places[respondent.id] ?? [] where !respondent.localities.contains(place) {
                respondent.localities.append(place)
            }
            return respondent
        }
        return registry
    }
}
