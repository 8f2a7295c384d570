import Foundation
import Mustache
import Testing

@testable import EnkatCore

/// The HTML report: `templates/report.html.mustache` rendered with `SVGChart` charts, from
/// the shipped sample responses. `ENKAT_HTML_PREVIEW=DIR` also writes each rendered report
/// to `DIR/<survey>.html`, to look at in a browser.
@Suite("HTML report")
struct HTMLReportTests {
    // MARK: - The kommun report

    @Test("the page is Swedish, self-contained and says how many answered, not who")
    func pageBasics() throws {
        let report = try Sample.report("socialstyrelsen-kommun-2025")
        let html = try Sample.html(report)
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"sv\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("Fjorton av femton kommuner besvarade enkäten."))
        #expect(html.firstMatch(of: #/(src|href)\s*=\s*["']?\s*(https?:|\/\/)/#) == nil)
        #expect(html.firstMatch(of: #/url\(|@import|<script|<link|<img/#) == nil)
        // No kommun, locality or systemledning name survives anywhere in the page.
        let registry = try #require(realCatalog.registries["dalarna"])
        #expect(Anonymizer(registry: registry).leaks(in: html) == [])
        // The table of contents links every section.
        for section in report.sections {
            #expect(html.contains("<li><a href=\"#avsnitt-\(section.id)\">"))
            #expect(html.contains("<section id=\"avsnitt-\(section.id)\""))
        }
    }

    @Test("one chart with a title per choice, multi and scale question, inside its question")
    func oneChartPerQuestion() throws {
        let report = try Sample.report("socialstyrelsen-kommun-2025")
        let html = try Sample.html(report)
        let charted = report.questions.filter(Sample.hasChart)
        #expect(!charted.isEmpty)
        #expect(html.matches(of: #/<svg [^>]*role="img"/#).count == charted.count)
        #expect(html.matches(of: #/<svg /#).count == charted.count)
        for question in report.questions {
            let block = try Sample.block(of: question, in: html)
            let svgs = block.matches(
                of: #/<svg [^>]*role="img"[^>]*>\n<title id="[^"]+">[^<]+<\/title>\n<desc id="[^"]+">Stapeldiagram: [^<]+<\/desc>/#)
            #expect(svgs.count == (Sample.hasChart(question) ? 1 : 0), "\(question.id)")
            if Sample.hasChart(question) {
                #expect(block.contains("<figure>\n<div class=\"chart\"><svg "), "\(question.id)")
                #expect(block.contains("<figcaption>"), "\(question.id)")
                #expect(block.contains("<caption>"), "\(question.id): the same numbers as a table")
            }
        }
    }

    @Test("every suppressed cell reads “färre än tre” (or “–”) in prose, table and chart")
    func suppressedCells() throws {
        let report = try Sample.report("socialstyrelsen-kommun-2025")
        let html = try Sample.html(report)
        var small = 0
        for question in report.questions where question.type.hasOptions || question.type == .scale {
            let block = try Sample.block(of: question, in: html)
            let rows = question.counts + question.distribution
            for row in rows where row.count == nil {
                let label = Sample.escaped(row.label)
                switch row.suppression {
                case .small?:
                    small += 1
                    if question.type.hasOptions {
                        #expect(block.contains("Färre än tre kommuner har valt ”\(label)”."), "\(question.id) \(row.id)")
                        #expect(
                            block.contains("<th scope=\"row\">\(label)</th><td class=\"num\">färre än tre</td>"), "\(question.id) \(row.id)"
                        )
                    } else {
                        #expect(block.contains("<td>\(label)</td><td class=\"num\">färre än tre</td>"), "\(question.id) \(row.id)")
                    }
                case .secondary?:
                    #expect(block.contains(">\(label)</t") && block.contains("<td class=\"num\">–</td>"), "\(question.id) \(row.id)")
                case nil:
                    Issue.record("a nil count without a reason")
                }
            }
            if Sample.hasChart(question) {
                let chart = try Sample.svg(in: block)
                let hidden = rows.filter { $0.count == nil }
                #expect(chart.matches(of: #/font-style="italic">färre än tre<\/text>/#).count == hidden.count { $0.suppression == .small })
                #expect(chart.matches(of: #/font-style="italic">–<\/text>/#).count == hidden.count { $0.suppression == .secondary })
                #expect(!chart.contains(">0<") || rows.contains { $0.count == 0 })
            }
        }
        #expect(small > 0, "the sample data should exercise suppression")
        #expect(html.contains("redovisas som ”färre än tre”"))
    }

