import ArgumentParser
import EnkatCore
import Foundation

/// `enkat import table`: a survey tool's export (CSV or Excel), one row per respondent, into
/// one checked response file per row.
struct ImportTable: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Läs in en tabell (CSV eller Excel, en rad per svarande) till en svarsfil per rad.",
        discussion: """
            Kolumnerna matchas mot frågornas id eller texter (”omraden”, ”17c kommentar”, ”5 följdtext”, \
            ”omraden: Mobila team” med 1/0 per alternativ); svarande matchas mot registret med id eller namn \
            (”Falu kommun”, ”FALUN”). CSV får ha , ; eller tabb som avgränsare och vara UTF-8 eller Windows-1252.
            Rader som inte kan kopplas till en svarande stoppar inläsningen: då skrivs ingenting. Fel i själva \
            svaren visas per rad och cell, och filerna skrivs så att de kan rättas. Befintliga svarsfiler skrivs \
            bara över med --force.
            """)

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Enkätens id, t.ex. socialstyrelsen-kommun-2025.")
    var survey: String

    @Option(name: [.customShort("o"), .customLong("out")], help: "Mappen svarsfilerna skrivs till (standard: responses/ENKÄT/).")
    var out: String?

    @Option(name: .long, help: "Bladet att läsa i en Excel-fil (standard: det första).")
    var sheet: String?

    @Flag(name: .long, help: "Skriv över befintliga svarsfiler.")
    var force = false

    @Argument(help: "Tabellen: en .csv- eller .xlsx-fil.")
    var file: String

    func run() throws {
        let catalog = try common.catalog(forExisting: file)
        _ = try common.survey(survey, in: catalog)
        let options = TableImport.Options(survey: survey, outDirectory: out ?? "responses/\(survey)", sheet: sheet, force: force)
        let result = TableImport.run(file: file, options: options, catalog: catalog)
        Output.print(result.report(common.lang))
        if result.blocked || result.counts.errors > 0 { throw ExitCode(1) }
    }
}
