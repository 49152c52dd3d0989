import NovelistText

extension StoryWorkspace {
    /// The manuscript's plan from the chapters' digests: no chapter's text is held (`prose(of:)` reads them while
    /// the manuscript is written). A chapter whose front matter does not parse, or that cannot be read, gives the
    /// same error as `chapters()`.
    package func manuscriptPlan(outline: [OutlineEntry], selection: ChapterSelection?, statuses: [String]?) throws(NovelistError)
        -> ManuscriptPlan
    {
        let digests = chapterDigests()
        let files = fs.list(path(Self.chaptersDir)).filter { ChapterFile.number(fromFileName: $0) != nil }
        if digests.contains(where: \.broken) || digests.count != files.count {
            _ = try chapters()  // says what is wrong
        }
        // A chapter that is a link out of the story is left out, as `chapters()` leaves it out (its stamp follows
        // the link, so its digest may be an old one of the file it replaced).
        let inside = digests.filter { !$0.broken && !LinkGuard.leavesStory(path($0.path)) }
        return ManuscriptPlan.make(digests: inside, outline: outline, selection: selection, statuses: statuses)
    }

    /// The prose of a batch of a plan's chapters, read and parsed on all cores and not kept (a plan made from
    /// text has its prose already).
    package func prose(of batch: ArraySlice<ManuscriptChapter>) throws(NovelistError) -> [Substring] {
        let fs = self.fs
        let root = self.root
        let slug = self.slug
        let results: [Result<Substring, NovelistError>] = Array(batch).parallelMap(minimum: 4) { chapter in
            if !chapter.prose.isEmpty || chapter.path.isEmpty { return .success(chapter.prose[...]) }
            do throws(NovelistError) {
                // Gone since the plan was made: said, not exported as a heading without its text.
                guard let text = try fs.read(root + "/" + chapter.path) else {
                    throw .fileFailed(path: "\(slug)/\(chapter.path)", detail: L("the file is missing"))
                }
                // The body only: the front matter was parsed for the digest the plan was made from.
                return .success(try MarkdownDocument.body(of: text, name: "\(slug)/\(chapter.path)"))
            } catch {
                return .failure(error)
            }
        }
        return try results.map { (r: Result<Substring, NovelistError>) throws(NovelistError) -> Substring in try r.get() }
    }
}
