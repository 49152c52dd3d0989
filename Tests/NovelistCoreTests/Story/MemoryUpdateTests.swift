import Foundation
import Testing

@testable import NovelistStory

/// The memory a `/summarize chapter N` reply proposes (issue 15 point 6): parsed, then planned as edits.
@Suite struct MemoryUpdateTests {
    @Test func tagsAreReadWithTheirAttributesAndAPlainReplyIsTheSummary() {
        let u = MemoryUpdate.parse(
            "好的：\n<summary>一\n二</summary>\n<progression name=\"林晚\">失明。</progression>\n"
                + "<thread-planted title=\"火\" due=\"9\" who=\"林晚，沈舟\">谁放的火</thread-planted>\n<thread-resolved title=\"钥匙\" />")
        #expect(u.summary == "一 二")
        #expect(u.progressions == [.init(name: "林晚", text: "失明。")])
        #expect(u.planted == [.init(title: "火", due: 9, who: ["林晚", "沈舟"], text: "谁放的火")])
        #expect(u.resolved == ["钥匙"])
        #expect(u.touchesMoreThanTheChapter)
        let plain = MemoryUpdate.parse("林晚读信。\n\n她决定回港。")
        #expect(plain == MemoryUpdate(summary: "林晚读信。 她决定回港。"))
        #expect(!plain.touchesMoreThanTheChapter)
        // Tags without a summary tag are not part of the summary.
        #expect(MemoryUpdate.parse("她回港。<thread-resolved title=\"钥匙\"/>").summary == "她回港。")
        #expect(MemoryUpdate.parse("<progression name=\"\">x</progression>").progressions.isEmpty)
        // The model's text cannot open headings or fields of its own in the bible or threads.md.
        let hostile = MemoryUpdate.parse(
            "<progression name=\"林晚\">失明。\n## 第90章起\n她死了。</progression>"
                + "<thread-planted title=\"火\n## 假伏笔\" who=\"林晚\">status: resolved</thread-planted>")
        #expect(hostile.progressions.first?.text == "失明。\n第90章起\n她死了。")
        #expect(hostile.planted.first?.title == "火 ## 假伏笔")
        let threads = StoryThread.adding(
            hostile.planted[0].title, planted: 2, due: nil, who: hostile.planted[0].who, text: hostile.planted[0].text, to: "")
        #expect(StoryThread.parse(threads).count == 1)
        #expect(StoryThread.parse(threads).first?.resolved == false, "\(threads)")
    }

    @Test func aProgressionFromNReplacesOneFromNAndGoesBeforeLaterOnes() {
        let file = "---\nname: 林晚\n---\n\n邮差的女儿。\n\n## 第4章起\n\n旧的。\n\n## 第9章起\n\n掌门。\n"
        let replaced = BibleEntry.settingProgression(from: 4, text: "失明。", in: file, language: .zh)
        #expect(replaced == "---\nname: 林晚\n---\n\n邮差的女儿。\n\n## 第4章起\n\n失明。\n\n## 第9章起\n\n掌门。\n")
        let inserted = BibleEntry.settingProgression(from: 6, text: "流亡。", in: file, language: .zh)
        #expect(inserted.contains("旧的。\n\n## 第6章起\n\n流亡。\n\n## 第9章起"), "\(inserted)")
        let appended = BibleEntry.settingProgression(from: 12, text: "Blind.", in: "Base.\n", language: .en)
        #expect(appended == "Base.\n\n## From chapter 12\n\nBlind.\n")
        // A heading inside a code fence is not a progression.
        let fenced = BibleEntry.settingProgression(from: 4, text: "x", in: "a\n```\n## 第4章起\n```\n", language: .zh)
        #expect(fenced.hasSuffix("```\n\n## 第4章起\n\nx\n"), "\(fenced)")
    }

    @Test func thePlanEditsEachFileOnceAndSaysWhatItLeftOut() throws {
        let entry = BibleEntry(name: "林晚", kind: "character", aliases: ["阿晚"], path: "bible/林晚.md", body: "女儿。")
        let doc = try MarkdownDocument(parsing: "---\ntitle: 灯塔\n---\n\n正文。\n", name: "c")
        var u = MemoryUpdate(summary: "摘要。")
        u.progressions = [.init(name: "阿晚", text: "失明。"), .init(name: "无名", text: "x")]
        u.planted = [.init(title: "火", due: nil, who: [], text: ""), .init(title: "钥匙", due: nil, who: [], text: "")]
        u.resolved = ["钥匙", "没有"]
        let threads = "## 钥匙\n- planted: 1\n- status: open\n"
        let (edits, skipped) = u.plan(
            chapter: 3, chapterPath: "chapters/003.md", document: doc, entries: [entry],
            bibleFiles: ["bible/林晚.md": "---\nname: 林晚\n---\n\n女儿。\n"], threadsText: threads, language: .zh)
        #expect(edits.map(\.path) == ["chapters/003.md", "bible/林晚.md", "threads.md"])
        #expect(edits[0].content.contains("summary: 摘要。"))
        #expect(edits[1].what == .progression(name: "林晚"))
        #expect(edits[1].content.hasSuffix("女儿。\n\n## 第3章起\n\n失明。\n"))
        #expect(edits[2].what == .threads(planted: ["火"], resolved: ["钥匙"]))
        let parsed = StoryThread.parse(edits[2].content)
        #expect(parsed.map(\.title) == ["钥匙", "火"])
        #expect(parsed[0].resolved && parsed[0].resolvedIn == 3)
        #expect(parsed[1].planted == 3 && !parsed[1].resolved)
        #expect(skipped == [.noSuchEntry("无名"), .threadExists("钥匙"), .noSuchOpenThread("没有")])
        // A story without threads.md gets one with a heading.
        let fresh = MemoryUpdate(summary: "", planted: [.init(title: "火", due: 4, who: ["林晚"], text: "谁？")]).plan(
            chapter: 2, chapterPath: "c.md", document: doc, entries: [], bibleFiles: [:], threadsText: "", language: .zh)
        #expect(fresh.edits.map(\.content) == ["# 伏笔\n\n## 火\n- planted: 2\n- due: 4\n- status: open\n- who: 林晚\n\n谁？\n"])
    }
}
