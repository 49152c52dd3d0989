import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// Long-novel memory: the appearance index, `/where`, and what a chapter's request carries because of who is in it.
extension Session {
    /// The appearance index, brought up to date (only changed chapters are read and scanned) and saved by the writer.
    func appearanceIndex(_ story: StoryWorkspace, entries: [BibleEntry], chapters: [ChapterDigest]) -> AppearanceIndex {
        // The store knows every chapter's content hash already (it watches for outside edits): no file is hashed twice.
        AppearanceIndex.load(
            story, entries: entries, chapters: chapters, save: openStory?.store.readOnly == false,
            hash: { [store = openStory?.store] d in store?.knownHash(d.path) },
            read: { d in (try? story.chapter(d.number, at: d.path)) ?? nil })
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
        let chapters = try Self.chapterDigests(story)
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
            let summary = TerminalText.clean(c?.summary.trimmingWhitespace() ?? "")
            console.output(
                String(format: "%4d  ", n) + language.chapterHeading(n, title: c?.title ?? "")
                    + (summary.isEmpty ? "  " + L("(no summary)") : "\n      " + summary))
        }
    }

    /// The chapters' digests (a warm session reads no chapter that did not change); a chapter whose front matter
    /// does not parse gives its error, as reading every chapter would.
    static func chapterDigests(_ story: StoryWorkspace) throws -> [ChapterDigest] {
        let digests = story.chapterDigests()
        if digests.contains(where: \.broken) { _ = try story.chapters() }
        return digests
    }

    /// Chapter `n` as `StoryWorkspace.chapter(n)` finds it (its first file in path order), by the digests'
    /// paths: no listing of the chapters folder again. When the digests know no file of chapter `n` (none, or
    /// one that could not be read), `chapter(n)` itself looks, and gives a read's error.
    static func chapter(_ n: Int, in story: StoryWorkspace, digests: [ChapterDigest]) throws -> ChapterFile? {
        for d in digests where d.number == n {
            if let file = try story.chapter(n, at: d.path) { return file }
        }
        return try story.chapter(n)
    }
}
