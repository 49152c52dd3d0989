import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// Reviewing a proposal: the diff as numbered hunks, then accept all, reject, take hunks one by one
/// (like `git add -p`), or edit the proposal first. A file changed on disk while the model wrote is merged
/// three ways, never overwritten.
extension Session {
    static var reviewHelp: String {
        L(
            "y  accept all of it          n  reject it (nothing is written)\nh  go hunk by hunk           e  edit the proposal in $EDITOR, then see the diff again\nv  show the diff again       ?  this help"
        )
    }
    static var hunkHelp: String {
        L(
            "y  take this hunk            n  leave this hunk out\na  take this and all the rest   d  leave out this and all the rest\nq  stop here (keep what you took so far)   e  edit this hunk's new text in $EDITOR"
        )
    }

    /// Shows what would change in `relPath` and writes it, through the store, after the writer chose.
    /// `base` is the file as it was when the request was sent.
    func propose(_ relPath: String, base: String?, proposed: String, message: Phrase, note: String, newFileNote: String, in open: OpenStory)
        throws -> Outcome
    {
        let story = open.workspace
        let store = open.store
        var current = try fs.read(story.path(relPath))
        var target = proposed
        if current != base {
            try noticeOutsideEdits()
            guard let base, let disk = current else {
                console.error(
                    current == nil
                        ? L("%@ was deleted on disk while the model was writing. Nothing was written; run the command again.", relPath)
                        : L("%@ was created on disk while the model was writing. Nothing was written; run the command again.", relPath))
                return .failed
            }
            guard let merged = try mergeOutsideEdit(relPath, base: base, disk: disk, proposal: proposed) else {
                console.info(L("Nothing was written; your edit on disk is untouched."))
                return .ok
            }
            target = merged
            current = disk
        }
        let locked = fs.isReadOnly(story.path(relPath))
        if locked { console.info(L("%@ is read-only (chmod 444): it is written only after a second, explicit yes.", relPath)) }
        guard let chosen = try review(relPath, old: current, new: target, note: current == nil ? newFileNote : note),
            !locked || confirmReadOnly(relPath)
        else {
            console.info(L("Nothing was written. The reply is kept in chat.jsonl."))
            return .ok
        }
        guard try fs.read(story.path(relPath)) == current else {
            try noticeOutsideEdits()
            if chosen != proposed, let kept = rescue(chosen, name: lastPathComponent(relPath)) {
                console.error(L("Your edited text is kept in %@.", kept))
            }
            console.error(
                L("%@ changed on disk during the review. Nothing was written, so your edit is safe; run the command again.", relPath))
            return .failed
        }
        try store.apply(message, [FileEdit(relPath, chosen)], allowingReadOnly: locked ? [relPath] : [], fromModel: true)
        recordProvenance(old: base, proposal: proposed)  // the model's own text, not the writer's edits or merges
        let unit = openStory?.meta.language.lengthUnit ?? ""
        console.info(L("Wrote %@ (%d %@).", relPath, TextLength.count(MarkdownDocument.bodyOf(chosen)).total, unit))
        return .ok
    }

    /// The second yes a read-only file needs: typed by the writer (--yes does not give it).
    func confirmReadOnly(_ relPath: String) -> Bool {
        if assumeYes {
            console.info(L("%@ is read-only; --yes does not replace it (answer y yourself to write it).", relPath))
            return false
        }
        return answer(L("%@ is read-only. Write it anyway? [y/N] ", relPath)) == "y"
    }

