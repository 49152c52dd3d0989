import Foundation
import NovelistTesting
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// Issue 19: an export is rendered and written a chapter at a time into its temporary file, renamed over the
/// target only when it is complete.
@Suite("Streaming export")
struct StreamingExportTests {
    static func plan(_ count: Int) -> ManuscriptPlan {
        let chapters = (1...count).map { n in
            ChapterFile(
                number: n, path: StoryWorkspace.chapterPath(number: n, title: "第\(n)回"),
                document: MarkdownDocument(body: "林晚在第\(n)回里。\n\n# 一个标题\n\n---\n\n雾散了。\n", fields: [("title", "第\(n)回")]))
        }
        return ManuscriptPlan.make(chapters: chapters, outline: [])
    }

    static func temporaryFolder() -> String {
        var template = Array((NSTemporaryDirectory() + "/novelist-stream-XXXXXX").utf8CString)
        _ = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        return String(cString: template.map { UInt8(bitPattern: $0) })
    }

    @Test("the pieces are each chapter's heading and its prose, and join to exactly the whole manuscript", arguments: [false, true])
    func piecesJoinToTheWhole(withDisclosure: Bool) {
        let meta = StoryMeta(title: "雾港来信", author: "林晚", language: .zh)
        let plan = Self.plan(5)
        let disclosure = withDisclosure ? "AI 使用说明。" : nil
        var md: [String] = []
        let r = ManuscriptExport.writeMarkdown(meta: meta, plan: plan, date: "2025-01-01", toc: true, disclosure: disclosure) {
            md.append(String($0))
        }
        // Each chapter's heading, then its prose as a piece of its own (not copied onto the heading).
        #expect(md.count == 2 * 5 + 1)
        #expect(
            md.joined() == ManuscriptExport.markdown(meta: meta, plan: plan, date: "2025-01-01", toc: true, disclosure: disclosure).text)
        #expect(r.text.isEmpty && r.chapterCount == 5)
        var txt: [String] = []
        _ = ManuscriptExport.writeText(meta: meta, plan: plan, indent: true, disclosure: disclosure) { txt.append(String($0)) }
        #expect(txt.count == 2 * 5 + (withDisclosure ? 1 : 0))
        #expect(txt.joined() == ManuscriptExport.text(meta: meta, plan: plan, indent: true, disclosure: disclosure).text)
    }

    @Test("written piece by piece on disk; a failure half-way leaves the old file and no temporary file")
    func atomicPieces() throws {
        let dir = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/book.md"
        let fs = LocalFileSystem()
        try fs.writeAtomically(target, "old\n")
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try fs.writeAtomically(target) { write in
                try write("第一章\n")
                throw Stop()
            }
        }
        #expect(try fs.read(target) == "old\n")
        #expect(fs.list(dir) == ["book.md"], "no temporary file is left")
        try fs.writeAtomically(target) { write in
            for n in 1...3 { try write("第\(n)章\n") }
        }
        #expect(try fs.read(target) == "第1章\n第2章\n第3章\n")
        #expect(fs.list(dir) == ["book.md"])
    }

    @Test("the in-memory file system joins the pieces and keeps the same guarantee")
    func inMemory() throws {
        let fs = InMemoryFileSystem(files: ["/out/book.md": "old"])
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try fs.writeAtomically("/out/book.md") { write in
                try write("new")
                throw Stop()
            }
        }
        #expect(try fs.read("/out/book.md") == "old")
        try fs.writeAtomically("/out/book.md") { write in
            try write("a")
            try write("b")
        }
        #expect(try fs.read("/out/book.md") == "ab")
    }

    @Test("GB18030 is encoded a chapter at a time into the file: the same bytes as the whole text encoded at once")
    func gb18030Pieces() throws {
        let dir = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let meta = StoryMeta(title: "雾港来信", author: "林晚", language: .zh)
        let plan = Self.plan(4)
        try AtomicFile.writeAtomically(dir + "/book.txt") { file in
            _ = try ManuscriptExport.writeText(meta: meta, plan: plan, indent: true) { piece in
                try TextEncoder.encode(String(piece), as: .gb18030).withUnsafeBytes { try file.write($0) }
            }
        }
        let whole = try TextEncoder.encode(ManuscriptExport.text(meta: meta, plan: plan, indent: true).text, as: .gb18030)
        #expect(Array(FileManager.default.contents(atPath: dir + "/book.txt") ?? Data()) == whole)
    }
}

/// Issue 19: opening a story counts the written chapters on bytes; the quick check agrees with the general one.
@Suite("Counting written chapters")
struct QuickHasProseTests {
    @Test("the byte-level check answers like the general one whenever it answers", arguments: [1, 2, 3] as [UInt64])
    func agrees(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let pieces = ["---", "\n", "\r\n", "\r", " ", "\t", "title: A", "正文", "x", "　", "\u{85}", "-", "--- ", "\u{0B}"]
        var answered = 0
        for _ in 0..<4000 {
            let text = (0..<Int.random(in: 0...9, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let quick = Array(text.utf8).withUnsafeBufferPointer { ChapterFile.quickHasProse($0) }
            if let quick {
                answered += 1
                #expect(quick == ChapterFile.generalHasProse(text), "\(text.debugDescription)")
            }
            #expect(ChapterFile.hasProse(text) == ChapterFile.generalHasProse(text), "\(text.debugDescription)")
        }
        #expect(answered > 1000)
    }
}
