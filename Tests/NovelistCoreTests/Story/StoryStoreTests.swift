import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// History, undo/redo, recovery after a crash, outside edits and the lock, on a real folder.
struct StoryStoreTests {
    func workspace(_ root: String) throws -> StoryWorkspace {
        try writeFiles(
            [
                "story.yaml": "title: 测试\nlanguage: zh\n",
                "outline.md": "## 第一章 开端\n",
                "chapters/001-开端.md": "---\ntitle: 开端\n---\n\n正文一。\n"
            ], under: root)
        return StoryWorkspace(fs: LocalFileSystem(), root: root)
    }

    func read(_ ws: StoryWorkspace, _ rel: String) throws -> String? { try ws.fs.read(ws.path(rel)) }

    @Test func aChangeIsUndoneAndRedoneAcrossAReopen() throws {
        try withTemporaryDirectory { root in
            let ws = try workspace(root)
            do {
                let store = try StoryStore(workspace: ws, pid: 100, isAlive: { _ in false })
                _ = try store.noticeOutsideEdits()
                try store.apply(
                    Phrase("two files"), [FileEdit("outline.md", "## 第一章 新\n"), FileEdit("bible/林晚.md", "---\nname: 林晚\n---\n")])
                #expect(try read(ws, "bible/林晚.md") != nil)
                store.releaseLock()
            }
            let store = try StoryStore(workspace: ws, pid: 101, isAlive: { _ in false })
            #expect(store.history.entries.count == 1)
            let undone = try #require(try store.undo())
            #expect(undone.message == "two files")
            #expect(try read(ws, "outline.md") == "## 第一章 开端\n")
            #expect(try read(ws, "bible/林晚.md") == nil, "a file the change created is removed by undo")
            _ = try store.redo()
            #expect(try read(ws, "outline.md") == "## 第一章 新\n")
            #expect(try store.redo() == nil)
        }
    }

    @Test func eachDistinctContentIsStoredOnce() throws {
        try withTemporaryDirectory { root in
            let ws = try workspace(root)
            let store = try StoryStore(workspace: ws, pid: 100, isAlive: { _ in false })
            _ = try store.noticeOutsideEdits()
            try store.apply(Phrase("a"), [FileEdit("outline.md", "A\n")])
            try store.apply(Phrase("b"), [FileEdit("outline.md", "## 第一章 开端\n")])
            try store.apply(Phrase("a again"), [FileEdit("outline.md", "A\n")])
            let objects = try FileManager.default.subpathsOfDirectory(atPath: root + "/.novelist/objects").filter { $0.count > 3 }
            #expect(objects.count == 4, "story.yaml, the two outlines and the chapter: \(objects)")
        }
    }

    @Test func aPendingChangeLeftByACrashIsRolledBack() throws {
        try withTemporaryDirectory { root in
            let ws = try workspace(root)
            do {
                let store = try StoryStore(workspace: ws, pid: 100, isAlive: { _ in false })
                _ = try store.noticeOutsideEdits()
                try store.apply(Phrase("first"), [FileEdit("outline.md", "FIRST\n")])
            }
            // Simulate a crash in the middle of the next change: the journal says pending, one file is written.
            let historyPath = root + "/.novelist/history.json"
            let history = try #require(try LocalFileSystem().read(historyPath))
            var object = try #require(try JSONSerialization.jsonObject(with: Data(history.utf8)) as? [String: Any])
            let pendingHash = SHA256.hex("HALF\n")
            try LocalFileSystem().writeAtomically(
                root + "/.novelist/objects/\(pendingHash.prefix(2))/\(pendingHash.dropFirst(2))", "HALF\n")
            let entry: [String: Any] = [
                "files": [["after": pendingHash, "before": SHA256.hex("FIRST\n"), "path": "outline.md"]],
                "id": 9, "kind": "change", "message": "crashed", "state": "pending", "time": "t"
            ]
            object["entries"] = ((object["entries"] as? [Any]) ?? []) + [entry]
            object["position"] = 2
            let data = try JSONSerialization.data(withJSONObject: object)
            try LocalFileSystem().writeAtomically(historyPath, String(decoding: data, as: UTF8.self))
            try LocalFileSystem().writeAtomically(root + "/outline.md", "HALF\n")
            try? FileManager.default.removeItem(atPath: root + "/.novelist/lock")

            let store = try StoryStore(workspace: ws, pid: 102, isAlive: { _ in false })
            #expect(try read(ws, "outline.md") == "FIRST\n", "the half-applied change is rolled back")
            #expect(store.history.entries.map(\.message) == ["first"])
            #expect(try store.undo()?.message == "first")
        }
    }

