import Foundation
import NovelistTesting
import Testing

@testable import NovelistCore
@testable import NovelistStory
@testable import NovelistText

/// Issue 19: a first open stores every version in one pack, reads each file once, and writes its caches
/// directly; what it stores reads back exactly, across processes, and a damaged pack is never taken as text.
@Suite("First open: packs and one read a file")
struct ObjectPackTests {
    static func bigStory(_ root: String, chapters: Int = 40) throws -> [String: String] {
        var files = ["story.yaml": "title: 雾港\nlanguage: zh\n", "outline.md": "# 雾港\n\n## 第一章 开端\n灯。\n"]
        for n in 1...chapters {
            files["chapters/\(String(format: "%03d", n))-c.md"] = "---\ntitle: 第\(n)章\n---\n\n第\(n)章的正文，\"引号\"\t和反斜杠\\。\n"
        }
        files["bible/林晚.md"] = "---\nname: 林晚\n---\n灯塔看守人。\n"
        try writeFiles(files, under: root)
        return files
    }

    @Test("versions in a pack read back in a new process; an edit after it is a single file; undo takes the pack's version")
    func packReadsBackAcrossProcesses() throws {
        try withTemporaryDirectory { root in
            let files = try Self.bigStory(root)
            let ws = StoryWorkspace(fs: LocalFileSystem(), root: root)
            let first = try StoryStore(workspace: ws, pid: 1)
            _ = try first.noticeOutsideEdits()
            first.releaseLock()
            #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/.novelist/objects").count == 1)

            let store = try StoryStore(workspace: StoryWorkspace(fs: LocalFileSystem(), root: root), pid: 2)
            for (rel, text) in files { #expect(try store.content(ofHash: SHA256.hex(text)) == text, "\(rel)") }
            let old = files["chapters/005-c.md"]!
            try writeFiles(["chapters/005-c.md": old + "\n又一段。\n"], under: root)
            let edits = try store.noticeOutsideEdits()
            #expect(edits.map(\.path) == ["chapters/005-c.md"])
            #expect(edits.first?.lengthBefore == TextLength.count(old).total)
            let loose = try FileManager.default.subpathsOfDirectory(atPath: root + "/.novelist/objects").filter {
                $0.count > 3 && !$0.hasPrefix("pack-")
            }
            #expect(loose.count == 1, "the edited version on its own, beside the pack: \(loose)")
            _ = try store.undo()
            #expect(try String(contentsOfFile: root + "/chapters/005-c.md", encoding: .utf8) == old)
            store.releaseLock()
        }
    }

    @Test("the work given to do meanwhile runs while a pack is stored; the pack is whole when the look returns")
    func meanwhile() throws {
        try withTemporaryDirectory { root in
            let files = try Self.bigStory(root)
            let store = try StoryStore(workspace: StoryWorkspace(fs: LocalFileSystem(), root: root), pid: 1)
            var ran = 0
            _ = try store.noticeOutsideEdits(meanwhile: { ran += 1 })
            #expect(ran == 1)
            store.packed = nil
            for text in files.values { #expect(try store.packedContent(ofHash: SHA256.hex(text)) == text) }
            try writeFiles(["chapters/001-c.md": "改了。\n"], under: root)
            _ = try store.noticeOutsideEdits(meanwhile: { ran += 1 })
            #expect(ran == 1, "one new version: stored on its own, nothing to wait for")
            store.releaseLock()
        }
        try withTemporaryDirectory { root in
            try withTemporaryDirectory { outside in
                _ = try Self.bigStory(root)
                let store = try StoryStore(workspace: StoryWorkspace(fs: LocalFileSystem(), root: root), pid: 1)
                // The objects folder turned into a link out of the story: the pack's writer refuses, the look fails.
                try FileManager.default.removeItem(atPath: root + "/.novelist/objects")
                #expect(symlink(outside, root + "/.novelist/objects") == 0)
                var ran = false
                #expect(throws: NovelistError.self) { try store.noticeOutsideEdits(meanwhile: { ran = true }) }
                #expect(ran)
                #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
                // Nothing of the failed look is kept (the known files and history are worked out before the versions
                // are stored): once the folder is mended, the next look stores every version.
                #expect(store.known.isEmpty && store.log.entries.isEmpty)
                #expect(!FileManager.default.fileExists(atPath: root + "/.novelist/hashes.json"))
                try FileManager.default.removeItem(atPath: root + "/.novelist/objects")
                _ = try store.noticeOutsideEdits(meanwhile: {})
                store.packed = nil
                let chapter = try String(contentsOfFile: root + "/chapters/001-c.md", encoding: .utf8)
                #expect(try store.content(ofHash: SHA256.hex(chapter)) == chapter)
                #expect(!store.known.isEmpty)
                store.releaseLock()
            }
        }
    }

    @Test("a damaged pack is a missing version, never wrong text; a pack that is not one is ignored")
    func damagedPack() throws {
        try withTemporaryDirectory { root in
            let files = try Self.bigStory(root)
            let store = try StoryStore(workspace: StoryWorkspace(fs: LocalFileSystem(), root: root), pid: 1)
            _ = try store.noticeOutsideEdits()
            store.releaseLock()
            let name = try #require(try FileManager.default.contentsOfDirectory(atPath: root + "/.novelist/objects").first)
            let pack = root + "/.novelist/objects/" + name
            var bytes = try #require(FileManager.default.contents(atPath: pack).map(Array.init))
            // Change one byte of the last version's text (the pack ends with it).
            bytes[bytes.count - 3] = UInt8(ascii: "X")
            try Data(bytes).write(to: URL(fileURLWithPath: pack))
            try Data("novelist pack 1 00000000000zz\n".utf8).write(to: URL(fileURLWithPath: root + "/.novelist/objects/pack-0.pack"))
            let again = try StoryStore(workspace: StoryWorkspace(fs: LocalFileSystem(), root: root), pid: 2)
            let hashes = files.values.map(SHA256.hex)
            var missing = 0
            for hash in hashes {
                do throws(NovelistError) { _ = try again.content(ofHash: hash) } catch {
                    guard case .badStoryFile = error else { throw error }
                    missing += 1
                }
            }
            #expect(missing == 1, "only the damaged version")
            again.releaseLock()
        }
    }

    @Test("a pack whose numbers are huge, or a FIFO named like a pack, is ignored: no crash, no hang, the look goes on")
    func hostilePacks() throws {
        try withTemporaryDirectory { root in
            let files = try Self.bigStory(root)
            let objects = root + "/.novelist/objects"
            try FileManager.default.createDirectory(atPath: objects, withIntermediateDirectories: true)
            let c = String(repeating: "c", count: 64)
            try Data(("novelist pack 1 900000000000000\n" + c + " 0 1\n").utf8).write(to: URL(fileURLWithPath: objects + "/pack-a.pack"))
            let index = c + " 5 9000000000000000000\n"
            try Data(
                ("novelist pack 1 " + String(repeating: "0", count: 15 - String(index.utf8.count).count) + "\(index.utf8.count)\n" + index
                    + "x")
                    .utf8
            ).write(to: URL(fileURLWithPath: objects + "/pack-b.pack"))
            #expect(mkfifo(objects + "/pack-c.pack", 0o644) == 0)
            let store = try StoryStore(workspace: StoryWorkspace(fs: LocalFileSystem(), root: root), pid: 1)
            #expect(store.packedObjects().isEmpty)
            _ = try store.noticeOutsideEdits()
            for text in files.values { #expect(try store.content(ofHash: SHA256.hex(text)) == text) }
            store.releaseLock()
        }
    }

    @Test("the pack's index is what its header says; malformed headers and lines are refused")
    func packFormat() {
        let objects = [("a", "雾港\n"), ("b", "")].map { (hash: String(repeating: $0.0, count: 64), text: $0.1) }
        let text = ObjectPack.encode(objects).joined()
        let bytes = Array(text.utf8)
        let length = ObjectPack.indexLength(header: Array(bytes[0..<32]))
        #expect(length == 2 * (64 + " 0 7\n".count))  // "雾港\n" is 7 bytes
        let entries = ObjectPack.entries(index: Array(bytes[32..<(32 + length!)]), fileSize: bytes.count)
        let a = entries?[objects[0].hash]
        #expect(a.map { Array(bytes[$0.offset..<($0.offset + $0.length)]) } == Array("雾港\n".utf8))
        #expect(entries?[objects[1].hash]?.length == 0)
        #expect(ObjectPack.indexLength(header: Array("novelist pack 2 000000000000010\n".utf8)) == nil)
        #expect(ObjectPack.indexLength(header: Array("novelist pack 1 0000000000000-1\n".utf8)) == nil)
        #expect(ObjectPack.entries(index: Array("abc 0 1\n".utf8), fileSize: 100) == nil)
        let c = String(repeating: "c", count: 64)
        #expect(ObjectPack.entries(index: Array((c + " 0 -1\n").utf8), fileSize: 1000) == nil)
        // Numbers a damaged index may hold: past the file, or past Int's range.
        #expect(ObjectPack.entries(index: Array((c + " 0 2000\n").utf8), fileSize: 1000) == nil)
        #expect(ObjectPack.entries(index: Array((c + " 9223372036854775807 1\n").utf8), fileSize: 1000) == nil)
        #expect(ObjectPack.entries(index: Array((c + " 1 9223372036854775807\n").utf8), fileSize: 1000) == nil)
        #expect(ObjectPack.entries(index: Array((c + " 1 2\n").utf8), fileSize: 1000)?[c] == .init(offset: 32 + 69 + 1, length: 2))
    }

    @Test("a session's first open reads each chapter and bible file once")
    func firstOpenReadsOnce() throws {
        var files = ["/stories/雾港/story.yaml": "title: 雾港\nlanguage: zh\n", "/stories/雾港/outline.md": "# 雾港\n"]
        for n in 1...40 { files["/stories/雾港/chapters/\(String(format: "%03d", n))-c.md"] = "---\ntitle: 第\(n)章\n---\n\n雾。\n" }
        files["/stories/雾港/bible/林晚.md"] = "---\nname: 林晚\n---\n灯塔看守人。\n"
        let fs = InMemoryFileSystem(files: files)
        let console = ScriptedConsole()
        let session = try WarmContextTests.session(fs, console)
        fs.resetReads()
        #expect(session.handle("/open 雾港") == .ok, "\(console.transcript)")
        #expect(console.transcript.contains("40 written"), "\(console.transcript)")
        let story = fs.reads.filter { $0.key.contains("/chapters/") || $0.key.contains("/bible/") }
        #expect(story.count == 41 && story.values.allSatisfy { $0 == 1 }, "\(story.filter { $0.value != 1 })")
        session.openStory?.store.releaseLock()
    }

    @Test("hashes.json as written reads back as the same known files")
    func hashesJSON() throws {
        let known: [String: StoryStore.KnownFile] = [
            "chapters/001-开端.md": .init(hash: "ab", stamp: FileStamp(size: 12, modifiedNanoseconds: -3, inode: 99)),
            "bible/\"引\"\t\\号.md": .init(hash: "cd", stamp: FileStamp(size: 0, modifiedNanoseconds: 1_700_000_000_000_000_000)),
            "outline.md": .init(hash: "ef", stamp: nil)
        ]
        let text = StoryStore.KnownFile.json(known)
        #expect(try JSONDecoder().decode([String: StoryStore.KnownFile].self, from: Data(text.utf8)) == known)
        #expect(StoryStore.KnownFile.json([:]) == "{}")
    }

    @Test("a cache line escapes exactly tab, newline, carriage return and backslash")
    func cacheLine() {
        #expect(TabFields.line(["a\tb", "c\\", "雾\n\r", ""]) == "a\\tb\tc\\\\\t雾\\n\\r\t")
    }
}
