import Foundation

/// Finds personal data that the forms forbid in free text: personnummer and
/// samordningsnummer (with the Luhn check, with or without century and separator), e-mail
/// addresses and Swedish phone numbers.
public enum PersonalData {
    /// The kinds of personal data found.
    public enum Kind: String, Sendable, CaseIterable {
        case personnummer, samordningsnummer, email, phone

        /// The Swedish and English name, for messages.
        public var name: LocalizedText {
            switch self {
            case .personnummer: LocalizedText(sv: "personnummer", en: "personal identity number (personnummer)")
            case .samordningsnummer: LocalizedText(sv: "samordningsnummer", en: "co-ordination number (samordningsnummer)")
            case .email: LocalizedText(sv: "e-postadress", en: "e-mail address")
            case .phone: LocalizedText(sv: "telefonnummer", en: "phone number")
            }
        }
    }

    /// One finding: what, and where in the text (as a range of Unicode scalars).
    public struct Match: Sendable, Equatable {
        /// What was found.
        public var kind: Kind
        /// The matched text.
        public var text: String
        /// Offset of the first scalar within the searched text.
        public var scalarOffset: Int
    }

    /// Every finding in `text`, in order of position.
    public static func find(in text: String) -> [Match] {
        guard mayContainPersonalData(text) else { return [] }
        // One pass over the text (`Array(text.unicodeScalars)` counts the scalars first).
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { scalars.append(scalar) }
        var matches: [Match] = []
        var taken = [Bool](repeating: false, count: scalars.count)
        func record(_ kind: Kind, _ range: Range<Int>) {
            guard !range.contains(where: { taken[$0] }) else { return }
            for index in range { taken[index] = true }
            var found = String.UnicodeScalarView()
            found.append(contentsOf: scalars[range])
            matches.append(Match(kind: kind, text: String(found), scalarOffset: range.lowerBound))
        }
        for range in emails(in: scalars) { record(.email, range) }
        if mayContainEvasiveEmail(text) {
            for range in evasiveEmails(in: scalars) { record(.email, range) }
        }
        for (kind, range) in identityNumbers(in: scalars) { record(kind, range) }
        for range in phoneNumbers(in: scalars) { record(.phone, range) }
        return matches.sorted { $0.scalarOffset < $1.scalarOffset }
    }

    /// A fast byte scan that rules out most texts: every finding needs an `@`, a `+`, or six
    /// digits in a row, possibly split by single spaces, hyphens or parentheses (phone numbers
    /// have eight to ten digits, identity numbers ten or twelve). "0,4 årsarbetare" and "2022"
    /// pass without the full search.
    static func mayContainPersonalData(_ text: String) -> Bool {
        mayContainDigitsOrSigns(text) || mayContainEvasiveEmail(text)
    }

