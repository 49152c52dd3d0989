import Foundation
import Testing

/// The package root, found from this file's path.
let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The built `novelist` binary (`make test` builds it and passes NOVELIST_BIN).
func novelistBinary() throws -> String {
    let path = ProcessInfo.processInfo.environment["NOVELIST_BIN"] ?? packageRoot.appendingPathComponent(".build/debug/novelist").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw TestFailure("novelist binary not found at \(path): run `swift build` first, or use `make test`.")
    }
    return path
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// A fresh temporary folder, removed by `cleanup()`.
final class TempDir {
    let url: URL
    var path: String { url.path }
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("novelist-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func file(_ rel: String) -> String { url.appendingPathComponent(rel).path }
    func read(_ rel: String) -> String? { try? String(contentsOfFile: file(rel), encoding: .utf8) }
    func write(_ rel: String, _ text: String) throws {
        let u = url.appendingPathComponent(rel)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: u, atomically: true, encoding: .utf8)
    }
    /// Every file below the folder with its contents, to prove that nothing changed. novelist's own
    /// bookkeeping in `.novelist/` (history, hashes, lock) is left out unless asked for.
    func snapshot(includingInternal: Bool = false) -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: path)
        while let rel = e?.nextObject() as? String {
            if !includingInternal && (rel.hasPrefix(".novelist/") || rel.contains("/.novelist/")) { continue }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: file(rel), isDirectory: &isDir), !isDir.boolValue {
                out[rel] = FileManager.default.contents(atPath: file(rel))
            }
        }
        return out
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// The scripted OpenAI-compatible server (Tests/Support/fake_openai.py) on 127.0.0.1 and a free port.
final class FakeServer {
    let process = Process()
    let stdin = Pipe()
    let port: Int
    let record: String
    let script: String

    /// `arguments`: the server's fault flags (`--delay 2`, `--rate-limit 2:2`); its timeline of chat requests
    /// is always written to `timeline`.
    init(rules: [[String: String]] = [], defaultReply: String? = nil, promptTokens: Int? = nil, arguments: [String] = []) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("novelist-fake-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        record = dir.appendingPathComponent("requests.jsonl").path
        script = dir.appendingPathComponent("script.json").path
        var scriptObject: [String: Any] = ["rules": rules]
        if let defaultReply { scriptObject["default"] = defaultReply }
        if let promptTokens { scriptObject["prompt_tokens"] = promptTokens }
        try JSONSerialization.data(withJSONObject: scriptObject).write(to: URL(fileURLWithPath: script))
        let stdout = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", packageRoot.appendingPathComponent("Tests/Support/fake_openai.py").path, "--record", record, "--script", script,
                "--timeline", record + ".timeline"
            ] + arguments
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        // First line: PORT <n>
        var line = Data()
        while true {
            let byte = stdout.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let p = Int(text.dropFirst(5)) else {
            process.terminate()
            throw TestFailure("fake server did not start: '\(text)'")
        }
        port = p
    }

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    func faultURL(_ fault: String) -> String { "http://127.0.0.1:\(port)/fault/\(fault)/v1" }

    /// The chat requests the server received, as parsed JSON lines.
    func requests() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: record, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The chat requests' events as the server saw them: `start`, `end`, `429` (with `retry_after`), each with
    /// its time `t` and the number of requests being answered (`inflight`).
    func timeline() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: record + ".timeline", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The paths of the GET requests the server received (GET /models …).
    func getRequests() -> [String] {
        ((try? String(contentsOfFile: record + ".get", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var all: String { stdout + "\n" + stderr }
}

/// A running novelist with piped standard input, for tests that act while it runs (Ctrl-C).
final class NovelistProcess {
    let process = Process()
    let input = Pipe()
    let outPath: String
    let errPath: String

    init(arguments: [String], environment: [String: String], cwd: String) throws {
        let id = UUID().uuidString
        outPath = FileManager.default.temporaryDirectory.appendingPathComponent("nv-out-\(id)").path
        errPath = FileManager.default.temporaryDirectory.appendingPathComponent("nv-err-\(id)").path
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: try novelistBinary())
        process.arguments = arguments
        // novelist's own data (input history, token calibration) goes to a folder outside the story tree.
        let dataHome = FileManager.default.temporaryDirectory.appendingPathComponent("nv-data-\(id)").path
        var env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": cwd, "LANG": "C", "XDG_DATA_HOME": dataHome
        ]
        // `make asan` runs these tests against a sanitized binary: its options travel with it.
        if let asan = ProcessInfo.processInfo.environment["ASAN_OPTIONS"] { env["ASAN_OPTIONS"] = asan }
        env.merge(environment) { _, new in new }
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        process.standardInput = input
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
    }

    func send(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }
    func closeInput() { try? input.fileHandleForWriting.close() }
    var stderrSoFar: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
    var stdoutSoFar: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }

    /// Waits for `text` to appear in stdout or stderr.
    func waitFor(_ text: String, seconds: Double = 20) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if stdoutSoFar.contains(text) || stderrSoFar.contains(text) { return true }
            usleep(20_000)
        }
        return false
    }

    func finish(seconds: Double = 60) -> RunResult {
        closeInput()
        let end = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < end { usleep(20_000) }
        var status = Int32(-1)
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        } else {
            status = process.terminationStatus
        }
        defer {
            if let data = process.environment?["XDG_DATA_HOME"], data.contains("nv-data-") {
                try? FileManager.default.removeItem(atPath: data)
            }
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        return RunResult(status: status, stdout: stdoutSoFar, stderr: stderrSoFar)
    }
}

/// Runs novelist with piped commands, as a script would.
func runNovelist(_ arguments: [String] = [], input: String, environment: [String: String] = [:], cwd: String, seconds: Double = 60) throws
    -> RunResult
{
    let p = try NovelistProcess(arguments: arguments, environment: environment, cwd: cwd)
    p.send(input)
    return p.finish(seconds: seconds)
}
