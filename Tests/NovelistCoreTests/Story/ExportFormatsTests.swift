import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

private func file(_ n: Int, title: String = "", prose: String, status: String? = "draft") -> ChapterFile {
    var fields: [(String, String)] = []
    if !title.isEmpty { fields.append(("title", title)) }
    if let status { fields.append(("status", status)) }
    return ChapterFile(
        number: n, path: StoryWorkspace.chapterPath(number: n, title: title),
        document: MarkdownDocument(body: prose, fields: fields))
}

@Suite("Export formats and options")
struct ExportFormatsTests {
    let zh = StoryMeta(title: "雾港来信", author: "林晚", language: .zh)
    let en = StoryMeta(title: "The Letter", language: .en)

    @Test("--chapters 1-10,12 and its variants")
    func selection() throws {
        let s = try ChapterSelection.parse("1-10,12")
        #expect(s.ranges == [1...10, 12...12])
        #expect(s.contains(1) && s.contains(10) && s.contains(12))
        #expect(!s.contains(11) && !s.contains(13) && !s.contains(0))
        #expect(s.description == "1-10,12")
        #expect(try ChapterSelection.parse("3").ranges == [3...3])
        #expect(try ChapterSelection.parse("1–3，5").ranges == [1...3, 5...5], "en dash and full-width comma")
        #expect(try ChapterSelection.parse(" 2 - 4 , 7 ").ranges == [2...4, 7...7])
    }

    @Test("bad selections are usage errors that say why", arguments: ["", "a", "0", "3-", "-3", "1-2-3", "1,,x", "9999999", "5-1"])
    func badSelection(_ text: String) {
        #expect(throws: NovelistError.self) { try ChapterSelection.parse(text) }
    }

    @Test("a backwards range says how to write it")
    func backwards() {
        do {
            _ = try ChapterSelection.parse("10-2")
            Issue.record("no error")
        } catch {
            #expect(error.message.contains("write 2-10"))
        }
    }

    @Test("/export options: format first, options and path in any order, quoted paths")
    func options() throws {
        let o = try ExportOptions.parse(
            "txt --indent --chapters 1-3 --encoding gb18030 out/book.txt --status final,Revised --ai-disclosure")
        #expect(o.format == .txt)
        #expect(o.indent)
        #expect(o.chapters?.ranges == [1...3])
        #expect(o.encoding == .gb18030)
        #expect(o.path == "out/book.txt")
        #expect(o.statuses == ["final", "revised"])
        #expect(o.aiDisclosure)
        #expect(try ExportOptions.parse("").format == .md, "md is the default")
        #expect(try ExportOptions.parse("md my book.md").path == "my book.md", "unquoted words form one path, as before")
        #expect(try ExportOptions.parse(#"epub -o "a \"b\" c.epub" --toc"#).path == #"a "b" c.epub"#)
        #expect(try ExportOptions.parse("html --chapters=2-4").chapters?.ranges == [2...4])
        #expect(try ExportOptions.parse("docx --toc").toc)
    }

    @Test(
        "/export's words and novelist export's flags give the same options (one parser: ExportFlags)",
        arguments: [
            (
                "txt --indent --chapters 1-3 --encoding gb18030 -o out/book.txt --status final,Revised --ai-disclosure",
                ExportFlags(
                    format: .txt, chapters: "1-3", status: "final,Revised", indent: true, encoding: "gb18030", aiDisclosure: true,
                    output: "out/book.txt")
            ),
            ("", ExportFlags()),
            (
                "epub --toc --chapters=2-4 -o \"my book.epub\"",
                ExportFlags(format: .epub, chapters: "2-4", toc: true, output: "my book.epub")
            ),
            ("md --status draft -o -", ExportFlags(format: .md, status: "draft", output: "-")),
            ("docx --toc --ai-disclosure", ExportFlags(format: .docx, toc: true, aiDisclosure: true))
        ])
    func wordsAndFlagsAgree(words: String, flags: ExportFlags) throws {
        #expect(try ExportFlags.parse(words) == flags)
        #expect(try ExportOptions.parse(words) == flags.options())
    }

    @Test(
        "novelist export's flags are refused as /export's words are",
        arguments: [
            ExportFlags(format: .md, indent: true), ExportFlags(format: .html, encoding: "gb18030"), ExportFlags(format: .txt, toc: true),
            ExportFlags(format: .txt, encoding: "latin1"), ExportFlags(format: .md, chapters: "3-1"), ExportFlags(format: .md, status: ","),
            ExportFlags(format: .epub, output: "-")
        ])
    func flagsRefused(flags: ExportFlags) {
        #expect(throws: NovelistError.self) { try flags.options() }
    }

