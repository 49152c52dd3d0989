import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// A summary sent because of who is in the chapter: where an entry was last seen, or the chapter before.
package struct Recall: Equatable, Sendable {
    /// Why it is there, for `/context`: "林晚 — last seen in chapter 61", "previous chapter (61)".
    package var why: String
    package var chapter: Int
    package var title: String
    package var summary: String
    /// A heading of its own (a thread); else "[Chapter N summary: title]".
    package var heading: String?

    package init(why: String, chapter: Int, title: String, summary: String, heading: String? = nil) {
        self.heading = heading
        self.why = why
        self.chapter = chapter
        self.title = title
        self.summary = summary
    }
}

extension ContextBuilder {
    /// The recalls that fit in `limit` tokens, in the order given (most needed first); what does not fit is said.
    /// Chosen before the outline, so that a long outline window can never crowd them out.
    static func selectRecalls(_ r: ContextRequest, limit: Int, cost: (String) -> Int) -> (
        sections: [ContextSection], used: Int, dropped: [String], sent: Set<Int>
    ) {
        var sections: [ContextSection] = []
        var used = 0
        var dropped: [String] = []
        var sent = Set<Int>()
        var sectionOf: [Int: Int] = [:]
        for recall in r.recalls where !recall.summary.trimmingWhitespace().isEmpty {
            // Nothing from the chapter itself or later is ever sent for it.
            if let n = r.chapter, recall.chapter >= n { continue }
            if recall.heading == nil, let i = sectionOf[recall.chapter] {
                sections[i].label += "; " + recall.why  // already sent for another entry: say why, at no cost
                continue
            }
            let heading =
                recall.heading.map { $0 + "\n" }
                ?? (r.labels.text("chapter-summary", ["chapter": String(recall.chapter), "title": recall.title]) + "\n")
            let text = heading + recall.summary.trimmingWhitespace()
            let t = cost(text)
            if used + t <= limit {
                sections.append(ContextSection(kind: .summaries, label: recall.why, text: text, tokens: t))
                used += t
                if recall.heading == nil {
                    sent.insert(recall.chapter)
                    sectionOf[recall.chapter] = sections.count - 1
                }
            } else {
                dropped.append(L("the summary of chapter %d (%@)", recall.chapter, recall.why))
            }
        }
        return (sections, used, dropped, sent)
    }
}
