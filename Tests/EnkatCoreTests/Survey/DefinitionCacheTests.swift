@testable import EnkatCore
import Foundation
import Testing

@Suite("The cache of parsed definitions")
struct DefinitionCacheTests {
    let surveys = packageRoot.appendingPathComponent("surveys").path

    /// A cache in a new temporary folder, for an executable identified by `identity`.
    func temporaryCache(identity: [UInt8] = [1, 2, 3]) -> (DefinitionCache, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enkat-cache-\(UUID().uuidString)")
        return (DefinitionCache(directory: folder.appendingPathComponent("definitions").path, identity: identity), folder)
    }

    func entries(_ cache: DefinitionCache) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: cache.directory)) ?? []).filter { $0.hasSuffix(".def") }.sorted()
    }

    /// What a catalog holds, as one comparable value: every definition's fields and every
    /// diagnostic.
    func summary(_ catalog: SurveyCatalog) -> [String] {
        var lines = catalog.diagnostics.map { "\($0)" }
        for survey in catalog.surveys.values.sorted(by: { $0.id < $1.id }) {
            lines.append("\(survey.id) \(survey.title) \(survey.publisher ?? "-") \(survey.period ?? "-") \(survey.registry) \(survey.respondentKind) \(survey.responsesPerRespondent) \(survey.intro ?? "-") \(survey.file)")
            lines.append("\(survey.sections)")
            lines.append("\(String(describing: survey.score))")
            lines.append(survey.questions.map(\.id).joined(separator: ","))
        }
        for registry in catalog.registries.values.sorted(by: { $0.id < $1.id }) {
            lines.append("\(registry.id) \(registry.title ?? "-") \(registry.allowedNames) \(registry.file)")
            lines.append("\(registry.respondents)")
        }
        return lines
    }

    @Test("every shipped definition reads back from its encoding as it was read")
    func roundTrip() throws {
        for path in SourceFile.yamlFiles(in: surveys) {
            let bytes = try SourceFile.read(path)
            for nameForms in [false, true] {
                let read = DefinitionFile.read(bytes, file: path, nameFormWarnings: nameForms)
                let encoded = DefinitionCodec.encode(read)
                let decoded = try #require(DefinitionCodec.decode(encoded[...]), "\(path)")
                #expect(DefinitionCodec.encode(decoded) == encoded, "\(path)")
                #expect(decoded.diagnostics == read.diagnostics, "\(path)")
                switch (read.content, decoded.content) {
                case (.survey(let a), .survey(let b)):
                    #expect(a.sections == b.sections && a.score == b.score && a.id == b.id && a.file == b.file)
                    #expect(a.questions.allSatisfy { b.question($0.id) == a.question($0.id) })
                case (.registry(let a), .registry(let b)):
                    #expect(a.respondents == b.respondents && a.allowedNames == b.allowedNames && a.title == b.title)
                    #expect(a.respondents.allSatisfy { b.match($0.name)?.id == a.match($0.name)?.id })
                case (.none, .none): break
                default: Issue.record("\(path): read back as another kind of definition")
                }
            }
        }
    }

    @Test("values with every optional field set, negative numbers and a table position read back")
    func everyField() throws {
        let option = AnswerOption(id: "annat", label: "Annat", details: .required, detailsLabel: "Nämligen", exclusive: true, location: SourceLocation(line: 9, column: 3))
        let question = Question(
            id: "7b", type: .decimal, text: "Hur många?", help: "Ange ett tal.", required: true, allowsComment: true, maxLength: 3000,
            options: [option], sentinels: [option], relevantWhen: Condition(question: "7a", test: .equals(["ja", "delvis"]), location: .start),
            minimum: -2.5, maximum: .infinity, unitLabel: "Antal", scaleLabels: ["Låg", "Hög"], sectionID: "s", location: SourceLocation(line: 300_000, column: 1))
        var answered = question
        answered.relevantWhen = Condition(question: "7a", test: .answered, location: .start)
        let survey = Survey(
            id: "s-2025", title: "Enkät", publisher: "RSS", period: "2025", registry: "r", respondentKind: "kommun",
            responsesPerRespondent: .several, intro: "Välkommen",
            sections: [Section(id: "s", title: "Del", text: "Om delen", questions: [question, answered], location: .start)],
            score: Score(questions: ["7b"], maxTotal: -1, location: .start), file: "surveys/s.yaml")
        let diagnostic = Diagnostic(
            file: "surveys/s.yaml", location: SourceLocation(line: 2, column: 5), severity: .warning, code: .nearLimit,
            question: "7b", message: LocalizedText(sv: "nära", en: "near"), measured: 2999, limit: 3000,
            notes: [.init(location: .start, message: LocalizedText(sv: "här", en: "here"))], table: TablePosition(row: 5, column: 2))
        let file = DefinitionFile(content: .survey(survey), diagnostics: [diagnostic])
        let decoded = try #require(DefinitionCodec.decode(DefinitionCodec.encode(file)[...]))
        guard case .survey(let back) = decoded.content else {
            Issue.record("not a survey")
            return
        }
        #expect(back.sections == survey.sections && back.score == survey.score)
        #expect(back.publisher == "RSS" && back.period == "2025" && back.intro == "Välkommen" && back.responsesPerRespondent == .several)
        #expect(decoded.diagnostics == [diagnostic])
    }

    @Test("bytes that are not an encoding are refused, never read as another definition")
    func malformed() throws {
        let path = surveys + "/registry-dalarna.yaml"
        let encoded = DefinitionCodec.encode(DefinitionFile.read(try SourceFile.read(path), file: path, nameFormWarnings: false))
        for cut in stride(from: 0, to: encoded.count, by: max(1, encoded.count / 97)) {
            #expect(DefinitionCodec.decode(encoded[..<cut]) == nil, "cut at \(cut)")
        }
        #expect(DefinitionCodec.decode((encoded + [0])[...]) == nil)
        #expect(DefinitionCodec.decode([9][...]) == nil)
    }

    @Test("a catalog read through the cache, cold and warm, is the catalog read without it")
    func sameCatalog() throws {
        let (cache, folder) = temporaryCache()
        defer { try? FileManager.default.removeItem(at: folder) }
        for nameForms in [false, true] {
            let plain = summary(SurveyCatalog(directory: surveys, nameFormWarnings: nameForms))
            #expect(summary(SurveyCatalog(directory: surveys, nameFormWarnings: nameForms, cache: cache)) == plain)
            #expect(summary(SurveyCatalog(directory: surveys, nameFormWarnings: nameForms, cache: cache)) == plain)
        }
        // One entry per survey and registry and per setting of the name-form warnings; the
        // gazetteer is no definition.
        let definitions = SurveyCatalog(directory: surveys).surveys.count + SurveyCatalog(directory: surveys).registries.count
        #expect(entries(cache).count == 2 * definitions)
    }

    @Test("an edited definition, at the same path and of the same length, is read afresh")
    func editedFile() throws {
        let (cache, folder) = temporaryCache()
        defer { try? FileManager.default.removeItem(at: folder) }
        let definitions = folder.appendingPathComponent("surveys")
        try FileManager.default.createDirectory(at: definitions, withIntermediateDirectories: true)
        try fixtureSurvey.write(to: definitions.appendingPathComponent("test-enkat.yaml"), atomically: true, encoding: .utf8)
        let registry = definitions.appendingPathComponent("registry-test.yaml")
        try fixtureRegistry.write(to: registry, atomically: true, encoding: .utf8)
        let before = SurveyCatalog(directory: definitions.path, nameFormWarnings: false, cache: cache)
        #expect(before.registries["test"]?.respondent("falun") != nil)
        // "falun" becomes "fnlun": the same length, so that only the bytes tell the two apart.
        let old = cache.entryPath(of: try SourceFile.read(registry.path), file: registry.path, nameFormWarnings: false)
        try fixtureRegistry.replacingOccurrences(of: "id: falun", with: "id: fnlun").write(to: registry, atomically: true, encoding: .utf8)
        let new = cache.entryPath(of: try SourceFile.read(registry.path), file: registry.path, nameFormWarnings: false)
        #expect(old != new)
        // Should the two hash alike, the old entry is found under the new name: still a miss.
        try FileManager.default.copyItem(atPath: old, toPath: new)
        let after = SurveyCatalog(directory: definitions.path, nameFormWarnings: false, cache: cache)
        #expect(after.registries["test"]?.respondent("falun") == nil)
        #expect(after.registries["test"]?.respondent("fnlun") != nil)
        #expect(summary(after) == summary(SurveyCatalog(directory: definitions.path, nameFormWarnings: false)))
    }

    @Test("another build's entries are not read")
    func otherExecutable() throws {
        let (first, folder) = temporaryCache(identity: [1])
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = SurveyCatalog(directory: surveys, nameFormWarnings: false, cache: first)
        let count = entries(first).count
        let second = DefinitionCache(directory: first.directory, identity: [2])
        #expect(summary(SurveyCatalog(directory: surveys, nameFormWarnings: false, cache: second)) == summary(SurveyCatalog(directory: surveys, nameFormWarnings: false)))
        #expect(entries(second).count == 2 * count)
    }

    @Test("a damaged entry is a miss: the catalog is the one read without the cache")
    func damagedEntries() throws {
        let (cache, folder) = temporaryCache()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = summary(SurveyCatalog(directory: surveys, nameFormWarnings: false))
        _ = SurveyCatalog(directory: surveys, nameFormWarnings: false, cache: cache)
        let names = entries(cache)
        let originals = try names.map { try Data(contentsOf: URL(fileURLWithPath: cache.directory + "/" + $0)) }
        for step in 0..<24 {
            for (name, original) in zip(names, originals) {
                var damaged = [UInt8](original)
                switch step % 3 {
                case 0: damaged = Array(damaged.prefix(damaged.count * step / 24))  // cut short
                case 1: damaged[damaged.count * step / 24] ^= 0x20  // a flipped bit
                default: damaged.append(contentsOf: [0, 1])  // trailing bytes
                }
                try Data(damaged).write(to: URL(fileURLWithPath: cache.directory + "/" + name))
            }
            #expect(summary(SurveyCatalog(directory: surveys, nameFormWarnings: false, cache: cache)) == plain, "step \(step)")
        }
    }

    @Test("a cache that cannot be written is no cache, and no error")
    func unwritable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enkat-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("not a folder".utf8).write(to: folder)
        let cache = DefinitionCache(directory: folder.path + "/definitions", identity: [1])
        #expect(summary(SurveyCatalog(directory: surveys, nameFormWarnings: false, cache: cache)) == summary(SurveyCatalog(directory: surveys, nameFormWarnings: false)))
        #expect(try String(contentsOf: folder, encoding: .utf8) == "not a folder")
    }

    @Test("a file that is no definition, or one with errors such as a response put in surveys/, is not kept")
    func notADefinition() throws {
        let (cache, folder) = temporaryCache()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = Array("survey-id: x\nrespondent: falun\nanswers:\n  '1': Ett svar\n".utf8)
        let definition = cache.definition(of: bytes, file: "surveys/svar.yaml", nameFormWarnings: false)
        #expect(definition.diagnostics.map(\.code) == [.surveySchema])
        // A real response has a `survey:` key: it reads as a survey, with schema errors.
        let path = packageRoot.appendingPathComponent("responses/slutredovisning-region-2022/region-dalarna.yaml").path
        let response = cache.definition(of: try SourceFile.read(path), file: path, nameFormWarnings: false)
        #expect(response.diagnostics.contains { $0.severity == .error && $0.code == .surveySchema })
        // A survey with an error is read afresh each time, not kept either.
        let broken = Array(fixtureSurvey.replacingOccurrences(of: "title:", with: "titel:").utf8)
        #expect(cache.definition(of: broken, file: "surveys/test-enkat.yaml", nameFormWarnings: false).diagnostics.contains { $0.severity == .error })
        #expect(entries(cache).isEmpty)
        // A correct one is.
        _ = cache.definition(of: Array(fixtureSurvey.utf8), file: "surveys/test-enkat.yaml", nameFormWarnings: false)
        #expect(entries(cache).count == 1)
    }

    @Test("the folder keeps at most its limit of entries")
    func pruned() throws {
        let (cache, folder) = temporaryCache()
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = try SourceFile.read(surveys + "/registry-dalarna.yaml")
        for index in 0..<(DefinitionCache.entryLimit + 5) {
            _ = cache.definition(of: registry, file: "surveys/registry-\(index).yaml", nameFormWarnings: false)
        }
        #expect(entries(cache).count == DefinitionCache.entryLimit)
    }

    @Test("the build id is read from an ELF file's notes, and nothing from other files")
    func buildID() throws {
        // A 64-bit little-endian ELF header with one PT_NOTE program header at 64, whose note
        // at 120 is an NT_GNU_BUILD_ID "GNU" note of 4 bytes, after another note.
        var file = [UInt8](repeating: 0, count: 160)
        func put(_ value: Int, at offset: Int, width: Int) {
            for index in 0..<width { file[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
        }
        file.replaceSubrange(0..<6, with: [0x7F, 0x45, 0x4C, 0x46, 2, 1])
        put(64, at: 32, width: 8)  // e_phoff
        put(56, at: 54, width: 2)  // e_phentsize
        put(1, at: 56, width: 2)  // e_phnum
        put(4, at: 64, width: 4)  // p_type PT_NOTE
        put(120, at: 64 + 8, width: 8)  // p_offset
        put(40, at: 64 + 32, width: 8)  // p_filesz
        // An ABI-tag note (type 1, name "GNU", 4 bytes), then the build id.
        put(4, at: 120, width: 4); put(4, at: 124, width: 4); put(1, at: 128, width: 4)
        file.replaceSubrange(132..<136, with: Array("GNU\0".utf8))
        put(4, at: 140, width: 4); put(4, at: 144, width: 4); put(3, at: 148, width: 4)
        file.replaceSubrange(152..<156, with: Array("GNU\0".utf8))
        file.replaceSubrange(156..<160, with: [0xDE, 0xAD, 0xBE, 0xEF])
        let read: (Int, Int) -> [UInt8]? = { offset, count in
            offset >= 0 && offset + count <= file.count ? Array(file[offset..<offset + count]) : nil
        }
        #expect(ExecutableIdentity.buildID(header: Array(file[0..<64]), read: read) == [0xDE, 0xAD, 0xBE, 0xEF])
        var noNote = file
        noNote[64] = 1  // PT_LOAD
        #expect(ExecutableIdentity.buildID(header: Array(noNote[0..<64]), read: { o, c in Array(noNote[o..<o + c]) }) == nil)
        #expect(ExecutableIdentity.buildID(header: Array("survey: x\n".utf8), read: read) == nil)
        #expect(ExecutableIdentity.buildID(ofFile: surveys + "/registry-dalarna.yaml") == nil)
        #if os(Linux)
            #expect(ExecutableIdentity.current != nil, "the test executable has a build id")
        #endif
    }
}
