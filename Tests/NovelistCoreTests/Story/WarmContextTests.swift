import Foundation
import NovelistTesting
import Testing

@testable import NovelistCore
@testable import NovelistStory
@testable import NovelistText

/// Issue 19, session 5: what `/context` reads in a warm session, the history's line format, and the byte-level
/// helpers that replaced Character walks (each checked against the old way).
@Suite("Warm context, the history's known files, byte-level paths")
struct WarmContextTests {
    static let root = "/stories/雾港"

    static func story(chapters: Int) -> InMemoryFileSystem {
        var outline = "# 雾港\n\n"
        var files = ["\(root)/story.yaml": "title: 雾港\nlanguage: zh\nchapter_length: 500\n"]
        for n in 1...chapters {
            outline += "## 第\(n)章 标题\(n)\n\n林晚走过码头。\n\n"
            files["\(root)/chapters/\(String(format: "%03d", n))-c.md"] =
                "---\ntitle: 标题\(n)\nstatus: draft\nsummary: 第\(n)章的摘要，林晚出场。\n---\n\n第\(n)章的正文。林晚看着海。\n"
        }
        files["\(root)/outline.md"] = outline
        files["\(root)/bible/林晚.md"] = "---\nname: 林晚\naliases: [晚晚]\n---\n灯塔看守人。\n"
        return InMemoryFileSystem(files: files)
    }

    static func session(_ fs: InMemoryFileSystem, _ console: ScriptedConsole = ScriptedConsole()) throws -> Session {
        let settings = try SettingsResolver.resolve(
            flags: [:],
            environment: [
                "OPENAI_BASE_URL": "http://scripted.invalid/v1", "NOVELIST_MODEL": "m", "NOVELIST_STORIES_DIR": "/stories",
                "HOME": "/home/writer", "NOVELIST_CONTEXT_TOKENS": "16000"
            ], dotenv: [:])
        return Session(
            settings: settings, fs: fs, transport: ScriptedTransport([]), prompts: PromptLibrary(fs: fs, directories: []), console: console,
            cancel: CancelToken())
    }

    @Test("/context in a warm session reads only the chapter itself and the one whose end is sent; summaries come from the digests")
    func warmContextReads() throws {
        let fs = Self.story(chapters: 8)
        let first = try Self.session(fs)
        #expect(first.handle("/open 雾港") == .ok)
        #expect(first.handle("/context chapter 6") == .ok)
        first.openStory?.store.releaseLock()

        let console = ScriptedConsole()
        let second = try Self.session(fs, console)
        #expect(second.handle("/open 雾港") == .ok, "\(console.transcript)")
        fs.resetReads()
        #expect(second.handle("/context chapter 6 show") == .ok, "\(console.transcript)")
        let read = Set(fs.reads.keys.filter { $0.contains("/chapters/") })
        #expect(read == ["\(Self.root)/chapters/005-c.md", "\(Self.root)/chapters/006-c.md"], "\(read.sorted())")
        #expect(console.transcript.contains("第4章的摘要，林晚出场。"), "an earlier chapter's summary, from the digests")
        #expect(console.transcript.contains("第5章的正文。林晚看着海。"), "the end of chapter 5, read from its file")
        #expect(!console.transcript.contains("第6章的摘要"), "nothing of the chapter itself or later")

        // A summary changed in another program is what the next request sends.
        try fs.writeAtomically(
            "\(Self.root)/chapters/003-c.md", "---\ntitle: 标题3\nsummary: 改过的摘要，林晚离开。\n---\n\n第3章的正文。\n")
        let after = ScriptedConsole()
        let third = try Self.session(fs, after)
        second.openStory?.store.releaseLock()
        #expect(third.handle("/open 雾港") == .ok)
        #expect(third.handle("/context chapter 6 show") == .ok)
        #expect(after.transcript.contains("改过的摘要，林晚离开。"), "\(after.transcript)")
        #expect(!after.transcript.contains("第3章的摘要"))
    }

