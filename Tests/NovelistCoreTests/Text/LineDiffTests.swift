import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// Length of the longest common subsequence, by the textbook dynamic programme.
private func lcsLength(_ a: [String], _ b: [String]) -> Int {
    if a.isEmpty || b.isEmpty { return 0 }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 1...a.count {
        for j in 1...b.count {
            table[i][j] = a[i - 1] == b[j - 1] ? table[i - 1][j - 1] + 1 : max(table[i - 1][j], table[i][j - 1])
        }
    }
    return table[a.count][b.count]
}

private func sameCount(_ script: [DiffLine]) -> Int {
    script.filter {
        if case .same = $0 { return true }
        return false
    }.count
}

@Suite("Line diff")
struct LineDiffTests {
    @Test("identical texts are all same")
    func identical() {
        let text = "第一段。\n第二段。\n第三段。"
        #expect(LineDiff.diff(text, text) == [.same("第一段。"), .same("第二段。"), .same("第三段。")])
        #expect(LineDiff.render(LineDiff.diff(text, text), color: false) == "(no changes)")
    }

    @Test("empty to text is all added; text to empty all removed")
    func emptyAndText() {
        #expect(LineDiff.diff("", "a\nb") == [.added("a"), .added("b")])
        #expect(LineDiff.diff("a\nb", "") == [.removed("a"), .removed("b")])
        #expect(LineDiff.diff("", "") == [])
    }

    @Test("lines: a trailing newline does not make an extra empty line; blank lines are kept")
    func lines() {
        #expect(LineDiff.lines("") == [])
        #expect(LineDiff.lines("a") == ["a"])
        #expect(LineDiff.lines("a\n") == ["a"])
        #expect(LineDiff.lines("a\n\nb\n") == ["a", "", "b"])
        #expect(LineDiff.lines("\n") == [""])
    }

    @Test("a changed CJK paragraph in the middle")
    func cjkChange() {
        let old = "林晚走进咖啡馆。\n她点了一杯咖啡。\n窗外起雾了。"
        let new = "林晚走进咖啡馆。\n她点了一杯热茶。\n窗外起雾了。"
        #expect(
            LineDiff.diff(old, new) == [
                .same("林晚走进咖啡馆。"), .removed("她点了一杯咖啡。"), .added("她点了一杯热茶。"), .same("窗外起雾了。")
            ])
        #expect(
            LineDiff.render(LineDiff.diff(old, new), color: false)
                == "@@ 1/1 · ¶2 · +7 −7\n  林晚走进咖啡馆。\n- 她点了一杯咖啡。\n+ 她点了一杯热茶。\n  窗外起雾了。")
    }

    @Test("reordered paragraphs keep the longest run in place")
    func reordered() {
        let a = ["p1", "p2", "p3", "p4"]
        let b = ["p4", "p1", "p2", "p3"]
        let script = LineDiff.diff(a, b)
        #expect(LineDiff.oldLines(script) == a)
        #expect(LineDiff.newLines(script) == b)
        #expect(sameCount(script) == 3)
        #expect(script.count == 5)
    }

    @Test("render shows one paragraph of context and … between hunks")
    func renderContext() {
        let old = (1...9).map { "段\($0)" }
        var new = old
        new[1] = "改2"
        new[7] = "改8"
        let text = LineDiff.render(LineDiff.diff(old, new), color: false)
        #expect(text == "@@ 1/2 · ¶2 · +2 −2\n  段1\n- 段2\n+ 改2\n  段3\n@@ 2/2 · ¶8 · +2 −2\n  段7\n- 段8\n+ 改8\n  段9")
        let colored = LineDiff.render(LineDiff.diff(old, new), color: true)
        // A changed paragraph is shown with its changed characters highlighted: 段 stays, 2 → 改 … 2.
        #expect(colored.contains("\u{1B}[31m- \u{1B}[0m"))
        #expect(colored.contains("\u{1B}[42;30m改\u{1B}[0m"), "\(colored)")
        #expect(colored.contains("\u{1B}[41;97m段\u{1B}[0m"))
    }

    @Test("lengthChange counts 字 and words of added and removed paragraphs")
    func lengthChange() {
        let script = LineDiff.diff("林晚走进咖啡馆。\n不变的段落。", "林晚走进了 Starbucks 咖啡馆。\n不变的段落。\n新的一段。")
        let change = LineDiff.lengthChange(script)
        #expect(change.added == 9 + 4)
        #expect(change.removed == 7)
        #expect(LineDiff.lengthChange(LineDiff.diff("same", "same")) == (0, 0))
    }

    @Test("property: the script rebuilds both sides and keeps a longest common subsequence (small inputs, 500 seeds)")
    func propertySmall() {
        let paragraphs = ["雾起了。", "She ran.", "", "林晚推门。", "😀", "第二章"]
        for seed in 0..<500 {
            var rng = SplitMix64(seed: UInt64(seed))
            let a = (0..<Int.random(in: 0...9, using: &rng)).map { _ in paragraphs.randomElement(using: &rng)! }
            let b = (0..<Int.random(in: 0...9, using: &rng)).map { _ in paragraphs.randomElement(using: &rng)! }
            let script = LineDiff.diff(a, b)
            #expect(LineDiff.oldLines(script) == a, "seed \(seed)")
            #expect(LineDiff.newLines(script) == b, "seed \(seed)")
            #expect(sameCount(script) == lcsLength(a, b), "seed \(seed): \(a) → \(b)")
            #expect(script.count == a.count + b.count - sameCount(script))
        }
    }

    @Test("property: a chapter edited in a few places (larger inputs, 100 seeds)")
    func propertyEdits() {
        for seed in 0..<100 {
            var rng = SplitMix64(seed: UInt64(1000 + seed))
            let a = (0..<Int.random(in: 0...80, using: &rng)).map { "第\($0)段，\(Int.random(in: 0..<4, using: &rng))" }
            var b = a
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                switch Int.random(in: 0..<3, using: &rng) {
                case 0 where !b.isEmpty: b.remove(at: Int.random(in: 0..<b.count, using: &rng))
                case 1: b.insert("新段落\(Int.random(in: 0..<3, using: &rng))", at: Int.random(in: 0...b.count, using: &rng))
                default: if !b.isEmpty { b[Int.random(in: 0..<b.count, using: &rng)] = "改写" }
                }
            }
            let script = LineDiff.diff(a, b)
            #expect(LineDiff.oldLines(script) == a, "seed \(seed)")
            #expect(LineDiff.newLines(script) == b, "seed \(seed)")
            #expect(sameCount(script) == lcsLength(a, b), "seed \(seed)")
        }
    }

    @Test("string diff equals line diff of the lines")
    func stringVsLines() {
        let old = "a\nb\nc\n"
        let new = "a\nc\nd\n"
        #expect(LineDiff.diff(old, new) == LineDiff.diff(LineDiff.lines(old), LineDiff.lines(new)))
        #expect(LineDiff.newLines(LineDiff.diff(old, new)) == ["a", "c", "d"])
    }
}