    @Test func anOutsideEditIsRecordedAndUndoable() throws {
        try withTemporaryDirectory { root in
            let ws = try workspace(root)
            let store = try StoryStore(workspace: ws, pid: 100, isAlive: { _ in false })
            #expect(try store.noticeOutsideEdits().isEmpty, "the first look takes files as they are")
            try LocalFileSystem().writeAtomically(root + "/chapters/001-开端.md", "---\ntitle: 开端\n---\n\n正文一。又一句。\n")
            try LocalFileSystem().writeAtomically(root + "/chapters/002-新.md", "---\ntitle: 新\n---\n\n新章。\n")
            let edits = try store.noticeOutsideEdits()
            #expect(edits.count == 2)
            #expect(edits.first { $0.path == "chapters/001-开端.md" }.map { $0.lengthAfter - $0.lengthBefore } == 3)
            #expect(edits.first { $0.path == "chapters/002-新.md" }?.created == true)
            // Applying over a file novelist has not seen since it changed is refused.
            try LocalFileSystem().writeAtomically(root + "/outline.md", "changed\n")
            #expect(throws: NovelistError.changedOutside(path: "outline.md")) {
                try store.apply(Phrase("x"), [FileEdit("outline.md", "y\n")])
            }
            _ = try store.noticeOutsideEdits()
            _ = try store.undo()
            #expect(try read(ws, "outline.md") == "## 第一章 开端\n")
        }
    }

    /// The lock is flock(2): a process holding it (here flock(1)) makes a store read-only, naming the pid its
    /// file gives; when that process dies the lock is free, whatever the file says (issue 13: PID 1, garbage).
    @Test func theLockMakesASecondStoreReadOnlyAndAStaleOneIsTakenOver() throws {
        try withTemporaryDirectory { root in
            let ws = try workspace(root)
            try FileManager.default.createDirectory(atPath: root + "/.novelist", withIntermediateDirectories: true)
            try "100 otherhost\n".write(toFile: root + "/.novelist/lock", atomically: false, encoding: .utf8)
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            // -o: flock(1) itself holds the lock (not cat); cat ends when its input is closed.
            holder.arguments = ["-o", "-x", root + "/.novelist/lock", "cat"]
            let input = Pipe()
            holder.standardInput = input
            try holder.run()
            defer { if holder.isRunning { holder.terminate() } }
            var second: StoryStore?
            for _ in 0..<100 {  // until flock(1) holds it
                let s = try StoryStore(workspace: ws, pid: 200)
                if s.readOnly {
                    second = s
                    break
                }
                s.releaseLock()
                usleep(20_000)
            }
            #expect(try #require(second).readOnly)
            // What the file says is only information for the message (a store of ours may have emptied it meanwhile).
            try "100 otherhost\n".write(toFile: root + "/.novelist/lock", atomically: false, encoding: .utf8)
            let readOnly = try StoryStore(workspace: ws, pid: 200)
            #expect(readOnly.readOnly)
            #expect(readOnly.lockHolder == 100)
            #expect(readOnly.lockHost == "otherhost")
            #expect(throws: NovelistError.readOnly(holder: 100)) { try readOnly.apply(Phrase("x"), [FileEdit("outline.md", "x")]) }
            try input.fileHandleForWriting.close()
            holder.waitUntilExit()
            for content in ["1\n", "\u{FF}\u{FE}garbage\0\n", "\(getpid())\n"] {
                try content.write(toFile: root + "/.novelist/lock", atomically: false, encoding: .utf8)
                let store = try StoryStore(workspace: ws, pid: 300)
                #expect(!store.readOnly, "a lock file nobody holds (\(content.debugDescription)) is taken over")
                #expect(try LocalFileSystem().read(root + "/.novelist/lock")?.hasPrefix("300 ") == true)
                let same = try StoryStore(workspace: ws, pid: 300)
                #expect(!same.readOnly, "two stores of one process share the lock")
            }
        }
    }

    @Test func pathsOutsideTheStoryAreRefused() throws {
        try withTemporaryDirectory { root in
            let store = try StoryStore(workspace: try workspace(root), pid: 100, isAlive: { _ in false })
            for bad in ["../x.md", "/etc/passwd", "a/../../b", "chapters/\u{0}.md", ""] {
                #expect(throws: NovelistError.self) { try store.apply(Phrase("bad"), [FileEdit(bad, "x")]) }
            }
            #expect(!FileManager.default.fileExists(atPath: root + "/../x.md"))
        }
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        #expect(SHA256.hex("雾港") == SHA256.hex("雾港"))
    }

    @Test func opensslAndTheSwiftRoundsGiveTheSameDigests() {
        #expect(SHA256.openSSLSHA256 != nil, "libcurl brings libcrypto into the process: the fast path is the one in use")
        #expect(SHA256.portableHex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var rng = SplitMix64(seed: 19)
        for length in [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 65_537] {
            let text = (0..<length).map { _ in ["a", "雾", "😀", "\n", "　"][Int(rng.next() % 5)] }.joined()
            #expect(SHA256.openSSLHex(text) == SHA256.portableHex(text), "length \(length)")
            #expect(SHA256.hex(text) == SHA256.portableHex(text), "length \(length)")
        }
        // Either side of the size from which OpenSSL hashes.
        for length in [SHA256.openSSLFrom - 1, SHA256.openSSLFrom, SHA256.openSSLFrom + 1] {
            let text = String(repeating: "a", count: length)
            #expect(SHA256.hex(text) == SHA256.openSSLHex(text) && SHA256.hex(text) == SHA256.portableHex(text), "length \(length)")
        }
    }
}

