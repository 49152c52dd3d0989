import Foundation
import Testing

/// Writing with the model against the scripted server, which records every request it receives:
/// the context order, /context matching what was sent, the budget on a 300-chapter story, bible selection,
/// template overrides, §A-B rewrites, continuing a reply cut at the token limit, calibration, proposals.
@Suite(.serialized)
struct WritingTests {
    static let outline = """
        # 雾港来信

        ## 第一章 旧信
        - 林晚收到妹妹的信

        ## 第二章 邮差
        - 阿晚去邮局找周伯
        - 她发现邮戳被改过

        ## 第三章 灯塔
        - 夜登灯塔
        """

    func story(_ tmp: TempDir) throws -> [String: String] {
        try tmp.write(
            "stories/s/story.yaml", "title: 雾港来信\nlanguage: zh\ngenre: 悬疑\nlogline: 妹妹的来信\nchapter_length: 1200\nlength_tolerance: off\n")
        try tmp.write("stories/s/outline.md", Self.outline + "\n")
        try tmp.write("stories/s/bible/林晚.md", "---\nname: 林晚\nkind: character\naliases: [阿晚]\n---\n\n档案员，三十岁，沉默。\n")
        try tmp.write("stories/s/bible/陈默.md", "---\nname: 陈默\nkind: character\n---\n\n守塔人。\n")
        try tmp.write("stories/s/bible/周伯.md", "---\nname: 周伯\nkind: character\n---\n\n老邮差。\n")
        try tmp.write(
            "stories/s/chapters/001-旧信.md",
            "---\ntitle: 旧信\nstatus: draft\nsummary: 林晚在档案馆收到一封妹妹笔迹的信。\n---\n\n第一段。\n\n第二段。\n\n第三段。\n\n第四段。\n\n第五段。\n\n第六段结尾，钟声响起。\n")
        return ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "XDG_DATA_HOME": tmp.file("data")]
    }

    @Test func theContextIsInOrderAndMatchesWhatTheServerReceived() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "第二章的正文。")
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        let r = try runNovelist(
            input: "/context chapter 2\n/context chapter 2 show\n/expand chapter 2 多写雨\nn\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let request = try #require(server.requests().last?["body"] as? [String: Any])
        let messages = try #require(request["messages"] as? [[String: String]])
        #expect(messages.map { $0["role"] } == ["system", "user"])
        let system = try #require(messages[0]["content"])
        let user = try #require(messages[1]["content"])
        // /context show printed exactly these messages.
        #expect(r.stdout.contains("=== system ===\n" + system + "\n"))
        // Fixed order: system and story card, bible entries, outline, summaries; then the previous ending and the instruction.
        // Issue 15: the previous chapter's summary is sent for who is in the chapter, before the outline.
        let order = ["悬疑", "## 林晚", "## 周伯", "【第1章摘要", "<outline>"].map { system.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil }, "\(system)")
        let positions = order.compactMap { $0 }
        #expect(positions == positions.sorted())
        #expect(!system.contains("守塔人"), "陈默 is not named for chapter 2, so his entry is not sent")
        #expect(user.hasPrefix("【第一章的结尾】\n<previous_ending>\n"))
        #expect(user.contains("第六段结尾，钟声响起。"))
        #expect(user.contains("多写雨"))
        #expect(system.contains("林晚在档案馆收到一封妹妹笔迹的信。"), "the previous chapter's summary")
        // The table names each section with its tokens.
        #expect(r.stdout.contains("bible: 林晚"))
        #expect(r.stdout.contains("total (estimated)"))
        // max_tokens comes from the length target (1200 字 with a margin).
        let maxTokens = try #require(request["max_tokens"] as? Int)
        #expect(maxTokens > 1200 && maxTokens < 2500)
    }

    @Test func aThreeHundredChapterStoryStaysInsideTheBudgetAndSaysWhatWasLeftOut() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "正文。")
        defer { server.stop() }
        var outline = "# 长篇\n\n"
        try tmp.write("stories/big/story.yaml", "title: 长篇\nlanguage: zh\nchapter_length: 2000\n")
        for n in 1...300 {
            outline += "## 第\(n)章 雾夜\(n)\n- 林晚在第\(n)个雾夜追查货船，周伯又一次沉默。\n- 铜钥匙发热。\n\n"
            if n < 300 {
                let padded = String(format: "%03d", n)
                try tmp.write(
                    "stories/big/chapters/\(padded)-雾夜\(n).md",
                    "---\ntitle: 雾夜\(n)\nsummary: 第\(n)章，林晚追查无灯货船，与陈默争执，在灯塔下找到潮汐表的残页。\n---\n\n"
                        + String(repeating: "雾从海面漫上来，码头的灯一盏接一盏熄灭。", count: 40) + "\n")
            }
        }
        try tmp.write("stories/big/outline.md", outline)
        let env = [
            "NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "XDG_DATA_HOME": tmp.file("data"),
            "OPENAI_BASE_URL": server.baseURL, "NOVELIST_CONTEXT_TOKENS": "6000"
        ]
        let r = try runNovelist(input: "/context chapter 300\n/expand chapter 300\nn\n", environment: env, cwd: tmp.path, seconds: 120)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("Left out:"), "\(r.stdout)")
        #expect(r.stderr.contains("To fit the budget"))
        // The estimate of what was sent is within the budget.
        let totalLine = try #require(r.stdout.split(separator: "\n").first { $0.contains("total (estimated)") })
        let numbers = totalLine.split(separator: " ").compactMap { Int($0) }
        let budgetLine = try #require(r.stdout.split(separator: "\n").first { $0.contains("for the prompt") })
        let budget = try #require(
            budgetLine.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .punctuationCharacters)) }.dropFirst().first)
        #expect(numbers.first! <= budget, "\(totalLine) vs \(budgetLine)")
        // The nearest summaries were kept.
        let system = try #require(
            ((server.requests().last?["body"] as? [String: Any])?["messages"] as? [[String: String]])?.first?["content"])
        #expect(system.contains("第299章"))
    }

    @Test func aStoryCanOverrideATemplate() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "正文。")
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        try tmp.write(
            "stories/s/prompts/expand.md", "OVERRIDE {{{chapter_label}}}「{{{chapter_title}}}」 {{{length_target}}}{{{length_unit}}}")
        let r = try runNovelist(input: "/expand chapter 3\nn\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let messages = try #require((server.requests().last?["body"] as? [String: Any])?["messages"] as? [[String: String]])
        #expect(messages.last?["content"]?.hasSuffix("OVERRIDE 第三章「灯塔」 1200字") == true, "\(messages)")
    }

    @Test func rewritingParagraphsTouchesOnlyThoseParagraphs() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "新的第二段。\n\n新的第三段。")
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        let r = try runNovelist(input: "/rewrite chapter 1 §2-3 让对话更紧张\ny\n/rewrite chapter 1 §7-9 x\n", environment: env, cwd: tmp.path)
        #expect(r.status == 1, "the second rewrite names paragraphs that do not exist\n\(r.all)")
        #expect(r.stderr.contains("§7-9 is outside the chapter: it has 6 paragraphs"))
        let text = try #require(tmp.read("stories/s/chapters/001-旧信.md"))
        #expect(text.hasSuffix("\n\n第一段。\n\n新的第二段。\n\n新的第三段。\n\n第四段。\n\n第五段。\n\n第六段结尾，钟声响起。\n"), "\(text)")
        #expect(text.contains("summary: 林晚在档案馆收到一封妹妹笔迹的信。"))
        let instruction = try #require(
            ((server.requests().first?["body"] as? [String: Any])?["messages"] as? [[String: String]])?.last?["content"])
        #expect(instruction.contains("<passage>\n第二段。\n\n第三段。\n</passage>"))
        #expect(instruction.contains("让对话更紧张"))
    }

    @Test func aReplyCutAtTheTokenLimitIsContinuedThenOffered() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: [
            ["match": "截断", "reply": "后半段。"],
            ["match": "邮差", "reply": "前半段，", "finish_reason": "length"]
        ])
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        // The cut reply is first offered as an append (answered n here), then finished with /continue.
        let r = try runNovelist(input: "/expand chapter 2\nn\n/continue\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 1, "the first reply was cut, so that command failed\n\(r.all)")
        #expect(r.stderr.contains("finish_reason: length"))
        #expect(r.stderr.contains("/continue asks the model to finish it"))
        #expect(r.stderr.contains("Append what arrived (3 字) to the end of chapters/002-邮差.md? [a] append · [n] discard"))
        let chapter = try #require(tmp.read("stories/s/chapters/002-邮差.md"))
        #expect(chapter.contains("前半段，后半段。"))
        let continued = try #require((server.requests().last?["body"] as? [String: Any])?["messages"] as? [[String: String]])
        #expect(continued.map { $0["role"] } == ["system", "user", "assistant", "user"])
        #expect(continued[2]["content"] == "前半段，")
    }

    @Test func calibrationLearnsFromTheServersCountAndIsKept() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "好。")
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        _ = try runNovelist(input: "/expand chapter 2\nn\n", environment: env, cwd: tmp.path)
        let text = try #require(tmp.read("data/novelist/calibration.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let factor = try #require((object["factors"] as? [String: Double])?["m"])
        // The scripted server counts about one token per two characters; novelist's raw estimate is about one per 字.
        #expect(factor < 0.9 && factor > 0.3, "\(factor)")
    }

    @Test func summarizeWritesTheSummaryAndCheckChangesNothing() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: [
            ["match": "是否一致", "reply": "- [一般] 未发现明显问题"],
            ["match": "摘要", "reply": "林晚读信后决定回雾港。"]
        ])
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        let before = tmp.snapshot()
        let c = try runNovelist(input: "/check chapter 1\n", environment: env, cwd: tmp.path)
        #expect(c.status == 0, "\(c.all)")
        #expect(c.stdout.contains("未发现明显问题"))
        let after = tmp.snapshot().filter { $0.key.hasPrefix("stories/") && $0.key != "stories/s/chat.jsonl" }
        #expect(after == before)
        let s = try runNovelist(input: "/summarize chapter 1\ny\n", environment: env, cwd: tmp.path)
        #expect(s.status == 0, "\(s.all)")
        #expect(tmp.read("stories/s/chapters/001-旧信.md")?.contains("summary: 林晚读信后决定回雾港。") == true)
    }

    @Test func proposalsInABrainstormingReplyAreOfferedAndClearStartsOver() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: [
            ["match": "守塔人", "reply": "可以这样写：\n\n```bible:陈默\n守塔人，五十岁，三年前剪断了钟绳。\n```\n\n```bible:新人物\n一个外来的摄影师。\n```"]
        ])
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        let r = try runNovelist(input: "给守塔人加点背景\ny\nn\n/clear\n你好\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("The reply proposes 2 changes"))
        let entry = try #require(tmp.read("stories/s/bible/陈默.md"))
        #expect(entry.contains("name: 陈默"), "the front matter is kept")
        #expect(entry.contains("三年前剪断了钟绳"))
        #expect(tmp.read("stories/s/bible/新人物.md") == nil, "the second proposal was declined")
        let last = try #require((server.requests().last?["body"] as? [String: Any])?["messages"] as? [[String: String]])
        #expect(last.count == 2, "after /clear the conversation starts over")
    }
}

