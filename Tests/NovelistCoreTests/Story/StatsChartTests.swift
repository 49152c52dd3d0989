import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

struct StatsChartTests {
    func stats() -> StoryStats {
        let meta = StoryMeta(title: "T", language: .zh, chapterLength: 1000)
        func file(_ n: Int, _ title: String, _ prose: String) -> ChapterFile {
            ChapterFile(
                number: n, path: "chapters/\(n).md",
                document: MarkdownDocument(body: prose, fields: [("title", title), ("status", "draft")]))
        }
        let files = [
            file(1, "雾港", String(repeating: "雾", count: 500)),
            file(2, "The Lighthouse Keeper", String(repeating: "word ", count: 1000)),
            file(3, "一个非常非常非常非常非常非常长的中文章节标题", String(repeating: "灯", count: 1500))
        ]
        let outline = [OutlineEntry(number: 4, title: "Fog 雾", beats: "", volume: nil)]
        return StoryStats.make(slug: "t", meta: meta, chapters: files, outline: outline)
    }

    @Test func barsStartAtTheSameColumnWithMixedTitles() throws {
        let lines = stats().lines()
        let rows = lines.filter { $0.contains("·") || $0.contains("█") }
        #expect(rows.count == 4)
        let columns = rows.map { row -> Int in
            let prefix = row.prefix { $0 != "█" && $0 != "·" && !"▏▎▍▌▋▊▉".contains($0) }
            return DisplayWidth.of(String(prefix))
        }
        #expect(Set(columns).count == 1, "\(rows.joined(separator: "\n"))")
        #expect(rows[0].contains("500/1000 字  50%"))
        #expect(rows[1].contains("████████████████████████"), "at or past the target the bar is full")
        #expect(rows[2].contains("…"), "a long title is cut by display width")
        #expect(lines.last == "4 chapters, 3 with prose, 3000/4000 字 in all.")
    }

    @Test func barsUseEighthBlocks() {
        #expect(StoryStats.bar(1, of: 2, width: 4) == "██··")
        #expect(StoryStats.bar(8, of: 16, width: 2) == "█·")
        #expect(StoryStats.bar(3, of: 16, width: 2) == "▍·")
        #expect(StoryStats.bar(0, of: 10, width: 3) == "···")
        #expect(
            StoryStats.daily([("2026-11-28", 300), ("2026-11-29", 600)], unit: "字", barWidth: 4) == [
                "  2026-11-28  ██··  +300 字", "  2026-11-29  ████  +600 字"
            ])
    }
}
