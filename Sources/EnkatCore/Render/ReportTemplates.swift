import Mustache

/// The report's templates, one per templated format (`report.md.mustache`,
/// `report.html.mustache`, `report.docx.xml.mustache`), read from a `TemplateFolder`.
public struct ReportTemplates: Sendable {
    /// The folder they are read from.
    public let folder: TemplateFolder
    /// The folder's path.
    public var directory: String { folder.directory }

    /// The report templates in `directory`.
    public init(directory: String) {
        folder = TemplateFolder(directory: directory)
    }

    /// The template whose presence marks a `templates/` folder as the report's.
    public static let marker = "report.md.mustache"

    /// The nearest `templates/` folder holding the report's templates (`ProjectFolder`'s rule).
    public static func locate(near paths: [String] = []) -> String? {
        ProjectFolder.locate("templates", holding: marker, near: paths)
    }

    /// Reads and parses one template.
    public func load(_ name: String) -> Result<MustacheTemplate, Diagnostic> {
        folder.load(name)
    }
}
