import Foundation

/// A story's chapters and lengths, for `/stats` and `novelist stats --json`. Pure.
public struct StoryStats: Codable, Equatable, Sendable {
    public struct Chapter: Codable, Equatable, Sendable {
        public var number: Int
        public var title: String
        /// The file's status (a file that does not say is `draft`); `outline` when there is no file yet.
        public var status: String
        public var length: Int
        public var target: Int?
        /// Relative to the story folder; nil when the chapter is only in the outline.
        public var file: String?
        public var inOutline: Bool

        enum CodingKeys: String, CodingKey {
            case number, title, status, length, target, file
            case inOutline = "in_outline"
        }
    }

    public var story: String
    public var title: String
    public var author: String
    public var language: String
    /// 字 for Chinese stories, words for English ones.
    public var unit: String
    public var total: Int
    public var target: Int?
    public var chapters: [Chapter]

    public static func make(slug: String, meta: StoryMeta, chapters files: [ChapterFile], outline: [OutlineEntry]) -> StoryStats {
        let numbers = Set(outline.map(\.number)).union(files.map(\.number)).sorted()
        var chapters: [Chapter] = []
        for n in numbers {
            let entry = outline.first { $0.number == n }
            let here = files.filter { $0.number == n }
            if here.isEmpty {
                chapters.append(Chapter(number: n, title: entry?.title ?? "", status: "outline", length: 0,
                                        target: meta.chapterLength, file: nil, inOutline: entry != nil))
            }
            for file in here {
                chapters.append(Chapter(
                    number: n, title: file.title.isEmpty ? (entry?.title ?? "") : file.title,
                    status: ManuscriptPlan.status(of: file), length: TextLength.count(file.prose).total,
                    target: file.document.int("length_target") ?? meta.chapterLength, file: file.path, inOutline: entry != nil))
            }
        }
        let total = chapters.reduce(0) { $0 + $1.length }
        let target = meta.chapterLength.map { $0 * numbers.count }
        return StoryStats(story: slug, title: meta.title, author: meta.author, language: meta.language.rawValue,
                          unit: meta.language.lengthUnit, total: total, target: target, chapters: chapters)
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The human-readable summary.
    public func lines() -> [String] {
        let lang = StoryLanguage(rawValue: language) ?? .en
        var out = chapters.map { c in
            String(format: "%4d  ", c.number) + lang.chapterHeading(c.number, title: c.title)
                + "  [\(c.status)]  \(c.length)\(c.target.map { "/\($0)" } ?? "") \(unit)"
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