    /// The diff and the choice. Returns the text to write, or nil when the writer took nothing.
    func review(_ relPath: String, old: String?, new: String, note: String) throws -> String? {
        let unit = openStory?.meta.language.lengthUnit ?? ""
        var proposal = new
        var showDiff = true
        while true {
            let oldLines = LineDiff.lines(old ?? "")
            let hunks = Hunk.hunks(LineDiff.diff(oldLines, LineDiff.lines(proposal)))
            if old != nil && hunks.isEmpty {
                console.info(L("The proposal is identical to %@; nothing to do.", relPath))
                return nil
            }
            let (plus, minus) = hunks.reduce((0, 0)) { ($0.0 + $1.lengthChange.added, $0.1 + $1.lengthChange.removed) }
            if showDiff {
                if old == nil {
                    console.info(
                        L(
                            "New file %@: %@.", relPath,
                            note.isEmpty ? "\(TextLength.count(MarkdownDocument.bodyOf(proposal)).total) \(unit)" : note))
                } else {
                    let numbers = HunkPlaces.paragraphNumbers(old ?? "")
                    let text =
                        "--- \(relPath)\n"
                        + hunks.enumerated().map {
                            $1.render(number: $0 + 1, of: hunks.count, color: console.colorEnabled, unit: unit, paragraphs: numbers)
                        }.joined(separator: "\n")
                    console.page(text)
                    switch (hunks.count == 1, note.isEmpty) {
                    case (true, true): console.info(L("%@: 1 hunk, +%d %@ −%d %@.", relPath, plus, unit, minus, unit))
                    case (true, false): console.info(L("%@: 1 hunk, +%d %@ −%d %@; %@.", relPath, plus, unit, minus, unit, note))
                    case (false, true): console.info(L("%@: %d hunks, +%d %@ −%d %@.", relPath, hunks.count, plus, unit, minus, unit))
                    case (false, false):
                        console.info(L("%@: %d hunks, +%d %@ −%d %@; %@.", relPath, hunks.count, plus, unit, minus, unit, note))
                    }
                }
            }
            showDiff = true
            var question =
                old == nil
                ? L("Apply to %@? [y] create · [n] reject · [e] edit · [?] help ", relPath)
                : L(
                    "Apply to %@? [y] accept all · [n] reject · [h] hunk by hunk · [e] edit in $EDITOR · [v] show the diff again · [?] help ",
                    relPath)
            if reviewOffersStop { question += L("· [s] stop the run (the draft is kept) ") }
            if assumeYes {
                console.info(question + "y (--yes)")
                return proposal
            }
            guard let answer = answer(question) else { return nil }
            reviewAnswer = answer
            switch answer {
            case "y": return proposal
            case "n": return nil
            case "s" where reviewOffersStop: return nil
            case "h" where old != nil:
                return try hunkByHunk(hunks, old: oldLines, relPath: relPath, paragraphs: HunkPlaces.paragraphNumbers(old ?? ""))
            case "e":
                guard let edited = try console.edit(proposal, fileName: lastPathComponent(relPath)) else { continue }
                proposal = edited
            case "v": continue
            case "?":
                console.output(Self.reviewHelp)
                if reviewOffersStop { console.output(L("s  stop the run here: the draft stays in .novelist/drafts/ (/drafts reviews it)")) }
                showDiff = false
            default:
                // A script's stray line must never count as yes: it is an error, and nothing is written.
                if !console.isInteractive { return unclear(answer, question) }
                console.info(old == nil ? L("Please answer y, n, e or ?.") : L("Please answer y, n, h, e, v or ?."))
                showDiff = false
            }
        }
    }

    /// `git add -p` for prose: each hunk taken or left; the result is the old text with the taken hunks.
    func hunkByHunk(_ hunks: [Hunk], old: [String], relPath: String, paragraphs: [Int?]? = nil) throws -> String? {
        let unit = openStory?.meta.language.lengthUnit ?? ""
        var hunks = hunks
        var accepted = Set<Int>()
        var i = 0
        var takeRest: Bool?
        while i < hunks.count {
            if let takeRest {
                if takeRest { accepted.insert(i) }
                i += 1
                continue
            }
            console.output(hunks[i].render(number: i + 1, of: hunks.count, color: console.colorEnabled, unit: unit, paragraphs: paragraphs))
            // Ctrl-C or the end of input abandons the review: nothing is written (only q keeps what was taken).
            guard let answer = answer(L("Take hunk %d/%d? [y,n,a,d,q,e,?] ", i + 1, hunks.count)) else { return nil }
            switch answer {
            case "y":
                accepted.insert(i)
                i += 1
            case "n": i += 1
            case "a":
                accepted.insert(i)
                takeRest = true
                i += 1
            case "d":
                takeRest = false
                i += 1
            case "q": i = hunks.count
            case "e":
                let text = hunks[i].added.joined(separator: "\n") + "\n"
                if let edited = try console.edit(text, fileName: "hunk-\(i + 1).md") {
                    hunks[i].added = LineDiff.lines(edited)
                    accepted.insert(i)
                    i += 1
                }
            case "?": console.output(Self.hunkHelp)
            default:
                if !console.isInteractive { return unclear(answer, L("Take hunk %d/%d? [y,n,a,d,q,e,?] ", i + 1, hunks.count)) }
                console.info(L("Please answer y, n, a, d, q, e or ?."))
            }
        }
        guard !accepted.isEmpty else {
            console.info(L("No hunk was taken."))
            return nil
        }
        console.info(L("Took %d of %d hunks.", accepted.count, hunks.count))
        return Hunk.apply(hunks, accepted: accepted, to: old).joined(separator: "\n") + "\n"
    }

