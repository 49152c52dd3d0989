import Foundation
import Testing

/// Issue 17: a manuscript comes in (`novelist import`), and `novelist lint` / `/lint` check it without a model.
@Suite("Import and lint (issue 17)")
struct ImportLintTests {
    static let env = ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "NOVELIST_LANG": "en"]

    static let passage = "码头上的灯一盏一盏亮起来，像是有人在远处点燃了一串念珠，那些光在雾里慢慢晕开，照着湿漉漉的石板路和远处停泊的渔船。"

    /// A web-novel TXT: title page, a volume, one paragraph a line indented with full-width spaces, a gap (no 第三章),
    /// a duplicate number and an empty chapter.
    static let manuscript = """
        《长夜行》
        作者：某人

        第一卷 风起

        第一章 旧信
        　　林晚回到雾港的那天，天下着小雨。她的嘴角勾起一抹笑意。
        　　\(passage)

        第二章 邮差
        　　邮差老周推着自行车过来，车铃响了两声。
        　　他把信递给她，不是因为认识她，而是因为信封上写着她的名字。
        　　\(passage)

        第四章 夜雨
        第四章 灯塔
        　　灯塔的光扫过海面。

        """

    func files(_ dir: String) -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: dir)
        while let rel = e?.nextObject() as? String {
            if rel.hasPrefix(".novelist") { continue }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
                out[rel] = FileManager.default.contents(atPath: dir + "/" + rel)
            }
        }
        return out
    }

    @Test func utf8AndGB18030ImportIntoIdenticalStories() throws {
        let tmp = try TempDir()
        let stories = tmp.file("stories")
        try FileManager.default.createDirectory(atPath: stories, withIntermediateDirectories: true)
        try Data(Self.manuscript.utf8).write(to: URL(fileURLWithPath: tmp.file("utf8.txt")))
        try Data([0xEF, 0xBB, 0xBF] + Array(Self.manuscript.utf8)).write(to: URL(fileURLWithPath: tmp.file("bom.txt")))
        let gb = try #require(Self.manuscript.data(using: String.Encoding(rawValue: 0x8000_0632)))  // GB18030
        #expect(String(data: gb, encoding: .utf8) == nil, "the GB18030 file is not also valid UTF-8")
        try gb.write(to: URL(fileURLWithPath: tmp.file("gb.txt")))

        let a = try runNovelist(
            ["import", tmp.file("utf8.txt"), "--into", "a", "--stories-dir", stories], input: "", environment: Self.env, cwd: tmp.path)
        #expect(a.status == 0, "\(a.all)")
        #expect(a.stderr.contains("read as UTF-8"))
        #expect(a.stderr.contains("4 chapters"))
        #expect(a.stderr.contains("The numbering skips 3."))
        #expect(a.stderr.contains("Numbers given twice: 4."))
        #expect(a.stderr.contains("Chapters without prose: 3."))
        #expect(a.stderr.contains("Volumes: 1"))
        let b = try runNovelist(
            ["import", tmp.file("gb.txt"), "--into", "b", "--stories-dir", stories], input: "", environment: Self.env, cwd: tmp.path)
        #expect(b.status == 0, "\(b.all)")
        #expect(b.stderr.contains("read as GB18030"))
        let c = try runNovelist(
            ["import", tmp.file("bom.txt"), "--into", "c", "--stories-dir", stories], input: "", environment: Self.env, cwd: tmp.path)
        #expect(c.stderr.contains("read as UTF-8 with BOM"))

        let storyA = files(stories + "/a")
        #expect(!storyA.isEmpty)
        #expect(storyA == files(stories + "/b"))
        #expect(storyA == files(stories + "/c"))
        #expect(
            Set(storyA.keys) == [
                "story.yaml", "outline.md", "notes.md", "chapters/001-旧信.md", "chapters/002-邮差.md", "chapters/003-夜雨.md",
                "chapters/004-灯塔.md"
            ])
        let outline = try #require(tmp.read("stories/a/outline.md"))
        #expect(outline == "# 长夜行\n\n# 第一卷 风起\n\n## 第一章 旧信\n\n## 第二章 邮差\n\n## 第三章 夜雨\n\n## 第四章 灯塔\n")
        let one = try #require(tmp.read("stories/a/chapters/001-旧信.md"))
        #expect(one == "---\ntitle: 旧信\n---\n\n林晚回到雾港的那天，天下着小雨。她的嘴角勾起一抹笑意。\n\n\(Self.passage)\n")
        #expect(tmp.read("stories/a/notes.md") == "《长夜行》\n\n作者：某人\n")
        #expect(tmp.read("stories/a/story.yaml")?.contains("title: 长夜行") == true)
        #expect(tmp.read("stories/a/story.yaml")?.contains("language: zh") == true)
        // The history starts from the imported text: it is the writer's, and /chapters reads it back.
        let r = try runNovelist(
            ["run", "a", "/chapters", "/provenance chapter 1", "--stories-dir", stories], input: "", environment: Self.env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("第二章 邮差"))
        #expect(r.all.contains("100%") || r.all.lowercased().contains("you wrote") || r.all.contains("yours"), "\(r.all)")
    }

    @Test func aSecondImportWithTheSameTitleChangesNothing() throws {
        let tmp = try TempDir()
        let stories = tmp.file("stories")
        try FileManager.default.createDirectory(atPath: stories, withIntermediateDirectories: true)
        try tmp.write("book.txt", Self.manuscript)
        let first = try runNovelist(
            ["import", tmp.file("book.txt"), "--stories-dir", stories], input: "", environment: Self.env, cwd: tmp.path)
        #expect(first.status == 0, "\(first.all)")
        #expect(FileManager.default.fileExists(atPath: stories + "/长夜行/story.yaml"))
        let before = tmp.snapshot(includingInternal: true)
        try tmp.write("book.txt", Self.manuscript.replacingOccurrences(of: "灯塔的光", with: "另一道光"))
        let second = try runNovelist(
            ["import", tmp.file("book.txt"), "--stories-dir", stories], input: "", environment: Self.env, cwd: tmp.path)
        #expect(second.status == 1)
        #expect(second.stderr.contains("already exists; nothing was written"))
        #expect(second.stderr.contains("--into"))
        var after = tmp.snapshot(includingInternal: true)
        after["book.txt"] = before["book.txt"]
        #expect(after == before)
        // --into a new folder works; a bad flag value is a usage error (2); a missing file is a failure (1).
        let into = try runNovelist(
            ["import", tmp.file("book.txt"), "--into", "second", "--stories-dir", stories], input: "", environment: Self.env, cwd: tmp.path)
        #expect(into.status == 0, "\(into.all)")
        #expect(tmp.read("stories/second/chapters/004-灯塔.md")?.contains("另一道光") == true)
        let bad = try runNovelist(
            ["import", tmp.file("book.txt"), "--language", "fr", "--stories-dir", stories], input: "", environment: Self.env, cwd: tmp.path)
        #expect(bad.status == 2)
        let missing = try runNovelist(
            ["import", tmp.file("nope.txt"), "--into", "x", "--stories-dir", stories], input: "", environment: Self.env, cwd: tmp.path)
        #expect(missing.status == 1)
        #expect(!FileManager.default.fileExists(atPath: stories + "/x"))
    }

    @Test func markdownAndDocxThroughPandocInTheREPL() throws {
        let tmp = try TempDir()
        let stories = tmp.file("stories")
        try FileManager.default.createDirectory(atPath: stories, withIntermediateDirectories: true)
        let md = "# The Harbour\n\nA preface.\n\n## Chapter 1: Fog\n\nThe fog came in.\n\n## Chapter 2: Lights\n\nThe lights came on.\n"
        try tmp.write("book.md", md)
        let r = try runNovelist(
            ["--stories-dir", stories], input: "/import book.md --title \"Harbour Book\"\n/chapters\n", environment: Self.env, cwd: tmp.path
        )
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("Chapter 2: Lights"))
        #expect(tmp.read("stories/harbour-book/notes.md") == "# The Harbour\n\nA preface.\n")
        #expect(tmp.read("stories/harbour-book/story.yaml")?.contains("language: en") == true)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pandoc") else { return }
        _ = try tool("/usr/bin/pandoc", [tmp.file("book.md"), "-o", tmp.file("book.docx")])
        let d = try runNovelist(
            ["import", tmp.file("book.docx"), "--into", "from-docx", "--stories-dir", stories], input: "", environment: Self.env,
            cwd: tmp.path)
        #expect(d.status == 0, "\(d.all)")
        #expect(d.stderr.contains("converted from DOCX by pandoc"))
        #expect(tmp.read("stories/from-docx/chapters/002-lights.md")?.contains("The lights came on.") == true)
    }

    @Test func lintFindsPlantedPhrasesAndARepeatedPassageWithTheirLines() throws {
        let tmp = try TempDir()
        let stories = tmp.file("stories")
        try FileManager.default.createDirectory(atPath: stories, withIntermediateDirectories: true)
        try tmp.write("book.txt", Self.manuscript)
        _ = try runNovelist(
            ["import", tmp.file("book.txt"), "--into", "l", "--stories-dir", stories], input: "", environment: Self.env, cwd: tmp.path)
        let r = try runNovelist(["lint", "l", "--json", "--stories-dir", stories], input: "", environment: Self.env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        func has(_ chapter: Int, _ line: Int, _ kind: String, _ text: String) -> Bool {
            rows.contains {
                ($0["chapter"] as? Int) == chapter && ($0["line"] as? Int) == line && ($0["kind"] as? String) == kind
                    && (($0["text"] as? String) ?? "").contains(text) && !(($0["message"] as? String) ?? "").isEmpty
            }
        }
        // Chapter files: front matter (3 lines), a blank line, then paragraphs separated by blank lines.
        #expect(has(1, 5, "phrase", "嘴角勾起一抹"), "\(r.stdout)")
        #expect(has(2, 7, "phrase", "不是因为认识她，而是"), "\(r.stdout)")
        #expect(has(1, 7, "repeat", "码头上的灯"), "\(r.stdout)")
        #expect(has(2, 9, "repeat", "码头上的灯"), "\(r.stdout)")
        #expect(!rows.contains { ($0["kind"] as? String) == "repeat" && ($0["line"] as? Int) == 5 })
        // Only some chapters; a story's own prompts/lint.md replaces the list.
        let only = try runNovelist(
            ["lint", "l", "--chapters", "2", "--json", "--stories-dir", stories], input: "", environment: Self.env, cwd: tmp.path)
        let onlyRows = try #require(try JSONSerialization.jsonObject(with: Data(only.stdout.utf8)) as? [[String: Any]])
        #expect(!onlyRows.isEmpty && onlyRows.allSatisfy { ($0["chapter"] as? Int) == 2 })
        try tmp.write("stories/l/prompts/lint.md", "# mine\n灯塔\n")
        let own = try runNovelist(["lint", "l", "--json", "--stories-dir", stories], input: "", environment: Self.env, cwd: tmp.path)
        let ownRows = try #require(try JSONSerialization.jsonObject(with: Data(own.stdout.utf8)) as? [[String: Any]])
        let phrases = ownRows.filter { ($0["kind"] as? String) == "phrase" }
        #expect(phrases.count == 1 && (phrases.first?["chapter"] as? Int) == 4, "\(own.stdout)")
        // The REPL points each finding to the paragraphs to rewrite.
        let repl = try runNovelist(
            ["--stories-dir", stories, "--story", "l"], input: "/lint chapter 2\n", environment: Self.env, cwd: tmp.path)
        #expect(repl.stdout.contains("→ /rewrite chapter 2 §3-3"), "\(repl.all)")
        #expect(!repl.stdout.contains("chapter 1 §"))
    }
}

