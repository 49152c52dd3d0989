import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistStory
@testable import NovelistText

/// Issue 19: the first look at a big story reads and hashes on all cores and stores every version with one sync.
struct FirstLookTests {
    @Test func aBatchOfNewFilesIsWrittenWholeWithNoTemporaryFileLeft() throws {
        try withTemporaryDirectory { root in
            try writeFiles(["story.yaml": "title: T\n"], under: root)
            let scratch = root + "/.novelist"
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let files = (0..<40).map { i in (path: "\(root)/.novelist/objects/\(i % 7)a/obj\(i)", pieces: ["第\(i)", "份\n"]) }
            try AtomicFile.writeNewFiles(files, scratch: scratch)
            for f in files {
                #expect(FileManager.default.contents(atPath: f.path).map(Array.init) == Array(f.pieces.joined().utf8))
                var st = stat()
                #expect(stat(f.path, &st) == 0 && st.st_mode & 0o777 == 0o644)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).filter { $0.hasPrefix(".") }.isEmpty)
        }
    }

    @Test func aBatchIntoALinkedFolderIsRefusedAndWritesNothing() throws {
        try withTemporaryDirectory { root in
            try withTemporaryDirectory { outside in
                try writeFiles(["story.yaml": "title: T\n"], under: root)
                try FileManager.default.createDirectory(atPath: root + "/.novelist/objects", withIntermediateDirectories: true)
                #expect(symlink(outside, root + "/.novelist/objects/ab") == 0)
                #expect(throws: NovelistError.self) {
                    try AtomicFile.writeNewFiles(
                        [(root + "/.novelist/objects/cd/x", ["a"]), (root + "/.novelist/objects/ab/y", ["b"])],
                        scratch: root + "/.novelist")
                }
                #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
                #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/.novelist").filter { $0.hasPrefix(".") }.isEmpty)
            }
        }
    }

    @Test func theFirstLookAtManyFilesStoresEachAndReportsTheUnreadableOne() throws {
        try withTemporaryDirectory { root in
            var files = ["story.yaml": "title: 长篇\nlanguage: zh\n", "outline.md": "# 长篇\n"]
            for n in 1...60 { files["chapters/\(String(format: "%03d", n))-c.md"] = "---\ntitle: 第\(n)章\n---\n\n第\(n)章的正文。\n" }
            files["chapters/007-c.md"] = files["chapters/001-c.md"]  // the same content twice: stored once
            try writeFiles(files, under: root)
            FileManager.default.createFile(atPath: root + "/chapters/030-c.md", contents: Data([0xC4, 0xE3, 0xBA, 0xC3]))  // GB18030
            let ws = StoryWorkspace(fs: LocalFileSystem(), root: root)
            let store = try StoryStore(workspace: ws, pid: 1, isAlive: { _ in false })
            #expect(try store.noticeOutsideEdits().isEmpty)
            #expect(store.sawFirstLook)
            #expect(store.unreadable.keys.sorted() == ["chapters/030-c.md"])
            for (rel, text) in files where rel != "chapters/030-c.md" {
                let hash = try #require(store.knownHash(rel), "\(rel)")
                #expect(hash == SHA256.hex(text))
                #expect(try store.content(ofHash: hash) == text)
            }
            // 61 distinct contents but the unreadable one, in one pack (no file or folder per version).
            let objects = try FileManager.default.contentsOfDirectory(atPath: root + "/.novelist/objects")
            #expect(objects.count == 1 && objects[0].hasPrefix("pack-") && objects[0].hasSuffix(".pack"), "\(objects)")
            #expect(store.packedObjects().count == files.count - 2)
            #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/.novelist").filter { $0.hasPrefix(".") }.isEmpty)
            store.releaseLock()
        }
    }
}