struct ChapterPlanTests {
    static let outline = "# 书\n\n前言。\n\n## 第一章 一\n- a\n\n## 第二章 二\n- b\n\n# 第二卷\n\n## 第3章 三\n- c\n"
    static let files = [
        ChapterPlan.Chapter(number: 1, path: "chapters/001-一.md", content: "---\ntitle: 一\n---\n\n一\n"),
        ChapterPlan.Chapter(number: 2, path: "chapters/002-二.md", content: "---\ntitle: 二\n---\n\n二\n"),
        ChapterPlan.Chapter(number: 3, path: "chapters/003-三.md", content: "---\ntitle: 三\n---\n\n三\n")
    ]

    func edits(_ plan: ChapterPlan) -> [String: String?] {
        Dictionary(uniqueKeysWithValues: plan.edits.map { ($0.path, $0.content) })
    }

    @Test func movingAChapterRenumbersFilesAndHeadingsInTheirStyle() throws {
        let plan = try ChapterPlan.plan(.move(from: 3, to: 1), outline: Self.outline, files: Self.files, language: .zh)
        let e = edits(plan)
        let outline = try #require(e["outline.md"] ?? nil)
        #expect(outline.contains("## 第1章 三\n- c\n\n## 第二章 一\n- a\n\n## 第三章 二"), "\(outline)")
        #expect(outline.contains("前言。"), "text before the chapters stays")
        #expect(e["chapters/001-三.md"] == .some("---\ntitle: 三\n---\n\n三\n"))
        #expect(e["chapters/002-一.md"] != nil)
        #expect(e["chapters/003-二.md"] != nil)
        #expect(e["chapters/001-一.md"] == .some(nil))
        #expect(plan.renumbered == [3: 1, 1: 2, 2: 3])
    }

    @Test func addDeleteRename() throws {
        let add = try ChapterPlan.plan(.add(title: "插曲", after: 1), outline: Self.outline, files: Self.files, language: .zh)
        let o = try #require(edits(add)["outline.md"] ?? nil)
        #expect(o.contains("## 第一章 一\n- a\n\n## 第二章 插曲\n\n## 第三章 二"), "\(o)")
        #expect(o.contains("## 第4章 三"))
        #expect(edits(add)["chapters/002-插曲.md"] != nil)

        let del = try ChapterPlan.plan(.delete(2), outline: Self.outline, files: Self.files, language: .zh)
        let d = edits(del)
        #expect(d["chapters/002-二.md"] == .some(nil))
        #expect(d["chapters/002-三.md"] != nil)
        #expect((d["outline.md"] ?? nil)?.contains("## 第2章 三") == true)
        #expect((d["outline.md"] ?? nil)?.contains("## 第二章 二") == false)
        #expect((d["outline.md"] ?? nil)?.contains("- b") == false)

        let ren = try ChapterPlan.plan(.rename(2, title: "归乡"), outline: Self.outline, files: Self.files, language: .zh)
        let r = edits(ren)
        #expect((r["outline.md"] ?? nil)?.contains("## 第二章 归乡\n- b") == true)
        #expect((r["chapters/002-归乡.md"] ?? nil)?.contains("title: 归乡") == true)
        #expect(r["chapters/002-二.md"] == .some(nil))
    }

    @Test func englishHeadingsAndBadNumbers() throws {
        let outline = "## Chapter 1: One\n\n## Chapter 2 - Two\n"
        let plan = try ChapterPlan.plan(.move(from: 2, to: 1), outline: outline, files: [], language: .en)
        #expect((edits(plan)["outline.md"] ?? nil) == "## Chapter 1 - Two\n\n## Chapter 2: One\n")
        #expect(throws: NovelistError.chapterOutOfRange(5, valid: [1, 2])) {
            try ChapterPlan.plan(.delete(5), outline: outline, files: [], language: .en)
        }
        #expect(throws: NovelistError.self) {
            try ChapterPlan.plan(.rename(1, title: "two\nlines"), outline: outline, files: [], language: .en)
        }
        // A title is text: only the file name is a slug (issue 21).
        #expect(throws: Never.self) { try ChapterPlan.plan(.rename(1, title: "../x"), outline: outline, files: [], language: .en) }
    }
}

