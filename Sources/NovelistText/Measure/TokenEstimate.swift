/// A rough, CJK-aware token estimate: a CJK character is about one token, Latin text about four characters a token.
package enum TokenEstimate {
    package static func tokens(in text: String) -> Int {
        var cjk = 0
        var other = 0
        for s in text.unicodeScalars {
            if TextLength.isCJK(s) { cjk += 1 } else { other += 1 }
        }
        return cjk + (other + 3) / 4
    }
}
