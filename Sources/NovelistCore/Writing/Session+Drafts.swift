import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// `/drafts [drop N]`: the chapter drafts not reviewed yet (kept in `.novelist/drafts/` by `/draft`), listed and
/// reviewed again. Accepting one writes it as a normal undoable change and removes it from drafts; a draft whose
/// chapter got prose meanwhile is said so and never applied blindly.
extension Session {
    func draftsCommand(_ args: String, in open: OpenStory) throws -> Outcome {
        let (story, meta) = (open.workspace, open.meta)
        let drafts = DraftStore(fs: fs, root: story.root)
        let words = args.split(whereSeparator: \.isWhitespace).map(String.init)
        if let first = words.first {
            guard first.lowercased() == "drop", words.count == 2 else {
                throw NovelistError.usage(command: "drafts", usage: "/drafts [drop N]")
            }
            let (n, _) = try ChapterArgument.parse(words[1], for: DraftsCommand.self)
            guard drafts.load(n) != nil else {
                console.info(L("There is no saved draft of chapter %d.", n))
                return .failed
            }
            try drafts.remove(n)
            console.info(L("The saved draft of chapter %d is discarded (its reply stays in chat.jsonl).", n))
            return .ok
        }
        let all = drafts.all()
        guard !all.isEmpty else {
            console.info(L("There are no unreviewed drafts."))
            return .ok
        }
        let unit = meta.language.lengthUnit
        for d in all {
            let length =
                d.lengthBefore.map { L("%d %@ (first reply %d; target %d)", d.length, unit, $0, d.target) }
                ?? L("%d %@ (target %d)", d.length, unit, d.target)
            console.output(
                "  \(d.chapter)  \(TerminalText.clean(meta.language.chapterHeading(d.chapter, title: d.title)))  \(length) · \(d.created)")
        }
        for d in all {
            console.info(L("— the saved draft of %@ —", chapterName(d.chapter, in: open)))
            let step = try reviewSavedDraft(d, inRun: false, in: open)
            if step == .stopped && (reviewAnswer == "s" || cancel.isCancelled) { break }
        }
        return unclearAnswer ? .failed : .ok
    }

    /// Reviews a saved draft against the chapter as it is now. Accepted or rejected (n), it leaves drafts; stopped,
    /// interrupted, or when its chapter got prose meanwhile, it stays.
    func reviewSavedDraft(_ draft: SavedDraft, inRun: Bool, in open: OpenStory) throws -> DraftStep {
        let (story, meta) = (open.workspace, open.meta)
        let drafts = DraftStore(fs: fs, root: story.root)
        let n = draft.chapter
        let current = try fs.read(story.path(draft.path))
        var proposed = draft.proposed
        if current != draft.base {
            let prose = current.map(MarkdownDocument.bodyOf) ?? ""
            if !prose.trimmingWhitespace().isEmpty, prose.trimmingWhitespace() == draft.prose.trimmingWhitespace() {
                try drafts.remove(n)  // written before novelist was stopped; only its removal from drafts was missing
                console.info(L("The draft of chapter %d is already in %@; it is removed from drafts.", n, draft.path))
                return .accepted
            }
            if current.map(ChapterFile.hasProse) == true {
                console.error(
                    L(
                        "%@ has prose now that it did not have when this draft was made: the draft is not applied. It stays in %@; /drafts drop %d discards it.",
                        draft.path, DraftStore.relativePath(n), n))
                return .stopped
            }
            // The file changed without getting prose (its front matter, or it was created): the draft goes onto it as it is.
            var document =
                try current.map { try MarkdownDocument(parsing: $0, name: draft.path) }
                ?? MarkdownDocument(body: "", fields: [("title", draft.title), ("status", "draft")])
            if document["status"] == nil || document["status"] == "outline" { document["status"] = "draft" }
            document.body = draft.prose.trimmingWhitespace() + "\n"
            proposed = document.render()
        }
        let (unit, tolerance) = (meta.language.lengthUnit, lengthTolerance)
        let note = LengthCorrection.note(draft.length, before: draft.lengthBefore, target: draft.target, tolerance: tolerance, unit: unit)
        let newFileNote = LengthCorrection.note(
            draft.length, before: draft.lengthBefore, target: draft.target, tolerance: tolerance, unit: unit, newFile: true)
        reviewOffersStop = true
        reviewAnswer = nil
        defer { reviewOffersStop = false }
        _ = try propose(
            draft.path, base: current, proposed: proposed, message: Phrase("draft chapter %d", n), note: note, newFileNote: newFileNote,
            in: open)
        if try fs.read(story.path(draft.path)) != current {
            try drafts.remove(n)
            return .accepted
        }
        if reviewAnswer == "n" {
            try drafts.remove(n)
            console.info(L("The draft of chapter %d is discarded (its reply stays in chat.jsonl).", n))
            return .rejected
        }
        if inRun || reviewAnswer == "s" || reviewAnswer == nil {
            console.info(L("The draft of chapter %d is kept in %@; /drafts reviews it again.", n, DraftStore.relativePath(n)))
        }
        return .stopped
    }
}
