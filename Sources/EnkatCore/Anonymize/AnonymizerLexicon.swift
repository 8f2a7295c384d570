/// The built-in Swedish word lists the anonymizer's rules rely on. All entries are lowercase
/// and precomposed (NFC).
enum AnonymizerLexicon {
    /// Common words that begin with a place name. A word that starts with one of these stems
    /// is never a compound on a name, provided the stem is longer than the name it begins with
    /// ("moral" exempts "Moraliska" from the name "Mora", but "djur" would not exempt
    /// "Djuråsskolan" from "Djurås").
    static let compoundStopStems: [String] = [
        "moral", "morat",  // moral, moraliska, moratorium (Mora)
        "orsak",  // orsak, orsaken, orsaker, orsakssamband (Orsa)
        "forsk", "forsl", "forsa", "forsen", "forsar",  // forskning, forsla, forsande, forsens (Fors)
        "säteri",  // säteri, säteriet (Säter)
        "falukorv",  // falukorv (Falu)
        "djurar", "djurav", "djuraf", "djuram", "djuran", "djurass",  // djurarter, djuravel, djuraffär … (Djura)
        "bodar",  // bodar, bodarna (Boda)
        "gustafsson",  // the surname (Gustafs)
        "limab",  // limabönor (Lima)
    ]

    /// Registry forms that, written in lowercase, are ordinary Swedish words ("fors" a rapid,
    /// "insjön" a lake, "sälen" the seal, "vad" what). Such a form is replaced only when
    /// capitalized or in capitals; in lowercase it is taken for the common word.
    static let homographs: Set<String> = [
        "fors", "insjön", "insjöns", "sälen", "sälens", "vad", "nås", "åsen", "säter", "säters", "vara", "mark", "boden", "lund", "kil",
        "by", "dal", "berg", "backe", "strand", "sjö", "ås", "näs", "holm", "vik", "ön", "hed",
        // ASCII spellings of registry names that are words (Ånge → ange, Åre → are, Malå → mala)
        "ange", "are", "salen", "mala",
    ]

    /// Endings that make a lowercase word a compound on a place name: the inhabitants
    /// ("morabor", "falubon", "borlängeborna").
    static let demonymSuffixes: Set<String> = ["bo", "bon", "bons", "bor", "borna", "bornas", "bors", "bos"]

    /// Person names (lowercased) that are also common Swedish words ("Per vecka", "Hans
    /// arbete", "Inga åtgärder", "Ström saknas"). At the start of a sentence such a name is
    /// taken for the word unless a capitalized word follows it ("Per Olsson").
    static let commonWordNames: Set<String> = [
        "per", "dag", "hans", "bo", "max", "sten", "inga", "inger", "stig", "klara", "björn", "axel", "saga",
        "mats", "jan", "mark", "rut", "maj", "ros", "liv", "tim",
        "berg", "lund", "holm", "ström", "björk", "ek", "strand", "falk", "blom", "lind", "lilja", "hjort",
        "örn", "hall", "ask", "vik", "fors", "nord", "sjö", "lax",
    ]

    /// Words that name a person's role. A capitalized word right after one of them is taken
    /// for the person's name ("enhetschef Berglund", "distriktssköterska Holm").
    static let titles: Set<String> = [
        "dr", "doktor", "doktorn", "mas", "mar", "herr", "fru", "syster", "ordförande", "ordföranden",
        "kommunalråd", "kommunalrådet", "rektor", "rektorn", "kollega", "kollegan", "kontaktperson",
        "kontaktpersonen", "kurator", "kuratorn", "koordinator", "koordinatorn",
    ]

    /// Endings of role words ("enhetschef", "distriktssköterska", "arbetsterapeuten").
    static let titleSuffixes: [String] = [
        "chef", "chefen", "sköterska", "sköterskan", "läkare", "läkaren", "terapeut", "terapeuten",
        "handläggare", "handläggaren", "samordnare", "samordnaren", "direktör", "direktören", "ledare",
        "ledaren", "strateg", "strategen", "sekreterare", "sekreteraren", "dietist", "dietisten",
        "logoped", "logopeden", "psykolog", "psykologen",
    ]