/// Hunks: any subset can be taken; all gives the new text, none the old.
struct HunkTests {
    @Test func applyingAllHunksGivesTheNewTextAndNoneTheOld() {
        var rng = SplitMix64(seed: 42)
        let pool = ["雾起了。", "林晚推门。", "She ran.", "", "第二章", "钟声。"]
        for _ in 0..<400 {
            let a = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pool.randomElement(using: &rng)! }
            let b = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pool.randomElement(using: &rng)! }
            let hunks = Hunk.hunks(LineDiff.diff(a, b))
            #expect(Hunk.apply(hunks, accepted: Set(hunks.indices), to: a) == b)
            #expect(Hunk.apply(hunks, accepted: [], to: a) == a)
            // Any single hunk changes only its own lines.
            for i in hunks.indices {
                let one = Hunk.apply(hunks, accepted: [i], to: a)
                #expect(one.count == a.count - hunks[i].removed.count + hunks[i].added.count)
            }
        }
    }

    @Test func aLargeRewriteStaysCorrect() {
        // A 50k-字 chapter (500 paragraphs) against a rewrite of a third of its paragraphs.
        let a = (0..<500).map { "第\($0)段：" + String(repeating: "雾从海面漫上来。", count: 12) }
        var b = a
        for i in stride(from: 0, to: 500, by: 3) { b[i] = "改写的第\(i)段。" + String(repeating: "灯一盏盏熄灭。", count: 10) }
        let script = LineDiff.diff(a, b)
        #expect(LineDiff.newLines(script) == b)
        #expect(LineDiff.oldLines(script) == a)
        let hunks = Hunk.hunks(script)
        #expect(hunks.count == 167)
        #expect(Hunk.apply(hunks, accepted: Set(hunks.indices), to: a) == b)
        // Full rewrite: nothing in common.
        let c = (0..<500).map { "全新\($0)" }
        #expect(LineDiff.newLines(LineDiff.diff(a, c)) == c)
    }

    @Test func inlineTokensAreCharactersForCJKAndWordsForLatin() {
        #expect(InlineDiff.tokens("林晚 met Lin.") == ["林", "晚", " ", "met", " ", "Lin", "."])
    }
}

struct ThreeWayTests {
    func merged(_ chunks: [ThreeWay.Chunk]) -> [String]? {
        var out: [String] = []
        for c in chunks {
            guard case .clean(let l) = c else { return nil }
            out += l
        }
        return out
    }

    @Test func nonOverlappingChangesCombine() {
        let base = ["a", "b", "c", "d", "e"]
        let ours = ["a", "B", "c", "d", "e"]
        let theirs = ["a", "b", "c", "D", "e", "f"]
        #expect(merged(ThreeWay.merge(base: base, ours: ours, theirs: theirs)) == ["a", "B", "c", "D", "e", "f"])
    }

    @Test func overlappingDifferentChangesConflict() {
        let chunks = ThreeWay.merge(base: ["a", "b", "c"], ours: ["a", "X", "c"], theirs: ["a", "Y", "c"])
        #expect(ThreeWay.conflicts(chunks) == 1)
        #expect(chunks == [.clean(["a"]), .conflict(base: ["b"], ours: ["X"], theirs: ["Y"]), .clean(["c"])])
    }

    @Test func theSameChangeOnBothSidesIsNoConflict() {
        #expect(merged(ThreeWay.merge(base: ["a", "b"], ours: ["a", "Z"], theirs: ["a", "Z"])) == ["a", "Z"])
    }

    @Test func propertyOneSideUnchangedGivesTheOtherSide() {
        var rng = SplitMix64(seed: 7)
        let pool = ["一", "二", "三", "", "four", "五"]
        for _ in 0..<300 {
            let base = (0..<Int.random(in: 0...10, using: &rng)).map { _ in pool.randomElement(using: &rng)! }
            let other = (0..<Int.random(in: 0...10, using: &rng)).map { _ in pool.randomElement(using: &rng)! }
            #expect(merged(ThreeWay.merge(base: base, ours: base, theirs: other)) == other)
            #expect(merged(ThreeWay.merge(base: base, ours: other, theirs: base)) == other)
        }
    }
}
