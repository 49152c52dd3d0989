import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// Estimates tokens: a CJK character is about one token, other text about four characters a token,
/// times a per-model factor learned from the `prompt_tokens` servers report.
package struct TokenEstimator: Sendable, Equatable {
    package var factor: Double
    package init(factor: Double = 1.0) { self.factor = factor }

    package func tokens(_ text: String) -> Int {
        Int((Double(TokenEstimate.tokens(in: text)) * factor).rounded(.up))
    }

    /// Each message costs a few tokens of framing besides its text.
    package static let perMessage = 4
}

/// Per-model calibration factors, kept across runs (in the data folder).
package struct Calibration: Codable, Equatable, Sendable {
    package var factors: [String: Double] = [:]
    package init() {}

    package func factor(for model: String) -> Double { min(2, max(0.5, factors[model] ?? 1.0)) }

    /// Moves the factor toward what the server counted (`observed`) for a request estimated raw at `rawEstimate`.
    /// A ratio outside 0.5–2 is no tokenizer's: a fixed or broken usage count. It is ignored (false), so that no
    /// server's report can push a request past the window.
    @discardableResult
    package mutating func learn(model: String, rawEstimate: Int, observed: Int) -> Bool {
        guard rawEstimate > 50, observed > 0 else { return true }
        let ratio = Double(observed) / Double(rawEstimate)
        guard ratio >= 0.5, ratio <= 2 else { return false }
        let old = factors[model] ?? ratio
        factors[model] = min(2, max(0.5, (old * 0.6 + ratio * 0.4 * 1.0).roundedTo(3)))
        return true
    }
}

extension Double {
    func roundedTo(_ places: Int) -> Double {
        let p = pow(10.0, Double(places))
        return (self * p).rounded() / p
    }
}

/// One part of what is sent, as `/context` shows it.
package struct ContextSection: Equatable, Sendable {
    package enum Kind: String, Sendable {
        case system, bible, outline, summaries, conversation
        case previousEnding = "previous ending"
        case instruction
    }
    package var kind: Kind
    /// A label for the writer: "bible: 林晚", "outline (chapters 280–300)".
    package var label: String
    package var text: String
    package var tokens: Int
}

/// What will be sent for a task, within the budget, and what was left out.
package struct ContextPlan: Equatable, Sendable {
    package var sections: [ContextSection]
    /// What was left out or shortened, said plainly.
    package var dropped: [String]
    /// Tokens available for the prompt: the context window minus the reserved output.
    package var budget: Int
    package var reservedOutput: Int
    package var messages: [ChatMessage]
    /// The estimate before calibration (to learn from the server's count).
    package var rawTokens: Int
    /// How many of the oldest conversation messages did not fit.
    package var droppedTurns: Int = 0

    /// The estimated prompt size: the assembled messages as sent, with their framing.
    package var total: Int

}

/// The material for one request; `ContextBuilder.build` picks what fits.
package struct ContextRequest: Sendable {
    package var language: StoryLanguage
    /// The rendered system template (role and story card).
    package var system: String
    /// Bible entries to include in full, most relevant first.
    package var bible: [BibleEntry] = []
    /// A one-line-per-entry index of the whole bible (for brainstorming), used when entries are not sent in full.
    package var bibleIndex: String = ""
    package var outlineText: String = ""
    package var outline: [OutlineEntry] = []
    /// The chapter the task is about (the outline window centres on it).
    package var chapter: Int?
    /// Summaries of earlier chapters: (number, title, summary), any order.
    package var summaries: [(Int, String, String)] = []
    /// Summaries sent for who is in the chapter (last appearances, the chapter before), before the outline.
    package var recalls: [Recall] = []
    /// The chapter from which each bible entry's progression is sent, by entry name (for `/context`).
    package var progressionFrom: [String: Int] = [:]
    /// The end of the chapter before (or of the chapter itself, to continue it), with its label.
    package var previousEnding: (label: String, text: String)?
    /// Earlier conversation, oldest first (brainstorming).
    package var conversation: [ChatMessage] = []
    /// A summary of conversation turns older than `conversation` (made by the model when they stopped fitting).
    package var conversationSummary: String = ""
    /// The task's rendered instruction (the last user message).
    package var instruction: String
    package var contextTokens: Int
    package var reservedOutput: Int
    package var estimator: TokenEstimator
    /// The headings of the parts, from the `context-labels` template (the compiled-in ones of `language` unless set).
    package var labels: ContextLabels

    package init(
        language: StoryLanguage, system: String, instruction: String, contextTokens: Int, reservedOutput: Int, estimator: TokenEstimator
    ) {
        self.language = language
        self.system = system
        self.instruction = instruction
        self.contextTokens = contextTokens
        self.reservedOutput = reservedOutput
        self.estimator = estimator
        self.labels = .builtin(language)
    }
}

