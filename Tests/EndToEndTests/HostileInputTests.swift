import Foundation
import Testing

/// Issue 13: a shared story folder, a broken endpoint or a malicious reply must not hurt the writer.
@Suite(.serialized)
struct HostileInputTests {
    static let outline = "# T\n\n## 第一章 开端\n- 林晚收到一封信\n\n## 第二章 邮差\n- 周伯\n"
    static let reply = FaultTests.reply

    func story(_ files: [String: String] = [:]) throws -> TempDir {
        let tmp = try TempDir()
        try tmp.write("stories/s/story.yaml", "title: T\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", Self.outline)
        for (rel, text) in files { try tmp.write("stories/s/" + rel, text) }
        return tmp
    }

    func env(_ tmp: TempDir, _ baseURL: String, _ extra: [String: String] = [:]) -> [String: String] {
        var e = [
            "OPENAI_BASE_URL": baseURL, "NOVELIST_STORIES_DIR": tmp.file("stories"), "OPENAI_API_KEY": "sk-test-abcdefghijkl9876",
            "NOVELIST_MODEL": "fake-model", "NOVELIST_RETRIES": "1"
        ]
        e.merge(extra) { _, n in n }
        return e
    }

    // MARK: 1. 404 everywhere

    /// A base URL where every path answers 404: one GET /models at most, no crash, a plain message, exit 3.
    @Test func notFoundEverywhereListsTheModelsOnceAndSaysSo() throws {
        let tmp = try story()
        let server = try FakeServer(defaultReply: Self.reply)
        defer { server.stop() }
        let r = try runNovelist(input: "林晚是谁？\n/chapters\n", environment: env(tmp, server.faultURL("404-all")), cwd: tmp.path, seconds: 30)
        #expect(r.status == 3, "\(r.all)")
        #expect(r.stderr.contains("404 Not Found"), "\(r.all)")
        #expect(r.stderr.contains("The models list") && r.stderr.contains("was unavailable too"), "\(r.all)")
        #expect(r.stdout.contains("第一章 开端"), "the REPL is alive")
        #expect(server.getRequests().filter { $0.hasSuffix("/models") }.count <= 1, "\(server.getRequests().count) GET /models")
    }

    // MARK: 2. Control codes

    static let hostile =
        "雾从海面漫上来。\u{1B}]0;pwned title\u{07}码头的灯\u{1B}]52;c;ZXZpbA==\u{07}一盏接一盏\u{1B}]8;;http://evil.example\u{1B}\\熄灭\u{1B}]8;;\u{1B}\\。\u{1B}[2J\u{0}林晚\u{07}站在\u{9B}31m渡轮\u{85}的栏杆边。"

    static func hasControls(_ s: String) -> Bool {
        s.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
    }

