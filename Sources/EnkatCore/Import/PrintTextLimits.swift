/// The limits of `enkat import print-text`, in one place.
///
/// A real printout of a web form is under 100 KB and a few thousand lines, its longest line
/// a paragraph of an answer. The limits are ten times that and more; they are there so that
/// a file that is no printout (a log, a database dump, megabytes of empty lines) ends with a
/// clear message at once instead of taking seconds and hundreds of MB: every line is compared
/// with the form's texts, and every line costs memory.
public struct PrintTextLimits: Sendable, Equatable {
    /// The largest file, in bytes.
    public var maxFileBytes: Int
    /// The most lines (CRLF, CR and LF each end one).
    public var maxLines: Int
    /// The longest line, in bytes of UTF-8.
    public var maxLineBytes: Int

    /// The limits the command applies (a caller changes a field of these for others).
    public static let standard = PrintTextLimits(maxFileBytes: 1024 * 1024, maxLines: 50_000, maxLineBytes: 64 * 1024)

    /// The first limit `bytes` exceeds, as the message to give; `nil` when it is within them.
    func check(_ bytes: UnsafeBufferPointer<UInt8>) -> (message: LocalizedText, line: Int)? {
        if bytes.count > maxFileBytes { return (fileTooLarge(bytes.count), 1) }
        return checkLines(bytes)
    }

    /// The message for a file of `size` bytes over `maxFileBytes`.
    func fileTooLarge(_ size: Int) -> LocalizedText {
        LocalizedText(
            sv:
                "filen är \(CSVLimits.megabytes(size, .sv)), större än gränsen för en utskrift, \(CSVLimits.megabytes(maxFileBytes, .sv)) (en utskrift av ett webbformulär är sällan över 100 kB); är det rätt fil? Spara bara utskriftens text, en utskrift per fil",
            en:
                "the file is \(CSVLimits.megabytes(size, .en)), larger than the limit for a printout, \(CSVLimits.megabytes(maxFileBytes, .en)) (a printout of a web form is rarely over 100 kB); is it the right file? Save only the printout's text, one printout per file"
        )
    }

    /// The line count and line length limits.
    private func checkLines(_ bytes: UnsafeBufferPointer<UInt8>) -> (message: LocalizedText, line: Int)? {
        var line = 1
        var lineStart = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            guard byte == 0x0A || byte == 0x0D else {
                index += 1
                continue
            }
            if index - lineStart > maxLineBytes { return (lineTooLong(line), line) }
            index += byte == 0x0D && index + 1 < count && bytes[index + 1] == 0x0A ? 2 : 1
            lineStart = index
            line += 1
            // A break at the very end starts no line.
            if line > maxLines, index < count { return (tooManyLines(), line) }
        }
        if count - lineStart > maxLineBytes { return (lineTooLong(line), line) }
        return nil
    }

    private func lineTooLong(_ line: Int) -> LocalizedText {
        LocalizedText(
            sv:
                "rad \(line) är längre än gränsen för en rad i en utskrift, \(CSVLimits.count(maxLineBytes / 1024, .sv)) kB; en utskrift bryter texten i rader — är det rätt fil? Spara utskriften som text på nytt (t.ex. med pdftotext)",
            en:
                "line \(line) is longer than the limit for a line of a printout, \(CSVLimits.count(maxLineBytes / 1024, .en)) kB; a printout breaks its text into lines — is it the right file? Save the printout as text again (with pdftotext, say)"
        )
    }

    private func tooManyLines() -> LocalizedText {
        LocalizedText(
            sv:
                "filen har fler än \(CSVLimits.count(maxLines, .sv)) rader, gränsen för en utskrift (en utskrift av ett webbformulär har några tusen); är det rätt fil? Spara bara utskriftens text, en utskrift per fil",
            en:
                "the file has more than \(CSVLimits.count(maxLines, .en)) lines, the limit for a printout (a printout of a web form has a few thousand); is it the right file? Save only the printout's text, one printout per file"
        )
    }
}