    /// The file changed on disk while the model wrote: combine the writer's edit with the proposal.
    /// Conflicts are shown one by one; the default keeps the writer's text.
    func mergeOutsideEdit(_ relPath: String, base: String, disk: String, proposal: String) throws -> String? {
        let chunks = ThreeWay.merge(base: LineDiff.lines(base), ours: LineDiff.lines(disk), theirs: LineDiff.lines(proposal))
        let conflicts = ThreeWay.conflicts(chunks)
        switch conflicts {
        case 0:
            console.info(
                L(
                    "%@ changed on disk while the model was writing. Your edit is kept and merged with the proposal; the changes do not overlap.",
                    relPath))
        case 1:
            console.info(
                L(
                    "%@ changed on disk while the model was writing. Your edit is kept and merged with the proposal; 1 place changed on both sides:",
                    relPath))
        default:
            console.info(
                L(
                    "%@ changed on disk while the model was writing. Your edit is kept and merged with the proposal; %d places changed on both sides:",
                    relPath, conflicts))
        }
        var out: [String] = []
        var n = 0
        for chunk in chunks {
            switch chunk {
            case .clean(let lines): out += lines
            case .conflict(_, let ours, let theirs):
                n += 1
                var text = L("=== conflict %d/%d · yours (on disk):", n, conflicts) + "\n" + ours.map { "  " + $0 }.joined(separator: "\n")
                text += "\n" + L("=== the proposal:") + "\n" + theirs.map { "  " + $0 }.joined(separator: "\n")
                console.output(text)
                let answer =
                    assumeYes
                    ? "m"
                    : choose(
                        L(
                            "Conflict %d/%d: [m] keep yours · [t] take the proposal · [b] both (yours, then the proposal) · [q] stop, write nothing ",
                            n, conflicts),
                        from: ["m", "t", "b", "q", ""],
                        help: L(
                            "m  keep your text (the default)   t  take the proposal's\nb  both: yours, then the proposal's   q  stop, write nothing"
                        ))
                switch answer {
                case "t": out += theirs
                case "b": out += ours + theirs
                case "q", nil: return nil
                default: out += ours
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Provenance

    var provenancePath: String? { openStory?.workspace.path(".novelist/provenance.json") }

    func provenanceLog() -> ProvenanceLog {
        guard let provenancePath, let text = try? fs.read(provenancePath),
            let log = try? JSONDecoder().decode(ProvenanceLog.self, from: Data(text.utf8))
        else { return ProvenanceLog() }
        return log
    }

    /// Remembers the paragraphs a model proposed (as it proposed them) once some of it was written.
    func recordProvenance(old: String?, proposal: String) {
        guard let provenancePath, openStory?.store.readOnly == false else { return }
        var log = provenanceLog()
        log.record(old: old, proposal: proposal, model: settings.model ?? "model")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(log) { try? fs.writeAtomically(provenancePath, String(decoding: data, as: UTF8.self)) }
    }

    /// `/provenance chapter N`: the shares of model, edited and writer text, and a mark for each paragraph.
    func showProvenance(_ args: String, in open: OpenStory) throws {
        let story = open.workspace
        let meta = open.meta
        let (n, _) = try ChapterArgument.parse(args, for: ProvenanceCommand.self)
        guard let file = try story.chapter(n) else {
            throw NovelistError.chapterOutOfRange(n, valid: try story.chapters().map(\.number))
        }
        let report = Provenance.classify(file.prose, log: provenanceLog())
        let unit = meta.language.lengthUnit
        let heading = meta.language.chapterHeading(n, title: file.title)
        let (model, edited, yours) = (
            report.share(report.modelLength), report.share(report.editedLength), report.share(report.writerLength)
        )
        if report.models.isEmpty {
            console.output(
                L("%@: %d %@ — model %d%% · model, edited by you %d%% · yours %d%%", heading, report.total, unit, model, edited, yours))
        } else {
            console.output(
                L(
                    "%@: %d %@ — model %d%% · model, edited by you %d%% · yours %d%% (models: %@)", heading, report.total, unit, model,
                    edited, yours, report.models.joined(separator: ", ")))
        }
        for (i, p) in report.paragraphs.enumerated() {
            let mark: String
            switch p.source {
            case .model: mark = "M"
            case .edited: mark = "E"
            case .writer: mark = "W"
            }
            let preview = p.text.count > 40 ? String(p.text.prefix(40)) + "…" : p.text
            console.output("  \(mark) ¶\(i + 1)  \(preview)")
        }
        console.output(L("M: as the model wrote it · E: model text you edited · W: written by you"))
    }
}
