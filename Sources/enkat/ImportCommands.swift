import ArgumentParser

/// `enkat import …`: bring answers in from other formats.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Läs in svar från andra format: en utskrift av webbformuläret eller en export från ett enkätverktyg.",
        subcommands: [ImportPrintText.self, ImportTable.self])
}

/// `enkat export …`: write answers out for other tools.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Skriv ut svar till andra format (Excel, CSV). Filerna anonymiseras inte.",
        subcommands: [ExportTable.self])
}
