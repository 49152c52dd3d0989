import Foundation
import NovelistText

/// How a chapter file lays out its paragraphs, and where its paragraphs are. Two layouts:
/// - Markdown: paragraphs are blocks separated by blank lines.
/// - Web-novel: one paragraph per line (as pasted from web-novel sites), usually opened by a full-width
///   indent `　　`, no blank lines. Recognised per file: a line opened by a full-width space starts a
///   paragraph of its own, and so does a line after one that closes a sentence in CJK (`。！？…”」』`);
///   prose with no blank line at all has one paragraph per line.
/// The same paragraphs are used for counting (`§`/`¶`, `/chapter N`), rewrites, appends and export;
/// a file keeps its own layout (separator and indent) when it is changed.
package struct ProseFormat: Equatable, Sendable {
    /// What goes between two paragraphs: "\n\n" (Markdown) or "\n" (web-novel).
    package var separator: String
    /// What opens each paragraph: "　　" when the file indents its paragraphs, else "".
    package var indent: String

    package static let markdown = ProseFormat(separator: "\n\n", indent: "")

    package var isLinePerParagraph: Bool { separator == "\n" }

    /// The layout of `prose`.
    package static func detect(_ prose: String) -> ProseFormat { ProseLines(prose).format }

    /// The layout of a text already cut into lines and paragraphs.
    static func detect(_ lines: [Substring], spans: [ClosedRange<Int>]) -> ProseFormat {
        // Two paragraphs with no blank line between them: the file writes one paragraph per line.
        let adjacent = zip(spans, spans.dropFirst()).contains { $0.upperBound + 1 == $1.lowerBound }
        let indented = spans.filter { lines[$0.lowerBound].hasBytePrefix("　") }.count
        let indent = !spans.isEmpty && indented * 2 >= spans.count ? "　　" : ""
        return ProseFormat(separator: adjacent || (spans.count == 1 && !indent.isEmpty) ? "\n" : "\n\n", indent: indent)
    }

    /// A paragraph as this file writes it: leading spaces (ASCII or full-width) replaced by the file's indent.
    package func styled(_ paragraph: String) -> String {
        indent + ProseFormat.unindented(paragraph)
    }

    /// The text without blank lines before and white space after it; the first line keeps its indent.
    package static func trimmedBlankLines(_ text: String) -> String {
        let t = text.normalizingNewlines()
        guard let firstText = t.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let lineStart = t[..<firstText].lastIndex(of: "\n").map { t.index(after: $0) } ?? t.startIndex
        var out = String(t[lineStart...])
        while out.last?.isWhitespace == true { out.removeLast() }
        return out
    }

    /// A paragraph without its leading spaces and full-width indents.
    package static func unindented(_ paragraph: String) -> String {
        String(paragraph.drop { $0 == "　" || $0 == " " || $0 == "\t" })
    }

    /// The line span (0-based, inclusive) of each paragraph of `lines`.
    static func paragraphSpans<S: StringProtocol>(_ lines: [S]) -> [ClosedRange<Int>] {
        let blank = lines.map { $0.isBlank }
        // Blank lines before the first and after the last paragraph do not count.
        let first = blank.firstIndex(of: false) ?? 0
        let last = blank.lastIndex(of: false) ?? 0
        let noBlankLine = !blank.indices.contains { $0 > first && $0 < last && blank[$0] }
        var spans: [ClosedRange<Int>] = []
        var start: Int?
        for i in lines.indices {
            if blank[i] {
                if let s = start { spans.append(s...(i - 1)) }
                start = nil
                continue
            }
            if let s = start, noBlankLine || startsParagraph(lines[i], after: lines[i - 1]) {
                spans.append(s...(i - 1))
                start = i
            } else if start == nil {
                start = i
            }
        }
        if let s = start { spans.append(s...(lines.count - 1)) }
        return spans
    }

    /// A line inside a block opens a new paragraph: it starts with a full-width indent, or the line before
    /// closes a sentence in CJK and this one goes on in CJK.
    static func startsParagraph<S: StringProtocol>(_ line: S, after previous: S) -> Bool {
        if line.hasBytePrefix("　") { return true }
        guard let last = previous.last(where: { !$0.isWhitespace }), let first = line.first else { return false }
        return "。！？…”」』".contains(last) && (first.isCJK || "“「『（".contains(first))
    }
}