    @Test("a chapter whose front matter does not parse still stops /context with the file's error")
    func brokenChapterStillReported() throws {
        let fs = Self.story(chapters: 4)
        try fs.writeAtomically("\(Self.root)/chapters/002-c.md", "---\ntitle: [unclosed\n---\n\n字。\n")
        let console = ScriptedConsole()
        let s = try Self.session(fs, console)
        #expect(s.handle("/open 雾港") == .ok)
        #expect(s.handle("/context chapter 4") != .ok)
        #expect(console.transcript.contains("002-c.md"), "\(console.transcript)")
    }

    @Test("chapter(n) reads only chapter n's files, and picks the same file as chapters()")
    func singleChapterRead() throws {
        let fs = Self.story(chapters: 5)
        try fs.writeAtomically("\(Self.root)/chapters/003-b.md", "---\ntitle: 另一个\n---\n\n字。\n")
        let ws = StoryWorkspace(fs: fs, root: Self.root)
        fs.resetReads()
        let c = try #require(try ws.chapter(3))
        #expect(Set(fs.reads.keys) == ["\(Self.root)/chapters/003-b.md"])
        #expect(c.path == (try ws.chapters()).first { $0.number == 3 }?.path)
        #expect(try ws.chapter(9) == nil)
    }

    @Test("the history keeps what was seen as lines, reads an older history's JSON and rewrites it once")
    func knownLines() throws {
        let fs = Self.story(chapters: 3)
        let s = try Self.session(fs)
        #expect(s.handle("/open 雾港") == .ok)
        s.openStory?.store.releaseLock()
        let history = try #require(try fs.read("\(Self.root)/.novelist/history.json"))
        #expect(history.contains("\"knownLines\"") && !history.contains("\"known\""), "\(history)")
        let known = StoryStore.KnownFile.parse(try #require(Self.field("knownLines", in: history)))
        #expect(
            known?.keys.sorted() == [
                "bible/林晚.md", "chapters/001-c.md", "chapters/002-c.md", "chapters/003-c.md", "outline.md", "story.yaml"
            ])

        // What an older novelist wrote: the hashes as a JSON object. Read, then rewritten in lines.
        let hashes = try #require(try fs.read("\(Self.root)/.novelist/hashes.json"))
        try fs.writeAtomically("\(Self.root)/.novelist/history.json", "{\"entries\":[],\"position\":0,\"nextID\":1,\"known\":\(hashes)}")
        let old = try StoryStore(workspace: StoryWorkspace(fs: fs, root: Self.root))
        #expect(try old.noticeOutsideEdits().isEmpty, "the same files: no outside edit")
        old.releaseLock()
        #expect(try fs.read("\(Self.root)/.novelist/history.json")?.contains("\"knownLines\"") == true)

        // Lines cut short are not trusted: hashes.json is read instead, and nothing is taken for an edit.
        let whole = try #require(try fs.read("\(Self.root)/.novelist/history.json"))
        let lines = try #require(Self.field("knownLines", in: whole))
        let cut = whole.replacingOccurrences(of: Self.jsonString(lines), with: Self.jsonString(String(lines.prefix(60))))
        #expect(cut != whole)
        try fs.writeAtomically("\(Self.root)/.novelist/history.json", cut)
        let again = try StoryStore(workspace: StoryWorkspace(fs: fs, root: Self.root))
        #expect(try again.noticeOutsideEdits().isEmpty)
        again.releaseLock()
        #expect(StoryStore.KnownFile.parse("chapters/1.md\tabc\t1\t2\n") == nil, "no end line")
        #expect(StoryStore.KnownFile.parse("a\th\t-\t-\t-\nend\t1\n")?["a"] == StoryStore.KnownFile(hash: "h", stamp: nil))
    }

