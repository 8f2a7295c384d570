internal import CEnkatZlib
import Dispatch

/// Writes a zip archive in memory, deterministically: the same entries added in the same order
/// always give the same bytes.
///
/// Entries appear in the order they are added, each with a local file header, its data and a
/// central directory record, and the archive ends with the end-of-central-directory record
/// (PKWARE APPNOTE 4.3). Every entry carries the same fixed date, 2000-01-01 00:00 (the DOS form
/// of ``DocxPackage/entryDate``), Unix permissions `0o644` for a regular file, no extra fields and
/// no comment. Sizes and CRC-32 are known before an entry is written, so there are no data
/// descriptors. There is no ZIP64: an entry or an archive of 4 GB or more, or more than 65 535
/// entries, is refused with ``Failure/tooLarge(_:)``.
///
/// Deflate is raw deflate (RFC 1951) from zlib, at the level ``deflateLevel(forSize:)`` picks.
/// An entry larger than ``chunkSize`` is compressed in parallel the way pigz does it: it is cut
/// into chunks of ``chunkSize`` bytes, each its own deflate stream, all but the last ended with
/// `Z_SYNC_FLUSH` (non-final blocks, byte-aligned) and the last with `Z_FINISH`, so that their
/// concatenation is one valid deflate stream. Chunk boundaries depend only on the size, so the
/// output does not depend on how the chunks were scheduled.
struct ZipWriter {
    /// How an entry's data is stored.
    enum Method: Sendable {
        /// As is (method 0).
        case stored
        /// Raw deflate (method 8), at the level ``ZipWriter/deflateLevel(forSize:)`` picks.
        case deflated
    }

    /// Why an archive could not be written.
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// What would need ZIP64: an entry, name or archive too large, or too many entries.
        case tooLarge(String)
        /// A zlib call that did not succeed, and its status code.
        case zlib(function: String, status: Int32)

        var description: String { message.en }

