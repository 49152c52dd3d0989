import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

private func mode(_ path: String) -> mode_t? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return st.st_mode & 0o7777
}

@Suite("Local file system")
struct LocalFileSystemTests {
    let fs = LocalFileSystem()

    @Test("list gives a folder's names, hidden ones too, in byte order, as FileManager does; nothing for a file or a missing folder")
    func listing() throws {
        try withTemporaryDirectory { dir in
            let names = ["雾港.md", "a.md", "B.md", ".hidden", "第十章", "010-x.md", "002-雾.md", "z z"]
            for n in names { FileManager.default.createFile(atPath: dir + "/" + n, contents: Data("x".utf8)) }
            try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
            let expected = try FileManager.default.contentsOfDirectory(atPath: dir).sorted { $0.precedesByBytes($1) }
            #expect(LocalFileSystem().list(dir) == expected)
            #expect(expected.count == names.count + 1)
            #expect(LocalFileSystem().list(dir + "/a.md").isEmpty && LocalFileSystem().list(dir + "/missing").isEmpty)
            #expect(LocalFileSystem().list(dir + "/sub").isEmpty)
        }
    }

    /// A big file is synced along the way (issue 19); a sync that fails is reported, never passed over.
    @Test("ongoing syncs: one per megabyte written, and a failed one is reported")
    func ongoingSync() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        // fdatasync(2) of a pipe fails (EINVAL): under a megabyte nothing is synced, past one the failure shows.
        let quiet = OngoingSync(fd: ends[1])
        quiet.wrote(total: OngoingSync.chunk - 1)
        #expect(quiet.finish() == nil)
        let synced = OngoingSync(fd: ends[1])
        synced.wrote(total: OngoingSync.chunk)
        #expect(synced.finish() == EINVAL)
        // A piece that fails to be written (a descriptor open only for reading) is thrown, thrown again by every
        // later write, and reported by finish().
        let readOnly = open("/dev/null", O_RDONLY)
        defer { close(readOnly) }
        let pieces = AtomicFile.Pieces(fd: readOnly, path: "/dev/null")
        #expect(throws: NovelistError.io(path: "/dev/null", errno: EBADF)) { try pieces.write("第一章"[...]) }
        #expect(throws: NovelistError.io(path: "/dev/null", errno: EBADF)) { try pieces.write(""[...]) }
        #expect(pieces.finish() == EBADF)
        // A real file: synced, nothing reported.
        let dir = NSTemporaryDirectory() + "novelist-sync-\(UUID().uuidString)"
        try fs.createDirectory(dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let piece = String(repeating: "雾港的夜很长。\n", count: 50_000)  // 1.1 MB
        try fs.writeAtomically(dir + "/big.md") { write in
            for _ in 0..<3 { try write(piece[...]) }
        }
        #expect(try fs.read(dir + "/big.md") == piece + piece + piece)
    }

