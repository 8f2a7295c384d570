/// Postal addresses in free text: a street and its number ("Storgatan 12B", "Kyrkvägen 3"), a
/// Box or c/o address ("Box 123", "c/o Lena Ek"), and postcodes with or without the post town
/// ("791 71 Falun", "SE-791 71", "79171"), as the anonymizer replaces them.
///
/// Dates (`2025-01-01`, `2025-01-01–2025-06-30`), time spans (`08.00–16.30`), diarienummer
/// (`RD 2025/1234`), organisationsnummer (`212000-2171`), decimals (`3,5`), amounts
/// (`120 000 kr`) and "3000 tecken" are never postcodes: a postcode is exactly three digits, a
/// space and two digits (or five digits after `SE-`), standing alone, and followed by a post
/// town or preceded by `SE-` or a street address.
enum AddressPatterns {
    /// Street name endings ("Storgatan", "Kyrkvägen", "Ågränd").
    static let streetEndings: [String] = [
        "gatan", "gata", "vägen", "väg", "gränd", "gränden", "stigen", "stig", "torget", "torg", "backen", "allén", "allé",
        "leden", "plan", "platsen", "stråket", "kajen", "gärdet",
    ]

    static let streetEndingList = EndingList(streetEndings)

    /// Words after which five digits (or three and two) are a postcode.
    static let postcodeLabels: Set<String> = ["postnummer", "postnr", "postadress"]

    /// Units and words after which three and two digits are an amount, not a postcode.
    static let notTowns: Set<String> = ["kr", "kronor", "tkr", "mkr", "sek", "tecken", "procent", "st", "personer", "timmar"]