    @Test("bar lengths follow the shown counts only; every hidden count is the same stub")
    func barLengths() throws {
        for (survey, minCount) in Sample.surveys {
            let report = try Sample.report(survey, minCount: minCount)
            let charts = SVGChart.charts(for: report)
            for question in report.questions where Sample.hasChart(question) {
                let svg = try #require(charts[question.id])
                let rows = question.type == .scale ? question.distribution : question.counts
                let shown = rows.compactMap(\.count)
                let bars = svg.matches(of: #/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="22" fill="#1f5a8a"\/>/#)
                    .map { Double($0.output.1)! }
                #expect(bars.count == shown.count { $0 > 0 }, "\(survey) \(question.id)")
                if let largest = shown.max(), largest > 0, let longest = bars.max() {
                    for (width, count) in zip(bars, shown.filter { $0 > 0 }) {
                        #expect(abs(width / longest - Double(count) / Double(largest)) < 0.002, "\(survey) \(question.id)")
                    }
                }
                let stubs = svg.matches(of: #/<g class="suppressed"[^>]*><rect x="([\d.]+)" y="[\d.]+" width="(\d+)" height="(\d+)"/#)
                #expect(stubs.count == rows.count { $0.count == nil }, "\(survey) \(question.id)")
                #expect(Set(stubs.map { "\($0.output.1) \($0.output.2) \($0.output.3)" }).count <= 1, "\(survey) \(question.id)")
            }
        }
    }

    @Test("a hidden count changes nothing in the chart but the row it belongs to")
    func hiddenCountsLeaveNoTrace() {
        let shown = [CompiledCount(id: "a", label: "Hemsjukvård", count: 12), CompiledCount(id: "b", label: "Palliativ vård", count: 11)]
        let small = SVGChart.bars(
            shown + [CompiledCount(id: "c", label: "Barn och unga", count: nil, suppression: .small)],
            title: "Målgrupper", fewerThan: "färre än tre")
        let secondary = SVGChart.bars(
            shown + [CompiledCount(id: "c", label: "Barn och unga", count: nil, suppression: .secondary)],
            title: "Målgrupper", fewerThan: "färre än tre")
        let zero = SVGChart.bars(
            shown + [CompiledCount(id: "c", label: "Barn och unga", count: 0)], title: "Målgrupper", fewerThan: "färre än tre")
        // The shown bars are drawn identically whatever the hidden row holds.
        let bars = #/<rect x="262" y="[\d.]+" width="[\d.]+" height="22" fill="#1f5a8a"\/>/#
        #expect(small.matches(of: bars).map(\.output) == secondary.matches(of: bars).map(\.output))
        #expect(small.matches(of: bars).map(\.output) == zero.matches(of: bars).map(\.output))
        #expect(small.contains("<desc>Stapeldiagram: Hemsjukvård: 12; Palliativ vård: 11; Barn och unga: färre än tre.</desc>"))
        #expect(secondary.contains("Barn och unga: redovisas inte.</desc>"))
        #expect(secondary.contains(">–</text>"))
        #expect(zero.contains(">0</text>"))
        #expect(small.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""))
    }

    @Test("scale charts label each step with its value, half steps included")
    func scaleChart() {
        let svg = SVGChart.scale(
            [
                CompiledCount(id: "1", label: "Stämmer inte alls", count: 0),
                CompiledCount(id: "3", label: "Stämmer ganska bra", count: 4),
                CompiledCount(id: "3,5", label: "mellan 3 och 4", count: nil, suppression: .small),
                CompiledCount(id: "4", label: "Stämmer bra", count: nil, suppression: .secondary),
            ], title: "Nära för mig", fewerThan: "färre än tre", id: "diagram-q")
        #expect(svg.contains("aria-labelledby=\"diagram-q-title diagram-q-desc\""))
        #expect(svg.contains("<tspan>3,5 – mellan 3 och 4</tspan>"))
        #expect(
            svg.contains(
                "<desc id=\"diagram-q-desc\">Stapeldiagram: 1 – Stämmer inte alls: 0; 3 – Stämmer ganska bra: 4; "
                    + "3,5 – mellan 3 och 4: färre än tre; 4 – Stämmer bra: redovisas inte.</desc>"))
    }

    @Test("labels are escaped for XML and long ones wrap onto lines")
    func chartEscapingAndWrapping() {
        let svg = SVGChart.bars(
            [
                CompiledCount(id: "x", label: "<script>alert(\"x\")</script> & 'co'", count: 3),
                CompiledCount(id: "y", label: "Samverkansforum/-träffar med regional hälso- och sjukvård på verksamhetsnivå", count: 14),
            ], title: "A < B & C", fewerThan: "färre än tre")
        #expect(!svg.contains("<script"))
        #expect(svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"))
        #expect(svg.contains("<title>A &lt; B &amp; C</title>"))
        #expect(svg.contains("<tspan>Samverkansforum/-träffar med</tspan><tspan x=\"0\" dy=\"19\">regional hälso- och sjukvård</tspan>"))
    }

    // MARK: - Every survey

    @Test("rendering twice gives the same bytes", arguments: Sample.surveys)
    func deterministic(survey: String, minCount: Int) throws {
        let first = try Sample.html(Sample.report(survey, minCount: minCount))
        let second = try Sample.html(Sample.report(survey, minCount: minCount))
        #expect(first == second)
        let (one, two) = (try Sample.report(survey, minCount: minCount), try Sample.report(survey, minCount: minCount))
        #expect(SVGChart.charts(for: one) == SVGChart.charts(for: two))
        #expect(first.firstMatch(of: #/\d,\d{4,}|\d\.\d{2,}"/#) == nil, "coordinates and numbers without locale or long fractions")
    }

    @Test("scripts/check-html.py passes the rendered report", .tags(.slow), .slowTier, .needs(Python.available, "python3 is not installed"), arguments: Sample.surveys)
    func checkerPasses(survey: String, minCount: Int) throws {
        let report = try Sample.report(survey, minCount: minCount)
        let html = try Sample.html(report, preview: true)
        let file = try Sample.write(html, name: survey)
        let result = try Python.checkHTML(file)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"errors\": 0"))
        #expect(result.stdout.contains("\"svgs\": \(report.questions.count(where: Sample.hasChart))"))
    }

    @Test(
        "axe-core (WCAG 2.1 A/AA) and the Nu HTML checker find nothing in the four reports",
        .tags(.slow), .slowTier, .enabled(if: A11y.runs, A11y.skipReason), .timeLimit(.minutes(3)))
    func accessibilityCheckersPass() throws {
        try #require(A11y.missing.isEmpty, "CI=true and \(A11y.missing.joined(separator: ", ")) missing: scripts/install-deps --tests installs it")
        // As enkat compile writes them (build/delrapport-*.html), one file per survey.
        let files = try Sample.surveys.map { survey, minCount in
            try Sample.write(try Sample.html(Sample.report(survey, minCount: minCount)), name: "delrapport-" + survey)
        }
        let result = try A11y.check(files)
        #expect(result.status == 0, "check-a11y.py exited \(result.status):\n\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        let targets = try #require(json["targets"] as? [[String: Any]])
        #expect(targets.count == files.count)
        for (survey, target) in zip(Sample.surveys.map(\.0), targets) {
            #expect((target["axe"] as? [Any])?.isEmpty == true, "axe-core on the \(survey) report: \(target["axe"] ?? "")")
            #expect((target["nu"] as? [Any])?.isEmpty == true, "Nu HTML checker on the \(survey) report: \(target["nu"] ?? "")")
        }
    }

    @Test("a free text holding markup is shown as text, in page and chart alike")
    func markupIsEscaped() throws {
        _ = try Self.markupPage()
    }

    /// A report with markup in an answer and a label, and its checks.
    static func markupPage() throws -> String {
        var report = try Sample.report("socialstyrelsen-kommun-2025")
        let section = try #require(report.sections.firstIndex { $0.questions.contains { $0.type == .text && !$0.texts.isEmpty } })
        let question = try #require(report.sections[section].questions.firstIndex { $0.type == .text && !$0.texts.isEmpty })
        report.sections[section].questions[question].texts.append("<script>alert('x')</script> & <b>fet</b>\n\nAndra stycket.")
        let choice = try #require(report.sections[0].questions.firstIndex { $0.type.hasOptions })
        report.sections[0].questions[choice].counts[0].label = "<script>alert(1)</script>"
        let html = try Sample.html(report)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>"))
        #expect(
            html.contains(
                "<li><p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt;</p><p>Andra stycket.</p></li>"))
        #expect(html.contains("<tspan>&lt;script&gt;alert(1)&lt;/script&gt;</tspan>"))
        return html
    }

    @Test("withheld texts, hidden totals and hidden values read as notes")
    func notes() throws {
        _ = try Self.notesPage()
    }

    /// A report with withheld texts, a hidden total and hidden values, and its checks.
    static func notesPage() throws -> String {
        var report = try Sample.report("socialstyrelsen-kommun-2025")
        let questions = report.sections[0].questions
        let text = try #require(questions.firstIndex { $0.type == .text })
        report.sections[0].questions[text].texts = []
        report.sections[0].questions[text].textsWithheld = true
        let choice = try #require(questions.firstIndex { $0.type.hasOptions })
        report.sections[0].questions[choice].answered = nil
        let html = try Sample.html(report)
        #expect(html.contains("Fritextsvar till frågor som färre än tre kommuner har besvarat återges inte."))
        #expect(html.contains("<p class=\"note\">Svaren återges inte, eftersom färre än tre kommuner svarade"))
        #expect(html.contains("<p class=\"answered\">Hur många kommuner som besvarade frågan redovisas inte.</p>"))
        return html
    }

    @Test("the pages with markup in answers and with notes pass check-html.py", .tags(.slow), .slowTier,
          .needs(Python.available, "python3 is not installed; check-html.py did not run"))
    func builtPagesPassTheChecker() throws {
        for (name, html) in [("markup", try Self.markupPage()), ("notes", try Self.notesPage())] {
            let result = try Python.checkHTML(Sample.write(html, name: name))
            #expect(result.status == 0, "\(name): \(result.stderr)")
        }
    }

    // MARK: - The checker

    @Test(
        "check-html.py finds what it promises to, with the line", .tags(.slow), .slowTier, .needs(Python.available, "python3 is not installed"),
        arguments: [
            ("<p>open", "<p> is not closed before </body>"),
            ("<div><p>x</div></p>", "<p> is not closed before </div>"),
            ("<ul><li>x</ul>", "<li> is not closed before </ul>"),
            ("<p id=\"a\">x</p><p id=\"a\">y</p>", "duplicate id 'a'"),
            ("<img src=\"x.png\">", "<img> without alt"),
            ("<table><tr><td>1</td></tr></table>", "<table> without any <th>"),
            ("<img alt=\"\" src=\"https://example.se/x.png\">", "refers to an external resource"),
            ("<a href=\"//example.se/\">x</a>", "refers to an external resource"),
            ("<h3>Hoppar</h3>", "<h3> follows <h1>"),
            ("<svg role=\"img\"><rect/></svg>", "without a <title>"),
            ("<a href=\"#saknas\">x</a>", "link to #saknas"),
        ])
    func checkerFinds(body: String, message: String) throws {
        let page =
            "<!doctype html>\n<html lang=\"sv\">\n<head><meta charset=\"utf-8\"><title>t</title></head>\n<body><h1>T</h1>\n\(body)\n</body>\n</html>\n"
        let result = try Python.checkHTML(Sample.write(page, name: "bad"))
        #expect(result.status == 1)
        #expect(result.stderr.contains(":5:"), "the line of the fault: \(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("check-html.py wants lang=\"sv\"", .tags(.slow), .slowTier, .needs(Python.available, "python3 is not installed"))
    func checkerWantsSwedish() throws {
        let page = "<!doctype html>\n<html>\n<head><meta charset=\"utf-8\"><title>t</title></head><body><h1>T</h1></body></html>\n"
        let result = try Python.checkHTML(Sample.write(page, name: "nolang"))
        #expect(result.status == 1)
        #expect(result.stderr.contains("lang=\"sv\""))
    }
}

