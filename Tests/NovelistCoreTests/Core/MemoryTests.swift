import Foundation
import NovelistTesting
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// Issue 15: the appearance index, recalls in the context for chapter N, and calibration that cannot be fooled.
struct MemoryTests {
    let entries = [
        BibleEntry(name: "林晚", kind: "character", aliases: ["阿晚"], path: "bible/characters/林晚.md", body: ""),
        BibleEntry(name: "林晚舟", kind: "character", aliases: [], path: "bible/characters/林晚舟.md", body: ""),
        BibleEntry(name: "Ann", kind: "character", aliases: [], path: "bible/Ann.md", body: "")
    ]

    func chapter(_ n: Int, _ prose: String, summary: String? = nil) -> ChapterFile {
        ChapterFile(
            number: n, path: "chapters/\(n).md", document: MarkdownDocument(body: prose, fields: summary.map { [("summary", $0)] } ?? []))
    }

    @Test func namesAreFoundInsideCJKSentencesAndLatinNamesAsWholeWords() {
        let m = NameMatcher(entries)
        #expect(m.entries(in: "雨夜里阿晚推开了门。") == [0])
        #expect(m.entries(in: "林晚舟来了") == [0, 1], "a longer name and the shorter one inside it")
        #expect(m.entries(in: "The annual Announcement.") == [])
        #expect(m.entries(in: "Ann said no.") == [2])
    }

    /// Names are compared by their bytes, the first 16 packed into two integers: names that share those 16 bytes,
    /// or differ only past the eighth, are still told apart, and a name is found whatever its length.
    @Test func appearancesTellNamesApartByEveryByte() {
        let names = ["林", "林晚", "林晚舟", "林晚舟林晚", "林晚舟林晚舟", "林晚舟林晚舟甲", "林晚舟林晚舟乙", "Ann", "Anna-Maria-Lopez", "Anna-Maria-Lopez2"]
        var index = AppearanceIndex()
        for (n, name) in names.enumerated() { index.chapters["chapters/\(n + 1).md"] = .init(number: n + 1, hash: "h", entries: [name]) }
        index.chapters["chapters/20.md"] = .init(number: 20, hash: "h", entries: names)
        let found = index.appearances(of: names + ["林晚舟林晚舟丙", "Anna-Maria-Lopez3"])
        for (n, name) in names.enumerated() { #expect(found[name] == [20, n + 1], "\(name)") }
        #expect(found["林晚舟林晚舟丙"] == nil && found["Anna-Maria-Lopez3"] == nil)
    }

    @Test func theIndexIsKeptAsLinesThatReadBackTheSameAndAnOldJSONIndexIsStillRead() throws {
        let odd = entries + [BibleEntry(name: "a\tb\\c\nd", kind: "", aliases: [], path: "bible/odd.md", body: "")]
        let chapters = [chapter(1, "林晚到了。a\tb\\c\nd"), chapter(2, "无人。", summary: "阿晚离开。")]
        let (index, _) = AppearanceIndex().updated(entries: odd, chapters: chapters)
        #expect(index.appearances(of: "a\tb\\c\nd") == [1])
        #expect(AppearanceIndex(encoded: index.encoded()) == index)
        #expect(AppearanceIndex(encoded: "") == nil)
        for cut in [30, 100, index.encoded().count - 3] { #expect(AppearanceIndex(encoded: String(index.encoded().prefix(cut))) == nil) }
        let fs = InMemoryFileSystem(files: ["/s/story.yaml": "title: s\n"])
        let story = StoryWorkspace(fs: fs, root: "/s")
        try fs.writeAtomically("/s/.novelist/appearances.json", String(decoding: try JSONEncoder().encode(index), as: UTF8.self))
        let loaded = AppearanceIndex.load(story, entries: odd, chapters: chapters, save: true, hash: { _ in "x" })
        #expect(loaded.appearances(of: "林晚") == [2, 1], "阿晚 in the summary of chapter 2")
        #expect(try fs.read("/s/.novelist/appearances.tsv").flatMap(AppearanceIndex.init(encoded:)) == loaded)
    }

    @Test func theIndexScansOnlyChangedChaptersAndListsAppearancesLastFirst() {
        let chapters = [chapter(1, "林晚到了。"), chapter(2, "无人。", summary: "阿晚离开。"), chapter(3, "雾。")]
        let (index, scanned) = AppearanceIndex().updated(entries: entries, chapters: chapters)
        #expect(scanned == 3)
        #expect(index.appearances(of: "林晚") == [2, 1])
        #expect(index.lastAppearance(of: "林晚", before: 2) == 1)
        var changed = chapters
        changed[2] = chapter(3, "林晚回来了。")
        let (again, rescanned) = index.updated(entries: entries, chapters: changed)
        #expect(rescanned == 1, "only the changed chapter is scanned")
        #expect(again.appearances(of: "林晚") == [3, 2, 1])
        let (renamed, all) = again.updated(
            entries: entries + [BibleEntry(name: "雾港", kind: "", aliases: [], path: "bible/雾港.md", body: "")], chapters: changed)
        #expect(all == 3, "new names: every chapter again")
        #expect(renamed.appearances(of: "雾港") == [])
    }

    @Test func lastAppearanceSummariesAreNeverCrowdedOutByTheOutlineAndNothingLaterIsSent() throws {
        var r = ContextRequest(
            language: .zh, system: "你是合著者。", instruction: "写第150章。", contextTokens: 3000, reservedOutput: 500, estimator: TokenEstimator())
        r.outline = (1...300).map { OutlineEntry(number: $0, title: "第\($0)回", beats: String(repeating: "情节推进，人物登场。", count: 6)) }
        r.outlineText = r.outline.map { "## 第\($0.number)章 \($0.title)\n\($0.beats)" }.joined(separator: "\n\n")
        r.chapter = 150
        r.summaries = (1...300).map { ($0, "第\($0)回", "第\($0)章发生的事。") }
        r.recalls = [
            Recall(why: "林晚 — last seen in chapter 61", chapter: 61, title: "旧信", summary: "林晚在灯塔失明。"),
            Recall(why: "spoiler", chapter: 151, title: "后来", summary: "林晚死了。")
        ]
        let plan = try ContextBuilder.build(r)
        #expect(plan.total <= plan.budget)
        let sent = plan.messages.map(\.content).joined()
        #expect(sent.contains("林晚在灯塔失明。"))
        #expect(plan.sections.contains { $0.label == "林晚 — last seen in chapter 61" })
        #expect(!sent.contains("林晚死了。"))
        #expect(!sent.contains("第151章发生的事。") && !sent.contains("第150章发生的事。"), "no summary of chapter N or later")
        #expect(plan.sections.contains { $0.kind == .outline }, "the outline still has its window")
    }

    @Test func aUsageCountOutsideHalfToTwiceIsIgnored() {
        var c = Calibration()
        let fixed = c.learn(model: "m", rawEstimate: 4000, observed: 10)
        #expect(fixed == false)
        for _ in 0..<20 { c.learn(model: "m", rawEstimate: 4000, observed: 10) }
        #expect(c.factor(for: "m") == 1.0, "a fixed prompt_tokens teaches nothing")
        let triple = c.learn(model: "m", rawEstimate: 1000, observed: 3000)
        let real = c.learn(model: "m", rawEstimate: 1000, observed: 1500)
        #expect(triple == false && real)
        c.factors["old"] = 0.25  // learned before this fix
        #expect(c.factor(for: "old") == 0.5)
    }
}
