import Foundation
import Testing

/// Brainstorming at novel scale, through the binary: a proposal changes only what it names — outline entries,
/// a structure change made as /chapter makes it, a bible section, a passage of a chapter.
@Suite(.serialized)
struct ProposalMergeE2ETests {
    static let outline = """
        # 雾港来信

        林晚回到雾港，追查妹妹寄来的信。全书六章。

        ## 第一章 旧信
        - 林晚收到妹妹的信

        ## 第二章 邮差
        - 阿晚去邮局找周伯

        ## 第三章 灯塔
        - 夜登灯塔
        - 在塔下徘徊很久
        - 回忆童年

        ## 第四章 钟声
        - 钟声响起
        - 林晚犹豫

        ## 第五章 潮汐
        - 潮汐表

        ## 第六章 归来
        - 妹妹归来

        """

    func story(_ tmp: TempDir, _ server: FakeServer) throws -> [String: String] {
        try tmp.write("stories/s/story.yaml", "title: 雾港来信\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", Self.outline)
        return [
            "NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "OPENAI_BASE_URL": server.baseURL,
            "XDG_DATA_HOME": tmp.file("data")
        ]
    }

    @Test func aPartialOutlineBlockChangesOnlyTheEntriesItNames() throws {
        let tmp = try TempDir()
        let server = try FakeServer(
            defaultReply: "可以这样收紧：\n\n```outline\n## 第三章 灯塔\n- 夜登灯塔，撞见陈默\n\n## 第四章 钟声\n- 钟声响起，林晚当场追问\n\n## 第七章 尾声\n- 雾散\n```\n")
        defer { server.stop() }
        let env = try story(tmp, server)
        let r = try runNovelist(input: "第三章节奏太慢，帮我把第三章和第四章的大纲改得更紧凑\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("outline: chapters 3, 4 revised, 7 added; 1, 2, 5, 6 unchanged"), "\(r.stderr)")
        let expected = Self.outline
            .replacingOccurrences(of: "- 夜登灯塔\n- 在塔下徘徊很久\n- 回忆童年", with: "- 夜登灯塔，撞见陈默")
            .replacingOccurrences(of: "- 钟声响起\n- 林晚犹豫", with: "- 钟声响起，林晚当场追问")
            .replacingOccurrences(of: "- 妹妹归来\n", with: "- 妹妹归来\n\n## 第七章 尾声\n- 雾散\n")
        #expect(tmp.read("stories/s/outline.md") == expected, "\(tmp.read("stories/s/outline.md") ?? "")")
        // The prompt asks only for what changes.
        let system = try #require(
            ((server.requests().last?["body"] as? [String: Any])?["messages"] as? [[String: String]])?.first?["content"])
        #expect(system.contains("只写要改的部分") && system.contains("outline-ops"))
    }