// MARK: - Helpers

private enum Sample {
    /// The shipped surveys and the threshold each is compiled with.
    static let surveys: [(String, Int)] = [
        ("socialstyrelsen-kommun-2025", 3),
        ("sjalvskattning-2025", 3),
        ("skora-aldre-nulage-2025", 3),
        ("slutredovisning-region-2022", 1),
    ]

    static func report(_ surveyID: String, minCount: Int = 3) throws -> CompiledReport {
        let files = try CheckRun.expand([packageRoot.appendingPathComponent("responses/\(surveyID)").path])
        let checks = CheckRun.check(files, catalog: realCatalog).checks
        let survey = try #require(realCatalog.surveys[surveyID])
        let registry = try #require(realCatalog.registries[survey.registry])
        return ReportCompiler.compile(checks.compactMap(\.response), survey: survey, registry: registry, anonymizer: Anonymizer(registry: registry), minCount: minCount).report
    }

    /// The report as HTML; with `preview`, also written to `$ENKAT_HTML_PREVIEW` when that is set.
    static func html(_ report: CompiledReport, preview: Bool = false) throws -> String {
        // Through ReportTemplates, as enkat compile loads it (it registers CONTENT_TYPE: MARKUP).
        let template = try ReportTemplates(directory: packageRoot.appendingPathComponent("templates").path).load("report.html.mustache").get()
        let html = String(decoding: ReportView(report: report, escaping: .markup, charts: SVGChart.charts(for: report)).render(template), as: UTF8.self)
        if preview, let folder = ProcessInfo.processInfo.environment["ENKAT_HTML_PREVIEW"] {
            try html.write(toFile: folder + "/" + report.survey.id + ".html", atomically: true, encoding: .utf8)
        }
        return html
    }

