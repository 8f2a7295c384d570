import EnkatCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EnkatServer

/// Every shipped sample response, opened in the form and saved as a browser would submit the
/// page unchanged: the validator must read exactly the same answers and findings back.
@Suite("The form loses nothing")
struct RoundTripTests {
    static let samples: [String] = {
        let root = Repo.root.appendingPathComponent("responses").path
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".yaml") && !$0.contains("/.") }.sorted()
    }()

    @Test("open and save every sample response: same answers, same findings", arguments: samples)
    func roundTrip(sample: String) async throws {
        let text = try String(contentsOfFile: Repo.root.appendingPathComponent("responses/" + sample).path, encoding: .utf8)
        let fixture = try Fixture(text: text)
        defer { fixture.remove() }
        let before = fixture.check()
        let status = try await fixture.test { client in
            let (_, page, _) = try await client.get("/")
            return try await client.post("/spara", HTML.formFields(page) + [("action", "spara")]).0
        }
        #expect(status == .seeOther)
        let after = fixture.check()
        let old = try #require(before.response?.answers)
        let new = try #require(after.response?.answers)
        func given(_ answers: [String: Answer]) -> Set<String> {
            Set(answers.filter { $0.value.isAnswered || $0.value.comment != nil || $0.value.details != nil }.keys)
        }
        #expect(given(old) == given(new))
        for (id, answer) in old {
            // The form lists a multi question's options in the questionnaire's order.
            func normalized(_ value: AnswerValue?) -> AnswerValue? {
                if case .options(let ids)? = value { return .options(ids.sorted()) }
                return value
            }
            #expect(normalized(new[id]?.value) == normalized(answer.value), "value of \(id) in \(sample)")
            #expect(new[id]?.comment == answer.comment, "comment of \(id) in \(sample)")
            #expect(new[id]?.details == answer.details, "details of \(id) in \(sample)")
        }
        let codesBefore: [String] = before.diagnostics.map(\.code.rawValue).sorted()
        let codesAfter: [String] = after.diagnostics.map(\.code.rawValue).sorted()
        #expect(codesBefore == codesAfter, "findings of \(sample)")
        #expect(before.response?.respondent == after.response?.respondent)
    }
}

extension HTML {
    /// The fields a browser submits for the page's form, unchanged: text inputs and hidden
    /// fields, checked radio buttons and checkboxes, text areas.
    static func formFields(_ html: String) throws -> [(String, String)] {
        let form = try #require(html.range(of: "<form id=\"formular\"")).lowerBound
        let body = String(html[form...])
        var fields: [(String, String)] = []
        for tag in tags("input", in: body) {
            guard let name = value("name", in: tag) else { continue }
            let type = value("type", in: tag) ?? "text"
            if (type == "radio" || type == "checkbox") && value("checked", in: tag) == nil { continue }
            fields.append((unescape(name), unescape(value("value", in: tag) ?? "")))
        }
        var rest = body[...]
        while let start = rest.range(of: "<textarea ") {
            let tagEnd = try #require(rest[start.upperBound...].firstIndex(of: ">"))
            let tag = String(rest[start.lowerBound...tagEnd])
            let close = try #require(rest[tagEnd...].range(of: "</textarea>"))
            var content = String(rest[rest.index(after: tagEnd)..<close.lowerBound])
            if content.hasPrefix("\n") { content.removeFirst() }  // the parser drops the first line break
            fields.append((unescape(try #require(value("name", in: tag))), unescape(content)))
            rest = rest[close.upperBound...]
        }
        return fields
    }
}
