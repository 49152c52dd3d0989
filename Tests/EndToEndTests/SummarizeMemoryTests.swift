import Foundation
import Testing

/// Issue 15 point 6 through the real binary: `/summarize chapter N` proposes the summary, the progressions of
/// the entries whose state changed and the threads planted or resolved, reviewed file by file and written
/// as one change that one `/undo` takes back.
@Suite(.serialized)
struct SummarizeMemoryTests {
    func story(_ tmp: TempDir, _ server: FakeServer) throws -> [String: String] {
        try tmp.write("stories/s/story.yaml", "title: 雾港来信\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", "# 雾港来信\n\n## 第一章 旧信\n- 信\n\n## 第二章 灯塔\n- 灯塔\n")
        try tmp.write("stories/s/bible/characters/林晚.md", "---\nname: 林晚\naliases: [阿晚]\n---\n\n邮差的女儿。\n")
        try tmp.write("stories/s/bible/沈舟.md", "---\nname: 沈舟\n---\n\n邮差。\n")
        try tmp.write(
            "stories/s/threads.md", "# 伏笔\n\n## 铜钥匙\n- planted: 1\n- status: open\n- who: 林晚\n\n钥匙开哪扇门。\n")
        try tmp.write("stories/s/chapters/001-旧信.md", "---\ntitle: 旧信\nsummary: 林晚收到旧信。\n---\n\n林晚读信。\n")
        try tmp.write("stories/s/chapters/002-灯塔.md", "---\ntitle: 灯塔\n---\n\n阿晚在灯塔里用铜钥匙打开了门，火光灼伤了她的眼睛。\n")
        return [
            "NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "OPENAI_BASE_URL": server.baseURL, "NOVELIST_LANG": "en"
        ]
    }

    static let reply = """
        <summary>阿晚在灯塔用铜钥匙开门，
        被火光灼伤双眼。</summary>
        <progression name="阿晚">她在灯塔失明了。</progression>
        <progression name="无名氏">不存在的人。</progression>
        <thread-planted title="纵火者" due="5" who="林晚, 沈舟">是谁点的火。</thread-planted>
        <thread-resolved title="铜钥匙"/>
        """

    @Test func summaryProgressionsAndThreadsAreOneReviewedChange() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: [["match": "摘要", "reply": Self.reply]])
        defer { server.stop() }
        let env = try story(tmp, server)
        let before = tmp.snapshot()
        var r = try runNovelist(input: "/summarize chapter 2\ny\ny\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        // The request shows the model the chapter's cast and the open threads.
        let request = try #require(server.requests().last?["body"] as? [String: Any])
        let messages = try #require(request["messages"] as? [[String: String]])
        let user = messages.last?["content"] ?? ""
        #expect(user.contains("林晚 / 阿晚: 邮差的女儿。"), "\(user)")
        #expect(user.contains("- 铜钥匙"), "\(user)")
        #expect(!user.contains("沈舟 /"), "沈舟 is not in chapter 2\n\(user)")
        #expect(r.stderr.contains("proposes changes to 3 files"), "\(r.stderr)")
        #expect(r.stderr.contains("Left out: the bible has no entry named 无名氏."), "\(r.stderr)")
        let chapter = try #require(tmp.read("stories/s/chapters/002-灯塔.md"))
        #expect(chapter.contains("summary: 阿晚在灯塔用铜钥匙开门， 被火光灼伤双眼。"), "\(chapter)")
        let entry = try #require(tmp.read("stories/s/bible/characters/林晚.md"))
        #expect(entry == "---\nname: 林晚\naliases: [阿晚]\n---\n\n邮差的女儿。\n\n## 第2章起\n\n她在灯塔失明了。\n", "\(entry)")
        let threads = try #require(tmp.read("stories/s/threads.md"))
        #expect(threads.contains("## 铜钥匙\n- planted: 1\n- status: resolved\n- resolved in: 2\n- who: 林晚"), "\(threads)")
        #expect(threads.contains("## 纵火者\n- planted: 2\n- due: 5\n- status: open\n- who: 林晚, 沈舟\n\n是谁点的火。"), "\(threads)")
        #expect(tmp.read("stories/s/bible/沈舟.md") == "---\nname: 沈舟\n---\n\n邮差。\n")

        // One change: /history shows one entry, and one /undo takes back all three files.
        r = try runNovelist(input: "/undo\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let after = tmp.snapshot().filter { !$0.key.contains("/.novelist/") && !$0.key.hasSuffix("chat.jsonl") }
        #expect(after == before.filter { !$0.key.contains("/.novelist/") }, "\(r.all)")
    }

    @Test func aFileTheWriterRejectsIsLeftOutAndTheRestIsWritten() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: [["match": "摘要", "reply": Self.reply]])
        defer { server.stop() }
        let env = try story(tmp, server)
        let entryBefore = try #require(tmp.read("stories/s/bible/characters/林晚.md"))
        let r = try runNovelist(input: "/summarize chapter 2\ny\nn\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(tmp.read("stories/s/chapters/002-灯塔.md")?.contains("summary: 阿晚") == true)
        #expect(tmp.read("stories/s/bible/characters/林晚.md") == entryBefore, "the progression was rejected")
        #expect(tmp.read("stories/s/threads.md")?.contains("## 纵火者") == true)
    }

    @Test func aPlainSummaryReplyIsTheSummaryAsBefore() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: [["match": "摘要", "reply": "阿晚失明。"]])
        defer { server.stop() }
        let env = try story(tmp, server)
        let r = try runNovelist(input: "/summarize chapter 2\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(!r.stderr.contains("proposes changes to"), "\(r.stderr)")
        #expect(tmp.read("stories/s/chapters/002-灯塔.md")?.contains("summary: 阿晚失明。") == true)
        #expect(tmp.read("stories/s/threads.md")?.contains("纵火者") == false)
    }
}

/// Issue 14: history entries are stored language-neutral and shown in the interface language of the session
/// that reads them, whatever language made them.
@Suite(.serialized)
struct LanguageNeutralHistoryTests {
    @Test func aChangeMadeInChineseReadsInEnglishAndBack() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "好。")
        defer { server.stop() }
        try tmp.write("stories/s/story.yaml", "title: 雾港来信\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", "# 雾港来信\n\n## 第一章 旧信\n- 信\n\n## 第二章 灯塔\n- 灯塔\n")
        var env = ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "OPENAI_BASE_URL": server.baseURL]
        env["NOVELIST_LANG"] = "zh"
        var r = try runNovelist(input: "/open s\n/chapter add 夜雨\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let history = try #require(tmp.read("stories/s/.novelist/history.json"))
        #expect(history.contains("\"key\" : \"add chapter %d %@\"") || history.contains("\"key\":\"add chapter %d %@\""), "\(history)")
        #expect(!history.contains("新增第"), "no interface text is stored\n\(history)")
        env["NOVELIST_LANG"] = "en"
        r = try runNovelist(input: "/open s\n/history\n", environment: env, cwd: tmp.path)
        #expect(r.stdout.contains("add chapter 3 夜雨"), "\(r.all)")
        env["NOVELIST_LANG"] = "zh"
        r = try runNovelist(input: "/open s\n/history\n", environment: env, cwd: tmp.path)
        #expect(r.stdout.contains("新增第 3 章 夜雨"), "\(r.all)")
    }
}
