/// Chinese numerals as used in chapter headings: 第三章, 第十二章, 第一百零五章, 第两千章.
package enum ChineseNumerals {
    private static let digits: [Character: Int] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
        "五": 5, "六": 6, "七": 7, "八": 8, "九": 9
    ]
    private static let units: [Character: Int] = ["十": 10, "百": 100, "千": 1000]

    /// Parses a Chinese numeral up to 99,999 (万 is accepted once); also plain digit strings like 一〇五.
    package static func parse<S: StringProtocol>(_ text: S) -> Int? {
        guard !text.isEmpty else { return nil }
        // Digit-by-digit form: 一〇五 → 105 (no unit characters at all).
        if text.allSatisfy({ digits[$0] != nil }) && text.count > 1 {
            // More digits than an Int holds is not a chapter number (and must not trap).
            guard text.count <= 18 else { return nil }
            return text.reduce(0) { $0 * 10 + digits[$1]! }
        }
        var total = 0
        var section = 0
        var current: Int? = nil
        for ch in text {
            if ch == "零" || ch == "〇" {
                current = nil  // a skipped place: 一百零五, 一万零十
            } else if let d = digits[ch] {
                current = d
            } else if let u = units[ch] {
                guard section < 1 << 40 else { return nil }  // an absurd numeral must not overflow
                section += (current ?? 1) * u
                current = nil
            } else if ch == "万" {
                section += current ?? 0
                guard total == 0, section > 0 else { return nil }
                total = section * 10_000
                section = 0
                current = nil
            } else {
                return nil
            }
        }
        section += current ?? 0
        let value = total + section
        return value > 0 || text.allSatisfy({ $0 == "零" || $0 == "〇" }) ? value : nil
    }

    /// Formats 1...99,999 the way chapter headings write it: 3 → 三, 12 → 十二, 105 → 一百零五, 2000 → 两千 is not used (二千).
    package static func format(_ n: Int) -> String {
        guard n > 0 else { return "零" }
        guard n < 100_000 else { return String(n) }
        let names = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        if n >= 10_000 {
            let rest = n % 10_000
            var s = format(n / 10_000) + "万"
            if rest > 0 { s += (rest < 1000 ? "零" : "") + format(rest) }
            return s
        }
        let parts = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
        var s = ""
        var pendingZero = false
        var started = false
        for (value, unit) in parts {
            let d = (n / value) % 10
            if d == 0 {
                if started { pendingZero = true }
                continue
            }
            if pendingZero {
                s += "零"
                pendingZero = false
            }
            // 10–19 read 十, 十一 … at the start of the number.
            if !(d == 1 && value == 10 && !started) { s += names[d] }
            s += unit
            started = true
        }
        return s
    }
}