    @Test(
        "/export rejects what does not fit",
        arguments: [
            "pdf", "md --indent", "html --encoding gb18030", "txt --toc", "txt --encoding latin1",
            "md --chapters", "md --frobnicate", "md a.md -o b.md", "md \"unclosed", "epub -o -", "txt --encoding gb18030 -o -"
        ])
    func badOptions(_ args: String) {
        #expect(throws: NovelistError.self) { try ExportOptions.parse(args) }
    }

    @Test("ShellWords.quote round-trips through split")
    func quoting() throws {
        for word in ["plain", "with space", #"q"u'o\te"#, "", "雾港 来信.md"] {
            #expect(try ShellWords.split("-o " + ShellWords.quote(word)) == ["-o", word])
        }
    }

    @Test("txt: web-novel chapter lines, blank lines between paragraphs, optional full-width indent")
    func text() {
        let plan = ManuscriptPlan.make(chapters: [file(3, title: "灯塔", prose: "第一段。\n\n**第二段**。\n")], outline: [])
        let plain = ManuscriptExport.text(meta: zh, plan: plan, indent: false).text
        #expect(plain == "雾港来信\n作者：林晚\n\n\n第3章 灯塔\n\n第一段。\n\n第二段。\n")
        let indented = ManuscriptExport.text(meta: zh, plan: plan, indent: true).text
        #expect(indented.contains("\n第3章 灯塔\n\n　　第一段。\n\n　　第二段。\n"))
        let english = ManuscriptExport.text(
            meta: en, plan: ManuscriptPlan.make(chapters: [file(2, title: "Fog", prose: "She *ran*.")], outline: []), indent: false
        ).text
        #expect(english == "The Letter\n\n\nChapter 2: Fog\n\nShe ran.\n")
    }

    @Test("scene breaks survive in md and txt, and are never indented", arguments: ["***", "* * *", "＊＊＊"])
    func sceneBreaks(_ mark: String) {
        let prose = "雾起了。\n\n\(mark)\n\n雾散了。"
        let plan = ManuscriptPlan.make(chapters: [file(1, prose: prose)], outline: [])
        #expect(ManuscriptExport.isSceneBreak(mark))
        #expect(ManuscriptExport.markdown(meta: zh, plan: plan, date: "d").text.contains("雾起了。\n\n\(mark)\n\n雾散了。"))
        let txt = ManuscriptExport.text(meta: zh, plan: plan, indent: true).text
        #expect(txt.contains("　　雾起了。\n\n\(mark)\n\n　　雾散了。"))
    }

    @Test("md: a level-1 heading inside prose cannot start a chapter; --- cannot become YAML")
    func proseSafety() {
        let plan = ManuscriptPlan.make(chapters: [file(1, prose: "# 信\n\n正文。\n\n---\n\n后文。")], outline: [])
        let md = ManuscriptExport.markdown(meta: zh, plan: plan, date: "d").text
        #expect(md.contains("\n## 信\n"))
        #expect(md.contains("\n- - -\n"))
        #expect(md.components(separatedBy: "\n# ").count == 2, "one chapter heading")
    }

    @Test("md --toc: a contents list linking to explicit chapter ids")
    func toc() {
        let plan = ManuscriptPlan.make(chapters: [file(1, title: "一", prose: "甲"), file(2, title: "二", prose: "乙")], outline: [])
        let md = ManuscriptExport.markdown(meta: zh, plan: plan, date: "d", toc: true).text
        #expect(md.contains("- [第一章 一](#chapter-1)\n- [第二章 二](#chapter-2)\n"))
        #expect(md.contains("# 第二章 二 {#chapter-2}"))
    }

    @Test("selection by number and status, with what was left out reported")
    func planSelection() {
        let files = [
            file(1, prose: "一", status: "final"), file(2, prose: "二", status: "draft"), file(3, prose: "三", status: nil),
            file(4, prose: "四", status: "Final"), file(5, prose: "")
        ]
        let byNumber = ManuscriptPlan.make(chapters: files, outline: [], selection: ChapterSelection(ranges: [2...3, 9...9]))
        #expect(byNumber.chapters.map(\.number) == [2, 3])
        #expect(byNumber.warnings.contains("--chapters 2-3,9: there is no chapter 9"))
        let byStatus = ManuscriptPlan.make(chapters: files, outline: [], statuses: ["final"])
        #expect(byStatus.chapters.map(\.number) == [1, 4], "status compares without case")
        #expect(byStatus.warnings.contains("left out by --status final: chapter 2-3 (draft: 2-3)"), "no status means draft")
        #expect(byStatus.warnings.contains("left out, no prose yet: chapter 5"))
        let none = ManuscriptPlan.make(chapters: files, outline: [], statuses: ["published"])
        #expect(none.chapters.isEmpty)
        #expect(none.emptyReason?.contains("draft, final") == true)
        let nothing = ManuscriptPlan.make(chapters: files, outline: [], selection: ChapterSelection(ranges: [40...41]))
        #expect(nothing.emptyReason?.contains("the chapters are 1-5") == true)
    }

