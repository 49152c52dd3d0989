/// One step of an edit script between two sequences of lines (paragraphs).
package enum DiffLine: Equatable, Sendable {
    case same(String)
    case removed(String)
    case added(String)
}

/// The shortest edit script between two sequences, with Myers' linear-space algorithm (the "middle snake"
/// divide and conquer): O((N+M)·D) time and O(N+M) memory, so a 50k-字 chapter against its full rewrite
/// stays fast and small. Elements are compared as integers (each distinct line gets an id first).
package enum Myers {
    package enum Op: Equatable, Sendable {
        case same(Int, Int)  // index in a, index in b
        case delete(Int)
        case insert(Int)
    }

    package static func diff<T: Hashable>(_ a: [T], _ b: [T]) -> [Op] {
        var ids: [T: Int] = [:]
        func id(_ e: T) -> Int {
            if let id = ids[e] { return id }
            let id = ids.count
            ids[e] = id
            return id
        }
        let x = a.map(id)
        let y = b.map(id)
        var ops: [Op] = []
        ops.reserveCapacity(a.count + b.count)
        var vf = [Int](repeating: 0, count: 2 * (a.count + b.count) + 4)
        var vb = vf
        compare(x, 0, x.count, y, 0, y.count, &ops, &vf, &vb)
        return ops
    }

    private static func compare(
        _ a: [Int], _ aLo0: Int, _ aHi0: Int, _ b: [Int], _ bLo0: Int, _ bHi0: Int,
        _ ops: inout [Op], _ vf: inout [Int], _ vb: inout [Int]
    ) {
        var aLo = aLo0
        var aHi = aHi0
        var bLo = bLo0
        var bHi = bHi0
        // Common prefix and suffix.
        var prefix: [Op] = []
        while aLo < aHi && bLo < bHi && a[aLo] == b[bLo] {
            prefix.append(.same(aLo, bLo))
            aLo += 1
            bLo += 1
        }
        var suffixCount = 0
        while aLo < aHi && bLo < bHi && a[aHi - 1] == b[bHi - 1] {
            aHi -= 1
            bHi -= 1
            suffixCount += 1
        }
        ops += prefix
        if aLo == aHi {
            for j in bLo..<bHi { ops.append(.insert(j)) }
        } else if bLo == bHi {
            for i in aLo..<aHi { ops.append(.delete(i)) }
        } else {
            let (sx, sy, ex, ey) = middleSnake(a, aLo, aHi, b, bLo, bHi, &vf, &vb)
            compare(a, aLo, sx, b, bLo, sy, &ops, &vf, &vb)
            var i = sx
            var j = sy
            while i < ex {
                ops.append(.same(i, j))
                i += 1
                j += 1
            }
            compare(a, ex, aHi, b, ey, bHi, &ops, &vf, &vb)
        }
        for k in 0..<suffixCount { ops.append(.same(aHi + k, bHi + k)) }
    }

    /// The middle snake of an optimal path: (start x, start y, end x, end y) in absolute indices.
    private static func middleSnake(
        _ a: [Int], _ aLo: Int, _ aHi: Int, _ b: [Int], _ bLo: Int, _ bHi: Int,
        _ vf: inout [Int], _ vb: inout [Int]
    ) -> (Int, Int, Int, Int) {
        let n = aHi - aLo
        let m = bHi - bLo
        let delta = n - m
        let odd = delta & 1 != 0
        let offset = n + m + 1
        let maxD = (n + m + 1) / 2
        vf[offset + 1] = 0
        vb[offset + 1] = 0
        for d in 0...maxD {
            // Forward.
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && vf[offset + k - 1] < vf[offset + k + 1]) {
                    x = vf[offset + k + 1]
                } else {
                    x = vf[offset + k - 1] + 1
                }
                var y = x - k
                let x0 = x
                let y0 = y
                while x < n && y < m && a[aLo + x] == b[bLo + y] {
                    x += 1
                    y += 1
                }
                vf[offset + k] = x
                if odd && k >= delta - (d - 1) && k <= delta + (d - 1) {
                    let kb = delta - k
                    if vf[offset + k] + vb[offset + kb] >= n {
                        return (aLo + x0, bLo + y0, aLo + x, bLo + y)
                    }
                }
                k += 2
            }
            // Backward (on the reversed sequences).
            k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && vb[offset + k - 1] < vb[offset + k + 1]) {
                    x = vb[offset + k + 1]
                } else {
                    x = vb[offset + k - 1] + 1
                }
                var y = x - k
                let x0 = x
                let y0 = y
                while x < n && y < m && a[aHi - 1 - x] == b[bHi - 1 - y] {
                    x += 1
                    y += 1
                }
                vb[offset + k] = x
                if !odd && k >= -d && k <= d {
                    let kf = delta - k
                    if kf >= -d && kf <= d && vf[offset + kf] + vb[offset + k] >= n {
                        return (aHi - x, bHi - y, aHi - x0, bHi - y0)
                    }
                }
                k += 2
            }
        }
        // Unreachable for well-formed input: an optimal path always has a middle snake.
        return (aLo, bLo, aLo, bLo)
    }
}