    /// The buffer starts at the size fstat gives plus one and grows while the file goes on: a file whose size
    /// says 0 (a /proc file) is read whole, and a range read stops at the file's end.
    @Test("a file is read whole whatever its size says; a range is read up to the file's end")
    func readsWhole() throws {
        let status = try #require(try LocalFileSystem.withContents("/proc/self/status") { Array($0) })
        let text = String(decoding: status, as: UTF8.self)
        #expect(text.hasPrefix("Name:") && text.hasSuffix("\n") && text.contains("\nPid:"))
        let dir = NSTemporaryDirectory() + "novelist-read-\(UUID().uuidString)"
        try fs.createDirectory(dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try fs.writeAtomically(dir + "/a.md", "雾港的夜很长。")
        #expect(try fs.readBytes(dir + "/a.md", offset: 3, count: 100) == Array("港的夜很长。".utf8))
        #expect(try LocalFileSystem.withContents(dir + "/a.md") { Array($0) } == Array("雾港的夜很长。".utf8))
    }

    /// A stamp is looked up once until something changes (issue 19): an edit made outside is seen once the
    /// stamps are forgotten (where each command starts), a change made through the memo at once.
    @Test("stamps are kept until forgotten or until a change is made through the memo")
    func stampMemo() throws {
        let dir = NSTemporaryDirectory() + "novelist-memo-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let memo = StampMemo(LocalFileSystem())
        try memo.writeAtomically(dir + "/a.md", "雾港")
        let first = try #require(memo.fileStamp(dir + "/a.md"))
        #expect(memo.fileStamp(dir + "/missing.md") == nil && !memo.exists(dir + "/missing.md") && memo.exists(dir + "/a.md"))
        // Changed outside: the memo keeps the stamp it had until it is told to forget.
        #expect(FileManager.default.createFile(atPath: dir + "/a.md", contents: Data("雾港的夜".utf8)))
        #expect(FileManager.default.createFile(atPath: dir + "/missing.md", contents: Data("x".utf8)))
        #expect(memo.fileStamp(dir + "/a.md") == first)
        #expect(memo.fileStamp(dir + "/missing.md") == nil)
        memo.forget()
        let second = try #require(memo.fileStamp(dir + "/a.md"))
        #expect(second != first && second.size == Int64("雾港的夜".utf8.count))
        #expect(memo.fileStamp(dir + "/missing.md")?.size == 1)
        // Changed through the memo: seen at once, whatever the change.
        try memo.writeAtomically(dir + "/a.md", "夜")
        #expect(memo.fileStamp(dir + "/a.md")?.size == 3)
        try memo.remove(dir + "/missing.md")
        #expect(memo.fileStamp(dir + "/missing.md") == nil)
        try memo.append(dir + "/log.md", "一\n")
        #expect(memo.fileStamp(dir + "/log.md")?.size == 4)
        try memo.append(dir + "/log.md", "二\n")
        #expect(memo.fileStamp(dir + "/log.md")?.size == 8)
        // A story's workspace looks through one, and every command starts by forgetting.
        #expect(StoryWorkspace(fs: LocalFileSystem(), root: dir).fs is StampMemo)
    }

    @Test("writeAtomically creates the file and its parent folders")
    func createsFileAndParents() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/stories/雾港来信/chapters/001-雾港.md"
            try fs.writeAtomically(path, "---\ntitle: 雾港\n---\n\n正文😀\n")
            #expect(try fs.read(path) == "---\ntitle: 雾港\n---\n\n正文😀\n")
            #expect(fs.isDirectory("\(dir)/stories/雾港来信/chapters"))
            #expect(fs.exists(path))
            #expect(!fs.isDirectory(path))
            #expect(mode(path) == 0o644, "a new file is readable by the writer's other tools")
        }
    }

    @Test("writeAtomically replaces the content, including with shorter or empty content")
    func replaces() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/outline.md"
            try fs.writeAtomically(path, String(repeating: "很长的旧内容。\n", count: 1000))
            try fs.writeAtomically(path, "新")
            #expect(try fs.read(path) == "新")
            try fs.writeAtomically(path, "")
            #expect(try fs.read(path) == "")
        }
    }

    @Test("writeAtomically keeps the file's permissions")
    func keepsPermissions() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/.env-like"
            try fs.writeAtomically(path, "OPENAI_API_KEY=test-1")
            #expect(chmod(path, 0o600) == 0)
            try fs.writeAtomically(path, "OPENAI_API_KEY=test-2")
            #expect(mode(path) == 0o600)
            #expect(try fs.read(path) == "OPENAI_API_KEY=test-2")
            #expect(chmod(path, 0o640) == 0)
            try fs.writeAtomically(path, "x")
            #expect(mode(path) == 0o640)
        }
    }

    @Test("writeAtomically leaves no temporary files behind")
    func noTemporaryFiles() throws {
        try withTemporaryDirectory { dir in
            for i in 0..<20 { try fs.writeAtomically("\(dir)/story.yaml", "title: v\(i)\n") }
            try fs.writeAtomically("\(dir)/outline.md", "# x")
            #expect(fs.list(dir) == ["outline.md", "story.yaml"])
            let all = try FileManager.default.contentsOfDirectory(atPath: dir)
            #expect(!all.contains { $0.contains("novelist-") }, "\(all)")
        }
    }

    @Test("a failed write leaves the old file and no temporary file")
    func failedWrite() throws {
        try withTemporaryDirectory { dir in
            // The target is a non-empty directory: rename over it fails.
            let target = "\(dir)/chapters"
            try fs.writeAtomically("\(target)/001.md", "正文")
            #expect(throws: NovelistError.self) { try fs.writeAtomically(target, "not a folder") }
            #expect(fs.isDirectory(target))
            #expect(fs.list(dir) == ["chapters"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["chapters"])
        }
    }

    @Test("Chinese file names")
    func chineseNames() throws {
        try withTemporaryDirectory { dir in
            try fs.writeAtomically("\(dir)/雾港来信/第一章：雾起.md", "一")
            try fs.writeAtomically("\(dir)/雾港来信/第二章.md", "二")
            #expect(fs.list("\(dir)/雾港来信") == ["第一章：雾起.md", "第二章.md"].sorted())
            #expect(try fs.read("\(dir)/雾港来信/第一章：雾起.md") == "一")
        }
    }

    @Test("append appends, creating the file")
    func append() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/chat.jsonl"
            try fs.append(path, "{\"a\":1}\n")
            try fs.append(path, "{\"b\":\"雾\"}\n")
            #expect(try fs.read(path) == "{\"a\":1}\n{\"b\":\"雾\"}\n")
        }
    }

    @Test("append to a missing folder is an io error")
    func appendMissingFolder() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/missing/chat.jsonl"
            #expect(throws: NovelistError.self) { try fs.append(path, "x") }
        }
    }

    @Test("reading: a missing file is nil; list of a missing folder is empty")
    func readMissing() throws {
        try withTemporaryDirectory { (dir: String) throws in
            #expect(try fs.read("\(dir)/nope.md") == nil)
            #expect(fs.list("\(dir)/nope") == [])
            #expect(!fs.exists("\(dir)/nope.md"))
            #expect(!fs.isDirectory("\(dir)/nope"))
        }
    }

    @Test("list is sorted")
    func listSorted() throws {
        try withTemporaryDirectory { dir in
            for name in ["010-c.md", "002-b.md", "001-a.md"] { try fs.writeAtomically("\(dir)/\(name)", name) }
            #expect(fs.list(dir) == ["001-a.md", "002-b.md", "010-c.md"])
        }
    }

    @Test("createExclusive creates a file only once")
    func createExclusive() throws {
        try withTemporaryDirectory { (dir: String) throws in
            let path = "\(dir)/.lock"
            #expect(try fs.createExclusive(path, "pid 1") == true)
            #expect(try fs.createExclusive(path, "pid 2") == false)
            #expect(try fs.read(path) == "pid 1")
        }
    }

    @Test("remove deletes a file; a missing file is not an error")
    func remove() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/x.md"
            try fs.writeAtomically(path, "x")
            try fs.remove(path)
            #expect(!fs.exists(path))
            try fs.remove(path)
            #expect(fs.list(dir) == [])
        }
    }

    @Test("fileStamp reports size and changes when the file changes")
    func fileStamp() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/x.md"
            #expect(fs.fileStamp(path) == nil)
            try fs.writeAtomically(path, "雾")
            let first = try #require(fs.fileStamp(path))
            #expect(first.size == 3)
            try fs.writeAtomically(path, "雾港来信")
            let second = try #require(fs.fileStamp(path))
            #expect(second.size == 12)
            #expect(second != first)
        }
    }
}
