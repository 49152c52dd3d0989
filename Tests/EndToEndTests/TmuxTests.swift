import Foundation
import Testing

/// A real terminal session under tmux: Chinese typed at the readline prompt (with no UTF-8 locale set),
/// Tab completion, and Ctrl-C cancelling a streaming reply while the REPL stays.
struct Tmux {
    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }
    let socket = "novelist-test-\(UUID().uuidString.prefix(8))"

    @discardableResult
    func run(_ args: [String]) -> String {
        // posix_spawn and waitpid: the tmux client forks the server, which must not keep a pipe of ours open.
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-out-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ["/usr/bin/tmux", "-u", "-L", socket] + args
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, nil, &cargs, environ) == 0 else { return "" }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    func screen() -> String { run(["capture-pane", "-p", "-J", "-t", "t"]) }

    func waitFor(_ text: String, seconds: Double = 15) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if screen().contains(text) { return true }
            usleep(100_000)
        }
        return false
    }

    func type(_ text: String) { run(["send-keys", "-t", "t", "-l", text]) }
    func key(_ name: String) { run(["send-keys", "-t", "t", name]) }
    func kill() { run(["kill-server"]) }
}

@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed (scripts/deps.sh installs it)"))
struct TmuxTests {
    @Test func chineseInputTabCompletionAndCtrlC() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: String(repeating: "雾从海面漫上来，码头的灯一盏接一盏熄灭。", count: 30))
        defer { server.stop() }
        let tmux = Tmux()
        defer { tmux.kill() }
        let command = [
            "env", "-i", "PATH=/usr/bin:/bin", "HOME=\(tmp.path)", "TERM=xterm-256color",
            "XDG_DATA_HOME=\(tmp.file("data"))", "NOVELIST_STORIES_DIR=\(tmp.file("stories"))", "NOVELIST_MODEL=m",
            "OPENAI_BASE_URL=\(server.faultURL("slow"))",
            "ASAN_OPTIONS=\(ProcessInfo.processInfo.environment["ASAN_OPTIONS"] ?? "")", try novelistBinary()
        ].map { "'\($0)'" }.joined(separator: " ")
        tmux.run(["new-session", "-d", "-x", "140", "-y", "40", "-s", "t", "-c", tmp.path, command])
        #expect(tmux.waitFor("novelist>"), "the prompt appears\n\(tmux.screen())")

        // Chinese typed at the prompt arrives intact, though no UTF-8 locale is set.
        tmux.type("/new 雾港夜话")
        tmux.key("Enter")
        #expect(tmux.waitFor("Opened 雾港夜话"), "\(tmux.screen())")
        #expect(FileManager.default.fileExists(atPath: tmp.file("stories/雾港夜话/story.yaml")))

        // Tab completes a command.
        tmux.type("/sto")
        tmux.key("Tab")
        #expect(tmux.waitFor("/stories "), "\(tmux.screen())")
        tmux.key("Enter")
        #expect(tmux.waitFor("* 雾港夜话"))

        // Ctrl-C cancels a streaming reply and the prompt comes back.
        tmux.type("讲讲雾港")
        tmux.key("Enter")
        #expect(tmux.waitFor("码头的灯"), "the reply streams\n\(tmux.screen())")
        tmux.key("C-c")
        #expect(tmux.waitFor("Interrupted"), "\(tmux.screen())")
        #expect(tmux.waitFor("雾港夜话> "), "the REPL is back at its prompt")
        tmux.type("/quit")
        tmux.key("Enter")
        let log = tmp.read("stories/雾港夜话/chat.jsonl") ?? ""
        #expect(log.contains("讲讲雾港"), "the typed Chinese reached the transcript intact")
    }

    /// A diff longer than the screen goes through $PAGER, spawned with the diff on its standard input.
    @Test func aLongDiffGoesThroughThePager() throws {
        let tmp = try TempDir()
        let paragraphs = (1...40).map { "第\($0)段，雾。" }
        let server = try FakeServer(defaultReply: paragraphs.map { $0.replacingOccurrences(of: "雾", with: "风") }.joined(separator: "\n\n"))
        defer { server.stop() }
        try tmp.write("stories/s/story.yaml", "title: 雾\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", "## 第一章 雾\n- 雾\n")
        try tmp.write("stories/s/chapters/001-雾.md", "---\ntitle: 雾\n---\n\n" + paragraphs.joined(separator: "\n\n") + "\n")
        let paged = tmp.file("paged.txt")
        let tmux = Tmux()
        defer { tmux.kill() }
        let command = [
            "env", "-i", "PATH=/usr/bin:/bin", "HOME=\(tmp.path)", "TERM=xterm-256color", "PAGER=tee \(paged)",
            "XDG_DATA_HOME=\(tmp.file("data"))", "NOVELIST_STORIES_DIR=\(tmp.file("stories"))", "NOVELIST_MODEL=m",
            "OPENAI_BASE_URL=\(server.baseURL)",
            "ASAN_OPTIONS=\(ProcessInfo.processInfo.environment["ASAN_OPTIONS"] ?? "")", try novelistBinary()
        ].map { "'\($0)'" }.joined(separator: " ")
        tmux.run(["new-session", "-d", "-x", "120", "-y", "30", "-s", "t", "-c", tmp.path, command])
        #expect(tmux.waitFor("雾> "), "the prompt appears\n\(tmux.screen())")
        tmux.type("/rewrite chapter 1 把雾改成风")
        tmux.key("Enter")
        #expect(tmux.waitFor("Apply to chapters/001-雾.md?"), "\(tmux.screen())")
        let text = tmp.read("paged.txt") ?? ""
        #expect(text.contains("--- chapters/001-雾.md"), "the pager got the diff on its standard input: \(text.prefix(200))")
        #expect(text.contains("@@ 40/40"), "all of it, to the last hunk")
        tmux.type("n")
        tmux.key("Enter")
        tmux.type("/quit")
        tmux.key("Enter")
        #expect(tmp.read("stories/s/chapters/001-雾.md")?.contains("第1段，雾。") == true, "n writes nothing")
    }
}