    static func field(_ name: String, in json: String) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return object?[name] as? String
    }

    static func jsonString(_ s: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]  // as the history is written
        let data = try! encoder.encode(s)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }

    @Test("parentDirectory and lastPathComponent on bytes agree with the Character versions", arguments: 0..<100)
    func pathParts(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        // (No lone combining mark after a slash: as Characters the two were one, and "/" was not found.)
        let pieces = ["/", "//", "a", "雾港", "e\u{301}", ".", "..", "第3章.md", " "]
        let path = (0..<Int(rng.next() % 8)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
        #expect(parentDirectory(path) == Self.oldParent(path), "\(path.debugDescription)")
        #expect(lastPathComponent(path) == Self.oldLast(path), "\(path.debugDescription)")
    }

    static func oldParent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        if slash == p.startIndex { return "/" }
        return String(p[..<slash])
    }

    static func oldLast(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
    }

    @Test("chapter numbers from file names, byte by byte")
    func chapterNumbers() {
        let cases: [(String, Int?)] = [
            ("003-雾港.md", 3), ("3.md", 3), ("0012_x.md", 12), ("000000000007-a.md", 7), ("1e-x.md", nil), ("第3章.md", nil),
            ("003-x.txt", nil), ("003x.md", nil), ("0-x.md", nil), ("100000-x.md", nil), (".md", nil), ("3\u{301}-x.md", nil),
            ("99999999999999999999-x.md", nil)
        ]
        for (name, n) in cases { #expect(ChapterFile.number(fromFileName: name) == n, "\(name)") }
    }

    @Test("byte search and byte order agree with String's for text in NFC")
    func byteSearchAndOrder() {
        let hay = "林晚走进咖啡馆，沈默跟在后面。Nell Avery waved."
        for needle in ["林晚", "沈默", "后面。", "Avery", "waved.", "雾港", "林晚走进咖啡馆，沈默跟在后面。Nell Avery waved.!", "晚走"] {
            let expected = hay.range(of: needle).map { hay.utf8.distance(from: hay.startIndex, to: $0.lowerBound) }
            #expect(hay.byteOffset(of: needle) == expected, "\(needle)")
        }
        #expect("".byteOffset(of: "a") == nil && "a".byteOffset(of: "") == nil)
        let words = ["雾港", "雾", "港", "a", "B", "chapters/010-x.md", "chapters/002-雾.md", "", "é", "z", "林晚", "林小姐"]
        for a in words { for b in words { #expect(a.precedesByBytes(b) == (a < b), "\(a) \(b)") } }
        #expect("雾港".sameBytes("雾港") && !"雾港".sameBytes("雾") && !"e\u{301}".sameBytes("é"))
        let dictionary = Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, $0) })
        let sorted = dictionary.sortedByKeyBytes()
        #expect(sorted.map(\.key) == dictionary.keys.sorted { $0.precedesByBytes($1) })
        #expect(sorted.allSatisfy { dictionary[$0.key] == $0.value } && sorted.count == dictionary.count)
    }

    @Test("files are read as UTF-8 by bytes: a BOM kept, GB18030 refused, a folder an error, a missing file nil")
    func localRead() throws {
        try withTemporaryDirectory { dir in
            let fs = LocalFileSystem()
            #expect(FileManager.default.createFile(atPath: "\(dir)/bom.md", contents: Data([0xEF, 0xBB, 0xBF] + Array("雾港\n".utf8))))
            #expect(try fs.read("\(dir)/bom.md") == "\u{FEFF}雾港\n")
            #expect(FileManager.default.createFile(atPath: "\(dir)/gb.md", contents: Data([0xCE, 0xED, 0xB8, 0xDB])))
            #expect(throws: NovelistError.self) { try fs.read("\(dir)/gb.md") }
            #expect(FileManager.default.createFile(atPath: "\(dir)/empty.md", contents: Data()))
            #expect(try fs.read("\(dir)/empty.md") == "")
            let big = String(repeating: "雾港来信。", count: 50_000)
            try fs.writeAtomically("\(dir)/big.md", big)
            #expect(try fs.read("\(dir)/big.md") == big)
            #expect(try fs.read("\(dir)/missing.md") == nil)
            #expect(try fs.read("\(dir)/missing/x.md") == nil)
            #expect(throws: NovelistError.self) { try fs.read(dir) }
        }
    }
}

