/// Merged and split paragraphs as one hunk. The line diff pairs paragraphs by identity only, so when the model
/// merges ¶2 and ¶3 (or splits one in two) the blank lines between paragraphs become anchors and the change is
/// cut in two hunks: one that rewrites ¶2 into "¶2 + ¶3" and one that deletes ¶3 (or worse, off by one: one
/// that deletes ¶2 and one that turns ¶3 into "¶2 + ¶3"). Taking only one of them loses or doubles a sentence.
/// Here two neighbouring hunks (only blank lines between) are joined when a paragraph one of them removes is
/// found in the text the other adds (or the other way round) — by similarity, not identity.
extension Hunk {
    static func joiningMovedText(_ hunks: [Hunk], gaps: [[String]]) -> [Hunk] {
        var hunks = hunks
        var gaps = gaps
        var i = 0
        while i + 1 < hunks.count {
            let gap = gaps[i]
            if gap.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) && belongTogether(hunks[i], hunks[i + 1]) {
                var h = hunks[i]
                h.removed += gap + hunks[i + 1].removed
                h.added += gap + hunks[i + 1].added
                h.contextAfter = hunks[i + 1].contextAfter
                hunks[i] = h
                hunks.remove(at: i + 1)
                gaps[i] = gaps[i + 1]
                gaps.remove(at: i + 1)
                if i > 0 { i -= 1 }  // the joined hunk may now belong with the one before
            } else {
                i += 1
            }
        }
        return hunks.flatMap(peelingEdits)
    }

    /// A joined hunk whose first paragraph is only an edit of the old first paragraph (and belongs with nothing
    /// after it) gives it back as a hunk of its own, so an edit next to a merge can still be taken alone.
    static func peelingEdits(_ h: Hunk) -> [Hunk] {
        let blank: (String) -> Bool = { $0.allSatisfy(\.isWhitespace) }
        guard h.removed.count > 2, h.added.count > 2, !blank(h.removed[0]), !blank(h.added[0]), blank(h.removed[1]), blank(h.added[1])
        else { return [h] }
        let first = Hunk(
            oldStart: h.oldStart, removed: [h.removed[0]], added: [h.added[0]], contextBefore: h.contextBefore, contextAfter: h.removed[1])
        let rest = Hunk(
            oldStart: h.oldStart + 2, removed: Array(h.removed.dropFirst(2)), added: Array(h.added.dropFirst(2)),
            contextBefore: h.removed[1], contextAfter: h.contextAfter)
        let t0 = InlineDiff.tokens(h.removed[0])
        let t1 = InlineDiff.tokens(h.added[0])
        guard containment(t0, in: t1) >= 0.6, containment(t1, in: t0) >= 0.6, !belongTogether(first, rest) else { return [h] }
        return [first] + peelingEdits(rest)
    }

    /// Some paragraph of one side of `a` is better found in the other side of `b` than in its own hunk, or the
    /// other way round.
    static func belongTogether(_ a: Hunk, _ b: Hunk) -> Bool {
        movedOut(a.removed, own: a.added, other: b.added) || movedOut(b.removed, own: b.added, other: a.added)
            || movedOut(a.added, own: a.removed, other: b.removed) || movedOut(b.added, own: b.removed, other: a.removed)
    }

    private static func movedOut(_ paragraphs: [String], own: [String], other: [String]) -> Bool {
        let ownText = InlineDiff.tokens(own.joined(separator: "\n"))
        let otherText = InlineDiff.tokens(other.joined(separator: "\n"))
        for p in paragraphs where !p.allSatisfy(\.isWhitespace) {
            let t = InlineDiff.tokens(p)
            let inOther = containment(t, in: otherText)
            if inOther >= 0.6 && inOther > containment(t, in: ownText) { return true }
        }
        return false
    }

    /// The share of `x`'s tokens that appear, in order, in `y`.
    static func containment(_ x: [String], in y: [String]) -> Double {
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        let same = Myers.diff(x, y).reduce(0) {
            if case .same = $1 { return $0 + 1 }
            return $0
        }
        return Double(same) / Double(x.count)
    }
}
