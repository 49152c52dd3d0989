/// A three-way merge of line lists: `base` is the file when the request was sent, `ours` what is on disk
/// now (the writer's edit), `theirs` the proposal. Changes that do not overlap combine; overlapping ones
/// that differ are conflicts for the writer to resolve. The writer's edit is never dropped silently.
package enum ThreeWay {
    package enum Chunk: Equatable, Sendable {
        case clean([String])
        case conflict(base: [String], ours: [String], theirs: [String])
    }

    package static func merge(base: [String], ours: [String], theirs: [String]) -> [Chunk] {
        struct Change {
            var start: Int
            var end: Int
            var lines: [String]
            var side: Int
        }
        func changes(_ other: [String], side: Int) -> [Change] {
            Hunk.hunks(LineDiff.diff(base, other)).map {
                Change(start: $0.oldStart, end: $0.oldStart + $0.removed.count, lines: $0.added, side: side)
            }
        }
        let all = (changes(ours, side: 0) + changes(theirs, side: 1)).sorted { ($0.start, $0.end, $0.side) < ($1.start, $1.end, $1.side) }
        var chunks: [Chunk] = []
        var pos = 0
        var i = 0
        func emitClean(_ lines: [String]) {
            guard !lines.isEmpty else { return }
            if case .clean(let prev)? = chunks.last {
                chunks[chunks.count - 1] = .clean(prev + lines)
            } else {
                chunks.append(.clean(lines))
            }
        }
        while i < all.count {
            // A group: changes whose base ranges overlap or touch.
            var group = [all[i]]
            var groupStart = all[i].start
            var groupEnd = all[i].end
            i += 1
            while i < all.count && all[i].start <= groupEnd {
                group.append(all[i])
                groupEnd = max(groupEnd, all[i].end)
                groupStart = min(groupStart, all[i].start)
                i += 1
            }
            emitClean(Array(base[pos..<groupStart]))
            func version(_ side: Int) -> [String] {
                var out: [String] = []
                var p = groupStart
                for c in group where c.side == side {
                    out += base[p..<c.start]
                    out += c.lines
                    p = c.end
                }
                out += base[p..<groupEnd]
                return out
            }
            let sides = Set(group.map(\.side))
            if sides.count == 1 {
                emitClean(version(sides.first!))
            } else {
                let o = version(0)
                let t = version(1)
                if o == t {
                    emitClean(o)
                } else {
                    chunks.append(.conflict(base: Array(base[groupStart..<groupEnd]), ours: o, theirs: t))
                }
            }
            pos = groupEnd
        }
        emitClean(Array(base[pos...]))
        return chunks
    }

    package static func conflicts(_ chunks: [Chunk]) -> Int {
        chunks.reduce(0) {
            if case .conflict = $1 { return $0 + 1 }
            return $0
        }
    }
}