/// Reviewing proposals: hunk by hunk, edit, three-way merge with an edit made while the model streams,
/// several files as one change, alternatives, and appending a cut-short reply.
@Suite(.serialized)
struct ReviewTests {
    static let chapter = "---\ntitle: 旧信\nstatus: draft\n---\n\n第一段。\n\n第二段。\n\n第三段。\n\n第四段。\n"
    static let rewrite = "第一段改。\n\n第二段。\n\n第三段改。\n\n第四段改。"

    func story(_ tmp: TempDir, _ server: FakeServer) throws -> [String: String] {
        try tmp.write("stories/s/story.yaml", "title: 测试\nlanguage: zh\nlength_tolerance: off\n")
        try tmp.write("stories/s/outline.md", "## 第一章 旧信\n- 信\n\n## 第二章 邮差\n- 邮差\n")
        try tmp.write("stories/s/chapters/001-旧信.md", Self.chapter)
        return ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "OPENAI_BASE_URL": server.baseURL]
    }

    @Test func takingSomeHunksWritesExactlyThose() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: Self.rewrite)
        defer { server.stop() }
        let env = try story(tmp, server)
        // Three hunks (¶1, ¶3, ¶4 of the body): take the first, leave the second, take the third.
        let r = try runNovelist(input: "/rewrite chapter 1 改\nh\ny\nn\ny\n/undo\n/redo\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("@@ 1/3"))
        #expect(r.stderr.contains("Took 2 of 3 hunks."))
        let text = try #require(tmp.read("stories/s/chapters/001-旧信.md"))
        #expect(text == "---\ntitle: 旧信\nstatus: draft\n---\n\n第一段改。\n\n第二段。\n\n第三段。\n\n第四段改。\n", "\(text)")
    }

    @Test func everyAnswerSequenceKeepsTheFileWholeAndConsistent() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: Self.rewrite)
        defer { server.stop() }
        let env = try story(tmp, server)
        let old = LinesOf(Self.chapter)
        let new = LinesOf("---\ntitle: 旧信\nstatus: draft\n---\n\n" + Self.rewrite + "\n")
        for answers in ["n", "y", "h\nn\nn\nn", "h\na", "h\ny\nd", "h\nq", "h\nn\ny\nq", "d\nn", "x"] {
            try tmp.write("stories/s/chapters/001-旧信.md", Self.chapter)
            _ = try runNovelist(input: "/rewrite chapter 1 改\n\(answers)\n", environment: env, cwd: tmp.path)
            let result = LinesOf(try #require(tmp.read("stories/s/chapters/001-旧信.md")))
            // Whatever was answered, each line is the old or the new version of its place, never lost.
            #expect(result.count == old.count, "answers \(answers.debugDescription): \(result)")
            for (i, line) in result.enumerated() { #expect(line == old[i] || line == new[i]) }
        }
    }

    @Test func anEditMadeWhileTheModelWritesSurvives() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: Self.rewrite)
        defer { server.stop() }
        var env = try story(tmp, server)
        env["OPENAI_BASE_URL"] = server.faultURL("slow")
        let p = try NovelistProcess(arguments: [], environment: env, cwd: tmp.path)
        p.send("/rewrite chapter 1 改\n")
        #expect(p.waitFor("第一段改"), "the reply is streaming")
        // The writer edits the second paragraph in their editor meanwhile.
        try tmp.write("stories/s/chapters/001-旧信.md", Self.chapter.replacingOccurrences(of: "第二段。", with: "第二段，作者改过。"))
        #expect(p.waitFor("changed on disk while the model was writing", seconds: 20))
        p.send("y\n")
        let r = p.finish()
        #expect(r.status == 0, "\(r.all)")
        let text = try #require(tmp.read("stories/s/chapters/001-旧信.md"))
        #expect(text.contains("第二段，作者改过。"), "the outside edit is kept\n\(text)")
        #expect(text.contains("第一段改。") && text.contains("第四段改。"), "the proposal's other changes are merged")
    }

    @Test func conflictsKeepTheWritersTextByDefault() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: Self.rewrite)
        defer { server.stop() }
        var env = try story(tmp, server)
        env["OPENAI_BASE_URL"] = server.faultURL("slow")
        let p = try NovelistProcess(arguments: [], environment: env, cwd: tmp.path)
        p.send("/rewrite chapter 1 改\n")
        #expect(p.waitFor("第一段改"))
        try tmp.write("stories/s/chapters/001-旧信.md", Self.chapter.replacingOccurrences(of: "第一段。", with: "第一段，作者的版本。"))
        #expect(p.waitFor("Conflict 1/1", seconds: 20))
        p.send("m\ny\n")
        let r = p.finish()
        #expect(r.status == 0, "\(r.all)")
        let text = try #require(tmp.read("stories/s/chapters/001-旧信.md"))
        #expect(text.contains("第一段，作者的版本。"))
        #expect(!text.contains("第一段改。"))
        #expect(text.contains("第四段改。"))
    }

    @Test func proposalsToSeveralFilesAreOneChangeUndoneAtOnce() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "```outline\n## 第一章 旧信\n- 新要点\n```\n\n```bible:林晚\n档案员。\n```\n\n```bible:周伯\n老邮差。\n```")
        defer { server.stop() }
        let env = try story(tmp, server)
        let before = tmp.snapshot()
        let r = try runNovelist(input: "改大纲和人物\ny\ny\ny\n/history\n/undo\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("as one change"))
        #expect(r.stdout.contains("3 files from the conversation"))
        var after = tmp.snapshot()
        after.removeValue(forKey: "stories/s/chat.jsonl")
        #expect(after == before, "one /undo removes all three files' changes")
    }

    @Test func alternativesAreShownAndThePickedOneIsReviewed() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "邮差的正文。")
        defer { server.stop() }
        let env = try story(tmp, server)
        let r = try runNovelist(input: "/expand chapter 2 --n 3\n2\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("Version 3 of 3"))
        #expect(r.stderr.contains("Versions: 1: 5 字 · 2: 5 字 · 3: 5 字"))
        #expect(server.requests().count == 3)
        #expect(tmp.read("stories/s/chapters/002-邮差.md")?.contains("邮差的正文。") == true)
    }

    @Test func aCutShortReplyCanOnlyBeAppended() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "续写的半句")
        defer { server.stop() }
        var env = try story(tmp, server)
        env["OPENAI_BASE_URL"] = server.faultURL("cut")
        let r = try runNovelist(input: "/expand chapter 1\na\n", environment: env, cwd: tmp.path)
        #expect(r.status == 3, "a broken stream is the endpoint's failure (issue 13)")
        let text = try #require(tmp.read("stories/s/chapters/001-旧信.md"))
        #expect(text.hasPrefix(Self.chapter.trimmingCharacters(in: .newlines)), "nothing of the chapter is replaced")
        #expect(text.hasSuffix("\n\n续写的半\n") || text.hasSuffix("\n\n续写的半句\n") || text.contains("续写"), "\(text)")
    }
}

