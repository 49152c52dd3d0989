import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

@Suite("Markdown documents with front matter")
struct MarkdownDocumentTests {
    static let chapter = """
        ---
        title: 雾港
        status: draft
        # a comment the writer left
        mood:   foggy   # aligned by hand
        tags: [港口, 信]
        ---

        林晚走进了咖啡馆。

        第二段。

        """

    @Test("front matter fields and body are read")
    func parse() throws {
        let doc = try MarkdownDocument(parsing: Self.chapter, name: "雾港来信/chapters/001-雾港.md")
        #expect(doc["title"] == "雾港")
        #expect(doc["status"] == "draft")
        #expect(doc["mood"] == "foggy")
        #expect(doc["missing"] == nil)
        #expect(doc.strings("tags") == ["港口", "信"])
        #expect(doc.strings("title") == ["雾港"])
        #expect(doc.keys == ["title", "status", "mood", "tags"])
        #expect(doc.body == "林晚走进了咖啡馆。\n\n第二段。\n")
        #expect(doc.yaml?.contains("# a comment the writer left") == true)
    }

    @Test("an unchanged document renders byte-identical to its input, comments and spacing included")
    func unchangedIsByteIdentical() throws {
        let doc = try MarkdownDocument(parsing: Self.chapter, name: "x.md")
        #expect(doc.render() == Self.chapter)
        var same = doc
        same["title"] = "雾港"  // setting a value to what it already is changes nothing
        #expect(same.render() == Self.chapter)
    }

    @Test("unknown keys survive setting a known key")
    func unknownKeysSurvive() throws {
        var doc = try MarkdownDocument(parsing: Self.chapter, name: "x.md")
        doc["title"] = "新的标题"
        doc["status"] = "revised"
        let text = doc.render()
        let again = try MarkdownDocument(parsing: text, name: "x.md")
        #expect(again["title"] == "新的标题")
        #expect(again["status"] == "revised")
        #expect(again["mood"] == "foggy")
        #expect(again.strings("tags") == ["港口", "信"])
        #expect(again.keys == ["title", "status", "mood", "tags"], "key order is kept")
        #expect(again.body == doc.body)
        #expect(text.hasPrefix("---\n"))
    }

    @Test("Chinese values are written as they are, never as \\u escapes")
    func chineseUnescaped() throws {
        var doc = try MarkdownDocument(parsing: Self.chapter, name: "x.md")
        doc["title"] = "第一章：雾起时 “引号”"
        let text = doc.render()
        #expect(text.contains("第一章：雾起时 “引号”"))
        #expect(!text.contains("\\u"))
        #expect(!text.contains("\\U"))
        #expect(try MarkdownDocument(parsing: text, name: "x.md")["title"] == "第一章：雾起时 “引号”")
    }

    @Test("emoji survive a rewrite; they are readable only if libyaml leaves them unescaped")
    func emoji() throws {
        var doc = try MarkdownDocument(parsing: Self.chapter, name: "x.md")
        doc["title"] = "雾港😀"
        let text = doc.render()
        #expect(try MarkdownDocument(parsing: text, name: "x.md")["title"] == "雾港😀", "the value round-trips")
        withKnownIssue(
            "minor: FrontMatter.swift render() → Yams/libyaml writes characters outside the BMP as \\U0001F600 even with allowUnicode"
        ) {
            #expect(text.contains("雾港😀"))
        }
    }

    @Test("a new document built from fields renders front matter then body")
    func fromFields() throws {
        let doc = MarkdownDocument(body: "正文\n", fields: [("title", "风"), ("status", "draft")])
        let text = doc.render()
        #expect(text == "---\ntitle: 风\nstatus: draft\n---\n\n正文\n")
        let again = try MarkdownDocument(parsing: text, name: "x.md")
        #expect(again["title"] == "风")
        #expect(again.body == "正文\n")
    }

    @Test("removing a key")
    func removeKey() throws {
        var doc = try MarkdownDocument(parsing: Self.chapter, name: "x.md")
        doc["status"] = nil
        #expect(doc["status"] == nil)
        #expect(!doc.keys.contains("status"))
        #expect(!doc.render().contains("status"))
    }

    @Test("a document without front matter is all body")
    func noFrontMatter() throws {
        let text = "# Heading\n\nJust prose --- with dashes.\n"
        let doc = try MarkdownDocument(parsing: text, name: "x.md")
        #expect(doc.yaml == nil)
        #expect(doc.keys.isEmpty)
        #expect(doc.body == text)
        #expect(doc.render() == text)
    }

    @Test("a byte order mark before the front matter is ignored")
    func bom() throws {
        let doc = try MarkdownDocument(parsing: "\u{FEFF}---\ntitle: 雾\n---\n\n正文", name: "x.md")
        #expect(doc["title"] == "雾")
        #expect(doc.body == "正文")
    }

