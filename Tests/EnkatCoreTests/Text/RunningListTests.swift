import Testing
@testable import EnkatCore

@Suite("Running lists: one joiner")
struct RunningListTests {
    @Test("no, one, two and three items")
    func counts() {
        #expect(RunningList.and([]) == "")
        #expect(RunningList.and(["a"]) == "a")
        #expect(RunningList.and(["a", "b"]) == "a och b")
        #expect(RunningList.and(["a", "b", "c"]) == "a, b och c")
        #expect(RunningList.or(["a", "b", "c"]) == "a, b eller c")
        #expect(RunningList.localized(["`x`", "`y`"], .or) == LocalizedText(sv: "`x` eller `y`", en: "`x` or `y`"))
    }

    @Test("a label holding \" och \" is kept as it is in an or-list")
    func labelWithOch() {
        let labels = ["”Hälso- och sjukvård”", "”Vård och omsorg”"]
        #expect(RunningList.or(labels) == "”Hälso- och sjukvård” eller ”Vård och omsorg”")
    }

    @Test("separators for links: between, before the last, none after it")
    func separators() {
        #expect(RunningList.separators(count: 3, .and) == [", ", " och ", ""])
        #expect(RunningList.separators(count: 1, .and) == [""])
        #expect(RunningList.separators(count: 0, .and).isEmpty)
    }
}