    /// A reply full of escape sequences: the diff, the accepted file, /chapter N and the hunk review carry none,
    /// and no `]0;` junk is left behind.
    @Test func controlCodesInAReplyReachNeitherTheTerminalNorTheFile() throws {
        let tmp = try story(["chapters/001-开端.md": "---\ntitle: 开端\n---\n\n旧的第一段。\n\n旧的第二段。\n"])
        let server = try FakeServer(defaultReply: Self.hostile)
        defer { server.stop() }
        let r = try runNovelist(
            input: "/rewrite chapter 1 改写\ny\n/chapter 1\n/rewrite chapter 1 再改\nh\ny\n/chapter 1\n", environment: env(tmp, server.baseURL),
            cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let file = try #require(tmp.read("stories/s/chapters/001-开端.md"))
        #expect(!Self.hasControls(file), "the chapter file has control codes: \(file.debugDescription)")
        #expect(file.contains("雾从海面漫上来。码头的灯一盏接一盏熄灭。林晚站在渡轮的栏杆边。"), "\(file)")
        #expect(!Self.hasControls(r.stdout) && !Self.hasControls(r.stderr), "output has control codes: \(r.all.debugDescription)")
        for junk in ["]0;", "]52;", "]8;", "pwned", "ZXZpbA", "[2J", "31m"] {
            #expect(!r.all.contains(junk) && !file.contains(junk), "\(junk) left behind")
        }
    }

    /// A front-matter title with an OSC sequence: /chapters, /stats and /stories print it clean.
    @Test func controlCodesInFrontMatterTitlesAreNotPrinted() throws {
        let tmp = try story(["chapters/001-开端.md": "---\ntitle: \"开\\e]0;owned\\a端\\e[2J\"\n---\n\n正文。\n"])
        try tmp.write("stories/s/story.yaml", "title: \"T\\e]0;book\\a\"\nlanguage: zh\n")
        let r = try runNovelist(
            input: "/chapters\n/stats\n/stories\n/chapter 1\n",
            environment: ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m"], cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("开端"), "\(r.all)")
        #expect(!Self.hasControls(r.stdout) && !Self.hasControls(r.stderr), "\(r.all.debugDescription)")
        #expect(!r.all.contains("]0;") && !r.all.contains("owned") && !r.all.contains("[2J"), "\(r.all)")
    }

    // MARK: 4. Symlinks

    /// A chapter that is a link to a file outside the story is not read, sent or stored, and is named;
    /// chat.jsonl, export/ and a chapter that are links are never written through.
    @Test func symlinksLeavingTheStoryAreNotFollowed() throws {
        let tmp = try story(["chapters/001-开端.md": "---\ntitle: 开端\n---\n\n正文。\n"])
        let outside = try TempDir()
        try outside.write("secret.md", "---\ntitle: 秘密\n---\n\nSECRET-DIARY-TEXT\n")
        try outside.write("chat.jsonl", "")
        try FileManager.default.createSymbolicLink(
            atPath: tmp.file("stories/s/chapters/002-邮差.md"), withDestinationPath: outside.file("secret.md"))
        try FileManager.default.createSymbolicLink(
            atPath: tmp.file("stories/s/chat.jsonl"), withDestinationPath: outside.file("chat.jsonl"))
        try FileManager.default.createDirectory(atPath: outside.file("exp"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: tmp.file("stories/s/export"), withDestinationPath: outside.file("exp"))
        let server = try FakeServer(defaultReply: Self.reply)
        defer { server.stop() }
        let r = try runNovelist(
            input: "/chapters\n/expand chapter 2\ny\n林晚是谁？\n/export md\n", environment: env(tmp, server.baseURL), cwd: tmp.path)
        #expect(r.stderr.contains("Skipped") && r.stderr.contains("002-邮差.md"), "the skipped file is named:\n\(r.all)")
        #expect(!r.all.contains("SECRET-DIARY-TEXT"))
        let sent = server.requests().map { "\($0["body"] ?? "")" }.joined()
        #expect(!sent.contains("SECRET-DIARY-TEXT"), "the linked file was sent to the endpoint")
        let objects = tmp.snapshot(includingInternal: true).filter { $0.key.contains(".novelist/objects") }
        #expect(
            !objects.values.contains { String(decoding: $0, as: UTF8.self).contains("SECRET-DIARY-TEXT") }, "copied into .novelist/objects")
        #expect(outside.read("secret.md")?.contains("SECRET-DIARY-TEXT") == true, "the outside file is untouched")
        #expect(outside.read("chat.jsonl") == "", "chat.jsonl was written through its link")
        #expect(
            (try? FileManager.default.contentsOfDirectory(atPath: outside.file("exp")))?.isEmpty == true,
            "export/ was written through its link")
        #expect(r.stderr.contains("symbolic link"), "\(r.all)")
    }

    /// `.novelist/` as a link: nothing is written through it (the story is not opened for writing).
    @Test func aLinkedBookkeepingFolderIsNotWrittenThrough() throws {
        let tmp = try story()
        let outside = try TempDir()
        try FileManager.default.createSymbolicLink(atPath: tmp.file("stories/s/.novelist"), withDestinationPath: outside.path)
        let r = try runNovelist(
            input: "/chapters\n", environment: ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m"], cwd: tmp.path)
        #expect(
            (try? FileManager.default.contentsOfDirectory(atPath: outside.path))?.isEmpty == true, "written through .novelist: \(r.all)")
        #expect(r.stderr.contains(".novelist"), "\(r.all)")
    }
}

extension HostileInputTests {
    // MARK: 3. Export paths

