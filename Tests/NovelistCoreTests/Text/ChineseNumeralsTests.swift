import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

@Suite("Chinese numerals")
struct ChineseNumeralsTests {
    @Test("single digits 一 … 九", arguments: Array(zip(["一", "二", "三", "四", "五", "六", "七", "八", "九"], 1...9)))
    func singleDigits(text: String, value: Int) {
        #expect(ChineseNumerals.parse(text) == value)
    }

    @Test(
        "numerals with units",
        arguments: [
            ("十", 10), ("十一", 11), ("十九", 19), ("二十", 20), ("二十三", 23), ("九十九", 99),
            ("一百", 100), ("一百零五", 105), ("一百一十", 110), ("两百", 200), ("二百三十四", 234),
            ("一千", 1000), ("两千", 2000), ("三千零一", 3001), ("一千零一十", 1010),
            ("九千九百九十九", 9999), ("一万", 10_000), ("一万零一", 10_001), ("两万三千", 23_000)
        ])
    func withUnits(text: String, value: Int) {
        #expect(ChineseNumerals.parse(text) == value)
    }

    @Test("digit-by-digit numerals", arguments: [("一〇五", 105), ("二〇二五", 2025), ("一零", 10), ("三零零", 300)])
    func digitByDigit(text: String, value: Int) {
        #expect(ChineseNumerals.parse(text) == value)
    }

    @Test("zero")
    func zero() {
        #expect(ChineseNumerals.parse("零") == 0)
        #expect(ChineseNumerals.parse("〇") == 0)
        #expect(ChineseNumerals.format(0) == "零")
    }

    @Test("parses Substrings too")
    func substring() {
        let heading = "第十二章"
        #expect(ChineseNumerals.parse(heading.dropFirst().dropLast()) == 12)
    }

    @Test("garbage is not a number", arguments: ["", "abc", "3", "三x", "第三", "章", "万", "三 十", "one", "三万四万"])
    func garbage(text: String) {
        #expect(ChineseNumerals.parse(text) == nil)
    }

    @Test(
        "format writes headings the usual way",
        arguments: [
            (1, "一"), (3, "三"), (10, "十"), (12, "十二"), (20, "二十"), (105, "一百零五"), (110, "一百一十"),
            (1010, "一千零一十"), (2000, "二千"), (3001, "三千零一"), (9999, "九千九百九十九"), (10_000, "一万")
        ])
    func format(value: Int, text: String) {
        #expect(ChineseNumerals.format(value) == text)
    }

    @Test("parse(format(n)) == n for 1…9999")
    func roundTripUpTo9999() {
        var failures: [Int] = []
        for n in 1...9999 where ChineseNumerals.parse(ChineseNumerals.format(n)) != n { failures.append(n) }
        #expect(failures.isEmpty, "round trip fails for \(failures.prefix(20))")
    }

    @Test("parse(format(n)) == n for 10000…10100, except the known 一万零十 … 一万零十九 range")
    func roundTripAbove10000() {
        let known = Set(10_010...10_019)
        var failures: [Int] = []
        for n in 10_000...10_100 where !known.contains(n) && ChineseNumerals.parse(ChineseNumerals.format(n)) != n {
            failures.append(n)
        }
        #expect(failures.isEmpty, "round trip fails for \(failures)")
    }

    @Test("10010 … 10019 round trip (format writes 一万零十, which parse reads as 10000)")
    func roundTripTensAfterWan() {
        for n in 10_010...10_019 {
            #expect(ChineseNumerals.parse(ChineseNumerals.format(n)) == n, "\(n) → \(ChineseNumerals.format(n))")
        }
    }

    @Test("large numbers fall back to Arabic digits")
    func large() {
        #expect(ChineseNumerals.format(100_000) == "100000")
    }
}
