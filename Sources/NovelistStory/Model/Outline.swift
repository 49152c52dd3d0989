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
            // Byte prefixes: String's hasPrefix compares by canonical equivalence, for every line of the outline.
            if line.hasBytePrefix("```") || line.hasBytePrefix("~~~") { inFence.toggle() }
            if !inFence, line.hasBytePrefix("## ") || line == "##" {
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
            if !inFence, line.hasBytePrefix("# ") {
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
        // On Unicode scalars, not Characters: every mark looked for is one scalar, and grapheme breaking cost
        // most of reading a 300-chapter outline (issue 19).
        let text = String(heading).trimmingWhitespace()
        let chars = Array(text.unicodeScalars)
        var i = 0
        func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }
        func skipSeparators() {
            while i < chars.count, " \t:：.、-—–·|".unicodeScalars.contains(chars[i]) { i += 1 }
        }
        func string(_ part: ArraySlice<Unicode.Scalar>) -> String {
            var out = String.UnicodeScalarView()
            out.append(contentsOf: part)
            return String(out)
        }
        func rest() -> String { string(chars[i...]).trimmingWhitespace() }

        // 第…章 / 第…回 / 第…节
        if chars.first == "第" {
            var j = 1
            while j < chars.count, !"章回节".unicodeScalars.contains(chars[j]) { j += 1 }
            guard j < chars.count, j > 1 else { return nil }
            let numeral = string(chars[1..<j]).trimmingWhitespace()
            guard let n = Int(numeral) ?? ChineseNumerals.parse(numeral), n > 0, n <= maxChapter else { return nil }
            i = j + 1
            skipSeparators()
            return (n, rest())
        }
        // Chapter 3: Title
        if chars.count >= 7, string(chars[0..<7]).lowercased() == "chapter" {
            i = 7
            while i < chars.count, chars[i] == " " { i += 1 }
            let start = i
            while i < chars.count, isDigit(chars[i]) { i += 1 }
            guard i > start, let n = Int(string(chars[start..<i])), n > 0, n <= maxChapter else { return nil }
            skipSeparators()
            return (n, rest())
        }
        // 3. Title / 3、标题 / 3 Title
        var j = 0
        while j < chars.count, isDigit(chars[j]) { j += 1 }
        guard j > 0, let n = Int(string(chars[0..<j])), n > 0, n <= maxChapter else { return nil }
        guard j == chars.count || " .、:：-—)）".unicodeScalars.contains(chars[j]) else { return nil }
        i = j
        skipSeparators()
        return (n, rest())
    }

    private static func trimBlankLines(_ lines: [Substring]) -> String {
        var lines = lines[...]
        while let first = lines.first, first.isBlank { lines = lines.dropFirst() }
        while let last = lines.last, last.isBlank { lines = lines.dropLast() }
        return lines.joined(separator: "\n")
    }
}
