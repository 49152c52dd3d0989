import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// The proposals of a brainstorming reply: each merged into what it names (outline entries, bible sections,
/// a chapter passage, a structure change), said in one line, reviewed, and all that was taken written as one change.
extension Session {
    /// Offers each proposal in a brainstorming reply.
    func offerProposals(in reply: String, in open: OpenStory) throws -> Outcome {
        lastProposals = Proposal.parse(reply)
        guard !lastProposals.isEmpty else { return .ok }
        console.info(
            lastProposals.count == 1
                ? L("The reply proposes 1 change. Review each (/apply shows them again):")
                : L("The reply proposes %d changes. Review each (/apply shows them again):", lastProposals.count))
        return try reviewProposals(in: open)
    }

    func applyProposals(in open: OpenStory) throws -> Outcome {
        guard !lastProposals.isEmpty else {
            console.info(L("The last reply proposed no changes (fenced ```outline, ```bible:NAME or ```chapter:N blocks)."))
            return .ok
        }
        return try reviewProposals(in: open)
    }

    /// The story's files as the proposals taken so far leave them; nothing is written until the end.
    struct PendingFiles {
        var order: [String] = []
        var content: [String: String?] = [:]
        var base: [String: String?] = [:]
        var proposals: [String: String] = [:]

        mutating func set(_ edit: FileEdit, base disk: String?, proposal: String?) {
            if content[edit.path] == nil {
                order.append(edit.path)
                base[edit.path] = .some(disk)
            }
            content[edit.path] = .some(edit.content)
            if let proposal { proposals[edit.path] = proposal }
        }
    }

    /// Reviews every proposal of the last reply, then writes what the writer took as one change:
    /// all of it or none, one history entry, one /undo. Structure changes come first, so that entries and
    /// passages are merged into the renumbered story.
    private func reviewProposals(in open: OpenStory) throws -> Outcome {
        let story = open.workspace
        let store = open.store
        var pending = PendingFiles()
        var failed = false
        let ordered = lastProposals.filter { $0.target == .outlineOps } + lastProposals.filter { $0.target != .outlineOps }
        for p in ordered {
            do {
                guard let (edits, proposal) = try reviewProposal(p, story: story, pending: pending, in: open) else { continue }
                for e in edits { pending.set(e, base: try fs.read(story.path(e.path)), proposal: proposal) }
            } catch let error as NovelistError {
                console.error(error.message)
                failed = true
            }
        }
        let edits = pending.order.map { FileEdit($0, pending.content[$0]!) }
        guard !edits.isEmpty else {
            console.info(L("Nothing was written."))
            return failed ? .failed : .ok
        }
        for e in edits where try fs.read(story.path(e.path)) != pending.base[e.path]! {
            try noticeOutsideEdits()
            if let kept = rescue(e.content ?? "", name: lastPathComponent(e.path)) {
                console.error(L("Your edited text is kept in %@.", kept))
            }
            console.error(L("%@ changed on disk during the review. Nothing was written; /apply offers the proposals again.", e.path))
            return .failed
        }
        try store.apply(
            edits.count == 1 ? Phrase("%@ from the conversation", edits[0].path) : Phrase("%d files from the conversation", edits.count),
            edits,
            fromModel: true)
        for e in edits { if let p = pending.proposals[e.path] { recordProvenance(old: pending.base[e.path]!, proposal: p) } }
        console.info(
            edits.count > 6
                ? L("Wrote %d files as one change (/undo reverses all of it).", edits.count)
                : L("Wrote %@ as one change (/undo reverses all of it).", edits.map(\.path).joined(separator: ", ")))
        return failed ? .failed : .ok
    }

    /// The chapter files as the pending edits leave them.
    func pendingChapters(_ story: StoryWorkspace, _ pending: PendingFiles) throws -> [ChapterPlan.Chapter] {
        var paths = Set(try story.chapters().map(\.path))
        for (path, content) in pending.content where path.hasPrefix(StoryWorkspace.chaptersDir + "/") {
            if content == nil { paths.remove(path) } else { paths.insert(path) }
        }
        return try paths.sorted().compactMap { path in
            guard let n = ChapterFile.number(fromFileName: lastPathComponent(path)) else { return nil }
            return ChapterPlan.Chapter(number: n, path: path, content: try pendingRead(path, story, pending))
        }
    }

    func pendingRead(_ rel: String, _ story: StoryWorkspace, _ pending: PendingFiles) throws -> String? {
        if let c = pending.content[rel] { return c }
        return try fs.read(story.path(rel))
    }

