@testable import EnkatCore

/// Text with position markers (`1️⃣`, `2️⃣` …) that are removed, remembering where each stood,
/// so a test can assert that a diagnostic lands exactly there.
struct MarkedText {
    static let markers: [Character] = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    /// The text without markers.
    let text: String
    /// Marker name ("1️⃣") → location in the unmarked text (line, column in Unicode scalars).
    let locations: [Character: SourceLocation]

    init(_ marked: String) {
        var text = ""
        var locations: [Character: SourceLocation] = [:]
        var line = 1
        var column = 1
        for character in marked {
            if MarkedText.markers.contains(character) {
                locations[character] = SourceLocation(line: line, column: column)
                continue
            }
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        self.text = text
        self.locations = locations
    }

    subscript(_ marker: Character) -> SourceLocation {
        guard let location = locations[marker] else { fatalError("marker \(marker) not in text") }
        return location
    }
}

/// Checks a marked response against the fixture catalog.
func checkFixture(_ marked: MarkedText, catalog: SurveyCatalog = fixtureCatalog) -> ResponseCheck {
    ResponseValidator(catalog: catalog).check(bytes: Array(marked.text.utf8), file: "svar.yaml")
}
