import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

@Suite("Story card (story.yaml)")
struct StoryMetaTests {
    @Test("all fields are read, chapter_length included")
    func readsFields() throws {
        let yaml = """
            title: 雾港来信
            author: 林晚
            language: zh
            genre: 悬疑
            logline: 一封没有署名的信，把她带回十年前的沉船。
            style: 冷静、克制
            chapter_length: 3000
            extra: ignored
            """
        let meta = try StoryMeta(yaml: yaml, file: "雾港来信/story.yaml")
        #expect(
            meta
                == StoryMeta(
                    title: "雾港来信", author: "林晚", language: .zh, genre: "悬疑",
                    logline: "一封没有署名的信，把她带回十年前的沉船。", style: "冷静、克制", chapterLength: 3000))
    }

    @Test("missing language is guessed from the title")
    func guessesLanguage() throws {
        #expect(try StoryMeta(yaml: "title: 雾港来信", file: "s.yaml").language == .zh)
        #expect(try StoryMeta(yaml: "title: The Lost Letter", file: "s.yaml").language == .en)
        #expect(try StoryMeta(yaml: "title: 雾港来信\nlanguage: EN", file: "s.yaml").language == .en)
        #expect(try StoryMeta(yaml: "title: x\nlanguage: zh-CN", file: "s.yaml").language == .zh)
        #expect(try StoryMeta(yaml: "title: x", file: "s.yaml").chapterLength == nil)
    }

    @Test("a language other than zh or en is an error naming the file", arguments: ["fr", "ja", "klingon"])
    func badLanguage(language: String) {
        let error = #expect(throws: NovelistError.self) {
            try StoryMeta(yaml: "title: x\nlanguage: \(language)", file: "s/story.yaml")
        }
        guard case .badStoryFile(let file, let detail)? = error else {
            Issue.record("expected badStoryFile, got \(String(describing: error))")
            return
        }
        #expect(file == "s/story.yaml")
        #expect(detail.text.contains(language))
    }

    @Test("invalid YAML and non-mappings are errors", arguments: ["title: [unclosed", "- a\n- b", "just a string", ""])
    func invalid(yaml: String) {
        #expect(throws: NovelistError.self) { try StoryMeta(yaml: yaml, file: "s/story.yaml") }
    }

    @Test(
        "yaml() reads back to the same card",
        arguments: [
            StoryMeta(title: "雾港来信", author: "林晚", language: .zh, genre: "悬疑", logline: "一封信。", style: "冷静", chapterLength: 3000),
            StoryMeta(title: "The Lost Letter: A Tale", language: .en),
            StoryMeta(title: "Quotes \"and\" 'apostrophes' # not a comment", author: "A. Writer", language: .en, chapterLength: 2500),
            StoryMeta(title: "123", language: .en, logline: "yes", style: "null"),
            StoryMeta(title: "多行", language: .zh, logline: "第一行\n第二行")
        ])
    func roundTrip(meta: StoryMeta) throws {
        let yaml = meta.yaml()
        #expect(try StoryMeta(yaml: yaml, file: "s.yaml") == meta, "\(yaml)")
        #expect(!yaml.contains("\\u"))
    }

    @Test("chapter labels and headings per language")
    func chapterLabels() {
        #expect(StoryLanguage.zh.chapterLabel(3) == "第三章")
        #expect(StoryLanguage.zh.chapterLabel(105) == "第一百零五章")
        #expect(StoryLanguage.en.chapterLabel(3) == "Chapter 3")
        #expect(StoryLanguage.zh.chapterHeading(1, title: "雾港") == "第一章 雾港")
        #expect(StoryLanguage.en.chapterHeading(1, title: "Fog") == "Chapter 1: Fog")
        #expect(StoryLanguage.en.chapterHeading(2, title: "") == "Chapter 2")
    }
}

@Suite("Names and slugs")
struct NamesTests {
    @Test(
        "names that could escape the story folder or break a file name are rejected",
        arguments: [
            "../x", "a/b", "a\\b", "/abs", "~/x", "..", ".", "a..b", "a\u{0}b", "a\nb", "a\tb", "a\u{7F}b",
            String(repeating: "x", count: 101), String(repeating: "雾", count: 101), "", "   ", ".hidden"
        ])
    func rejected(name: String) {
        let error = #expect(throws: NovelistError.self) { try Names.validate(name) }
        guard case .badName(let reported, let reason)? = error else {
            Issue.record("expected badName, got \(String(describing: error))")
            return
        }
        #expect(reported == name)
        #expect(!reason.text.isEmpty)
    }

    @Test(
        "ordinary names are accepted",
        arguments: [
            "雾港来信", "my-story", "The Lost Letter", "第一卷：风起", "a.b", String(repeating: "x", count: 100)
        ])
    func accepted(name: String) throws {
        try Names.validate(name)
    }