    @Test func threeEntriesOfAThreeHundredChapterOutlineChangeNothingElse() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "```outline\n## 第10章 雾夜十\n- 改过\n\n## 第150章 雾夜150\n- 改过\n\n## 第300章 终章\n- 改过\n```")
        defer { server.stop() }
        var outline = "# 长篇\n\n总述：三百章的雾港。\n\n"
        for n in 1...300 { outline += "## 第\(n)章 雾夜\(n)\n- 林晚在第\(n)个雾夜追查货船。\n\n" }
        try tmp.write("stories/big/story.yaml", "title: 长篇\nlanguage: zh\n")
        try tmp.write("stories/big/outline.md", outline)
        let env = [
            "NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "OPENAI_BASE_URL": server.baseURL,
            "XDG_DATA_HOME": tmp.file("data"), "NOVELIST_CONTEXT_TOKENS": "60000"
        ]
        let r = try runNovelist(input: "改三章\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("outline: chapters 10, 150, 300 revised; 1–9, 11–149, 151–299 unchanged"), "\(r.stderr)")
        var expected = outline.replacingOccurrences(of: "## 第10章 雾夜10\n- 林晚在第10个雾夜追查货船。", with: "## 第10章 雾夜十\n- 改过")
        expected = expected.replacingOccurrences(of: "## 第150章 雾夜150\n- 林晚在第150个雾夜追查货船。", with: "## 第150章 雾夜150\n- 改过")
        expected = expected.replacingOccurrences(of: "## 第300章 雾夜300\n- 林晚在第300个雾夜追查货船。", with: "## 第300章 终章\n- 改过")
        #expect(tmp.read("stories/big/outline.md") == expected)
    }

    @Test func anInsertionBetweenTwoChaptersRenumbersHeadingsAndFilesAndUndoReversesIt() throws {
        let tmp = try TempDir()
        let server = try FakeServer(
            defaultReply: "在第二章和第三章之间加一章：\n\n```outline-ops\nadd after 2: 山路\n```\n\n```outline\n## 第三章 山路\n- 林晚翻山去灯塔\n```\n")
        defer { server.stop() }
        let env = try story(tmp, server)
        for (n, title) in [(1, "旧信"), (2, "邮差"), (3, "灯塔"), (4, "钟声")] {
            try tmp.write("stories/s/chapters/00\(n)-\(title).md", "---\ntitle: \(title)\nstatus: draft\n---\n\n\(title)的正文。\n")
        }
        let before = tmp.snapshot()
        let r = try runNovelist(input: "在第二章和第三章之间插一章山路\ny\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("structure: add chapter 3 山路"), "\(r.stderr)")
        #expect(r.stderr.contains("3→4, 4→5, 5→6, 6→7"))
        let outline = try #require(tmp.read("stories/s/outline.md"))
        #expect(outline.contains("## 第二章 邮差\n- 阿晚去邮局找周伯\n\n## 第三章 山路\n- 林晚翻山去灯塔\n\n## 第四章 灯塔\n- 夜登灯塔"), "\(outline)")
        #expect(outline.contains("## 第七章 归来"))
        #expect(tmp.read("stories/s/chapters/003-山路.md")?.contains("title: 山路") == true)
        #expect(tmp.read("stories/s/chapters/004-灯塔.md")?.contains("灯塔的正文。") == true)
        #expect(tmp.read("stories/s/chapters/005-钟声.md")?.contains("钟声的正文。") == true)
        #expect(tmp.read("stories/s/chapters/003-灯塔.md") == nil)
        let u = try runNovelist(input: "/history\n/undo\n", environment: env, cwd: tmp.path)
        #expect(u.status == 0, "\(u.all)")
        let after = tmp.snapshot().filter { $0.key != "stories/s/chat.jsonl" && !$0.key.hasPrefix("data/") }
        #expect(after == before, "one /undo reverses the structure change and the entry together")
    }

    @Test func aOneLineBibleProposalOnALongEntryLosesNothingWhenAcceptedWithY() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "```bible:林晚\n她从第三章起怕水。\n```")
        defer { server.stop() }
        let env = try story(tmp, server)
        let body = "档案员，三十岁，沉默寡言，左手有一道旧伤。\n\n## 经历\n\n十年前离开雾港，在城里的档案馆工作，每年只回一次家。\n\n## 关系\n\n与妹妹林晓通信，从不打电话。\n"
        let entry = "---\nname: 林晚\nkind: character\n---\n\n" + body
        try tmp.write("stories/s/bible/林晚.md", entry)
        let r = try runNovelist(input: "第三章里林晚落水了，补充一下\ny\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("as a replacement it would remove"), "\(r.stderr)")
        #expect(r.stderr.contains("bible 林晚: one section added (第三章起)"))
        #expect(tmp.read("stories/s/bible/林晚.md") == entry + "\n## 第三章起\n\n她从第三章起怕水。\n")
    }

    static func chapter(_ n: Int) -> String {
        "第\(n)段：雾从海面漫上来，码头的灯一盏接一盏熄灭，编号\(n)的渔船还没有回来，林晚站在栈桥上。"
    }

    @Test func aShortChapterProposalNeverReplacesTheChapter() throws {
        let tmp = try TempDir()
        let revised = "第12段：雾从海面漫上来，码头的灯一盏接一盏熄灭，编号12的渔船终于回来了，林晚跑下栈桥。"
        let server = try FakeServer(rules: [
            ["match": "改第十二段", "reply": "```chapter:1\n\(revised)\n```"],
            ["match": "加一段", "reply": "```chapter:1\n天上没有星星，只有灯塔的光一圈一圈扫过。\n```"]
        ])
        defer { server.stop() }
        let env = try story(tmp, server)
        let prose = (1...20).map(Self.chapter).joined(separator: "\n\n")
        let file = "---\ntitle: 旧信\nstatus: draft\n---\n\n" + prose + "\n"
        try tmp.write("stories/s/chapters/001-旧信.md", file)
        // y takes the default: replace the paragraph the passage revises.
        let r = try runNovelist(input: "改第十二段\ny\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("chapter 1: the proposal is a passage"), "\(r.stderr)")
        #expect(r.stderr.contains("chapter 1: paragraph 12 revised"))
        #expect(tmp.read("stories/s/chapters/001-旧信.md") == file.replacingOccurrences(of: Self.chapter(12), with: revised))
        // A passage that revises nothing is appended by default; --yes never replaces the chapter either.
        let a = try runNovelist(["--yes"], input: "加一段\n", environment: env, cwd: tmp.path)
        #expect(a.status == 0, "\(a.all)")
        let text = try #require(tmp.read("stories/s/chapters/001-旧信.md"))
        #expect(text == file.replacingOccurrences(of: Self.chapter(12), with: revised).dropLast() + "\n\n天上没有星星，只有灯塔的光一圈一圈扫过。\n", "\(text)")
        // n skips it: nothing is written.
        let n = try runNovelist(input: "加一段\nn\n", environment: env, cwd: tmp.path)
        #expect(n.status == 0)
        #expect(tmp.read("stories/s/chapters/001-旧信.md") == text)
        // i puts it after the paragraph the writer names.
        try tmp.write("stories/s/chapters/001-旧信.md", file)
        let i = try runNovelist(input: "加一段\ni\n3\ny\n", environment: env, cwd: tmp.path)
        #expect(i.status == 0, "\(i.all)")
        #expect(i.stderr.contains("chapter 1: a passage inserted after paragraph 3"))
        #expect(
            tmp.read("stories/s/chapters/001-旧信.md")
                == file.replacingOccurrences(of: Self.chapter(3) + "\n\n", with: Self.chapter(3) + "\n\n天上没有星星，只有灯塔的光一圈一圈扫过。\n\n"))
    }
}
