import Foundation
import Testing

/// `/draft N-M` and `/drafts` against the scripted server (issue 16): chained chapters, one undoable change each,
/// resuming by running the same command again, drafts that survive kill -9, a rejected draft stopping the run,
/// and length control (exactly one corrective pass).
@Suite(.serialized)
struct DraftTests {
    /// An English story with an eight-chapter outline; chapters of 40 words.
    func story(_ tmp: TempDir, length: Int = 40, extra: String = "") throws -> [String: String] {
        try tmp.write("stories/s/story.yaml", "title: Harbour\nlanguage: en\nchapter_length: \(length)\n\(extra)")
        var outline = "# Harbour\n\n"
        for n in 1...8 { outline += "## Chapter \(n): Part \(n)\n- beat \(n)\n\n" }
        try tmp.write("stories/s/outline.md", outline)
        return ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "XDG_DATA_HOME": tmp.file("data")]
    }

    /// A reply of 41 words for chapter `n` (within ±15 % of 40) that ends with a marker naming it.
    static func rule(_ n: Int, delay: String? = nil) -> [String: String] {
        var r = ["match": "prose of Chapter \(n),", "reply": String(repeating: "Ada waited by the quay. ", count: 8) + "MARK\(n)."]
        if let delay { r["delay"] = delay }
        return r
    }

    static func lastUser(_ request: [String: Any]) -> String {
        let messages = (request["body"] as? [String: Any])?["messages"] as? [[String: String]] ?? []
        return messages.last { $0["role"] == "user" }?["content"] ?? ""
    }

    @Test func draftOneToFourWritesFourChainedChaptersAndRunAgainDraftsOnlyWhatIsMissing() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: (1...8).map { Self.rule($0) })
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        env["NOVELIST_PRICE_INPUT"] = "1"
        env["NOVELIST_PRICE_OUTPUT"] = "2"
        let r = try runNovelist(["run", "s", "/draft 1-4", "/history", "--yes"], input: "", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("Drafting 4 chapters: about"), "\(r.stderr)")
        #expect(r.stderr.contains("estimated cost"))
        let requests = server.requests()
        #expect(requests.count == 4, "one request per chapter, no corrective pass: \(requests.count)")
        for n in 1...4 {
            let file = tmp.read("stories/s/chapters/00\(n)-part-\(n).md") ?? ""
            #expect(file.contains("MARK\(n)."), "chapter \(n): \(file)")
            #expect(file.contains("status: draft"))
        }
        #expect(tmp.read("stories/s/chapters/005-part-5.md") == nil)
        // Chained: each request carries the end of the chapter drafted just before it.
        for n in 2...4 {
            #expect(Self.lastUser(requests[n - 1]).contains("MARK\(n - 1)."), "request for chapter \(n)")
            #expect(Self.lastUser(requests[n - 1]).contains("prose of Chapter \(n),"))
        }
        #expect(!Self.lastUser(requests[0]).contains("previous_ending"))
        // One history entry (one undoable change) per chapter.
        let entries = r.stdout.split(separator: "\n").filter { $0.contains("draft chapter") }
        #expect(entries.count == 4, "\(r.stdout)")

        let again = try runNovelist(["run", "s", "/draft 1-6", "--yes"], input: "", environment: env, cwd: tmp.path)
        #expect(again.status == 0, "\(again.all)")
        #expect(again.stderr.contains("Skipping chapters 1–4: they already have prose."), "\(again.stderr)")
        let more = server.requests()
        #expect(more.count == 6, "only chapters 5 and 6 are asked for: \(more.count)")
        #expect(Self.lastUser(more[4]).contains("prose of Chapter 5,") && Self.lastUser(more[4]).contains("MARK4."))
        #expect(tmp.read("stories/s/chapters/006-part-6.md")?.contains("MARK6.") == true)

        // Nothing is missing any more: no request at all.
        let third = try runNovelist(["run", "s", "/draft 1-6", "--yes"], input: "", environment: env, cwd: tmp.path)
        #expect(third.status == 0, "\(third.all)")
        #expect(third.stderr.contains("nothing to draft"))
        #expect(server.requests().count == 6)
    }

    @Test func aDraftFarBelowItsTargetGetsExactlyOneCorrectivePass() throws {
        let tmp = try TempDir()
        // Every reply is 3 字, far below 1000: the first reply, and the pass too (which must not be followed by another).
        let server = try FakeServer(defaultReply: "雾很浓。")
        defer { server.stop() }
        try tmp.write("stories/z/story.yaml", "title: 雾港\nlanguage: zh\nchapter_length: 1000\n")
        try tmp.write("stories/z/outline.md", "# 雾港\n\n## 第一章 旧信\n- 收信\n\n## 第二章 邮差\n- 找周伯\n")
        let env = [
            "NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "XDG_DATA_HOME": tmp.file("data"),
            "OPENAI_BASE_URL": server.baseURL
        ]
        let r = try runNovelist(["run", "z", "/draft 1", "--yes"], input: "", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let requests = server.requests()
        #expect(requests.count == 2, "the draft and exactly one corrective pass: \(requests.count)")
        let pass = Self.lastUser(try #require(requests.last))
        #expect(pass.contains("只有 3 字，目标约 1000 字"), "\(pass)")
        #expect(pass.contains("再写约 997 字"))
        // The pass continues the same conversation: the draft is the assistant's turn before it.
        let messages = try #require((requests.last?["body"] as? [String: Any])?["messages"] as? [[String: String]])
        #expect(messages.map { $0["role"] ?? "" } == ["system", "user", "assistant", "user"])
        // The review shows the length before and after against the target.
        #expect(r.stderr.contains("6 字 after one corrective pass (first reply 3 字; target 1000 ±15%)"), "\(r.stderr)")
        let file = try #require(tmp.read("stories/z/chapters/001-旧信.md"))
        #expect(file.contains("雾很浓。\n\n雾很浓。"), "the rest is appended: \(file)")

        // /expand: a reply far over a target of 10 字 is tightened once (the shortened version replaces it).
        try tmp.write("stories/z/chapters/002-邮差.md", "---\ntitle: 邮差\ntarget: 10\n---\n")
        try JSONSerialization.data(withJSONObject: [
            "rules": [["match": "请把它压缩", "reply": "周伯摇头。"]], "default": String(repeating: "邮差在雾里走了很久。", count: 10)
        ]).write(to: URL(fileURLWithPath: server.script))
        let e = try runNovelist(["run", "z", "/expand chapter 2", "--yes"], input: "", environment: env, cwd: tmp.path)
        #expect(e.status == 0, "\(e.all)")
        #expect(server.requests().count == 4, "the expand and exactly one tightening pass")
        #expect(Self.lastUser(try #require(server.requests().last)).contains("有 90 字，目标约 10 字"))
        #expect(e.stderr.contains("after one corrective pass (first reply 90 字; target 10 ±15%)"), "\(e.stderr)")
        let two = try #require(tmp.read("stories/z/chapters/002-邮差.md"))
        #expect(two.contains("周伯摇头。") && !two.contains("邮差在雾里"), "\(two)")
    }

    @Test func continueChapterAsksForWhatIsMissingUpToTheTarget() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "好。")
        defer { server.stop() }
        try tmp.write("stories/z/story.yaml", "title: 雾港\nlanguage: zh\nchapter_length: 1000\n")
        try tmp.write("stories/z/outline.md", "# 雾港\n\n## 第一章 旧信\n- 收信\n")
        try tmp.write("stories/z/chapters/001-旧信.md", "---\ntitle: 旧信\n---\n\n" + String(repeating: "雾", count: 600) + "。\n")
        let env = [
            "NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "XDG_DATA_HOME": tmp.file("data"),
            "OPENAI_BASE_URL": server.baseURL
        ]
        let r = try runNovelist(["run", "z", "/continue chapter 1", "--yes"], input: "", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let requests = server.requests()
        #expect(requests.count == 2, "the continuation and one corrective pass")
        #expect(Self.lastUser(requests[0]).contains("续写约 400 字"), "what is missing up to the target of 1000")
        #expect(Self.lastUser(requests[1]).contains("再写约 399 字"))
    }

    @Test func killedWhileTheServerDelaysAReplyLosesNoAcceptedChapter() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: [Self.rule(1), Self.rule(2, delay: "60"), Self.rule(3)])
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        let p = try NovelistProcess(arguments: ["run", "s", "/draft 1-3", "--yes"], environment: env, cwd: tmp.path)
        #expect(p.waitFor("Wrote chapters/001-part-1.md"), "\(p.stderrSoFar)")
        let deadline = Date().addingTimeInterval(20)
        while server.requests().count < 2 && Date() < deadline { usleep(20_000) }
        #expect(server.requests().count == 2)
        kill(p.process.processIdentifier, SIGKILL)
        _ = p.finish()
        let one = try #require(tmp.read("stories/s/chapters/001-part-1.md"))
        #expect(one.contains("MARK1."))
        #expect(tmp.read("stories/s/chapters/002-part-2.md") == nil)
        // No delay now: the same command goes on where the run stopped.
        try JSONSerialization.data(withJSONObject: ["rules": (1...3).map { Self.rule($0) }]).write(
            to: URL(fileURLWithPath: server.script))
        let r = try runNovelist(["run", "s", "/draft 1-3", "/undo", "--yes"], input: "", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("Skipping chapter 1: it already has prose."), "\(r.stderr)")
        #expect(server.requests().count == 4)
        #expect(Self.lastUser(server.requests()[2]).contains("MARK1."), "chapter 2 carries the end of chapter 1")
        #expect(tmp.read("stories/s/chapters/003-part-3.md") == nil, "/undo took back chapter 3 alone")
        #expect(tmp.read("stories/s/chapters/002-part-2.md")?.contains("MARK2.") == true)
    }

    @Test func killedBeforeTheReviewKeepsTheDraftForDrafts() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: (1...3).map { Self.rule($0) })
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        let p = try NovelistProcess(arguments: [], environment: env, cwd: tmp.path)
        p.send("/draft 1-2\ny\n")
        #expect(p.waitFor("Apply to chapters/001-part-1.md?"), "\(p.stderrSoFar)")
        // Saved before the question was asked.
        #expect(tmp.read("stories/s/.novelist/drafts/001.json")?.contains("MARK1.") == true)
        kill(p.process.processIdentifier, SIGKILL)
        _ = p.finish()
        #expect(tmp.read("stories/s/chapters/001-part-1.md") == nil)

        let r = try runNovelist(input: "/drafts\ny\n/drafts\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("  1  Chapter 1: Part 1  41 words (target 40)"), "\(r.stdout)")
        #expect(tmp.read("stories/s/chapters/001-part-1.md")?.contains("MARK1.") == true)
        #expect(r.stderr.contains("There are no unreviewed drafts."), "accepting it removed it from drafts")
        #expect(server.requests().count == 1, "/drafts asks the model nothing")

        // A draft whose chapter meanwhile got prose is said so, not applied.
        try tmp.write(
            "stories/s/.novelist/drafts/002.json",
            String(
                decoding: try JSONSerialization.data(withJSONObject: [
                    "chapter": 2, "path": "chapters/002-part-2.md", "title": "Part 2", "proposed": "---\ntitle: Part 2\n---\n\nDRAFT.\n",
                    "length": 1, "target": 40, "created": "2026-01-01T00:00:00Z", "model": "m"
                ]), as: UTF8.self))
        try tmp.write("stories/s/chapters/002-part-2.md", "---\ntitle: Part 2\n---\n\nMine.\n")
        let d = try runNovelist(input: "/drafts\n", environment: env, cwd: tmp.path)
        #expect(d.stderr.contains("has prose now that it did not have when this draft was made"), "\(d.all)")
        #expect(tmp.read("stories/s/chapters/002-part-2.md")?.contains("Mine.") == true)
        #expect(tmp.read("stories/s/.novelist/drafts/002.json") != nil)
    }

    @Test func aRejectedDraftStopsTheRunAndStopKeepsTheDraft() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: (1...3).map { Self.rule($0) })
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        let r = try runNovelist(input: "/draft 1-3\ny\nn\n", environment: env, cwd: tmp.path)
        #expect(r.stderr.contains("The run stopped at chapter 1: you rejected the draft."), "\(r.all)")
        #expect(r.stderr.contains("/draft 1-3 goes on from there"))
        #expect(server.requests().count == 1, "nothing more is asked for after a rejection")
        #expect(tmp.read("stories/s/chapters/001-part-1.md") == nil)
        #expect(tmp.read("stories/s/.novelist/drafts/001.json") == nil, "a rejected draft leaves drafts")

        let s = try runNovelist(input: "/draft 1-3\ny\ns\n", environment: env, cwd: tmp.path)
        #expect(s.stderr.contains("The run stopped at chapter 1: you stopped the run"), "\(s.all)")
        #expect(server.requests().count == 2)
        #expect(tmp.read("stories/s/.novelist/drafts/001.json")?.contains("MARK1.") == true)
        // Resumed: the saved draft is reviewed, not asked for again; chapters 2 and 3 are drafted.
        let again = try runNovelist(["run", "s", "/draft 1-3", "--yes"], input: "", environment: env, cwd: tmp.path)
        #expect(again.status == 0, "\(again.all)")
        #expect(again.stderr.contains("have drafts saved by an earlier run"))
        #expect(server.requests().count == 4)
        #expect(tmp.read("stories/s/chapters/003-part-3.md")?.contains("MARK3.") == true)
    }

    @Test func theRunStopsAtACutShortReplyAnEndpointErrorOrACheckThatFindsAContradiction() throws {
        let tmp = try TempDir()
        var cut = Self.rule(2)
        cut["finish_reason"] = "length"
        let server = try FakeServer(rules: [Self.rule(1), cut, Self.rule(3)])
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        let r = try runNovelist(["run", "s", "/draft 1-3", "--yes"], input: "", environment: env, cwd: tmp.path)
        #expect(r.status == 1, "\(r.all)")
        #expect(r.stderr.contains("The run stopped at chapter 2: the reply was cut short (finish_reason: length)"), "\(r.stderr)")
        #expect(server.requests().count == 2, "no corrective pass for a cut-short reply, and nothing after it")
        #expect(tmp.read("stories/s/chapters/001-part-1.md")?.contains("MARK1.") == true)
        #expect(tmp.read("stories/s/chapters/002-part-2.md") == nil)

        let down = try runNovelist(
            ["run", "s", "/draft 2-3", "--yes"], input: "", environment: env.merging(["OPENAI_BASE_URL": server.faultURL("401")]) { $1 },
            cwd: tmp.path)
        #expect(down.status == 3, "\(down.all)")
        #expect(down.stderr.contains("The run stopped at chapter 2: the endpoint failed"))

        // --check: the check of chapter 2 reports a contradiction; chapter 2 is kept, chapter 3 is not drafted.
        try JSONSerialization.data(withJSONObject: [
            "rules": [
                ["match": "Check Chapter 2,", "reply": "- [major] Ada is on the quay and in the boat at once (\"MARK2.\") → pick one"],
                ["match": "Check Chapter", "reply": "No continuity problems found."]
            ] + (2...3).map { Self.rule($0) }
        ]).write(to: URL(fileURLWithPath: server.script))
        let before = server.requests().count
        let c = try runNovelist(["run", "s", "/draft 1-3 --check", "--yes"], input: "", environment: env, cwd: tmp.path)
        #expect(c.status == 1, "\(c.all)")
        #expect(c.stderr.contains("The run stopped at chapter 2: /check reported a continuity problem"), "\(c.stderr)")
        #expect(server.requests().count == before + 2, "the draft of chapter 2 and its check")
        #expect(tmp.read("stories/s/chapters/002-part-2.md")?.contains("MARK2.") == true)
        #expect(tmp.read("stories/s/chapters/003-part-3.md") == nil)
    }
}
