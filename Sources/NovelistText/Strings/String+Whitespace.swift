import Foundation

extension String {
    /// CRLF and lone CR become LF. In Swift "\r\n" is one Character, so splitting on "\n" would miss it.
    package func normalizingNewlines() -> String {
        // memchr over the bytes (the generic `utf8.contains` costs about 30 instructions a byte).
        let hasCR = utf8.withContiguousStorageIfAvailable { $0.isEmpty ? false : memchr($0.baseAddress!, 13, $0.count) != nil }
        guard hasCR ?? utf8.contains(13) else { return self }
        return replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}

extension StringProtocol {
    /// Whether the text is empty or only white space: the same as `allSatisfy(\.isWhitespace)` on Characters
    /// (a white-space scalar never takes another scalar into its Character, except CR LF, which is white space
    /// too), but on scalars, without grapheme breaking.
    /// (A closure, not a key path: `\.properties.isWhitespace` costs about 2,000 instructions a line.)
    /// The usual line answers by its first byte: printable ASCII, or the lead byte of an ideograph in
    /// U+4000–U+9FFF (no white space there). Inlinable, so that a caller in another module gets it specialized
    /// for Substring (through the protocol it was 1,200 instructions a line of an export).
    @inlinable package var isBlank: Bool {
        if let b = utf8.first, (b > 0x20 && b < 0x80) || (b >= 0xE4 && b <= 0xE9) { return false }
        return unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    /// The text without leading and trailing white space (including full-width spaces and newlines).
    package func trimmingWhitespace() -> String {
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start {
            let before = index(before: end)
            guard self[before].isWhitespace else { break }
            end = before
        }
        return String(self[start..<end])
    }
}