    /// Another story's chapter is never an export target; a file novelist did not export is replaced only
    /// after a yes (the next line of a pipe, or --yes); at most the last folder of the path is created.
    @Test func exportAsksBeforeReplacingAndStaysOutOfStories() throws {
        let tmp = try story(["chapters/001-开端.md": "---\ntitle: 开端\n---\n\n雾。\n"])
        try tmp.write("stories/other/story.yaml", "title: O\nlanguage: zh\n")
        try tmp.write("stories/other/chapters/001-x.md", "OTHER STORY\n")
        try tmp.write("out/mine.md", "MY NOTES\n")
        let env = ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "NOVELIST_STORY": "s"]
        let other = tmp.file("stories/other/chapters/001-x.md")
        let r = try runNovelist(
            input:
                "/export md \(other)\n/export md \(tmp.file("out/mine.md"))\nn\n/export md \(tmp.file("a/b/evil.md"))\n/export md \(tmp.file("out/new/book.md"))\n/chapters\n",
            environment: env, cwd: tmp.path)
        #expect(tmp.read("stories/other/chapters/001-x.md") == "OTHER STORY\n", "another story's chapter was replaced:\n\(r.all)")
        #expect(r.stderr.contains("inside the story folder other"), "\(r.all)")
        #expect(tmp.read("out/mine.md") == "MY NOTES\n", "replaced without a yes:\n\(r.all)")
        #expect(r.all.contains("did not write it as an export"), "\(r.all)")
        #expect(!FileManager.default.fileExists(atPath: tmp.file("a")), "a folder two levels up was created")
        #expect(tmp.read("out/new/book.md")?.contains("雾。") == true, "the last folder is created:\n\(r.all)")
        #expect(r.stdout.contains("第一章 开端"))
        // y replaces it; novelist's own export is then replaced without asking.
        let r2 = try runNovelist(
            input: "/export md \(tmp.file("out/mine.md"))\ny\n/export md \(tmp.file("out/mine.md"))\n", environment: env, cwd: tmp.path)
        #expect(tmp.read("out/mine.md")?.contains("雾。") == true, "\(r2.all)")
        #expect(r2.all.components(separatedBy: "did not write it as an export").count == 2, "asked once:\n\(r2.all)")
        // --yes answers yes.
        try tmp.write("out/theirs.md", "THEIRS\n")
        let r3 = try runNovelist(
            ["run", "s", "/export md \(tmp.file("out/theirs.md"))", "--yes"], input: "", environment: env, cwd: tmp.path)
        #expect(r3.status == 0 && tmp.read("out/theirs.md")?.contains("雾。") == true, "\(r3.all)")
    }
}

extension HostileInputTests {
    // MARK: 5. Read-only chapters

    /// chmod 444 on a chapter: the review says so, one yes writes nothing, --yes writes nothing, a second yes writes.
    @Test func aReadOnlyChapterNeedsASecondExplicitYes() throws {
        let old = "---\ntitle: 开端\n---\n\n旧的一段。\n"
        let tmp = try story(["chapters/001-开端.md": old])
        chmod(tmp.file("stories/s/chapters/001-开端.md"), 0o444)
        defer { chmod(tmp.file("stories/s/chapters/001-开端.md"), 0o644) }
        let server = try FakeServer(defaultReply: Self.reply)
        defer { server.stop() }
        let e = env(tmp, server.baseURL)
        let r = try runNovelist(input: "/rewrite chapter 1 改写\ny\nn\n/summarize chapter 1\ny\n", environment: e, cwd: tmp.path)
        #expect(r.stderr.contains("read-only"), "\(r.all)")
        #expect(tmp.read("stories/s/chapters/001-开端.md") == old, "a read-only chapter was overwritten:\n\(r.all)")
        let r2 = try runNovelist(["run", "s", "/rewrite chapter 1 改写", "--yes"], input: "", environment: e, cwd: tmp.path)
        #expect(tmp.read("stories/s/chapters/001-开端.md") == old, "--yes overwrote a read-only chapter:\n\(r2.all)")
        let r3 = try runNovelist(input: "/rewrite chapter 1 改写\ny\ny\n", environment: e, cwd: tmp.path)
        #expect(tmp.read("stories/s/chapters/001-开端.md")?.contains("雾从海面") == true, "the second yes writes:\n\(r3.all)")
    }
}

