/// Where a hunk is, said in the numbers the writer uses: prose paragraphs (the numbers of `§A-B` and of
/// "paragraphs A-B rewritten"), not file lines. The paragraph of each line comes from the story layer
/// (`HunkPlaces.paragraphNumbers`, which knows front matter and the web-novel format).
package enum HunkPlaces {
    /// `¶2`, `¶2–4`, or `after ¶3` for a hunk, with `numbers` from `paragraphNumbers`.
    package static func label(_ hunk: Hunk, numbers: [Int?]) -> String {
        let range = hunk.oldStart..<min(numbers.count, hunk.oldStart + hunk.removed.count)
        let inside = range.isEmpty ? [] : numbers[range].compactMap { $0 }
        if let first = inside.first, let last = inside.last {
            return first == last ? "¶\(first)" : "¶\(first)–\(last)"
        }
        let before = numbers[..<min(numbers.count, hunk.oldStart)].compactMap { $0 }.last ?? 0
        return L("after ¶%d", before)
    }
}
