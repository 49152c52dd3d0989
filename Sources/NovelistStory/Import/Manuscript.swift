import NovelistText

/// One chapter found in an imported manuscript.
package struct ImportedChapter: Equatable, Sendable {
    /// Numbered through the book from 1 (the file and outline number).
    package var number: Int
    /// The number its heading says (第十二章 → 12).
    package var writtenNumber: Int
    package var title: String
    package var body: String
    /// The volume heading it stands under, as written.
    package var volume: String?
    /// The line of its heading in the manuscript (from 1).
    package var line: Int
}

/// A manuscript split at its chapter headings (issue 17): what stood before the first heading, the chapters, and
/// what is odd about their numbering.
package struct Manuscript: Equatable, Sendable {
    package var front: String
    package var chapters: [ImportedChapter]
    package var language: StoryLanguage
    /// Numbers the headings skip (within a volume when the numbering starts again in each volume).
    package var gaps: [Int] = []
    /// Numbers two headings give.
    package var duplicates: [Int] = []
    /// Chapters (through-the-book numbers) with no prose.
    package var empty: [Int] { chapters.filter { !$0.body.contains(where: { !$0.isWhitespace }) }.map(\.number) }
    package var length: Int { chapters.reduce(0) { $0 + TextLength.count($1.body).total } }
}