    /// One proposal: its scope in one line, then the review. Returns the edits taken and the model's text.
    func reviewProposal(_ p: Proposal, story: StoryWorkspace, pending: PendingFiles, in open: OpenStory) throws -> ([FileEdit], String?)? {
        let meta = open.meta
        let unit = meta.language.lengthUnit
        switch p.target {
        case .outlineOps:
            let ops = try OutlineOps.parse(p.text)
            guard !ops.isEmpty else { return nil }
            let outline = try pendingRead(StoryWorkspace.outlineFile, story, pending) ?? ""
            let plan = try OutlineOps.plan(ops, outline: outline, files: try pendingChapters(story, pending), language: meta.language)
            console.info(L("structure: %@", plan.steps.joined(separator: "; ")))
            if !plan.renumbered.isEmpty {
                let moves = plan.renumbered.sorted { $0.key < $1.key }.map { "\($0.key)→\($0.value)" }
                console.info(
                    L(
                        "Renumbered (headings and files together): %@",
                        moves.prefix(8).joined(separator: ", ") + (moves.count > 8 ? " … (\(moves.count))" : "")))
            }
            let files = plan.edits.filter { $0.path != StoryWorkspace.outlineFile }.count
            let question = L("Apply this change to outline.md and %d chapter files, as /chapter would? [y] apply · [n] reject ", files)
            if assumeYes {
                console.info(question + "y (--yes)")
            } else {
                guard answer(question) == "y" else { return nil }
            }
            return (plan.edits, nil)
        case .outline:
            let rel = StoryWorkspace.outlineFile
            let old = try pendingRead(rel, story, pending)
            let merged = OutlineMerge.merge(outline: old ?? "", block: p.text)
            console.info(outlineScope(merged))
            guard let chosen = try review(rel, old: old, new: merged.text, note: "") else { return nil }
            return ([FileEdit(rel, chosen)], merged.text)
        case .bible(let name):
            guard let e = BibleEntry.find(name, in: try BibleEntry.load(story)) else {
                try Names.validate(name)
                let rel = "bible/\(name).md"
                console.info(L("bible %@: a new entry", name))
                let text = MarkdownDocument(body: p.text + "\n", fields: [("name", name), ("kind", "note")]).render()
                guard let chosen = try review(rel, old: try pendingRead(rel, story, pending), new: text, note: "") else { return nil }
                return ([FileEdit(rel, chosen)], text)
            }
            let base = try pendingRead(e.path, story, pending) ?? ""
            var doc = try MarkdownDocument(parsing: base, name: e.path)
            let merged = BibleMerge.merge(body: doc.body, proposal: p.text)
            if merged.losesMostOfTheEntry {
                console.info(
                    L(
                        "bible %@: the proposal has %d %@; as a replacement it would remove %d of the entry's %d %@.",
                        e.name, TextLength.count(p.text).total, unit, merged.removed, merged.oldLength, unit))
                switch choose(L("[y] add it to the entry as a new section · [r] replace the entry · [n] skip it "), ["y", "r", "n"]) {
                case "y":
                    let about = conversation.last(where: { $0.role == "user" }).flatMap { ChapterMention.first(in: $0.content) }
                    let heading =
                        about.map { meta.language == .zh ? meta.language.chapterLabel($0) + "起" : "From " + meta.language.chapterLabel($0) }
                        ?? (meta.language == .zh ? "补充" : "Addition")
                    doc.body = BibleMerge.append(p.text, to: doc.body, heading: heading)
                    console.info(L("bible %@: one section added (%@)", e.name, heading))
                case "r":
                    doc.body = merged.body
                    console.info(L("bible %@: the entry replaced", e.name))
                default:
                    return nil
                }
            } else {
                doc.body = merged.body
                console.info(bibleScope(e.name, merged))
            }
            guard let chosen = try review(e.path, old: base, new: doc.render(), note: "") else { return nil }
            return ([FileEdit(e.path, chosen)], doc.render())
        case .chapter(let n):
            return try reviewChapterProposal(p, n: n, story: story, pending: pending, in: open)
        }
    }

