/// What one definition file in `surveys/` holds, read and checked on its own: its survey or
/// registry and the diagnostics of its YAML, its schema and its lint. `SurveyCatalog` puts the
/// files together (duplicate ids, references between them); `DefinitionCache` keeps this.
struct DefinitionFile: Sendable {
    /// The definition the file holds.
    enum Content: Sendable {
        case survey(Survey)
        case registry(Registry)
        /// A file that is not a definition, or one whose definition could not be read.
        case none
    }

    /// The definition.
    var content: Content
    /// Everything wrong with the file on its own.
    var diagnostics: [Diagnostic]

    /// Reads and checks the definition in `bytes`, read from `file`; `nameFormWarnings: false`
    /// leaves out a registry's name-form warnings (`SurveyLinter.lint(_:nameForms:)`).
    static func read(_ bytes: [UInt8], file: String, nameFormWarnings: Bool) -> DefinitionFile {
        let document = YAMLReader.parse(bytes, file: file)
        var diagnostics = document.diagnostics
        guard let root = document.root else { return DefinitionFile(content: .none, diagnostics: diagnostics) }
        if root["survey"] != nil {
            let (survey, found) = SurveyLoader.survey(from: root, file: file)
            diagnostics += found
            guard let survey else { return DefinitionFile(content: .none, diagnostics: diagnostics) }
            diagnostics += SurveyLinter.lint(survey)
            return DefinitionFile(content: .survey(survey), diagnostics: diagnostics)
        } else if root["registry"] != nil {
            let (registry, found) = SurveyLoader.registry(from: root, file: file)
            diagnostics += found
            guard let registry else { return DefinitionFile(content: .none, diagnostics: diagnostics) }
            diagnostics += SurveyLinter.lint(registry, nameForms: nameFormWarnings)
            return DefinitionFile(content: .registry(registry), diagnostics: diagnostics)
        } else if root["gazetteer"] == nil {
            // The gazetteer is the anonymizer's list of places (`Gazetteer`), not a definition.
            diagnostics.append(Diagnostic(
                file: file, location: root.location, severity: .error, code: .surveySchema,
                message: LocalizedText(
                    sv: "filen är varken en enkätdefinition (nyckeln `survey`) eller ett register (nyckeln `registry`)",
                    en: "the file is neither a survey definition (key `survey`) nor a registry (key `registry`)")))
        }
        return DefinitionFile(content: .none, diagnostics: diagnostics)
    }
}
