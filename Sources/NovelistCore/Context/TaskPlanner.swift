import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// The story data a task on one chapter draws on, as read by the caller (the session, `novelist-bench`).
package struct ChapterTask: Sendable {
    package var meta: StoryMeta
    /// The rendered system template and the task's rendered instruction.
    package var system: String
    package var instruction: String
    package var chapter: Int
    /// The writer's words (guidance, a passage), searched for bible names besides the outline entry.
    package var mentions: [String] = []
    /// The chapter whose end is sent before the instruction (the one before, or the chapter itself to continue it).
    package var endingOf: Int?
    /// The prose of chapter `endingOf` (nil: it has no file).
    package var ending: String?
    package var contextTokens: Int
    package var reservedOutput: Int
    package var estimator: TokenEstimator
    package var labels: ContextLabels
    /// Every chapter's digest (earlier chapters give their titles and summaries).
    package var chapters: [ChapterDigest]
    package var outline: [OutlineEntry]
    package var outlineText: String
    package var entries: [BibleEntry]
    /// Where each bible entry appears (`AppearanceIndex.load`).
    package var appearances: AppearanceIndex
    /// The threads of threads.md and the `thread-heading` template (text, where it came from).
    package var threads: [StoryThread] = []
    package var threadHeading: (text: String, source: String) = ("", "")

    package init(
        meta: StoryMeta, system: String, instruction: String, chapter: Int, contextTokens: Int, reservedOutput: Int,
        estimator: TokenEstimator, labels: ContextLabels, chapters: [ChapterDigest], outline: [OutlineEntry], outlineText: String,
        entries: [BibleEntry], appearances: AppearanceIndex
    ) {
        self.meta = meta
        self.system = system
        self.instruction = instruction
        self.chapter = chapter
        self.contextTokens = contextTokens
        self.reservedOutput = reservedOutput
        self.estimator = estimator
        self.labels = labels
        self.chapters = chapters
        self.outline = outline
        self.outlineText = outlineText
        self.entries = entries
        self.appearances = appearances
    }
}

