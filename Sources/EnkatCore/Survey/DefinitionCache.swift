import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The definitions a command read before, kept parsed and checked so that the next command
/// does not parse them again: a single-file `enkat check` spends most of its time reading its
/// survey and registry (a 290-region registry is 30 M instructions of YAML), and a cached
/// entry is read in a fraction of that.
///
/// One file per definition file and content, in `$XDG_CACHE_HOME/enkat/definitions` (else
/// `~/.cache/enkat/definitions`), holding the survey or registry, its diagnostics, and the
/// file's path and every byte it was read from. An entry is used only when all of these match:
/// the executable that wrote it (`ExecutableIdentity`: its GNU build id), whether the registry's
/// name-form warnings were asked for, the path, and the file's bytes, compared in full — the
/// file name is only a hash that finds the entry. So an edited definition, a moved one or a new
/// build of enkat is read afresh, and a stale entry can never be used.
///
/// Only surveys and registries without errors are kept: never a file that holds neither, nor
/// one with errors — a response put in `surveys/` by mistake has a `survey:` key and reads as a
/// survey with schema errors, and so stays out of the cache. Nothing from responses is kept. Entries are
/// written whole to a temporary file and renamed, so a concurrent reader sees an old entry or
/// a new one, never a part; a damaged or unreadable entry is a miss; a cache that cannot be
/// written (a read-only home) is no cache, never an error. The folder keeps at most
/// `entryLimit` entries, the least recently written removed first. `ENKAT_NO_CACHE=1` turns it
/// off.
public struct DefinitionCache: Sendable {
    /// The folder of the entries.
    public let directory: String
    /// What identifies the running executable.
    let identity: [UInt8]

    /// The cache of this user and this executable, or `nil` when `ENKAT_NO_CACHE` is set, no
    /// cache folder can be named, or the executable has no identity (not Linux, no build id).
    public static let standard: DefinitionCache? = {
        if let off = getenv("ENKAT_NO_CACHE"), off.pointee != 0, String(cString: off) != "0" { return nil }
        let base: String
        if let xdg = getenv("XDG_CACHE_HOME"), xdg.pointee == UInt8(ascii: "/") {
            base = String(cString: xdg)
        } else if let home = getenv("HOME"), home.pointee == UInt8(ascii: "/") {
            base = String(cString: home) + "/.cache"
        } else {
            return nil
        }
        guard let identity = ExecutableIdentity.current else { return nil }
        return DefinitionCache(directory: base + "/enkat/definitions", identity: identity)
    }()

    /// A cache in `directory` for an executable identified by `identity` (tests).
    init(directory: String, identity: [UInt8]) {
        self.directory = directory
        self.identity = identity
    }

    /// How many entries the folder keeps.
    static let entryLimit = 256

    /// The entries' first bytes.
    private static let magic = Array("enkat-definition\n".utf8)

    /// The definition of `bytes`, read from `file`: from the cache when it holds it, else read
    /// and checked (`DefinitionFile.read`) and, when it is a survey or a registry, kept.
    func definition(of bytes: [UInt8], file: String, nameFormWarnings: Bool) -> DefinitionFile {
        let header = entryHeader(file: file, nameFormWarnings: nameFormWarnings, length: bytes.count)
        let path = entryPath(header: header, bytes: bytes)
        if let cached = readEntry(path, header: header, bytes: bytes) { return cached }
        let definition = DefinitionFile.read(bytes, file: file, nameFormWarnings: nameFormWarnings)
        // Only a definition without errors is kept: a response put in `surveys/` (it has a
        // `survey:` key too) reads as a survey with schema errors, and must never be copied here.
        guard !definition.diagnostics.contains(where: { $0.severity == .error }) else { return definition }
        switch definition.content {
        case .survey, .registry:
            let payload = DefinitionCodec.encode(definition)
            writeEntry(path, header + bytes + Array(ContentHash(payload).hex.utf8) + payload)
        case .none: break
        }
        return definition
    }

    /// What an entry starts with, before the source bytes: the magic, the identity, the flag,
    /// the path and the source's length.
    private func entryHeader(file: String, nameFormWarnings: Bool, length: Int) -> [UInt8] {
        var writer = DefinitionCodec.Writer()
        writer.append(Self.magic)
        writer.int(identity.count)
        writer.append(identity)
        writer.bool(nameFormWarnings)
        writer.string(file)
        writer.int(length)
        return writer.bytes
    }

