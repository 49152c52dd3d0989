import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// `/summarize chapter N` keeps the story's memory up to date (issue 15): the summary, the progressions of
/// the bible entries whose state changed in the chapter, and the threads planted or resolved in it — proposed
/// as one change, each file's diff reviewed, written all together (one `/undo` takes all of it back).
extension Session {
    /// The template variables that let the model propose memory: the cast of chapter `n` as of `n`, and the
    /// open threads planted before it.
    func memoryVariables(_ n: Int, prose: String, story: StoryWorkspace) -> [String: String] {
        let entries = (try? BibleEntry.load(story)) ?? []
        let matcher = NameMatcher(entries)
        let cast = matcher.entries(in: prose).sorted().map { entries[$0] }
        let castText = cast.map { e -> String in
            let now = e.asOf(chapter: n).entry
            let about = MemoryUpdate.oneLine(now.body)
            let short = about.count > 160 ? String(about.prefix(160)) + "…" : about
            let names = ([e.name] + e.aliases).joined(separator: " / ")
            return "- \(names)" + (short.isEmpty ? "" : ": \(short)")
        }.joined(separator: "\n")
        let open = ((try? threads(story).threads) ?? []).filter { !$0.resolved && ($0.planted ?? 0) < n }
        let threadText = open.map { t in "- \(t.title)" + (t.due.map { " (due \($0))" } ?? "") }.joined(separator: "\n")
        return ["cast": castText, "open_threads": threadText]
    }

    /// The reply of `/summarize chapter N`: only a summary goes through the one-file review as before; with
    /// progressions or threads, every file is reviewed and what was taken is written as one change.
    func proposeMemoryUpdate(_ reply: String, chapter n: Int, file: ChapterFile, base: String?, in open: OpenStory) throws -> Outcome {
        let (story, store, meta) = (open.workspace, open.store, open.meta)
        let update = MemoryUpdate.parse(reply)
        guard !update.summary.isEmpty else { return .failed }
        if !update.touchesMoreThanTheChapter {
            var document = file.document
            document["summary"] = update.summary
            return try propose(
                file.path, base: base, proposed: document.render(), message: Phrase("summarize chapter %d", n),
                note: L("the summary front matter"), newFileNote: "", in: open)
        }
        let entries = try BibleEntry.load(story)
        var bibleFiles: [String: String] = [:]
        for e in entries { bibleFiles[e.path] = try fs.read(story.path(e.path)) }
        let threadsText = try fs.read(story.path(StoryThread.file)) ?? ""
        let (planned, skipped) = update.plan(
            chapter: n, chapterPath: file.path, document: file.document, entries: entries, bibleFiles: bibleFiles,
            threadsText: threadsText, language: meta.language)
        for s in skipped {
            switch s {
            case .noSuchEntry(let name): console.info(L("Left out: the bible has no entry named %@.", TerminalText.clean(name)))
            case .threadExists(let title): console.info(L("Left out: threads.md already has the thread %@.", TerminalText.clean(title)))
            case .noSuchOpenThread(let title):
                console.info(L("Left out: threads.md has no open thread %@ to resolve.", TerminalText.clean(title)))
            }
        }
        console.info(
            L("The summary of chapter %d proposes changes to %d files; review each, then they are written as one change:", n, planned.count)
        )
        var taken: [FileEdit] = []
        var bases: [String: String?] = [:]
        for edit in planned {
            let disk = try fs.read(story.path(edit.path))
            let old = edit.path == file.path ? base : disk
            guard disk == old else {
                try noticeOutsideEdits()
                console.error(L("%@ changed on disk while the model was writing. Nothing was written; run the command again.", edit.path))
                return .failed
            }
            let note: String
            switch edit.what {
            case .summary: note = L("the summary front matter")
            case .progression(let name): note = L("%@ from chapter %d", TerminalText.clean(name), n)
            case .threads(let planted, let resolved):
                note = L("threads planted: %d, resolved: %d", planted.count, resolved.count)
            }
            guard let chosen = try review(edit.path, old: disk, new: edit.content, note: note) else { continue }
            taken.append(FileEdit(edit.path, chosen))
            bases[edit.path] = .some(disk)
        }
        guard !taken.isEmpty else {
            console.info(L("Nothing was written. The reply is kept in chat.jsonl."))
            return .ok
        }
        for e in taken where try fs.read(story.path(e.path)) != bases[e.path]! {
            try noticeOutsideEdits()
            console.error(L("%@ changed on disk during the review. Nothing was written; run the command again.", e.path))
            return .failed
        }
        try store.apply(Phrase("summarize chapter %d", n), taken, fromModel: true)
        console.info(L("Wrote %@ as one change (/undo reverses all of it).", taken.map(\.path).joined(separator: ", ")))
        return .ok
    }
}