/// A line-level (paragraph-level for prose written one paragraph per line) diff.
package enum LineDiff {
    package static func diff(_ old: String, _ new: String) -> [DiffLine] {
        diff(lines(old), lines(new))
    }

    package static func lines(_ text: String) -> [String] {
        if text.isEmpty { return [] }
        var l = text.normalizingNewlines().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if l[0].unicodeScalars.first == "\u{FEFF}" { l[0].unicodeScalars.removeFirst() }  // a BOM is kept by the store, not diffed
        if l.last == "" { l.removeLast() }
        return l
    }

    package static func diff(_ a: [String], _ b: [String]) -> [DiffLine] {
        Myers.diff(a, b).map {
            switch $0 {
            case .same(let i, _): return .same(a[i])
            case .delete(let i): return .removed(a[i])
            case .insert(let j): return .added(b[j])
            }
        }
    }

    /// The new text's lines, from an edit script.
    package static func newLines(_ script: [DiffLine]) -> [String] {
        script.compactMap {
            switch $0 {
            case .same(let s), .added(let s): return s
            case .removed: return nil
            }
        }
    }

    /// The old text's lines, from an edit script.
    package static func oldLines(_ script: [DiffLine]) -> [String] {
        script.compactMap {
            switch $0 {
            case .same(let s), .removed(let s): return s
            case .added: return nil
            }
        }
    }

    /// A readable diff of a whole script (all hunks, one line of context).
    package static func render(_ script: [DiffLine], color: Bool, context: Int = 1) -> String {
        let hunks = Hunk.hunks(script)
        guard !hunks.isEmpty else { return L("(no changes)") }
        return hunks.enumerated().map { i, h in h.render(number: i + 1, of: hunks.count, color: color, unit: nil) }.joined(separator: "\n")
    }

    /// The change in 字 or words: (+added, −removed).
    package static func lengthChange(_ script: [DiffLine]) -> (added: Int, removed: Int) {
        var added = 0
        var removed = 0
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

/// One hunk of a diff: a run of removed and added lines replacing `oldStart..<oldStart+removed.count`
/// of the old text, with a line of context on each side for display.
package struct Hunk: Equatable, Sendable {
    /// Where the hunk starts in the old text's lines (0-based).
    package var oldStart: Int
    package var removed: [String]
    package var added: [String]
    package var contextBefore: String?
    package var contextAfter: String?

    /// The hunks of an edit script, in order.
    package static func hunks(_ script: [DiffLine]) -> [Hunk] {
        var out: [Hunk] = []
        var oldIndex = 0
        var current: Hunk?
        var lastSame: String?
        var gaps: [[String]] = []  // the unchanged lines after each hunk, up to the next one
        for line in script {
            switch line {
            case .same(let s):
                if var h = current {
                    h.contextAfter = s
                    out.append(h)
                    gaps.append([])
                    current = nil
                }
                if !gaps.isEmpty { gaps[gaps.count - 1].append(s) }
                lastSame = s
                oldIndex += 1
            case .removed(let s):
                if current == nil { current = Hunk(oldStart: oldIndex, removed: [], added: [], contextBefore: lastSame, contextAfter: nil) }
                current!.removed.append(s)
                oldIndex += 1
            case .added(let s):
                if current == nil { current = Hunk(oldStart: oldIndex, removed: [], added: [], contextBefore: lastSame, contextAfter: nil) }
                current!.added.append(s)
            }
        }
        if let h = current {
            out.append(h)
            gaps.append([])
        }
        return joiningMovedText(out, gaps: gaps)
    }

    /// The old lines with the chosen hunks applied (hunks come from `hunks(diff(old, new))`).
    package static func apply(_ hunks: [Hunk], accepted: Set<Int>, to old: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        for (index, h) in hunks.enumerated() {
            while i < h.oldStart && i < old.count {
                out.append(old[i])
                i += 1
            }
            if accepted.contains(index) {
                out += h.added
            } else {
                out += old[h.oldStart..<min(old.count, h.oldStart + h.removed.count)]
            }
            i = h.oldStart + h.removed.count
        }
        if i < old.count { out += old[i...] }
        return out
    }

    /// The hunk's change in 字 or words.
    package var lengthChange: (added: Int, removed: Int) {
        (added.reduce(0) { $0 + TextLength.count($1).total }, removed.reduce(0) { $0 + TextLength.count($1).total })
    }

    /// A numbered hunk: header with its place and change, context, then - and + lines. With colour, the
    /// changed characters (grapheme clusters for CJK, words for Latin) inside a changed paragraph are highlighted.
    /// `paragraphs`: the prose paragraph of each old line (`HunkPlaces.paragraphNumbers`), to say the place as `§A-B` does.
    package func render(number: Int, of total: Int, color: Bool, unit: String?, paragraphs: [Int?]? = nil) -> String {
        let (plus, minus) = lengthChange
        let unitText = unit.map { " \($0)" } ?? ""
        let place =
            paragraphs.map { HunkPlaces.label(self, numbers: $0) }
            ?? (removed.isEmpty
                ? L("after ¶%d", oldStart) : removed.count == 1 ? "¶\(oldStart + 1)" : "¶\(oldStart + 1)–\(oldStart + removed.count)")
        let header = "@@ \(number)/\(total) · \(place) · +\(plus)\(unitText) −\(minus)\(unitText)"
        // The file's and the model's text is data: cleaned of control codes before novelist adds its colours.
        let (removed, added) = (removed.map { TerminalText.clean($0) }, added.map { TerminalText.clean($0) })
        let (contextBefore, contextAfter) = (contextBefore.map { TerminalText.clean($0) }, contextAfter.map { TerminalText.clean($0) })
        var lines = [color ? "\u{1B}[36m\(header)\u{1B}[0m" : header]
        if let c = contextBefore { lines.append(color ? "\u{1B}[2m  \(c)\u{1B}[0m" : "  " + c) }
        if color && removed.count == added.count {
            for (old, new) in zip(removed, added) {
                let (o, n) = InlineDiff.highlight(old, new)
                lines.append("\u{1B}[31m- \u{1B}[0m" + o)
                lines.append("\u{1B}[32m+ \u{1B}[0m" + n)
            }
        } else {
            for s in removed { lines.append(color ? "\u{1B}[31m- \(s)\u{1B}[0m" : "- " + s) }
            for s in added { lines.append(color ? "\u{1B}[32m+ \(s)\u{1B}[0m" : "+ " + s) }
        }
        if let c = contextAfter { lines.append(color ? "\u{1B}[2m  \(c)\u{1B}[0m" : "  " + c) }
        return lines.joined(separator: "\n")
    }
}

/// Changes inside one paragraph: CJK compared character by character (grapheme clusters), Latin word by word.
package enum InlineDiff {
    /// Splits text into tokens: each CJK character alone, runs of letters/digits as words, everything else alone.
    package static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var word = ""
        for ch in text {
            let isCJK = ch.unicodeScalars.first.map(TextLength.isCJK) ?? false
            if !isCJK && (ch.isLetter || ch.isNumber) {
                word.append(ch)
            } else {
                if !word.isEmpty {
                    out.append(word)
                    word = ""
                }
                out.append(String(ch))
            }
        }
        if !word.isEmpty { out.append(word) }
        return out
    }

    /// Both sides with their changed tokens marked (red background for removed, green for added).
    package static func highlight(_ old: String, _ new: String) -> (String, String) {
        let a = tokens(old)
        let b = tokens(new)
        var o = ""
        var n = ""
        for op in Myers.diff(a, b) {
            switch op {
            case .same(let i, _):
                o += a[i]
                n += a[i]
            case .delete(let i): o += "\u{1B}[41;97m" + a[i] + "\u{1B}[0m"
            case .insert(let j): n += "\u{1B}[42;30m" + b[j] + "\u{1B}[0m"
            }
        }
        return (o, n)
    }
}
