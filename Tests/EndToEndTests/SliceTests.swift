import Foundation
import Testing

/// The end-to-end slice: the real binary, piped commands, the scripted server over loopback, files on disk.
@Suite(.serialized)
struct SliceTests {
    static let chapterProse = "雾从海面漫上来，码头的灯一盏接一盏熄灭。\n\n林晚站在渡轮的栏杆边，手里攥着那封信。"
    static let outline = "# 测试故事\n\n## 第一章 开端\n- 林晚收到一封信\n- 她决定回到雾港\n\n## 第二章 归乡\n- 渡轮靠岸\n"

    func env(_ server: FakeServer, _ stories: String) -> [String: String] {
        ["OPENAI_BASE_URL": server.baseURL, "NOVELIST_STORIES_DIR": stories, "OPENAI_API_KEY": "sk-test-canary-0000000000000000001234"]
    }

    @Test func newChatExpandAcceptExport() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: [
            ["match": "开端", "reply": Self.chapterProse],
            ["match": "主角", "reply": "可以让主角在第一章就收到信。"]
        ])
        defer { server.stop() }
        let e = env(server, tmp.file("stories"))

        // 1. /new creates the story folder, keeping the Chinese title in the slug.
        let r1 = try runNovelist(input: "/new 测试故事\n", environment: e, cwd: tmp.path)
        #expect(r1.status == 0, "\(r1.all)")
        let yaml = try #require(tmp.read("stories/测试故事/story.yaml"))
        #expect(yaml.contains("title: 测试故事"))
        #expect(yaml.contains("language: zh"))
        #expect(tmp.read("stories/测试故事/outline.md") != nil)

        // The writer fills in the outline in an editor (and turns length correction off: this test is not about length).
        try tmp.write("stories/测试故事/outline.md", Self.outline)
        try tmp.write("stories/测试故事/story.yaml", yaml + "length_tolerance: off\n")

        // 2. chat, expand, accept, export.
        let r2 = try runNovelist(input: "/open 测试故事\n主角应该怎样出场？\n/expand chapter 1\ny\n/export md\n", environment: e, cwd: tmp.path)
        #expect(r2.status == 0, "\(r2.all)")
        #expect(r2.stdout.contains("可以让主角在第一章就收到信。"), "the chat reply is streamed to stdout")

        let chapter = try #require(tmp.read("stories/测试故事/chapters/001-开端.md"))
        #expect(chapter.hasPrefix("---\n"))
        #expect(chapter.contains("title: 开端"))
        #expect(chapter.contains("status: draft"))
        #expect(chapter.contains(Self.chapterProse))

        let log = try #require(tmp.read("stories/测试故事/chat.jsonl"))
        let lines = log.split(separator: "\n")
        #expect(lines.count == 4, "chat turn and expand turn, each user + assistant")
        #expect(log.contains("主角应该怎样出场？"))
        #expect(!log.contains("sk-test-canary"), "the key never reaches the transcript")

        let export = try #require(tmp.read("stories/测试故事/export/测试故事.md"))
        #expect(export.hasPrefix("---\ntitle: \"测试故事\""))
        #expect(export.contains("# 第一章 开端\n\n" + Self.chapterProse))
        #expect(!export.contains("status: draft"), "front matter is stripped from the manuscript")

        // What the server received: a streamed request with the outline in the chat context.
        let requests = server.requests()
        #expect(requests.count == 2)
        let chatBody = try #require(requests.first?["body"] as? [String: Any])
        #expect(chatBody["stream"] as? Bool == true)
        let chatMessages = try #require(chatBody["messages"] as? [[String: String]])
        #expect(chatMessages.first?["role"] == "system")
        #expect(chatMessages.first?["content"]?.contains("林晚收到一封信") == true, "the outline is in the chat context")
        #expect(chatMessages.last?["content"] == "主角应该怎样出场？")
        let expandMessages = try #require((requests.last?["body"] as? [String: Any])?["messages"] as? [[String: String]])
        let instruction = try #require(expandMessages.last?["content"])
        #expect(instruction.contains("第一章"))
        #expect(instruction.contains("她决定回到雾港"), "the chapter's beats are in the expand prompt")
        let headers = try #require(requests.first?["headers"] as? [String: String])
        #expect(headers["authorization"] == "Bearer …1234")
    }

    @Test func rejectingTheProposalWritesNothing() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: Self.chapterProse)
        defer { server.stop() }
        try tmp.write("stories/s/story.yaml", "title: 测试\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", Self.outline)
        let before = tmp.snapshot()
        let r = try runNovelist(input: "/expand chapter 2\nn\n", environment: env(server, tmp.file("stories")), cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("Apply to chapters/002-归乡.md? [y] create"))
        #expect(r.stderr.contains("Nothing was written"))
        var after = tmp.snapshot()
        after.removeValue(forKey: "stories/s/chat.jsonl")
        #expect(after == before, "only the transcript may change")
    }

    @Test func endOfInputAtTheQuestionMeansNo() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: Self.chapterProse)
        defer { server.stop() }
        try tmp.write("stories/s/story.yaml", "title: 测试\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", Self.outline)
        let r = try runNovelist(input: "/expand chapter 1\n", environment: env(server, tmp.file("stories")), cwd: tmp.path)
        #expect(tmp.read("stories/s/chapters/001-开端.md") == nil, "\(r.all)")
    }

    @Test func expandingAnExistingChapterShowsADiff() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "第一段不变。\n\n第二段改写了。")
        defer { server.stop() }
        try tmp.write("stories/s/story.yaml", "title: 测试\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", Self.outline)
        try tmp.write("stories/s/chapters/001-开端.md", "---\ntitle: 开端\nstatus: revised\nmood: 阴郁\n---\n\n第一段不变。\n\n第二段原文。\n")
        let r = try runNovelist(input: "/expand 1\ny\n", environment: env(server, tmp.file("stories")), cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("- 第二段原文。"))
        #expect(r.stdout.contains("+ 第二段改写了。"))
        let text = try #require(tmp.read("stories/s/chapters/001-开端.md"))
        #expect(text.contains("mood: 阴郁"), "unknown front matter keys survive")
        #expect(text.contains("status: revised"), "an existing status is kept")
        #expect(text.contains("第二段改写了。"))
    }

    @Test(arguments: [
        ("/expand chapter 9\n", "Chapter 9 is not in the outline. The outline has chapters 1-2."),
        ("/expand chapter abc\n", "'abc' is not a chapter number"),
        ("/expand\n", "Usage: /expand chapter <N>"),
        ("/open ../etc\n", "cannot be used as a name"),
        ("/open nosuch\n", "There is no story 'nosuch'"),
        ("/new a/b\n", "cannot be used as a name"),
        ("/frobnicate\n", "Unknown command /frobnicate"),
        ("/export pdf\n", "Usage: /export md")
    ])
    func badInputIsAClearErrorAndChangesNothing(input: String, message: String) throws {
        let tmp = try TempDir()
        let server = try FakeServer()
        defer { server.stop() }
        try tmp.write("stories/s/story.yaml", "title: 测试\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", Self.outline)
        let before = tmp.snapshot()
        let r = try runNovelist(input: input + "/chapters\n", environment: env(server, tmp.file("stories")), cwd: tmp.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.contains("第二章 归乡"), "the REPL goes on to the next command")
        #expect(tmp.snapshot() == before)
        #expect(server.requests().isEmpty)
    }

    @Test func chatWithoutAStoryExplainsWhatToDo() throws {
        let tmp = try TempDir()
        let r = try runNovelist(
            input: "hello\n/stories\n", environment: ["NOVELIST_STORIES_DIR": tmp.file("none"), "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"],
            cwd: tmp.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("No story is open"))
        #expect(r.stderr.contains("No stories in"))
    }

    @Test func flagsBeatEnvironmentAndDotEnv() throws {
        let tmp = try TempDir()
        let server = try FakeServer()
        defer { server.stop() }
        try tmp.write(".env", "NOVELIST_MODEL=from-dotenv\nOPENAI_BASE_URL=http://127.0.0.1:9/v1\n")
        try tmp.write("stories/s/story.yaml", "title: T\nlanguage: en\n")
        let r = try runNovelist(
            ["--base-url", server.baseURL + "/chat/completions", "--model", "from-flag"], input: "/config\nhello\n",
            environment: ["NOVELIST_MODEL": "from-env", "NOVELIST_STORIES_DIR": tmp.file("stories")], cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("model         from-flag"))
        #expect(r.stdout.contains("base URL      \(server.baseURL)"), "a pasted /chat/completions is trimmed")
        let body = try #require(server.requests().first?["body"] as? [String: Any])
        #expect(body["model"] as? String == "from-flag")
    }

    @Test func versionAndHelp() throws {
        let tmp = try TempDir()
        let v = try runNovelist(["--version"], input: "", cwd: tmp.path)
        #expect(v.status == 0)
        #expect(v.stdout.contains("0."))
        let h = try runNovelist(["--help"], input: "", cwd: tmp.path)
        #expect(h.stdout.contains("--base-url"))
        #expect(h.stdout.contains("--stories-dir"))
        let help = try runNovelist(input: "/help\n", environment: ["NOVELIST_STORIES_DIR": tmp.path], cwd: tmp.path)
        for command in ["/new", "/open", "/stories", "/chapters", "/expand", "/export", "/quit"] {
            #expect(help.stdout.contains(command))
        }
    }

    @Test func theSampleStoryOpensAndExports() throws {
        let tmp = try TempDir()
        _ = try copySampleStories(to: tmp)
        let r = try runNovelist(
            input: "/chapters\n/export md out/book.md\n",
            environment: ["NOVELIST_STORIES_DIR": tmp.file("stories"), "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"], cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("Opened 雾港来信"), "the only story opens by itself")
        #expect(r.stdout.contains("第一章 旧信"))
        let book = try #require(tmp.read("out/book.md"))
        #expect(book.contains("# 第一章 旧信"))
        #expect(r.stderr.contains("Exported 1 chapter, 1620 字"))
    }

    @Test func theEnglishSampleStoryOpensAndExports() throws {
        let tmp = try TempDir()
        try FileManager.default.copyItem(atPath: packageRoot.appendingPathComponent("stories").path, toPath: tmp.file("stories"))
        let r = try runNovelist(
            input: "/chapters\n/export md out/book.md\n",
            environment: [
                "NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_STORY": "harbour-lights", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"
            ], cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("Opened Harbour Lights (harbour-lights): 4 chapters in the outline, 1 written."), "\(r.stderr)")
        #expect(r.stdout.contains("Chapter 1: The Letter"))
        let book = try #require(tmp.read("out/book.md"))
        #expect(book.contains("# Chapter 1: The Letter"))
        #expect(book.contains("The bell is ringing again."))
    }
}