extension HostileInputTests {
    // MARK: 6, 7. Front matter, line endings, BOM

    /// /summarize on a CRLF chapter with a BOM, comments and a flow list: only the summary line is added,
    /// the file stays CRLF with its BOM, and the banner still counts it as written.
    @Test func summarizeEditsFrontMatterSurgicallyAndKeepsCRLFAndBOM() throws {
        let original = "\u{FEFF}---\r\n# my note\r\ntitle: 开端  # keep\r\ntags: [fog, harbor]\r\n---\r\n\r\n第一段。\r\n\r\n第二段。\r\n"
        let tmp = try story()
        try FileManager.default.createDirectory(atPath: tmp.file("stories/s/chapters"), withIntermediateDirectories: true)
        try Data(original.utf8).write(to: URL(fileURLWithPath: tmp.file("stories/s/chapters/001-开端.md")))
        let server = try FakeServer(defaultReply: "林晚收到一封信。")
        defer { server.stop() }
        let r = try runNovelist(input: "/summarize chapter 1\ny\n", environment: env(tmp, server.baseURL), cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: tmp.file("stories/s/chapters/001-开端.md")))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "the BOM was dropped")
        #expect(
            text
                == "\u{FEFF}---\r\n# my note\r\ntitle: 开端  # keep\r\ntags: [fog, harbor]\r\nsummary: 林晚收到一封信。\r\n---\r\n\r\n第一段。\r\n\r\n第二段。\r\n",
            "\(text.debugDescription)")
        let r2 = try runNovelist(input: "/chapters\n", environment: env(tmp, server.baseURL), cwd: tmp.path)
        #expect(r2.stderr.contains("1 written"), "\(r2.all)")
        #expect(!r2.stderr.contains("outside novelist"), "novelist's own write is not an outside edit:\n\(r2.all)")
    }

    /// A CRLF chapter changed by a rewrite stays CRLF (every line).
    @Test func aRewriteKeepsCRLF() throws {
        let tmp = try story(["chapters/001-开端.md": "---\r\ntitle: 开端\r\n---\r\n\r\n旧的一段。\r\n"])
        let server = try FakeServer(defaultReply: Self.reply)
        defer { server.stop() }
        let r = try runNovelist(input: "/rewrite chapter 1 改写\ny\n", environment: env(tmp, server.baseURL), cwd: tmp.path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: tmp.file("stories/s/chapters/001-开端.md")))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("雾从海面"), "\(r.all)")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "a line lost its CR: \(text.debugDescription)")
    }
}

extension HostileInputTests {
    // MARK: 8. The lock

    /// A lock file naming PID 1 (alive, unrelated) or holding garbage bytes does not keep the story read-only.
    @Test func aLockFileNobodyHoldsIsTakenOver() throws {
        for content in [Data("1\n".utf8), Data([0xFF, 0xFE, 0x80, 0x00, 0x81, 0x0A]), Data("\(getppid()) somehost\n".utf8)] {
            let tmp = try story()
            try tmp.write("stories/s/.novelist/lock", "")
            try content.write(to: URL(fileURLWithPath: tmp.file("stories/s/.novelist/lock")))
            let r = try runNovelist(
                input: "/chapter add 新的一章\n", environment: ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m"],
                cwd: tmp.path)
            #expect(r.status == 0, "\(content as NSData): \(r.all)")
            #expect(!r.all.contains("read-only") && !r.all.contains("GB18030"), "\(r.all)")
            #expect(tmp.read("stories/s/outline.md")?.contains("新的一章") == true, "\(r.all)")
        }
    }
}

