import NovelistText

/// Merging a brainstorming proposal into what it names, keeping everything else byte for byte. Pure: text in,
/// text out. An `outline` block merges by chapter entry, a `bible:NAME` block by section, a short `chapter:N`
/// block is a passage matched to the chapter's paragraphs.
package enum OutlineMerge {
    package struct Result: Equatable, Sendable {
        package var text: String
        /// Chapter entries the block changed, and the new ones it added, in chapter order.
        package var revised: [Int]
        package var added: [Int]
        /// The outline's entries that stay exactly as they were.
        package var unchanged: [Int]
        /// The block carried a `#` title and replaced the text before the first chapter.
        package var preambleReplaced: Bool
        /// The block replaced the whole outline (it holds every chapter and a title, or has no chapter entry).
        package var whole: Bool
    }

    enum Piece: Equatable {
        case other([String])
        case entry(Int, [String])
    }

    /// The outline as pieces: each chapter entry (its heading and beats, without the blank lines after them)
    /// and the text between entries, so that joining the pieces gives the text back exactly.
    static func pieces(_ lines: [String]) -> [Piece] {
        var out: [Piece] = []
        var pos = 0
        for b in ChapterPlan.blockRanges(lines, ChapterPlan.headingLines(lines)) {
            if b.range.lowerBound > pos { out.append(.other(Array(lines[pos..<b.range.lowerBound]))) }
            var end = b.range.upperBound
            while end > b.range.lowerBound + 1, lines[end - 1].trimmingWhitespace().isEmpty { end -= 1 }
            out.append(.entry(b.number, Array(lines[b.range.lowerBound..<end])))
            if end < b.range.upperBound { out.append(.other(Array(lines[end..<b.range.upperBound]))) }
            pos = b.range.upperBound
        }
        if pos < lines.count { out.append(.other(Array(lines[pos...]))) }
        return out
    }

    package static func merge(outline: String, block: String) -> Result {
        let lines = outline.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var pieces = pieces(lines)
        let blockPieces = Self.pieces(
            block.normalizingNewlines().split(separator: "\n", omittingEmptySubsequences: false).map(chapterHeadingAtLevelTwo))
        var entries: [(Int, [String])] = []
        for case .entry(let n, let l) in blockPieces where !entries.contains(where: { $0.0 == n }) { entries.append((n, l)) }
        var preamble: [String] = []
        if case .other(let l)? = blockPieces.first { preamble = trimBlank(l) }
        let hasTitle = preamble.contains { $0.hasPrefix("# ") }
        let existing = pieces.compactMap {
            if case .entry(let n, _) = $0 { return n }
            return nil
        }
        let whole = entries.isEmpty || existing.isEmpty || (hasTitle && Set(existing).isSubset(of: entries.map(\.0)))
        if whole {
            let text = block.trimmingWhitespace() + "\n"
            let newNumbers = entries.map(\.0)
            return Result(
                text: text, revised: newNumbers.filter { existing.contains($0) }.sorted(),
                added: newNumbers.filter { !existing.contains($0) }.sorted(),
                unchanged: [], preambleReplaced: true, whole: true)
        }
        var revised: [Int] = []
        var added: [Int] = []
        for (n, newLines) in entries {
            let title = OutlineParser.parseChapterHeading(newLines[0].dropFirst(2))?.1 ?? ""
            var entry = newLines
            if let i = pieces.firstIndex(where: {
                if case .entry(n, _) = $0 { return true }
                return false
            }), case .entry(_, let old) = pieces[i] {
                entry[0] = ChapterPlan.rewriteHeading(old[0], number: n, title: title.isEmpty ? nil : title)
                if entry != old {
                    pieces[i] = .entry(n, entry)
                    revised.append(n)
                }
                continue
            }
            // A new entry: in the writer's heading style, after the last entry with a smaller number.
            let numbered = pieces.indices.compactMap { i -> (Int, Int, String)? in
                if case .entry(let m, let l) = pieces[i] { return (i, m, l[0]) }
                return nil
            }
            if let template = numbered.last(where: { $0.1 < n }) ?? numbered.first {
                entry[0] = ChapterPlan.rewriteHeading(template.2, number: n, title: title)
            }
            if let prev = numbered.last(where: { $0.1 < n }) {
                pieces.insert(contentsOf: [.other([""]), .entry(n, entry)], at: prev.0 + 1)
            } else if let next = numbered.first(where: { $0.1 > n }) {
                pieces.insert(contentsOf: [.entry(n, entry), .other([""])], at: next.0)
            } else {
                pieces.append(contentsOf: [.other([""]), .entry(n, entry)])
            }
            added.append(n)
        }
        var preambleReplaced = false
        if hasTitle {
            let newPreamble = Piece.other(preamble + [""])
            if case .other = pieces.first { pieces[0] = newPreamble } else { pieces.insert(newPreamble, at: 0) }
            preambleReplaced = true
        }
        let text = pieces.flatMap { piece -> [String] in
            switch piece {
            case .other(let l), .entry(_, let l): return l
            }
        }.joined(separator: "\n")
        let changed = Set(revised + added)
        return Result(
            text: text, revised: revised.sorted(), added: added.sorted(),
            unchanged: existing.filter { !changed.contains($0) }, preambleReplaced: preambleReplaced && text != outline, whole: false)
    }

    /// A model may write a chapter entry as `### 第三章 …`: it is still that chapter's entry.
    static func chapterHeadingAtLevelTwo(_ line: Substring) -> String {
        let hashes = line.prefix { $0 == "#" }.count
        guard hashes >= 3, hashes <= 6, line.dropFirst(hashes).first == " " else { return String(line) }
        let text = line.dropFirst(hashes + 1)
        return OutlineParser.parseChapterHeading(text) != nil ? "## " + text : String(line)
    }

    static func trimBlank(_ lines: [String]) -> [String] {
        var l = lines[...]
        while let f = l.first, f.trimmingWhitespace().isEmpty { l = l.dropFirst() }
        while let e = l.last, e.trimmingWhitespace().isEmpty { l = l.dropLast() }
        return Array(l)
    }
}

