import Foundation
import NovelistCore
import Testing

/// Runs a tool (unzip, iconv) with an argument vector and returns its standard output.
func tool(_ path: String, _ arguments: [String]) throws -> Data {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw TestFailure("\(path) \(arguments) exited \(p.terminationStatus)") }
    return data
}

/// All matches of a regular expression's first group.
func captures(_ pattern: String, in text: String) -> [String] {
    guard let re = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
    let ns = text as NSString
    return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
}

/// Copies one of the repository's sample stories (default the Chinese one, 雾港来信) into a temporary
/// stories folder (never write into the repo's stories/).
func copySampleStories(to tmp: TempDir, only story: String = "雾港来信") throws -> String {
    let target = tmp.file("stories")
    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: packageRoot.appendingPathComponent("stories/\(story)").path, toPath: target + "/" + story)
    return target
}

/// Headings of the chapters in each export format, in document order.
enum Headings {
    static func markdown(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) }
    }
    static func txt(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.range(of: #"^第\d+章 "#, options: .regularExpression) != nil }
    }
    static func html(_ text: String) -> [String] {
        captures(#"<h1(?![^>]*class="title")[^>]*>(.*?)</h1>"#, in: text)
    }
    /// The chapter headings of an epub, in spine order, read from the package document and the chapter XHTML files.
    static func epub(_ path: String, into dir: String) throws -> (opf: String, headings: [String], spine: [String]) {
        _ = try tool("/usr/bin/unzip", ["-q", "-o", path, "-d", dir])
        let container = try String(contentsOfFile: dir + "/META-INF/container.xml", encoding: .utf8)
        let opfPath = try #require(captures(#"full-path="([^"]+)""#, in: container).first)
        let opf = try String(contentsOfFile: dir + "/" + opfPath, encoding: .utf8)
        let base = (opfPath as NSString).deletingLastPathComponent
        var hrefs: [String: String] = [:]
        for item in captures(#"(<item [^>]*/>)"#, in: opf) {
            if let id = captures(#"id="([^"]+)""#, in: item).first, let href = captures(#"href="([^"]+)""#, in: item).first {
                hrefs[id] = href
            }
        }
        let spine = captures(#"<itemref idref="([^"]+)""#, in: opf).compactMap { hrefs[$0] }
        var headings: [String] = []
        for href in spine where href.hasPrefix("text/ch") {
            let xhtml = try String(contentsOfFile: dir + "/" + base + "/" + href, encoding: .utf8)
            headings += captures(#"<h1[^>]*>(.*?)</h1>"#, in: xhtml)
        }
        return (opf, headings, spine)
    }
    /// The Heading1 paragraphs of word/document.xml, their runs joined.
    static func docx(_ path: String) throws -> (xml: String, headings: [String]) {
        let xml = String(decoding: try tool("/usr/bin/unzip", ["-p", path, "word/document.xml"]), as: UTF8.self)
        let paragraphs = captures(#"(<w:p>.*?</w:p>|<w:p [^>]*>.*?</w:p>)"#, in: xml)
        let headings = paragraphs.filter { $0.contains(#"w:val="Heading1""#) }.map { captures(#"<w:t[^>]*>(.*?)</w:t>"#, in: $0).joined() }
        return (xml, headings)
    }
}

/// A synthetic story: story.yaml, an outline with `## 第N章` headings in Chinese numerals, N chapter files with a few
/// paragraphs each (even chapters final, odd ones draft) and a scene break in every tenth.
func writeSyntheticStory(_ tmp: TempDir, slug: String = "长篇", chapters count: Int) throws {
    try tmp.write("stories/\(slug)/story.yaml", "title: 长篇测试\nauthor: 测试作者\nlanguage: zh\nchapter_length: 100\n")
    var outline = "# 长篇测试\n\n"
    for n in 1...count { outline += "## 第\(ChineseNumerals.format(n))章 标题\(n)\n- 要点\(n)\n\n" }
    try tmp.write("stories/\(slug)/outline.md", outline)
    for n in 1...count {
        var prose = "这是第\(n)章的第一段，雾很大。\n\n这是第\(n)章的第二段。\n\n"
        if n % 10 == 0 { prose += "* * *\n\n" }
        prose += "这是第\(n)章的最后一段。\n"
        try tmp.write(
            "stories/\(slug)/\(StoryWorkspace.chapterPath(number: n, title: "标题\(n)"))",
            "---\ntitle: 标题\(n)\nstatus: \(n % 2 == 0 ? "final" : "draft")\n---\n\n" + prose)
    }
}

func noTemporaryFiles(_ dir: String) -> Bool {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).allSatisfy { !$0.contains(".novelist-") }
}

@Suite(.serialized)
struct ExportTests {
    static let env = ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1"]

    @Test func sampleStoryInEveryFormat() throws {
        let tmp = try TempDir()
        let stories = try copySampleStories(to: tmp)
        for format in ExportFormat.allCases {
            let out = tmp.file("out/雾港来信.\(format.rawValue)")
            let r = try runNovelist(
                ["export", "雾港来信", "--stories-dir", stories, "--format", format.rawValue, "-o", out],
                input: "", environment: Self.env, cwd: tmp.path)
            #expect(r.status == 0, "\(format): \(r.all)")
            #expect(r.stderr.contains("Note: in the outline but no chapter file yet: chapter 2-6"), "\(r.stderr)")
            #expect(r.stderr.contains("Exported 1 chapter, 1620 字, to \(out)."), "\(r.stderr)")
            #expect(r.stdout.isEmpty, "messages go to stderr")
            switch format {
            case .md:
                let md = try #require(tmp.read("out/雾港来信.md"))
                #expect(md.hasPrefix("---\ntitle: \"雾港来信\"\nauthor: \"示例作者\"\nlang: zh-CN\ndate: \""))
                #expect(Headings.markdown(md) == ["第一章 旧信"])
                #expect(!md.contains("status: draft"), "front matter stripped")
                #expect(md.contains("信是周四下午到的"))
            case .txt:
                let txt = try #require(tmp.read("out/雾港来信.txt"))
                #expect(txt.hasPrefix("雾港来信\n作者：示例作者\n"))
                #expect(Headings.txt(txt) == ["第1章 旧信"])
                #expect(txt.contains("\n\n信是周四下午到的"))
            case .html:
                let html = try #require(tmp.read("out/雾港来信.html"))
                #expect(html.contains(#"lang="zh-CN""#))
                #expect(html.contains("<title>雾港来信</title>"))
                #expect(Headings.html(html) == ["第一章 旧信"])
            case .epub:
                let book = try Headings.epub(out, into: tmp.file("unzipped-epub"))
                #expect(book.opf.contains("<dc:title id=\"epub-title-1\">雾港来信</dc:title>") || book.opf.contains(">雾港来信</dc:title>"))
                #expect(book.opf.contains("<dc:language>zh-CN</dc:language>"))
                #expect(book.headings == ["第一章 旧信"])
                #expect(!book.spine.contains("nav.xhtml"), "no contents page without --toc")
            case .docx:
                let doc = try Headings.docx(out)
                #expect(doc.headings == ["第一章 旧信"])
                #expect(doc.xml.contains("雾港来信"), "the title")
            }
        }
        #expect(noTemporaryFiles(tmp.file("out")))
        // The REPL default path: <story>/export/<slug>.<ext>.
        let r = try runNovelist(["--stories-dir", stories], input: "/export epub --toc\n", environment: Self.env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let book = try Headings.epub(stories + "/雾港来信/export/雾港来信.epub", into: tmp.file("unzipped-2"))
        #expect(book.spine.contains("nav.xhtml"), "--toc puts the contents page in the spine")
    }

    @Test func threeHundredChaptersInEveryFormatInOrder() throws {
        let tmp = try TempDir()
        try writeSyntheticStory(tmp, chapters: 300)
        let expectedMarkdown = (1...300).map { "第\(ChineseNumerals.format($0))章 标题\($0)" }
        #expect(expectedMarkdown[299] == "第三百章 标题300")
        let expectedTxt = (1...300).map { "第\($0)章 标题\($0)" }
        let lengthPerChapter = { (n: Int) in TextLength.count("这是第\(n)章的第一段，雾很大。这是第\(n)章的第二段。这是第\(n)章的最后一段。").total }
        let total = (1...300).map(lengthPerChapter).reduce(0, +)
        for format in ExportFormat.allCases {
            let out = tmp.file("out/long.\(format.rawValue)")
            let r = try runNovelist(
                ["export", "长篇", "--stories-dir", tmp.file("stories"), "-f", format.rawValue, "-o", out],
                input: "", environment: Self.env, cwd: tmp.path, seconds: 240)
            #expect(r.status == 0, "\(format): \(r.all)")
            #expect(r.stderr.contains("Exported 300 chapters, \(total) 字"), "\(r.stderr)")
            #expect(!r.stderr.contains("Note:"), "a complete story has nothing to report: \(r.stderr)")
            switch format {
            case .md:
                let md = try #require(tmp.read("out/long.md"))
                #expect(Headings.markdown(md) == expectedMarkdown)
                #expect(md.components(separatedBy: "\n* * *\n").count - 1 == 30, "scene breaks kept")
            case .txt:
                let txt = try #require(tmp.read("out/long.txt"))
                #expect(Headings.txt(txt) == expectedTxt)
                #expect(txt.contains("第300章 标题300\n\n这是第300章的第一段，雾很大。\n\n这是第300章的第二段。\n\n* * *\n\n这是第300章的最后一段。\n"))
            case .html:
                let html = try #require(tmp.read("out/long.html"))
                #expect(Headings.html(html) == expectedMarkdown)
                #expect(captures("(<hr />)", in: html).count == 30)
            case .epub:
                let book = try Headings.epub(out, into: tmp.file("long-epub"))
                #expect(book.headings == expectedMarkdown)
                #expect(book.spine.filter { $0.hasPrefix("text/ch") }.count == 300, "one XHTML file per chapter")
                #expect(book.opf.contains("<dc:language>zh-CN</dc:language>"))
                #expect(book.opf.contains(">长篇测试</dc:title>"))
            case .docx:
                let doc = try Headings.docx(out)
                #expect(doc.headings == expectedMarkdown)
            }
        }
    }

    @Test func gapsAndMismatchesAreReportedBeforeWriting() throws {
        let tmp = try TempDir()
        try tmp.write("stories/s/story.yaml", "title: 测试\nlanguage: zh\n")
        try tmp.write("stories/s/outline.md", "## 第一章 一\n\n## 第二章 二\n\n## 第三章 三\n\n## 第六章 六\n")
        try tmp.write("stories/s/chapters/001-一.md", "---\ntitle: 一\n---\n\n一的正文。\n")
        try tmp.write("stories/s/chapters/002-二.md", "---\ntitle: 二\nstatus: outline\n---\n\n")
        try tmp.write("stories/s/chapters/006-六.md", "---\ntitle: 六\n---\n\n六的正文。\n")
        try tmp.write("stories/s/chapters/007-七.md", "---\ntitle: 七\n---\n\n七的正文。\n")
        let r = try runNovelist(
            ["export", "s", "--stories-dir", tmp.file("stories"), "-f", "txt"], input: "", environment: Self.env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        for note in [
            "Note: left out, no prose yet: chapter 2", "Note: gap in numbering: chapter 4-5 is missing",
            "Note: on disk but not in the outline: chapter 7", "Note: in the outline but no chapter file yet: chapter 3"
        ] {
            #expect(r.stderr.contains(note), "\(note) in \(r.stderr)")
        }
        let notes = try #require(r.stderr.range(of: "Note: gap"))
        let done = try #require(r.stderr.range(of: "Exported 3 chapters, 12 字"))
        #expect(notes.lowerBound < done.lowerBound)
        let txt = try #require(tmp.read("stories/s/export/s.txt"))
        #expect(Headings.txt(txt) == ["第1章 一", "第6章 六", "第7章 七"])
    }

    @Test("novelist export's flags and /export's words write the same file")
    func cliAndReplExportAgree() throws {
        let tmp = try TempDir()
        try writeSyntheticStory(tmp, slug: "s", chapters: 6)
        let stories = tmp.file("stories")
        let cli = try runNovelist(
            [
                "export", "s", "--stories-dir", stories, "-f", "txt", "--chapters", "2-5", "--status", "final", "--indent",
                "--encoding", "gb18030", "-o", tmp.file("cli.txt")
            ], input: "", environment: Self.env, cwd: tmp.path)
        #expect(cli.status == 0, "\(cli.all)")
        let repl = try runNovelist(
            ["--stories-dir", stories, "--story", "s"],
            input: "/export txt --chapters 2-5 --status final --indent --encoding gb18030 -o repl.txt\n", environment: Self.env,
            cwd: tmp.path)
        #expect(repl.status == 0, "\(repl.all)")
        let a = try #require(FileManager.default.contents(atPath: tmp.file("cli.txt")))
        let b = try #require(FileManager.default.contents(atPath: tmp.file("repl.txt")))
        #expect(a == b)
        #expect(!a.isEmpty)
        // A refused combination is refused by both, with the same usage.
        let bad = try runNovelist(
            ["export", "s", "--stories-dir", stories, "-f", "md", "--indent"], input: "", environment: Self.env, cwd: tmp.path)
        #expect(bad.status == 2, "\(bad.all)")
        #expect(bad.stderr.contains("--indent is for txt"), "\(bad.stderr)")
    }

    @Test func selectionByChaptersAndStatus() throws {
        let tmp = try TempDir()
        try writeSyntheticStory(tmp, slug: "s", chapters: 20)
        let stories = tmp.file("stories")
        let r1 = try runNovelist(
            ["export", "s", "--stories-dir", stories, "--chapters", "1-10,12", "-o", tmp.file("a.md")], input: "", environment: Self.env,
            cwd: tmp.path)
        #expect(r1.status == 0, "\(r1.all)")
        #expect(
            Headings.markdown(try #require(tmp.read("a.md"))) == (Array(1...10) + [12]).map { "第\(ChineseNumerals.format($0))章 标题\($0)" })
        #expect(r1.stderr.contains("Exported 11 chapters"))

        let r2 = try runNovelist(
            ["export", "s", "--stories-dir", stories, "--status", "final", "-f", "txt", "-o", tmp.file("b.txt")], input: "",
            environment: Self.env, cwd: tmp.path)
        #expect(r2.status == 0, "\(r2.all)")
        #expect(Headings.txt(try #require(tmp.read("b.txt"))) == stride(from: 2, through: 20, by: 2).map { "第\($0)章 标题\($0)" })
        #expect(r2.stderr.contains("Note: left out by --status final: chapter 1, 3, 5"), "\(r2.stderr)")

        // The same options in the REPL, after the format.
        let r3 = try runNovelist(
            ["--stories-dir", stories, "--story", "s"], input: "/export txt --indent --chapters 1-3 c.txt\n", environment: Self.env,
            cwd: tmp.path)
        #expect(r3.status == 0, "\(r3.all)")
        let c = try #require(tmp.read("c.txt"))
        #expect(Headings.txt(c) == ["第1章 标题1", "第2章 标题2", "第3章 标题3"])
        #expect(c.contains("\n\n　　这是第1章的第一段，雾很大。\n\n　　这是第1章的第二段。\n"))

        // Asking for chapters that do not exist writes nothing and fails.
        let r4 = try runNovelist(
            ["export", "s", "--stories-dir", stories, "--chapters", "40-41", "-o", tmp.file("d.md")], input: "", environment: Self.env,
            cwd: tmp.path)
        #expect(r4.status == 1)
        #expect(r4.stderr.contains("matches no chapter file; the chapters are 1-20"), "\(r4.stderr)")
        #expect(tmp.read("d.md") == nil)
    }

    @Test func gb18030RoundTrip() throws {
        let tmp = try TempDir()
        let stories = try copySampleStories(to: tmp)
        try FileManager.default.createDirectory(atPath: tmp.file("out"), withIntermediateDirectories: true)
        let r1 = try runNovelist(
            ["export", "雾港来信", "--stories-dir", stories, "-f", "txt", "--indent", "-o", tmp.file("out/utf8.txt")], input: "",
            environment: Self.env, cwd: tmp.path)
        let r2 = try runNovelist(
            ["export", "雾港来信", "--stories-dir", stories, "-f", "txt", "--indent", "--encoding", "gb18030", "-o", tmp.file("out/gb.txt")],
            input: "", environment: Self.env, cwd: tmp.path)
        #expect(r1.status == 0 && r2.status == 0, "\(r1.all)\n\(r2.all)")
        #expect(r2.stderr.contains("(GB18030)"))
        let utf8 = try #require(FileManager.default.contents(atPath: tmp.file("out/utf8.txt")))
        let gb = try #require(FileManager.default.contents(atPath: tmp.file("out/gb.txt")))
        #expect(gb != utf8)
        #expect(gb.count < utf8.count, "two bytes per Han character instead of three")
        #expect(String(data: gb, encoding: .utf8) == nil, "not UTF-8")
        let decoded = try tool("/usr/bin/iconv", ["-f", "GB18030", "-t", "UTF-8", tmp.file("out/gb.txt")])
        #expect(decoded == utf8, "decoding the GB18030 file gives back the UTF-8 export exactly")
        #expect(noTemporaryFiles(tmp.file("out")))
    }

    @Test func pandocMissingIsAClearErrorAndWritesNothing() throws {
        let tmp = try TempDir()
        let stories = try copySampleStories(to: tmp)
        try FileManager.default.createDirectory(atPath: tmp.file("bin-without-pandoc"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: tmp.file("out"), withIntermediateDirectories: true)
        for format in ["html", "epub", "docx"] {
            var env = Self.env
            env["PATH"] = tmp.file("bin-without-pandoc")
            let r = try runNovelist(
                ["export", "雾港来信", "--stories-dir", stories, "-f", format, "-o", tmp.file("out/book.\(format)")], input: "",
                environment: env, cwd: tmp.path)
            #expect(r.status == 1, "\(r.all)")
            #expect(r.stderr.contains("Exporting \(format) needs pandoc"), "\(r.stderr)")
            #expect(r.stderr.contains("sudo apt-get install pandoc"))
            #expect(!r.stderr.contains("Exported"))
        }
        // md and txt need no pandoc.
        var env = Self.env
        env["PATH"] = tmp.file("bin-without-pandoc")
        let md = try runNovelist(
            ["export", "雾港来信", "--stories-dir", stories, "-o", tmp.file("out/book.md")], input: "", environment: env, cwd: tmp.path)
        #expect(md.status == 0, "\(md.all)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.file("out")) == ["book.md"])
    }

    @Test func aFailingPandocLeavesTheOldFileAndNoTemporaryFiles() throws {
        let tmp = try TempDir()
        let stories = try copySampleStories(to: tmp)
        try tmp.write("out/book.html", "old")
        var env = Self.env
        env["NOVELIST_PANDOC"] = "/bin/false"
        // The old file is not novelist's export: --yes answers the question whether to replace it.
        let r = try runNovelist(
            ["export", "雾港来信", "--stories-dir", stories, "-f", "html", "-o", tmp.file("out/book.html"), "--yes"], input: "",
            environment: env, cwd: tmp.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("pandoc could not convert the manuscript (exit status 1)"), "\(r.stderr)")
        #expect(tmp.read("out/book.html") == "old")
        #expect(noTemporaryFiles(tmp.file("out")))
        // A real pandoc replaces it.
        let ok = try runNovelist(
            ["export", "雾港来信", "--stories-dir", stories, "-f", "html", "-o", tmp.file("out/book.html"), "--yes"], input: "",
            environment: Self.env, cwd: tmp.path)
        #expect(ok.status == 0, "\(ok.all)")
        #expect(tmp.read("out/book.html")?.contains("第一章 旧信") == true)
        #expect(noTemporaryFiles(tmp.file("out")))
    }

    @Test func aiDisclosureNamesTheModelsOfTheTranscript() throws {
        let tmp = try TempDir()
        let stories = try copySampleStories(to: tmp)
        try tmp.write(
            "stories/雾港来信/chat.jsonl",
            """
            {"role":"user","task":"chat","content":"hi","time":"t"}
            {"role":"assistant","task":"expand","content":"x","model":"deepseek-chat","time":"t"}
            {"role":"assistant","task":"chat","content":"y","model":"qwen-max","time":"t"}

            """)
        let r = try runNovelist(
            ["export", "雾港来信", "--stories-dir", stories, "--ai-disclosure", "-o", tmp.file("a.md")], input: "", environment: Self.env,
            cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let md = try #require(tmp.read("a.md"))
        #expect(md.hasSuffix("\n* * *\n\nAI 使用说明：本书在写作过程中借助了人工智能，使用的工具是 novelist，使用的模型：deepseek-chat、qwen-max。\n"))
        #expect(Headings.markdown(md).count == 1, "the note is not a chapter")
    }
}