func LinesOf(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

@Suite(.serialized)
struct ProvenanceTests {
    @Test func modelEditedAndWriterParagraphsAreToldApartAndDisclosed() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "雾从海面漫上来，码头的灯一盏接一盏熄灭。\n\n林晚站在渡轮的栏杆边，手里攥着那封信。\n\n钟声从灯塔的方向传来，一下，又一下。")
        defer { server.stop() }
        try tmp.write("stories/s/story.yaml", "title: 测试\nlanguage: zh\nlength_tolerance: off\n")
        try tmp.write("stories/s/outline.md", "## 第一章 旧信\n- 信\n")
        let env = ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "fake-model", "OPENAI_BASE_URL": server.baseURL]
        _ = try runNovelist(input: "/expand chapter 1\ny\n", environment: env, cwd: tmp.path)
        // The writer edits the second paragraph a little and adds one of their own.
        var text = try #require(tmp.read("stories/s/chapters/001-旧信.md"))
        text = text.replacingOccurrences(of: "手里攥着那封信。", with: "手里紧紧攥着那封信。")
        text += "\n这是作者自己写的一段，和模型无关，讲的是另一件事情。\n"
        try tmp.write("stories/s/chapters/001-旧信.md", text)
        let r = try runNovelist(
            input: "/provenance chapter 1\n/export md --ai-disclosure book.md\n/stats\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("  M ¶1  雾从海面"), "\(r.stdout)")
        #expect(r.stdout.contains("  E ¶2  林晚站在渡轮"))
        #expect(r.stdout.contains("  M ¶3  钟声"))
        #expect(r.stdout.contains("  W ¶4  这是作者自己写的"))
        #expect(r.stdout.contains("(models: fake-model)"))
        // /stats charts what the writer wrote per day: their own edit (+25 字), not the model's accepted
        // expand (50 字), which used to be counted as theirs (+75 字).
        #expect(r.stdout.contains("Written per day:"))
        #expect(r.stdout.contains("+25 字"), "\(r.stdout)")
        #expect(!r.stdout.contains("+75 字"), "\(r.stdout)")
        let book = try #require(tmp.read("book.md"))
        #expect(book.contains("AI 使用说明"))
        #expect(book.contains("由 AI 起草后经作者修改"))
        #expect(book.contains("fake-model"))
    }
}