/// A prose text cut once into lines (by `lineSlices`, no grapheme breaking) and paragraph spans: what
/// `detect`, `split`, `splice`, `display` and the export share, so that no text is cut twice.
struct ProseLines {
    let lines: [Substring]
    let spans: [ClosedRange<Int>]

    init(_ prose: String) { self.init(prose[...]) }

    /// Without a "\r" the lines are slices of `prose` itself (an export can then write the prose it was given).
    init(_ prose: Substring) {
        lines = prose.containsByte(13) ? String(prose).normalizingNewlines().lineSlices() : prose.lineSlices()
        spans = ProseFormat.paragraphSpans(lines)
    }

    var format: ProseFormat { ProseFormat.detect(lines, spans: spans) }
}

extension Character {
    /// A Han character, kana or hangul.
    var isCJK: Bool { unicodeScalars.first.map(TextLength.isCJK) ?? false }
}

extension Paragraphs {
    /// The paragraphs as the export writes them: each on its own (joined lines kept), indents removed once,
    /// so that md/epub get one `<p>` per paragraph and `txt --indent` indents each exactly once.
    package static func forExport(_ prose: String) -> [String] {
        let cut = ProseLines(prose)
        return cut.spans.map { span in
            var paragraph = ""
            for i in span {
                if i > span.lowerBound { paragraph += "\n" }
                paragraph += cut.lines[i].drop { $0 == "　" || $0 == " " || $0 == "\t" }
            }
            return paragraph
        }
    }

    /// A line without its indent (full-width and ASCII spaces, tabs), as `forExport` drops it, found on the
    /// bytes; nil when the indent's last mark takes a combining mark into its Character (then only the
    /// Character walk says what `forExport` drops).
    static func withoutIndent(_ line: Substring) -> Substring? {
        let u = line.utf8
        var i = u.startIndex
        while i < u.endIndex {
            let b = u[i]
            if b == 0x20 || b == 0x09 {
                i = u.index(after: i)
            } else if b == 0xE3, u.index(i, offsetBy: 2, limitedBy: u.endIndex).map({ $0 < u.endIndex }) == true,
                u[u.index(i, offsetBy: 1)] == 0x80, u[u.index(i, offsetBy: 2)] == 0x80
            {
                i = u.index(i, offsetBy: 3)
            } else {
                break
            }
        }
        let rest = line[i...]
        if i > u.startIndex, let next = rest.unicodeScalars.first,
            next.properties.isGraphemeExtend || next.properties.generalCategory == .spacingMark || next.value == 0x200D
        {
            return nil
        }
        return rest
    }

    /// The prose with one blank line between paragraphs and no leading indents (for the Markdown manuscript).
    package static func normalizedForExport(_ prose: String) -> String {
        forExport(prose).joined(separator: "\n\n")
    }
}

extension Paragraphs {
    /// The prose for `/chapter N`: blank lines around it removed but every paragraph's indent kept;
    /// `numbered` puts `¶N` before each paragraph (the numbers `/rewrite chapter N ¶A-B` takes).
    package static func display(_ prose: String, numbered: Bool) -> String {
        let cut = ProseLines(prose)
        let lines = cut.lines
        let spans = cut.spans
        guard let first = spans.first?.lowerBound, let last = spans.last?.upperBound else { return "" }
        guard numbered else { return lines[first...last].joined(separator: "\n") }
        let format = cut.format
        return spans.enumerated().map { i, span in
            "¶\(i + 1)  " + lines[span].joined(separator: "\n")
        }.joined(separator: format.isLinePerParagraph ? "\n" : "\n\n")
    }
}
