import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// The context budget: fixed order, never over budget, nothing cut silently.
struct ContextBuilderTests {
    /// A synthetic 300-chapter Chinese story: outline entries with beats, a summary for every chapter.
    static func bigStory() -> (outline: [OutlineEntry], outlineText: String, summaries: [(Int, String, String)]) {
        var entries: [OutlineEntry] = []
        var text = "# 长篇\n\n"
        var summaries: [(Int, String, String)] = []
        for n in 1...300 {
            let beats = "- 林晚在第\(n)个雾夜来到码头，发现新的线索。\n- 周伯沉默不语，铜钥匙又一次发热。"
            entries.append(OutlineEntry(number: n, title: "雾夜\(n)", beats: beats, volume: nil))
            text += "## 第\(ChineseNumerals.format(n))章 雾夜\(n)\n\(beats)\n\n"
            summaries.append((n, "雾夜\(n)", "第\(n)章里，林晚追查无灯货船，与陈默发生争执，最后在灯塔下找到一张潮汐表的残页。"))
        }
        return (entries, text, summaries)
    }

    func request(chapter: Int = 300, contextTokens: Int = 8000, reserved: Int = 3000) -> ContextRequest {
        let story = Self.bigStory()
        var r = ContextRequest(
            language: .zh, system: "你是小说合著者。《长篇》", instruction: "请写出第三百章的完整正文。",
            contextTokens: contextTokens, reservedOutput: reserved, estimator: TokenEstimator())
        r.outlineText = story.outlineText
        r.outline = story.outline
        r.chapter = chapter
        r.summaries = story.summaries.filter { $0.0 < chapter }
        r.previousEnding = ("第二百九十九章", String(repeating: "雾从海面漫上来，码头的灯一盏接一盏熄灭。", count: 80))
        r.bible = [
            BibleEntry(name: "林晚", kind: "character", aliases: ["阿晚"], path: "bible/林晚.md", body: "档案员，三十岁。"),
            BibleEntry(name: "雾港", kind: "place", aliases: [], path: "bible/雾港.md", body: "终年起雾的港镇。")
        ]
        return r
    }

    @Test func aThreeHundredChapterStoryNeverGoesOverBudget() throws {
        for budget in [2500, 4000, 8000, 16000, 32000] {
            for chapter in [1, 2, 150, 299, 300] {
                let plan = try ContextBuilder.build(request(chapter: chapter, contextTokens: budget, reserved: 1500))
                #expect(plan.total <= plan.budget, "budget \(budget), chapter \(chapter): \(plan.total) > \(plan.budget)")
                // What is sent is what the sections say: every section's text is in the messages.
                let sent = plan.messages.map(\.content).joined(separator: "\n")
                for s in plan.sections where s.kind != .conversation {
                    #expect(sent.contains(s.text.prefix(200)), "\(s.label) is sent")
                }
            }
        }
    }

    @Test func whatDoesNotFitIsListed() throws {
        let plan = try ContextBuilder.build(request(contextTokens: 8000, reserved: 3000))
        #expect(!plan.dropped.isEmpty)
        #expect(plan.dropped.contains { $0.contains("outline: only chapters") }, "\(plan.dropped)")
        #expect(plan.dropped.contains { $0.contains("summaries of chapters") }, "older summaries are listed as left out")
        // The nearest summaries are the ones kept.
        let summaries = try #require(plan.sections.first { $0.kind == .summaries })
        #expect(summaries.text.contains("第二百九十九章"))
        #expect(!summaries.text.contains("第一章 雾夜1："))
        // A small story fits whole and drops nothing.
        var small = request(contextTokens: 8000, reserved: 1000)
        small.outline = Array(small.outline.prefix(3))
        small.outlineText = "## 第一章 雾夜1\n- 开端\n"
        small.summaries = Array(small.summaries.prefix(2))
        small.previousEnding = ("第二章", "结尾。")
        let whole = try ContextBuilder.build(small)
        #expect(whole.dropped.isEmpty, "\(whole.dropped)")
    }

    @Test func sectionsComeInTheFixedOrder() throws {
        let plan = try ContextBuilder.build(request(contextTokens: 32000, reserved: 2000))
        let kinds = plan.sections.map(\.kind)
        let order: [ContextSection.Kind] = [.system, .bible, .bible, .outline, .summaries, .previousEnding, .instruction]
        #expect(kinds == order)
        #expect(plan.messages.count == 2)
        #expect(plan.messages[0].role == "system")
        let system = plan.messages[0].content
        let b = try #require(system.range(of: "林晚"))
        let o = try #require(system.range(of: "<outline>"))
        let s = try #require(system.range(of: "<summaries>"))
        #expect(b.lowerBound < o.lowerBound && o.lowerBound < s.lowerBound)
        #expect(plan.messages[1].content.hasSuffix("请写出第三百章的完整正文。"))
        #expect(plan.messages[1].content.contains("<previous_ending>"))
    }

    @Test func theInstructionAloneOverBudgetIsAClearError() {
        var r = request(contextTokens: 500, reserved: 400)
        r.instruction = String(repeating: "很长的要求。", count: 200)
        #expect(throws: NovelistError.self) { try ContextBuilder.build(r) }
        let tooMuchOutput = request(contextTokens: 3000, reserved: 3000)
        #expect(throws: NovelistError.contextTooSmall(needed: 3000, window: 3000)) { try ContextBuilder.build(tooMuchOutput) }
    }

