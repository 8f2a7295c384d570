import CEnkatZlib
import Foundation
import Testing
import ZIPFoundation
@testable import EnkatCore

/// The two scans of a whole `word/document.xml` that `DocxPackage.make` runs before zipping,
/// both on its UTF-8 bytes: for characters XML forbids and for the title.
@Suite struct DocxPackageScanTests {
    /// `DocxPackage.xmlCharacters` looks at UTF-8 bytes before it filters scalars.
    @Test(arguments: [
        ("vanlig text åäö\t\n\r", "vanlig text åäö\t\n\r"),
        ("före\u{0B}efter", "föreefter"),
        ("\u{0}", ""),
        ("a\u{FFFE}b\u{FFFF}c", "abc"),
        ("\u{FFFD}\u{FFFC}\u{EFFF}\u{F000}\u{1F600}", "\u{FFFD}\u{FFFC}\u{EFFF}\u{F000}\u{1F600}"),
        ("slut\u{FFFF}", "slut"),
    ])
    func xmlCharactersDropsOnlyWhatXMLForbids(text: String, expected: String) {
        #expect(DocxPackage.xmlCharacters(text) == expected)
    }

    /// The bytes are looked at eight at a time: a forbidden character at any offset in a word,
    /// or across two, is still found, and an allowed one next to it kept.
    @Test(arguments: 0..<17)
    func xmlCharactersFindsForbiddenCharactersAtEveryOffset(offset: Int) {
        let before = String(repeating: "å", count: offset / 2) + String(repeating: "x", count: offset % 2)
        let after = String(repeating: "y", count: 20)
        for forbidden in ["\u{0}", "\u{1F}", "\u{FFFE}", "\u{FFFF}"] {
            #expect(DocxPackage.xmlCharacters(before + forbidden + after) == before + after, "\(forbidden.unicodeScalars.first!.value)")
        }
        for allowed in ["\t", "\u{FFFD}", "\u{EFBF}", "\u{F7BF}"] {
            #expect(DocxPackage.xmlCharacters(before + allowed + after) == before + allowed + after)
        }
    }
}

/// The zip writer behind the Word report (`ZipWriter`): archives read back with ZIPFoundation
/// and — when it is installed — checked by Python's `zipfile`, the central directory read
/// byte by byte, and the same entries always giving the same bytes.
@Suite struct ZipWriterTests {
    // MARK: - Reading back

    /// Sizes around the chunk boundaries: empty, one chunk, just over (a last chunk of one
    /// byte), exactly two chunks, and three and a half.
    static let sizes = [0, 1, 1_000, ZipWriter.chunkSize, ZipWriter.chunkSize + 1, 2 * ZipWriter.chunkSize, 3 * ZipWriter.chunkSize + ZipWriter.chunkSize / 2]

    @Test(arguments: sizes)
    func deflatedEntriesReadBackByteEqual(size: Int) throws {
        let contents = Self.prose(count: size)
        var writer = ZipWriter()
        try writer.add("word/document.xml", bytes: contents, method: .deflated)
        let entries = try Self.extract(try writer.finished())
        #expect(entries.map(\.name) == ["word/document.xml"])
        #expect(entries.first?.bytes == contents)
        #expect(entries.first?.compressed == true)
        if size > 1_000 {
            #expect((entries.first?.compressedSize ?? .max) < size / 2, "prose should deflate to less than half")
        }
    }

    @Test func storedAndDeflatedEntriesKeepTheirOrderAndBytes() throws {
        let big = Self.prose(count: 3 * ZipWriter.chunkSize + 12_345)
        let parts: [(String, [UInt8], ZipWriter.Method)] = [
            ("[Content_Types].xml", Array("<Types/>".utf8), .deflated),
            ("stored.txt", Array("lagras som det är: åäö".utf8), .stored),
            ("empty-stored", [], .stored),
            ("empty-deflated", [], .deflated),
            ("big/stored.txt", Array(big.prefix(1_500_000)), .stored),
            ("big/deflated.xml", big, .deflated),
            ("sista.txt", Array("slut".utf8), .deflated),
        ]
        var writer = ZipWriter()
        for (name, bytes, method) in parts {
            try writer.add(name, bytes: bytes, method: method)
        }
        let entries = try Self.extract(try writer.finished())
        #expect(entries.map(\.name) == parts.map(\.0))
        for (entry, part) in zip(entries, parts) {
            #expect(entry.bytes == part.1, "\(entry.name) differs")
            #expect(entry.compressed == (part.2 == .deflated), "\(entry.name) has the wrong method")
        }
    }

