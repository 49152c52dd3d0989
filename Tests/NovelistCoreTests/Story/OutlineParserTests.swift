import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

@Suite("Outline parser")
struct OutlineParserTests {
    @Test(
        "every heading style writers use is a chapter",
        arguments: [
            ("## Chapter 3: Title", 3, "Title"),
            ("## Chapter 3 - Title", 3, "Title"),
            ("## chapter 7 The Letter", 7, "The Letter"),
            ("## 3. Title", 3, "Title"),
            ("## 3、标题", 3, "标题"),
            ("## 第3章 标题", 3, "标题"),
            ("## 第三章 标题", 3, "标题"),
            ("## 第十二章：标题", 12, "标题"),
            ("## 第一百零五章 标题", 105, "标题"),
            ("## 第二十回 回目", 20, "回目"),
            ("## 第四章", 4, "")
        ])
    func headingStyles(line: String, number: Int, title: String) throws {
        let entries = OutlineParser.parse(line + "\n- a beat\n")
        try #require(entries.count == 1)
        #expect(entries[0].number == number)
        #expect(entries[0].title == title)
        #expect(entries[0].beats == "- a beat")
        #expect(entries[0].volume == nil)
    }

    @Test(
        "headings that are not chapters",
        arguments: [
            "Notes", "Characters", "第章 空", "第零章 零", "Chapter X: Title", "Chapter 0: Zero", "3rd act", "0. Zero", ""
        ])
    func notChapters(heading: String) {
        #expect(OutlineParser.parseChapterHeading(heading) == nil)
    }

    @Test("beats are the text under the heading, without leading and trailing blank lines")
    func beats() {
        let text = """
            # 雾港来信

            Some preface that belongs to no chapter.

            ## 第一章 雾港

            - 林晚抵达雾港。
            - 她收到一封没有署名的信。

            ## 第二章 旧信

              - 信里提到十年前的沉船。


            """
        let entries = OutlineParser.parse(text)
        #expect(entries.map(\.number) == [1, 2])
        #expect(entries.map(\.title) == ["雾港", "旧信"])
        #expect(entries[0].beats == "- 林晚抵达雾港。\n- 她收到一封没有署名的信。")
        #expect(entries[1].beats == "  - 信里提到十年前的沉船。")
    }

    @Test("level-1 headings are volumes, assigned to the chapters under them")
    func volumes() {
        let text = """
            ## 序章前的第一章
            ## 第一章 开端
            beats 1
            # 第一卷 风起
            ## 第二章 风
            beats 2
            ## 第三章 雨
            # 第二卷 云涌
            ## 第四章 云
            """
        let entries = OutlineParser.parse(text)
        #expect(entries.map(\.number) == [1, 2, 3, 4])
        #expect(entries.map(\.volume) == [nil, "第一卷 风起", "第一卷 风起", "第二卷 云涌"])
        #expect(entries[0].beats == "beats 1", "a volume heading ends the chapter before it")
    }

    @Test("non-chapter ## headings do not become entries")
    func nonChapterHeadingsIgnored() {
        let text = "## Notes\nremember the lighthouse\n## Chapter 1: Fog\nbeat\n## Characters\n"
        let entries = OutlineParser.parse(text)
        #expect(entries.count == 1)
        #expect(entries.first?.number == 1)
        #expect(entries.first?.title == "Fog")
        #expect(entries.first?.beats == "beat", "a non-chapter heading ends the chapter's beats")
    }

    @Test("headings inside ``` or ~~~ fences are not chapters")
    func fences() {
        let text = """
            ## Chapter 1: Real
            ```
            ## Chapter 2: Inside a fence
            # Not a volume
            ```
            ~~~markdown
            ## 第三章 也在代码块里
            ~~~
            ## Chapter 4: Also real
            """
        let entries = OutlineParser.parse(text)
        #expect(entries.map(\.number) == [1, 4])
        #expect(entries.allSatisfy { $0.volume == nil })
        #expect(entries[0].beats.contains("## Chapter 2: Inside a fence"))
    }

    @Test("CRLF line endings")
    func crlf() {
        let text = "# 第一卷 风起\r\n## 第一章 雾港\r\n\r\n- 抵达\r\n- 收信\r\n\r\n## Chapter 2: Letter\r\nbeat\r\n"
        let entries = OutlineParser.parse(text)
        #expect(entries.map(\.number) == [1, 2])
        #expect(entries.map(\.title) == ["雾港", "Letter"])
        #expect(entries.first?.volume == "第一卷 风起")
        #expect(entries.first?.beats == "- 抵达\n- 收信")
        #expect(!entries.contains { $0.beats.contains("\r") || $0.title.contains("\r") })
    }

    @Test("an empty outline has no entries")
    func empty() {
        #expect(OutlineParser.parse("").isEmpty)
        #expect(OutlineParser.parse("just some notes\n\nno headings").isEmpty)
    }

    @Test("### and deeper headings stay inside the beats")
    func deeperHeadings() {
        let entries = OutlineParser.parse("## 第一章 雾\n### 场景一\n林晚\n")
        #expect(entries.count == 1)
        #expect(entries[0].beats == "### 场景一\n林晚")
    }

    @Test("trimmingWhitespace removes full-width spaces and newlines")
    func trimming() {
        #expect("\u{3000} 标题 \n".trimmingWhitespace() == "标题")
        #expect("   ".trimmingWhitespace() == "")
    }
}
