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
            _ = try chapters()  // says what is wrong; a link out of the story is left out by both
        }
        return ManuscriptPlan.make(digests: digests.filter { !$0.broken }, outline: outline, selection: selection, statuses: statuses)
    }

    /// The prose of a batch of a plan's chapters, read and parsed on all cores and not kept (a plan made from
    /// text has its prose already).
    package func prose(of batch: ArraySlice<ManuscriptChapter>) throws(NovelistError) -> [String] {
        let fs = self.fs
        let root = self.root
        let slug = self.slug
        let results: [Result<String, NovelistError>] = Array(batch).parallelMap(minimum: 4) { chapter in
            if !chapter.prose.isEmpty || chapter.path.isEmpty { return .success(chapter.prose) }
            do throws(NovelistError) {
                let text = try fs.read(root + "/" + chapter.path) ?? ""
                return .success(try MarkdownDocument(parsing: text, name: "\(slug)/\(chapter.path)").body)
            } catch {
                return .failure(error)
            }
        }
        return try results.map { (r: Result<String, NovelistError>) throws(NovelistError) -> String in try r.get() }
    }
}
