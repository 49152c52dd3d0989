import Foundation
import Testing

/// `make install`: the binary, the man page and the completions land under PREFIX, and the installed binary,
/// started from a folder with no `prompts/` in sight, can chat, expand and export (the templates are compiled in).
@Suite(.serialized)
struct InstallTests {
    @Test func anInstalledBinaryWorksFromAnyFolder() throws {
        let tmp = try TempDir()
        let prefix = tmp.file("prefix")
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        make.arguments = ["make", "--no-print-directory", "install-files", "BIN=\(try novelistBinary())", "PREFIX=\(prefix)"]
        make.currentDirectoryURL = packageRoot
        make.standardOutput = FileHandle.nullDevice
        make.standardError = FileHandle.nullDevice
        try make.run()
        make.waitUntilExit()
        #expect(make.terminationStatus == 0)

        let installed = prefix + "/bin/novelist"
        #expect(FileManager.default.isExecutableFile(atPath: installed))
        let man = try #require(tmp.read("prefix/share/man/man1/novelist.1"))
        #expect(man.hasPrefix(".TH NOVELIST 1"))
        for word in ["--stories-dir", "novelist export", "/expand chapter", "/undo", "/export md|txt", "EXIT STATUS"] {
            #expect(man.contains(word), "the man page has \(word)")
        }
        #expect(tmp.read("prefix/share/bash-completion/completions/novelist")?.contains("_novelist") == true)
        #expect(tmp.read("prefix/share/zsh/site-functions/_novelist")?.contains("#compdef novelist") == true)
        #expect(tmp.read("prefix/share/fish/vendor_completions.d/novelist.fish")?.contains("complete -c 'novelist'") == true)

        // Run it from a folder with no prompts/ and no checkout around it.
        let server = try FakeServer(rules: [["match": "第一章", "reply": "林晚推开档案馆的窗，雾涌了进来。"]], defaultReply: "好的，我们来聊聊这个故事。")
        defer { server.stop() }
        try tmp.write("elsewhere/stories/s/story.yaml", "title: 雾港\nlanguage: zh\nchapter_length: 100\n")
        try tmp.write("elsewhere/stories/s/outline.md", "# 雾港\n\n## 第一章 旧信\n- 林晚收到信\n")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: installed)
        p.arguments = ["run", "s", "--stories-dir", "stories", "主角该是什么样的人？", "/expand chapter 1", "y", "/export md"]
        p.currentDirectoryURL = URL(fileURLWithPath: tmp.file("elsewhere"))
        p.environment = [
            "PATH": "/usr/bin:/bin", "HOME": tmp.file("elsewhere"), "LANG": "C", "OPENAI_BASE_URL": server.baseURL,
            "NOVELIST_MODEL": "m", "XDG_DATA_HOME": tmp.file("data")
        ]
        .merging(ProcessInfo.processInfo.environment.filter { $0.key == "ASAN_OPTIONS" }) { _, new in new }  // `make asan`
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(stderr)")
        // The chat request carries the compiled-in brainstorm template.
        let chat = try #require(server.requests().first?["body"] as? [String: Any])
        let system = try #require((chat["messages"] as? [[String: String]])?.first?["content"])
        #expect(system.contains("【作品卡】") && system.contains("构思"), "the system and brainstorm templates, compiled in: \(system)")
        #expect(tmp.read("elsewhere/stories/s/chapters/001-旧信.md")?.contains("雾涌了进来") == true, "\(stderr)")
        #expect(tmp.read("elsewhere/stories/s/export/s.md")?.contains("# 第一章 旧信") == true)
    }
}
