/// Lists of chapter numbers for the writer: runs of consecutive numbers shortened to their ends.
package enum NumberList {
    /// `numbers` sorted, without repeats; a run of at least `shortestRun` numbers is written `first<dash>last`.
    /// `1-3, 5, 7-9` (messages) or, for a scope line, `3, 4, 7, 9–296`.
    package static func ranges(_ numbers: [Int], shortestRun: Int = 2, dash: String = "-", separator: String = ", ") -> String {
        let sorted = Array(Set(numbers)).sorted()
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count, sorted[j + 1] == sorted[j] + 1 { j += 1 }
            if j - i + 1 >= shortestRun && j > i {
                parts.append("\(sorted[i])\(dash)\(sorted[j])")
            } else {
                parts += sorted[i...j].map(String.init)
            }
            i = j + 1
        }
        return parts.joined(separator: separator)
    }

    /// The chapter numbers of a proposal's scope line: `3, 4, 7` with runs of three or more as `5–296`.
    package static func format(_ numbers: [Int]) -> String {
        ranges(numbers, shortestRun: 3, dash: "–", separator: Messages.language == .zh ? "、" : ", ")
    }
}
