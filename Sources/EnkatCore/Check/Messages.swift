/// Message factories for the response checks whose wording needs more than one line.
enum Messages {
    /// The survey a response or an import names has errors in its definition or registry.
    static func surveyHasErrors(_ id: String, _ count: Int) -> LocalizedText {
        LocalizedText(
            sv: "enkätdefinitionen `\(id)` har \(count) fel och kan inte användas förrän de är rättade; kör `enkat lint`",
            en: "the survey definition `\(id)` has \(count) errors and cannot be used until they are fixed; run `enkat lint`")
    }

    static func notScalar(_ question: Question, _ node: YAMLNode) -> LocalizedText {
        LocalizedText(
            sv: "fråga \(question.id) tar ett enkelt värde, inte \(node.kindName.sv)",
            en: "question \(question.id) takes a single value, not \(node.kindName.en)")
    }

    static func tooLong(_ what: LocalizedText, _ count: CharacterCount, limit: Int) -> LocalizedText {
        let excess = CharacterCount.excess(count.characters, limit: limit)
        return LocalizedText(
            sv: "\(what.sv) är \(count.characters) tecken, \(excess) för många (max \(limit) tecken); korta texten med minst \(excess) tecken",
            en: "\(what.en) is \(count.characters) characters, \(excess) too many (max \(limit)); shorten it by at least \(excess) characters")
    }

    static func crlfRisk(_ what: LocalizedText, _ count: CharacterCount, limit: Int) -> LocalizedText {
        let excess = count.countingCRLFAsTwo - limit
        return LocalizedText(
            sv: "\(what.sv) är \(count.characters) av \(limit) tecken bara för att radbrytningar räknas som ett tecken; med sina \(count.lineBreaks) radbrytningar blir den \(count.countingCRLFAsTwo) tecken i ett system som räknar radbrytning som två (CRLF). Korta med \(excess) tecken eller ta bort radbrytningar för att vara säker",
            en: "\(what.en) is \(count.characters) of \(limit) characters only because line breaks count as one; with its \(count.lineBreaks) line breaks it becomes \(count.countingCRLFAsTwo) characters where a line break counts as two (CRLF). Shorten it by \(excess) characters or remove line breaks to be safe")
    }

    static func nearLimit(_ what: LocalizedText, _ count: CharacterCount, limit: Int) -> LocalizedText {
        LocalizedText(
            sv: "\(what.sv) är \(count.characters) av \(limit) tecken; \(limit - count.characters) kvar",
            en: "\(what.en) is \(count.characters) of \(limit) characters; \(limit - count.characters) left")
    }

    static func personalData(_ what: LocalizedText, _ kind: PersonalData.Kind) -> LocalizedText {
        LocalizedText(
            sv: "\(kind == .email ? "möjlig" : "möjligt") \(kind.name.sv) i \(what.sv); enkäten får inte innehålla uppgifter som kan kopplas till en enskild person. Ta bort eller skriv om det",
            en: "possible \(kind.name.en) in \(what.en); the survey must not contain data that can be linked to an individual. Remove it or rewrite it")
    }

    static func morePersonalData(_ what: LocalizedText, _ more: Int) -> LocalizedText {
        LocalizedText(
            sv: "ytterligare \(more) möjliga personuppgifter i \(what.sv) visas inte var för sig; ta bort alla uppgifter som kan kopplas till en enskild person",
            en: "\(more) further possible items of personal data in \(what.en) are not listed one by one; remove everything that can be linked to an individual")
    }

    static func outOfRange(_ question: Question, text: String, parsed: SwedishNumber.Parsed, range: ClosedRange<Double>) -> LocalizedText {
        let low = SwedishNumber.format(range.lowerBound), high = SwedishNumber.format(range.upperBound)
        var suggestion: (sv: String, en: String) = ("", "")
        if range == 0...1, parsed.isInteger, parsed.value > 1, !parsed.digits.isEmpty {
            // The form's own decimal bug (seed 004, 17g): "0274" typed for 0,274.
            let meant = "0," + parsed.digits
            suggestion = ("; menade du \(meant)? (skriv decimaltal med komma eller punkt)", "; did you mean \(meant)? (write decimals with a comma or point)")
        }
        let what = question.type == .scale ? LocalizedText(sv: "skalan", en: "the scale") : LocalizedText(sv: "tillåtna värden", en: "allowed values")
        return LocalizedText(
            sv: "\(text) ligger utanför \(what.sv) för fråga \(question.id) (\(low)–\(high))\(suggestion.sv)",
            en: "\(text) is outside \(what.en) for question \(question.id) (\(low)–\(high))\(suggestion.en)")
    }

    static func required(_ question: Question, survey: Survey, answersFound: Bool) -> LocalizedText {
        let condition = question.relevantWhen.map { describe($0, survey: survey) }
        let because: (sv: String, en: String) = condition.map { (sv: " eftersom \($0.sv)", en: " because \($0.en)") } ?? ("", "")
        let hint: (sv: String, en: String)
        switch question.type {
        case .choice, .multi:
            let ids = question.options.map { "`\($0.id)`" }.joined(separator: ", ")
            hint = (" (alternativ: \(ids))", " (options: \(ids))")
        default:
            hint = ("", "")
        }
        let place: (sv: String, en: String) = answersFound ? ("", "") : (" (lägg till `answers:`)", " (add `answers:`)")
        return LocalizedText(
            sv: "fråga \(question.id) måste besvaras\(because.sv)\(hint.sv)\(place.sv)",
            en: "question \(question.id) must be answered\(because.en)\(hint.en)\(place.en)")
    }

    static func notRelevant(_ question: Question, _ condition: Condition, survey: Survey) -> LocalizedText {
        let text = describe(condition, survey: survey)
        return LocalizedText(
            sv: "fråga \(question.id) ska bara besvaras när \(text.sv); svaret kommer inte med i sammanställningen",
            en: "question \(question.id) is only answered when \(text.en); the answer will not be compiled")
    }

    /// "fråga vardplatser är besvarad med `nej`".
    static func describe(_ condition: Condition, survey: Survey) -> LocalizedText {
        switch condition.test {
        case .answered:
            return LocalizedText(sv: "fråga \(condition.question) är besvarad", en: "question \(condition.question) is answered")
        case .equals(let options):
            let list = RunningList.localized(options.map { "`\($0)`" }, .or)
            let multi = survey.question(condition.question)?.type == .multi
            return LocalizedText(
                sv: "fråga \(condition.question) är besvarad med \(multi ? "bland annat " : "")\(list.sv)",
                en: "question \(condition.question) is answered with \(multi ? "among others " : "")\(list.en)")
        }
    }
}