extension HostileInputTests {
    // MARK: 9. Smaller ones

    /// `novelist run` exits 3 for a cut, malformed or stalled stream (the README's promise).
    @Test func runExitsThreeForABrokenStream() throws {
        let server = try FakeServer(defaultReply: Self.reply)
        defer { server.stop() }
        for fault in ["cut", "malformed", "stall"] {
            let tmp = try story()
            let r = try runNovelist(
                ["run", "s", "/expand chapter 1"], input: "", environment: env(tmp, server.faultURL(fault), ["NOVELIST_IDLE_TIMEOUT": "2"]),
                cwd: tmp.path)
            #expect(r.status == 3, "\(fault): \(r.all)")
        }
    }

    /// `/` and `//` alone are not sent to the model.
    @Test func aLoneSlashIsNotSentAsChat() throws {
        let tmp = try story()
        let server = try FakeServer(defaultReply: Self.reply)
        defer { server.stop() }
        let r = try runNovelist(input: "/\n//\n/chapters\n", environment: env(tmp, server.baseURL), cwd: tmp.path)
        #expect(server.requests().isEmpty, "sent: \(server.requests())")
        #expect(r.stderr.contains("Unknown command"), "\(r.all)")
        #expect(r.stdout.contains("第一章 开端"))
    }

    /// A key in the base URL's query string is masked by /config, the banner and error messages.
    @Test func aKeyInTheBaseURLIsMasked() throws {
        let tmp = try story()
        let server = try FakeServer(defaultReply: Self.reply)
        defer { server.stop() }
        let secret = "AIzaSyQueryKey0123456789wxyz"
        let r = try runNovelist(input: "/config\nhello\n", environment: env(tmp, server.baseURL + "?key=\(secret)"), cwd: tmp.path)
        #expect(r.stdout.contains("key=…wxyz"), "\(r.all)")
        #expect(!r.all.contains(secret) && !r.all.contains("QueryKey"), "\(r.all)")
    }

    /// A second, read-only novelist says so before anything is sent, and keeps no chat.jsonl or export.
    @Test func aReadOnlySessionSendsNothing() throws {
        let tmp = try story(["chapters/001-开端.md": "---\ntitle: 开端\n---\n\n正文。\n"])
        let server = try FakeServer(defaultReply: Self.reply)
        defer { server.stop() }
        let e = env(tmp, server.baseURL)
        let first = try NovelistProcess(arguments: [], environment: e, cwd: tmp.path)
        #expect(first.waitFor("Opened"))
        let r = try runNovelist(input: "林晚是谁？\n/expand chapter 2\n/export md\n", environment: e, cwd: tmp.path)
        _ = first.finish()
        #expect(server.requests().isEmpty, "a read-only session sent \(server.requests().count) requests")
        #expect(r.stderr.contains("read-only"), "\(r.all)")
        #expect(!FileManager.default.fileExists(atPath: tmp.file("stories/s/chat.jsonl")))
        #expect(!FileManager.default.fileExists(atPath: tmp.file("stories/s/export")))
    }

    /// `Opened …` names a story whose title is its folder name once.
    @Test func theOpenBannerSaysTheNameOnce() throws {
        let tmp = try TempDir()
        try tmp.write("stories/雾港/story.yaml", "title: 雾港\nlanguage: zh\n")
        let r = try runNovelist(
            input: "/chapters\n", environment: ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m"], cwd: tmp.path)
        #expect(r.stderr.contains("Opened 雾港:"), "\(r.all)")
        #expect(r.all.components(separatedBy: "雾港").count == 2, "\(r.all)")
        #expect(r.all.components(separatedBy: "Opened").count == 2, "\(r.all)")
    }
}

extension HostileInputTests {
    /// Two files for one chapter and a chapter number the outline gives twice are said at open; the banner
    /// counts chapters as /chapters does; /chapter delete refuses rather than delete both files.
    @Test func duplicateChaptersAreReportedAndNotDeletedTogether() throws {
        let tmp = try story(["chapters/002-a.md": "---\ntitle: a\n---\n\nA的正文。\n", "chapters/002-b.md": "---\ntitle: b\n---\n\nB的正文。\n"])
        try tmp.write("stories/s/outline.md", Self.outline + "\n## 第二章 又一个邮差\n- 重复\n")
        let r = try runNovelist(
            input: "/chapters\n/chapter delete 2\ny\n", environment: ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m"],
            cwd: tmp.path)
        #expect(r.stderr.contains("Chapter 2 has 2 files: 002-a.md, 002-b.md"), "\(r.all)")
        #expect(r.stderr.contains("The outline has chapter 2 2 times"), "\(r.all)")
        #expect(r.stderr.contains("2 chapters in the outline"), "the banner agrees with /chapters:\n\(r.all)")
        #expect(tmp.read("stories/s/chapters/002-a.md") != nil && tmp.read("stories/s/chapters/002-b.md") != nil, "\(r.all)")
        #expect(r.status == 1)
    }