package enum ManuscriptSplitter {
    package enum Heading: Equatable, Sendable {
        case volume(String)
        case chapter(Int, String)
    }

    /// A line read as a chapter or volume heading: `## 第三章 旧信`, `第3章`, `Chapter 3: Title`, `## 3. Title`,
    /// `第一卷 风起`, `# Part Two`. Without a `#`, only 第…章 and Chapter N lines count (a numbered list is no heading),
    /// and only short lines that do not end a sentence.
    package static func heading<S: StringProtocol>(_ raw: S) -> Heading? {
        var text = String(raw).trimmingWhitespace()
        var hashes = 0
        while text.hasPrefix("#") {
            text = String(text.dropFirst())
            hashes += 1
        }
        if hashes > 0 { text = text.trimmingWhitespace() }
        text = stripEmphasis(text)
        guard !text.isEmpty, text.count <= 60 else { return nil }
        if hashes == 0 {
            guard text.count <= 40, !"。！？；，…”」".contains(text.last!) else { return nil }
        }
        if OutlineParser.isVolumeHeading(text) { return .volume(text) }
        guard let (n, title) = OutlineParser.parseChapterHeading(text) else { return nil }
        if hashes == 0 {
            let lower = text.lowercased()
            guard text.hasPrefix("第") || lower.hasPrefix("chapter") else { return nil }
            guard !title.contains(where: { "。，；".contains($0) }) else { return nil }
        }
        return .chapter(n, title)
    }

    /// `**第一章**` and `*Chapter 1*` (a word processor's bold heading) read as the heading inside.
    private static func stripEmphasis(_ text: String) -> String {
        var t = text
        for mark in ["**", "__", "*", "_"] where t.count > 2 * mark.count && t.hasPrefix(mark) && t.hasSuffix(mark) {
            t = String(t.dropFirst(mark.count).dropLast(mark.count)).trimmingWhitespace()
        }
        return t
    }

    /// Splits `text` (any newlines, a BOM already removed) at its chapter headings.
    package static func split(_ text: String, language: StoryLanguage? = nil) -> Manuscript {
        let lines = text.normalizingNewlines().split(separator: "\n", omittingEmptySubsequences: false)
        var front: [Substring] = []
        var chapters: [ImportedChapter] = []
        var body: [Substring] = []
        var volume: String?
        var inFence = false
        // Between a volume heading and its first chapter: kept in the notes under the volume's name.
        var volumeIntro: [Substring] = []
        var inVolumeIntro = false
        func flush() {
            if inVolumeIntro, volumeIntro.contains(where: { !$0.allSatisfy(\.isWhitespace) }), let volume {
                front += ["", Substring(volume), ""] + volumeIntro
            }
            volumeIntro = []
            inVolumeIntro = false
            guard !chapters.isEmpty, !body.isEmpty || chapters[chapters.count - 1].body.isEmpty else {
                body = []
                return
            }
            chapters[chapters.count - 1].body = paragraphs(body)
            body = []
        }
        for (i, line) in lines.enumerated() {
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle() }
            if !inFence, let h = heading(line) {
                switch h {
                case .volume(let v):
                    flush()
                    volume = v
                    inVolumeIntro = true
                case .chapter(let n, let title):
                    flush()
                    chapters.append(
                        ImportedChapter(number: chapters.count + 1, writtenNumber: n, title: title, body: "", volume: volume, line: i + 1))
                }
                continue
            }
            if inVolumeIntro { volumeIntro.append(line) } else if chapters.isEmpty { front.append(line) } else { body.append(line) }
        }
        flush()
        let sample = chapters.isEmpty ? text : chapters.prefix(5).map(\.body).joined()
        let counted = TextLength.count(sample)
        var m = Manuscript(
            front: paragraphs(front), chapters: chapters,
            language: language ?? (counted.cjk >= counted.words ? (counted.cjk > 0 ? .zh : .en) : .en))
        (m.gaps, m.duplicates) = numbering(chapters)
        return m
    }

    /// Gaps and duplicates in the written numbers; a volume that starts again from a low number is its own run.
    static func numbering(_ chapters: [ImportedChapter]) -> (gaps: [Int], duplicates: [Int]) {
        var runs: [[Int]] = []
        var previous: ImportedChapter?
        for c in chapters {
            if let p = previous, c.volume != p.volume, c.writtenNumber <= p.writtenNumber { runs.append([]) }
            if runs.isEmpty { runs.append([]) }
            runs[runs.count - 1].append(c.writtenNumber)
            previous = c
        }
        var gaps: [Int] = []
        var duplicates: [Int] = []
        for run in runs {
            var seen = Set<Int>()
            for n in run where !seen.insert(n).inserted && !duplicates.contains(n) { duplicates.append(n) }
            guard let lo = run.min(), let hi = run.max(), hi - lo < 100_000 else { continue }
            gaps += (min(lo, 1)...hi).filter { !seen.contains($0) }
        }
        return (gaps, duplicates)
    }

    /// Lines as Markdown paragraphs: indentation (`　　`) removed, a blank line between paragraphs. A text with one
    /// paragraph a line (as web-novel TXT files are) gets its blank lines; one that has them keeps its own.
    static func paragraphs(_ lines: [Substring]) -> String {
        var lines = lines.map { $0.drop(while: { $0.isWhitespace }) }.map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while let f = lines.first, f.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        while let l = lines.last, l.allSatisfy(\.isWhitespace) { lines.removeLast() }
        let trimmed = lines.map { String($0).trimmingWhitespace() }
        let blank = trimmed.contains(where: \.isEmpty)
        if !blank { return trimmed.joined(separator: "\n\n") }
        var out: [String] = []
        for line in trimmed where !(line.isEmpty && out.last?.isEmpty != false) { out.append(line) }
        return out.joined(separator: "\n")
    }

    /// The files of the new story, relative to its folder: chapters, `outline.md` (one heading per chapter, volumes
    /// as `#` parts), and `notes.md` when something stood before the first heading. `story.yaml` is the caller's.
    package static func files(_ m: Manuscript, title: String) -> [(path: String, text: String)] {
        var files: [(String, String)] = []
        var outline = "# \(title)\n"
        var volume: String?
        for c in m.chapters {
            if let v = c.volume, v != volume { outline += "\n# \(v)\n" }
            volume = c.volume
            outline += "\n## \(m.language.chapterHeading(c.number, title: c.title))\n"
            let doc = MarkdownDocument(body: c.body.isEmpty ? "" : c.body + "\n", fields: [("title", c.title)])
            files.append((StoryWorkspace.chapterPath(number: c.number, title: c.title), doc.render()))
        }
        files.append((StoryWorkspace.outlineFile, outline))
        if !m.front.isEmpty { files.append(("notes.md", m.front + "\n")) }
        return files
    }

    /// A chapter length to aim at: the chapters' mean, to the nearest 100 (none for an empty manuscript).
    package static func typicalLength(_ m: Manuscript) -> Int? {
        let lengths = m.chapters.map { TextLength.count($0.body).total }.filter { $0 > 0 }
        guard !lengths.isEmpty else { return nil }
        return max(100, (lengths.reduce(0, +) / lengths.count + 50) / 100 * 100)
    }
}
