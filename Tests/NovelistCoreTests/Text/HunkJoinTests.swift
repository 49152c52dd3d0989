import Testing

@testable import NovelistText

/// Issue 21 (9): merged and split paragraphs are one hunk; taking any subset of hunks loses nothing.
@Suite("Hunks of merged and split paragraphs")
struct HunkJoinTests {
    let old = ["她推开门，屋里很暗。", "", "桌上放着一封旧信，信封已经发黄。", "", "她认出了母亲的字迹。", "", "窗外下起了雨。"]

    func hunks(_ new: [String]) -> [Hunk] { Hunk.hunks(LineDiff.diff(old, new)) }

    /// Every subset of hunks gives, paragraph by paragraph, text from the old or the new side: no sentence of
    /// either side is lost unless its whole hunk was left out, and none is doubled.
    func expectEverySubsetWhole(_ new: [String]) {
        let hs = hunks(new)
        for mask in 0..<(1 << hs.count) {
            let accepted = Set((0..<hs.count).filter { mask & (1 << $0) != 0 })
            let out = Hunk.apply(hs, accepted: accepted, to: old).filter { !$0.isEmpty }
            for (i, h) in hs.enumerated() {
                let kept = (accepted.contains(i) ? h.added : h.removed).filter { !$0.isEmpty }
                for p in kept { #expect(out.filter { $0 == p }.count == 1, "\(accepted): \(p) in \(out)") }
            }
        }
    }

    @Test func aMergeOfTwoParagraphsIsOneHunk() {
        let new = ["她推开门，屋里很暗。", "", "桌上放着一封旧信，信封已经发黄，她认出了母亲的字迹。", "", "窗外下起了雨。"]
        let hs = hunks(new)
        #expect(hs.count == 1)
        #expect(hs.first?.removed == ["桌上放着一封旧信，信封已经发黄。", "", "她认出了母亲的字迹。"])
        #expect(hs.first?.added == ["桌上放着一封旧信，信封已经发黄，她认出了母亲的字迹。"])
        expectEverySubsetWhole(new)
    }

    @Test func aSplitOfOneParagraphIsOneHunk() {
        let new = ["她推开门，屋里很暗。", "", "桌上放着一封旧信。", "", "信封已经发黄。", "", "她认出了母亲的字迹。", "", "窗外下起了雨。"]
        let hs = hunks(new)
        #expect(hs.count == 1)
        #expect(hs.first?.removed.filter { !$0.isEmpty } == ["桌上放着一封旧信，信封已经发黄。"])
        #expect(hs.first?.added.filter { !$0.isEmpty } == ["桌上放着一封旧信。", "信封已经发黄。"])
        expectEverySubsetWhole(new)
    }

    @Test func anEditNextToAMergeStaysItsOwnHunk() {
        let new = ["她推开门，屋里一片漆黑。", "", "桌上放着一封旧信，信封已经发黄，她认出了母亲的字迹。", "", "窗外下起了雨。"]
        let hs = hunks(new)
        #expect(hs.count == 2)
        #expect(hs.first?.removed == ["她推开门，屋里很暗。"])
        #expect(hs.first?.added == ["她推开门，屋里一片漆黑。"])
        #expect(hs.last?.removed.filter { !$0.isEmpty } == ["桌上放着一封旧信，信封已经发黄。", "她认出了母亲的字迹。"])
        #expect(Hunk.apply(hs, accepted: [0], to: old) == ["她推开门，屋里一片漆黑。"] + old.dropFirst())
        expectEverySubsetWhole(new)
    }

    @Test func unrelatedEditsAndADeletionStaySeparate() {
        let new = ["她推开门，屋里一片漆黑。", "", "窗外下起了大雨。"]
        #expect(hunks(new).count >= 2)
        expectEverySubsetWhole(new)
    }
}
