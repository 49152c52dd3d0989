import Foundation
import NovelistText

/// A story's chapters and lengths, for `/stats` and `novelist stats --json`. Pure.
package struct StoryStats: Codable, Equatable, Sendable {
    package struct Chapter: Codable, Equatable, Sendable {
        package var number: Int
        package var title: String
        /// The file's status (a file that does not say is `draft`); `outline` when there is no file yet.
        package var status: String
        package var length: Int
        package var target: Int?
        /// Relative to the story folder; nil when the chapter is only in the outline.
        package var file: String?
        package var inOutline: Bool

        enum CodingKeys: String, CodingKey {
            case number, title, status, length, target, file
            case inOutline = "in_outline"
        }
    }

    package var story: String
    package var title: String
    package var author: String
    package var language: String
    /// 字 for Chinese stories, words for English ones.
    package var unit: String
    package var total: Int
    package var target: Int?
    package var chapters: [Chapter]

    package static func make(slug: String, meta: StoryMeta, chapters files: [ChapterFile], outline: [OutlineEntry]) -> StoryStats {
        let numbers = Set(outline.map(\.number)).union(files.map(\.number)).sorted()
        var chapters: [Chapter] = []
        for n in numbers {
            let entry = outline.first { $0.number == n }
            let here = files.filter { $0.number == n }
            if here.isEmpty {
                chapters.append(
                    Chapter(
                        number: n, title: entry?.title ?? "", status: "outline", length: 0,
                        target: meta.chapterLength, file: nil, inOutline: entry != nil))
            }
            for file in here {
                chapters.append(
                    Chapter(
                        number: n, title: file.title.isEmpty ? (entry?.title ?? "") : file.title,
                        status: ManuscriptPlan.status(of: file), length: TextLength.count(file.prose).total,
                        target: file.target ?? meta.chapterLength, file: file.path, inOutline: entry != nil))
            }
        }
        let total = chapters.reduce(0) { $0 + $1.length }
        let target = meta.chapterLength.map { $0 * numbers.count }
        return StoryStats(
            story: slug, title: meta.title, author: meta.author, language: meta.language.rawValue,
            unit: meta.language.lengthUnit, total: total, target: target, chapters: chapters)
    }

    /// A bar of `value` against `full`, in eighth blocks; past the target it is full.
    package static func bar(_ value: Double, of full: Double, width: Int) -> String {
        let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        let eighths = full > 0 ? min(width * 8, Int((value / full * Double(width * 8)).rounded())) : 0
        var s = String(repeating: "█", count: eighths / 8) + blocks[eighths % 8]
        let used = eighths / 8 + (eighths % 8 > 0 ? 1 : 0)
        s += String(repeating: "·", count: max(0, width - used))
        return s
    }

    /// A title cut to `columns` display columns with an ellipsis.
    static func fit(_ text: String, to columns: Int) -> String {
        guard DisplayWidth.of(text) > columns else { return text }
        var out = ""
        for ch in text {
            if DisplayWidth.of(out + String(ch)) > columns - 1 { break }
            out.append(ch)
        }
        return out + "…"
    }

    /// 字 or words written per day (net, from the story's history), as bars.
    package static func daily(_ days: [(day: String, written: Int)], unit: String, barWidth: Int = 24) -> [String] {
        guard let most = days.map({ abs($0.written) }).max(), most > 0 else { return [] }
        return days.map { d in
            "  \(d.day)  " + bar(Double(max(0, d.written)), of: Double(most), width: barWidth)
                + "  \(d.written >= 0 ? "+" : "")\(d.written) \(unit)"
        }
    }

    package func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The human-readable summary: a bar per chapter of its length against its target, aligned by display
    /// width so that Chinese and Latin titles line up, then the total against the goal.
    package func lines(barWidth: Int = 24, titleWidth: Int = 28) -> [String] {
        let lang = StoryLanguage(rawValue: language) ?? .en
        let headings = chapters.map { Self.fit(lang.chapterHeading($0.number, title: $0.title), to: titleWidth) }
        let column = min(titleWidth, headings.map(DisplayWidth.of).max() ?? 0)
        let statusWidth = chapters.map { $0.status.count }.max() ?? 0
        var out = zip(chapters, headings).map { c, heading in
            let bar = Self.bar(Double(c.length), of: Double(c.target ?? max(1, c.length)), width: barWidth)
            let percent =
                c.target.map { $0 > 0 ? String(format: " %3d%%", Int((Double(c.length) * 100 / Double($0)).rounded())) : "" } ?? ""
            return String(format: "%4d  ", c.number) + DisplayWidth.pad(heading, to: column)
                + "  " + "[\(c.status)]".padding(toLength: statusWidth + 2, withPad: " ", startingAt: 0)
                + "  " + bar + "  \(c.length)\(c.target.map { "/\($0)" } ?? "") \(unit)" + percent
        }
        let written = chapters.filter { $0.length > 0 }.count
        if let target {
            out.append(L("%d chapters, %d with prose, %d/%d %@ in all.", chapters.count, written, total, target, unit))
        } else {
            out.append(L("%d chapters, %d with prose, %d %@ in all.", chapters.count, written, total, unit))
        }
        return out
    }
}