/// A `bible:NAME` block against an existing entry's body: sections (`## 外貌`) it names replace theirs, new
/// ones are added; a block without sections is the whole new body. `removed` says how much of the old body
/// accepting it would remove, so that a one-line proposal is offered as an addition instead.
package enum BibleMerge {
    package struct Result: Equatable, Sendable {
        package var body: String
        package var revisedSections: [String]
        package var addedSections: [String]
        /// The block had no section headings: it replaces the body.
        package var replacesBody: Bool
        /// The length (字 or words) the old body loses, and its whole length.
        package var removed: Int
        package var oldLength: Int
        /// More than half of the old text would go.
        package var losesMostOfTheEntry: Bool { oldLength > 0 && removed * 2 > oldLength }
    }

    struct Section {
        var heading: String?
        var lines: [String]
    }

    static func sections(_ text: String) -> [Section] {
        var out = [Section(heading: nil, lines: [])]
        var inFence = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle() }
            if !inFence, line.hasPrefix("## ") {
                out.append(Section(heading: line.dropFirst(3).trimmingWhitespace(), lines: [line]))
            } else {
                out[out.count - 1].lines.append(line)
            }
        }
        return out
    }

    package static func merge(body: String, proposal: String) -> Result {
        let old = sections(body.normalizingNewlines())
        let new = sections(proposal.normalizingNewlines().trimmingWhitespace())
        var merged: String
        var revised: [String] = []
        var added: [String] = []
        let replaces = new.count == 1
        if replaces {
            merged = proposal.trimmingWhitespace() + "\n"
        } else {
            var result = old
            let intro = OutlineMerge.trimBlank(new[0].lines)
            if !intro.isEmpty { result[0].lines = intro + [""] }
            for s in new.dropFirst() {
                let lines = OutlineMerge.trimBlank(s.lines)
                if let i = result.firstIndex(where: { $0.heading == s.heading }) {
                    let trailing = result[i].lines.reversed().prefix { $0.trimmingWhitespace().isEmpty }.count
                    let replacement = lines + Array(repeating: "", count: max(trailing, 1))
                    if OutlineMerge.trimBlank(result[i].lines) != lines { revised.append(s.heading ?? "") }
                    result[i].lines = replacement
                } else {
                    if let last = result.indices.last,
                        result[last].lines.last?.trimmingWhitespace().isEmpty == false || result[last].lines.isEmpty
                    {
                        result[last].lines.append("")
                    }
                    result.append(Section(heading: s.heading, lines: lines + [""]))
                    added.append(s.heading ?? "")
                }
            }
            merged = result.flatMap(\.lines).joined(separator: "\n")
            while merged.hasSuffix("\n\n") { merged.removeLast() }
            if !merged.hasSuffix("\n") { merged += "\n" }
        }
        let (removed, oldLength) = loss(from: body, to: merged)
        return Result(
            body: merged, revisedSections: revised, addedSections: added, replacesBody: replaces,
            removed: removed, oldLength: oldLength)
    }

    /// How much of `old` (in 字 or words) does not survive, in order, in `new`: a longer sentence that keeps
    /// the old words loses nothing.
    static func loss(from old: String, to new: String) -> (removed: Int, length: Int) {
        let a = tokens(old)
        let b = tokens(new)
        guard !a.isEmpty else { return (0, 0) }
        guard !b.isEmpty else { return (a.count, a.count) }
        guard a.count * b.count <= 4_000_000 else {
            let hunks = Hunk.hunks(LineDiff.diff(LineDiff.lines(old), LineDiff.lines(new)))
            return (hunks.reduce(0) { $0 + $1.lengthChange.removed }, a.count)
        }
        // The longest common subsequence, one row at a time.
        var row = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var diagonal = 0
            for j in 1...b.count {
                let above = row[j]
                row[j] = x == b[j - 1] ? diagonal + 1 : max(row[j], row[j - 1])
                diagonal = above
            }
        }
        return (a.count - (row.last ?? 0), a.count)
    }

    /// Each CJK character, and each run of other letters and digits, as one token (as lengths are counted).
    static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var word = ""
        for ch in text {
            if ch.unicodeScalars.contains(where: TextLength.isCJK) {
                if !word.isEmpty {
                    out.append(word.lowercased())
                    word = ""
                }
                out.append(String(ch))
            } else if ch.isLetter || ch.isNumber {
                word.append(ch)
            } else if !word.isEmpty {
                out.append(word.lowercased())
                word = ""
            }
        }
        if !word.isEmpty { out.append(word.lowercased()) }
        return out
    }

    /// The proposal added to the body as a new section under `heading`, the body itself untouched.
    package static func append(_ proposal: String, to body: String, heading: String) -> String {
        var text = body
        while text.hasSuffix("\n") { text.removeLast() }
        let block = proposal.trimmingWhitespace()
        let section = block.hasPrefix("## ") ? block : "## \(heading)\n\n\(block)"
        return (text.trimmingWhitespace().isEmpty ? "" : text + "\n\n") + section + "\n"
    }
}

