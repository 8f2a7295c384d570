import Testing
@testable import EnkatCore

@Suite("Scale steps: one model on Question")
struct ScaleStepsTests {
    private func scale(min: Double?, max: Double?, labels: [String]) -> Question {
        Question(id: "7", type: .scale, text: "Hur väl stämmer det?", help: nil, required: false, allowsComment: false,
                 maxLength: 3000, options: [], sentinels: [], relevantWhen: nil, minimum: min, maximum: max,
                 unitLabel: nil, scaleLabels: labels, sectionID: "a", location: .start)
    }

    @Test("steps run from min to max, labelled from the lowest")
    func labelled() {
        let question = scale(min: 1, max: 3, labels: ["Inte alls", "Delvis", "Helt"])
        #expect(question.scaleSteps.map(\.value) == [1, 2, 3])
        #expect(question.scaleSteps.map(\.caption) == ["1 – Inte alls", "2 – Delvis", "3 – Helt"])
        #expect(question.range == 1...3)
    }

    @Test("a step without a label shows its number")
    func unlabelled() {
        let question = scale(min: 0, max: 2, labels: ["Aldrig"])
        #expect(question.scaleSteps == [ScaleStep(value: 0, label: "Aldrig"), ScaleStep(value: 1, label: nil), ScaleStep(value: 2, label: nil)])
        #expect(question.scaleSteps.last?.caption == "2")
    }

    @Test("no steps without whole min and max (an error lint reports), and none for other types")
    func invalid() {
        #expect(scale(min: nil, max: 5, labels: []).scaleSteps.isEmpty)
        #expect(scale(min: 1, max: nil, labels: ["a"]).scaleSteps.isEmpty)
        #expect(scale(min: 1.5, max: 5, labels: []).scaleSteps.isEmpty)
        #expect(scale(min: 5, max: 1, labels: []).range == nil)
        var percent = scale(min: 0, max: 100, labels: [])
        percent.type = .percent
        #expect(percent.scaleSteps.isEmpty)
    }
}
