import NovelistText

/// One chapter entry of `outline.md`: a level-2 heading and the text under it (its beats).
package struct OutlineEntry: Equatable, Sendable {
    package var number: Int
    package var title: String
    package var beats: String
    /// The volume heading (`# 第二卷 …`, `## 第一卷 …`, `# Part Two`) this entry sits under, if any.
    package var volume: String?
    /// With per-volume numbering (`# 第二卷` then `## 第一章` again): the number its heading says; `number`
    /// then counts through the book (for commands and files).
    package var headingNumber: Int? = nil
}

/// Parses `outline.md`. Chapter entries are level-2 headings in any of the styles writers use:
/// `## Chapter 3: Title`, `## Chapter 3 - Title`, `## 3. Title`, `## 第3章 标题`, `## 第三章 标题`, `## 第三章：标题`.
package enum OutlineParser {
    package static func parse(_ text: String) -> [OutlineEntry] {
        var entries: [OutlineEntry] = []
        var volume: String?
        var current: OutlineEntry?
        var beats: [Substring] = []
        var inFence = false

        func flush() {
            if var entry = current {
                entry.beats = trimBlankLines(beats)
                entries.append(entry)
            }
            current = nil
            beats = []
        }

        for line in text.normalizingNewlines().lineSlices() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle() }
            if !inFence, line.hasPrefix("## ") || line == "##" {
                flush()  // any level-2 heading ends the previous chapter's beats
                if isVolumeHeading(line.dropFirst(2)) {
                    volume = line.dropFirst(2).trimmingWhitespace()
                    continue
                }
                if let (number, title) = parseChapterHeading(line.dropFirst(2)) {
                    current = OutlineEntry(number: number, title: title, beats: "", volume: volume)
                }
                continue
            }
            if !inFence, line.hasPrefix("# ") {
                flush()
                let heading = String(line.dropFirst(2)).trimmingWhitespace()
                volume = isVolumeHeading(heading) ? heading : nil  // the story's title is no volume
                continue
            }
            if current != nil { beats.append(line) }
        }
        flush()
        return numberedThroughTheBook(entries)
    }

    /// The largest chapter number novelist accepts (a web novel of 99,999 chapters is generous); larger numbers
    /// are not chapters, so renumbering can never overflow.
    package static let maxChapter = 99_999

    /// Reads a heading text (without the `##`) as a chapter number and title, or nil when it is not a chapter.
    package static func parseChapterHeading<S: StringProtocol>(_ heading: S) -> (Int, String)? {
        let text = String(heading).trimmingWhitespace()
        let chars = Array(text)
        var i = 0
        func skipSeparators() {
            while i < chars.count, " \t:：.、-—–·|".contains(chars[i]) { i += 1 }
        }
        func rest() -> String { String(chars[i...]).trimmingWhitespace() }

        // 第…章 / 第…回 / 第…节
        if chars.first == "第" {
            var j = 1
            while j < chars.count, !"章回节".contains(chars[j]) { j += 1 }
            guard j < chars.count, j > 1 else { return nil }
            let numeral = String(chars[1..<j]).trimmingWhitespace()
            guard let n = Int(numeral) ?? ChineseNumerals.parse(numeral), n > 0, n <= maxChapter else { return nil }
            i = j + 1
            skipSeparators()
            return (n, rest())
        }
        // Chapter 3: Title
        let lower = text.lowercased()
        if lower.hasPrefix("chapter") {
            i = 7
            while i < chars.count, chars[i] == " " { i += 1 }
            let start = i
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
            guard i > start, let n = Int(String(chars[start..<i])), n > 0, n <= maxChapter else { return nil }
            skipSeparators()
            return (n, rest())
        }
        // 3. Title / 3、标题 / 3 Title
        var j = 0
        while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
        guard j > 0, let n = Int(String(chars[0..<j])), n > 0, n <= maxChapter else { return nil }
        guard j == chars.count || " .、:：-—)）".contains(chars[j]) else { return nil }
        i = j
        skipSeparators()
        return (n, rest())
    }

    private static func trimBlankLines(_ lines: [Substring]) -> String {
        var lines = lines[...]
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines = lines.dropFirst() }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines = lines.dropLast() }
        return lines.joined(separator: "\n")
    }
}