/// A story's files are stated once until something changes (`StampMemo`, issue 19); the waits of a command
/// (a question, a model's reply) forget the stamps, a parse states its file afresh, and a story opened again
/// keeps the one memo its store writes through.
@Suite("Stamps of a session")
struct SessionStampTests {
    @Test("a question's answer and a model's reply forget the stamps; a parse and a reopened story see the file as it is")
    func stampsAfterWaits() throws {
        let fs = WarmContextTests.story(chapters: 3)
        let session = try WarmContextTests.session(fs, ScriptedConsole(answers: ["y"]))
        #expect(session.handle("/open 雾港") == .ok)
        let ws = try #require(session.openStory?.workspace)
        let rel = "chapters/001-c.md"
        let before = ws.fs.fileStamp(ws.path(rel))
        #expect(try ws.chapter(1, at: rel)?.prose == "第1章的正文。林晚看着海。\n")
        // Saved outside novelist (not through the story's memo).
        try fs.writeAtomically(ws.path(rel), "---\ntitle: 标题1\n---\n\n外面改过的正文。\n")
        #expect(ws.fs.fileStamp(ws.path(rel)) == before, "the memo holds the stamp until something forgets it")
        #expect(try ws.chapter(1, at: rel)?.prose == "外面改过的正文。\n", "a parse states its file afresh")
        try fs.writeAtomically(ws.path(rel), "---\ntitle: 标题1\n---\n\n又改了一次。\n")
        let held = ws.fs.fileStamp(ws.path(rel))
        #expect(session.answer("继续吗？") == "y")
        let afterAnswer = ws.fs.fileStamp(ws.path(rel))
        #expect(afterAnswer != held && afterAnswer == fs.fileStamp(ws.path(rel)))
        try fs.writeAtomically(ws.path(rel), "---\ntitle: 标题1\n---\n\n第三次。\n")
        #expect(ws.fs.fileStamp(ws.path(rel)) == afterAnswer)
        // No reply is scripted: the request fails, and the stamps are forgotten all the same.
        _ = try? session.ask(messages: [ChatMessage(role: "user", content: "你好")], maxTokens: nil, rawEstimate: nil)
        #expect(ws.fs.fileStamp(ws.path(rel)) == fs.fileStamp(ws.path(rel)))
        // Opened again: the workspace the store writes through is the session's.
        #expect(session.handle("/open 雾港") == .ok)
        let open = try #require(session.openStory)
        #expect((open.workspace.fs as? StampMemo) === (open.store.workspace.fs as? StampMemo))
    }
}

@Suite("The Markdown manuscript's chapters in one pass")
struct MarkdownChapterTests {
    @Test("one pass gives what markdownProse(normalizedForExport) gives", arguments: 0..<300)
    func sameAsComposition(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        let pieces = [
            "\n", "\n\n", "\n\n\n", "　　", "  ", "\t", "林晚走进咖啡馆。", "“你来了。”", "# 标题", "#", "---", " --- ", "```", "~~~", "- - -",
            "\u{301}", "e\u{301}", "\u{2003}", " ", "***", "Nell waved.", "　\u{301}", "\u{200D}", "👩‍👩‍👧", "\r\n", "## 二级"
        ]
        let prose = (0..<Int(rng.next() % 30)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
        #expect(
            ManuscriptExport.markdownChapter(prose[...]) == ManuscriptExport.markdownProse(Paragraphs.normalizedForExport(prose)),
            "\(prose.debugDescription)")
    }

