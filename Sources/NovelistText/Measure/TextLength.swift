/// Counts a text's length the way writers count: every Han character, kana and hangul is one 字,
/// every run of Latin letters or digits is one word; punctuation, spaces and Markdown marks count nothing.
package struct TextLength: Equatable, Sendable {
    package var cjk: Int
    package var words: Int

    /// The number shown to the writer, in 字 for Chinese stories and words for English ones: each CJK
    /// character counts one, each Latin word counts one, in either language.
    package var total: Int { cjk + words }

    package static func count(_ text: String) -> TextLength {
        var text = text
        return text.withUTF8(count(utf8:))
    }

    package static func count(_ text: Substring) -> TextLength {
        var text = text
        return text.withUTF8(count(utf8:))
    }

    /// The count on the UTF-8 bytes of valid text: ASCII and the Han block U+5000–U+9FFF (lead bytes E5–E9)
    /// without decoding or property lookups, the rest decoded and classified by Unicode's properties
    /// (issue 19: a 2-million-字 manuscript is counted at every export).
    static func count(utf8 p: UnsafeBufferPointer<UInt8>) -> TextLength {
        var cjk = 0
        var words = 0
        var inWord = false
        var i = 0
        let n = p.count
        while i < n {
            let b = p[i]
            if b < 0x80 {
                let v = UInt32(b)
                if (v | 0x20) &- 0x61 < 26 || v &- 0x30 < 10 || (inWord && v == 0x27) {
                    if !inWord {
                        words += 1
                        inWord = true
                    }
                } else {
                    inWord = false
                }
                i += 1
                continue
            }
            // A run of Han U+4E00–U+9FFF (lead byte E5–E9, or E4 with a second byte from B8: 一 不 中 人 他 们 …)
            // in a loop of its own, counted by its length: most of a Chinese chapter, between two marks.
            if isHan(p, i, n) {
                var j = i + 3
                while j < n && isHan(p, j, n) { j += 3 }
                cjk += (j - i) / 3
                inWord = false
                i = j
                continue
            }
            // The marks of Chinese prose, by their bytes: none is alphabetic or CJK. General punctuation
            // U+2000–U+203F (“ ” ‘ ’ — …, E2 80 xx), 、。《》「」 (U+3000–3004, U+3008–3020: E3 80 80–84, 88–A0) and
            // ，！：？ (U+FF01–FF0F, U+FF1A–FF20: EF BC 81–8F, 9A–A0).
            if i + 2 < n {
                let c1 = p[i + 1]
                let c2 = p[i + 2]
                if b == 0xE2 && c1 == 0x80 {
                    inWord = inWord && c2 == 0x99  // ’ (U+2019) inside a word (don’t) goes on with it
                    i += 3
                    continue
                }
                if (b == 0xE3 && c1 == 0x80 && (c2 &- 0x80 < 5 || c2 &- 0x88 < 0x19))
                    || (b == 0xEF && c1 == 0xBC && (c2 &- 0x81 < 0x0F || c2 &- 0x9A < 7))
                {
                    inWord = false
                    i += 3
                    continue
                }
            }
            let v: UInt32
            if b >= 0xF0 {
                v = UInt32(b & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F)
                i += 4
            } else if b >= 0xE0 {
                v = UInt32(b & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F)
                i += 3
            } else {
                v = UInt32(b & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F)
                i += 2
            }
            // Punctuation first (、。，！ and the rest are never CJK letters): no scalar made, no property looked up.
            if Self.isPunctuation(v) {
                inWord = inWord && v == 0x2019  // ’ inside a word (don’t) goes on with it
                continue
            }
            guard let scalar = Unicode.Scalar(v) else { continue }
            if isCJK(scalar) {
                cjk += 1
                inWord = false
            } else if scalar.properties.isAlphabetic || (inWord && scalar == "’") {
                if !inWord {
                    words += 1
                    inWord = true
                }
            } else {
                inWord = false
            }
        }
        return TextLength(cjk: cjk, words: words)
    }

    /// A Han character U+4E00–U+9FFF starts at `i` (lead byte E5–E9, or E4 with a second byte from B8).
    @inline(__always) static func isHan(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ n: Int) -> Bool {
        let b = p[i]
        return b &- 0xE5 < 5 || (b == 0xE4 && i + 1 < n && p[i + 1] >= 0xB8)
    }

    /// General punctuation, CJK symbols and full-width punctuation: none of them is alphabetic (checked
    /// against Unicode's properties), so the property lookup is skipped for the marks of Chinese prose.
    @inline(__always) static func isPunctuation(_ v: UInt32) -> Bool {
        (0x2000...0x206F).contains(v) || (0x3000...0x3004).contains(v) || (0x3008...0x3020).contains(v)
            || (0xFF01...0xFF0F).contains(v) || (0xFF1A...0xFF20).contains(v)
    }

    package static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2FA1F, 0xF900...0xFAFF,  // Han
            0x3040...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF,  // kana
            0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F,  // hangul
            0x3005, 0x3007:  // 々 〇
            return true
        default:
            return false
        }
    }
}