    /// Titles written as abbreviations, which may carry a full stop ("dr. Holm", "leg. ssk.
    /// Berg"): a name may follow the full stop, and the full stop ends no sentence. The full
    /// scan and the prefilter both read this one list.
    static let abbreviatedTitles: Set<String> = ["dr", "doc", "prof", "leg", "med", "fil", "ssk", "usk", "spec"]

    /// Top-level domains that make a bare `name.tld` a web address.
    static let topLevelDomains: Set<String> = [
        "se", "nu", "com", "org", "net", "eu", "info", "io", "gov", "edu", "int", "biz",
        "dk", "no", "fi", "is", "de", "uk",
    ]

    /// Endings typical of Swedish surnames ("Sjölander", "Lindahl", "Nordqvist"). A single
    /// unlisted capitalized word after a role is taken for a name only with such an ending, so
    /// "verksamhetschef Hemsjukvård" stays.
    static let surnameEndings: [String] = [
        "son", "sen", "berg", "ström", "lund", "gren", "qvist", "kvist", "quist", "holm", "dahl", "dal", "man", "ander",
        "blad", "stedt", "stam", "ius", "én", "ér", "ling", "borg", "bäck", "fors", "hed", "sjö", "stad", "näs",
        "strand", "vall", "kvist",
    ]

    /// Whether a lowercase word ends like a Swedish surname.
    static func looksLikeSurname(_ key: String) -> Bool {
        key.unicodeScalars.count >= 4 && surnameEndingList.matches(key)
    }
    private static let surnameEndingList = EndingList(surnameEndings)

    /// Whether `key` is a role word.
    static func isTitle(_ key: String) -> Bool {
        titles.contains(key) || titleSuffixList.matches(key)
    }
    private static let titleSuffixList = EndingList(titleSuffixes)

    // MARK: - Shape rules (``ShapeRules``)

    /// Capitalized non-words that identify no respondent of a county report: the country, its
    /// neighbours and large cities outside the county, national bodies, and the systems and
    /// programs the answers name. They are never taken for names or places, nor queued.
    static let notIdentifying: Set<String> = [
        "sverige", "sveriges", "norge", "norges", "finland", "danmark", "island", "europa", "eu", "norden", "skandinavien",
        "stockholm", "stockholms", "göteborg", "göteborgs", "malmö", "malmös", "uppsala", "uppsalas", "gävle", "gävles",
        "västerås", "örebro", "karlstad", "linköping", "umeå", "luleå", "sundsvall", "östersund", "jönköping",
        "gävleborg", "värmland", "västmanland", "jämtland", "härjedalen", "uppland", "hälsingland", "bergslagen",
        "cosmic", "teams", "zoom", "skype", "outlook", "excel", "word", "powerpoint", "sharepoint", "office", "microsoft",
        "lifecare", "treserva", "procapita", "pascal", "combine", "meddix", "prator", "sitha", "nationell", "nationella",
        "medrave", "kolada", "ledningsportalen", "vera", "millennium", "journal", "nationellt", "digitalt",
        "inera", "skr", "ivo", "vårdguiden", "bankid", "webbkollen", "senior", "alert", "pmo", "take", "care",
        "god", "nära", "vård", "covid", "corona", "jul", "påsk", "midsommar",
        "ukraina", "ryssland", "tyskland", "polen", "syrien", "afghanistan", "somalia", "irak", "iran", "eritrea", "usa",
        "england", "storbritannien", "frankrike", "spanien", "italien", "kina", "indien", "estland", "lettland", "litauen", "dnr", "diarienummer", "nr", "ref", "bilaga", "kap",
        "kommunen", "kommunens", "regionen", "regionens", "länet", "länets", "staten", "landstinget", "förvaltningen", "nämnden",
    ]

