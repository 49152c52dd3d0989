import Foundation
import Testing

/// Every fault of the scripted server, run through the real binary: a specific message naming the host,
/// the REPL still answering, partial text kept in the transcript, and no story file changed.
@Suite(.serialized)
struct FaultTests {
    static let outline = "# T\n\n## 第一章 开端\n- 林晚收到一封信\n"
    static let reply = "雾从海面漫上来，码头的灯一盏接一盏熄灭。林晚站在渡轮的栏杆边。"

    struct Case: CustomTestStringConvertible, Sendable {
        var fault: String
        var command: String
        var expected: [String]
        var env: [String: String] = [:]
        /// 3: the endpoint failed (a stream cut, malformed or stalled too); 1: the reply stopped at the token limit; 0: it worked.
        var status: Int32 = 3
        var partialInTranscript = false
        var testDescription: String { fault }
    }

    static let cases: [Case] = [
        Case(fault: "401", command: "hello", expected: ["401 Unauthorized", "…1234", "Incorrect API key provided"]),
        Case(fault: "403", command: "hello", expected: ["403 Forbidden"]),
        Case(fault: "404", command: "hello", expected: ["404 Not Found", "Models this server offers: fake-model, fake-model-2"]),
        Case(fault: "400-context", command: "hello", expected: ["longer than the model's context window", "/context"]),
        Case(
            fault: "429", command: "hello",
            expected: ["429 Too Many Requests", "It asked to wait 1 s", "Retrying (attempt 2 of 2) in 1.0 s"],
            env: ["NOVELIST_RETRIES": "2"]),
        Case(fault: "429-once", command: "hello", expected: ["Retrying (attempt 2 of 4) in 1.0 s", reply], status: 0),
        Case(fault: "500", command: "hello", expected: ["internal problem (500"], env: ["NOVELIST_RETRIES": "1"]),
        Case(fault: "503", command: "hello", expected: ["internal problem (503"], env: ["NOVELIST_RETRIES": "1"]),
        Case(fault: "503-once", command: "hello", expected: ["Retrying (attempt 2 of 4)", reply], status: 0),
        Case(fault: "html", command: "hello", expected: ["HTML page instead of JSON", "a proxy"], env: ["NOVELIST_RETRIES": "1"]),
        Case(
            fault: "malformed", command: "/expand chapter 1", expected: ["not JSON", "nothing from it is offered"], status: 3,
            partialInTranscript: true),
        Case(
            fault: "cut", command: "/expand chapter 1", expected: ["without [DONE] or a finish reason", "nothing from it is offered"],
            status: 3, partialInTranscript: true),
        Case(
            fault: "no-done", command: "/expand chapter 1", expected: ["without [DONE] or a finish reason", "nothing from it is offered"],
            status: 3, partialInTranscript: true),
        Case(
            fault: "stall", command: "/expand chapter 1", expected: ["no data arrived for 2 s", "nothing from it is offered"],
            env: ["NOVELIST_IDLE_TIMEOUT": "2"], status: 3, partialInTranscript: true),
        Case(
            fault: "stream-error", command: "/expand chapter 1", expected: ["upstream overloaded", "nothing from it is offered"], status: 3,
            partialInTranscript: true),
        Case(
            fault: "length", command: "/expand chapter 1", expected: ["finish_reason: length", "nothing from it is offered"], status: 1,
            partialInTranscript: true),
        // Issue 13: a server where every path is 404, a 200 with no choices, llama.cpp's `error:` field.
        Case(fault: "404-all", command: "hello", expected: ["404 Not Found", "was unavailable too"]),
        Case(fault: "no-choices", command: "hello", expected: ["sent no reply"]),
        Case(fault: "no-choices,json", command: "hello", expected: ["sent no reply"]),
        Case(fault: "llama-error", command: "/expand chapter 1", expected: ["the request exceeds the available context size"]),
        Case(fault: "escapes", command: "hello", expected: [reply], status: 0),
        Case(fault: "json", command: "hello", expected: [reply], status: 0),
        Case(fault: "keepalive", command: "hello", expected: [reply], status: 0),
        Case(fault: "crlf", command: "hello", expected: [reply], status: 0),
        Case(fault: "slow", command: "hello", expected: [reply], status: 0)
    ]

