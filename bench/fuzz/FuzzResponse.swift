// libFuzzer target for the YAML reader and the response validator (issue 10), built by
// bench/fuzz/run.sh with `-sanitize=fuzzer,address`. Any trap, sanitizer report or broken
// invariant (a diagnostic positioned outside the file) is a finding.
import EnkatCore

/// The repository's surveys and registry, loaded once (the path comes from run.sh).
nonisolated(unsafe) private var validator: ResponseValidator?

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponse(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if validator == nil {
        let directory = "surveys"
        validator = ResponseValidator(catalog: SurveyCatalog(directory: directory))
    }
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = YAMLReader.parse(bytes, file: "fuzz.yaml")
    let check = validator!.check(bytes: bytes, file: "fuzz.yaml")
    // Lines as enkat counts them: LF, CRLF and a lone CR.
    var lines = 1
    var index = 0
    while index < bytes.count {
        if bytes[index] == 0x0A || (bytes[index] == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) { lines += 1 }
        index += 1
    }
    for diagnostic in check.diagnostics {
        let location = diagnostic.location
        precondition(location.line >= 1 && location.line <= lines && location.column >= 1,
                     "\(diagnostic.code.rawValue) at \(location) in a file of \(lines) lines")
    }
    return 0
}
