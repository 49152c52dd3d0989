import Foundation
import NovelistText

/// Volumes (卷, parts, books) in the outline: a heading `# 第二卷 …` or `## 第一卷 …` between chapters.
/// They are kept in the outline's structure, shown in `/chapters`, and exported as part headings. When the
/// outline numbers chapters per volume (`# 第二卷` followed by `## 第一章` again), chapters are numbered
/// through the book for commands and files.
extension OutlineParser {
    /// `第二卷 风起`, `卷二`, `第一部`, `Volume 2`, `Part Two`, `Book 3: …`.
    package static func isVolumeHeading<S: StringProtocol>(_ heading: S) -> Bool {
        // Most headings are chapters: without a volume mark and not opened by a Latin word, none can be a volume.
        let marks: Set<Unicode.Scalar> = ["卷", "部", "册", "篇", "集"]
        let opening = heading.unicodeScalars.first { !$0.properties.isWhitespace && !" :：.-—".unicodeScalars.contains($0) }
        guard heading.unicodeScalars.contains(where: marks.contains) || opening.map({ $0.isASCII && $0.properties.isAlphabetic }) == true
        else { return false }
        let text = heading.trimmingWhitespace()
        if text.hasPrefix("第"), let end = text.firstIndex(where: { "卷部册篇集".contains($0) }) {
            let numeral = text[text.index(after: text.startIndex)..<end].trimmingWhitespace()
            return !numeral.isEmpty && (Int(numeral) ?? ChineseNumerals.parse(numeral)) != nil
        }
        if text.hasPrefix("卷"), let n = text.dropFirst().split(separator: " ").first, ChineseNumerals.parse(n) != nil || Int(n) != nil {
            return true
        }
        let words = text.lowercased().split(whereSeparator: { " :：.-—".contains($0) })
        guard words.count >= 2, ["volume", "part", "book", "vol"].contains(String(words[0])) else { return false }
        let numberWords = [
            "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii",
            "ix", "x"
        ]
        return Int(words[1]) != nil || numberWords.contains(String(words[1]))
    }

    /// Entries numbered through the book when the outline starts the numbering again in a new volume.
    static func numberedThroughTheBook(_ entries: [OutlineEntry]) -> [OutlineEntry] {
        let restarts = zip(entries, entries.dropFirst()).contains { $1.number <= $0.number && $1.volume != $0.volume }
        guard restarts else { return entries }
        return entries.enumerated().map { i, e in
            var e = e
            e.headingNumber = e.number
            e.number = i + 1
            return e
        }
    }

    /// Whether the outline numbers its chapters per volume.
    package static func numbersPerVolume(_ entries: [OutlineEntry]) -> Bool {
        entries.contains { $0.headingNumber != nil }
    }
}
