import NovelistText

/// A concrete change a brainstorming reply proposes, in a fenced block that names its target:
/// ```outline (the chapter entries that change), ```bible:NAME (the entry, or the sections that change),
/// ```chapter:N (the chapter, or a passage of it) and ```outline-ops (structure changes, see `OutlineOps`).
package struct Proposal: Equatable, Sendable {
    package enum Target: Equatable, Sendable {
        case outline
        case bible(String)
        case chapter(Int)
        case outlineOps
    }
    package var target: Target
    package var text: String

    /// The proposals of a reply, in order. Linear in the reply: lines are found by `memchr`, only a line holding
    /// a backtick or a tilde can open or close a fence (the rest are not even trimmed), and a block's text is the
    /// slice of the reply from its first line to its last (the lines joined by their own "\n"s).
    package static func parse(_ reply: String) -> [Proposal] {
        // No fence anywhere (most replies): nothing to look for line by line.
        guard reply.byteOffset(of: "```") != nil || reply.byteOffset(of: "~~~") != nil else { return [] }
        let text = reply.normalizingNewlines()
        var out: [Proposal] = []
        var current: (target: Target, fence: String, body: Range<String.Index>?)?
        for line in text.lineSlices() {
            let mayBeFence = line.containsByte(UInt8(ascii: "`")) || line.containsByte(UInt8(ascii: "~"))
            if let open = current {
                if mayBeFence, line.trimmingWhitespace() == open.fence {
                    let body = open.body.map { text[$0].trimmingWhitespace() } ?? ""
                    if !body.isEmpty { out.append(Proposal(target: open.target, text: body)) }
                    current = nil
                } else {
                    current?.body = (open.body?.lowerBound ?? line.startIndex)..<line.endIndex
                }
                continue
            }
            guard mayBeFence else { continue }
            let trimmed = line.trimmingWhitespace()
            for fence in ["```", "~~~"] where trimmed.hasPrefix(fence) {
                let info = trimmed.dropFirst(3).trimmingWhitespace()
                let lower = info.lowercased()
                if lower == "outline" {
                    current = (.outline, fence, nil)
                } else if ["outline-ops", "outline_ops", "outlineops"].contains(lower) {
                    current = (.outlineOps, fence, nil)
                } else if lower.hasPrefix("bible:") {
                    let name = info.dropFirst(6).trimmingWhitespace()
                    if !name.isEmpty { current = (.bible(name), fence, nil) }
                } else if lower.hasPrefix("chapter:"), let n = Int(info.dropFirst(8).trimmingWhitespace()), n > 0 {
                    current = (.chapter(n), fence, nil)
                }
            }
        }
        return out
    }
}

/// Paragraphs of prose: blocks separated by blank lines, and inside a block the lines of web-novel text
/// (see `ProseFormat`); prose with no blank line at all has one paragraph per line.
package enum Paragraphs {
    package static func split(_ prose: String) -> (paragraphs: [String], separator: String) {
        let cut = ProseLines(prose)
        return (cut.spans.map { cut.lines[$0].joined(separator: "\n") }, cut.format.separator)
    }

    /// Replaces paragraphs `range` (1-based, as `split` numbers them) of `prose` with `replacement`, leaving
    /// every other line exactly as it was (indents, extra blank lines), so a §A-B rewrite touches only A-B.
    /// The replacement is written in the file's own layout (its separator and indent).
    package static func splice(_ prose: String, range: ClosedRange<Int>, with replacement: [String]) -> String {
        let cut = ProseLines(prose)
        let format = cut.format
        var lines = cut.lines.map(String.init)
        let spans = cut.spans
        guard range.lowerBound >= 1, range.upperBound <= spans.count else { return prose }
        let first = spans[range.lowerBound - 1].lowerBound
        let last = spans[range.upperBound - 1].upperBound
        let styled = format.indent.isEmpty && !format.isLinePerParagraph ? replacement : replacement.map(format.styled)
        let newLines = styled.joined(separator: format.separator).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.replaceSubrange(first...last, with: newLines)
        return lines.joined(separator: "\n")
    }

    /// Parses a paragraph range — `§4-6`, `¶4-6`, `p4-6`, `第4-6段` (also 第四至六段), or a bare `4-6` — into a
    /// closed range; `4－6`, `4~6`, `4–6` and a single paragraph (`§4`, `p4`, `第4段`) too.
    package static func parseRange(_ token: String) -> ClosedRange<Int>? {
        var body = Substring(token)
        if body.hasPrefix("§") || body.hasPrefix("¶") {
            body = body.dropFirst()
        } else if body.hasPrefix("第") && body.hasSuffix("段") && body.count > 2 {
            body = body.dropFirst().dropLast()
        } else if (body.hasPrefix("p") || body.hasPrefix("P")) && body.dropFirst().first?.isNumber == true {
            body = body.dropFirst()
        } else if !body.contains(where: { "-－—–~～".contains($0) }) {
            return nil  // a bare number is not a range: it may be the instruction's first word
        }
        let parts = body.split(omittingEmptySubsequences: false, whereSeparator: { "-－—–~～至到".contains($0) })
            .map { Int($0) ?? ChineseNumerals.parse($0) }
        switch parts.count {
        case 1: if let a = parts[0], a > 0 { return a...a }
        case 2: if let a = parts[0], let b = parts[1], a > 0, b >= a { return a...b }
        default: break
        }
        return nil
    }

    /// A word that is meant as a paragraph range, valid or not (`§`, `¶`, `p5`, `第…段`, `5-`, `7-5`).
    package static func looksLikeRange(_ token: String) -> Bool {
        if token.hasPrefix("§") || token.hasPrefix("¶") { return true }
        if token.hasPrefix("第") && token.hasSuffix("段") { return true }
        if (token.hasPrefix("p") || token.hasPrefix("P")) && token.dropFirst().first?.isNumber == true {
            return token.dropFirst().allSatisfy { $0.isNumber || "-－—–~～".contains($0) }
        }
        return token.first?.isNumber == true && token.allSatisfy { $0.isNumber || "-－—–~～".contains($0) } && token.contains { !$0.isNumber }
    }
}