    /// Hunk headers number prose paragraphs, as §A-B and "paragraphs A-B rewritten" do.
    @Test func hunkHeadersNumberParagraphsLikeTheSummary() throws {
        let tmp = try story(["chapters/001-开端.md": "---\ntitle: 开端\nstatus: draft\n---\n\n第一段。\n\n第二段。\n\n第三段。\n"])
        let server = try FakeServer(defaultReply: "新的第二段。")
        defer { server.stop() }
        let r = try runNovelist(input: "/rewrite chapter 1 §2-2 改写\nh\ny\n", environment: env(tmp, server.baseURL), cwd: tmp.path)
        #expect(r.all.contains("paragraphs 2-2 rewritten"), "\(r.all)")
        #expect(r.stdout.contains("@@ 1/1 · ¶2 ·"), "\(r.all)")
        #expect(!r.stdout.contains("¶8"), "\(r.all)")
        #expect(tmp.read("stories/s/chapters/001-开端.md")?.contains("新的第二段。") == true)
    }
}

extension HostileInputTests {
    /// kill -9 during an epub export: pandoc ran in its own process group, and the next start ends it and
    /// removes its temporary files (also outside the story).
    @Test func aKilledExportLeavesNoPandocAndNoTemporaryFiles() throws {
        let tmp = try story(["chapters/001-开端.md": "---\ntitle: 开端\n---\n\n雾。\n"])
        try tmp.write("bin/pandoc", "#!/bin/sh\nsleep 60\n")
        chmod(tmp.file("bin/pandoc"), 0o755)
        try FileManager.default.createDirectory(atPath: tmp.file("out"), withIntermediateDirectories: true)
        let e = ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "NOVELIST_PANDOC": tmp.file("bin/pandoc")]
        let p = try NovelistProcess(arguments: [], environment: e, cwd: tmp.path)
        p.send("/export epub \(tmp.file("out/book.epub"))\n")
        func pandocPids() -> [Int32] {
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }.filter {
                ((try? String(contentsOfFile: "/proc/\($0)/cmdline", encoding: .utf8)) ?? "").contains(tmp.file("bin/pandoc"))
            }
        }
        var pids: [Int32] = []
        for _ in 0..<200 where pids.isEmpty {
            pids = pandocPids()
            usleep(25_000)
        }
        #expect(!pids.isEmpty, "pandoc did not start")
        for pid in pids { #expect(getpgid(pid) != getpgid(p.process.processIdentifier), "pandoc is in novelist's process group") }
        kill(p.process.processIdentifier, SIGKILL)
        _ = p.finish(seconds: 10)
        let temps = { ((try? FileManager.default.contentsOfDirectory(atPath: tmp.file("out"))) ?? []).filter { $0.contains(".novelist-") } }
        #expect(!temps().isEmpty, "the kill left temporary files (the test would prove nothing)")
        let r = try runNovelist(input: "/chapters\n", environment: e, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        usleep(200_000)
        #expect(pandocPids().isEmpty, "pandoc is still running after the next start")
        #expect(temps().isEmpty, "temporary files left: \(temps())")
        for pid in pandocPids() { kill(-pid, SIGKILL) }
    }
}
