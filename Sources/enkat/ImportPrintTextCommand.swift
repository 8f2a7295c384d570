import ArgumentParser
import EnkatCore
import Foundation

/// `enkat import print-text`: last year's answers from the text of the printed web form.
struct ImportPrintText: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print-text",
        abstract: "Gör en svarsfil av texten i en utskrift av webbformuläret (förra årets inskickade svar).",
        discussion: """
            FIL är utskriftens text (UTF-8), t.ex. kopierad ur en PDF eller sparad med pdftotext. \
            Fritexterna fogas ihop till sina stycken, tal och kommentarer följer med; val vars kryss inte syns \
            i utskriften lämnas obesvarade med en OBS-kommentar, så att `enkat check` visar vad som återstår. \
            Sidhuvuden, adresser, formulärets egna texter och kontaktuppgifter förs aldrig över. \
            Skriver aldrig över en befintlig fil (-o - skriver till standard ut).
            """)

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Enkätens id, t.ex. slutredovisning-region-2022.")
    var survey: String

    @Option(name: .long, help: "Den svarandes id i registret (behövs inte när enkäten bara har en tänkbar svarande).")
    var respondent: String?

    @Option(name: [.short, .customLong("output")], help: "Svarsfilen att skapa (- för standard ut).")
    var output: String

    @Argument(help: "Utskriftens text.")
    var file: String

    func run() throws {
        let language = common.lang
        let catalog = try common.catalog(near: output == "-" ? [] : [output])
        let definition = try common.survey(survey, in: catalog)
        let who = try chooseRespondent(definition, catalog: catalog)
        let bytes: [UInt8]
        do {
            try PrintTextImport.checkSize(ofFile: file)
        } catch {
            let renderer = DiagnosticRenderer(language: language, colour: false)
            FileHandle.standardError.write(Data(renderer.text(error).utf8))
            throw ExitCode(1)
        }
        do {
            bytes = try SourceFile.read(file)
        } catch {
            throw UsageError(LocalizedText(sv: "\(file): \(error.message.sv)", en: "\(file): \(error.message.en)"), language)
        }
        let imported: PrintTextImport
        do {
            imported = try PrintTextImport.read(bytes, file: file, survey: definition)
        } catch {
            let renderer = DiagnosticRenderer(language: language, colour: false)
            FileHandle.standardError.write(Data(renderer.text(error).utf8))
            throw ExitCode(1)
        }
        guard !imported.found.isEmpty else {
            Output.error(
                LocalizedText(
                    sv:
                        "\(file): hittade ingen av frågorna i enkäten `\(definition.id)`; är det en utskrift av just den enkäten? Ingen fil skrevs.",
                    en:
                        "\(file): found none of the questions of survey `\(definition.id)`; is it a printout of that survey? No file was written."
                )(language))
            throw ExitCode(1)
        }
        let yaml = ResponseWriter.yaml(survey: definition, respondent: who, respondentID: who.id, draft: imported.draft)
        if output == "-" {
            Output.print(yaml)
            FileHandle.standardError.write(Data(imported.summary(language).utf8))
            return
        }
        do {
            try FileWriter.createNew(output, contents: yaml)
        } catch {
            throw UsageError(error.message, language)
        }
        var text = imported.summary(language)
        text +=
            language == .sv
            ? "Skrev \(output). Kontrollera den med `enkat check \(output)`; `enkat status \(output)` visar vad som återstår.\n"
            : "Wrote \(output). Check it with `enkat check \(output)`; `enkat status \(output)` shows what is left.\n"
        Output.print(text)
    }

    /// The respondent named with --respondent, or the only one the survey can have.
    private func chooseRespondent(_ definition: Survey, catalog: SurveyCatalog) throws -> Respondent {
        let language = common.lang
        let registry = catalog.registries[definition.registry]
        let candidates = registry?.respondents(ofKind: definition.respondentKind) ?? []
        guard let respondent else {
            if candidates.count == 1 { return candidates[0] }
            let ids = candidates.map(\.id).joined(separator: ", ")
            throw UsageError(
                LocalizedText(
                    sv: "ange vem svaren gäller med --respondent; enkäten `\(definition.id)` besvaras av: \(ids)",
                    en: "say whose answers these are with --respondent; survey `\(definition.id)` is answered by: \(ids)"), language)
        }
        guard let match = registry?.match(respondent) else {
            let ids = candidates.map(\.id).joined(separator: ", ")
            throw UsageError(
                LocalizedText(
                    sv: "`\(respondent)` finns inte i registret; svarande för den här enkäten: \(ids)",
                    en: "`\(respondent)` is not in the registry; respondents of this survey: \(ids)"), language)
        }
        guard match.kind == definition.respondentKind else {
            throw UsageError(
                LocalizedText(
                    sv:
                        "enkäten `\(definition.id)` besvaras inte av `\(match.id)` (fel typ av svarande: \(match.kind), enkäten vill ha \(definition.respondentKind))",
                    en:
                        "survey `\(definition.id)` is not answered by `\(match.id)` (wrong kind of respondent: \(match.kind), the survey wants \(definition.respondentKind))"
                ),
                language)
        }
        return match
    }
}
