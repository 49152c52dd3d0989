import NovelistText

/// One thing `/lint` found (issue 17).
package struct LintFinding: Equatable, Sendable {
    package var chapter: Int
    /// The line in the chapter file (from 1, front matter included, as an editor numbers it).
    package var line: Int
    /// The paragraph (from 1, as `/chapter N ¶` numbers them), for `/rewrite chapter N §A-B`.
    package var paragraph: Int
    package var lastParagraph: Int
    package var kind: String
    package var text: String
    package var message: String
}

/// A chapter to check: its number, the file's whole text and its length target.
package struct LintChapter: Sendable {
    package var number: Int
    package var fileText: String
    package var target: Int?
    package init(number: Int, fileText: String, target: Int?) {
        self.number = number
        self.fileText = fileText
        self.target = target
    }
}

/// Deterministic checks, no model: stock phrases, passages repeated across chapters, length, rhythm.
package enum Linter {
    /// A pattern of the phrase list: literal parts, `…` or `...` standing for a few characters within a sentence.
    package struct Pattern: Equatable, Sendable {
        package var source: String
        var parts: [String]
    }

    /// One pattern a line; blank lines and lines starting with `#` or `<!--` are skipped.
    package static func patterns(_ list: String) -> [Pattern] {
        list.normalizingNewlines().split(separator: "\n").compactMap { raw in
            let line = raw.trimmingWhitespace()
            guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("<!--") else { return nil }
            let parts = line.replacingOccurrences(of: "...", with: "…").lowercased().split(separator: "…").map { $0.trimmingWhitespace() }
                .filter { !$0.isEmpty }
            return parts.isEmpty ? nil : Pattern(source: line, parts: parts)
        }
    }

    /// Where `pattern` matches in `line` (lowercased): the matched text, or nil.
    static func match(_ pattern: Pattern, in line: String, original: String) -> String? {
        var search = line.startIndex
        while let first = line.range(of: pattern.parts[0], range: search..<line.endIndex) {
            var end = first.upperBound
            var ok = true
            for part in pattern.parts.dropFirst() {
                // Within the sentence and at most 30 characters on.
                let limit = line.index(end, offsetBy: 30 + part.count, limitedBy: line.endIndex) ?? line.endIndex
                guard let r = line.range(of: part, range: end..<limit),
                    !line[end..<r.lowerBound].contains(where: { "。！？!?\n".contains($0) })
                else {
                    ok = false
                    break
                }
                end = r.upperBound
            }
            if ok {
                let a = line.distance(from: line.startIndex, to: first.lowerBound)
                let b = line.distance(from: line.startIndex, to: end)
                let chars = Array(original)
                return a < chars.count ? String(chars[a..<min(b, chars.count)]) : String(line[first.lowerBound..<end])
            }
            search = first.upperBound
        }
        return nil
    }

    struct Line {
        var chapter: Int
        var number: Int
        var paragraph: Int
        var text: String
    }

    /// The prose lines of a chapter with their file line and paragraph numbers.
    static func lines(_ c: LintChapter) -> [Line] {
        let text = c.fileText.normalizingNewlines()
        let body = MarkdownDocument.bodyOf(text)
        let offset = text.hasSuffix(body) ? text.dropLast(body.count).filter { $0 == "\n" }.count : 0
        var out: [Line] = []
        var paragraph = 0
        var blank = true
        for (i, l) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = l.trimmingWhitespace()
            if t.isEmpty {
                blank = true
                continue
            }
            if blank { paragraph += 1 }
            blank = false
            out.append(Line(chapter: c.number, number: offset + i + 1, paragraph: paragraph, text: t))
        }
        return out
    }

    package static func lint(_ chapters: [LintChapter], only: Set<Int>? = nil, patterns: [Pattern], language: StoryLanguage)
        -> [LintFinding]
    {
        let all = chapters.map { ($0, lines($0)) }
        var findings: [LintFinding] = []
        for (c, ls) in all where only?.contains(c.number) ?? true {
            findings += phrases(ls, patterns: patterns)
            findings += length(c, ls, language: language)
            findings += rhythm(ls, language: language)
        }
        findings += repeats(all.map(\.1), only: only, language: language)
        findings += dialogueShare(all.map(\.1), only: only, language: language)
        return findings.sorted { ($0.chapter, $0.line, $0.kind) < ($1.chapter, $1.line, $1.kind) }
    }

    static func phrases(_ lines: [Line], patterns: [Pattern]) -> [LintFinding] {
        var out: [LintFinding] = []
        for l in lines {
            let lower = l.text.lowercased()
            var found: [String] = []
            // Longer patterns first; one that only repeats part of a phrase already found on the line is left out.
            for p in patterns.sorted(by: { $0.source.count > $1.source.count }) {
                if let text = match(p, in: lower, original: l.text), !found.contains(where: { $0.contains(text) }) {
                    found.append(text)
                    let found = text
                    out.append(
                        LintFinding(
                            chapter: l.chapter, line: l.number, paragraph: l.paragraph, lastParagraph: l.paragraph, kind: "phrase",
                            text: found,
                            message: L("a stock phrase (%@)", p.source)))
                }
            }
        }
        return out
    }

    static func length(_ c: LintChapter, _ lines: [Line], language: StoryLanguage) -> [LintFinding] {
        guard let target = c.target, target > 0, let first = lines.first else { return [] }
        let n = lines.reduce(0) { $0 + TextLength.count($1.text).total }
        guard Double(n) < Double(target) * 0.85 || Double(n) > Double(target) * 1.15 else { return [] }
        return [
            LintFinding(
                chapter: c.number, line: first.number, paragraph: 1, lastParagraph: lines.last!.paragraph, kind: "length",
                text: "\(n) \(language.lengthUnit)",
                message: L("%d %@ against a target of %d (more than 15%% off)", n, language.lengthUnit, target))
        ]
    }

    /// Six or more sentences in a row whose lengths are within a fifth of each other.
    static func rhythm(_ lines: [Line], language: StoryLanguage, run minimum: Int = 6) -> [LintFinding] {
        var sentences: [(line: Line, text: String, length: Int)] = []
        let ends: Set<Character> = language == .zh ? ["。", "！", "？", "…"] : [".", "!", "?"]
        for l in lines {
            var current = ""
            for ch in l.text {
                current.append(ch)
                if ends.contains(ch) {
                    let t = current.trimmingWhitespace()
                    if TextLength.count(t).total > 0 { sentences.append((l, t, TextLength.count(t).total)) }
                    current = ""
                }
            }
            let t = current.trimmingWhitespace()
            if TextLength.count(t).total > 0 { sentences.append((l, t, TextLength.count(t).total)) }
        }
        var out: [LintFinding] = []
        var start = 0
        while start < sentences.count {
            var lo = sentences[start].length
            var hi = lo
            var end = start + 1
            while end < sentences.count {
                let nlo = min(lo, sentences[end].length)
                let nhi = max(hi, sentences[end].length)
                guard Double(nhi) <= Double(nlo) * 1.2 + 1 else { break }
                (lo, hi) = (nlo, nhi)
                end += 1
            }
            if end - start >= minimum, lo >= 4 {
                let first = sentences[start]
                let last = sentences[end - 1]
                out.append(
                    LintFinding(
                        chapter: first.line.chapter, line: first.line.number, paragraph: first.line.paragraph,
                        lastParagraph: last.line.paragraph,
                        kind: "rhythm", text: first.text,
                        message: L(
                            "%d sentences in a row of nearly the same length (%d to %d %@)", end - start, lo, hi, language.lengthUnit)))
                start = end
            } else {
                start += 1
            }
        }
        return out
    }

    /// A chapter whose share of dialogue is 25 points or more from the story's median chapter (with three chapters or more).
    static func dialogueShare(_ chapters: [[Line]], only: Set<Int>?, language: StoryLanguage) -> [LintFinding] {
        let measured = chapters.filter { !$0.isEmpty }.map { ($0, StyleMeasure.measure($0.map(\.text), chinese: language == .zh)) }
        guard measured.count >= 3 else { return [] }
        let shares = measured.map(\.1.dialogueShare).sorted()
        let story = shares[shares.count / 2]  // the median chapter: one talkative chapter does not move it
        return measured.compactMap { lines, m in
            guard let first = lines.first, only?.contains(first.chapter) ?? true, abs(m.dialogueShare - story) >= 25 else { return nil }
            return LintFinding(
                chapter: first.chapter, line: first.number, paragraph: 1, lastParagraph: lines.last!.paragraph, kind: "rhythm",
                text: "\(m.dialogueShare)%",
                message: L("dialogue is %d%% of this chapter; the story's median chapter has %d%%", m.dialogueShare, story))
        }
    }

    /// Passages of 40+ 字 (25+ words) that stand in two chapters, found by hashing every window once (linear).
    static func repeats(_ chapters: [[Line]], only: Set<Int>?, language: StoryLanguage) -> [LintFinding] {
        struct Token {
            var value: UInt64
            var line: Int
            var text: String
        }
        let width = language == .zh ? 40 : 25
        func tokens(_ lines: [Line]) -> [Token] {
            var out: [Token] = []
            for (i, l) in lines.enumerated() {
                if language == .zh {
                    // Letters and digits only: a shared 。 or space before a passage does not start it early.
                    for s in l.text.unicodeScalars where s.properties.isAlphabetic || s.properties.numericType != nil {
                        out.append(Token(value: UInt64(s.value), line: i, text: String(s)))
                    }
                } else {
                    for w in l.text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                        var h: UInt64 = 1_469_598_103_934_665_603
                        for b in w.utf8 { h = (h ^ UInt64(b)) &* 1_099_511_628_211 }
                        out.append(Token(value: h, line: i, text: String(w)))
                    }
                }
            }
            return out
        }
        let all = chapters.map(tokens)
        let base: UInt64 = 1_000_003
        var power: UInt64 = 1
        for _ in 0..<width { power = power &* base }
        func windows(_ t: [Token]) -> [UInt64] {
            guard t.count >= width else { return [] }
            var h: UInt64 = 0
            var out: [UInt64] = []
            out.reserveCapacity(t.count - width + 1)
            for i in 0..<t.count {
                h = h &* base &+ t[i].value
                if i >= width { h = h &- t[i - width].value &* power }
                if i >= width - 1 { out.append(h) }
            }
            return out
        }
        let hashes = all.map(windows)
        // The first two chapters each window stands in.
        var seen: [UInt64: (Int, Int, Int)] = [:]  // hash → chapter index, window, another chapter index (or -1)
        for (ci, hs) in hashes.enumerated() {
            for (wi, h) in hs.enumerated() {
                if let s = seen[h] {
                    if s.0 != ci && s.2 < 0 { seen[h] = (s.0, s.1, ci) }
                } else {
                    seen[h] = (ci, wi, -1)
                }
            }
        }
        func same(_ a: Int, _ i: Int, _ b: Int, _ j: Int) -> Bool {
            (0..<width).allSatisfy { all[a][i + $0].value == all[b][j + $0].value }
        }
        var firstWindow: [UInt64: [Int: Int]] = [:]  // for chapters after the first: hash → chapter → window
        for (ci, hs) in hashes.enumerated() {
            for (wi, h) in hs.enumerated() where seen[h]?.2 ?? -1 >= 0 && firstWindow[h]?[ci] == nil {
                firstWindow[h, default: [:]][ci] = wi
            }
        }
        var out: [LintFinding] = []
        for (ci, hs) in hashes.enumerated() {
            guard let number = chapters[ci].first?.chapter, only?.contains(number) ?? true else { continue }
            var wi = 0
            while wi < hs.count {
                let h = hs[wi]
                guard let s = seen[h], s.2 >= 0 else {
                    wi += 1
                    continue
                }
                let other = s.0 == ci ? s.2 : s.0
                guard let oj = firstWindow[h]?[other], same(ci, wi, other, oj) else {
                    wi += 1
                    continue
                }
                var end = wi
                var oend = oj
                while end + 1 < hs.count, oend + 1 < hashes[other].count, hs[end + 1] == hashes[other][oend + 1],
                    same(ci, end + 1, other, oend + 1)
                {
                    end += 1
                    oend += 1
                }
                let first = chapters[ci][all[ci][wi].line]
                let last = chapters[ci][all[ci][end + width - 1].line]
                let otherLine = chapters[other][all[other][oj].line]
                let passage = all[ci][wi...(end + width - 1)].map(\.text).joined(separator: language == .zh ? "" : " ")
                out.append(
                    LintFinding(
                        chapter: first.chapter, line: first.number, paragraph: first.paragraph, lastParagraph: last.paragraph,
                        kind: "repeat",
                        text: passage.count > 80 ? String(passage.prefix(80)) + "…" : passage,
                        message: L("this passage also stands in chapter %d, line %d", otherLine.chapter, otherLine.number)))
                wi = end + width
            }
        }
        return out
    }
}
