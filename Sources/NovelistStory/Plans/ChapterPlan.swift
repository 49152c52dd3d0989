import Foundation
import NovelistText

/// Plans chapter operations — add, move, rename, delete — as file edits: chapter files renamed to their
/// new numbers and outline headings renumbered in the style they were written in. Pure: text in, edits out;
/// the store applies the edits as one change.
package struct ChapterPlan: Equatable, Sendable {
    package var message: Phrase
    package var edits: [FileEdit]
    /// old number → new number, for the chapters whose number changes.
    package var renumbered: [Int: Int]

    package struct Chapter: Sendable {
        package var number: Int
        package var path: String?
        package var content: String?
        package init(number: Int, path: String?, content: String?) {
            self.number = number
            self.path = path
            self.content = content
        }
    }

    package enum Operation: Equatable, Sendable {
        case add(title: String, after: Int?)
        case move(from: Int, to: Int)
        case rename(Int, title: String)
        case delete(Int)
    }

    /// - Parameters:
    ///   - outline: the text of outline.md
    ///   - files: the chapter files on disk
    package static func plan(_ op: Operation, outline: String, files: [Chapter], language: StoryLanguage) throws(NovelistError)
        -> ChapterPlan
    {
        var lines = outline.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headings = headingLines(lines)
        // Per-volume numbering (第二卷 then 第一章 again): the headings' numbers are not the chapters' numbers,
        // and renumbering them would rewrite them wrongly. Refuse rather than guess.
        if zip(headings, headings.dropFirst()).contains(where: { $1.number <= $0.number }) {
            let entries = OutlineParser.parse(outline)
            if OutlineParser.numbersPerVolume(entries) { throw .numberedPerVolume }
        }
        let numbers = Set(headings.map(\.number)).union(files.map(\.number)).sorted()
        let last = numbers.last ?? 0
        func require(_ n: Int) throws(NovelistError) {
            guard numbers.contains(n) else {
                throw numbers.isEmpty ? .chapterNotInOutline(n, available: []) : .chapterOutOfRange(n, valid: numbers)
            }
        }
        var mapping: [Int: Int] = [:]
        var message: Phrase
        var newTitles: [Int: String] = [:]  // by new number
        var created: (number: Int, title: String)?
        var deleted: Int?

        switch op {
        case .add(let title, let after):
            try Names.validateTitle(title)
            let position = after ?? last
            if let after, after != 0 { try require(after) }
            for n in numbers where n > position { mapping[n] = n + 1 }
            created = (position + 1, title)
            message = Phrase("add chapter %d %@", position + 1, title)
        case .move(let from, let to):
            try require(from)
            guard to >= 1, to <= last else { throw .chapterOutOfRange(to, valid: numbers) }
            guard from != to else { throw .usage(command: "chapter", usage: L("/chapter move N M  (N and M differ)")) }
            if from < to {
                for n in numbers where n > from && n <= to { mapping[n] = n - 1 }
            } else {
                for n in numbers where n >= to && n < from { mapping[n] = n + 1 }
            }
            mapping[from] = to
            message = Phrase("move chapter %d to %d", from, to)
        case .rename(let n, let title):
            try require(n)
            try Names.validateTitle(title)
            newTitles[n] = title
            message = Phrase("rename chapter %d to %@", n, title)
        case .delete(let n):
            try require(n)
            deleted = n
            for m in numbers where m > n { mapping[m] = m - 1 }
            message = Phrase("delete chapter %d", n)
        }

        // Outline: move/delete/insert blocks, then rewrite headings.
        var blocks = blockRanges(lines, headings)
        if let deleted, let b = blocks.first(where: { $0.number == deleted }) {
            lines.removeSubrange(b.range)
            blocks = blockRanges(lines, headingLines(lines))
        }
        if case .move(let from, let to) = op, let b = blocks.first(where: { $0.number == from }) {
            let block = Array(lines[b.range])
            lines.removeSubrange(b.range)
            let rest = blockRanges(lines, headingLines(lines))
            let insertAt: Int
            if from < to {
                insertAt = rest.last(where: { $0.number <= to })?.range.upperBound ?? lines.count
            } else {
                insertAt = rest.first(where: { $0.number >= to })?.range.lowerBound ?? lines.count
            }
            lines.insert(contentsOf: block, at: insertAt)
        }
        var createdLine: Int?
        if let created {
            let heading = "## " + language.chapterHeading(created.number, title: created.title)
            let insertAt: Int
            if let prev = blocks.last(where: { $0.number <= created.number - 1 }) {
                insertAt = prev.range.upperBound
            } else if let next = blocks.first {
                insertAt = next.range.lowerBound
            } else {
                insertAt = lines.count
            }
            var block = [heading, ""]
            if insertAt > 0 && !(lines[insertAt - 1].trimmingWhitespace().isEmpty) { block.insert("", at: 0) }
            lines.insert(contentsOf: block, at: insertAt)
            createdLine = insertAt + block.firstIndex(of: heading)!
        }
        for h in headingLines(lines) {
            let new = mapping[h.number] ?? h.number
            if h.line == createdLine { continue }
            let title = newTitles[h.number]
            if new != h.number || title != nil {
                lines[h.line] = rewriteHeading(lines[h.line], number: new, title: title)
            }
        }
        var newOutline = lines.joined(separator: "\n")
        if outline.hasSuffix("\n") && !newOutline.hasSuffix("\n") { newOutline += "\n" }

        // Files: collect the final state by path; a path both removed and created keeps the new content.
        var final: [String: String?] = [:]
        var order: [String] = []
        func set(_ path: String, _ content: String?) {
            if final[path] == nil { order.append(path) }
            final[path] = .some(content)
        }
        for f in files {
            guard let path = f.path, let content = f.content else { continue }
            if f.number == deleted {
                set(path, nil)
                continue
            }
            let new = mapping[f.number] ?? f.number
            var text = content
            var slugPart = String(lastPathComponent(path).drop(while: { $0.isASCII && $0.isNumber }).dropFirst().dropLast(3))
            if let title = newTitles[f.number] {
                if var doc = try? MarkdownDocument(parsing: content, name: path) {
                    doc["title"] = title
                    text = doc.render()
                }
                slugPart = Names.slug(title)
            }
            let newPath = chapterPath(new, slug: slugPart)
            if newPath != path || text != content {
                if final[path] == nil { set(path, nil) }
                set(newPath, text)
            }
        }
        if let created {
            let doc = MarkdownDocument(body: "", fields: [("title", created.title), ("status", "outline")])
            set(StoryWorkspace.chapterPath(number: created.number, title: created.title), doc.render())
        }
        var edits = [FileEdit(StoryWorkspace.outlineFile, newOutline)]
        if newOutline == outline { edits.removeAll() }
        edits += order.map { FileEdit($0, final[$0]!) }
        return ChapterPlan(message: message, edits: edits, renumbered: mapping)
    }

    static func chapterPath(_ n: Int, slug: String) -> String {
        let padded = n < 1000 ? String(repeating: "0", count: 3 - String(n).count) + String(n) : String(n)
        return "\(StoryWorkspace.chaptersDir)/\(padded)\(slug.isEmpty ? "" : "-" + slug).md"
    }

    struct Heading {
        var line: Int
        var number: Int
    }
    struct Block {
        var number: Int
        var range: Range<Int>
    }

    static func headingLines(_ lines: [String]) -> [Heading] {
        var out: [Heading] = []
        var inFence = false
        for (i, line) in lines.enumerated() {
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle() }
            guard !inFence, line.hasPrefix("## "), let (n, _) = OutlineParser.parseChapterHeading(line.dropFirst(2)) else { continue }
            out.append(Heading(line: i, number: n))
        }
        return out
    }

    /// Each chapter's block: its heading to the next chapter heading or level-1 heading.
    static func blockRanges(_ lines: [String], _ headings: [Heading]) -> [Block] {
        headings.map { h in
            var end = h.line + 1
            while end < lines.count {
                let l = lines[end]
                if l.hasPrefix("# ") || l.hasPrefix("## ") { break }
                end += 1
            }
            return Block(number: h.number, range: h.line..<end)
        }
    }

    /// Rewrites a heading's number (and optionally its title) in the style it was written in.
    static func rewriteHeading(_ line: String, number: Int, title: String?) -> String {
        let text = String(line.dropFirst(3))
        guard let (_, oldTitle) = OutlineParser.parseChapterHeading(text) else { return line }
        var prefix: String
        if text.hasPrefix("第"), let end = text.firstIndex(where: { "章回节".contains($0) }) {
            let numeral = text[text.index(after: text.startIndex)..<end].trimmingWhitespace()
            let arabic = Int(numeral) != nil
            prefix = "第" + (arabic ? String(number) : ChineseNumerals.format(number)) + String(text[end])
        } else if text.lowercased().hasPrefix("chapter") {
            prefix = String(text.prefix(7)) + " \(number)"
        } else {
            prefix = "\(number)"
        }
        // Keep the separator between number and title as written.
        let afterNumber: Substring
        if let r = text.range(of: oldTitle, options: .backwards), !oldTitle.isEmpty {
            let head = text[..<r.lowerBound]
            let sep = head.reversed().prefix(while: { " \t:：.、-—–·|".contains($0) })
            afterNumber = Substring(String(sep.reversed()))
        } else {
            afterNumber = language(of: text) == .zh ? " " : ": "
        }
        let newTitle = title ?? oldTitle
        return "## " + prefix + (newTitle.isEmpty ? "" : (afterNumber.isEmpty ? " " : afterNumber) + newTitle)
    }

    private static func language(of text: String) -> StoryLanguage { StoryLanguage.guess(from: text) }
}