struct ChapterCacheTests {
    @Test func aChangedChapterIsReadAgainAndProseIsDetectedWithoutParsing() throws {
        try withTemporaryDirectory { root in
            try writeFiles(["chapters/001-a.md": "---\ntitle: A\n---\n\n一。\n"], under: root)
            let ws = StoryWorkspace(fs: LocalFileSystem(), root: root)
            #expect(try ws.chapters().first?.prose == "一。\n")
            usleep(10_000)
            try writeFiles(["chapters/001-a.md": "---\ntitle: A\n---\n\n二二。\n", "chapters/002-b.md": "---\ntitle: B\n---\n"], under: root)
            // Stated afresh for a parse, whatever the stamps the command already looked up.
            let again = try ws.chapters()
            #expect(again.map(\.prose) == ["二二。\n", ""], "a file changed on disk is parsed again")
            try FileManager.default.removeItem(atPath: root + "/chapters/002-b.md")
            #expect(try ws.chapters().count == 1)
        }
        #expect(ChapterFile.hasProse("---\ntitle: A\n---\n\n正文\n"))
        #expect(!ChapterFile.hasProse("---\ntitle: A\n---\n\n \n"))
        #expect(!ChapterFile.hasProse("---\ntitle: A\n---\n"))
        #expect(ChapterFile.hasProse("no front matter"))
        #expect(!ChapterFile.hasProse("---\ntitle: never closed\n"))
    }
}

struct StaleTemporaryFileTests {
    @Test func leftoversOfAKilledWriteAreRemovedWhenTheStoryIsOpened() throws {
        try withTemporaryDirectory { root in
            try writeFiles(["story.yaml": "title: T\nlanguage: zh\n", "chapters/001-a.md": "---\ntitle: A\n---\n\n一。\n"], under: root)
            FileManager.default.createFile(atPath: root + "/chapters/.001-a.md.novelist-Ab12Cd", contents: Data("half".utf8))
            FileManager.default.createFile(atPath: root + "/chapters/.hidden-note.md", contents: Data("mine".utf8))
            _ = try StoryStore(workspace: StoryWorkspace(fs: LocalFileSystem(), root: root), pid: 1, isAlive: { _ in false })
            #expect(!FileManager.default.fileExists(atPath: root + "/chapters/.001-a.md.novelist-Ab12Cd"))
            #expect(FileManager.default.fileExists(atPath: root + "/chapters/.hidden-note.md"), "other hidden files are the writer's")
            #expect(FileManager.default.fileExists(atPath: root + "/chapters/001-a.md"))
        }
    }
}

struct RecoveryKeepsLaterEditsTests {
    @Test func anEditMadeAfterACrashIsNotRolledBackOver() throws {
        try withTemporaryDirectory { root in
            try writeFiles(["story.yaml": "title: T\nlanguage: zh\n", "outline.md": "FIRST\n"], under: root)
            let ws = StoryWorkspace(fs: LocalFileSystem(), root: root)
            do {
                let store = try StoryStore(workspace: ws, pid: 1, isAlive: { _ in false })
                _ = try store.noticeOutsideEdits()
            }
            // A pending change FIRST → HALF was interrupted; then the writer typed WRITER before restarting.
            let historyPath = root + "/.novelist/history.json"
            let historyText = try #require(try LocalFileSystem().read(historyPath))
            var object = try #require(try JSONSerialization.jsonObject(with: Data(historyText.utf8)) as? [String: Any])
            let half = SHA256.hex("HALF\n")
            try LocalFileSystem().writeAtomically(root + "/.novelist/objects/\(half.prefix(2))/\(half.dropFirst(2))", "HALF\n")
            object["entries"] = [
                [
                    "files": [["after": half, "before": SHA256.hex("FIRST\n"), "path": "outline.md"]],
                    "id": 1, "kind": "change", "message": "crashed", "state": "pending", "time": "t"
                ]
            ]
            object["position"] = 1
            try LocalFileSystem().writeAtomically(
                historyPath, String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
            try LocalFileSystem().writeAtomically(root + "/outline.md", "WRITER\n")
            try? FileManager.default.removeItem(atPath: root + "/.novelist/lock")
            let store = try StoryStore(workspace: ws, pid: 2, isAlive: { _ in false })
            #expect(try LocalFileSystem().read(root + "/outline.md") == "WRITER\n", "the writer's text survives recovery")
            let edits = try store.noticeOutsideEdits()
            #expect(edits.map(\.path) == ["outline.md"], "and is recorded as an outside edit")
        }
    }
}