/// Plans requests from story data, value in, value out: no files, no settings, no model. The session reads the
/// story and calls it; `novelist-bench` calls it to time what /expand assembles.
package enum TaskPlanner {
    /// The variables every template gets.
    package static func storyVariables(_ meta: StoryMeta, outlineText: String) -> [String: String] {
        [
            "title": meta.title, "author": meta.author, "language": meta.language.rawValue, "genre": meta.genre,
            "logline": meta.logline, "style": meta.style, "outline": outlineText
        ]
    }

    /// The variables of the chapter templates.
    package static func chapterVariables(
        _ n: Int, entry: OutlineEntry?, title: String, meta: StoryMeta, outline: [OutlineEntry], outlineText: String,
        chapters: [ChapterDigest]
    ) -> [String: String] {
        var vars = storyVariables(meta, outlineText: outlineText)
        vars["chapter_number"] = String(n)
        vars["chapter_label"] = meta.language.chapterLabel(n)
        vars["chapter_title"] = title
        vars["chapter_beats"] = entry?.beats ?? ""
        vars["previous_title"] = outline.last { $0.number < n }?.title ?? ""
        vars["next_title"] = outline.first { $0.number > n }?.title ?? ""
        vars["previous_summary"] = chapters.last { $0.number < n }?.summary ?? ""
        vars["length_unit"] = meta.language.lengthUnit
        return vars
    }

    /// The context for a task on a chapter: bible entries named in its outline entry, the previous chapter's
    /// summary or the writer's words; the outline; earlier summaries; the end of chapter `endingOf`.
    package static func chapterRequest(_ t: ChapterTask) throws(NovelistError) -> ContextRequest {
        let n = t.chapter
        var r = ContextRequest(
            language: t.meta.language, system: t.system, instruction: t.instruction, contextTokens: t.contextTokens,
            reservedOutput: t.reservedOutput, estimator: t.estimator)
        r.labels = t.labels
        let previous = t.chapters.last { $0.number < n }
        let entry = t.outline.first { $0.number == n }
        let memory = try memory(
            for: n, texts: [entry?.title ?? "", entry?.beats ?? "", previous?.summary ?? ""] + t.mentions, task: t)
        r.bible = memory.bible
        r.progressionFrom = memory.progressionFrom
        r.recalls = memory.recalls
        r.outlineText = t.outlineText
        r.outline = t.outline
        r.chapter = n
        r.summaries = t.chapters.filter { $0.number < n && !$0.summary.isEmpty }.map { c in (c.number, c.title, c.summary) }
        if let endingOf = t.endingOf, let prose = t.ending?.trimmingWhitespace(), !prose.isEmpty {
            r.previousEnding = (t.meta.language.chapterLabel(endingOf), String(prose.suffix(1500)))
        }
        return r
    }

    /// For a request about chapter `n`: the entries named in `texts`, each as of chapter `n` (its latest
    /// progression starting at or before `n`); then, most needed first, the summary of the chapter where each was
    /// last seen before `n`, the previous chapter's, the open threads, and the appearance before the last.
    /// Nothing from chapter `n` or later.
    static func memory(for n: Int, texts: [String], task t: ChapterTask) throws(NovelistError)
        -> (bible: [BibleEntry], progressionFrom: [String: Int], recalls: [Recall])
    {
        let named = ContextBuilder.namedEntries(t.entries, in: texts)
        var progressionFrom: [String: Int] = [:]
        let bible = named.map { e -> BibleEntry in
            let (now, from) = e.asOf(chapter: n)
            if let from { progressionFrom[e.name] = from }
            return now
        }
        let byNumber = Dictionary(t.chapters.filter { $0.number < n }.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        func recall(_ chapter: Int, _ why: String) -> Recall? {
            guard let c = byNumber[chapter], !c.summary.trimmingWhitespace().isEmpty else { return nil }
            return Recall(why: why, chapter: chapter, title: c.title, summary: c.summary)
        }
        var recalls: [Recall] = []
        var earlier: [Recall] = []
        let appearances = t.appearances.appearances(of: named.map(\.name))
        for e in named {
            let seen = (appearances[e.name] ?? []).filter { $0 < n }
            if let last = seen.first, let r = recall(last, L("%@ — last seen in chapter %d", e.name, last)) { recalls.append(r) }
            if seen.count > 1, let r = recall(seen[1], L("%@ — seen before that in chapter %d", e.name, seen[1])) { earlier.append(r) }
        }
        if let previous = byNumber.keys.max(), let r = recall(previous, L("previous chapter (%d)", previous)) { recalls.append(r) }
        return (bible, progressionFrom, recalls + (try threadRecalls(for: n, cast: named, task: t)) + earlier)
    }

    /// The open threads a request for chapter `n` carries: planted before `n`, and involving its cast or due
    /// within five chapters (or overdue). A thread planted in chapter `n` or later is never sent.
    static func threadRecalls(for n: Int, cast: [BibleEntry], task t: ChapterTask) throws(NovelistError) -> [Recall] {
        let names = Set(cast.flatMap { [$0.name] + $0.aliases })
        var out: [Recall] = []
        for th in t.threads
        where !th.resolved && (th.planted ?? 0) < n && (th.who.contains(where: names.contains) || (th.due.map { $0 <= n + 5 } ?? false)) {
            let heading = try PromptLibrary.render(
                t.threadHeading.text, source: t.threadHeading.source,
                variables: ["title": th.title, "planted": th.planted.map(String.init) ?? ""])
            out.append(
                Recall(
                    why: L("thread: %@", th.title), chapter: th.planted ?? 0, title: th.title,
                    summary: ([
                        th.due.map { L("due by chapter %d", $0) }, th.who.isEmpty ? nil : th.who.joined(separator: ", "),
                        th.text.isEmpty ? nil : th.text
                    ].compactMap { $0 }).joined(separator: " · "),
                    heading: heading))
        }
        return out
    }
}
