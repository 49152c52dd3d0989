/// What can be counted of a writer's prose (issue 17, `/style learn`): sentence and paragraph length, the share
/// of dialogue, and a guess at point of view and tense.
package struct StyleMeasure: Equatable, Sendable {
    package var paragraphs = 0
    package var sentences = 0
    /// Mean lengths, in 字 or words.
    package var sentenceLength = 0
    package var paragraphLength = 0
    /// Percent of the text inside quotation marks.
    package var dialogueShare = 0
    /// "first", "third" or "" (not to be told).
    package var pointOfView = ""
    /// "past", "present" or "" (English only).
    package var tense = ""

    package static func measure(_ paragraphs: [String], chinese: Bool) -> StyleMeasure {
        var m = StyleMeasure()
        var total = 0
        var dialogue = 0
        var sentenceCount = 0
        var first = 0
        var third = 0
        var past = 0
        var present = 0
        for p in paragraphs {
            let length = TextLength.count(p).total
            guard length > 0 else { continue }
            m.paragraphs += 1
            total += length
            var inQuote = false
            var quoted = ""
            var narration = ""
            var sentence = ""
            for ch in p {
                if "“「『\"".contains(ch) && !(ch == "\"" && inQuote) {
                    inQuote = true
                    continue
                }
                if "”」』\"".contains(ch) {
                    inQuote = false
                    continue
                }
                if inQuote { quoted.append(ch) } else { narration.append(ch) }
                sentence.append(ch)
                if "。！？.!?".contains(ch) {
                    if TextLength.count(sentence).total > 0 { sentenceCount += 1 }
                    sentence = ""
                }
            }
            if TextLength.count(sentence).total > 0 { sentenceCount += 1 }
            dialogue += TextLength.count(quoted).total
            if chinese {
                first += narration.filter { $0 == "我" }.count
                third += narration.filter { $0 == "他" || $0 == "她" }.count
            } else {
                let words = narration.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" })
                first += words.filter { ["i", "me", "my", "we", "our"].contains($0) }.count
                third += words.filter { ["he", "she", "his", "her", "they"].contains($0) }.count
                past += words.filter { ["was", "were", "had", "said", "did"].contains($0) }.count
                present += words.filter { ["is", "are", "has", "says", "does"].contains($0) }.count
            }
        }
        guard m.paragraphs > 0 else { return m }
        m.sentences = sentenceCount
        m.sentenceLength = total / max(1, sentenceCount)
        m.paragraphLength = total / m.paragraphs
        m.dialogueShare = dialogue * 100 / max(1, total)
        if first + third >= 3 { m.pointOfView = first > third ? "first" : "third" }
        if !chinese, past + present >= 3 { m.tense = past >= present ? "past" : "present" }
        return m
    }

    /// Up to `count` paragraphs of typical length (closest to the median), in their order.
    package static func samples(_ paragraphs: [String], count: Int = 3) -> [String] {
        let lengths = paragraphs.map { TextLength.count($0).total }
        let sorted = lengths.filter { $0 > 0 }.sorted()
        guard !sorted.isEmpty else { return [] }
        let median = sorted[sorted.count / 2]
        let chosen = paragraphs.indices.filter { lengths[$0] > 0 }.sorted { abs(lengths[$0] - median) < abs(lengths[$1] - median) }.prefix(
            count)
        return chosen.sorted().map { paragraphs[$0] }
    }
}
