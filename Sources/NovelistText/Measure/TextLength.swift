/// Counts a text's length the way writers count: every Han character, kana and hangul is one 字,
/// every run of Latin letters or digits is one word; punctuation, spaces and Markdown marks count nothing.
package struct TextLength: Equatable, Sendable {
    package var cjk: Int
    package var words: Int

    /// The number shown to the writer, in 字 for Chinese stories and words for English ones: each CJK
    /// character counts one, each Latin word counts one, in either language.
    package var total: Int { cjk + words }

    package static func count(_ text: String) -> TextLength {
        var cjk = 0
        var words = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            if isCJK(scalar) {
                cjk += 1
                inWord = false
            } else if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || (inWord && (scalar == "'" || scalar == "’")) {
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