    /// The file of the entry for `bytes` read from `file`, whether or not there is one.
    func entryPath(of bytes: [UInt8], file: String, nameFormWarnings: Bool) -> String {
        entryPath(header: entryHeader(file: file, nameFormWarnings: nameFormWarnings, length: bytes.count), bytes: bytes)
    }

    /// The entry's file: a 128-bit hash of its header and the source, in hex.
    private func entryPath(header: [UInt8], bytes: [UInt8]) -> String {
        var hash = ContentHash()
        hash.add(header)
        hash.add(bytes)
        return directory + "/" + hash.hex + ".def"
    }

    /// The entry at `path` when it was written for this header and these bytes.
    private func readEntry(_ path: String, header: [UInt8], bytes: [UInt8]) -> DefinitionFile? {
        guard let entry = try? SourceFile.read(path), entry.count > header.count + bytes.count else { return nil }
        let matches = entry.withUnsafeBytes { stored in
            header.withUnsafeBytes { memcmp(stored.baseAddress!, $0.baseAddress!, header.count) == 0 }
                && bytes.withUnsafeBytes {
                    bytes.isEmpty || memcmp(stored.baseAddress! + header.count, $0.baseAddress!, bytes.count) == 0
                }
        }
        guard matches else { return nil }
        // The payload's hash, then the payload: a damaged payload is a miss, not a wrong survey.
        let hashStart = header.count + bytes.count, payloadStart = hashStart + ContentHash.hexLength
        guard payloadStart <= entry.count else { return nil }
        let payload = entry[payloadStart...]
        guard entry[hashStart..<payloadStart].elementsEqual(ContentHash(payload).hex.utf8) else { return nil }
        return DefinitionCodec.decode(payload)
    }

    /// Writes an entry whole, or not at all.
    private func writeEntry(_ path: String, _ entry: [UInt8]) {
        guard makeDirectory() else { return }
        let temporary = "\(path).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        let written = entry.withUnsafeBytes { buffer -> Bool in
            var done = 0
            while done < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                done += count
            }
            return true
        }
        guard close(descriptor) == 0, written, rename(temporary, path) == 0 else {
            unlink(temporary)
            return
        }
        prune()
    }

    /// Creates the folder and its parents, for this user only.
    private func makeDirectory() -> Bool {
        (try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil
    }

    /// Removes the least recently written entries beyond `entryLimit`, and temporary files of
    /// writers that died an hour or more ago.
    private func prune() {
        guard let folder = opendir(directory) else { return }
        var entries: [(name: String, written: Int)] = []
        let now = time(nil)
        while let item = readdir(folder) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            var status = stat()
            guard name.hasSuffix(".def") || name.hasSuffix(".tmp"), stat(directory + "/" + name, &status) == 0 else { continue }
            #if canImport(Darwin)
                let written = Int(status.st_mtimespec.tv_sec)
            #else
                let written = Int(status.st_mtim.tv_sec)
            #endif
            if name.hasSuffix(".tmp") {
                if Int(now) - written > 3600 { unlink(directory + "/" + name) }
            } else {
                entries.append((name, written))
            }
        }
        closedir(folder)
        guard entries.count > Self.entryLimit else { return }
        for entry in entries.sorted(by: { $0.written < $1.written }).prefix(entries.count - Self.entryLimit) {
            unlink(directory + "/" + entry.name)
        }
    }
}

/// A fast 128-bit hash (two multiply-rotate lanes, each taking every other 8-byte word), only to name a cache
/// entry: the entry itself holds the bytes it was made from, which are compared in full.
struct ContentHash {
    private var a: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private var length: UInt64 = 0

    /// The characters of `hex`.
    static let hexLength = 32

    init() {}

