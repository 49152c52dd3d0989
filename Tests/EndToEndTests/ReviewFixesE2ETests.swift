import Foundation
import Testing

@Suite(.serialized)
struct ReviewFixesE2ETests {
    func story(_ tmp: TempDir, _ server: FakeServer) throws -> [String: String] {
        try tmp.write("stories/s/story.yaml", "title: 测试\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", "## 第一章 旧信\n- 信\n")
        try tmp.write("stories/s/chapters/001-旧信.md", "---\ntitle: 旧信\n---\n\n第一段。\n\n第二段。\n")
        return ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "OPENAI_BASE_URL": server.baseURL]
    }

    @Test func endOfInputInHunkModeWritesNothing() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "第一段改。\n\n第二段改。")
        defer { server.stop() }
        let env = try story(tmp, server)
        let before = tmp.snapshot()
        // Take hunk 1, then the input ends (as Ctrl-C would): nothing is written.
        _ = try runNovelist(input: "/rewrite chapter 1 改\nh\ny\n", environment: env, cwd: tmp.path)
        var after = tmp.snapshot()
        after.removeValue(forKey: "stories/s/chat.jsonl")
        #expect(after == before)
    }

    @Test func anExportNeverLandsOnTheStorysOwnFiles() throws {
        let tmp = try TempDir()
        let server = try FakeServer()
        defer { server.stop() }
        let env = try story(tmp, server)
        let before = tmp.snapshot()
        let r = try runNovelist(
            input: "/export md stories/s/outline.md\n/export md stories/s/chapters/x.md\n", environment: env, cwd: tmp.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("it is inside the story folder"))
        #expect(tmp.snapshot() == before)
        let ok = try runNovelist(input: "/export md stories/s/export/book.md\n", environment: env, cwd: tmp.path)
        #expect(ok.status == 0, "\(ok.all)")
    }

    @Test func retryAfterAFailedRequestSendsThatRequest() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "第一章正文。")
        defer { server.stop() }
        var env = try story(tmp, server)
        try FileManager.default.removeItem(atPath: tmp.file("stories/s/chapters/001-旧信.md"))
        env["NOVELIST_RETRIES"] = "1"
        env["OPENAI_BASE_URL"] = server.faultURL("503-once")
        let r = try runNovelist(input: "/expand chapter 1\n/retry\ny\n", environment: env, cwd: tmp.path)
        #expect(r.stderr.contains("internal problem (503"), "\(r.all)")
        #expect(tmp.read("stories/s/chapters/001-旧信.md")?.contains("第一章正文。") == true, "\(r.all)")
    }

    @Test func anUnreadableChapterIsReportedOnceAndOtherCommandsWork() throws {
        let tmp = try TempDir()
        let server = try FakeServer()
        defer { server.stop() }
        let env = try story(tmp, server)
        _ = try runNovelist(input: "/chapters\n", environment: env, cwd: tmp.path)
        FileManager.default.createFile(atPath: tmp.file("stories/s/chapters/002-gb.md"), contents: Data([0xCE, 0xED, 0xB8, 0xDB, 0x0A]))
        let r = try runNovelist(input: "/help\n/history\n/outline\n", environment: env, cwd: tmp.path)
        #expect(r.stderr.contains("is not UTF-8 text"), "\(r.all)")
        #expect(r.stderr.components(separatedBy: "is not UTF-8 text").count == 2, "said once")
        #expect(r.stdout.contains("第一章 旧信"))
        #expect(FileManager.default.contents(atPath: tmp.file("stories/s/chapters/002-gb.md")) == Data([0xCE, 0xED, 0xB8, 0xDB, 0x0A]))
    }
}

