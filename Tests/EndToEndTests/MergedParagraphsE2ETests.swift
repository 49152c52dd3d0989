import Foundation
import Testing

/// Issue 21 (9): when the model merges or splits paragraphs, the merge or split is one hunk, and taking only
/// some hunks never loses (or doubles) a sentence.
@Suite(.serialized)
struct MergedParagraphsE2ETests {
    static let chapter = "---\ntitle: 旧信\n---\n\n她推开门，屋里很暗。\n\n桌上放着一封旧信，信封已经发黄。\n\n她认出了母亲的字迹。\n\n窗外下起了雨。\n"

    func run(_ reply: String, _ answers: String) throws -> (String, String) {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: reply)
        defer { server.stop() }
        try tmp.write("stories/s/story.yaml", "title: 测试\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", "## 第一章 旧信\n- 信\n")
        try tmp.write("stories/s/chapters/001-旧信.md", Self.chapter)
        let env = ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "OPENAI_BASE_URL": server.baseURL]
        let r = try runNovelist(input: "/rewrite chapter 1 改\n\(answers)\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        return (try #require(tmp.read("stories/s/chapters/001-旧信.md")), r.all)
    }

    @Test func aMergeWithAnEditBeforeItTakesOnlyTheEdit() throws {
        // ¶1 edited, ¶2 and ¶3 merged into one: taking only hunk 1 keeps ¶2 and ¶3 whole.
        let reply = "她推开门，屋里一片漆黑。\n\n桌上放着一封旧信，信封已经发黄，她认出了母亲的字迹。\n\n窗外下起了雨。"
        let (text, out) = try run(reply, "h\ny\nn")
        #expect(text.contains("桌上放着一封旧信，信封已经发黄。"), "\(text)\n\(out)")
        #expect(text.contains("她认出了母亲的字迹。"), "\(text)\n\(out)")
        #expect(text == "---\ntitle: 旧信\n---\n\n她推开门，屋里一片漆黑。\n\n桌上放着一封旧信，信封已经发黄。\n\n她认出了母亲的字迹。\n\n窗外下起了雨。\n", "\(text)\n\(out)")
    }

    @Test func aMergeIsOneHunk() throws {
        let reply = "她推开门，屋里很暗。\n\n桌上放着一封旧信，信封已经发黄，她认出了母亲的字迹。\n\n窗外下起了雨。"
        let (text, out) = try run(reply, "h\ny")
        #expect(out.contains("@@ 1/1"), "\(out)")
        #expect(text == "---\ntitle: 旧信\n---\n\n她推开门，屋里很暗。\n\n桌上放着一封旧信，信封已经发黄，她认出了母亲的字迹。\n\n窗外下起了雨。\n", "\(text)\n\(out)")
    }

    @Test func aSplitIsOneHunkAndTakingOnlyTheFirstLosesNothing() throws {
        // ¶2 split in two, ¶4 edited: taking only hunk 1 takes the whole split, nothing doubled or lost.
        let reply = "她推开门，屋里很暗。\n\n桌上放着一封旧信。\n\n信封已经发黄。\n\n她认出了母亲的字迹。\n\n窗外下起了大雨。"
        let (text, out) = try run(reply, "h\ny\nn")
        #expect(text == "---\ntitle: 旧信\n---\n\n她推开门，屋里很暗。\n\n桌上放着一封旧信。\n\n信封已经发黄。\n\n她认出了母亲的字迹。\n\n窗外下起了雨。\n", "\(text)\n\(out)")
    }
}
