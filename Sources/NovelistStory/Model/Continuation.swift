import Foundation
import NovelistText

/// Adding text to the end of a chapter: in the file's own layout (`ProseFormat`), and when the chapter
/// stops in the middle of a sentence, the addition goes on in the same paragraph — with nothing between
/// CJK text, one space between words.
package enum Continuation {
    /// The text stops inside a sentence: its last character closes nothing (no 。！？.!?…”」』 and the like).
    package static func endsMidSentence(_ text: String) -> Bool {
        guard let last = text.trimmingWhitespace().last else { return false }
        return !"。！？!?.…”」』\"'’)）》】*-_~～#>|`".contains(last)
    }

    /// `existing` (prose) with `more` added at its end.
    package static func append(_ more: String, to existing: String) -> String {
        let base = ProseFormat.trimmedBlankLines(existing)
        let added = Paragraphs.split(more).paragraphs.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !base.isEmpty else { return added.joined(separator: "\n\n") }
        guard !added.isEmpty else { return base }
        let format = ProseFormat.detect(base)
        let styled = added.map { format.indent.isEmpty ? ProseFormat.unindented($0) : format.styled($0) }
        guard endsMidSentence(base) else { return base + format.separator + styled.joined(separator: format.separator) }
        let head = ProseFormat.unindented(added[0])
        let joiner = (base.last?.isCJK == true || base.last.map { "，、；：—".contains($0) } == true || head.first?.isCJK == true) ? "" : " "
        let rest = styled.dropFirst()
        return base + joiner + head + (rest.isEmpty ? "" : format.separator + rest.joined(separator: format.separator))
    }
}