    @Test(arguments: cases)
    func fault(_ c: Case) throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: Self.reply)
        defer { server.stop() }
        try tmp.write("stories/s/story.yaml", "title: T\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", Self.outline)
        let before = tmp.snapshot()
        var env = [
            "OPENAI_BASE_URL": server.faultURL(c.fault), "NOVELIST_STORIES_DIR": tmp.file("stories"),
            "OPENAI_API_KEY": "sk-canary-abcdefghijklmnop1234", "NOVELIST_MODEL": "fake-model"
        ]
        env.merge(c.env) { _, n in n }
        let r = try runNovelist(input: c.command + "\ny\n/chapters\n", environment: env, cwd: tmp.path, seconds: 60)
        #expect(r.status == c.status, "\(r.all)")
        for text in c.expected {
            #expect(r.all.contains(text), "expected “\(text)” in:\n\(r.all)")
        }
        if c.status != 0 {
            #expect(r.stderr.contains("127.0.0.1:\(server.port)"), "the message names the host")
        }
        #expect(r.stdout.contains("第一章 开端"), "the REPL answered the next command")
        #expect(!r.all.contains("sk-canary-abcdefghijklmnop1234"), "the key is never printed")
        var after = tmp.snapshot()
        let log = after.removeValue(forKey: "stories/s/chat.jsonl").map { String(decoding: $0, as: UTF8.self) } ?? ""
        #expect(after == before, "no story file changed")
        if c.partialInTranscript {
            #expect(log.contains("雾从海面"), "the partial reply is kept in the transcript")
            #expect(log.contains("\"ending\":\"cut\"") || log.contains("\"ending\":\"length\""))
        }
        #expect(!log.contains("sk-canary"))
    }

    @Test func connectionRefusedNamesTheHost() throws {
        let tmp = try TempDir()
        try tmp.write("stories/s/story.yaml", "title: T\nlanguage: zh\n")
        // A port nobody listens on: bind one, then close it.
        let port = freePort()
        let r = try runNovelist(
            input: "hello\n/chapters\n",
            environment: [
                "OPENAI_BASE_URL": "http://127.0.0.1:\(port)/v1", "NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m",
                "NOVELIST_RETRIES": "1"
            ], cwd: tmp.path)
        #expect(r.status == 3)
        #expect(r.stderr.contains("Could not connect to 127.0.0.1:\(port)"), "\(r.all)")
        #expect(r.stderr.contains("connection refused"))
    }

    @Test func dnsFailureNamesTheHost() throws {
        let tmp = try TempDir()
        try tmp.write("stories/s/story.yaml", "title: T\nlanguage: zh\n")
        let r = try runNovelist(
            input: "hello\n",
            environment: [
                "OPENAI_BASE_URL": "http://no-such-host.invalid/v1", "NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m"
            ], cwd: tmp.path)
        #expect(r.status == 3)
        #expect(r.stderr.contains("Could not find the host no-such-host.invalid"), "\(r.all)")
    }

    @Test func tlsFailureIsSaidAsSuch() throws {
        let tmp = try TempDir()
        let server = try FakeServer()
        defer { server.stop() }
        try tmp.write("stories/s/story.yaml", "title: T\nlanguage: zh\n")
        let r = try runNovelist(
            input: "hello\n",
            environment: [
                "OPENAI_BASE_URL": "https://127.0.0.1:\(server.port)/v1", "NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m"
            ], cwd: tmp.path)
        #expect(r.status == 3)
        #expect(r.stderr.contains("Could not make a secure connection to 127.0.0.1:\(server.port)"), "\(r.all)")
    }

    @Test func reasoningIsShownApartAndNeverMerged() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: [["match": "开端", "reply": Self.reply, "reasoning": "先想一想情节。"]])
        defer { server.stop() }
        try tmp.write("stories/s/story.yaml", "title: T\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", Self.outline)
        for fault in ["reasoning", "think"] {
            let r = try runNovelist(
                input: "/expand chapter 1\ny\n",
                environment: [
                    "OPENAI_BASE_URL": server.faultURL(fault), "NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m"
                ], cwd: tmp.path)
            #expect(r.status == 0, "\(r.all)")
            #expect(r.stderr.contains("先想一想情节。"), "reasoning is shown (dimmed, on stderr)")
            #expect(!r.stdout.contains("先想一想情节。"))
            let chapter = try #require(tmp.read("stories/s/chapters/001-开端.md"))
            #expect(chapter.contains(Self.reply))
            #expect(!chapter.contains("先想一想"), "reasoning never reaches the story (\(fault))")
            #expect(!chapter.contains("think>"))
            try FileManager.default.removeItem(atPath: tmp.file("stories/s/chapters/001-开端.md"))
        }
        let log = try #require(tmp.read("stories/s/chat.jsonl"))
        #expect(log.contains("\"reasoning\":\"先想一想情节。\""), "reasoning is kept in the transcript")
    }

    @Test func ctrlCCancelsTheReplyAndKeepsTheREPL() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: Self.reply)
        defer { server.stop() }
        try tmp.write("stories/s/story.yaml", "title: T\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", Self.outline)
        let before = tmp.snapshot()
        let p = try NovelistProcess(
            arguments: [],
            environment: [
                "OPENAI_BASE_URL": server.faultURL("endless"), "NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m"
            ], cwd: tmp.path)
        p.send("/expand chapter 1\n")
        #expect(p.waitFor("字3 "), "the endless stream is arriving")
        kill(p.process.processIdentifier, SIGINT)
        #expect(p.waitFor("Interrupted", seconds: 5))
        #expect(p.waitFor("Append what arrived"), "a cut-short reply is only ever offered as an append")
        p.send("n\n/chapters\n")
        let r = p.finish()
        #expect(r.status == 1, "an interrupted command counts as failed in a script")
        #expect(r.stdout.contains("第一章 开端"), "the REPL goes on after Ctrl-C")
        var after = tmp.snapshot()
        let log = after.removeValue(forKey: "stories/s/chat.jsonl").map { String(decoding: $0, as: UTF8.self) } ?? ""
        #expect(log.contains("\"ending\":\"interrupted\""))
        #expect(after == before)
    }
}

func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return Int(UInt16(bigEndian: addr.sin_port))
}
