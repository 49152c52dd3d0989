import Foundation
import NovelistText

extension ManuscriptExport {
    /// The chapter as it goes into the Markdown manuscript, told from its bytes alone for the way most chapters
    /// are written: paragraphs of one line each, one empty line apart, no "\r", every line starting with a
    /// letter, a digit, a Han character or an opening mark (nothing to unindent; no heading, scene break or
    /// fence), the last one ending with such a character or a closing mark. Nil for anything else: `unchanged`
    /// then decides from the chapter's lines, and gives this same slice whenever this gives one (tested). One
    /// `memchr` a line instead of an array of lines and their paragraphs (30 of an export's 105 M instructions,
    /// issue 19).
    static func plainSlice(_ prose: Substring) -> Substring? {
        let found: Range<Int>?? = prose.utf8.withContiguousStorageIfAvailable { b -> Range<Int>? in
            guard let base = b.baseAddress else { return nil }
            var start = 0
            var end = b.count
            while start < end && base[start] == 0x0A { start += 1 }
            while end > start && base[end - 1] == 0x0A { end -= 1 }
            guard start < end, memchr(base + start, 13, end - start) == nil else { return nil }
            var i = start
            while true {
                guard opensPlainly(base, i, end) else { return nil }
                guard let hit = memchr(base + i, 10, end - i) else { break }
                let newline = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                // Exactly one empty line before the next paragraph (a line break within one, or two empty lines,
                // are for `unchanged` to judge).
                guard newline + 2 < end, base[newline + 1] == 0x0A, base[newline + 2] != 0x0A else { return nil }
                i = newline + 2
            }
            return closesPlainly(base, start, end) ? start..<end : nil
        }
        guard let range = found ?? nil else { return nil }
        let u = prose.utf8
        let from = u.index(u.startIndex, offsetBy: range.lowerBound)
        return prose[from..<u.index(from, offsetBy: range.count)]
    }

    /// The line at `i` starts with a printable ASCII character other than `#`, `` ` ``, `~` and `-` (a heading, a
    /// fence, a scene break), a Han character, or “ ‘ 「 『 《 （ — …: nothing white, nothing to unindent.
    @inline(__always) private static func opensPlainly(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Bool {
        let b = p[i]
        if b < 0x80 { return b > 0x20 && b < 0x7F && b != 0x23 && b != 0x60 && b != 0x7E && b != 0x2D }
        if b &- 0xE4 < 6 { return true }
        guard i + 2 < end else { return false }
        return isMark(b, p[i + 1], p[i + 2], opening: true)
    }

    /// The text `start..<end` ends with a printable ASCII character, a Han character, or 。，！？” ’ 」 』 》 ）— …:
    /// nothing white (a last character made of more than one scalar cannot end so).
    @inline(__always) private static func closesPlainly(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let b = p[end - 1]
        if b < 0x80 { return b > 0x20 && b < 0x7F }
        guard end - 3 >= start else { return false }
        let lead = p[end - 3]
        if lead &- 0xE4 < 6 { return true }
        return isMark(lead, p[end - 2], b, opening: false)
    }

    /// The marks of Chinese prose that open (“ ‘ 「 『 《 （) or close (” ’ 」 』 》 ） 。 ， ！ ？) a line, and — …,
    /// by their UTF-8 bytes.
    @inline(__always) private static func isMark(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, opening: Bool) -> Bool {
        switch (b0, b1) {
        case (0xE2, 0x80): return b2 == 0x94 || b2 == 0xA6 || b2 == (opening ? 0x9C : 0x9D) || b2 == (opening ? 0x98 : 0x99)
        case (0xE3, 0x80):
            return opening ? (b2 == 0x8C || b2 == 0x8E || b2 == 0x8A) : (b2 == 0x8D || b2 == 0x8F || b2 == 0x8B || b2 == 0x82)
        case (0xEF, 0xBC): return opening ? b2 == 0x88 : (b2 == 0x89 || b2 == 0x8C || b2 == 0x81 || b2 == 0x9F)
        default: return false
        }
    }
}