    /// Health and care facilities a place name may stand before ("Idre hälsocentral") or,
    /// with "i", after ("vårdcentralen i Idre").
    static let facilities: Set<String> = [
        "lasarett", "lasarettet", "sjukhus", "sjukhuset", "hälsocentral", "hälsocentralen", "vårdcentral", "vårdcentralen",
        "äldreboende", "äldreboendet", "hc", "vc", "sjukstuga", "sjukstugan", "vårdcentrum", "hälsocenter", "akutmottagning", "akutmottagningen", "närakut", "närakuten",
        "gruppboende", "gruppboendet", "korttidsboende", "korttidsboendet", "servicehus", "servicehuset",
    ]

    /// Prepositions after which a capitalized non-word is taken for a place ("i Våmhus",
    /// "från Särna", "vårdcentralen i Idre").
    static let placePrepositions: Set<String> = [
        "i", "från", "vid", "utanför", "nära", "kring", "inom", "runt", "på", "norr", "söder", "öster", "väster",
    ]

    /// Words that open sentences and are capitalized there, never part of a name that follows
    /// them ("Enligt Stenberg", "Vid Bonäs").
    static let sentenceOpeners: Set<String> = [
        "i", "vid", "enligt", "med", "från", "på", "av", "för", "till", "hos", "genom", "under", "efter", "inför", "om", "när",
        "då", "som", "och", "men", "även", "både", "alla", "nu", "här", "där", "det", "den", "de", "vi", "han", "hon", "man",
        "sedan", "mellan", "utan", "mot", "ett", "en", "flera", "många", "samtliga", "kontakt", "frågor", "tack", "dessutom",
        "tillsammans", "också", "ingen", "inga", "vår", "våra", "vårt", "deras", "denna", "detta", "dessa", "eftersom",
        "trots", "samt", "eller", "att", "hur", "vad", "vem", "varför", "ja", "nej", "bland", "inom", "kring", "runt", "ifylld",
        "ifyllt", "skickat", "svar", "fråga", "projektledare", "kontaktperson", "ansvarig", "samordnare", "hälsningar",
        "annars", "hittills", "dels", "alls", "stundtals", "ingenstans", "någonstans", "mestadels", "tvärs", "baklänges",
    ]

    /// Labels after which, also after a colon, a capitalized non-word is a person's name.
    static let contactLabels: Set<String> = [
        "kontakt", "kontakta", "kontaktperson", "kontaktpersoner", "kontaktpersonen", "ansvarig", "ansvariga", "namn",
        "hälsningar", "hälsning", "mvh", "vänligen", "undertecknad", "av", "enligt", "med", "hos", "till",
    ]

    /// Endings that make a capitalized non-word a derivation on a place ("Våmhusborna",
    /// "Idremodellen", "Bonästeamet").
    static let placeDerivationSuffixes: [String] = [
        "bornas", "borna", "bors", "bor", "bon", "modellen", "modell", "teamet", "projektet", "nätverket", "gänget", "gruppen",
    ]

    /// Finite verbs after which a capitalized word opening a sentence is its subject: a bare
    /// noun is rarely one ("Malm har ansvaret …" names a person), so the word is queued.
    static let subjectVerbs: Set<String> = [
        "har", "hade", "är", "var", "leder", "ledde", "kommer", "började", "tog", "tar", "ansvarar", "samordnar", "håller",
        "höll", "sköter", "gör", "gjorde", "säger", "sade", "sa", "menar", "anser", "berättade", "berättar", "ringde",
        "skrev", "skriver", "deltog", "deltar", "arbetar", "jobbar", "redovisar", "presenterade", "ska", "kan", "vill",
    ]

    /// Verbs after which a capitalized word opening a sentence is a person acting ("Liu leder
    /// …", "Malm har ansvaret …"): the subject verbs without the copula and the modals, which
    /// just as often follow a thing ("Stöd är …", "Mat kan …").
    static let personVerbs: Set<String> = subjectVerbs.subtracting(["är", "var", "ska", "kan", "vill", "tar", "tog", "gör", "gjorde"])