    func reviewChapterProposal(_ p: Proposal, n: Int, story: StoryWorkspace, pending: PendingFiles, in open: OpenStory) throws -> (
        [FileEdit], String?
    )? {
        let meta = open.meta
        let unit = meta.language.lengthUnit
        let outline = OutlineParser.parse(try pendingRead(StoryWorkspace.outlineFile, story, pending) ?? "")
        guard let entry = outline.first(where: { $0.number == n }) else {
            throw NovelistError.chapterNotInOutline(n, available: outline.map(\.number))
        }
        let existing = try pendingChapters(story, pending).first { $0.number == n }
        let rel = existing?.path ?? StoryWorkspace.chapterPath(number: n, title: entry.title)
        let old = try pendingRead(rel, story, pending)
        var doc =
            try old.map { try MarkdownDocument(parsing: $0, name: rel) }
            ?? MarkdownDocument(body: "", fields: [("title", entry.title), ("status", "draft")])
        let passage = ProseCleaner.clean(p.text, chapterTitle: entry.title)
        let body = doc.body
        let oldLength = TextLength.count(body).total
        let newLength = TextLength.count(passage).total
        if old == nil || oldLength == 0 || newLength * 2 >= oldLength {
            doc.body = passage + "\n"
            console.info(
                old == nil || oldLength == 0
                    ? L("chapter %d: the whole text (%d %@)", n, newLength, unit)
                    : L("chapter %d: the whole text replaced (%d %@ → %d %@)", n, oldLength, unit, newLength, unit))
        } else {
            // Much shorter than the chapter: a passage, never a replacement of the chapter.
            let range = PassageMatch.revisedRange(passage: passage, chapter: body)
            let count = Paragraphs.split(body).paragraphs.count
            console.info(
                L(
                    "chapter %d: the proposal is a passage of %d %@; the chapter has %d %@ in %d paragraphs.", n, newLength, unit,
                    oldLength, unit, count))
            let question =
                range.map {
                    L(
                        "[y] replace paragraphs %d–%d with it · [i] insert it after a paragraph · [a] append it · [n] skip it ",
                        $0.lowerBound, $0.upperBound)
                }
                ?? L("[y] append it at the end · [i] insert it after a paragraph · [n] skip it ")
            var choice = choose(question, range == nil ? ["y", "i", "n"] : ["y", "i", "a", "n"])
            if choice == "y" { choice = range == nil ? "a" : "r" }
            switch choice {
            case "r":
                guard let range else { return nil }
                doc.body = Paragraphs.splice(body, range: range, with: Paragraphs.split(passage).paragraphs)
                console.info(
                    range.count == 1
                        ? L("chapter %d: paragraph %d revised", n, range.lowerBound)
                        : L("chapter %d: paragraphs %d–%d revised", n, range.lowerBound, range.upperBound))
            case "i":
                guard let reply = answer(L("Insert it after which paragraph (0–%d)? ", count)), let after = Int(reply),
                    (0...count).contains(after)
                else { return nil }
                doc.body = PassageMatch.insert(passage, into: body, after: after)
                console.info(L("chapter %d: a passage inserted after paragraph %d", n, after))
            case "a":
                let trimmed = body.trimmingWhitespace()
                doc.body = trimmed + Paragraphs.split(trimmed).separator + passage + "\n"
                console.info(L("chapter %d: a passage appended", n))
            default:
                return nil
            }
        }
        guard let chosen = try review(rel, old: old, new: doc.render(), note: "") else { return nil }
        return ([FileEdit(rel, chosen)], doc.render())
    }

    /// One of `keys` ("y" is the default, taken by Enter at a terminal and by --yes); nil for no answer,
    /// and for an answer a script gives that is not one of them.
    func choose(_ question: String, _ keys: [String]) -> String? {
        if assumeYes {
            console.info(question + "y (--yes)")
            return "y"
        }
        while true {
            guard let reply = answer(question) else { return nil }
            let key = reply.isEmpty && console.isInteractive ? "y" : reply
            if keys.contains(key) { return key }
            if !console.isInteractive { return nil }
            console.info(L("Please answer %@.", keys.joined(separator: ", ")))
        }
    }

    func outlineScope(_ r: OutlineMerge.Result) -> String {
        if r.whole { return L("outline: the whole outline replaced") }
        var parts: [String] = []
        if r.preambleReplaced { parts.append(L("title and premise revised")) }
        if !r.revised.isEmpty {
            parts.append(
                r.revised.count == 1
                    ? L("chapter %@ revised", NumberList.format(r.revised)) : L("chapters %@ revised", NumberList.format(r.revised)))
        }
        if !r.added.isEmpty { parts.append(L("%@ added", NumberList.format(r.added))) }
        if parts.isEmpty { parts.append(L("nothing changes")) }
        let unchanged = r.unchanged.isEmpty ? "" : L("; %@ unchanged", NumberList.format(r.unchanged))
        return L("outline: %@", parts.joined(separator: L(", ")) + unchanged)
    }

    func bibleScope(_ name: String, _ r: BibleMerge.Result) -> String {
        if r.replacesBody { return L("bible %@: the entry revised", name) }
        var parts: [String] = []
        if !r.revisedSections.isEmpty { parts.append(L("sections revised: %@", r.revisedSections.joined(separator: L(", ")))) }
        if !r.addedSections.isEmpty {
            parts.append(r.addedSections.count == 1 ? L("one section added") : L("%d sections added", r.addedSections.count))
        }
        if parts.isEmpty { parts.append(L("nothing changes")) }
        return L("bible %@: %@", name, parts.joined(separator: L(", ")))
    }
}