    @Test(
        "slugs keep letters in any script",
        arguments: [
            ("雾港来信", "雾港来信"),
            ("The Lost Letter!", "the-lost-letter"),
            ("第一卷：风起", "第一卷-风起"),
            ("  Hello,   World  ", "hello-world"),
            ("Chapter 3 — Fog", "chapter-3-fog"),
            ("!!!", ""),
            ("。，、？", ""),
            ("", ""),
            ("café au lait", "café-au-lait")
        ])
    func slug(title: String, slug: String) {
        #expect(Names.slug(title) == slug)
    }

    @Test("slugs are at most 60 characters and never end in a dash")
    func slugLength() {
        let slug = Names.slug(String(repeating: "abcd ", count: 40))
        #expect(slug.count <= 60)
        #expect(!slug.hasSuffix("-"))
        #expect(!slug.hasPrefix("-"))
        #expect(Names.slug(String(repeating: "雾", count: 80)) == String(repeating: "雾", count: 60))
    }

    @Test(
        "a slug is always a valid name (when not empty)",
        arguments: [
            "The Lost Letter!", "雾港来信", "../../etc/passwd", "a/b\\c", ".hidden", "tab\there", "第一卷：风起"
        ])
    func slugIsValidName(title: String) throws {
        let slug = Names.slug(title)
        #expect(!slug.isEmpty)
        try Names.validate(slug)
    }
}

@Suite("Chapter files")
struct ChapterFileTests {
    @Test(
        "chapter paths zero-pad the number to three digits",
        arguments: [
            (3, "雾港", "chapters/003-雾港.md"),
            (12, "The Lost Letter!", "chapters/012-the-lost-letter.md"),
            (105, "", "chapters/105.md"),
            (1, "!!!", "chapters/001.md"),
            (1234, "x", "chapters/1234-x.md")
        ])
    func chapterPath(number: Int, title: String, path: String) {
        #expect(StoryWorkspace.chapterPath(number: number, title: title) == path)
    }

    @Test(
        "the chapter number is read from the file name",
        arguments: [
            ("003-title.md", 3), ("012_x.md", 12), ("7.md", 7), ("105-第一百零五章.md", 105), ("1234-x.md", 1234)
        ])
    func number(name: String, number: Int) {
        #expect(ChapterFile.number(fromFileName: name) == number)
    }

    @Test(
        "files that are not chapters",
        arguments: [
            "notes.md", "000-zero.md", "003-title.txt", "003title.md", "-3-x.md", "README", ".003-x.md", ""
        ])
    func notChapters(name: String) {
        #expect(ChapterFile.number(fromFileName: name) == nil)
    }

    @Test("chapterPath and number(fromFileName:) agree")
    func agree() {
        for n in [1, 9, 10, 99, 100, 999, 1000] {
            let path = StoryWorkspace.chapterPath(number: n, title: "标题")
            #expect(ChapterFile.number(fromFileName: lastPathComponent(path)) == n)
        }
    }

    @Test("a workspace lists chapter files in number order and skips other files")
    func workspaceChapters() throws {
        try withTemporaryDirectory { dir in
            try writeFiles(
                [
                    "雾港来信/story.yaml": "title: 雾港来信\nlanguage: zh\n",
                    "雾港来信/chapters/010-十.md": "---\ntitle: 十\n---\n\n第十章正文",
                    "雾港来信/chapters/002-二.md": "---\ntitle: 二\nstatus: draft\n---\n\n第二章正文",
                    "雾港来信/chapters/001-一.md": "第一章正文，没有 front matter",
                    "雾港来信/chapters/notes.md": "not a chapter"
                ], under: dir)
            let ws = StoryWorkspace(fs: LocalFileSystem(), root: "\(dir)/雾港来信")
            #expect(ws.slug == "雾港来信")
            #expect(try ws.meta().title == "雾港来信")
            let chapters = try ws.chapters()
            #expect(chapters.map(\.number) == [1, 2, 10])
            #expect(chapters.map(\.path) == ["chapters/001-一.md", "chapters/002-二.md", "chapters/010-十.md"])
            #expect(chapters[1].title == "二")
            #expect(chapters[1].status == "draft")
            #expect(chapters[1].prose == "第二章正文")
            #expect(chapters[0].title == "")
            #expect(try ws.chapter(10)?.title == "十")
            #expect(try ws.chapter(3) == nil)
        }
    }

    @Test("a missing story.yaml is a story-file error; a missing outline is empty")
    func missingMeta() throws {
        try withTemporaryDirectory { (dir: String) throws in
            let ws = StoryWorkspace(fs: LocalFileSystem(), root: "\(dir)/x")
            #expect(throws: NovelistError.badStoryFile(file: "x/story.yaml", detail: Phrase("the file is missing"))) { try ws.meta() }
            #expect(try ws.outline().isEmpty)
        }
    }

    @Test("lastPathComponent", arguments: [("/a/b/c", "c"), ("/a/b/", "b"), ("c", "c"), ("雾港/来信", "来信")])
    func lastComponent(path: String, last: String) {
        #expect(lastPathComponent(path) == last)
    }
}
