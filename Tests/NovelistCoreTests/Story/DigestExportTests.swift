import Foundation
import NovelistTesting
import Testing

@testable import NovelistCore
@testable import NovelistStory
@testable import NovelistText

/// Issue 19: an export plans from the chapters' digests and reads the chapters a batch at a time; what it writes
/// is exactly what the plan made from every chapter's text writes.
@Suite("Export from digests")
struct DigestExportTests {
    static let root = "/stories/雾港"

    static func story() -> InMemoryFileSystem {
        var files = [
            "\(root)/story.yaml": "title: 雾港\nlanguage: zh\n",
            "\(root)/outline.md": "# 雾港\n\n# 第一卷 起\n\n## 第一章 开端\n灯。\n\n## 第二章 雾\n\n# 第二卷 承\n\n## 第三十章 潮\n"
        ]
        let statuses = ["", "draft", "final", "Final ", "revised"]
        for n in 1...70 where n != 20 {
            let body = n % 9 == 0 ? "\n  \n" : "第\(n)章的正文。\n\n# 章内标题\n\n---\n\n雾散了。*真的*\n"
            files["\(root)/chapters/\(String(format: "%03d", n))-c.md"] =
                "---\ntitle: 第\(n)个标题\nstatus: \(statuses[n % statuses.count])\n---\n\n\(body)"
        }
        files["\(root)/chapters/007-again.md"] = "---\ntitle: 又一个第七章\n---\n\n重复的文件。\n"
        files["\(root)/chapters/030-c.md"] = "没有前言的第三十章。\n"
        files["\(root)/chapters/031-c.md"] = "---\r\r---\n\n"  // lone carriage returns: the two tests must agree
        files["\(root)/chapters/032-c.md"] = "---\ntitle: 标题\n---\r\r\r正文\r"
        return InMemoryFileSystem(files: files)
    }

    @Test(
        "the digests' plan and the chapters' plan write the same md and txt, cold and warm",
        arguments: [nil, "1-12,30-40"] as [String?], [nil, ["final"], ["draft", "revised"]] as [[String]?])
    func sameManuscript(selection: String?, statuses: [String]?) throws {
        let fs = Self.story()
        let meta = StoryMeta(title: "雾港", author: "林晚", language: .zh)
        let chosen = try selection.map { (s: String) throws(NovelistError) -> ChapterSelection in try ChapterSelection.parse(s) }
        let text = StoryWorkspace(fs: fs, root: Self.root)
        let expected = ManuscriptPlan.make(
            chapters: try text.chapters(), outline: try text.outline(), selection: chosen, statuses: statuses)
        for pass in ["cold", "warm"] {
            let ws = StoryWorkspace(fs: fs, root: Self.root)
            let plan = try ws.manuscriptPlan(outline: try ws.outline(), selection: chosen, statuses: statuses)
            ws.saveDigests()
            #expect(plan.chapters.allSatisfy { $0.prose.isEmpty }, "\(pass): no text held")
            #expect(plan.warnings == expected.warnings && plan.emptyReason == expected.emptyReason, "\(pass)")
            #expect(
                plan.chapters.map { [String($0.number), $0.title, $0.status, $0.volume ?? "-"] }
                    == expected.chapters.map { [String($0.number), $0.title, $0.status, $0.volume ?? "-"] }, "\(pass)")
            let read = { (batch: ArraySlice<ManuscriptChapter>) throws(NovelistError) -> [Substring] in try ws.prose(of: batch) }
            let md = try ManuscriptExport.markdown(meta: meta, plan: plan, date: "2026-12-02", toc: true, prose: read)
            let mdExpected = ManuscriptExport.markdown(meta: meta, plan: expected, date: "2026-12-02", toc: true)
            #expect(md.text == mdExpected.text, "\(pass)")
            #expect(md.length == expected.length && md.chapterCount == expected.chapters.count)
            let txt = try ManuscriptExport.text(meta: meta, plan: plan, indent: true, prose: read)
            #expect(txt.text == ManuscriptExport.text(meta: meta, plan: expected, indent: true).text, "\(pass)")
        }
    }

    @Test("a chapter gone between the plan and its batch stops the export with a clear error, not an empty chapter")
    func chapterGoneMidExport() throws {
        let fs = Self.story()
        let ws = StoryWorkspace(fs: fs, root: Self.root)
        let plan = try ws.manuscriptPlan(outline: try ws.outline(), selection: nil, statuses: nil)
        try fs.remove("\(Self.root)/chapters/040-c.md")
        let error = #expect(throws: NovelistError.self) {
            _ = try ManuscriptExport.markdown(meta: try ws.meta(), plan: plan, date: "2026-12-02", prose: { try ws.prose(of: $0) })
        }
        #expect(error == .fileFailed(path: "雾港/chapters/040-c.md", detail: L("the file is missing")))
    }

    @Test("a chapter that is a link out of the story is left out of the export, as chapters() leaves it out")
    func linkedChapter() throws {
        try withTemporaryDirectory { root in
            try withTemporaryDirectory { outside in
                var files = ["story.yaml": "title: 雾港\nlanguage: zh\n", "outline.md": "# 雾港\n"]
                for n in 1...5 { files["chapters/00\(n)-c.md"] = "---\ntitle: 第\(n)章\n---\n\n正文\(n)。\n" }
                try writeFiles(files, under: root)
                let ws = StoryWorkspace(fs: LocalFileSystem(), root: root)
                _ = ws.chapterDigests()
                ws.saveDigests()
                // The file moved out and a link put in its place: the same stamp through the link.
                #expect(rename(root + "/chapters/003-c.md", outside + "/003.md") == 0)
                #expect(symlink(outside + "/003.md", root + "/chapters/003-c.md") == 0)
                let again = StoryWorkspace(fs: LocalFileSystem(), root: root)
                let plan = try again.manuscriptPlan(outline: [], selection: nil, statuses: nil)
                #expect(plan.chapters.map(\.number) == [1, 2, 4, 5])
                #expect(plan.chapters.map(\.number) == (try again.chapters()).map(\.number))
                let md = try ManuscriptExport.markdown(
                    meta: try again.meta(), plan: plan, date: "2026-12-02", prose: { try again.prose(of: $0) })
                #expect(!md.text.contains("正文3"))
            }
        }
    }

    @Test("a chapter whose front matter does not parse stops the export with the chapters' own error")
    func brokenChapter() throws {
        let fs = Self.story()
        try fs.writeAtomically("\(Self.root)/chapters/005-c.md", "---\ntitle: [不闭合\n---\n\n正文。\n")
        let ws = StoryWorkspace(fs: fs, root: Self.root)
        let expected = #expect(throws: NovelistError.self) { try ws.chapters() }
        let got = #expect(throws: NovelistError.self) {
            try StoryWorkspace(fs: fs, root: Self.root).manuscriptPlan(outline: [], selection: nil, statuses: nil)
        }
        #expect(got == expected)
    }

    @Test("a session's export of 70 chapters reads each chapter once and writes the plan's manuscript")
    func sessionExport() throws {
        let fs = Self.story()
        let console = ScriptedConsole()
        let session = try WarmContextTests.session(fs, console)
        #expect(session.handle("/open 雾港") == .ok)
        fs.resetReads()
        #expect(session.handle("/export txt") == .ok, "\(console.transcript)")
        let chapterReads = fs.reads.filter { $0.key.contains("/chapters/") }
        #expect(chapterReads.values.allSatisfy { $0 == 1 }, "only the chapters written, once: \(chapterReads.filter { $0.value > 1 })")
        let written = try #require(try fs.read("\(Self.root)/export/雾港.txt"))
        let ws = StoryWorkspace(fs: fs, root: Self.root)
        let plan = ManuscriptPlan.make(chapters: try ws.chapters(), outline: try ws.outline())
        #expect(written == ManuscriptExport.text(meta: try ws.meta(), plan: plan, indent: false).text)
        session.openStory?.store.releaseLock()
    }
}