/// Assembles a request in a fixed order — system and story card, bible, outline, summaries, conversation,
/// the end of the previous chapter, the instruction — stable parts first so providers' prompt caches hit.
/// What does not fit is left out by priority (the previous ending first kept, then bible entries, then the
/// outline, then summaries nearest first), never silently: every cut is listed.
package enum ContextBuilder {
    package static func build(_ r: ContextRequest) throws(NovelistError) -> ContextPlan {
        let labels = r.labels
        let est = r.estimator
        let budget = r.contextTokens - r.reservedOutput
        guard budget > 0 else {
            throw .contextTooSmall(needed: r.reservedOutput, window: r.contextTokens)
        }
        var dropped: [String] = []
        var used = 0
        // Each section is joined to the others with a blank line; estimating parts apart can undercount the
        // whole by the rounding of the factor, so every section pays that much on top.
        let joinCost = Int(est.factor.rounded(.up)) + 1
        func cost(_ s: String) -> Int { est.tokens(s) + joinCost }

        // Mandatory: the system prompt and the instruction, with two or more messages of framing.
        let systemTokens = cost(r.system)
        let instructionTokens = cost(r.instruction)
        used = systemTokens + instructionTokens + 2 * TokenEstimator.perMessage
        guard used <= budget else {
            throw .contextTooSmall(needed: used + r.reservedOutput, window: r.contextTokens)
        }
        var remaining: Int { budget - used }

        // 1. The end of the previous chapter: kept whole when it fits in half of what is left, else shortened.
        var ending: ContextSection?
        if let prev = r.previousEnding, !prev.text.isEmpty {
            let header = labels.text("previous-ending", ["label": prev.label]) + "\n<previous_ending>\n"
            let footer = "\n</previous_ending>"
            var text = prev.text
            let limit = remaining / 2
            if cost(header + text + footer) > limit {
                // Keep the end, cut whole characters from the start.
                var lo = 0
                var hi = text.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if cost(header + String(text.suffix(mid)) + footer) <= limit { lo = mid + 1 } else { hi = mid }
                }
                let keep = max(0, lo - 1)
                dropped.append(L("the end of %@ shortened to its last %d characters (of %d)", prev.label, keep, text.count))
                text = String(text.suffix(keep))
            }
            if !text.isEmpty {
                let full = header + text + footer
                ending = ContextSection(kind: .previousEnding, label: L("end of %@", prev.label), text: full, tokens: cost(full))
                used += ending!.tokens
            }
        }

        // The conversation, newest turns first. In brainstorming (no chapter) it is chosen before the outline.
        var turns: [ChatMessage] = []
        var droppedTurns = 0
        var summarySectionOfConversation: ContextSection?
        func selectConversation() {
            if !r.conversationSummary.isEmpty {
                let text = labels.text("conversation-summary") + "\n" + r.conversationSummary
                if cost(text) <= remaining {
                    summarySectionOfConversation = ContextSection(
                        kind: .conversation, label: "summary of earlier conversation", text: text, tokens: cost(text))
                    used += summarySectionOfConversation!.tokens
                } else {
                    dropped.append(L("the summary of the earlier conversation"))
                }
            }
            for message in r.conversation.reversed() {
                let t = cost(message.content) + TokenEstimator.perMessage
                if droppedTurns == 0 && t <= remaining {
                    turns.insert(message, at: 0)
                    used += t
                } else {
                    droppedTurns += 1
                }
            }
            if droppedTurns > 0 {
                dropped.append(L("%d older conversation messages", droppedTurns))
            }
        }
        let conversationFirst = r.chapter == nil
        if conversationFirst { selectConversation() }

        // 2. Bible entries, in order of relevance.
        var bibleSections: [ContextSection] = []
        let bibleHeading = labels.text("bible")
        for entry in r.bible {
            let text =
                "## \(entry.name)\(entry.kind.isEmpty ? "" : labels.text("bible-kind", ["kind": entry.kind]))"
                + (entry.aliases.isEmpty
                    ? "" : labels.text("bible-aliases", ["aliases": entry.aliases.joined(separator: labels.text("alias-separator"))]))
                + "\n\(entry.body.trimmingWhitespace())"
            let t = cost(text) + (bibleSections.isEmpty ? cost(bibleHeading) : 0)
            if t <= remaining {
                let label =
                    r.progressionFrom[entry.name].map { L("bible: %@ (as of chapter %d)", entry.name, $0) } ?? L("bible: %@", entry.name)
                bibleSections.append(ContextSection(kind: .bible, label: label, text: text, tokens: t))
                used += t
            } else {
                dropped.append(L("bible entry %@ (about %d tokens)", entry.name, t))
            }
        }
        var bibleIndexSection: ContextSection?
        if bibleSections.isEmpty && !r.bibleIndex.isEmpty {
            let text = labels.text("bible-index") + "\n" + r.bibleIndex
            if cost(text) <= remaining {
                bibleIndexSection = ContextSection(kind: .bible, label: L("bible index"), text: text, tokens: cost(text))
                used += bibleIndexSection!.tokens
            } else {
                dropped.append(L("the bible index"))
            }
        }

        // Where the cast was last seen, and the chapter before: at most half of what is left, before the outline.
        let recall = selectRecalls(r, limit: remaining / 2, cost: cost)
        used += recall.used
        dropped += recall.dropped

        // 3. The outline: whole, else a window around the chapter, else titles only.
        var outlineSection: ContextSection?
        if !r.outlineText.trimmingWhitespace().isEmpty {
            let wrap = { (s: String) in labels.text("outline") + "\n<outline>\n" + s + "\n</outline>" }
            let whole = wrap(r.outlineText.trimmingWhitespace())
            if cost(whole) <= remaining {
                outlineSection = ContextSection(kind: .outline, label: L("outline"), text: whole, tokens: cost(whole))
            } else if !r.outline.isEmpty {
                let center = r.chapter ?? r.outline.last!.number
                let sorted = r.outline.sorted { $0.number < $1.number }
                let idx = sorted.firstIndex { $0.number >= center } ?? (sorted.count - 1)
                func entryText(_ e: OutlineEntry) -> String {
                    "## " + r.language.chapterHeading(e.number, title: e.title) + (e.beats.isEmpty ? "" : "\n" + e.beats)
                }
                var k = min(sorted.count, 20)
                while k >= 0 {
                    let lo = max(0, idx - k)
                    let hi = min(sorted.count - 1, idx + k)
                    let text = wrap(sorted[lo...hi].map(entryText).joined(separator: "\n\n"))
                    if cost(text) <= remaining {
                        outlineSection = ContextSection(
                            kind: .outline, label: L("outline (chapters %d–%d)", sorted[lo].number, sorted[hi].number), text: text,
                            tokens: cost(text))
                        if lo > 0 || hi < sorted.count - 1 {
                            dropped.append(
                                L(
                                    "outline: only chapters %d–%d sent (all %d do not fit)", sorted[lo].number, sorted[hi].number,
                                    sorted.count))
                        }
                        break
                    }
                    k = k > 4 ? k / 2 : k - 1
                }
                if outlineSection == nil {
                    let titles = wrap(sorted.map { r.language.chapterHeading($0.number, title: $0.title) }.joined(separator: "\n"))
                    if cost(titles) <= remaining {
                        outlineSection = ContextSection(
                            kind: .outline, label: L("outline (titles only)"), text: titles, tokens: cost(titles))
                        dropped.append(L("outline: titles only"))
                    } else {
                        dropped.append(L("the outline (does not fit)"))
                    }
                }
            } else {
                dropped.append(L("the outline (does not fit)"))
            }
            if let o = outlineSection { used += o.tokens }
        }

        // 4. Summaries of earlier chapters, nearest first; sent in chapter order.
        var kept: [(Int, String)] = []
        var droppedSummaries: [Int] = []
        let header = labels.text("summaries") + "\n<summaries>\n"
        let footer = "\n</summaries>"
        let framing = cost(header + footer)
        var summaryTokens = 0
        let recalled = recall.sent
        for (n, title, summary) in r.summaries.sorted(by: { $0.0 > $1.0 })
        where !summary.trimmingWhitespace().isEmpty && !recalled.contains(n) && n < (r.chapter ?? Int.max) {
            let line = r.language.chapterHeading(n, title: title) + labels.text("summary-separator") + summary.trimmingWhitespace()
            let t = cost(line) + 1
            if t + (kept.isEmpty ? framing : 0) <= remaining - summaryTokens {
                kept.append((n, line))
                summaryTokens += t + (kept.count == 1 ? framing : 0)
            } else {
                droppedSummaries.append(n)
            }
        }
        var summarySection: ContextSection?
        if !kept.isEmpty {
            let text = header + kept.sorted { $0.0 < $1.0 }.map(\.1).joined(separator: "\n") + footer
            summarySection = ContextSection(
                kind: .summaries, label: kept.count == 1 ? L("summaries (1 chapter)") : L("summaries (%d chapters)", kept.count),
                text: text, tokens: cost(text))
            used += summarySection!.tokens
        }
        if !droppedSummaries.isEmpty {
            dropped.append(L("summaries of chapters %@", NovelistError.ranges(droppedSummaries)))
        }

        if !conversationFirst { selectConversation() }

        // Assemble in the fixed order.
        var systemText = r.system
        var sections = [ContextSection(kind: .system, label: L("system and story card"), text: r.system, tokens: systemTokens)]
        let added =
            bibleSections + [bibleIndexSection].compactMap({ $0 }) + recall.sections
            + [outlineSection, summarySection, summarySectionOfConversation].compactMap({ $0 })
        for (i, s) in added.enumerated() {
            // One heading over all bible entries, before the first.
            systemText += "\n\n" + (i == 0 && !bibleSections.isEmpty ? bibleHeading + "\n" : "") + s.text
            sections.append(s)
        }
        if !bibleSections.isEmpty { sections[1].text = bibleHeading + "\n" + sections[1].text }
        var messages = [ChatMessage.system(systemText)]
        if !turns.isEmpty {
            let t = turns.reduce(0) { $0 + cost($1.content) + TokenEstimator.perMessage }
            sections.append(
                ContextSection(
                    kind: .conversation, label: L("conversation (%d messages)", turns.count),
                    text: turns.map { "\($0.role): \($0.content)" }.joined(separator: "\n\n"), tokens: t))
            messages += turns
        }
        var userText = r.instruction
        if let ending {
            sections.append(ending)
            userText = ending.text + "\n\n" + r.instruction
        }
        sections.append(ContextSection(kind: .instruction, label: L("instruction"), text: r.instruction, tokens: instructionTokens))
        messages.append(.user(userText))
        let raw = messages.reduce(0) { $0 + TokenEstimate.tokens(in: $1.content) + TokenEstimator.perMessage }
        let total = messages.reduce(0) { $0 + est.tokens($1.content) + TokenEstimator.perMessage }
        var plan = ContextPlan(
            sections: sections, dropped: dropped, budget: budget, reservedOutput: r.reservedOutput, messages: messages, rawTokens: raw,
            total: total)
        plan.droppedTurns = droppedTurns
        return plan
    }

    /// Bible entries named (by name or alias, two characters or more) in any of the texts, in order of first mention.
    package static func namedEntries(_ entries: [BibleEntry], in texts: [String]) -> [BibleEntry] {
        let haystack = texts.joined(separator: "\n")
        var found: [(Int, BibleEntry)] = []
        for e in entries {
            let names = ([e.name] + e.aliases).filter { $0.count >= 2 }
            let positions = names.compactMap { haystack.byteOffset(of: $0) }
            if let first = positions.min() { found.append((first, e)) }
        }
        return found.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