    @Test func textEntriesAreTheirUTF8() throws {
        var writer = ZipWriter()
        try writer.add("å.txt", text: "Övergripande frågor\n")
        let entries = try Self.extract(try writer.finished())
        #expect(entries.map(\.name) == ["å.txt"])
        #expect(entries.first?.bytes == Array("Övergripande frågor\n".utf8))
    }

    // MARK: - The bytes

    @Test func theSameEntriesGiveTheSameBytes() throws {
        func write() throws -> [UInt8] {
            var writer = ZipWriter()
            try writer.add("a.xml", bytes: Self.prose(count: 40_000), method: .deflated)
            try writer.add("b.xml", bytes: Self.prose(count: 3 * ZipWriter.chunkSize + 777), method: .deflated)
            try writer.add("c.txt", bytes: Self.prose(count: 100), method: .stored)
            return try writer.finished()
        }
        let first = try write()
        #expect(first == (try write()))
        #expect(first.starts(with: [0x50, 0x4B, 0x03, 0x04]), "not a zip file")
    }

    @Test func theCentralDirectoryHoldsZlibsCRCAFixedDateAndAFileMode() throws {
        let contents = [Self.prose(count: 5_000), Self.prose(count: 2 * ZipWriter.chunkSize + 99), []]
        var writer = ZipWriter()
        for (index, bytes) in contents.enumerated() {
            try writer.add("part\(index).xml", bytes: bytes, method: index == 0 ? .stored : .deflated)
        }
        let archive = try writer.finished()
        let records = try Self.centralDirectory(archive)
        #expect(records.count == contents.count)
        for (record, bytes) in zip(records, contents) {
            let crc = bytes.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: crc32(0, $0.baseAddress, uInt($0.count))) }
            #expect(record.crc == crc, "\(record.name): CRC \(record.crc) is not zlib's \(crc)")
            #expect(record.uncompressedSize == bytes.count)
            #expect(record.date == 0x2821 && record.time == 0, "\(record.name) is not dated 2000-01-01 00:00")
            #expect(record.versionMadeBy == 0x0314)
            #expect(record.externalAttributes == 0o100644 << 16)
            // The local header repeats the CRC and the sizes.
            #expect(Self.uint32(archive, record.localHeaderOffset) == 0x0403_4B50)
            #expect(Self.uint32(archive, record.localHeaderOffset + 14) == record.crc)
            #expect(Self.uint32(archive, record.localHeaderOffset + 18) == UInt32(record.compressedSize))
        }
    }

    @Test func entriesOfFourGigabytesAreRefused() throws {
        // Never read: the size is checked first.
        let huge = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: 0x1000), count: Int(UInt32.max))
        var writer = ZipWriter()
        #expect(throws: ZipWriter.Failure.tooLarge("the entry huge.bin")) {
            try writer.add("huge.bin", contents: huge, method: .stored)
        }
    }

    // MARK: - Opened by another program

    @Test(.tags(.slow), .slowTier, .needs(Self.pythonAvailable, "python3 is not installed; the archive was not tested by Python's zipfile"))
    func pythonsZipfileAcceptsTheArchive() throws {
        var writer = ZipWriter()
        try writer.add("docProps/core.xml", text: "<cp:coreProperties/>")
        try writer.add("word/document.xml", bytes: Self.prose(count: 3 * ZipWriter.chunkSize + ZipWriter.chunkSize / 2), method: .deflated)
        try writer.add("tom", bytes: [], method: .deflated)
        try writer.add("lagrad.txt", bytes: Self.prose(count: 2_000), method: .stored)
        let url = try DocxTests.write(Data(try writer.finished()), name: "arkiv.zip")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }

        let test = try runCommand(["python3", "-m", "zipfile", "-t", url.path])
        #expect(test.status == 0, "python3 -m zipfile -t: \(test.stderr)")
        #expect(!test.stdout.contains("corrupted"), "python3 -m zipfile -t: \(test.stdout)")

        // What an unzipping program makes of the metadata: a Unix regular file, rw-r--r--, dated 2000-01-01.
        let script = """
            import sys, zipfile
            for info in zipfile.ZipFile(sys.argv[1]).infolist():
                print(info.filename, info.create_system, oct(info.external_attr >> 16), info.date_time[:3])
            """
        let listing = try runCommand(["python3", "-c", script, url.path])
        #expect(listing.status == 0, "\(listing.stderr)")
        #expect(listing.stdout.split(separator: "\n") == ["docProps/core.xml", "word/document.xml", "tom", "lagrad.txt"].map {
            "\($0) 3 0o100644 (2000, 1, 1)"
        })
    }

    // MARK: - Helpers

    static let pythonAvailable: Bool = (try? runCommand(["python3", "-c", "import zipfile"]).status) == 0

    /// `count` bytes of Swedish-looking prose: words picked by a fixed pseudo-random sequence,
    /// so that it compresses like text but not trivially, and is the same on every run.
    static func prose(count: Int) -> [UInt8] {
        let words = ["kommunen", "arbetar", "med", "en", "plan", "för", "nära", "vård", "och", "omsorg", "där",
                     "äldre", "personer", "får", "stöd", "i", "hemmet", "samverkan", "regionen", "är", "god,",
                     "men", "behöver", "utvecklas.", "Vi", "har", "inte", "beslutat", "om", "målbild", "2025"]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 16)
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        while bytes.count < count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let word = words[Int(state >> 33) % words.count]
            bytes.append(contentsOf: word.utf8)
            bytes.append(state >> 60 == 0 ? 0x0A : 0x20)
        }
        return Array(bytes.prefix(count))
    }

    /// Every entry's name, bytes and compression, through ZIPFoundation (which checks the CRCs).
    static func extract(_ archive: [UInt8]) throws -> [(name: String, bytes: [UInt8], compressed: Bool, compressedSize: Int)] {
        let archive = try Archive(data: Data(archive), accessMode: .read)
        return try archive.map { entry in
            var bytes = Data()
            _ = try archive.extract(entry, skipCRC32: false) { bytes.append($0) }
            return (entry.path, [UInt8](bytes), entry.isCompressed, Int(entry.compressedSize))
        }
    }

    struct CentralRecord {
        var name: String
        var versionMadeBy: UInt16
        var time: UInt16
        var date: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var externalAttributes: UInt32
        var localHeaderOffset: Int
    }

    /// The central directory, found through the end record in the last 22 bytes (no comment).
    static func centralDirectory(_ archive: [UInt8]) throws -> [CentralRecord] {
        let end = archive.count - 22
        try #require(uint32(archive, end) == 0x0605_4B50, "no end-of-central-directory record")
        let count = Int(uint16(archive, end + 10))
        var offset = Int(uint32(archive, end + 16))
        var records: [CentralRecord] = []
        for _ in 0..<count {
            try #require(uint32(archive, offset) == 0x0201_4B50, "no central directory record at \(offset)")
            let nameLength = Int(uint16(archive, offset + 28))
            let extraLength = Int(uint16(archive, offset + 30)), commentLength = Int(uint16(archive, offset + 32))
            records.append(CentralRecord(
                name: String(decoding: archive[offset + 46..<offset + 46 + nameLength], as: UTF8.self),
                versionMadeBy: uint16(archive, offset + 4), time: uint16(archive, offset + 12),
                date: uint16(archive, offset + 14), crc: uint32(archive, offset + 16),
                compressedSize: Int(uint32(archive, offset + 20)), uncompressedSize: Int(uint32(archive, offset + 24)),
                externalAttributes: uint32(archive, offset + 38), localHeaderOffset: Int(uint32(archive, offset + 42))))
            offset += 46 + nameLength + extraLength + commentLength
        }
        #expect(offset == end, "the central directory does not end at the end record")
        return records
    }

    static func uint16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(uint16(bytes, offset)) | UInt32(uint16(bytes, offset + 2)) << 16
    }
}
