#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// libhunspell, opened at run time (`dlopen`) the first time a lexicon is loaded, so that only
/// the commands that anonymize (`enkat compile`) load it and libstdc++ behind it; every other
/// command starts without them. The three C functions `SwedishLexicon` calls are looked up by
/// name and called through their C types, as `hunspell/hunspell.h` declares them.
struct HunspellLibrary: @unchecked Sendable {
    /// `Hunhandle* Hunspell_create(const char* affpath, const char* dpath)`
    typealias Create = @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> OpaquePointer?
    /// `int Hunspell_spell(Hunhandle* pHunspell, const char* word)`
    typealias Spell = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    /// `void Hunspell_destroy(Hunhandle* pHunspell)`
    typealias Destroy = @convention(c) (OpaquePointer?) -> Void

    let create: Create
    let spell: Spell
    let destroy: Destroy

    /// The names tried, in order: Debian's and Ubuntu's soname (package libhunspell-1.7-0,
    /// which libhunspell-dev and hunspell depend on), the development symlink, Homebrew's.
    static let names = [
        "libhunspell-1.7.so.0", "libhunspell-1.7.so", "libhunspell.so",
        "libhunspell-1.7.0.dylib", "/opt/homebrew/lib/libhunspell-1.7.0.dylib", "/usr/local/lib/libhunspell-1.7.0.dylib",
    ]

    /// The library, opened on first use (never closed); `nil` when none of `names` opens or
    /// one lacks a function.
    static let shared: HunspellLibrary? = open(names)

    /// The first of `names` that opens and has the three functions.
    static func open(_ names: [String]) -> HunspellLibrary? {
        for name in names {
            guard let library = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            if let create = dlsym(library, "Hunspell_create"), let spell = dlsym(library, "Hunspell_spell"),
                let destroy = dlsym(library, "Hunspell_destroy")
            {
                return HunspellLibrary(
                    create: unsafeBitCast(create, to: Create.self), spell: unsafeBitCast(spell, to: Spell.self),
                    destroy: unsafeBitCast(destroy, to: Destroy.self))
            }
            dlclose(library)
        }
        return nil
    }
}