    /// The export reads chapters for their bodies only (issue 19): the same body as parsing gives, the same
    /// error for a front matter never closed, and without "\r" a slice of the text, not a copy.
    @Test(
        "body(of:) is the parsed document's body",
        arguments: [
            "---\ntitle: 雾\n---\n\n正文\n", "\u{FEFF}---\ntitle: 雾\n---\n正文", "no front matter\n\n--- x", "---\n---\n\nbody",
            "---\r\ntitle: x\r\n---\r\n\r\n正文\r\n第二段", "---\ntitle: [broken\n---\n\nbody", "---\nx: 1\n...\nbody", "", "---\n",
            "---\ntitle: 雾\n---", "\u{FEFF}", "\u{FEFF}\u{301}---\nx: 1\n---\nbody"
        ])
    func bodyOnly(text: String) throws {
        let parsed = Result { () throws(NovelistError) in try MarkdownDocument(parsing: text, name: "c.md") }
        let body = Result { () throws(NovelistError) in try MarkdownDocument.body(of: text, name: "c.md") }
        switch (parsed, body) {
        case (.success(let doc), .success(let slice)):
            #expect(String(slice) == doc.body)
        case (.failure(let e), .failure(let f)):
            #expect(e == f)
        case (.failure(let e), .success):
            // Only the front matter's own content can be wrong without changing where the body is.
            if case .badFrontMatter(_, _, let detail) = e {
                #expect(detail != Phrase("the front matter opened with --- is never closed"))
            }
        case (.success, .failure(let f)):
            Issue.record("body(of:) failed where parsing did not: \(f)")
        }
        if !text.contains("\r"), case .success(let slice) = body { #expect(slice.base == text) }
    }

    /// The closing line is found by its bytes: `---` or `...` alone on a line, the last line too; a longer run of
    /// dashes or a line that only starts with three is not one.
    @Test("the front matter ends at a line that is --- or ..., wherever it is")
    func closingLine() throws {
        let cases: [(String, String, String?)] = [
            ("---\nx: 1\n...\nbody", "body", "1"), ("---\nx: 雾\n---", "", "雾"), ("---\n---\n\n正文", "正文", nil),
            ("---\nx: \"----\"\n---\nb", "b", "----"), ("---\nx: \"--- a\"\n---\n\nb", "b", "--- a"),
            ("---\nx: 港\n---\n\n---\n\n正文", "---\n\n正文", "港")
        ]
        for (text, body, x) in cases {
            let doc = try MarkdownDocument(parsing: text, name: "c.md")
            #expect(doc.body == body && doc["x"] == x, "\(text.debugDescription)")
            #expect(try MarkdownDocument.body(of: text, name: "c.md") == body[...])
        }
        #expect(throws: NovelistError.self) { try MarkdownDocument(parsing: "---\nx: 1\n----\nbody", name: "c.md") }
    }

    @Test("numbers in front matter")
    func numbers() throws {
        let doc = try MarkdownDocument(parsing: "---\nnumber: 3\n---\n\nx", name: "x.md")
        #expect(doc.int("number") == 3)
        #expect(doc["number"] == "3")
    }

    @Test("an empty front matter")
    func emptyFrontMatter() throws {
        let doc = try MarkdownDocument(parsing: "---\n---\n\nbody", name: "x.md")
        #expect(doc.keys.isEmpty)
        #expect(doc.body == "body")
    }

    @Test("unclosed front matter is an error naming the file")
    func unclosed() {
        let error = #expect(throws: NovelistError.self) {
            try MarkdownDocument(parsing: "---\ntitle: 雾\n\n正文没有结束标记。\n", name: "雾港来信/chapters/001-雾.md")
        }
        guard case .badFrontMatter(let file, let line, let detail)? = error else {
            Issue.record("expected badFrontMatter, got \(String(describing: error))")
            return
        }
        #expect(file == "雾港来信/chapters/001-雾.md")
        #expect(line == 1)
        #expect(!detail.text.isEmpty)
        #expect(error?.message.contains("雾港来信/chapters/001-雾.md") == true)
    }

    @Test("invalid YAML is an error with the file's line number")
    func invalidYAML() {
        let text = "---\ntitle: 雾\nstatus: [draft\nmood: foggy\n---\n\nbody\n"
        let error = #expect(throws: NovelistError.self) {
            try MarkdownDocument(parsing: text, name: "ch.md")
        }
        guard case .badFrontMatter(let file, let line, let detail)? = error else {
            Issue.record("expected badFrontMatter, got \(String(describing: error))")
            return
        }
        #expect(file == "ch.md")
        #expect(line > 1, "the error is after the opening --- line")
        #expect(line <= 5, "the error is inside the front matter, not after it")
        #expect(!detail.text.isEmpty)
    }

    @Test("front matter that is not key: value pairs is an error")
    func notAMapping() {
        #expect(throws: NovelistError.self) {
            try MarkdownDocument(parsing: "---\n- a\n- b\n---\n\nbody", name: "ch.md")
        }
    }
}

@Suite("Markdown documents written on Windows")
struct MarkdownDocumentCRLFTests {
    @Test("a CRLF front matter is read")
    func crlfFrontMatter() {
        let text = "---\r\ntitle: 雾港\r\nstatus: draft\r\n---\r\n\r\n正文。\r\n"
        let doc = try? MarkdownDocument(parsing: text, name: "ch.md")
        #expect(doc?["title"] == "雾港")
        #expect(doc?["status"] == "draft")
    }
}