    /// Whether the text has one of the words that stand for `@` in an e-mail address written
    /// to get past a filter: `[at]`, `(at)`, `{at}`, "snabel-a", or " at ".
    static func mayContainEvasiveEmail(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            guard let base = bytes.baseAddress, bytes.count >= 4 else { return false }
            // "at]", "at)", "at}" in either case: memchr for the closing bracket (rare in prose,
            // and vectorized), then the two letters before it.
            for close in [UInt8(ascii: "]"), UInt8(ascii: ")"), UInt8(ascii: "}")] {
                var from = 0
                while from < bytes.count, let hit = memchr(base + from, Int32(close), bytes.count - from) {
                    let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if index >= 2, bytes[index - 2] | 0x20 == UInt8(ascii: "a"), bytes[index - 1] | 0x20 == UInt8(ascii: "t") { return true }
                    from = index + 1
                }
            }
            // "snabel-a", " at ", "@@": strstr (glibc's vectorized search). It stops at a NUL,
            // which a text read from YAML does not hold.
            return text.withCString { string in
                strstr(string, "nabel") != nil || strstr(string, " at ") != nil || strstr(string, "@@") != nil
            }
        }
    }

    private static func mayContainDigitsOrSigns(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            var digits = 0
            var separators = 0
            var index = 0
            let count = bytes.count
            let base = UnsafeRawPointer(bytes.baseAddress)
            while index < count {
                // Skip eight bytes at a time that hold no digit, `+`, `@` or separator (0x20
                // and 0x28…0x40 hold them, with some punctuation).
                if let base, digits == 0, index + 8 <= count {
                    let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    if !SWAR.hasASCII(in: 0x28...0x40, word) {
                        index += 8
                        continue
                    }
                }
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "@"), UInt8(ascii: "+"):
                    return true
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    digits += 1
                    separators = 0
                    if digits >= 6 { return true }
                case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"):
                    separators += 1
                    if separators > 2 { digits = 0 }
                default:
                    digits = 0
                    separators = 0
                }
            }
            return false
        }
    }

    // MARK: - E-mail

    /// An ASCII letter or digit (what `isASCII && isAlphabetic`, or a digit, means), without a
    /// Unicode property lookup.
    @inline(__always)
    private static func isASCIIAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        default: false
        }
    }

    private static func isLocalPart(_ s: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(s) || "._%+-".unicodeScalars.contains(s) || (s.value >= 0xC0 && s.properties.isAlphabetic)
    }

    private static func isDomainPart(_ s: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(s) || s == "-" || s == "." || "åäöÅÄÖ".unicodeScalars.contains(s)
    }

    private static func emails(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for (at, scalar) in scalars.enumerated() where scalar == "@" {
            var start = at
            while start > 0 && isLocalPart(scalars[start - 1]) { start -= 1 }
            while start < at && (scalars[start] == "." || scalars[start] == "-") { start += 1 }
            var end = at + 1
            while end < scalars.count && isDomainPart(scalars[end]) { end += 1 }
            while end > at + 1 && (scalars[end - 1] == "." || scalars[end - 1] == "-") { end -= 1 }
            guard start < at, end > at + 1 else { continue }
            let domain = String(String.UnicodeScalarView(scalars[(at + 1)..<end]))
            let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
            guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }),
                  let top = labels.last, top.count >= 2, top.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic })
            else { continue }
            ranges.append(start..<end)
        }
        return ranges
    }

    /// E-mail addresses with the `@` written out: `namn[at]example.se`, `namn (at) example.se`,
    /// `namn snabel-a example.se`, `namn at example.se`, `namn@@example.se`; the domain must
    /// have a dot and a top-level domain of letters, which no ordinary sentence with "at" has.
    private static func evasiveEmails(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        let text = String(String.UnicodeScalarView(scalars)).lowercased()
        let lowered = Array(text.unicodeScalars)
        guard lowered.count == scalars.count else { return [] }
        let markers = ["[at]", "(at)", "{at}", " at ", "snabel-a", "snabel a", "@@"].map { Array($0.unicodeScalars) }
        var ranges: [Range<Int>] = []
        var index = 0
        while index < lowered.count {
            guard let marker = markers.first(where: { marker in
                index + marker.count <= lowered.count && marker.indices.allSatisfy { lowered[index + $0] == marker[$0] }
            }) else {
                index += 1
                continue
            }
            var localEnd = index
            while localEnd > 0, lowered[localEnd - 1] == " " { localEnd -= 1 }
            var start = localEnd
            while start > 0, isLocalPart(scalars[start - 1]) { start -= 1 }
            var domainStart = index + marker.count
            while domainStart < scalars.count, scalars[domainStart] == " " { domainStart += 1 }
            var end = domainStart
            while end < scalars.count, isDomainPart(scalars[end]) { end += 1 }
            while end > domainStart, scalars[end - 1] == "." || scalars[end - 1] == "-" { end -= 1 }
            let domain = String(String.UnicodeScalarView(scalars[domainStart..<end]))
            let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
            if start < localEnd, localEnd - start >= 2, labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }),
               let top = labels.last, top.count >= 2, top.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) {
                ranges.append(start..<end)
                index = end
            } else {
                index += 1
            }
        }
        return ranges
    }

    // MARK: - Personnummer and samordningsnummer

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }

    /// A digit, or a character that joins a number to what stands before it (a date's or a
    /// range's dash, a decimal comma, a slash, a colon).
    @inline(__always)
    private static func continuesNumber(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x30...0x39, 0x2C, 0x2E, 0x2D, 0x2F, 0x3A, 0x2013: true
        default: false
        }
    }

    private static func digitValue(_ s: Unicode.Scalar) -> Int { Int(s.value) - 48 }

    /// Runs of the shapes YYMMDD-NNNN, YYMMDD+NNNN, YYYYMMDD-NNNN, YYMMDDNNNN and
    /// YYYYMMDDNNNN, not inside a longer number, with a valid date (day + 60 for a
    /// samordningsnummer) and a valid Luhn check digit.
    private static func identityNumbers(in scalars: [Unicode.Scalar]) -> [(Kind, Range<Int>)] {
        var results: [(Kind, Range<Int>)] = []
        var index = 0
        while index < scalars.count {
            guard isDigit(scalars[index]), index == 0 || !isDigit(scalars[index - 1]) else {
                index += 1
                continue
            }
            var digitsEnd = index
            while digitsEnd < scalars.count && isDigit(scalars[digitsEnd]) { digitsEnd += 1 }
            let leading = digitsEnd - index
            var candidates: [(digits: [Int], end: Int)] = []
            if leading == 10 || leading == 12 {
                candidates.append((scalars[index..<digitsEnd].map(digitValue), digitsEnd))
            } else if (leading == 6 || leading == 8), digitsEnd + 5 <= scalars.count,
                      scalars[digitsEnd] == "-" || scalars[digitsEnd] == "+" || scalars[digitsEnd] == " " {
                let tail = scalars[(digitsEnd + 1)..<(digitsEnd + 5)]
                if tail.allSatisfy(isDigit), digitsEnd + 5 == scalars.count || !isDigit(scalars[digitsEnd + 5]) {
                    candidates.append((scalars[index..<digitsEnd].map(digitValue) + tail.map(digitValue), digitsEnd + 5))
                }
            }
            for candidate in candidates {
                let ten = Array(candidate.digits.suffix(10))
                if candidate.digits.count == 12 {
                    let century = candidate.digits[0] * 10 + candidate.digits[1]
                    guard century == 18 || century == 19 || century == 20 else { continue }
                }
                guard let kind = classify(ten) else { continue }
                results.append((kind, index..<candidate.end))
            }
            index = max(digitsEnd, index + 1)
        }
        return results
    }

    /// Personnummer or samordningsnummer for ten digits YYMMDDNNNC, or `nil`.
    static func classify(_ digits: [Int]) -> Kind? {
        guard digits.count == 10 else { return nil }
        let month = digits[2] * 10 + digits[3]
        let day = digits[4] * 10 + digits[5]
        guard (1...12).contains(month), luhnValid(digits) else { return nil }
        if (1...31).contains(day) { return .personnummer }
        if (61...91).contains(day) { return .samordningsnummer }
        return nil
    }

    /// The Luhn (mod 10) check over ten digits, as Skatteverket computes it.
    static func luhnValid(_ digits: [Int]) -> Bool {
        var sum = 0
        for (position, digit) in digits.enumerated() {
            let product = position % 2 == 0 ? digit * 2 : digit
            sum += product > 9 ? product - 9 : product
        }
        return sum % 10 == 0
    }

    // MARK: - Phone numbers

    /// Swedish numbers: a leading `0` (not `00` followed by a year-like run) or `+46`, then
    /// digits with single spaces, hyphens or a parenthesised area code, 8 to 10 digits in all
    /// for national numbers (070-123 45 67, 023-123 45, 010-123 45 67, 08-123 456 78).
    private static func phoneNumbers(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var results: [Range<Int>] = []
        var index = 0
        while index < scalars.count {
            // Not inside a larger number, date or range ("2025-01-01–2025-06-30", "RD 2025/1234").
            let startsNumber = index == 0 || !continuesNumber(scalars[index - 1])
            guard startsNumber else {
                index += 1
                continue
            }
            var position = index
            var digitCount = 0
            var international = false
            if scalars[position] == "+", position + 2 < scalars.count, scalars[position + 1] == "4", scalars[position + 2] == "6" {
                international = true
                position += 3
                digitCount = 0
            } else if scalars[position] == "(" || scalars[position] == "0" {
                // national: must start with 0 (possibly inside a parenthesis)
                let first = scalars[position] == "(" ? position + 1 : position
                guard first < scalars.count, scalars[first] == "0" else {
                    index += 1
                    continue
                }
            } else {
                index += 1
                continue
            }
            var end = position
            var lastDigitEnd = position
            var previousSeparator = false
            var slashUsed = false
            while end < scalars.count {
                let scalar = scalars[end]
                // One slash after the area code ("023/77 70 00").
                if scalar == "/", !slashUsed, !international, digitCount >= 2, digitCount <= 4, !previousSeparator,
                   end + 1 < scalars.count, isDigit(scalars[end + 1]) {
                    slashUsed = true
                    end += 1
                    continue
                }
                if isDigit(scalar) {
                    digitCount += 1
                    lastDigitEnd = end + 1
                    previousSeparator = false
                } else if (scalar == " " || scalar == "-" || scalar == "–" || scalar == "(" || scalar == ")" || scalar == "\u{00A0}"),
                          !previousSeparator || scalar == ")" || scalar == "(" {
                    previousSeparator = scalar == " " || scalar == "-" || scalar == "–" || scalar == "\u{00A0}"
                } else {
                    break
                }
                end += 1
                if digitCount > 13 { break }
            }
            let followedByDigitOrComma = lastDigitEnd < scalars.count && (isDigit(scalars[lastDigitEnd])
                || (scalars[lastDigitEnd] == "," && lastDigitEnd + 1 < scalars.count && isDigit(scalars[lastDigitEnd + 1])))
            let valid = international ? (7...10).contains(digitCount) : (8...10).contains(digitCount)
            if valid && !followedByDigitOrComma && lastDigitEnd > index {
                results.append(index..<lastDigitEnd)
                index = lastDigitEnd
            } else {
                index += 1
            }
        }
        return results
    }
}
