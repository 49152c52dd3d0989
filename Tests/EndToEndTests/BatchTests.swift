import Foundation
import Testing

/// Batch work (issue 16): `/summarize all` and `/check all` send several requests at once, a
/// `Retry-After` pauses the whole batch, the summaries are one change; models by role; /usage per task.
@Suite(.serialized)
struct BatchTests {
    /// Eight chapters with prose and no summary.
    func story(_ tmp: TempDir, yaml: String = "") throws -> [String: String] {
        try tmp.write("stories/s/story.yaml", "title: Harbour\nlanguage: en\n" + yaml)
        var outline = "# Harbour\n"
        for n in 1...8 {
            outline += "\n## Chapter \(n): Part \(n)\n- beat \(n)\n"
            try tmp.write(
                String(format: "stories/s/chapters/%03d-part-%d.md", n, n),
                "---\ntitle: Part \(n)\nstatus: draft\n---\n\nThe prose of chapter \(n) is here, marker-\(n).\n")
        }
        try tmp.write("stories/s/outline.md", outline)
        return ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "XDG_DATA_HOME": tmp.file("data")]
    }

    /// Each chapter's summary names its chapter, so a summary written to the wrong file would show.
    static let rules = (1...8).map { ["match": "marker-\($0).", "reply": "Summary of chapter \($0)."] }

    func summaries(_ tmp: TempDir) -> [String?] {
        (1...8).map { n in
            tmp.read(String(format: "stories/s/chapters/%03d-part-%d.md", n, n)).flatMap { text in
                text.split(separator: "\n").first { $0.hasPrefix("summary:") }.map(String.init)
            }
        }
    }

    func maxInflight(_ server: FakeServer) -> Int {
        server.timeline().filter { $0["event"] as? String == "start" }.compactMap { $0["inflight"] as? Int }.max() ?? 0
    }

    @Test func summarizeAllRunsFourAtOnceAndOneUndoTakesEveryoneBack() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: Self.rules, arguments: ["--delay", "2"])
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        let r = try runNovelist(input: "/summarize all\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        // Sequential requests would need 16 s; four at once need about 4 s. Measured from the first request the
        // server received to the end of its last reply, so a slow start of the binary on a busy machine does not count.
        let times = server.timeline().compactMap { $0["t"] as? Double }
        let elapsed = (times.max() ?? 0) - (times.min() ?? 0)
        #expect(times.count == 16 && elapsed < 11, "took \(elapsed) s")
        #expect(maxInflight(server) == 4, "\(server.timeline())")
        #expect(summaries(tmp) == (1...8).map { "summary: Summary of chapter \($0)." })
        #expect(r.stdout.contains("Chapter 1 · Part 1\n  Summary of chapter 1."))
        #expect(r.stderr.contains("Wrote the summaries of 8 chapters as one change"))
        // One change: one /undo takes every summary back.
        let u = try runNovelist(input: "/history\n/undo\n", environment: env, cwd: tmp.path)
        #expect(u.status == 0, "\(u.all)")
        #expect(summaries(tmp) == Array(repeating: nil, count: 8), "\(u.all)")
    }

    @Test func ctrlCStopsTheBatchAndKeepsWhatFinished() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: Self.rules, arguments: ["--delay", "2.5"])
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        let p = try NovelistProcess(arguments: [], environment: env, cwd: tmp.path)
        p.send("/summarize all\n")
        // Chapters 1-4 have come back and 5-8 are on their way: then Ctrl-C.
        let end = Date().addingTimeInterval(20)
        func count(_ event: String) -> Int { server.timeline().filter { $0["event"] as? String == event }.count }
        while Date() < end && !(count("end") >= 4 && count("start") == 8) { usleep(20_000) }
        kill(p.process.processIdentifier, SIGINT)
        #expect(p.waitFor("4 cancelled, 0 not sent.", seconds: 10), "\(p.stderrSoFar)")
        #expect(p.stderrSoFar.contains("Interrupted: 4 of 8 requests finished in "))
        #expect(p.waitFor("Write these 4 summaries as one change?"))
        p.send("y\n")
        let r = p.finish()
        #expect(r.stderr.contains("Wrote the summaries of 4 chapters as one change"), "\(r.all)")
        #expect(summaries(tmp) == (1...4).map { "summary: Summary of chapter \($0)." } + Array(repeating: nil, count: 4))
        #expect(server.requests().count == 8)
    }

    @Test func concurrencyOneIsSequential() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: Self.rules, arguments: ["--delay", "0.2"])
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        env["NOVELIST_CONCURRENCY"] = "1"
        let r = try runNovelist(input: "/summarize all\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(maxInflight(server) == 1)
        #expect(server.requests().count == 8)
        #expect(summaries(tmp) == (1...8).map { "summary: Summary of chapter \($0)." })
        // The requests went out in chapter order.
        let order = server.requests().compactMap { request -> Int? in
            let body = request["body"] as? [String: Any]
            let user = ((body?["messages"] as? [[String: String]])?.last?["content"]) ?? ""
            return (1...8).first { user.contains("marker-\($0).") }
        }
        #expect(order == Array(1...8))
    }

    @Test func aRateLimitPausesTheWholeBatchWithoutFailingIt() throws {
        let tmp = try TempDir()
        // The first two requests are told to wait 2 s; the others are answered after 0.5 s.
        let server = try FakeServer(rules: Self.rules, arguments: ["--delay", "0.5", "--rate-limit", "2:2"])
        defer { server.stop() }
        var env = try story(tmp)
        env["OPENAI_BASE_URL"] = server.baseURL
        let r = try runNovelist(input: "/summarize all\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(summaries(tmp) == (1...8).map { "summary: Summary of chapter \($0)." }, "\(r.all)")
        let timeline = server.timeline()
        let limits = timeline.filter { $0["event"] as? String == "429" }
        #expect(limits.count == 2)
        // No worker started a request while the pause held (a little slack for requests already on their way).
        let starts = timeline.filter { $0["event"] as? String == "start" }.compactMap { $0["t"] as? Double }
        for limit in limits {
            let t = try #require(limit["t"] as? Double)
            let after = Double(try #require(limit["retry_after"] as? Int))
            let during = starts.filter { $0 > t + 0.3 && $0 < t + after - 0.1 }
            #expect(during.isEmpty, "requests at \(during.map { $0 - t }) s into a \(after) s pause")
        }
        #expect(server.requests().count == 10)  // 8 chapters, two of them asked twice
        #expect(maxInflight(server) >= 2, "a batch: several requests at once")
    }

    @Test func checkAllReportsPerChapterInOrderAndWritesNothing() throws {
        let tmp = try TempDir()
        let rules = (1...8).map { ["match": "marker-\($0).", "reply": "Finding for chapter \($0)."] }
        let server = try FakeServer(rules: rules, arguments: ["--delay", "0.3"])
        defer { server.stop() }
        var env = try story(tmp, yaml: "models:\n  check: cheap-checker\n")
        env["OPENAI_BASE_URL"] = server.baseURL
        func storyFiles() -> [String: Data] { tmp.snapshot().filter { $0.key != "stories/s/chat.jsonl" && !$0.key.hasPrefix("data/") } }
        let before = storyFiles()
        let r = try runNovelist(input: "/check all\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(storyFiles() == before)
        let positions = (1...8).map { r.stdout.range(of: "Chapter \($0) · Part \($0) ──\nFinding for chapter \($0).")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(r.stdout)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        // story.yaml's models: named the model of /check.
        let models = Set(server.requests().compactMap { ($0["body"] as? [String: Any])?["model"] as? String })
        #expect(models == ["cheap-checker"])
    }

    @Test func modelsByRoleEnvironmentWinsOverStoryYamlAndUsageIsPerTaskAndModel() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: Self.rules, defaultReply: "A reply.")
        defer { server.stop() }
        var env = try story(tmp, yaml: "models:\n  summary: yaml-summarizer\n  check: yaml-checker\n")
        env["OPENAI_BASE_URL"] = server.baseURL
        env["NOVELIST_SUMMARY_MODEL"] = "env-summarizer"
        let r = try runNovelist(
            input: "/config\nHello there.\n/summarize chapter 1\ny\n/check chapter 2\n/usage\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let models = server.requests().compactMap { ($0["body"] as? [String: Any])?["model"] as? String }
        #expect(models == ["m", "env-summarizer", "yaml-checker"])
        #expect(r.stdout.contains("summary model env-summarizer"), "\(r.stdout)")
        #expect(r.stdout.contains("check model   yaml-checker"))
        #expect(r.stdout.contains("concurrency   4 requests at once"))
        // /usage: the total, then per task and per model.
        #expect(r.stdout.contains("3 requests · "), "\(r.stdout)")
        for name in ["chat", "summarize", "check", "m", "env-summarizer", "yaml-checker"] {
            #expect(r.stdout.contains("\n  \(name) ") && r.stdout.contains("1 requests · "), "\(name): \(r.stdout)")
        }
        let byTask = try #require(r.stdout.range(of: "By task:"))
        let byModel = try #require(r.stdout.range(of: "By model:"))
        #expect(byTask.lowerBound < byModel.lowerBound)
    }
}
