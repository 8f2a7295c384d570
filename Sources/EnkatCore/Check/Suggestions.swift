/// Folding of Swedish text for lenient comparison: case, diacritics and separators.
enum Fold {
    /// Lowercases, maps å/ä → a, ö → o (as registry ids do), é → e, and turns spaces and
    /// underscores into hyphens.
    static func key(_ text: String) -> String {
        // Ids are lower-case ASCII already: nothing to fold.
        if text.utf8.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0) && $0 != 0x20 && $0 != 0x5F && $0 != 0x09 }) {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.lowercased().unicodeScalars {
            switch scalar {
            case "å", "ä", "á", "à", "â": result.append("a")
            case "ö", "ø", "ó", "ò", "ô": result.append("o")
            case "é", "è", "ê", "ë": result.append("e")
            case "ü", "ú": result.append("u")
            case " ", "_", "\t": result.append("-")
            case "\u{0300}"..."\u{036F}": continue  // combining marks of decomposed text
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// "Did you mean …?" for misspelt ids.
enum Suggestions {
    /// The candidate closest to `input`, when it is close enough to be a plausible typo.
    ///
    /// Candidates are `(id, alternative names)`; the input is compared, folded, with the id
    /// and with every alternative (an option's label, a respondent's names).
    static func closest(to input: String, among candidates: [(id: String, names: [String])]) -> String? {
        let wanted = Fold.key(input)
        guard !wanted.isEmpty else { return nil }
        let wantedScalars = Array(wanted.unicodeScalars)
        var best: (id: String, distance: Int)?
        for candidate in candidates {
            for name in [candidate.id] + candidate.names {
                let folded = Fold.key(name)
                if folded == wanted { return candidate.id }
                let foldedScalars = Array(folded.unicodeScalars)
                let tolerance = max(1, min(3, foldedScalars.count / 3))
                // The distance is at least the difference in length: a token far longer or
                // shorter than every candidate (a pasted paragraph) costs nothing more.
                guard abs(wantedScalars.count - foldedScalars.count) <= tolerance else { continue }
                let distance = editDistance(wantedScalars, foldedScalars)
                if distance <= tolerance, distance < (best?.distance ?? .max) {
                    best = (candidate.id, distance)
                }
            }
        }
        return best?.id
    }

    /// Levenshtein distance, with a transposition counted as one edit.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