    /// Every address and postcode in `scalars` (whose words are `words`, as
    /// ``ScannedText/words(in:)`` splits them), as (kind, range of scalars), in order.
    static func find(in scalars: [Unicode.Scalar], words: [ScannedWord]) -> [(Replacement.Kind, Range<Int>)] {
        var found: [(Replacement.Kind, Range<Int>)] = []
        // Where each address ends: a postcode right after one belongs to it.
        var addressEnds = Set<Int>()
        for (position, word) in words.enumerated() {
            let key = word.key
            // A street and its number.
            // (The number first: it is one byte to look at, the endings twenty.)
            if word.end + 1 < scalars.count, scalars[word.end] == " ", isDigit(scalars[word.end + 1]),
               streetEndingList.matches(key, leaving: 2), let number = numberAfter(word.end, in: scalars) {
                found.append((.address, word.start..<number))
                addressEnds.insert(number)
                continue
            }
            // Box 123, c/o Name Name.
            if key == "box", let number = numberAfter(word.end, in: scalars), word.isCapitalized {
                found.append((.address, word.start..<number))
                addressEnds.insert(number)
                continue
            }
            if key == "c", word.end + 2 < scalars.count, scalars[word.end] == "/", scalars[word.end + 1] == "o" || scalars[word.end + 1] == "O",
               position + 2 < words.count, words[position + 1].key == "o", words[position + 2].isCapitalized {
                var end = words[position + 2].end
                if position + 3 < words.count, words[position + 3].isCapitalized, words[position + 3].start - end <= 2 { end = words[position + 3].end }
                found.append((.address, word.start..<end))
                addressEnds.insert(end)
            }
        }
        // Postcodes.
        var index = 0
        while index < scalars.count {
            guard isDigit(scalars[index]), index == 0 || !isNumberPart(scalars[index - 1]) || precededBySE(index, scalars) else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, isDigit(scalars[end]) { end += 1 }
            var codeEnd: Int?
            if end - index == 3, end + 3 <= scalars.count, scalars[end] == " " || scalars[end] == "\u{00A0}",
               isDigit(scalars[end + 1]), isDigit(scalars[end + 2]), !continuesNumber(end + 3, scalars) {
                codeEnd = end + 3
            } else if end - index == 5, !continuesNumber(end, scalars) {
                codeEnd = end
            }
            guard let stop = codeEnd else {
                index = end
                continue
            }
            let start = precededBySE(index, scalars) ? index - 3 : index
            let town = townAfter(stop, in: scalars, words: words)
            let afterAddress = (0...3).contains { addressEnds.contains(index - $0) }
            let spaced = end - index == 3  // "791 71": the shape itself is a postcode's
            let labelled = wordBefore(index, in: scalars, words: words).map { postcodeLabels.contains($0) } ?? false
            let listed = end - index == 5 && index >= 2 && scalars[index - 2] == "," && scalars[index - 1] == " "
                && (stop == scalars.count || ".,;".unicodeScalars.contains(scalars[stop]))
            let amount = wordAfter(stop, in: scalars, words: words).map { notTowns.contains($0) } ?? false
            let afterDigits = index >= 2 && scalars[index - 1] == " " && isDigit(scalars[index - 2])
            if !amount, !afterDigits, precededBySE(index, scalars) || town != nil || afterAddress || spaced || labelled || listed {
                found.append((.postcode, start..<(town ?? stop)))
            }
            index = town ?? stop
        }
        return found.sorted { $0.1.lowerBound < $1.1.lowerBound }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// A digit or a character that joins digits into a larger number, date or code.
    private static func isNumberPart(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || "-–/.,:+".unicodeScalars.contains(scalar)
    }

    /// Whether the number goes on at `index`: a digit, or a joining character before a digit
    /// ("2025-01", "3,5"); a full stop or comma ending the sentence does not.
    private static func continuesNumber(_ index: Int, _ scalars: [Unicode.Scalar]) -> Bool {
        guard index < scalars.count else { return false }
        if isDigit(scalars[index]) { return true }
        return isNumberPart(scalars[index]) && index + 1 < scalars.count && isDigit(scalars[index + 1])
    }

    private static func precededBySE(_ index: Int, _ scalars: [Unicode.Scalar]) -> Bool {
        index >= 3 && (scalars[index - 3] == "S" || scalars[index - 3] == "s") && (scalars[index - 2] == "E" || scalars[index - 2] == "e")
            && scalars[index - 1] == "-" && (index == 3 || !ScannedText.isLetter(scalars[index - 4]))
    }

    /// The end of a house number (1–4 digits, an optional letter) after one space, or `nil`.
    private static func numberAfter(_ end: Int, in scalars: [Unicode.Scalar]) -> Int? {
        guard end + 1 < scalars.count, scalars[end] == " ", isDigit(scalars[end + 1]) else { return nil }
        var stop = end + 1
        while stop < scalars.count, isDigit(scalars[stop]) { stop += 1 }
        guard stop - end - 1 <= 4 else { return nil }
        if stop < scalars.count, ScannedText.isLetter(scalars[stop]), stop + 1 == scalars.count || !ScannedText.isLetter(scalars[stop + 1]) {
            stop += 1
        } else if stop < scalars.count, ScannedText.isLetter(scalars[stop]) {
            return nil  // "3 tecken" is not a number with a letter
        }
        // Not a date or a larger number ("vägen 2025-01-01").
        if stop < scalars.count, "-/.".unicodeScalars.contains(scalars[stop]), stop + 1 < scalars.count, isDigit(scalars[stop + 1]) { return nil }
        return stop
    }

    /// The lowercased word right before `index` (one space between), if any.
    private static func wordBefore(_ index: Int, in scalars: [Unicode.Scalar], words: [ScannedWord]) -> String? {
        guard index >= 2, scalars[index - 1] == " " || scalars[index - 1] == ":" else { return nil }
        var end = index - 1
        while end > 0, scalars[end - 1] == " " || scalars[end - 1] == ":" { end -= 1 }
        return words.last(where: { $0.end == end })?.key
    }

    /// The lowercased word right after `stop` (one space between), if any.
    private static func wordAfter(_ stop: Int, in scalars: [Unicode.Scalar], words: [ScannedWord]) -> String? {
        guard stop + 1 < scalars.count, scalars[stop] == " " || scalars[stop] == "\u{00A0}" else { return nil }
        return words.first(where: { $0.start == stop + 1 })?.key
    }

    /// The end of a post town after a postcode: one or two capitalized words after a space.
    private static func townAfter(_ stop: Int, in scalars: [Unicode.Scalar], words: [ScannedWord]) -> Int? {
        guard stop + 1 < scalars.count, scalars[stop] == " " || scalars[stop] == "\u{00A0}",
              let first = words.firstIndex(where: { $0.start == stop + 1 }), words[first].isCapitalized,
              !notTowns.contains(words[first].key)
        else { return nil }
        return words[first].end
    }
}
