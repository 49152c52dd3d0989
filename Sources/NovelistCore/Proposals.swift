/// A concrete change a brainstorming reply proposes, in a fenced block that names its target:
/// ```outline, ```bible:NAME or ```chapter:N — the block holds the complete revised text.
public struct Proposal: Equatable, Sendable {
    public enum Target: Equatable, Sendable {
        case outline
        case bible(String)
        case chapter(Int)
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
