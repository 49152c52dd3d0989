import Foundation
import Testing

/// `novelist doctor`: every check passes against the scripted server, and each fault mode names the step that fails.
@Suite(.serialized)
struct DoctorTests {
    func doctor(_ env: [String: String], _ tmp: TempDir) throws -> RunResult {
        var environment = [
            "NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_RETRIES": "1", "NOVELIST_IDLE_TIMEOUT": "2",
            "NOVELIST_CONNECT_TIMEOUT": "2"
        ]
        environment.merge(env) { _, new in new }
        return try runNovelist(["doctor"], input: "", environment: environment, cwd: tmp.path, seconds: 60)
    }

    @Test func passesAgainstTheScriptedServer() throws {
        let tmp = try TempDir()
        let server = try FakeServer()
        defer { server.stop() }
        let r = try doctor(
            ["OPENAI_BASE_URL": server.baseURL, "NOVELIST_MODEL": "fake-model", "OPENAI_API_KEY": "test-key-0000000000abcd"], tmp)
        #expect(r.status == 0, "\(r.all)")
        for step in ["configuration", "endpoint", "API key", "model", "test request", "pandoc", "terminal"] {
            #expect(r.stdout.contains("ok    \(step)"), "\(step) passes:\n\(r.stdout)")
        }
        #expect(r.stdout.contains("…abcd"), "the key only as its last 4 characters")
        #expect(!r.all.contains("test-key-0000000000abcd"))
        #expect(r.stdout.contains("skip  context window"), "the scripted server reports no window")
        #expect(r.stderr.contains("All checks passed."))
    }

    @Test(
        "each fault names the failing step",
        arguments: [
            ("refused", "FAIL  endpoint", Int32(3)),
            ("401", "FAIL  API key", 3),
            ("500", "FAIL  endpoint", 3),
            ("404", "FAIL  test request", 3),
            ("html", "FAIL  test request", 3),
            ("malformed", "FAIL  test request", 3),
            ("stall", "FAIL  test request", 3),
            ("props", "FAIL  context window", 3),
            ("unlisted", "FAIL  model", 3)
        ])
    func faults(fault: String, failing: String, status: Int32) throws {
        let tmp = try TempDir()
        let server = try FakeServer()
        defer { server.stop() }
        let url = fault == "refused" ? "http://127.0.0.1:9/v1" : fault == "unlisted" ? server.baseURL : server.faultURL(fault)
        let r = try doctor(["OPENAI_BASE_URL": url, "NOVELIST_MODEL": fault == "unlisted" ? "no-such-model" : "fake-model"], tmp)
        #expect(r.stdout.contains(failing), "\(fault):\n\(r.all)")
        #expect(r.status == status, "\(fault):\n\(r.all)")
        #expect(r.stderr.contains("Some checks failed"))
        if fault == "refused" {
            #expect(r.stdout.contains("skip  test request"), "steps after an unreachable endpoint are skipped")
        }
        if fault == "props" {
            #expect(r.stdout.contains("NOVELIST_CONTEXT_TOKENS=2048"), "says what to set")
        }
    }
}
