import Testing

@testable import NovelistCore
@testable import NovelistStory
@testable import NovelistText

/// Issue 13: setting a front-matter key changes only that key's lines; comments and flow lists stay.
struct FrontMatterSurgeryTests {
    static let text = "---\n# the writer's note\ntitle: 开端  # keep this\ntags: [fog, harbor]\nsummary: 旧摘要\nstatus: draft\n---\n\n正文。\n"

    @Test func replacingAKeyKeepsEveryOtherByte() throws {
        var doc = try MarkdownDocument(parsing: Self.text, name: "c.md")
        doc["summary"] = "林晚回到雾港：新的摘要"
        let out = doc.render()
        #expect(
            out
                == "---\n# the writer's note\ntitle: 开端  # keep this\ntags: [fog, harbor]\nsummary: 林晚回到雾港：新的摘要\nstatus: draft\n---\n\n正文。\n",
            "\(out)")
    }

    @Test func insertingAKeyAppendsOneLine() throws {
        var doc = try MarkdownDocument(parsing: "---\ntitle: 开端 # c\ntags: [a, b]\n---\n\n正文。\n", name: "c.md")
        doc["summary"] = "多行\n摘要"
        let out = doc.render()
        #expect(out.hasPrefix("---\ntitle: 开端 # c\ntags: [a, b]\nsummary:"), "\(out)")
        let again = try MarkdownDocument(parsing: out, name: "c.md")
        #expect(again["summary"] == "多行\n摘要")
        #expect(again.strings("tags") == ["a", "b"])
    }

    @Test func aMultiLineValueIsReplacedWhole() throws {
        var doc = try MarkdownDocument(parsing: "---\nsummary: |\n  第一行\n  第二行\n# after\nstatus: draft\n---\n\n正文。\n", name: "c.md")
        doc["summary"] = "新"
        #expect(doc.render() == "---\nsummary: 新\n# after\nstatus: draft\n---\n\n正文。\n", "\(doc.render())")
    }
}

/// Issue 13: a hunk's place in prose paragraphs, not file lines.
struct HunkPlacesTests {
    @Test func linesMapToProseParagraphs() {
        let text = "---\ntitle: t\n---\n\n一。\n\n二，\n二续。\n\n三。\n"
        #expect(HunkPlaces.paragraphNumbers(text) == [nil, nil, nil, nil, 1, nil, 2, 2, nil, 3])
        let hunks = Hunk.hunks(LineDiff.diff(LineDiff.lines(text), LineDiff.lines(text.replacingOccurrences(of: "三。", with: "新三。"))))
        #expect(hunks.count == 1)
        #expect(HunkPlaces.label(hunks[0], numbers: HunkPlaces.paragraphNumbers(text)) == "¶3")
    }
}
