import NovelistText

/// A concrete change a brainstorming reply proposes, in a fenced block that names its target:
/// ```outline (the chapter entries that change), ```bible:NAME (the entry, or the sections that change),
/// ```chapter:N (the chapter, or a passage of it) and ```outline-ops (structure changes, see `OutlineOps`).
public struct Proposal: Equatable, Sendable {
    public enum Target: Equatable, Sendable {
        case outline
        case bible(String)
        case chapter(Int)
        case outlineOps
    }
    public var target: Target
    public var text: String

    public static func parse(_ reply: String) -> [Proposal] {
        var out: [Proposal] = []
        var current: (Target, [Substring], String)?
        for line in reply.normalizingNewlines().split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingWhitespace()
            if let (target, lines, fence) = current {
                if trimmed == fence {
                    let text = lines.joined(separator: "\n").trimmingWhitespace()
                    if !text.isEmpty { out.append(Proposal(target: target, text: text)) }
                    current = nil
                } else {
                    current = (target, lines + [line], fence)
                }
                continue
            }
            for fence in ["```", "~~~"] where trimmed.hasPrefix(fence) {
                let info = trimmed.dropFirst(3).trimmingWhitespace()
                let lower = info.lowercased()
                if lower == "outline" {
                    current = (.outline, [], fence)
                } else if ["outline-ops", "outline_ops", "outlineops"].contains(lower) {
                    current = (.outlineOps, [], fence)
                } else if lower.hasPrefix("bible:") {
                    let name = info.dropFirst(6).trimmingWhitespace()
                    if !name.isEmpty { current = (.bible(name), [], fence) }
                } else if lower.hasPrefix("chapter:"), let n = Int(info.dropFirst(8).trimmingWhitespace()), n > 0 {
                    current = (.chapter(n), [], fence)
                }
            }
        }
        return out
    }
}

/// Paragraphs of prose: blocks separated by blank lines; prose with no blank line at all has one paragraph per line.
public enum Paragraphs {
    public static func split(_ prose: String) -> (paragraphs: [String], separator: String) {
        let lines = prose.normalizingNewlines().trimmingWhitespace().split(separator: "\n", omittingEmptySubsequences: false)
        let hasBlank = lines.contains { $0.allSatisfy(\.isWhitespace) }
        if !hasBlank {
            return (lines.map { String($0) }.filter { !$0.allSatisfy(\.isWhitespace) }, "\n")
        }
        var paragraphs: [String] = []
        var block: [Substring] = []
        for line in lines {
            if line.allSatisfy(\.isWhitespace) {
                if !block.isEmpty { paragraphs.append(block.joined(separator: "\n")) }
                block = []
            } else {
                block.append(line)
            }
        }
        if !block.isEmpty { paragraphs.append(block.joined(separator: "\n")) }
        return (paragraphs, "\n\n")
    }

    /// Replaces paragraphs `range` (1-based, as `split` numbers them) of `prose` with `replacement`, leaving
    /// every other line exactly as it was (indents, extra blank lines), so a §A-B rewrite touches only A-B.
    public static func splice(_ prose: String, range: ClosedRange<Int>, with replacement: [String]) -> String {
        let (_, separator) = split(prose)
        var lines = prose.normalizingNewlines().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The line span of each paragraph, the same paragraphs `split` finds.
        var spans: [ClosedRange<Int>] = []
        var start: Int?
        for (i, line) in lines.enumerated() {
            let blank = line.allSatisfy(\.isWhitespace)
            if separator == "\n" {
                if !blank { spans.append(i...i) }
                continue
            }
            if blank {
                if let s = start { spans.append(s...(i - 1)) }
                start = nil
            } else if start == nil {
                start = i
            }
        }
        if let s = start { spans.append(s...(lines.count - 1)) }
        guard range.lowerBound >= 1, range.upperBound <= spans.count else { return prose }
        let first = spans[range.lowerBound - 1].lowerBound, last = spans[range.upperBound - 1].upperBound
        let newLines = replacement.joined(separator: separator).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.replaceSubrange(first...last, with: newLines)
        return lines.joined(separator: "\n")
    }

    /// Parses `§4-6`, `§4`, `§4－6`, `§4~6` into a closed range.
    public static func parseRange(_ token: String) -> ClosedRange<Int>? {
        guard token.hasPrefix("§") else { return nil }
        let body = token.dropFirst()
        let parts = body.split(whereSeparator: { "-－—–~～".contains($0) }).map { Int($0) }
        switch parts.count {
        case 1: if let a = parts[0], a > 0 { return a...a }
        case 2: if let a = parts[0], let b = parts[1], a > 0, b >= a { return a...b }
        default: break
        }
        return nil
    }
}