@Suite("Export date")
struct ExportDateTests {
    @Test("the title block's day is DateFormatter's yyyy-MM-dd in the local time zone, without ICU")
    func localDay() {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone.current
        f.dateFormat = "yyyy-MM-dd"
        // Every 7 hours and 13 minutes over four years (midnights, month ends, a leap day), and before 1970.
        for step in 0..<5_000 {
            let date = Date(timeIntervalSince1970: 1_700_000_000 + Double(step) * 26_000.5)
            #expect(Session.dateString(date) == f.string(from: date))
        }
        let early = Date(timeIntervalSince1970: -86_400 * 400 + 0.75)
        #expect(Session.dateString(early) == f.string(from: early))
    }
}

@Suite("Blank lines and byte prefixes")
struct BlankLineTests {
    @Test("isBlank by its first byte answers as the walk over scalars does", arguments: [1, 2, 3] as [UInt64])
    func blank(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let pieces = [
            " ", "\t", "　", "\u{85}", "\u{A0}", "\u{2028}", "\u{3000}", "a", "雾", "䀀", "鿿", "\u{1680}", "\u{0B}", "\u{7F}", "é", ""
        ]
        for _ in 0..<3000 {
            let text = (0..<Int(rng.next() % 5)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            let reference = text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
            #expect(text.isBlank == reference, "\(text.debugDescription)")
            #expect(Substring(text).isBlank == reference, "\(text.debugDescription)")
            #expect(Substring("x" + text).dropFirst().isBlank == reference, "\(text.debugDescription)")
        }
    }

    @Test("hasBytePrefix compares bytes, also on a slice")
    func bytePrefix() {
        #expect("```swift".hasBytePrefix("```") && !"``".hasBytePrefix("```") && "".hasBytePrefix(""))
        #expect(Substring("a# 标题").dropFirst().hasBytePrefix("# ") && !"é".hasBytePrefix("e"))
        #expect("　　正文".hasBytePrefix("　") && Substring("x-y").dropFirst().containsByte(0x2D))
    }
}
