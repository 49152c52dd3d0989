import NovelistText

/// Where a hunk is, said in the numbers the writer uses: prose paragraphs (the numbers of `§A-B` and of
/// "paragraphs A-B rewritten"), not file lines. Front matter and blank lines have no number.
extension HunkPlaces {
    /// For each line of `fileText` (as `LineDiff.lines` splits it), the 1-based prose paragraph it belongs to.
    package static func paragraphNumbers(_ fileText: String) -> [Int?] {
        let fileLines = LineDiff.lines(fileText)
        let body = MarkdownDocument.bodyOf(fileText)
        let bodyLines = LineDiff.lines(body)
        var out = [Int?](repeating: nil, count: fileLines.count)
        let offset = fileLines.count - bodyLines.count
        guard offset >= 0 else { return out }
        var sizes = Paragraphs.split(body).paragraphs.map { $0.split(separator: "\n", omittingEmptySubsequences: false).count }[...]
        var paragraph = 0
        var left = 0
        for (i, line) in bodyLines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            if left == 0 {
                guard let size = sizes.popFirst() else { break }
                paragraph += 1
                left = size
            }
            out[offset + i] = paragraph
            left -= 1
        }
        return out
    }
}
