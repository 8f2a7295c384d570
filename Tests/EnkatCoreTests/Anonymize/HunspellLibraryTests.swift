import Testing

@testable import EnkatCore

/// libhunspell is opened at run time, not linked: what happens when it is there and when not.
@Suite("Anonymizing: libhunspell opened at run time")
struct HunspellLibraryTests {
    @Test("a library that does not exist, or lacks hunspell's functions, gives no library")
    func missing() {
        #expect(HunspellLibrary.open(["libenkat-does-not-exist.so.0"]) == nil)
        #expect(HunspellLibrary.open(["libc.so.6"]) == nil)
    }

    @Test("Debian's libhunspell opens and spells", .needs(SwedishLexicon.shared != nil, "needs Debian's hunspell-sv (scripts/install-deps)"))
    func opens() throws {
        let library = try #require(HunspellLibrary.shared)
        let directory = SwedishLexicon.defaultDirectory
        let handle = try #require(library.create(directory + "/sv_SE.aff", directory + "/sv_SE.dic"))
        defer { library.destroy(handle) }
        #expect(library.spell(handle, "hus") != 0)
        #expect(library.spell(handle, "xqzvbn") == 0)
        #expect(SwedishLexicon.shared?.verdict("Hälsocentralen") == .word)
    }
}