@Suite(.serialized)
struct TerminalOutputTests {
    @Test func pipedOutputHasNoEscapeCodesAndMultiLineInputIsOneMessage() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "好的。")
        defer { server.stop() }
        try tmp.write("stories/s/story.yaml", "title: 测试\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", "## 第一章 旧信\n- 信\n")
        try tmp.write("stories/s/chapters/001-旧信.md", "---\ntitle: 旧信\n---\n\n第一段。\n")
        let env = ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "OPENAI_BASE_URL": server.baseURL]
        let input = "第一行，\\\n第二行。\n\"\"\"\n块的第一行\n块的第二行\n\"\"\"\n/stats\n/context chapter 1\n/rewrite chapter 1 改\nv\nn\n"
        let r = try runNovelist(input: input, environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(!r.stdout.contains("\u{1B}") && !r.stderr.contains("\u{1B}"), "no escape code leaks into a pipe")
        let users = server.requests().compactMap { (($0["body"] as? [String: Any])?["messages"] as? [[String: String]])?.last?["content"] }
        #expect(users.first == "第一行，\n第二行。", "a line ending in \\ continues")
        #expect(users.dropFirst().first == "块的第一行\n块的第二行", "a \"\"\" block is one message")
        // Chinese in Chinese: the interface language follows LANG.
        let zh = try runNovelist(input: "/frobnicate\n", environment: env.merging(["LANG": "zh_CN.UTF-8"]) { _, n in n }, cwd: tmp.path)
        #expect(zh.stderr.contains("没有 /frobnicate 这个命令"), "\(zh.stderr)")
    }
}

@Suite(.serialized)
struct StorySettingsTests {
    @Test func storyYamlModelSettingsApplyUnlessTheWriterSetThem() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "好。")
        defer { server.stop() }
        try tmp.write("stories/s/story.yaml", "title: 测试\nlanguage: zh\nmodel: story-model\ntemperature: 0.3\nmax_tokens: 777\n")
        let env = ["NOVELIST_STORIES_DIR": tmp.file("stories"), "OPENAI_BASE_URL": server.baseURL]
        _ = try runNovelist(input: "你好\n", environment: env, cwd: tmp.path)
        let body = try #require(server.requests().last?["body"] as? [String: Any])
        #expect(body["model"] as? String == "story-model")
        #expect(body["max_tokens"] as? Int == 777)
        #expect(body["temperature"] as? Double == 0.3)
        _ = try runNovelist(["--model", "flag-model"], input: "你好\n", environment: env, cwd: tmp.path)
        #expect((server.requests().last?["body"] as? [String: Any])?["model"] as? String == "flag-model", "a flag wins over story.yaml")
    }
}

@Suite(.serialized)
struct ConversationSummaryTests {
    @Test func olderTurnsThatDoNotFitAreSummarisedNotLost() throws {
        let tmp = try TempDir()
        let server = try FakeServer(
            rules: [["match": "Author:", "reply": "SUMMARY: they chose a lighthouse ending."]], defaultReply: "Fine.")
        defer { server.stop() }
        try tmp.write("stories/s/story.yaml", "title: T\nlanguage: en\n")
        var log = ""
        for i in 1...40 {
            let role = i % 2 == 1 ? "user" : "assistant"
            log +=
                "{\"content\":\"Turn \(i): " + String(repeating: "the fog over the harbour and the bell in the tower ", count: 12)
                + "\",\"role\":\"\(role)\",\"task\":\"chat\",\"time\":\"t\"}\n"
        }
        try tmp.write("stories/s/chat.jsonl", log)
        let env = [
            "NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "OPENAI_BASE_URL": server.baseURL,
            "NOVELIST_CONTEXT_TOKENS": "3000", "NOVELIST_MAX_TOKENS": "200"
        ]
        let r = try runNovelist(input: "What next?\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("Summarising"))
        let requests = server.requests().compactMap { ($0["body"] as? [String: Any])?["messages"] as? [[String: String]] }
        #expect(requests.count == 2)
        let chat = try #require(requests.last)
        #expect(chat.first?["content"]?.contains("[Summary of the earlier conversation]\nSUMMARY: they chose a lighthouse ending.") == true)
        #expect(chat.last?["content"] == "What next?")
        #expect(chat.contains { $0["content"]?.hasPrefix("Turn 40:") == true }, "the newest turns are sent as they are")
    }
}

@Suite(.serialized)
struct InterruptedNewTests {
    @Test func aNewThatWasInterruptedCanBeRunAgainAndAStoryIsNeverOverwritten() throws {
        let tmp = try TempDir()
        try tmp.write("stories/雾港/outline.md", "# 雾港\n\n## 第一章 写了一半\n")
        let env = ["NOVELIST_STORIES_DIR": tmp.file("stories"), "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"]
        let r = try runNovelist(input: "/new 雾港\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(tmp.read("stories/雾港/story.yaml")?.contains("title: 雾港") == true)
        #expect(tmp.read("stories/雾港/outline.md")?.contains("写了一半") == true, "what was there is kept")
        let again = try runNovelist(input: "/new 雾港\n", environment: env, cwd: tmp.path)
        #expect(again.status == 1)
        #expect(again.stderr.contains("雾港"))
    }
}