    /// Chapters written the usual way (paragraphs one empty line apart), now and then with what the manuscript
    /// rewrites: the chapter is the same as the composition's, and when nothing is rewritten it is the prose's
    /// own bytes, not a copy (issue 19).
    @Test("a chapter written the usual way is its own slice", arguments: 0..<300)
    func usualChapterIsASlice(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        let paragraphs = ["林晚走进咖啡馆。", "“你来了。”她说。", "Nell waved.", "雾\n港", "```\n# 代码\n```", "e\u{301}"]
        let odd = ["　　缩进。", "# 标题", "---", "\n\n", " 空格", "尾空格 ", "\r\n", "\u{2003}"]
        var parts: [String] = ["雾港的夜很长，长得像没有尽头。"]  // a text too long to be stored inline (its bytes have an address)
        for _ in 0..<(1 + Int(rng.next() % 8)) {
            parts.append(
                rng.next() % 6 == 0 ? odd[Int(rng.next() % UInt64(odd.count))] : paragraphs[Int(rng.next() % UInt64(paragraphs.count))])
        }
        let prose = (rng.next() % 2 == 0 ? "\n" : "") + parts.joined(separator: "\n\n") + "\n"
        let made = ManuscriptExport.markdownChapter(prose[...])
        let expected = ManuscriptExport.markdownProse(Paragraphs.normalizedForExport(prose))
        #expect(made == expected, "\(prose.debugDescription)")
        // The builder's result is a String of its own; the prose's slice shares the prose's bytes.
        var whole = prose
        let shared = whole.withUTF8 { all in
            made.utf8.withContiguousStorageIfAvailable {
                $0.baseAddress.map { $0 >= all.baseAddress! && $0 < all.baseAddress! + all.count }
            }
        }
        if parts.allSatisfy({ !odd.contains($0) }) { #expect(shared == true, "\(prose.debugDescription)") }
    }

    /// The byte-level look (`plainSlice`) gives a chapter only when the look at its lines (`unchanged`) gives
    /// the same slice of it, on chapters made of what either might trip on; and it does give the usual chapter.
    @Test("told from the bytes alone: the same slice the lines give, and given for the usual chapter", arguments: 0..<400)
    func plainSliceAgrees(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        let usual = ["林晚走进咖啡馆。", "“你来了。”她说。", "Nell waved.", "「雾港」", "《夜航》", "（完）", "——是他。", "……", "‘嗯’", "3 点"]
        let odd = [
            "　　缩进", "# 标题", "#", "---", "-", "```", "~~~", " 空格", "尾空格 ", "尾　", "\t", "\r", "\u{2003}", "\u{301}", "e\u{301}",
            "\n", "雾\n港", "\u{3000}\u{301}", "é", "👩‍👩‍👧", "\u{85}", "\u{A0}", "*", "a", "。", "”", "“", ""
        ]
        var parts: [String] = []
        var plain = true
        for _ in 0..<(1 + Int(rng.next() % 9)) {
            let strange = rng.next() % 5 == 0
            let pool = strange ? odd : usual
            var p = pool[Int(rng.next() % UInt64(pool.count))]
            if rng.next() % 3 == 0 { p += usual[Int(rng.next() % UInt64(usual.count))] }
            let strangeEnd = rng.next() % 4 == 0
            if strangeEnd { p += odd[Int(rng.next() % UInt64(odd.count))] }
            plain = plain && !strange && !strangeEnd
            parts.append(p)
        }
        let separator = ["\n\n", "\n\n", "\n\n", "\n", "\n\n\n", "\n \n"][Int(rng.next() % 6)]
        let ends = ["", "\n", "\n\n", " ", "\n\n\n"]
        let middle = ends[Int(rng.next() % 5)]
        let prose = "雾港的夜很长，长得像没有尽头。" + middle + parts.joined(separator: separator) + ends[Int(rng.next() % 5)]
        let whole = ends[Int(rng.next() % 3)] + prose
        let slice = whole[...]
        let fast = ManuscriptExport.plainSlice(slice)
        if let fast {
            let slow = ManuscriptExport.unchanged(ProseLines(slice), in: slice)
            #expect(slow?.startIndex == fast.startIndex && slow?.endIndex == fast.endIndex, "\(whole.debugDescription)")
        }
        if plain, separator == "\n\n", ["", " ", "\n\n"].contains(middle), !whole.hasSuffix(" ") {
            #expect(fast != nil, "\(whole.debugDescription)")
        }
        #expect(ManuscriptExport.markdownChapter(slice) == ManuscriptExport.markdownProse(Paragraphs.normalizedForExport(whole)))
    }
}

@Suite("Cache lines")
struct TabFieldsTests {
    @Test("fields round-trip through a line, whatever they hold", arguments: 0..<100)
    func roundTrip(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        let pieces = ["\t", "\n", "\r", "\\", "\\t", "\\n", "雾港", "e\u{301}", "a", "", " ", "👩‍👩‍👧", "\\\\"]
        let fields = (0..<Int(1 + rng.next() % 6)).map { _ in
            (0..<Int(rng.next() % 6)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
        }
        let line = TabFields.line(fields)
        #expect(!line.contains("\n") && !line.contains("\r"))
        #expect(TabFields.fields(Substring(line)) == fields, "\(fields)")
    }
}