    /// Whether the template draws a chart for `question`.
    static func hasChart(_ question: CompiledQuestion) -> Bool {
        question.answered != 0
            && ((question.type.hasOptions && !question.counts.isEmpty) || (question.type == .scale && !question.distribution.isEmpty))
    }

    /// The question's `<section>`, up to the next question or section.
    static func block(of question: CompiledQuestion, in html: String) throws -> Substring {
        let start = try #require(html.range(of: "<section class=\"question\" id=\"fraga-\(question.id)\""))
        let rest = html[start.upperBound...]
        let end = rest.range(of: "<section")?.lowerBound ?? rest.endIndex
        return html[start.lowerBound..<end]
    }

    static func svg(in block: Substring) throws -> Substring {
        let start = try #require(block.range(of: "<svg "))
        let end = try #require(block.range(of: "</svg>"))
        return block[start.lowerBound..<end.upperBound]
    }

    /// What the template's `{{x}}` makes of a text.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    static func write(_ text: String, name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "enkat-html-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name + "-" + UUID().uuidString + ".html")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}

private enum Python {
    /// python3 on PATH.
    static let path: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { String($0) + "/python3" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static var available: Bool { path != nil }

    static func checkHTML(_ file: String) throws -> CommandResult {
        try runCommand(try #require(path), [packageRoot.appendingPathComponent("scripts/check-html.py").path, file])
    }
}

/// `scripts/check-a11y.py`: axe-core in headless Chromium and the Nu HTML checker. Without
/// its tools the test is skipped with the reason; with `CI=true` (where `scripts/test` has
/// installed everything) it runs and fails.
private enum A11y {
    static let script = packageRoot.appendingPathComponent("scripts/check-a11y.py").path
    static let inCI = ["true", "1"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "")

    /// What the checker lacks, as `check-a11y.py --tools` says.
    static let missing: [String] = {
        guard let python = Python.path, let result = try? runCommand(python, [script, "--tools"]) else { return ["python3"] }
        let json = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any]
        return json?["missing"] as? [String] ?? ["check-a11y.py --tools said nothing usable"]
    }()

    static var runs: Bool { missing.isEmpty || inCI }

    static var skipReason: Comment {
        Comment(
            rawValue:
                "not installed: \(missing.joined(separator: ", ")) (scripts/install-deps --tests); axe-core and the Nu HTML checker did not run")
    }

    static func check(_ files: [String]) throws -> CommandResult {
        try runCommand(try #require(Python.path), [script] + files)
    }
}
