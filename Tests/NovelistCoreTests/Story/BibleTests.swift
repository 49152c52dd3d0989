import Testing

@testable import NovelistStory
@testable import NovelistTesting
@testable import NovelistText

/// Issue 15: the bible at any depth under bible/, kind from the folder, duplicates, progressions.
struct BibleTests {
    func workspace(_ files: [String: String]) -> StoryWorkspace {
        StoryWorkspace(fs: InMemoryFileSystem(files: files.reduce(into: [:]) { $0["/s/" + $1.key] = $1.value }), root: "/s")
    }

    @Test func entriesAreReadAtAnyDepthWithTheirKindFromTheFolder() throws {
        let ws = workspace([
            "bible/characters/林晚.md": "---\nname: 林晚\naliases: [阿晚]\n---\n\n邮差的女儿。\n",
            "bible/places/north/雾港.md": "---\nkind: town\n---\n\n港口。\n",
            "bible/灯塔.md": "---\nname: 灯塔\nkind: place\n---\n\n",
            "bible/.hidden/x.md": "---\nname: x\n---\n"
        ])
        let entries = try BibleEntry.load(ws)
        #expect(entries.map(\.path) == ["bible/characters/林晚.md", "bible/places/north/雾港.md", "bible/灯塔.md"])
        #expect(entries.map(\.kind) == ["character", "town", "place"], "front matter wins over the folder")
        #expect(entries.map(\.name) == ["林晚", "雾港", "灯塔"])
        #expect(BibleEntry.kind(fromPath: "bible/人物/林晚.md") == "人物")
        #expect(BibleEntry.find("阿晚", in: entries)?.name == "林晚")
    }

    @Test func twoEntriesWithOneNameOrAliasAreFound() throws {
        let entries = [
            BibleEntry(name: "林晚", kind: "", aliases: ["阿晚"], path: "bible/a/林晚.md", body: ""),
            BibleEntry(name: "阿晚", kind: "", aliases: [], path: "bible/b/阿晚.md", body: ""),
            BibleEntry(name: "沈舟", kind: "", aliases: [], path: "bible/沈舟.md", body: "")
        ]
        let d = BibleEntry.duplicates(entries)
        #expect(d.count == 1)
        #expect(d.first?.name == "阿晚")
        #expect(d.first?.paths == ["bible/a/林晚.md", "bible/b/阿晚.md"])
    }

    @Test func theLatestProgressionAtOrBeforeTheChapterAndNeverALaterOne() {
        let body = "邮差的女儿，眼睛很好。\n\n## 性格\n冷静。\n\n## 第61章起\n她失明了。\n\n## From chapter 120\nShe leads the guild.\n\n## 第二百章起\n她死了。\n"
        let e = BibleEntry(name: "林晚", kind: "character", aliases: [], path: "bible/林晚.md", body: body)
        #expect(e.progressions.steps.map(\.from) == [61, 120, 200])
        let early = e.asOf(chapter: 60)
        #expect(early.from == nil)
        #expect(early.entry.body.contains("冷静。"))
        #expect(!early.entry.body.contains("失明"))
        let mid = e.asOf(chapter: 61)
        #expect(mid.from == 61)
        #expect(mid.entry.body.contains("邮差的女儿") && mid.entry.body.contains("她失明了。"))
        #expect(!mid.entry.body.contains("guild") && !mid.entry.body.contains("死"))
        let late = e.asOf(chapter: 150)
        #expect(late.from == 120)
        #expect(late.entry.body.contains("She leads the guild.") && !late.entry.body.contains("失明") && !late.entry.body.contains("死"))
        #expect(e.asOf(chapter: 300).entry.body.contains("她死了。"))
        #expect(BibleEntry.progressionStart("## 第三章起") == 3)
        #expect(BibleEntry.progressionStart("## from Chapter 7") == 7)
        #expect(BibleEntry.progressionStart("## 第三章") == nil)
    }
}

/// Issue 15: threads.md.
struct ThreadFileTests {
    @Test func threadsAreParsedAddedAndResolvedInPlace() throws {
        let text = "# 伏笔\n\n## 铜钥匙\n- planted: 1\n- due: 6\n- status: open\n- who: 林晚、周伯\n\n柄上刻着七。\n\n## 沉船\nplanted：3\n"
        let threads = StoryThread.parse(text)
        #expect(threads.map(\.title) == ["铜钥匙", "沉船"])
        #expect(threads[0].planted == 1 && threads[0].due == 6 && !threads[0].resolved)
        #expect(threads[0].who == ["林晚", "周伯"])
        #expect(threads[0].text == "柄上刻着七。")
        #expect(threads[1].planted == 3 && threads[1].due == nil)
        let resolved = try #require(StoryThread.resolving("沉船", in: 8, text: text))
        #expect(
            resolved == text.replacingOccurrences(of: "## 沉船\n", with: "## 沉船\n- status: resolved\n- resolved in: 8\n"),
            "only that thread changes")
        #expect(StoryThread.parse(resolved)[1].resolved)
        #expect(StoryThread.resolving("无", in: nil, text: text) == nil)
        let added = StoryThread.adding("灯塔", planted: 4, due: nil, to: text)
        #expect(added.hasPrefix(text) && added.hasSuffix("\n\n## 灯塔\n- planted: 4\n- status: open\n"))
    }
}
