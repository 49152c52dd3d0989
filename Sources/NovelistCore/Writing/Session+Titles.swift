import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// The outline and the chapter files can disagree on a chapter's title (a heading renamed in outline.md):
/// said at open and in `/chapters`; `/chapter retitle` takes the outline's titles as one undoable change.
extension Session {
    /// Chapters whose file title differs from their outline heading: (number, file title, outline title).
    func titleMismatches() throws -> [(number: Int, file: ChapterFile, outline: String)] {
        guard let story = openStory?.workspace else { return [] }
        let outline = Dictionary(try story.outline().map { ($0.number, $0.title) }, uniquingKeysWith: { a, _ in a })
        return try story.chapters().compactMap { f in
            guard let o = outline[f.number], !o.isEmpty, !f.title.isEmpty, o != f.title else { return nil }
            return (f.number, f, o)
        }
    }

    /// One line per disagreement, and how to settle it: from the chapters' digests, no chapter read again.
    func reportTitleMismatches(_ chapters: [ChapterDigest], outline entries: [OutlineEntry]) {
        let outline = Dictionary(entries.map { ($0.number, $0.title) }, uniquingKeysWith: { a, _ in a })
        let mismatches = chapters.filter { c in outline[c.number].map { !$0.isEmpty && !c.title.isEmpty && $0 != c.title } ?? false }
        guard !mismatches.isEmpty else { return }
        for m in mismatches.prefix(10) {
            console.info(
                L("Chapter %d is titled \"%@\" in outline.md but \"%@\" in %@.", m.number, outline[m.number] ?? "", m.title, m.path))
        }
        if mismatches.count > 10 { console.info(L("… and %d more chapters.", mismatches.count - 10)) }
        console.info(L("/chapter retitle takes the outline's titles (one change, /undo reverses it)."))
    }

    /// `/chapter retitle`: every chapter file takes its outline title (front matter and file name), as one change.
    func retitleFromOutline(in open: OpenStory) throws {
        let store = open.store
        let mismatches = try titleMismatches()
        guard !mismatches.isEmpty else {
            console.info(L("The chapter files and the outline agree on every title."))
            return
        }
        var edits: [FileEdit] = []
        for m in mismatches {
            var doc = m.file.document
            doc["title"] = m.outline
            let newPath = StoryWorkspace.chapterPath(number: m.number, title: m.outline)
            if newPath != m.file.path, !edits.contains(where: { $0.path == newPath }) {
                edits.append(FileEdit(m.file.path, nil))
                edits.append(FileEdit(newPath, doc.render()))
            } else {
                edits.append(FileEdit(m.file.path, doc.render()))
            }
        }
        let message = Phrase("take the outline's titles for chapters %@", mismatches.map { String($0.number) }.joined(separator: ", "))
        try store.apply(message, edits)
        console.info(L("Done: %@. /undo reverses it.", message.text))
    }
}