/// Issue 17, point 3: `/style learn` from the writer's own (imported) prose, against the scripted server.
@Suite("Style learn (issue 17)")
struct StyleLearnTests {
    @Test func styleLearnProposesAStyleEntryFromTheWritersOwnProse() throws {
        let tmp = try TempDir()
        let stories = tmp.file("stories")
        try FileManager.default.createDirectory(atPath: stories, withIntermediateDirectories: true)
        let chapter = (1...6).map { i in "　　林晚沿着码头走了很久，雾从海面上漫过来，第\(i)盏灯在她身后熄灭。“你回来了。”老周说。她没有回答，只是把信攥得更紧。" }.joined(separator: "\n")
        try tmp.write("book.txt", "第一章 旧信\n\(chapter)\n第二章 邮差\n\(chapter.replacingOccurrences(of: "林晚", with: "她"))\n")
        let imported = try runNovelist(
            ["import", tmp.file("book.txt"), "--title", "雾港", "--stories-dir", stories], input: "", environment: ImportLintTests.env,
            cwd: tmp.path)
        #expect(imported.status == 0, "\(imported.all)")
        try tmp.write("stories/雾港/story.yaml", "# my card\ntitle: 雾港\nauthor: 某人\nlanguage: zh\nchapter_length: 400\n")

        let server = try FakeServer(defaultReply: "短句为主，克制冷静；\n对话简短，多用动作代替心理描写。")
        defer { server.stop() }
        let env = ["OPENAI_BASE_URL": server.baseURL, "NOVELIST_MODEL": "m", "NOVELIST_LANG": "en", "XDG_DATA_HOME": tmp.file("data")]
        let r = try runNovelist(["run", "雾港", "/style learn", "y", "--stories-dir", stories], input: "", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("Your own prose: 12 paragraphs"), "\(r.all)")
        let request = try #require(server.requests().last?["body"] as? [String: Any])
        let messages = try #require(request["messages"] as? [[String: String]])
        let user = try #require(messages.last?["content"])
        #expect(user.contains("dialogue: "))
        #expect(user.contains("<samples>") && user.contains("把信攥得更紧"))
        // The proposal changes only the style entry; the comment and every other line stay.
        #expect(
            tmp.read("stories/雾港/story.yaml")
                == "# my card\ntitle: 雾港\nauthor: 某人\nlanguage: zh\nchapter_length: 400\nstyle: 短句为主，克制冷静； 对话简短，多用动作代替心理描写。\n")
        // It is a change like any other: /undo takes it back.
        let u = try runNovelist(["run", "雾港", "/undo", "--stories-dir", stories, "--yes"], input: "", environment: env, cwd: tmp.path)
        #expect(u.status == 0, "\(u.all)")
        #expect(tmp.read("stories/雾港/story.yaml")?.contains("style:") == false)
    }
}
