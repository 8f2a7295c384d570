import Testing
@testable import EnkatCore

@Suite("Respondents: one lookup on Registry")
struct RegistryLookupTests {
    private func respondent(_ id: String, _ kind: String, _ name: String, forms: [String] = []) -> Respondent {
        Respondent(id: id, kind: kind, name: name, officialName: nil, forms: forms, localities: [], members: [], location: .start)
    }

    @Test("an exact id first, then any folded name form, the first in registry order")
    func firstMatch() {
        let registry = Registry(id: "r", title: nil, allowedNames: [], respondents: [
            respondent("falun", "kommun", "Falun", forms: ["Falu kommun"]),
            respondent("sl-falun", "systemledning", "Falun"),
        ], file: "")
        #expect(registry.respondent("sl-falun")?.id == "sl-falun")
        #expect(registry.match("FALU KOMMUN")?.id == "falun")
        #expect(registry.match("falun")?.id == "falun")
        #expect(registry.respondent(ofKind: "systemledning", key: Fold.key("Falun"))?.id == "sl-falun")
        #expect(registry.match("Mora") == nil)
    }

    @Test("the lookup follows a change of the respondents")
    func follows() {
        var registry = Registry(id: "r", title: nil, allowedNames: [], respondents: [], file: "")
        registry.respondents.append(respondent("mora", "kommun", "Mora"))
        #expect(registry.match("MORA")?.id == "mora")
    }
}
