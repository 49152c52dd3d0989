import Foundation
import Testing

/// A writer's day (issue 21): undo of the writer's own edits, a history that never drops an entry,
/// web-novel text, continuing mid-sentence, paragraph ranges, questions that ask again, volumes, titles.
@Suite(.serialized)
struct WritersDayTests {
    static let chapter = "---\ntitle: 旧信\nstatus: draft\n---\n\n第一段。\n\n第二段。\n\n第三段。\n"

    func story(_ tmp: TempDir, _ server: FakeServer, chapter: String = Self.chapter, outline: String? = nil) throws -> [String: String] {
        try tmp.write("stories/s/story.yaml", "title: 雾港来信\nlanguage: zh\nchapter_length: 1200\nlength_tolerance: off\n")
        try tmp.write("stories/s/outline.md", outline ?? "# 雾港来信\n\n## 第一章 旧信\n- 信\n\n## 第二章 邮差\n- 邮局\n")
        try tmp.write("stories/s/chapters/001-旧信.md", chapter)
        return ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "OPENAI_BASE_URL": server.baseURL]
    }

    @Test func undoAsksBeforeUndoingTheWritersOwnEditAndNothingIsDroppedFromTheHistory() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: [["match": "改成乙", "reply": "乙的第一段。"]], defaultReply: "新的第一段。")
        defer { server.stop() }
        let env = try story(tmp, server)
        let path = "stories/s/chapters/001-旧信.md"
        var r = try runNovelist(input: "/rewrite chapter 1 §1 x\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        // The writer appends a paragraph in another editor.
        try tmp.write(path, try #require(tmp.read(path)) + "\n我自己写的一段。\n")
        r = try runNovelist(input: "/undo\nn\n", environment: env, cwd: tmp.path)
        #expect(r.stderr.contains("The latest change is your own edit to Chapter 1 (chapters/001-旧信.md) +7 字 −0 字: undo it?"), "\(r.all)")
        #expect(tmp.read(path)?.contains("我自己写的一段。") == true, "answering n keeps the writer's edit")
        r = try runNovelist(input: "/undo\ny\n/rewrite chapter 1 §1 改成乙\ny\n/history\n/history --all\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(tmp.read(path)?.contains("我自己写的一段。") == false)
        #expect(r.stderr.contains("1 changes left behind by later ones are not listed; /history --all shows them."), "\(r.all)")
        let all = r.stdout.split(separator: "\n").filter { $0.hasPrefix("×") }
        #expect(all.count == 1 && all[0].contains("edited outside novelist (outside)"), "\(r.stdout)")
        r = try runNovelist(input: "/undo --to 2\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("Brought back change 2"), "\(r.all)")
        #expect(tmp.read(path)?.contains("我自己写的一段。") == true, "the abandoned outside edit is reachable")
        r = try runNovelist(input: "/undo\n/undo --to 1\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(tmp.read(path)?.hasSuffix("\n\n新的第一段。\n\n第二段。\n\n第三段。\n") == true, "\(tmp.read(path) ?? "")")
    }

    func lastUserMessage(_ server: FakeServer) -> String {
        (((server.requests().last?["body"] as? [String: Any])?["messages"] as? [[String: String]])?.last?["content"]) ?? ""
    }

    @Test func webNovelTextHasOneParagraphPerLineForCountingRewritesAndExport() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "新的第二段。\n\n新的第三段。")
        defer { server.stop() }
        let env = try story(tmp, server, chapter: "---\ntitle: 旧信\n---\n\n　　第一段。\n　　第二段。\n　　第三段。\n　　第四段。\n")
        let r = try runNovelist(
            input: "/chapter 1 ¶\n/rewrite chapter 1 §2-3 更紧张\ny\n/export txt --indent -o -\n/export md -o -\n", environment: env,
            cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("¶1  　　第一段。\n¶2  　　第二段。\n¶3  　　第三段。\n¶4  　　第四段。"), "\(r.stdout)")
        #expect(lastUserMessage(server).contains("<passage>\n　　第二段。\n　　第三段。\n</passage>"), "\(lastUserMessage(server))")
        let text = try #require(tmp.read("stories/s/chapters/001-旧信.md"))
        #expect(text.hasSuffix("\n\n　　第一段。\n　　新的第二段。\n　　新的第三段。\n　　第四段。\n"), "the file keeps its own format\n\(text)")
        #expect(
            r.stdout.contains("第1章 旧信\n\n　　第一段。\n\n　　新的第二段。\n\n　　新的第三段。\n\n　　第四段。\n"),
            "txt --indent indents each paragraph once\n\(r.stdout)")
        #expect(
            r.stdout.contains("# 第一章 旧信\n\n第一段。\n\n新的第二段。\n\n新的第三段。\n\n第四段。\n"), "md: one paragraph each, indents normalised\n\(r.stdout)")
    }

    @Test func continuingMidSentenceJoinsTheSameParagraph() throws {
        let tmp = try TempDir()
        let server = try FakeServer(
            rules: [
                ["match": "截断", "reply": "人都沉默。"],
                ["match": "邮差", "reply": "邮戳上的日期。\n\n每一个", "finish_reason": "length"]
            ], defaultReply: "他穿着灰色的雨衣。")
        defer { server.stop() }
        let env = try story(tmp, server, chapter: "---\ntitle: 旧信\n---\n\n第一段。\n\n门外站着一个人，\n")
        var r = try runNovelist(input: "/continue chapter 1\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(
            tmp.read("stories/s/chapters/001-旧信.md")?.hasSuffix("\n\n第一段。\n\n门外站着一个人，他穿着灰色的雨衣。\n") == true,
            "\(tmp.read("stories/s/chapters/001-旧信.md") ?? "")")
        #expect(lastUserMessage(server).contains("上文在一句话的中间停下了"))
        r = try runNovelist(input: "/export txt -o -\n", environment: env, cwd: tmp.path)
        #expect(r.stdout.contains("门外站着一个人，他穿着灰色的雨衣。"), "\(r.stdout)")
        r = try runNovelist(input: "/expand chapter 2\na\n/continue\na\n", environment: env, cwd: tmp.path)
        let two = try #require(tmp.read("stories/s/chapters/002-邮差.md"))
        #expect(two.hasSuffix("\n\n邮戳上的日期。\n\n每一个人都沉默。\n"), "\(two)\n\(r.all)")
    }

    @Test func paragraphRangesAreTakenInEveryWayAWriterWritesThem() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "新段。")
        defer { server.stop() }
        let env = try story(tmp, server, chapter: "---\ntitle: 旧信\n---\n\n第一段。\n\n第二段。\n\n第三段。\n\n第四段。\n")
        for range in ["¶2-3", "p2-3", "第2-3段", "2-3", "第二至三段"] {
            let r = try runNovelist(input: "/rewrite chapter 1 \(range) 更紧张\nn\n", environment: env, cwd: tmp.path)
            #expect(r.status == 0, "\(range): \(r.all)")
            let sent = lastUserMessage(server)
            #expect(sent.contains("<passage>\n第二段。\n\n第三段。\n</passage>"), "\(range): \(sent)")
            #expect(sent.contains("更紧张") && !sent.contains(range + " 更紧张"), "\(range): the range is not part of the instruction")
        }
        let before = server.requests().count
        for bad in ["¶3-2", "p0", "第x段", "2-"] {
            let r = try runNovelist(input: "/rewrite chapter 1 \(bad) 更紧张\n", environment: env, cwd: tmp.path)
            #expect(r.status == 1, "\(bad): \(r.all)")
            #expect(r.stderr.contains("is not a paragraph range"), "\(bad): \(r.stderr)")
        }
        #expect(server.requests().count == before, "nothing is sent for a bad range")
    }

    @Test func aWrongKeystrokeAsksAgainAndADiscardedReplyCanStillBeTakenAfterARestart() throws {
        let tmp = try TempDir()
        let server = try FakeServer(
            rules: [
                ["match": "截断", "reply": "后半段。"],
                ["match": "截半", "reply": "前半段，", "finish_reason": "length"]
            ], defaultReply: "邮差的正文。")
        defer { server.stop() }
        let env = try story(tmp, server, outline: "# 雾港来信\n\n## 第一章 旧信\n- 信\n\n## 第二章 邮差\n- 邮局\n\n## 第三章 灯塔\n- 夜\n")
        // In a pipe, an answer the question does not take is an error, and nothing is written.
        var r = try runNovelist(input: "/expand chapter 2 --n 2\n3\n", environment: env, cwd: tmp.path)
        #expect(r.status == 1, "\(r.all)")
        #expect(r.stderr.contains("'3' is not an answer to \"Which version? [1/2] or n for none\"; nothing was written."), "\(r.stderr)")
        #expect(tmp.read("stories/s/chapters/002-邮差.md") == nil)
        // After a restart, /apply offers the versions again; ? shows help and asks again.
        r = try runNovelist(input: "/apply\n?\n2\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("none for now: /apply asks again"), "\(r.all)")
        #expect(tmp.read("stories/s/chapters/002-邮差.md")?.contains("邮差的正文。") == true, "\(r.all)")
        #expect(server.requests().count == 2, "nothing was asked again of the model")
        // y at the append question is not "discard": it asks again; from a script it is an error.
        r = try runNovelist(input: "/expand chapter 3 截半\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("'y' is not an answer to \"Append what arrived"), "\(r.stderr)")
        #expect(tmp.read("stories/s/chapters/003-灯塔.md") == nil)
        r = try runNovelist(input: "/apply\na\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(tmp.read("stories/s/chapters/003-灯塔.md")?.contains("前半段，") == true, "\(r.all)")
        // /continue after a restart finishes the reply from chat.jsonl.
        r = try runNovelist(input: "/continue\na\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(
            tmp.read("stories/s/chapters/003-灯塔.md")?.hasSuffix("\n\n前半段，后半段。\n") == true,
            "\(tmp.read("stories/s/chapters/003-灯塔.md") ?? "")\n\(r.all)")
        let continued = try #require((server.requests().last?["body"] as? [String: Any])?["messages"] as? [[String: String]])
        #expect(continued.map { $0["role"] } == ["system", "user", "assistant", "user"])
        #expect(continued[2]["content"] == "前半段，")
        // /retry after a restart sends the last request again.
        let count = server.requests().count
        r = try runNovelist(input: "/retry\nn\n", environment: env, cwd: tmp.path)
        #expect(server.requests().count == count + 1, "\(r.all)")
    }

    @Test func volumesAreKeptShownNumberedThroughTheBookAndExported() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "好。")
        defer { server.stop() }
        let outline = "# 雾港来信\n\n# 第一卷 雾起\n\n## 第一章 旧信\n- 信\n\n## 第二章 邮差\n- 邮局\n\n# 第二卷 风起\n\n## 第一章 灯塔\n- 夜\n"
        let env = try story(tmp, server, outline: outline)
        try tmp.write("stories/s/chapters/003-灯塔.md", "---\ntitle: 灯塔\n---\n\n灯塔的正文。\n")
        let r = try runNovelist(
            input: "/chapters\n/context chapter 3\n/export md -o -\n/export txt -o -\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("3 chapters in the outline"), "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "The outline numbers chapters within each volume").count == 2, "said once\n\(r.stderr)")
        #expect(r.stdout.contains("      第一卷 雾起\n   1  第一章 旧信"), "\(r.stdout)")
        #expect(r.stdout.contains("      第二卷 风起\n   3  第三章 灯塔"), "\(r.stdout)")
        #expect(r.stdout.contains("\n# 第一卷 雾起\n\n## 第一章 旧信\n"), "md: volumes are part headings\n\(r.stdout)")
        #expect(r.stdout.contains("\n# 第二卷 风起\n\n## 第三章 灯塔\n\n灯塔的正文。"), "\(r.stdout)")
        #expect(r.stdout.contains("\n\n第二卷 风起\n\n第3章 灯塔\n\n灯塔的正文。"), "txt: a volume line\n\(r.stdout)")
    }

    @Test func chapterCommandsRefuseAnOutlineNumberedPerVolumeAndChangeNothing() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "好。")
        defer { server.stop() }
        let outline = "# 雾港来信\n\n# 第一卷 雾起\n\n## 第一章 旧信\n- 信\n\n## 第二章 邮差\n- 邮局\n\n# 第二卷 风起\n\n## 第一章 灯塔\n- 夜\n"
        let env = try story(tmp, server, outline: outline)
        try tmp.write("stories/s/chapters/003-灯塔.md", "---\ntitle: 灯塔\n---\n\n灯塔的正文。\n")
        _ = try runNovelist(input: "", environment: env, cwd: tmp.path)  // the first look
        let before = tmp.snapshot()
        for command in ["/chapter add 新章 after 1", "/chapter move 3 1", "/chapter delete 2", "/chapter rename 3 塔"] {
            let r = try runNovelist(input: command + "\n", environment: env, cwd: tmp.path)
            #expect(r.status == 1, "\(command)\n\(r.all)")
            #expect(
                r.stderr.contains("The outline numbers chapters within each volume, so adding, moving, renaming or deleting"),
                "\(command)\n\(r.stderr)")
            #expect(tmp.snapshot() == before, "\(command) changed nothing")
        }
    }

    @Test func titlesAreTextAndChaptersCanBeAddedBeforeOne() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "好。")
        defer { server.stop() }
        let env = try story(tmp, server)
        var r = try runNovelist(input: "/chapter rename 1 Wait... What?\n/chapter rename 2 24/7\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(tmp.read("stories/s/chapters/001-wait-what.md")?.contains("Wait... What?") == true, "\(r.all)")
        #expect(tmp.read("stories/s/outline.md")?.contains("## 第二章 24/7") == true)
        r = try runNovelist(input: "/chapter rename 1 是/否\n/chapter add 新章 before 2\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let outline = try #require(tmp.read("stories/s/outline.md"))
        #expect(outline.contains("## 第一章 是/否") && outline.contains("## 第二章 新章") && outline.contains("## 第三章 24/7"), "\(outline)")
    }

    @Test func outlineAndChapterTitlesThatDriftApartAreToldAndSettledInOneChange() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "好。")
        defer { server.stop() }
        let env = try story(tmp, server, outline: "# 雾港来信\n\n## 第一章 新信\n- 信\n")
        var r = try runNovelist(input: "/chapters\n/chapter retitle\n/export md -o -\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("Chapter 1 is titled \"新信\" in outline.md but \"旧信\" in chapters/001-旧信.md."), "\(r.stderr)")
        #expect(r.stdout.contains("第一章 旧信  [draft]  9/1200 字  (the outline says \"新信\")"), "\(r.stdout)")
        #expect(tmp.read("stories/s/chapters/001-新信.md")?.contains("title: 新信") == true)
        #expect(tmp.read("stories/s/chapters/001-旧信.md") == nil)
        #expect(r.stdout.contains("# 第一章 新信"), "\(r.stdout)")
        r = try runNovelist(input: "/undo\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0 && tmp.read("stories/s/chapters/001-旧信.md") == Self.chapter, "one change, undone at once\n\(r.all)")
    }

    @Test func theSmallerOnes() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "好的，以下是改写后的段落：\n<passage>\n新的第二段。\n</passage>")
        defer { server.stop() }
        var env = try story(tmp, server)
        env["TZ"] = "Asia/Shanghai"
        var r = try runNovelist(input: "/rewrite chapter 1 §2 x\ny\n/history\n/context chapter 2\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let path = "stories/s/chapters/001-旧信.md"
        #expect(
            tmp.read(path)?.hasSuffix("\n\n第一段。\n\n新的第二段。\n\n第三段。\n") == true, "text around the prose is stripped\n\(tmp.read(path) ?? "")")
        let historyLine = try #require(r.stdout.split(separator: "\n").first { $0.contains("rewrite chapter 1") })
        #expect(
            historyLine.range(of: #"  20\d\d-\d\d-\d\d \d\d:\d\d:\d\d  "#, options: .regularExpression) != nil
                && !historyLine.contains("Z"), "local time\n\(historyLine)")
        // The outside-edit note says what was added and removed, and no summary note for a chapter without one.
        try tmp.write(path, "---\ntitle: 旧信\nstatus: draft\n---\n\n第一段。\n\n第三段，加长了。\n")
        r = try runNovelist(input: "/chapters\n", environment: env, cwd: tmp.path)
        #expect(r.stderr.contains("changed outside novelist: +3 字 −5 字"), "\(r.stderr)")
        #expect(!r.stderr.contains("summary may be out of date"), "\(r.stderr)")
        // Moving the last of many chapters to the front is one short line, not one per chapter.
        for n in 2...40 { try tmp.write("stories/s/chapters/\(String(format: "%03d", n))-c\(n).md", "---\ntitle: c\(n)\n---\n\n正文。\n") }
        _ = try runNovelist(input: "/chapters\n", environment: env, cwd: tmp.path)
        r = try runNovelist(input: "/chapter move 40 1\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.count < 400, "\(r.stderr)")
    }

    @Test func contextAndConfigSayWhatIsSentInTheInterfaceLanguage() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "好。")
        defer { server.stop() }
        var env = try story(tmp, server, chapter: "---\ntitle: 旧信\nsummary: 一封信。\n---\n\n第一段。\n")
        let beats = (1...40).map { "- 要点\($0)：" + String(repeating: "雾", count: 60) }.joined(separator: "\n")
        let outline = "# 雾港来信\n\n" + (1...6).map { "## 第\($0)章 章\($0)\n" + beats + "\n" }.joined(separator: "\n")
        try tmp.write("stories/s/outline.md", outline)
        env["NOVELIST_CONTEXT_TOKENS"] = "9000"
        let r = try runNovelist(input: "/config\n/context chapter 2\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("max tokens    (per task: from the chapter's length target; "), "\(r.stdout)")
        #expect(r.stdout.contains("previous chapter (1) "), "\(r.stdout)")  // issue 15: the previous summary says why
        #expect(!r.all.contains("大纲") && !r.all.contains("章的条目") && !r.all.contains("结尾"), "English interface, English notes\n\(r.all)")
        #expect(r.stdout.contains("Left out: outline: only chapters 2–2 sent (all 6 do not fit)"), "\(r.stdout)")
    }
}