    @Test("the outline against the disk, both ways, and chapters handed over in any order")
    func mismatches() {
        let outline = [1, 2, 3, 5].map { OutlineEntry(number: $0, title: "t\($0)", beats: "", volume: nil) }
        let plan = ManuscriptPlan.make(chapters: [file(6, prose: "六"), file(2, prose: "二"), file(1, prose: "一")], outline: outline)
        #expect(plan.chapters.map(\.number) == [1, 2, 6])
        #expect(
            plan.warnings == [
                "gap in numbering: chapter 4 is missing",
                "on disk but not in the outline: chapter 6",
                "in the outline but no chapter file yet: chapter 3, 5"
            ])
        #expect(plan.chapters[1].title == "t2", "the outline's title when the file has none")
    }

    @Test("gb18030 round trip; UTF-8 is the default")
    func gb18030() throws {
        let text = "第1章 雾港\n\n　　林晚说：“𠀀、😀 and café。”\n"
        let bytes = try TextEncoder.encode(text, as: .gb18030)
        #expect(bytes != Array(text.utf8))
        #expect(Array(bytes.prefix(4)) == [0xB5, 0xDA, 0x31, 0xD5], "第 is B5DA in GB18030, 1 is 31, 章 starts D5")
        #expect(TextEncoder.decode(bytes, as: .gb18030) == text)
        #expect(try TextEncoder.encode(text, as: .utf8) == Array(text.utf8))
    }

    @Test("the AI disclosure names the models of chat.jsonl once each, skipping torn lines")
    func disclosure() {
        let log = """
            {"role":"user","task":"chat","content":"hi","time":"t"}
            {"role":"assistant","task":"chat","content":"a","model":"deepseek-chat","time":"t"}
            {"role":"assistant","task":"expand","content":"b","model":"qwen-max","time":"t"}
            {"role":"assistant","task":"chat","content":"c","model":"deepseek-chat","time":"t"}
            {"role":"assist
            """
        let models = AIDisclosure.models(fromTranscript: log)
        #expect(models == ["deepseek-chat", "qwen-max"])
        #expect(AIDisclosure.text(language: .zh, models: models).contains("deepseek-chat、qwen-max"))
        #expect(AIDisclosure.text(language: .en, models: []).contains("not recorded"))
    }

    @Test("stats: every chapter from the outline and the disk, with the total and the unit")
    func stats() throws {
        let outline = [1, 2].map { OutlineEntry(number: $0, title: "t\($0)", beats: "", volume: nil) }
        let meta = StoryMeta(title: "雾港来信", language: .zh, chapterLength: 3000)
        let s = StoryStats.make(slug: "x", meta: meta, chapters: [file(1, title: "旧信", prose: "林晚走进了咖啡馆。")], outline: outline)
        #expect(s.chapters.map(\.number) == [1, 2])
        #expect(s.chapters.map(\.status) == ["draft", "outline"])
        #expect(s.total == 8)
        #expect(s.unit == "字")
        #expect(s.target == 6000)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(s.json().utf8)) as? [String: Any])
        #expect(object["total"] as? Int == 8)
        #expect((object["chapters"] as? [[String: Any]])?.first?["in_outline"] as? Bool == true)
    }

    @Test("pandoc is called with an argument vector carrying the language and title")
    func pandocArguments() {
        let args = Pandoc.arguments(format: .epub, input: "in.md", output: "out.epub", meta: zh, toc: true)
        #expect(args.starts(with: ["--from", "markdown", "--to", "epub3"]))
        #expect(args.contains("lang=zh-CN"))
        #expect(args.contains("title=雾港来信"))
        #expect(args.contains("--toc"))
        #expect(args.suffix(3) == ["--output", "out.epub", "in.md"])
        #expect(Pandoc(environment: ["PATH": "/nonexistent"]).locate() == nil)
    }
}