    @Test func bibleEntriesAreFoundByNameAndAliasInsideChineseSentences() {
        let entries = [
            BibleEntry(name: "林晚", kind: "character", aliases: ["阿晚", "晚"], path: "bible/林晚.md", body: ""),
            BibleEntry(name: "铜钥匙", kind: "item", aliases: ["七号钥匙"], path: "bible/铜钥匙.md", body: ""),
            BibleEntry(name: "陈默", kind: "character", aliases: [], path: "bible/陈默.md", body: ""),
            BibleEntry(name: "Harbor", kind: "place", aliases: [], path: "bible/Harbor.md", body: "")
        ]
        let found = ContextBuilder.namedEntries(entries, in: ["她握紧了七号钥匙，想起阿晚小时候的样子。", "晚上下雨了。"])
        #expect(found.map(\.name) == ["铜钥匙", "林晚"], "in order of first mention; a one-character alias is ignored")
        #expect(ContextBuilder.namedEntries(entries, in: ["晚饭"]).isEmpty)
    }

    @Test func conversationKeepsTheNewestTurnsAndSaysHowManyWereLeftOut() throws {
        var r = ContextRequest(
            language: .en, system: "You co-write.", instruction: "What next?", contextTokens: 600, reservedOutput: 100,
            estimator: TokenEstimator())
        r.conversation = (1...60).map {
            ChatMessage(role: $0 % 2 == 0 ? "assistant" : "user", content: "Message number \($0) about the harbour and the fog.")
        }
        let plan = try ContextBuilder.build(r)
        #expect(plan.total <= plan.budget)
        let turns = plan.messages.dropFirst().dropLast()
        #expect(turns.last?.content.contains("Message number 60") == true)
        #expect(!turns.contains { $0.content.contains("Message number 1 ") })
        #expect(plan.dropped.contains { $0.contains("older conversation messages") })
    }

    @Test func calibrationMovesTowardTheServersCount() {
        var c = Calibration()
        #expect(c.factor(for: "m") == 1.0)
        for _ in 0..<10 { c.learn(model: "m", rawEstimate: 1000, observed: 600) }
        #expect(abs(c.factor(for: "m") - 0.6) < 0.02)
        let before = c.factor(for: "m")
        c.learn(model: "m", rawEstimate: 1000, observed: 900)
        #expect(c.factor(for: "m") > before)
        #expect(c.factor(for: "other") == 1.0, "calibration is per model")
        c.learn(model: "m", rawEstimate: 10, observed: 1000)
        #expect(c.factor(for: "m") < 1.0, "tiny requests teach nothing")
        #expect(TokenEstimator(factor: 0.5).tokens("一二三四") == 2)
    }
}

struct ProposalTests {
    @Test func fencedBlocksNameTheirTargets() {
        let reply = """
            两个建议：

            ```outline
            # 雾港
            ## 第一章 旧信
            - 新的要点
            ```

            ```bible:林晚
            档案员，沉默寡言。
            ```

            ```chapter:3
            第一段。

            第二段。
            ```

            ```swift
            let notAProposal = 1
            ```
            """
        let proposals = Proposal.parse(reply)
        #expect(proposals.count == 3)
        #expect(proposals[0].target == .outline)
        #expect(proposals[0].text.hasPrefix("# 雾港"))
        #expect(proposals[1].target == .bible("林晚"))
        #expect(proposals[2].target == .chapter(3))
        #expect(proposals[2].text == "第一段。\n\n第二段。")
        #expect(Proposal.parse("no blocks here").isEmpty)
        #expect(Proposal.parse("```chapter:x\ntext\n```").isEmpty)
    }

    @Test func paragraphsAndRanges() {
        #expect(Paragraphs.split("一。\n\n二。\n\n三。").paragraphs == ["一。", "二。", "三。"])
        #expect(Paragraphs.split("一。\n二。\n三。\n").paragraphs == ["一。", "二。", "三。"], "one paragraph per line without blank lines")
        #expect(Paragraphs.split("A line\nwrapped.\n\nB.").paragraphs == ["A line\nwrapped.", "B."])
        #expect(Paragraphs.parseRange("§4-6") == 4...6)
        #expect(Paragraphs.parseRange("§2") == 2...2)
        #expect(Paragraphs.parseRange("§4－6") == 4...6)
        #expect(Paragraphs.parseRange("§6-4") == nil)
        #expect(Paragraphs.parseRange("§0") == nil)
        #expect(Paragraphs.parseRange("4-6") == 4...6, "a bare range is a range (issue 21)")
        #expect(Paragraphs.parseRange("¶4-6") == 4...6 && Paragraphs.parseRange("p4-6") == 4...6 && Paragraphs.parseRange("第4-6段") == 4...6)
        #expect(Paragraphs.parseRange("4") == nil, "a bare number may be the instruction's first word")
    }

    @Test func displayWidthCountsWideCharactersTwice() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("雾港") == 4)
        #expect(DisplayWidth.of("第3章 Fog") == 9)
        #expect(DisplayWidth.of("é") == 1)
        #expect(DisplayWidth.pad("雾", to: 4) == "雾  ")
    }
}

struct SpliceTests {
    @Test func onlyTheChosenParagraphsChange() {
        let prose = "　　第一段。\n\n\n第二段。\n\n第三段，\n接着。\n\n第四段。\n"
        #expect(Paragraphs.split(prose).paragraphs.count == 4)
        let out = Paragraphs.splice(prose, range: 2...3, with: ["新二。", "新三。"])
        #expect(out == "　　第一段。\n\n\n新二。\n\n新三。\n\n第四段。\n", "the indent and the extra blank line of ¶1 stay")
        let perLine = "一。\n二。\n三。\n"
        #expect(Paragraphs.splice(perLine, range: 2...2, with: ["新二。"]) == "一。\n新二。\n三。\n")
        #expect(Paragraphs.splice(perLine, range: 5...6, with: ["x"]) == perLine, "out of range changes nothing")
    }
}
