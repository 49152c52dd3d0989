import Foundation
import NovelistTesting
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

@Suite("Batch work: order, progress, ETA, models by role, usage per task")
struct BatchPlanTests {
    @Test("chapters are sent in chapter order, each once")
    func order() {
        #expect(BatchPlan.order([5, 1, 3, 3, 2]) == [1, 2, 3, 5])
        #expect(BatchPlan.order([]) == [])
    }

    @Test("NOVELIST_CONCURRENCY: 4 by default, 1 to 16")
    func concurrency() throws {
        #expect(BatchPlan.concurrency(nil) == 4)
        #expect(BatchPlan.concurrency(0) == 1)
        #expect(BatchPlan.concurrency(1) == 1)
        #expect(BatchPlan.concurrency(100) == 16)
        #expect(try SettingsResolver.resolve(flags: [:], environment: [:], dotenv: [:]).concurrency == 4)
        #expect(try SettingsResolver.resolve(flags: [:], environment: ["NOVELIST_CONCURRENCY": "1"], dotenv: [:]).concurrency == 1)
        #expect(throws: SettingsError.self) {
            try SettingsResolver.resolve(flags: [:], environment: ["NOVELIST_CONCURRENCY": "many"], dotenv: [:])
        }
    }

    @Test("the progress line, its failures and the time left at the pace so far")
    func progressText() {
        #expect(BatchProgress(total: 300).text == "0/300")
        #expect(BatchProgress(total: 300, done: 35, failed: 2, elapsed: 37 * 0.24).text == "37/300 · 2 failed · 1m04s left")
        #expect(BatchProgress(total: 8, done: 4, elapsed: 2).secondsLeft == 2)
        #expect(BatchProgress(total: 8, done: 8, elapsed: 4).text == "8/8")
        #expect(BatchProgress(total: 8).secondsLeft == nil)
        #expect(BatchProgress.duration(0.2) == "1s")
        #expect(BatchProgress.duration(72) == "1m12s")
        #expect(BatchProgress.duration(3600 + 5 * 60) == "1h05m")
        Messages.$scoped.withValue(.zh) {
            #expect(BatchProgress(total: 300, done: 35, failed: 2, elapsed: 37 * 0.24).text == "37/300 · 2 个失败 · 剩余约 1分04秒")
        }
    }

    @Test("a shared pause: the later Retry-After holds; the wait shrinks with time")
    func gate() {
        let g = GateState().closing(until: 100).closing(until: 90)
        #expect(g.openAt == 100)
        #expect(g.wait(at: 97.5) == 2.5)
        #expect(g.wait(at: 101) == 0)
        let shared = RequestGate()
        shared.close(until: 50)
        shared.close(until: 40)
        #expect(shared.wait(at: 45) == 5)
    }

    @Test("every job of a batch comes back once, on the calling thread; a cancelled batch starts nothing")
    func batchRuns() {
        let transport = ScriptedTransport((1...8).map { _ in .chat("A summary.") })
        let client = ChatClient(
            settings: ChatEndpoint(
                baseURL: "http://127.0.0.1:9/v1", apiKey: nil, keyVariable: "OPENAI_API_KEY", model: "m", headers: [:], retries: 1,
                connectTimeout: 1, idleTimeout: 1), transport: transport)
        let jobs = (1...8).map { ChatJob(messages: [.user("chapter \($0)")], options: ChatRequestOptions(model: "m")) }
        var seen: [Int] = []
        var replies: [String] = []
        ChatBatch.run(
            client: client, jobs: jobs, concurrency: 4, cancel: CancelToken(),
            onResult: { index, result in
                seen.append(index)
                if case .success(let r) = result { replies.append(r.content) }
            }, onTick: {})
        #expect(seen.sorted() == Array(0..<8))
        #expect(replies == Array(repeating: "A summary.", count: 8))
        #expect(transport.requests.count == 8)

        let cancel = CancelToken()
        cancel.cancel()
        var after = 0
        ChatBatch.run(client: client, jobs: jobs, concurrency: 4, cancel: cancel, onResult: { _, _ in after += 1 }, onTick: {})
        #expect(after == 0)
        #expect(transport.requests.count == 8)
    }

    @Test("models by role: the environment wins over story.yaml's models:, which wins over the default")
    func roles() throws {
        let meta = try StoryMeta(yaml: "title: T\nlanguage: en\nmodels:\n  summary: cheap\n  check: checker\n", file: "story.yaml")
        #expect(meta.models == ["summary": "cheap", "check": "checker"])
        let s = try SettingsResolver.resolve(
            flags: [:], environment: ["NOVELIST_MODEL": "strong", "NOVELIST_CHECK_MODEL": "env-checker"], dotenv: [:])
        #expect(s.roleModel(for: "summarize") == nil)
        #expect(s.roleModel(for: "check") == "env-checker")
        #expect(s.roleModel(for: "expand") == nil)
    }

    @Test("usage per task and per model, with the total; an older usage.json still reads")
    func usage() throws {
        var t = UsageTotals()
        t.add(prompt: 100, completion: 10, cached: 5, cost: 0.5, task: "chat", model: "strong")
        t.add(prompt: 50, completion: 5, cached: 0, cost: 0.25, task: "summarize", model: "cheap")
        t.add(prompt: 50, completion: 5, cached: 0, cost: 0.25, task: "summarize", model: "cheap")
        #expect(t.total.requests == 3 && t.promptTokens == 200 && t.completionTokens == 20 && t.cachedTokens == 5)
        #expect(t.byTask?["summarize"]?.promptTokens == 100)
        #expect(t.byModel?["strong"]?.requests == 1)
        #expect(
            t.report(showCost: true) == [
                "3 requests · 200 tokens in (5 cached) · 20 out · cost 1.0000",
                "By task:",
                "  summarize  2 requests · 100 tokens in (0 cached) · 10 out · cost 0.5000",
                "  chat       1 requests · 100 tokens in (5 cached) · 10 out · cost 0.5000",
                "By model:",
                "  cheap   2 requests · 100 tokens in (0 cached) · 10 out · cost 0.5000",
                "  strong  1 requests · 100 tokens in (5 cached) · 10 out · cost 0.5000"
            ])
        let old = try JSONDecoder().decode(
            UsageTotals.self,
            from: Data(#"{"requests":2,"promptTokens":10,"completionTokens":4,"cachedTokens":0,"cost":0}"#.utf8))
        #expect(old.report(showCost: false) == ["2 requests · 10 tokens in (0 cached) · 4 out"])
    }
}
