import Foundation

/// Turns a story into one manuscript. Pure: chapters in, text and a report out.
public struct ManuscriptExport: Equatable, Sendable {
    public var text: String
    public var chapterCount: Int
    public var length: Int
    /// What the writer should know before trusting the export: gaps, empty chapters, outline mismatches.
    public var warnings: [String]

    /// Markdown with a pandoc-compatible YAML title block, each chapter under `# 第三章 标题` / `# Chapter 3: Title`.
    public static func markdown(meta: StoryMeta, chapters: [ChapterFile], outline: [OutlineEntry], date: String) -> ManuscriptExport {
        var warnings: [String] = []
        let outlineTitles = Dictionary(outline.map { ($0.number, $0.title) }, uniquingKeysWith: { a, _ in a })
        let withProse = chapters.filter { !$0.prose.trimmingWhitespace().isEmpty }
        let empty = chapters.filter { $0.prose.trimmingWhitespace().isEmpty }.map(\.number)
        if !empty.isEmpty { warnings.append("left out, no prose yet: chapter \(NovelistError.ranges(empty))") }
        let numbers = withProse.map(\.number)
        if let first = numbers.first, let last = numbers.last {
            let missing = Set(first...last).subtracting(numbers).sorted()
            if !missing.isEmpty { warnings.append("gap in numbering: chapter \(NovelistError.ranges(missing)) is missing") }
        }
        let notInOutline = chapters.map(\.number).filter { outlineTitles[$0] == nil }
        if !outline.isEmpty && !notInOutline.isEmpty {
            warnings.append("on disk but not in the outline: chapter \(NovelistError.ranges(notInOutline))")
        }
        let duplicates = Dictionary(grouping: chapters, by: \.number).filter { $0.value.count > 1 }.keys.sorted()
        if !duplicates.isEmpty { warnings.append("more than one file for chapter \(NovelistError.ranges(duplicates))") }

        var out = "---\n"
        out += "title: \(yamlQuoted(meta.title))\n"
        if !meta.author.isEmpty { out += "author: \(yamlQuoted(meta.author))\n" }
        out += "lang: \(meta.language == .zh ? "zh-CN" : "en")\n"
        out += "date: \(yamlQuoted(date))\n"
        out += "---\n"
        var length = 0
        for chapter in withProse {
            let title = chapter.title.isEmpty ? (outlineTitles[chapter.number] ?? "") : chapter.title
            out += "\n# \(meta.language.chapterHeading(chapter.number, title: title))\n\n"
            let prose = chapter.prose.trimmingWhitespace()
            out += prose + "\n"
            length += TextLength.count(prose).total
        }
        return ManuscriptExport(text: out, chapterCount: withProse.count, length: length, warnings: warnings)
    }

    static func yamlQuoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
