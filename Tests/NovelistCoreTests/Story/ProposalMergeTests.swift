import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

@Suite("Proposals merge into what they name")
struct ProposalMergeTests {
    static let outline =
        "# 雾港来信\n\n林晚回到雾港，追查妹妹的信。\n\n## 第一章 旧信\n- 收信\n\n## 第二章 邮差\n- 找周伯\n\n## 第三章 灯塔\n- 夜登灯塔\n- 很慢\n\n## 第四章 钟声\n- 钟声\n\n## 第五章 潮汐\n- 潮汐表\n"

    @Test func aPartialOutlineBlockChangesOnlyTheEntriesItNames() {
        let block = "## 第三章 灯塔\n- 夜登灯塔，撞见陈默\n\n## 第4章 钟声（紧凑）\n- 钟声与真相同时到来"
        let r = OutlineMerge.merge(outline: Self.outline, block: block)
        #expect(
            r.text
                == Self.outline
                .replacingOccurrences(of: "- 夜登灯塔\n- 很慢", with: "- 夜登灯塔，撞见陈默")
                .replacingOccurrences(of: "## 第四章 钟声\n- 钟声", with: "## 第四章 钟声（紧凑）\n- 钟声与真相同时到来"), "\(r.text)")
        #expect(r.revised == [3, 4] && r.added.isEmpty && r.unchanged == [1, 2, 5] && !r.whole && !r.preambleReplaced)
    }

    @Test func newEntriesAreInsertedInOrderInTheWritersHeadingStyle() {
        let r = OutlineMerge.merge(outline: Self.outline, block: "## Chapter 7: 远航\n- 出海\n\n## 第零章 序\n- 序幕")
        #expect(r.added == [7] && r.revised.isEmpty)
        #expect(r.text.hasSuffix("## 第五章 潮汐\n- 潮汐表\n\n## 第七章 远航\n- 出海\n"), "\(r.text)")
        let middle = OutlineMerge.merge(outline: Self.outline, block: "## 第6章 插入\n- x")
        #expect(middle.text == Self.outline + "\n## 第六章 插入\n- x\n")
        let first = OutlineMerge.merge(outline: "## 3. C\n- c\n", block: "## 第1章 A\n- a")
        #expect(first.text == "## 1. A\n- a\n\n## 3. C\n- c\n", "\(first.text)")
    }

    @Test func anEntryWrittenAtAnotherHeadingLevelIsStillAnEntry() {
        let r = OutlineMerge.merge(outline: Self.outline, block: "### 第二章 邮差\n- 找周伯，被拒")
        #expect(!r.whole && r.revised == [2] && r.text == Self.outline.replacingOccurrences(of: "- 找周伯\n", with: "- 找周伯，被拒\n"))
    }

    @Test func aTitleInTheBlockReplacesThePreambleAndAWholeOutlineWorksAsBefore() {
        let r = OutlineMerge.merge(outline: Self.outline, block: "# 雾港\n\n新的总述。\n\n## 第二章 邮差\n- 找周伯")
        #expect(r.preambleReplaced && r.revised.isEmpty)
        #expect(r.text.hasPrefix("# 雾港\n\n新的总述。\n\n## 第一章 旧信\n"))
        let whole = "# 新书\n\n## 第一章 甲\n- a\n\n## 第二章 乙\n- b\n\n## 第三章 丙\n\n## 第四章 丁\n\n## 第五章 戊"
        let w = OutlineMerge.merge(outline: Self.outline, block: whole)
        #expect(w.whole && w.text == whole + "\n")
    }

    @Test func threeEntriesOfAThreeHundredChapterOutlineLeaveTheRestByteForByte() {
        var outline = "# 长篇\n\n总述。\n\n"
        for n in 1...300 { outline += "## 第\(n)章 雾夜\(n)\n- 林晚追查货船\(n)。\n\n" }
        let block = "## 第10章 雾夜10\n- 改过的十\n\n## 第200章 新二百\n- 改过的二百\n\n## 第301章 尾声\n- 结局"
        let r = OutlineMerge.merge(outline: outline, block: block)
        var expected = outline.replacingOccurrences(of: "- 林晚追查货船10。\n", with: "- 改过的十\n")
        expected = expected.replacingOccurrences(of: "## 第200章 雾夜200\n- 林晚追查货船200。\n", with: "## 第200章 新二百\n- 改过的二百\n")
        expected += "## 第301章 尾声\n- 结局\n\n"
        #expect(r.text == expected)
        #expect(r.revised == [10, 200] && r.added == [301] && r.unchanged.count == 298)
        #expect(NumberList.format(r.unchanged) == "1–9, 11–199, 201–300")
    }

    @Test func aOneLineBibleProposalWouldLoseMostOfALongEntryAndCanBeAdded() {
        let body = "\n档案员，三十岁，沉默寡言，左手有一道旧伤。\n\n## 经历\n\n十年前离开雾港，在城里的档案馆工作。\n"
        let r = BibleMerge.merge(body: body, proposal: "她怕水。")
        #expect(r.replacesBody && r.losesMostOfTheEntry)
        let added = BibleMerge.append("她怕水。", to: body, heading: "第三章起")
        #expect(added.hasPrefix(body.trimmingCharacters(in: .newlines).isEmpty ? "" : "\n档案员"))
        #expect(added.contains("十年前离开雾港") && added.hasSuffix("\n\n## 第三章起\n\n她怕水。\n"))
    }

    @Test func aLongerTextThatKeepsTheOldWordsLosesNothing() {
        #expect(BibleMerge.merge(body: "守塔人。\n", proposal: "守塔人，五十岁，三年前剪断了钟绳。").removed == 0)
        #expect(BibleMerge.loss(from: "The keeper, fifty.", to: "The old keeper is fifty and tired.") == (0, 3))
        #expect(BibleMerge.loss(from: "甲乙丙丁", to: "甲丁").removed == 2)
    }

    @Test func bibleSectionsMergeByHeading() {
        let body = "档案员。\n\n## 外貌\n\n短发。\n\n## 经历\n\n十年前离开雾港。\n"
        let r = BibleMerge.merge(body: body, proposal: "## 外貌\n\n短发，左手有疤。\n\n## 弱点\n\n怕水。")
        #expect(!r.replacesBody && r.revisedSections == ["外貌"] && r.addedSections == ["弱点"])
        #expect(r.body == "档案员。\n\n## 外貌\n\n短发，左手有疤。\n\n## 经历\n\n十年前离开雾港。\n\n## 弱点\n\n怕水。\n", "\(r.body)")
        #expect(!r.losesMostOfTheEntry)
    }

    @Test func aPassageIsMatchedToTheParagraphsItRevises() {
        let chapter = (1...20).map { "第\($0)段：雾从海面漫上来，码头的灯一盏接一盏熄灭，编号\($0)号的渔船没有回来。" }.joined(separator: "\n\n")
        let passage = "第12段：雾从海面漫上来，码头的灯一盏接一盏熄灭，编号12号的渔船终于回来了。\n\n第13段：雾从海面漫上来，码头的灯一盏接一盏熄灭，编号13号的渔船没有回来，林晚在等。"
        #expect(PassageMatch.revisedRange(passage: passage, chapter: chapter) == 12...13)
        #expect(PassageMatch.revisedRange(passage: "完全无关的一句话，讲的是天上的星星。", chapter: chapter) == nil)
        let inserted = PassageMatch.insert("新段。", into: "甲。\n\n乙。\n", after: 1)
        #expect(inserted == "甲。\n\n新段。\n\n乙。\n")
        #expect(PassageMatch.insert("新段。", into: "甲。\n\n乙。", after: 0) == "新段。\n\n甲。\n\n乙。")
    }

    @Test func chapterMentions() {
        #expect(ChapterMention.first(in: "第三章节奏太慢") == 3)
        #expect(ChapterMention.first(in: "in chapter 12 she") == 12)
        #expect(ChapterMention.first(in: "第12章") == 12)
        #expect(ChapterMention.first(in: "没有章节") == nil)
    }

    @Test func outlineOpsParse() throws {
        let ops = try OutlineOps.parse("- add after 2: 山路\nmove 5 to 3\nmerge 4 into 3\ndelete 第7章\nrename 3：新名\ninsert before 3: 前夜")
        #expect(
            ops == [
                .chapter(.add(title: "山路", after: 2)), .chapter(.move(from: 5, to: 3)), .merge(from: 4, into: 3),
                .chapter(.delete(7)), .chapter(.rename(3, title: "新名")), .chapter(.add(title: "前夜", after: 2))
            ])
        #expect(throws: NovelistError.self) { try OutlineOps.parse("swap 3 and 4") }
    }

    static let files = [
        ChapterPlan.Chapter(number: 1, path: "chapters/001-旧信.md", content: "---\ntitle: 旧信\n---\n\n一。\n"),
        ChapterPlan.Chapter(number: 2, path: "chapters/002-邮差.md", content: "---\ntitle: 邮差\n---\n\n二。\n"),
        ChapterPlan.Chapter(number: 3, path: "chapters/003-灯塔.md", content: "---\ntitle: 灯塔\n---\n\n三。\n"),
        ChapterPlan.Chapter(number: 4, path: "chapters/004-钟声.md", content: "---\ntitle: 钟声\n---\n\n四。\n")
    ]

    @Test func anInsertionRenumbersHeadingsAndFilesLikeChapterAdd() throws {
        let plan = try OutlineOps.plan([.chapter(.add(title: "山路", after: 2))], outline: Self.outline, files: Self.files, language: .zh)
        let direct = try ChapterPlan.plan(.add(title: "山路", after: 2), outline: Self.outline, files: Self.files, language: .zh)
        #expect(Set(plan.edits.map(\.path)) == Set(direct.edits.map(\.path)))
        #expect(plan.edits.first { $0.path == "outline.md" }?.content == direct.edits.first { $0.path == "outline.md" }?.content)
        #expect(plan.renumbered == [3: 4, 4: 5, 5: 6])
    }

    @Test func mergeMovesBeatsAndProseThenDeletes() throws {
        let plan = try OutlineOps.plan([.merge(from: 4, into: 3)], outline: Self.outline, files: Self.files, language: .zh)
        let outline = try #require(plan.edits.first { $0.path == "outline.md" }?.content ?? nil)
        #expect(outline.contains("## 第三章 灯塔\n- 夜登灯塔\n- 很慢\n- 钟声\n\n## 第四章 潮汐"), "\(outline)")
        // One paragraph each: joined as two paragraphs (a blank line between), the Markdown way.
        #expect(plan.edits.contains(FileEdit("chapters/003-灯塔.md", "---\ntitle: 灯塔\n---\n\n三。\n\n四。\n")))
        #expect(plan.edits.contains(FileEdit("chapters/004-钟声.md", nil)))
        #expect(plan.renumbered == [5: 4])
    }
}