    /// The hash of `bytes`.
    init<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        add(bytes)
    }

    mutating func add<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        if bytes.withContiguousStorageIfAvailable({ addBuffer(UnsafeRawBufferPointer($0)) }) == nil {
            Array(bytes).withUnsafeBytes { addBuffer($0) }
        }
    }

    private mutating func addBuffer(_ buffer: UnsafeRawBufferPointer) {
        var offset = 0
        // Sixteen bytes a round, a word to each lane.
        while offset + 16 <= buffer.count {
            mix(buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self), buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            offset += 16
        }
        if offset + 8 <= buffer.count {
            mix(buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self), 0)
            offset += 8
        }
        var tail: UInt64 = 0
        for index in offset..<buffer.count { tail |= UInt64(buffer[index]) << (8 * UInt64(index - offset)) }
        mix(tail ^ UInt64(buffer.count - offset) << 56, 0)
        length &+= UInt64(buffer.count)
    }

    @inline(__always)
    private mutating func mix(_ first: UInt64, _ second: UInt64) {
        a = ((a ^ first) &* 0xFF51_AFD7_ED55_8CCD)
        a = a << 31 | a >> 33
        b = ((b ^ second) &* 0xC4CE_B9FE_1A85_EC53)
        b = b << 29 | b >> 35
        a &+= b
        b &+= a
    }

    var hex: String {
        var a = self.a ^ length, b = self.b
        a = (a ^ a >> 33) &* 0xFF51_AFD7_ED55_8CCD
        b = (b ^ b >> 29 ^ a) &* 0xC4CE_B9FE_1A85_EC53
        a ^= a >> 33 ^ b
        b ^= b >> 32
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for word in [a, b] {
            for shift in stride(from: 60, through: 0, by: -4) { text.append(digits[Int(word >> UInt64(shift) & 0xF)]) }
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// What tells one build of enkat from another: the GNU build id the linker writes into the
/// executable (`.note.gnu.build-id`), read from `/proc/self/exe`'s program headers. `nil` where
/// there is none (not Linux, a binary linked without it): then nothing is cached.
enum ExecutableIdentity {
    /// The running executable's build id.
    static let current: [UInt8]? = buildID(ofFile: "/proc/self/exe")

    /// The build id of the ELF file at `path`.
    static func buildID(ofFile path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        func bytes(at offset: Int, count: Int) -> [UInt8]? {
            guard offset >= 0, count >= 0, count <= 1 << 16 else { return nil }
            var buffer = [UInt8](repeating: 0, count: count)
            let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, count, off_t(offset)) }
            return got == count ? buffer : nil
        }
        return buildID(header: bytes(at: 0, count: 64) ?? [], read: bytes)
    }

    /// The build id from an ELF header and a way to read the file's bytes (64-bit, little
    /// endian: the only ELF enkat is built as).
    static func buildID(header: [UInt8], read: (Int, Int) -> [UInt8]?) -> [UInt8]? {
        guard header.count == 64, header.starts(with: [0x7F, 0x45, 0x4C, 0x46, 2, 1]) else { return nil }
        func number(_ bytes: [UInt8], _ offset: Int, _ width: Int) -> Int {
            (0..<width).reversed().reduce(0) { $0 << 8 | Int(bytes[offset + $1]) }
        }
        let tableOffset = number(header, 32, 8), entrySize = number(header, 54, 2), count = number(header, 56, 2)
        guard entrySize >= 56, count <= 256, let table = read(tableOffset, entrySize * count) else { return nil }
        for index in 0..<count {
            let entry = index * entrySize
            guard number(table, entry, 4) == 4 /* PT_NOTE */ else { continue }
            let size = number(table, entry + 32, 8)
            guard size <= 1 << 16, let notes = read(number(table, entry + 8, 8), size) else { continue }
            var offset = 0
            while offset + 12 <= notes.count {
                let nameSize = number(notes, offset, 4), descSize = number(notes, offset + 4, 4), type = number(notes, offset + 8, 4)
                let name = offset + 12, desc = name + (nameSize + 3) & ~3
                guard desc + descSize <= notes.count else { break }
                if type == 3 /* NT_GNU_BUILD_ID */, nameSize == 4, notes[name..<name + 4].elementsEqual([0x47, 0x4E, 0x55, 0]), descSize > 0 {
                    return Array(notes[desc..<desc + descSize])
                }
                offset = desc + (descSize + 3) & ~3
            }
        }
        return nil
    }
}
