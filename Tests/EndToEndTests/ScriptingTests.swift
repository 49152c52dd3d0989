import Foundation
import Testing

/// novelist without the REPL: `run`, `export`, `stats`, exit statuses, and stdout for results / stderr for messages.
@Suite(.serialized)
struct ScriptingTests {
    static let closedPort = ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1"]

    func story(_ tmp: TempDir) throws -> String {
        try tmp.write("stories/s/story.yaml", "title: 测试\nlanguage: zh\nchapter_length: 2000\nlength_tolerance: off\n")
        try tmp.write("stories/s/outline.md", "# 测试\n\n## 第一章 开端\n- 信\n\n## 第二章 归乡\n- 渡轮\n")
        try tmp.write("stories/s/chapters/001-开端.md", "---\ntitle: 开端\nstatus: final\n---\n\n第一章的正文。\n")
        return tmp.file("stories")
    }

    @Test func statsJSON() throws {
        let tmp = try TempDir()
        let stories = try copySampleStories(to: tmp)
        let r = try runNovelist(
            ["stats", "雾港来信", "--stories-dir", stories, "--json"], input: "", environment: Self.closedPort, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "stdout is only the JSON: \(r.stdout)")
        #expect(object["title"] as? String == "雾港来信")
        #expect(object["unit"] as? String == "字")
        #expect(object["total"] as? Int == 1620)
        let chapters = try #require(object["chapters"] as? [[String: Any]])
        #expect(chapters.compactMap { $0["number"] as? Int } == [1, 2, 3, 4, 5, 6])
        #expect(chapters.compactMap { $0["title"] as? String } == ["旧信", "邮差", "灯塔", "潮汐表", "大雾", "回信"])
        #expect(chapters.compactMap { $0["status"] as? String } == ["draft", "outline", "outline", "outline", "outline", "outline"])
        #expect(chapters.compactMap { $0["length"] as? Int } == [1620, 0, 0, 0, 0, 0])
        #expect(chapters.first?["file"] as? String == "chapters/001-旧信.md")
        #expect(r.stderr.contains("Opened 雾港来信"), "messages go to stderr")

        // Without --json: a readable table; with only one story the name may be left out.
        let plain = try runNovelist(["stats", "--stories-dir", stories], input: "", environment: Self.closedPort, cwd: tmp.path)
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("   1  第一章 旧信    [draft]    █████████████···········  1620/3000 字  54%"), "\(plain.stdout)")
        #expect(plain.stdout.contains("6 chapters, 1 with prose, 1620/18000 字 in all."))
    }

    @Test func exitStatuses() throws {
        let tmp = try TempDir()
        let stories = try story(tmp)
        func run(_ args: [String], _ env: [String: String] = ScriptingTests.closedPort) throws -> RunResult {
            try runNovelist(args, input: "", environment: env, cwd: tmp.path)
        }
        // 0: every command succeeded; results on stdout.
        let ok = try run(["run", "s", "--stories-dir", stories, "/chapters", "/export md"])
        #expect(ok.status == 0, "\(ok.all)")
        #expect(ok.stdout.contains("第一章 开端  [final]"))
        #expect(tmp.read("stories/s/export/s.md")?.contains("# 第一章 开端") == true)

        // 1: a command failed (a chapter that does not exist); the commands after it do not run.
        let bad = try run(["run", "s", "--stories-dir", stories, "/expand chapter 9", "/chapters"])
        #expect(bad.status == 1, "\(bad.all)")
        #expect(bad.stderr.contains("Chapter 9 is not in the outline"))
        #expect(!bad.stdout.contains("第一章 开端"), "stops at the first failure")
        #expect(try run(["export", "nosuchstory", "--stories-dir", stories]).status == 1)
        #expect(try run(["run", "s", "--stories-dir", stories, "/nosuchcommand"]).status == 1)

        // 2: a usage error.
        #expect(try run(["--bogus"]).status == 2)
        #expect(try run(["export", "s", "--stories-dir", stories, "--frobnicate"]).status == 2)
        #expect(try run(["export", "s", "--stories-dir", stories, "--format", "pdf"]).status == 2)
        let backwards = try run(["export", "s", "--stories-dir", stories, "--chapters", "5-1"])
        #expect(backwards.status == 2)
        #expect(backwards.stderr.contains("write 1-5"))
        #expect(try run(["export", "s", "--stories-dir", stories, "--indent"]).status == 2, "--indent is for txt")
        #expect(try run(["stats", "s", "--stories-dir", stories, "--jsn"]).status == 2)
        #expect(try run(["export", "s", "--stories-dir", stories, "-f", "docx", "-o", "-"]).status == 2, "docx cannot go to stdout")

        // -o - puts the manuscript on stdout, and only the manuscript.
        let toStdout = try run(["export", "s", "--stories-dir", stories, "-f", "txt", "-o", "-"])
        #expect(toStdout.status == 0, "\(toStdout.all)")
        #expect(toStdout.stdout == "测试\n\n\n第1章 开端\n\n第一章的正文。\n")
        #expect(toStdout.stderr.contains("Exported 1 chapter, 6 字, to standard output."))
        // A one-character file name is a file in the current folder.
        let short = try run(["run", "s", "--stories-dir", stories, "/export md a"])
        #expect(short.status == 0, "\(short.all)")
        #expect(tmp.read("a")?.contains("# 第一章 开端") == true)

        // 3: the endpoint failed.
        var refused = Self.closedPort
        refused["NOVELIST_MODEL"] = "m"
        refused["NOVELIST_RETRIES"] = "1"
        let endpoint = try run(["run", "s", "--stories-dir", stories, "/expand chapter 2", "--yes"], refused)
        #expect(endpoint.status == 3, "\(endpoint.all)")
        #expect(endpoint.stderr.contains("127.0.0.1:9"))
        #expect(tmp.read("stories/s/chapters/002-归乡.md") == nil)
    }

    @Test func runAnswersFromArgumentsOrYes() throws {
        let tmp = try TempDir()
        let stories = try story(tmp)
        let server = try FakeServer(defaultReply: "渡轮在雾里靠岸。")
        defer { server.stop() }
        let env = ["OPENAI_BASE_URL": server.baseURL, "NOVELIST_MODEL": "m"]
        // No --yes and no answer: the change is not written, and that is not an error.
        let declined = try runNovelist(
            ["run", "s", "--stories-dir", stories, "/expand chapter 2"], input: "", environment: env, cwd: tmp.path)
        #expect(declined.status == 0, "\(declined.all)")
        #expect(tmp.read("stories/s/chapters/002-归乡.md") == nil)
        // The next argument answers the question, as the next line of a pipe would.
        let answered = try runNovelist(
            ["run", "s", "--stories-dir", stories, "/expand chapter 2", "y", "/stats --json"], input: "", environment: env, cwd: tmp.path)
        #expect(answered.status == 0, "\(answered.all)")
        #expect(tmp.read("stories/s/chapters/002-归乡.md")?.contains("渡轮在雾里靠岸。") == true)
        #expect(answered.stdout.contains("\"total\" : 13"), "\(answered.stdout)")
        // --yes accepts; --story names the story when the first argument is a command.
        try FileManager.default.removeItem(atPath: tmp.file("stories/s/chapters/002-归乡.md"))
        let yes = try runNovelist(
            ["run", "--story", "s", "--stories-dir", stories, "/expand chapter 2", "--yes"], input: "", environment: env, cwd: tmp.path)
        #expect(yes.status == 0, "\(yes.all)")
        #expect(tmp.read("stories/s/chapters/002-归乡.md")?.contains("渡轮在雾里靠岸。") == true)
    }

    @Test func theRootCommandKeepsItsFlagsAndThePipe() throws {
        let tmp = try TempDir()
        let stories = try story(tmp)
        let version = try runNovelist(["--version"], input: "", cwd: tmp.path)
        #expect(version.status == 0)
        #expect(!version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        let help = try runNovelist(["--help"], input: "", cwd: tmp.path)
        #expect(help.status == 0)
        for word in ["export", "run", "stats", "--stories-dir", "--base-url", "--no-color"] { #expect(help.stdout.contains(word)) }
        let r = try runNovelist(
            ["--stories-dir", stories, "--story", "s", "--yes", "--no-color", "--model", "m", "--base-url", "http://127.0.0.1:9/v1"],
            input: "/chapters\n/stats --json\n", cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("第一章 开端  [final]  6/2000 字"))
        #expect(r.stdout.contains("\"unit\" : \"字\""))
        // `run` without commands reads them from standard input.
        let piped = try runNovelist(
            ["run", "s", "--stories-dir", stories], input: "/chapters\n", environment: Self.closedPort, cwd: tmp.path)
        #expect(piped.status == 0)
        #expect(piped.stdout.contains("第二章 归乡  [outline]"))
    }
}
