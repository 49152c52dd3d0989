import Foundation
import Testing

/// Issue 15 through the real binary: the bible at any depth, progressions, the appearance index and /where,
/// the context for chapter N (last appearances, nothing from N or later), calibration that cannot be fooled.
@Suite(.serialized)
struct LongMemoryTests {
    static let outline =
        "# 雾港来信\n\n## 第一章 旧信\n- 信\n\n## 第二章 邮差\n- 邮局\n\n## 第三章 雾夜\n- 雾\n\n## 第四章 离港\n- 船\n\n## 第五章 归来\n- 阿晚回到雾港\n\n## 第六章 掌门\n- 大会\n"

    func story(_ tmp: TempDir, _ server: FakeServer) throws -> [String: String] {
        try tmp.write("stories/s/story.yaml", "title: 雾港来信\nlanguage: zh\nchapter_length: 1200\nlength_tolerance: off\n")
        try tmp.write("stories/s/outline.md", Self.outline)
        try tmp.write(
            "stories/s/bible/characters/林晚.md", "---\nname: 林晚\naliases: [阿晚]\n---\n\n邮差的女儿。\n\n## 第4章起\n她在灯塔失明了。\n\n## 第6章起\n她成了掌门。\n")
        try tmp.write("stories/s/bible/places/雾港.md", "---\nname: 雾港\n---\n\n终年有雾的港口。\n")
        try tmp.write("stories/s/bible/沈舟.md", "---\nname: 沈舟\n---\n\n邮差。\n")
        let chapters = [
            ("旧信", "林晚读信。", "林晚收到一封旧信。"), ("邮差", "沈舟在邮局。", "沈舟在邮局见到阿晚。"),
            ("雾夜", "雾港起雾。", "雾港的夜里有人落水。"), ("离港", "船走了。", "邮差离开。"),
            ("归来", "海。", "第五章自己的摘要。"), ("掌门", "大会。", "第六章的摘要。")
        ]
        for (i, c) in chapters.enumerated() {
            try tmp.write("stories/s/chapters/00\(i + 1)-\(c.0).md", "---\ntitle: \(c.0)\nsummary: \(c.2)\n---\n\n\(c.1)\n")
        }
        return [
            "NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "OPENAI_BASE_URL": server.baseURL, "NOVELIST_LANG": "en"
        ]
    }

