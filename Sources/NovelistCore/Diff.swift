/// One step of an edit script between two sequences of lines (paragraphs).
public enum DiffLine: Equatable, Sendable {
    case same(String)
    case removed(String)
    case added(String)
}

/// A line-level (paragraph-level for prose written one paragraph per line) diff, Myers' O(ND) algorithm.
public enum LineDiff {
    public static func diff(_ old: String, _ new: String) -> [DiffLine] {
        diff(lines(old), lines(new))
    }

    public static func lines(_ text: String) -> [String] {
        if text.isEmpty { return [] }
        var l = text.normalizingNewlines().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if l.last == "" { l.removeLast() }
        return l
    }

    public static func diff(_ a: [String], _ b: [String]) -> [DiffLine] {
        // Trim the common prefix and suffix first: most proposals touch a part of a chapter.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let x = Array(a[prefix..<(a.count - suffix)]), y = Array(b[prefix..<(b.count - suffix)])
        var out = a[..<prefix].map(DiffLine.same)
        out += myers(x, y)
        out += a[(a.count - suffix)...].map(DiffLine.same)
        return out
    }

    private static func myers(_ a: [String], _ b: [String]) -> [DiffLine] {
        let n = a.count, m = b.count
        if n == 0 { return b.map(DiffLine.added) }
        if m == 0 { return a.map(DiffLine.removed) }
        let max = n + m
        var v = [Int](repeating: 0, count: 2 * max + 2)
        var trace: [[Int]] = []
        outer: for d in 0...max {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[max + k - 1] < v[max + k + 1]) {
                    x = v[max + k + 1]
                } else {
                    x = v[max + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[max + k] = x
                if x >= n && y >= m { break outer }
            }
        }
        // Walk the trace back.
        var result: [DiffLine] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let prevK: Int
            if k == -d || (k != d && v[max + k - 1] < v[max + k + 1]) {
                prevK = k + 1
            } else {
                prevK = k - 1
            }
            let prevX = d == 0 ? 0 : v[max + prevK]
            let prevY = prevX - prevK
            while x > prevX && y > prevY {
                result.append(.same(a[x - 1]))
                x -= 1
                y -= 1
            }
            if d > 0 {
                if x == prevX {
                    result.append(.added(b[y - 1]))
                    y -= 1
                } else {
                    result.append(.removed(a[x - 1]))
                    x -= 1
                }
            }
        }
        return result.reversed()
    }

    /// Applies an edit script to get the new text's lines back (used by tests as a property).
    public static func newLines(_ script: [DiffLine]) -> [String] {
        script.compactMap { if case .removed = $0 { return nil }; if case .same(let s) = $0 { return s }; if case .added(let s) = $0 { return s }; return nil }
    }

    public static func oldLines(_ script: [DiffLine]) -> [String] {
        script.compactMap { if case .added = $0 { return nil }; if case .same(let s) = $0 { return s }; if case .removed(let s) = $0 { return s }; return nil }
    }

    /// A readable diff: changed paragraphs with one paragraph of context, `…` between hunks.
    public static func render(_ script: [DiffLine], color: Bool, context: Int = 1) -> String {
        let changed = script.indices.filter { if case .same = script[$0] { return false }; return true }
        guard !changed.isEmpty else { return "(no changes)" }
        var show = Set<Int>()
        for i in changed {
            for j in max(0, i - context)...min(script.count - 1, i + context) { show.insert(j) }
        }
        var out: [String] = []
        var last = -1
        for i in show.sorted() {
            if last >= 0 && i > last + 1 { out.append(color ? "\u{1B}[2m…\u{1B}[0m" : "…") }
            last = i
            switch script[i] {
            case .same(let s): out.append("  " + s)
            case .removed(let s): out.append(color ? "\u{1B}[31m- \(s)\u{1B}[0m" : "- " + s)
            case .added(let s): out.append(color ? "\u{1B}[32m+ \(s)\u{1B}[0m" : "+ " + s)
            }
        }
        return out.joined(separator: "\n")
    }

    /// The change in 字 or words: (+added, −removed).
    public static func lengthChange(_ script: [DiffLine]) -> (added: Int, removed: Int) {
        var added = 0, removed = 0
        for line in script {
            switch line {
            case .added(let s): added += TextLength.count(s).total
            case .removed(let s): removed += TextLength.count(s).total
            case .same: break
            }
        }
        return (added, removed)
    }
}
