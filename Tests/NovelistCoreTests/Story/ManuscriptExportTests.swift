import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

private func chapter(_ n: Int, title: String = "", prose: String, status: String = "draft") -> ChapterFile {
    var fields: [(String, String)] = [("status", status)]
    if !title.isEmpty { fields.insert(("title", title), at: 0) }
    return ChapterFile(
        number: n, path: StoryWorkspace.chapterPath(number: n, title: title),
        document: MarkdownDocument(body: prose, fields: fields))
}

private func outline(_ entries: [(Int, String)]) -> [OutlineEntry] {
    entries.map { OutlineEntry(number: $0.0, title: $0.1, beats: "", volume: nil) }
}

@Suite("Manuscript export")
struct ManuscriptExportTests {
    let zh = StoryMeta(title: "雾港来信", author: "林晚", language: .zh)
    let en = StoryMeta(title: "The Lost Letter", author: "A. Writer", language: .en)

    @Test("a Chinese manuscript: YAML title block and 第一章 headings")
    func chinese() {
        let result = ManuscriptExport.markdown(
            meta: zh,
            chapters: [chapter(1, title: "雾港", prose: "\n林晚走进了咖啡馆。\n\n"), chapter(2, prose: "第二章的正文。")],
            outline: outline([(1, "雾港（大纲）"), (2, "旧信")]),
            date: "2025-01-02")
        #expect(
            result.text == """
                ---
                title: "雾港来信"
                author: "林晚"
                lang: zh-CN
                date: "2025-01-02"
                ---

                # 第一章 雾港

                林晚走进了咖啡馆。

                # 第二章 旧信

                第二章的正文。

                """)
        #expect(result.chapterCount == 2)
        #expect(result.length == 8 + 6)
        #expect(result.warnings.isEmpty)
    }

    @Test("an English manuscript: Chapter 1: Title headings")
    func english() {
        let result = ManuscriptExport.markdown(
            meta: en, chapters: [chapter(1, title: "Fog", prose: "She don't know.")], outline: [], date: "2025-01-02")
        #expect(result.text.hasPrefix("---\ntitle: \"The Lost Letter\"\nauthor: \"A. Writer\"\nlang: en\ndate: \"2025-01-02\"\n---\n"))
        #expect(result.text.contains("\n# Chapter 1: Fog\n\nShe don't know.\n"))
        #expect(result.length == 3)
        #expect(result.warnings.isEmpty, "an empty outline is not a mismatch")
    }

    @Test("titles with quotes and backslashes are quoted for YAML; no author line when there is none")
    func quoting() {
        let meta = StoryMeta(title: #"He said "hi" \ bye"#, language: .en)
        let result = ManuscriptExport.markdown(meta: meta, chapters: [chapter(1, prose: "x")], outline: [], date: "d")
        #expect(result.text.contains(#"title: "He said \"hi\" \\ bye""#))
        #expect(!result.text.contains("author:"))
        #expect(result.text.contains("\n# Chapter 1\n"), "no title anywhere: just the label")
    }

    @Test("chapters come out in numeric order when read from a story folder")
    func numericOrderFromWorkspace() throws {
        let chapters = try withTemporaryDirectory { dir in
            try writeFiles(
                [
                    "x/chapters/010-十.md": "---\ntitle: 十\n---\n\n十。",
                    "x/chapters/002-二.md": "---\ntitle: 二\n---\n\n二。",
                    "x/chapters/001-一.md": "---\ntitle: 一\n---\n\n一。"
                ], under: dir)
            return try StoryWorkspace(fs: LocalFileSystem(), root: "\(dir)/x").chapters()
        }
        let text = ManuscriptExport.markdown(meta: zh, chapters: chapters, outline: [], date: "d").text
        let one = try #require(text.range(of: "# 第一章 一"))
        let two = try #require(text.range(of: "# 第二章 二"))
        let ten = try #require(text.range(of: "# 第十章 十"))
        #expect(one.lowerBound < two.lowerBound)
        #expect(two.lowerBound < ten.lowerBound)
    }

    @Test("chapters handed over out of order still come out in numeric order")
    func numericOrderUnsorted() {
        // Note: handing over [2, 1] would trap in `Set(first...last)`; [1, 3, 2] shows the ordering problem safely.
        let result = ManuscriptExport.markdown(
            meta: zh, chapters: [chapter(1, prose: "一。"), chapter(3, prose: "三。"), chapter(2, prose: "二。")],
            outline: [], date: "d")
        let two = result.text.range(of: "# 第二章")
        let three = result.text.range(of: "# 第三章")
        #expect(two != nil && three != nil && two!.lowerBound < three!.lowerBound)
    }

    @Test("chapters without prose are left out and named in a warning")
    func emptyChaptersLeftOut() {
        let result = ManuscriptExport.markdown(
            meta: zh,
            chapters: [chapter(1, prose: "一。"), chapter(2, title: "空", prose: "  \n\n "), chapter(3, prose: "三。"), chapter(4, prose: "")],
            outline: [], date: "d")
        #expect(!result.text.contains("第二章"))
        #expect(!result.text.contains("第四章"))
        #expect(result.chapterCount == 2)
        #expect(result.warnings.first == "left out, no prose yet: chapter 2, 4")
    }

    @Test("a gap in the numbering is a warning")
    func gap() {
        let result = ManuscriptExport.markdown(
            meta: zh, chapters: [1, 2, 5, 7].map { chapter($0, prose: "正文") }, outline: [], date: "d")
        #expect(result.warnings == ["gap in numbering: chapter 3-4, 6 is missing"])
    }

    @Test("a chapter on disk but not in the outline is a warning")
    func notInOutline() {
        let result = ManuscriptExport.markdown(
            meta: zh, chapters: [1, 2, 3].map { chapter($0, prose: "正文") },
            outline: outline([(1, "一"), (2, "二")]), date: "d")
        #expect(result.warnings == ["on disk but not in the outline: chapter 3"])
        #expect(result.text.contains("# 第三章\n"))
    }

    @Test("two files for one chapter is a warning")
    func duplicates() {
        let result = ManuscriptExport.markdown(
            meta: zh, chapters: [chapter(1, title: "a", prose: "甲"), chapter(1, title: "b", prose: "乙")], outline: [], date: "d")
        #expect(result.warnings.contains("more than one file for chapter 1"))
    }

    @Test("the length total is the sum of the chapters' 字 and words")
    func lengthTotal() {
        let chapters = [chapter(1, prose: "林晚走进了 Starbucks 咖啡馆。"), chapter(2, prose: "她说：“你好。”"), chapter(3, prose: "")]
        let result = ManuscriptExport.markdown(meta: zh, chapters: chapters, outline: [], date: "d")
        #expect(result.length == 9 + 4)
    }
}