    @Test func theBibleIsReadAtAnyDepthAndListedByKind() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "好。")
        defer { server.stop() }
        let env = try story(tmp, server)
        var r = try runNovelist(input: "/bible\n/bible 阿晚\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("character (1)\n  林晚  (阿晚)  bible/characters/林晚.md"), "\(r.stdout)")
        #expect(r.stdout.contains("place (1)\n  雾港  bible/places/雾港.md"), "\(r.stdout)")
        #expect(r.stdout.contains("(no kind) (1)\n  沈舟  bible/沈舟.md"), "\(r.stdout)")
        #expect(r.stdout.contains("林晚 [character] — 阿晚"), "\(r.stdout)")
        #expect(!r.stderr.contains("The bible has"), "no duplicates here\n\(r.stderr)")

        // A nested entry is part of the history: an edit outside novelist is noticed; a duplicate alias is said at open.
        try tmp.write("stories/s/bible/characters/林晚.md", "---\nname: 林晚\naliases: [阿晚]\n---\n\n邮差的女儿，左撇子。\n")
        try tmp.write("stories/s/bible/places/north/阿晚.md", "---\nname: 阿晚\n---\n\n一条船。\n")
        r = try runNovelist(input: "/history\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("The bible has 2 entries named 阿晚: bible/characters/林晚.md, bible/places/north/阿晚.md."), "\(r.stderr)")
        #expect(r.stderr.contains("outside novelist"), "\(r.stderr)")
    }

    @Test func whereListsAppearancesLastFirstAndTheContextSaysWhyEachSummaryIsThere() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "新的第五章。")
        defer { server.stop() }
        let env = try story(tmp, server)
        let r = try runNovelist(
            input: "/where 阿晚\n/context chapter 5\n/context chapter 5 show\n/expand chapter 5\nn\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("林晚 appears in 2 chapters, last first:\n   2  "), "\(r.stdout)")
        #expect(r.stdout.contains("\n      沈舟在邮局见到阿晚。\n   1  "), "\(r.stdout)")
        #expect(tmp.read("stories/s/.novelist/appearances.tsv")?.contains("林晚") == true, "the index is kept under .novelist/")
        #expect(r.stdout.contains("bible: 林晚 (as of chapter 4)"), "\(r.stdout)")
        #expect(r.stdout.contains("林晚 — last seen in chapter 2"), "\(r.stdout)")
        #expect(r.stdout.contains("雾港 — last seen in chapter 3"), "\(r.stdout)")
        #expect(r.stdout.contains("previous chapter (4)"), "\(r.stdout)")
        let request = try #require(server.requests().last?["body"] as? [String: Any])
        let sent = try #require(request["messages"] as? [[String: String]]).compactMap { $0["content"] }.joined(separator: "\n")
        #expect(sent.contains("沈舟在邮局见到阿晚。") && sent.contains("雾港的夜里有人落水。") && sent.contains("邮差离开。"), "\(sent)")
        #expect(sent.contains("邮差的女儿。") && sent.contains("她在灯塔失明了。"), "the base text and the progression as of chapter 5\n\(sent)")
        #expect(!sent.contains("掌门。") && !sent.contains("她成了掌门"), "no progression that starts later\n\(sent)")
        #expect(!sent.contains("第五章自己的摘要") && !sent.contains("第六章的摘要"), "nothing from chapter 5 or later\n\(sent)")
    }

    @Test func aFixedUsageCountDoesNotMoveTheCalibrationAndIsSaidOnce() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "好。", promptTokens: 7)
        defer { server.stop() }
        let env = try story(tmp, server)
        let r = try runNovelist(input: "/expand chapter 5\nn\n/expand chapter 5\nn\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(server.requests().count == 2)
        #expect(r.stderr.components(separatedBy: "not a real count").count == 2, "said once\n\(r.stderr)")
        let factor = tmp.read("data/novelist/calibration.json").flatMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        .flatMap { ($0["factors"] as? [String: Double])?["m"] }
        #expect(factor == nil || factor == 1.0, "\(String(describing: factor))")
    }

    @Test func threadsAreListedPlantedResolvedUndoneAndSentOnlyWhenTheyBelong() throws {
        let tmp = try TempDir()
        let server = try FakeServer(defaultReply: "- 未发现问题")
        defer { server.stop() }
        let env = try story(tmp, server)
        let threads =
            "## 铜钥匙的来历\n- planted: 1\n- due: 5\n- status: open\n- who: 林晚\n\n钥匙柄上刻着七。\n\n## 后来的秘密\n- planted: 5\n- status: open\n- who: 阿晚\n\n不该出现的伏笔。\n"
        try tmp.write("stories/s/threads.md", threads)
        var r = try runNovelist(
            input: "/threads\n/context chapter 5\n/context chapter 5 show\n/check chapter 5\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stdout.contains("[OVERDUE] 铜钥匙的来历  (planted in 1; due 5; 林晚)\n[open] 后来的秘密"), "\(r.stdout)")
        #expect(r.stdout.contains("thread: 铜钥匙的来历"), "\(r.stdout)")
        #expect(r.stdout.contains("钥匙柄上刻着七。"), "\(r.stdout)")
        #expect(!r.stdout.contains("不该出现的伏笔。"), "a thread planted in chapter 5 is not sent for chapter 5\n\(r.stdout)")
        #expect(r.stderr.contains("Open thread due by chapter 5: 铜钥匙的来历 (planted in 1)."), "\(r.stderr)")

        r = try runNovelist(input: "/thread add 沉船 due 9\n/thread resolve 铜钥匙的来历 in 5\n/threads\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let after = try #require(tmp.read("stories/s/threads.md"))
        #expect(
            after.contains("## 铜钥匙的来历\n- planted: 1\n- due: 5\n- status: resolved\n- resolved in: 5\n- who: 林晚\n\n钥匙柄上刻着七。"), "\(after)")
        #expect(after.hasSuffix("\n\n## 沉船\n- planted: 6\n- due: 9\n- status: open\n"), "\(after)")
        #expect(r.stdout.contains("[open] 后来的秘密"), "\(r.stdout)")
        #expect(r.stdout.contains("[resolved in 5] 铜钥匙的来历"), "\(r.stdout)")
        r = try runNovelist(input: "/undo\n/undo\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(tmp.read("stories/s/threads.md") == threads, "both changes undone")
    }
}