    /// Endings of the passive supine ("startats", "getts", "införts"): after "har" it makes the
    /// subject a thing, not a person.
    static let passiveSupineList = EndingList(["ats", "its", "tts", "dts", "ts"])

    /// Surnames that are also Swedish words (lowercased): opening a sentence before a verb of
    /// ``personVerbs`` they are names ("Malm har ansvaret", "Gren leder"), where a bare noun
    /// rarely stands.
    static let wordSurnames: Set<String> = [
        "berg", "lund", "holm", "ström", "björk", "ek", "strand", "falk", "blom", "lind", "hjort", "örn", "ask", "fors",
        "malm", "gren", "alm", "asp", "hägg", "rask", "frisk", "skog", "bäck", "sand", "hed", "svan", "lönn", "kvist",
        "sten", "dal", "ros", "stål", "lilja", "mård", "varg", "hök", "trana", "brink", "modig", "frid", "stark", "glad",
        "ljung", "eng", "wall", "bark", "sköld", "gran", "kron", "lod", "fält",
    ]

    /// Endings of place names that are also compounds of ordinary words ("Björnberget",
    /// "Hundfjället", "Orsasjön"): after a place preposition such a capitalized word is a place.
    static let placeNameEndingList = EndingList([
        "berget", "bergen", "fjället", "sjön", "tjärn", "tjärnen", "byn", "heden", "forsen", "åsen", "dalen", "viken",
        "näset", "vallen", "bodarna", "myren", "holmen", "udden", "hyttan", "ängen", "bo", "by", "sätra", "hult", "torp",
    ])

    /// Whether a lowercase word ends like a definite noun ("personalen", "arbetet",
    /// "kommunerna"), which opens sentences as a common noun.
    static func looksDefinite(_ key: String) -> Bool {
        key.unicodeScalars.count >= 5 && definiteEndings.matches(key)
    }
    private static let definiteEndings = EndingList(["en", "et", "na", "rna", "orna", "an", "in", "un"])
    static let pluralEndingList = EndingList(["or", "er", "ar"])
    static let strongSurnameEndingList = EndingList(strongSurnameEndings)
    static let organisationEndingList = EndingList(organisationEndings)
    static let placeDerivationSuffixList = EndingList(placeDerivationSuffixes)

    /// Surname endings strong enough to take a word the lexicon reads as a compound for a
    /// surname when it opens a sentence before a verb ("Borgström leder …", "Sjöstrand har …").
    static let strongSurnameEndings: [String] = [
        "son", "berg", "ström", "qvist", "kvist", "quist", "gren", "lund", "holm", "strand", "stedt", "dahl", "bäck",
    ]

    /// Endings of organisations' names, which are never a person's or a place's
    /// ("Linnéuniversitetet", "Socialstyrelsen").
    static let organisationEndings: [String] = [
        "universitetet", "universitet", "högskolan", "institutet", "verket", "styrelsen", "myndigheten", "förbundet",
        "inspektionen", "rådet", "nämnden", "kommun", "kommuns", "regionen",
    ]
}

/// A list of word endings, compared as UTF-8 bytes: the anonymizer asks it of every word, where
/// `String.hasSuffix` would compare characters one grapheme at a time.
struct EndingList: Sendable {
    private let endings: [[UInt8]]

    init(_ endings: [String]) {
        self.endings = endings.map { Array($0.utf8) }.sorted { $0.count > $1.count }
    }

    /// The longest ending `key` has, as bytes, or `nil`.
    func ending(of key: String) -> [UInt8]? {
        var key = key
        return key.withUTF8 { bytes in
            endings.first { ending in
                ending.count <= bytes.count && bytes.suffix(ending.count).elementsEqual(ending)
            }
        }
    }

    /// Whether `key` has one of the endings.
    func matches(_ key: String) -> Bool { ending(of: key) != nil }

    /// Whether `key` has one of the endings with at least `rest` bytes before it.
    func matches(_ key: String, leaving rest: Int) -> Bool {
        guard let ending = ending(of: key) else { return false }
        return key.utf8.count - ending.count >= rest
    }
}