/// A passage proposed for a chapter, matched to the chapter's paragraphs (as `Paragraphs.split` numbers them).
package enum PassageMatch {
    /// The paragraphs (1-based) of `chapter` that the passage revises: the span from the first to the last
    /// chapter paragraph that one of the passage's paragraphs resembles; nil when none does.
    package static func revisedRange(passage: String, chapter: String) -> ClosedRange<Int>? {
        let mine = Paragraphs.split(chapter).paragraphs
        let theirs = Paragraphs.split(passage).paragraphs
        guard !mine.isEmpty, !theirs.isEmpty else { return nil }
        var matched: [Int] = []
        let grams = mine.map(bigrams)
        for p in theirs {
            let g = bigrams(p)
            var best = (0.0, -1)
            for (i, m) in grams.enumerated() {
                let s = similarity(g, m)
                if s > best.0 { best = (s, i) }
            }
            if best.0 >= 0.35 { matched.append(best.1 + 1) }
        }
        guard let lo = matched.min(), let hi = matched.max() else { return nil }
        // A passage that resembles paragraphs far apart is not one passage: no range.
        guard hi - lo + 1 <= theirs.count + 2 else { return nil }
        return lo...hi
    }

    static func bigrams(_ s: String) -> [String: Int] {
        let chars = Array(s.filter { !$0.isWhitespace && !$0.isPunctuation })
        var out: [String: Int] = [:]
        if chars.count == 1 { out[String(chars[0]), default: 0] += 1 }
        for i in chars.indices.dropLast() { out[String(chars[i]) + String(chars[i + 1]), default: 0] += 1 }
        return out
    }

    /// The Dice coefficient of two bigram bags.
    static func similarity(_ a: [String: Int], _ b: [String: Int]) -> Double {
        let total = a.values.reduce(0, +) + b.values.reduce(0, +)
        guard total > 0 else { return 0 }
        let common = a.reduce(0) { $0 + min($1.value, b[$1.key] ?? 0) }
        return Double(2 * common) / Double(total)
    }

    /// The chapter body with the passage put after paragraph `after` (0: at the start), every other line kept.
    package static func insert(_ passage: String, into prose: String, after: Int) -> String {
        let (paragraphs, separator) = Paragraphs.split(prose)
        let new = Paragraphs.split(passage).paragraphs
        guard !paragraphs.isEmpty else { return new.joined(separator: separator) + "\n" }
        if after <= 0 {
            return Paragraphs.splice(prose, range: 1...1, with: new + [paragraphs[0]])
        }
        let at = min(after, paragraphs.count)
        return Paragraphs.splice(prose, range: at...at, with: [paragraphs[at - 1]] + new)
    }
}

/// Which chapter a line of conversation is about: the first `第N章`, `第三章` or `chapter N` in it.
package enum ChapterMention {
    package static func first(in text: String) -> Int? {
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == "第", let end = chars[(i + 1)...].prefix(8).firstIndex(where: { "章回".contains($0) }), end > i + 1 {
                let numeral = String(chars[(i + 1)..<end]).trimmingWhitespace()
                if let n = Int(numeral) ?? ChineseNumerals.parse(numeral), n > 0 { return n }
            }
            if String(chars[i...].prefix(7)).lowercased() == "chapter" {
                var j = i + 7
                while j < chars.count, chars[j] == " " { j += 1 }
                let digits = chars[j...].prefix { $0.isASCII && $0.isNumber }
                if let n = Int(String(digits)), n > 0 { return n }
            }
            i += 1
        }
        return nil
    }
}
