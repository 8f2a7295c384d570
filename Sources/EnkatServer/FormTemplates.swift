import EnkatCore
import Foundation
import Mustache

/// The form's templates in a `TemplateFolder` (`templates/`): all wording and markup of the pages, editable by RSS
/// staff without recompiling. Read once when the server starts; a template that does not
/// parse stops the start with a located message.
struct FormTemplates: Sendable {
    /// The page templates by the name used in code, and the files they come from.
    static let pages = [
        "form": "form.mustache", "print": "form-print.mustache", "status": "form-status.mustache",
        "problem": "form-problem.mustache",
    ]
    /// Partials, included with `{{> question}}`.
    static let partials = [
        "question": "form-question.mustache", "textarea": "form-textarea.mustache", "head": "form-head.mustache",
        "nav": "form-nav.mustache", "message": "form-message.mustache",
    ]
    /// Served as they are (not Mustache), at `/formular.css` and `/formular.js`.
    static let styleFile = "form-style.mustache"
    static let scriptFile = "form-script.mustache"

    let library: MustacheLibrary
    let style: String
    let script: String

    /// Loads every template from `directory`.
    init(directory: String) throws(FormServer.StartError) {
        let folder = TemplateFolder(directory: directory)
        var library = MustacheLibrary()
        var problems: [Diagnostic] = []
        for (name, file) in Self.pages.merging(Self.partials, uniquingKeysWith: { a, _ in a }) {
            switch folder.load(file) {
            case .success(let template): library.register(template, named: name)
            case .failure(let diagnostic): problems.append(diagnostic)
            }
        }
        var raw: [String: String] = [:]
        for file in [Self.styleFile, Self.scriptFile] {
            switch folder.text(file) {
            case .success(let text): raw[file] = text
            case .failure(let diagnostic): problems.append(diagnostic)
            }
        }
        guard problems.isEmpty else {
            throw FormServer.StartError(diagnostics: problems.sorted(by: Diagnostic.stableOrder))
        }
        self.library = library
        style = raw[Self.styleFile] ?? ""
        script = raw[Self.scriptFile] ?? ""
    }

    /// Renders a page.
    func render(_ name: String, _ value: Any) -> String {
        library.render(value, withTemplate: name) ?? ""
    }

    /// The nearest `templates/` folder holding `form.mustache`, by `ProjectFolder`'s rule: at
    /// or above the current folder, else at or above the response file's folder.
    static func locate(near file: String) -> String? {
        ProjectFolder.locate("templates", holding: pages["form"]!, near: [file])
    }
}
