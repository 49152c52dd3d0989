import NovelistText

/// How a manuscript gets its chapters' prose while it is written: a batch of chapters at a time (read, rendered
/// on all cores, written, let go), so that an export of a 2-million-字 novel holds a few chapters, not the book
/// three times over (issue 19).
package enum ProseBatches {
    /// Chapters read and rendered together.
    package static let size = 32

    /// The prose the plan holds (a plan made from chapter files' text).
    package static func inPlan(_ batch: ArraySlice<ManuscriptChapter>) -> [Substring] { batch.map { $0.prose[...] } }

    /// Renders every chapter of `plan` with `render` and hands each to `each` in order; the manuscript's length
    /// (`TextLength` of the prose) is the result.
    static func render(
        _ plan: ManuscriptPlan, prose: (ArraySlice<ManuscriptChapter>) throws -> [Substring],
        _ render: @escaping @Sendable (Substring) -> Substring, each: (ManuscriptChapter, Substring) throws -> Void
    ) rethrows -> Int {
        var length = 0
        var start = 0
        while start < plan.chapters.count {
            let batch = plan.chapters[start..<min(start + size, plan.chapters.count)]
            let texts = try prose(batch)
            let rendered = texts.parallelMap(minimum: 4) { text in (body: render(text), length: TextLength.count(text).total) }
            for (chapter, r) in zip(batch, rendered) {
                length += r.length
                try each(chapter, r.body)
            }
            start += batch.count
        }
        return length
    }
}
