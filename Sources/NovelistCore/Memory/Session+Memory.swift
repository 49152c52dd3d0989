import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// Long-novel memory: the appearance index, `/where`, and what a chapter's request carries because of who is in it.
extension Session {
    /// The appearance index, brought up to date (only changed chapters are scanned) and saved by the writer.
    func appearanceIndex(_ story: StoryWorkspace, entries: [BibleEntry], chapters: [ChapterFile]) -> AppearanceIndex {
        // The store knows every chapter's content hash already (it watches for outside edits): no file is hashed twice.
        AppearanceIndex.load(story, entries: entries, chapters: chapters, save: openStory?.store.readOnly == false) {
            [store = openStory?.store] c in
            store?.knownHash(c.path) ?? AppearanceIndex.hash(c)
        }
    }

    /// For a request about chapter `n`: the entries named in its outline entry, the guidance or the previous
    /// summary, each as of chapter `n` (its latest progression starting at or before `n`); then, most needed
    /// first, the summary of the chapter where each was last seen before `n`, the previous chapter's, and the
    /// appearance before the last. Nothing from chapter `n` or later.
    func memory(for n: Int, texts: [String], entries: [BibleEntry], chapters: [ChapterFile], story: StoryWorkspace)
        throws -> (bible: [BibleEntry], progressionFrom: [String: Int], recalls: [Recall])
    {
        let named = ContextBuilder.namedEntries(entries, in: texts)
        var progressionFrom: [String: Int] = [:]
        let bible = named.map { e -> BibleEntry in
            let (now, from) = e.asOf(chapter: n)
            if let from { progressionFrom[e.name] = from }
            return now
        }
        let index = appearanceIndex(story, entries: entries, chapters: chapters)
        let byNumber = Dictionary(chapters.filter { $0.number < n }.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        func recall(_ chapter: Int, _ why: String) -> Recall? {
            guard let c = byNumber[chapter], let s = c.document["summary"], !s.trimmingWhitespace().isEmpty else { return nil }
            return Recall(why: why, chapter: chapter, title: c.title, summary: s)
        }
        var recalls: [Recall] = []
        var earlier: [Recall] = []
        for e in named {
            let seen = index.appearances(of: e.name).filter { $0 < n }
            if let last = seen.first, let r = recall(last, L("%@ — last seen in chapter %d", e.name, last)) { recalls.append(r) }
            if seen.count > 1, let r = recall(seen[1], L("%@ — seen before that in chapter %d", e.name, seen[1])) { earlier.append(r) }
        }
        if let previous = byNumber.keys.max(), let r = recall(previous, L("previous chapter (%d)", previous)) { recalls.append(r) }
        return (bible, progressionFrom, recalls + (try threadRecalls(for: n, cast: named, story: story)) + earlier)
    }

    /// `/where <name>`: the chapters an entry appears in, last first, with their summaries.
    func whereCommand(_ args: String, in open: OpenStory) throws {
        let story = open.workspace
        let name = args.trimmingWhitespace()
        guard !name.isEmpty else { throw WhereCommand.usageError }
        let entries = try BibleEntry.load(story)
        guard let entry = BibleEntry.find(name, in: entries) else {
            throw NovelistError.bibleEntryNotFound(name, available: entries.map(\.name))
        }
        let chapters = try story.chapters()
        let seen = appearanceIndex(story, entries: entries, chapters: chapters).appearances(of: entry.name)
        guard !seen.isEmpty else {
            console.info(L("%@ appears in no chapter yet.", entry.name))
            return
        }
        console.output(
            seen.count == 1
                ? L("%@ appears in 1 chapter:", entry.name) : L("%@ appears in %d chapters, last first:", entry.name, seen.count))
        let byNumber = Dictionary(chapters.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        let language = openStory?.meta.language ?? .en
        for n in seen {
            let c = byNumber[n]
            let summary = TerminalText.clean(c?.document["summary"]?.trimmingWhitespace() ?? "")
            console.output(
                String(format: "%4d  ", n) + language.chapterHeading(n, title: c?.title ?? "")
                    + (summary.isEmpty ? "  " + L("(no summary)") : "\n      " + summary))
        }
    }
}
