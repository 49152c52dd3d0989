import NovelistLLM
import NovelistStory
import NovelistText

/// What is ambiguous in a story folder, said when the story opens: two files for one chapter number, and a
/// chapter number the outline gives twice. Commands that would act on such a chapter's files refuse.
extension Session {
    /// The chapter numbers that have more than one file, with the files (by name, cheap: no file is read).
    static func duplicateChapterFiles(_ names: [String]) -> [(number: Int, files: [String])] {
        var byNumber: [Int: [String]] = [:]
        for name in names { if let n = ChapterFile.number(fromFileName: name) { byNumber[n, default: []].append(name) } }
        return byNumber.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value.sorted()) }
    }

    /// - Parameter bible: the bible's names when they were just made (else they are asked for).
    func warnAboutDuplicates(_ ws: StoryWorkspace, outline: [OutlineEntry], bible: [BibleNames]? = nil) {
        for (n, files) in Self.duplicateChapterFiles(fs.list(ws.path(StoryWorkspace.chaptersDir))) {
            console.error(
                L(
                    "Chapter %d has %d files: %@. novelist shows the first; rename or merge the others (commands that change chapter %d refuse until then).",
                    n, files.count, files.joined(separator: ", "), n))
        }
        var count: [Int: Int] = [:]
        for e in outline { count[e.number, default: 0] += 1 }
        for (n, c) in count.sorted(by: { $0.key < $1.key }) where c > 1 {
            console.error(
                L("The outline has chapter %d %d times; only the first entry is used. Renumber or merge them in outline.md.", n, c))
        }
        // Two bible entries under one name or alias: the context could take either.
        for (name, paths) in BibleEntry.duplicates(bible ?? ws.bibleNames()) {
            console.error(
                L(
                    "The bible has %d entries named %@: %@. novelist uses the first; rename one or change its aliases.", paths.count, name,
                    paths.joined(separator: ", ")))
        }
    }

    /// Refuses to change a chapter that has more than one file: novelist acts on one file at a time.
    func requireSingleFile(_ n: Int, story: StoryWorkspace) throws {
        if let dup = Self.duplicateChapterFiles(fs.list(story.path(StoryWorkspace.chaptersDir))).first(where: { $0.number == n }) {
            throw NovelistError.badName(
                dup.files.joined(separator: ", "),
                reason: Phrase(
                    "chapter %d has %d files; rename or merge them first, since novelist changes one file at a time", n, dup.files.count))
        }
    }
}
