import Foundation
import Synchronization

/// A real Swedish lexicon: hunspell with Debian's `hunspell-sv` dictionary (Göran Andersson's
/// Den stora svenska ordlistan, about 2.3 MB of stems with inflection and compounding rules).
/// It tells the anonymizer whether a capitalized word is an ordinary Swedish word ("Inga",
/// "Vad", "Hälsocentralen"), a proper noun the dictionary knows ("Svensson", "Bonäs", "Anna",
/// "Stockholm") or a word it does not know at all ("Kopparbergsgruvan", "Cosmic").
///
/// libhunspell is opened when the first lexicon is loaded (`HunspellLibrary`), not linked, so
/// that the commands without one start without it.
///
/// hunspell's handle is not safe to share between threads, so every lookup goes through one
/// lock, in front of which a cache answers words asked before (a report asks about the same
/// few thousand words again and again).
public final class SwedishLexicon: Sendable {
    /// What the lexicon says a word is.
    public enum Verdict: Sendable, Equatable {
        /// An ordinary Swedish word (in lowercase it is in the dictionary).
        case word
        /// Known only capitalized: a name of a person, place or organisation.
        case properNoun
        /// Not in the dictionary in any case.
        case unknown
    }

    /// Why the lexicon cannot be loaded.
    public struct LoadError: Error, Sendable {
        public var path: String
        public init(path: String) { self.path = path }
        public var message: LocalizedText {
            LocalizedText(
                sv: "ordlistan \(path) saknas; installera den svenska ordlistan för hunspell (apt-get install hunspell-sv) eller ange mappen med ENKAT_HUNSPELL_DIR",
                en: "the word list \(path) is missing; install the Swedish hunspell dictionary (apt-get install hunspell-sv) or name its folder with ENKAT_HUNSPELL_DIR")
        }
    }

    private struct Handle: @unchecked Sendable {
        let pointer: OpaquePointer
        let library: HunspellLibrary
    }

    private let handle: Mutex<Handle>
    /// The verdicts asked before, in shards by the word's length and first byte, so that the
    /// anonymize stage's threads seldom wait for one another.
    private let shards: [Shard] = (0..<64).map { _ in Shard() }

    private final class Shard: Sendable {
        let verdicts = Mutex<[String: Verdict]>([:])
    }

    /// The dictionary folder: `ENKAT_HUNSPELL_DIR`, or Debian's `/usr/share/hunspell`.
    public static var defaultDirectory: String {
        ProcessInfo.processInfo.environment["ENKAT_HUNSPELL_DIR"] ?? "/usr/share/hunspell"
    }

    /// Loads `sv_SE.aff` and `sv_SE.dic` from `directory` (about 70 ms).
    public init(directory: String = SwedishLexicon.defaultDirectory) throws(LoadError) {
        let affix = (directory as NSString).appendingPathComponent("sv_SE.aff")
        let dictionary = (directory as NSString).appendingPathComponent("sv_SE.dic")
        for path in [affix, dictionary] where !FileManager.default.isReadableFile(atPath: path) {
            throw LoadError(path: path)
        }
        // Without libhunspell the lexicon is missing as a whole, as without its dictionary.
        guard let library = HunspellLibrary.shared, let pointer = library.create(affix, dictionary) else {
            throw LoadError(path: dictionary)
        }
        handle = Mutex(Handle(pointer: pointer, library: library))
    }

    deinit {
        handle.withLock { $0.library.destroy($0.pointer) }
    }

    /// The shared lexicon from the default folder, loaded on first use; `nil` when the
    /// dictionary is not installed.
    public static let shared: SwedishLexicon? = try? SwedishLexicon()

    /// The shared lexicon, for the commands that must not run without it (`enkat compile`, the
    /// rounds server's report).
    public static func required() throws(LoadError) -> SwedishLexicon {
        guard let shared else { throw LoadError(path: (defaultDirectory as NSString).appendingPathComponent("sv_SE.dic")) }
        return shared
    }

    /// What `word` (as written, NFC) is.
    public func verdict(_ word: String) -> Verdict {
        let shard = shards[(word.utf8.count &* 31 &+ Int(word.utf8.first ?? 0) &+ Int(word.utf8.last ?? 0)) & 63]
        if let known = shard.verdicts.withLock({ $0[word] }) { return known }
        let lower = word.lowercased()
        let verdict: Verdict = handle.withLock { handle in
            if handle.library.spell(handle.pointer, lower) != 0 { return .word }
            if lower != word, handle.library.spell(handle.pointer, word) != 0 { return .properNoun }
            return .unknown
        }
        shard.verdicts.withLock { $0[word] = verdict }
        return verdict
    }

    /// Whether `word` is an ordinary Swedish word.
    public func isWord(_ word: String) -> Bool { verdict(word) == .word }
}