        /// What the user reads.
        var message: LocalizedText {
            switch self {
            case .tooLarge(let what):
                LocalizedText(sv: "\(what) är för stor för en zip-fil utan ZIP64", en: "\(what) is too large for a zip file without ZIP64")
            case .zlib(let function, let status):
                LocalizedText(sv: "zlib-funktionen \(function) misslyckades (status \(status))", en: "zlib's \(function) failed with status \(status)")
            }
        }
    }

    /// The size of the chunks a large entry is deflated in, in parallel (1 MiB).
    static let chunkSize = 1 << 20

    /// The zlib compression level for an entry of `size` bytes: 6 (zlib's default) for an entry
    /// that fits in one chunk, 2 for anything larger.
    ///
    /// A real report's `word/document.xml` is 100–500 kB, where level 6 takes a few
    /// milliseconds. Measured on the 25 MB document of a benchmark report, in 1 MiB chunks on
    /// two cores: level 6 costs ~0.70 s of CPU (~0.36 s wall) for 4.8 MB; level 2 ~0.18 s of
    /// CPU (~0.09 s wall) for 5.6 MB, 18 % more; level 1 is no faster and gives 5.95 MB;
    /// level 3 costs 50 % more CPU than level 2 for 5.4 MB.
    static func deflateLevel(forSize size: Int) -> Int32 {
        size <= chunkSize ? 6 : 2
    }

    /// Version 2.0 of the format, which deflate needs.
    private static let version: UInt16 = 20
    /// Made by Unix (3, so that the external attributes are a file mode), format version 2.0.
    private static let versionMadeBy: UInt16 = 3 << 8 | version
    /// A regular file (`S_IFREG`), `rw-r--r--`, in the high half as Unix zip tools write it.
    private static let externalAttributes: UInt32 = 0o100644 << 16
    /// 00:00:00 in MS-DOS time (hour << 11 | minute << 5 | second / 2).
    private static let dosTime: UInt16 = 0
    /// 2000-01-01 in MS-DOS date ((year − 1980) << 9 | month << 5 | day).
    private static let dosDate: UInt16 = (2000 - 1980) << 9 | 1 << 5 | 1

    /// Local headers and data of the entries so far.
    private var archive: [UInt8] = []
    /// The central directory records of the entries so far.
    private var directory: [UInt8] = []
    private var entryCount = 0

    /// An empty archive.
    init() {}

    /// Adds an entry called `name` holding the UTF-8 bytes of `text`.
    mutating func add(_ name: String, text: String, method: Method = .deflated) throws {
        var text = text
        try text.withUTF8 { try add(name, contents: UnsafeRawBufferPointer($0), method: method) }
    }

    /// Adds an entry called `name` holding `bytes`.
    mutating func add(_ name: String, bytes: [UInt8], method: Method = .deflated) throws {
        try bytes.withUnsafeBytes { try add(name, contents: $0, method: method) }
    }

    /// Adds an entry called `name` (a path with `/` separators) holding `contents`.
    ///
    /// - Throws: ``Failure/tooLarge(_:)`` past the limits of a zip file without ZIP64,
    ///   ``Failure/zlib(function:status:)`` when zlib fails.
    mutating func add(_ name: String, contents: UnsafeRawBufferPointer, method: Method) throws {
        let name = Array(name.utf8)
        guard name.count <= UInt16.max else { throw Failure.tooLarge("the entry name") }
        guard entryCount < UInt16.max else { throw Failure.tooLarge("the number of entries") }
        guard contents.count < UInt32.max else { throw Failure.tooLarge("the entry \(String(decoding: name, as: UTF8.self))") }
        switch method {
        case .stored:
            try appendHeaders(name, method: 0, crc: Self.crc32(contents), size: contents.count, compressedSize: contents.count)
            archive.append(contentsOf: contents)
        case .deflated:
            let (chunks, crc) = try Self.deflate(contents)
            try appendHeaders(name, method: 8, crc: crc, size: contents.count, compressedSize: chunks.reduce(0) { $0 + $1.count })
            for chunk in chunks {
                archive.append(contentsOf: chunk)
            }
        }
        entryCount += 1
    }

    /// The archive's bytes: the entries, their central directory and its end record.
    ///
    /// - Throws: ``Failure/tooLarge(_:)`` when the archive would reach 4 GB.
    consuming func finished() throws -> [UInt8] {
        let offset = archive.count
        guard offset + directory.count < UInt32.max else { throw Failure.tooLarge("the archive") }
        archive.append(contentsOf: directory)
        archive.appendLittleEndian(0x0605_4B50 as UInt32)
        archive.appendLittleEndian(0 as UInt16)  // this disk
        archive.appendLittleEndian(0 as UInt16)  // the disk the directory starts on
        archive.appendLittleEndian(UInt16(entryCount))  // entries on this disk
        archive.appendLittleEndian(UInt16(entryCount))  // entries in all
        archive.appendLittleEndian(UInt32(directory.count))
        archive.appendLittleEndian(UInt32(offset))
        archive.appendLittleEndian(0 as UInt16)  // comment length
        return archive
    }

    /// Writes an entry's local header, which its data is to follow, and its central directory
    /// record, and makes room in the archive for the data.
    private mutating func appendHeaders(_ name: [UInt8], method: UInt16, crc: UInt32, size: Int, compressedSize: Int) throws {
        let offset = archive.count
        guard compressedSize < UInt32.max, offset < UInt32.max else { throw Failure.tooLarge("the archive") }
        archive.reserveCapacity(offset + 30 + name.count + compressedSize)
        // Bit 11: the name is UTF-8 (only said when it is not plain ASCII, like Info-ZIP does).
        let flags: UInt16 = name.allSatisfy { $0 < 0x80 } ? 0 : 1 << 11

        // From "version needed to extract" to "extra field length", both records are alike.
        func appendSharedFields(_ record: inout [UInt8]) {
            record.appendLittleEndian(Self.version)  // version needed to extract
            record.appendLittleEndian(flags)
            record.appendLittleEndian(method)
            record.appendLittleEndian(Self.dosTime)
            record.appendLittleEndian(Self.dosDate)
            record.appendLittleEndian(crc)
            record.appendLittleEndian(UInt32(compressedSize))
            record.appendLittleEndian(UInt32(size))
            record.appendLittleEndian(UInt16(name.count))
            record.appendLittleEndian(0 as UInt16)  // extra field length
        }

        archive.appendLittleEndian(0x0403_4B50 as UInt32)
        appendSharedFields(&archive)
        archive.append(contentsOf: name)

        directory.appendLittleEndian(0x0201_4B50 as UInt32)
        directory.appendLittleEndian(Self.versionMadeBy)
        appendSharedFields(&directory)
        directory.appendLittleEndian(0 as UInt16)  // comment length
        directory.appendLittleEndian(0 as UInt16)  // disk number
        directory.appendLittleEndian(0 as UInt16)  // internal attributes
        directory.appendLittleEndian(Self.externalAttributes)
        directory.appendLittleEndian(UInt32(offset))
        directory.append(contentsOf: name)
    }

    // MARK: - zlib

    /// The CRC-32 of `bytes` (the zip and gzip one), by zlib.
    static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: uLong = 0
        var start = 0
        repeat {  // zlib takes a 32-bit length: a gigabyte at a time
            let end = min(start + 1 << 30, bytes.count)
            crc = CEnkatZlib.crc32(crc, bytes.baseAddress?.assumingMemoryBound(to: Bytef.self).advanced(by: start), uInt(end - start))
            start = end
        } while start < bytes.count
        return UInt32(truncatingIfNeeded: crc)
    }

    /// `contents` raw-deflated, in pieces to be concatenated (one per chunk), and its CRC-32.
    static func deflate(_ contents: UnsafeRawBufferPointer) throws -> (chunks: [[UInt8]], crc: UInt32) {
        let level = deflateLevel(forSize: contents.count)
        let chunkCount = (contents.count + chunkSize - 1) / chunkSize
        guard chunkCount > 1 else { return ([try deflateChunk(contents, level: level, last: true)], crc32(contents)) }

        // Each iteration writes only its own slot. The CRC of each chunk is taken on the same
        // thread, while the chunk is in cache, and the CRCs are combined below (one crc32 over
        // the whole 25 MB after the deflate measured ~3 ms slower on two cores).
        var results = [Result<(bytes: [UInt8], crc: UInt32), any Error>?](repeating: nil, count: chunkCount)
        results.withUnsafeMutableBufferPointer { results in
            let slots = SendablePointers(results: results, contents: contents)
            DispatchQueue.concurrentPerform(iterations: chunkCount) { index in
                let start = index * chunkSize
                let chunk = UnsafeRawBufferPointer(rebasing: slots.contents[start..<min(start + chunkSize, slots.contents.count)])
                slots.results[index] = Result { (try deflateChunk(chunk, level: level, last: index == chunkCount - 1), crc32(chunk)) }
            }
        }

        var chunks: [[UInt8]] = []
        var crc: uLong = 0
        for (index, result) in results.enumerated() {
            guard let chunk = try result?.get() else { continue }
            chunks.append(chunk.bytes)
            let length = min(chunkSize, contents.count - index * chunkSize)
            crc = crc32_combine(crc, uLong(chunk.crc), .init(length))
        }
        return (chunks, UInt32(truncatingIfNeeded: crc))
    }

    /// `input` as one raw deflate stream, ended with `Z_FINISH` when it is the `last` chunk and
    /// with `Z_SYNC_FLUSH` (so that another chunk's stream can follow) when it is not.
    private static func deflateChunk(_ input: UnsafeRawBufferPointer, level: Int32, last: Bool) throws -> [UInt8] {
        // On the heap: zlib's state points back at its z_stream and checks it on every call.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        // `deflateInit2` is a macro; this is what it expands to. Window bits −15: raw deflate.
        let status = deflateInit2_(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw Failure.zlib(function: "deflateInit2", status: status) }
        defer { deflateEnd(stream) }

        let flush = last ? Z_FINISH : Z_SYNC_FLUSH
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        // One call of deflate into `capacity` fresh bytes, left uninitialized so that only the
        // pages deflate writes are ever touched.
        func step(capacity: Int) throws -> (bytes: [UInt8], done: Bool) {
            var status = Z_OK
            let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = uInt(buffer.count)
                status = CEnkatZlib.deflate(stream, flush)
                count = buffer.count - Int(stream.pointee.avail_out)
            }
            guard status == Z_OK || status == Z_STREAM_END else { throw Failure.zlib(function: "deflate", status: status) }
            // Done when the stream has ended or, for a sync flush, when deflate stopped before
            // filling the buffer (zlib's rule for a completed flush).
            return (bytes, status == Z_STREAM_END || (!last && bytes.count < capacity))
        }
        // deflateBound is enough for `Z_FINISH` in one call and a sync flush adds at most an
        // empty stored block (5 bytes), so one step does it; the loop is there just in case.
        var (output, done) = try step(capacity: Int(deflateBound(stream, uLong(input.count))) + 16)
        while !done {
            let more = try step(capacity: 64 * 1024)
            output += more.bytes
            done = more.done
        }
        return output
    }
}

/// The result slots and input of a parallel deflate, shared by the iterations of
/// `concurrentPerform`: each iteration only reads the input and writes its own slot.
private struct SendablePointers<Value>: @unchecked Sendable {
    let results: UnsafeMutableBufferPointer<Value?>
    let contents: UnsafeRawBufferPointer
}

private extension [UInt8] {
    mutating func appendLittleEndian(_ value: some FixedWidthInteger) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
