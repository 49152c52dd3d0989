import NovelistText

/// `/draft N-M [guidance] [--check]`: the chapters asked for, read from `5-12`, `5`, `第3-5章`, `第三至五章`,
/// `chapter 3-5`; the rest of the line is guidance for every chapter.
package struct DraftArguments: Equatable, Sendable {
    package var range: ClosedRange<Int>
    package var guidance: String
    package var check: Bool

    package static let usage = "/draft N-M [guidance] [--check]"
    /// A run is at most this many chapters (a typo such as 1-1000 must not start a paid run of a thousand).
    package static let maxChapters = 200

    package static func parse(_ arguments: String) throws(NovelistError) -> DraftArguments {
        var words = arguments.split(whereSeparator: \.isWhitespace).map(String.init)
        let check = words.contains("--check")
        words.removeAll { $0 == "--check" }
        if let first = words.first, ["chapter", "chapters", "ch", "章"].contains(first.lowercased()) { words.removeFirst() }
        guard let token = words.first else { throw .usage(command: "draft", usage: usage) }
        guard let range = parseRange(token) else {
            throw .usage(command: "draft", usage: usage + "   (" + L("a range such as 5-12, 5, 第3-5章 or 第三至五章") + ")")
        }
        guard range.count <= maxChapters else {
            throw .usage(command: "draft", usage: usage + "   (" + L("at most %d chapters in one run", maxChapters) + ")")
        }
        return DraftArguments(range: range, guidance: words.dropFirst().joined(separator: " "), check: check)
    }

    /// `N`, `N-M` (also with – — ~ 至 到), optionally written `第…章`, with Arabic or Chinese numerals; nil when it
    /// is not a range, when a number is 0, or when M is below N.
    package static func parseRange(_ token: String) -> ClosedRange<Int>? {
        var t = Substring(token)
        if t.hasPrefix("第") {
            t = t.dropFirst()
            guard t.hasSuffix("章") || t.hasSuffix("回") else { return nil }
            t = t.dropLast()
        } else if t.hasSuffix("章") {
            t = t.dropLast()
        }
        let separators: Set<Character> = ["-", "–", "—", "~", "～", "至", "到"]
        let parts = t.split(maxSplits: 1, omittingEmptySubsequences: false) { separators.contains($0) }
        func number(_ s: Substring) -> Int? {
            var s = s
            if s.hasPrefix("第") { s = s.dropFirst() }
            if s.hasSuffix("章") { s = s.dropLast() }
            if !s.isEmpty, s.allSatisfy({ $0.isASCII && $0.isNumber }) { return s.count > 6 ? nil : Int(s) }
            return ChineseNumerals.parse(s)
        }
        guard let a = parts.first.flatMap(number), a > 0 else { return nil }
        guard parts.count == 2 else { return a...a }
        guard let b = number(parts[1]), b >= a else { return nil }
        return a...b
    }
}

/// What a `/draft` run does with each chapter of its range: draft it, review a draft saved by an earlier run
/// (no new request), or skip it because it already has prose. Run again, the same command drafts only what is missing.
package struct DraftPlan: Equatable, Sendable {
    package enum Step: Equatable, Sendable {
        case draft(Int)
        case review(Int)
        case skip(Int)

        package var chapter: Int {
            switch self {
            case .draft(let n), .review(let n), .skip(let n): n
            }
        }
    }

    package var steps: [Step]
    /// Chapters of the range that the outline does not have: nothing is sent then.
    package var missing: [Int]

    package var toDraft: [Int] { steps.compactMap { if case .draft(let n) = $0 { n } else { nil } } }
    package var toReview: [Int] { steps.compactMap { if case .review(let n) = $0 { n } else { nil } } }
    package var skipped: [Int] { steps.compactMap { if case .skip(let n) = $0 { n } else { nil } } }

    package static func make(range: ClosedRange<Int>, outline: [Int], withProse: Set<Int>, saved: Set<Int>) -> DraftPlan {
        let known = Set(outline)
        var steps: [Step] = []
        var missing: [Int] = []
        for n in range {
            if !known.contains(n) {
                missing.append(n)
            } else if withProse.contains(n) {
                steps.append(.skip(n))
            } else if saved.contains(n) {
                steps.append(.review(n))
            } else {
                steps.append(.draft(n))
            }
        }
        return DraftPlan(steps: steps, missing: missing)
    }
}

/// Reads a `/check` reply: does it report a contradiction? A reply that says it found none (`No continuity problems
/// found.`, `未发现连贯性问题`) and lists nothing does not; a listed problem does, unless every one is only a nit.
package enum CheckVerdict {
    package static func reportsProblem(_ reply: String) -> Bool {
        let lines = reply.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() }
        let problems = lines.filter { $0.hasPrefix("- [") || $0.hasPrefix("-[") || $0.hasPrefix("* [") }
        if problems.isEmpty {
            let text = reply.lowercased()
            return !(text.contains("no continuity problems") || text.contains("未发现连贯性问题") || text.contains("未发现"))
        }
        return problems.contains { line in
            let tag = line.drop { $0 != "[" }.prefix { $0 != "]" }.lowercased()
            return !(tag.contains("nit") || tag.contains("轻微"))
        }
    }
}
