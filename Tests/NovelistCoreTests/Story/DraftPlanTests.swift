import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistStory
@testable import NovelistTesting
@testable import NovelistText

/// The pure parts of `/draft` (issue 16): the range, the plan of what to draft, review or skip, the /check verdict,
/// and the folder of unreviewed drafts.
@Suite("Draft plan")
struct DraftPlanTests {
    @Test(
        "ranges: N-M, N, 第3-5章, 第三至五章, chapter N-M",
        arguments: [
            ("5-12", 5...12), ("5", 5...5), ("第3-5章", 3...5), ("第三至五章", 3...5), ("第3章", 3...3), ("第十二章", 12...12),
            ("3–5", 3...5), ("3~5", 3...5), ("3到5", 3...5), ("第3章-第5章", 3...5), ("3-5章", 3...5), ("7-7", 7...7)
        ])
    func ranges(_ token: String, _ expected: ClosedRange<Int>) {
        #expect(DraftArguments.parseRange(token) == expected)
    }

    @Test("not ranges: reversed, zero, open, words", arguments: ["5-3", "0", "0-4", "5-", "-5", "abc", "第3-5", "1-x", "", "1234567"])
    func notRanges(_ token: String) {
        #expect(DraftArguments.parseRange(token) == nil)
    }

    @Test func argumentsTakeGuidanceAndCheckAnywhere() throws {
        let a = try DraftArguments.parse("chapter 3-5 节奏放慢 --check")
        #expect(a == DraftArguments(range: 3...5, guidance: "节奏放慢", check: true))
        let b = try DraftArguments.parse("--check 第一至三章")
        #expect(b == DraftArguments(range: 1...3, guidance: "", check: true))
        #expect(try DraftArguments.parse("2").range == 2...2)
        #expect(throws: NovelistError.self) { try DraftArguments.parse("") }
        #expect(throws: NovelistError.self) { try DraftArguments.parse("8-2 guidance") }
        #expect(throws: NovelistError.self) { try DraftArguments.parse("1-1000") }
    }

    @Test func thePlanDraftsWhatIsMissingReviewsSavedDraftsAndSkipsProse() {
        let plan = DraftPlan.make(range: 1...6, outline: [1, 2, 3, 4, 5, 6, 7, 8], withProse: [1, 2, 4], saved: [3, 4])
        #expect(plan.steps == [.skip(1), .skip(2), .review(3), .skip(4), .draft(5), .draft(6)])
        #expect(plan.toDraft == [5, 6])
        #expect(plan.toReview == [3])
        #expect(plan.skipped == [1, 2, 4])
        #expect(plan.missing.isEmpty)
        // Run again once everything has prose: nothing to do.
        let done = DraftPlan.make(range: 1...6, outline: Array(1...8), withProse: Set(1...6), saved: [])
        #expect(done.toDraft.isEmpty && done.toReview.isEmpty)
        // Chapters the outline does not have are named (and nothing is sent).
        #expect(DraftPlan.make(range: 7...10, outline: Array(1...8), withProse: [], saved: []).missing == [9, 10])
    }

    @Test func theCheckVerdict() {
        #expect(!CheckVerdict.reportsProblem("No continuity problems found."))
        #expect(!CheckVerdict.reportsProblem("未发现连贯性问题"))
        #expect(CheckVerdict.reportsProblem("- [major] Ada's eyes are grey, not blue (\"her blue eyes\") → make them grey"))
        #expect(CheckVerdict.reportsProblem("- [一般] 周伯上一章已经离开雾港 → 改为回忆"))
        #expect(!CheckVerdict.reportsProblem("- [nit] a comma"), "nits alone do not stop a run")
        #expect(!CheckVerdict.reportsProblem("- [轻微] 用词重复"))
        #expect(CheckVerdict.reportsProblem("The timeline is off: she cannot be in two places."), "free text that finds something")
    }

    @Test func storyYAMLSetsTheLengthTolerance() throws {
        #expect(try StoryMeta(yaml: "title: x\nlength_tolerance: 10%\n", file: "f").lengthTolerance == 10)
        #expect(try StoryMeta(yaml: "title: x\nlength_tolerance: 25\n", file: "f").lengthTolerance == 25)
        #expect(try StoryMeta(yaml: "title: x\n", file: "f").lengthTolerance == nil)
        #expect(try StoryMeta(yaml: "title: x\nlength_tolerance: off\n", file: "f").lengthTolerance == 0, "no corrective pass")
    }

    @Test func draftsAreSavedListedAndRemoved() throws {
        let fs = InMemoryFileSystem()
        let store = DraftStore(fs: fs, root: "/s")
        #expect(store.all().isEmpty)
        let draft = SavedDraft(
            chapter: 12, path: "chapters/012-x.md", title: "X", base: nil, proposed: "---\ntitle: X\n---\n\n雾。\n", length: 1, target: 3000,
            lengthBefore: nil, created: Date(timeIntervalSince1970: 0), model: "m")
        try store.save(draft)
        try store.save(
            SavedDraft(
                chapter: 3, path: "chapters/003-y.md", title: "Y", base: "", proposed: "y\n", length: 1, target: 10, lengthBefore: 5,
                created: Date(timeIntervalSince1970: 0), model: "m"))
        #expect(try fs.read("/s/.novelist/drafts/012.json") != nil)
        #expect(store.all().map(\.chapter) == [3, 12])
        #expect(store.load(12) == draft)
        #expect(store.load(12)?.prose.trimmingWhitespace() == "雾。")
        try store.remove(12)
        #expect(store.all().map(\.chapter) == [3])
        try store.remove(12)  // removing twice is not an error
    }
}
