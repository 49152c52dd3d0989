import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// `/draft N-M [guidance] [--check]`: chapters N to M drafted in order from their outline entries, each request built
/// like `/expand chapter N` (with the long-novel memory and the end of the chapter just before it, so the run reads
/// as one story). Each draft is saved in `.novelist/drafts/` as soon as its reply is complete, then reviewed.
/// Chapters with prose are skipped; the run stops at the first failure and says how to go on.
extension Session {
    /// How one chapter of a run ended.
    enum DraftStep: Equatable {
        case accepted
        /// The writer answered n: the run stops.
        case rejected
        /// The writer stopped the run (s, Ctrl-C or the end of input at the review): the draft is kept.
        case stopped
        /// The chapter could not be drafted (a cut-short reply, an empty one): the reason.
        case failed(String)
    }

    func draft(_ args: String, in open: OpenStory) throws -> Outcome {
        let story = open.workspace
        let request = try DraftArguments.parse(args)
        let outline = try story.outline()
        let withProse = Set(try story.chapters().filter { !$0.prose.trimmingWhitespace().isEmpty }.map(\.number))
        let saved = Dictionary(DraftStore(fs: fs, root: story.root).all().map { ($0.chapter, $0) }) { a, _ in a }
        let plan = DraftPlan.make(range: request.range, outline: outline.map(\.number), withProse: withProse, saved: Set(saved.keys))
        if let first = plan.missing.first { throw NovelistError.chapterNotInOutline(first, available: outline.map(\.number)) }
        switch plan.skipped.count {
        case 0: break
        case 1: console.info(L("Skipping chapter %d: it already has prose.", plan.skipped[0]))
        default: console.info(L("Skipping chapters %@: they already have prose.", NumberList.format(plan.skipped)))
        }
        guard !plan.toDraft.isEmpty || !plan.toReview.isEmpty else {
            console.info(L("Every chapter of %d-%d has prose; nothing to draft.", request.range.lowerBound, request.range.upperBound))
            return .ok
        }
        if !plan.toReview.isEmpty {
            console.info(
                L(
                    "Chapters %@ have drafts saved by an earlier run: they are reviewed, not asked for again.",
                    NumberList.format(plan.toReview)))
        }
        if !plan.toDraft.isEmpty {
            try showDraftEstimate(plan.toDraft, guidance: request.guidance, check: request.check, in: open)
            guard confirm(L("Draft %d chapters (%@)? [y/N] ", plan.toDraft.count, NumberList.format(plan.toDraft))) else {
                console.info(L("Nothing was sent."))
                return unclearAnswer ? .failed : .ok
            }
        }
        let resume =
            "/draft \(request.range.lowerBound)-\(request.range.upperBound)" + (request.guidance.isEmpty ? "" : " " + request.guidance)
            + (request.check ? " --check" : "")
        var written: [Int] = []
        let work = plan.steps.filter { if case .skip = $0 { false } else { true } }
        for (i, step) in work.enumerated() {
            let n = step.chapter
            var result: DraftStep
            do {
                if case .review = step, let draft = saved[n] {
                    console.info(L("— %d/%d: the saved draft of %@ —", i + 1, work.count, chapterName(n, in: open)))
                    result = try reviewSavedDraft(draft, inRun: true, in: open)
                } else {
                    console.info(L("— %d/%d: drafting %@ —", i + 1, work.count, chapterName(n, in: open)))
                    result = try draftChapter(n, guidance: request.guidance, in: open)
                }
                if result == .accepted {
                    written.append(n)
                    if request.check, let problem = try checkDrafted(n, in: open) { result = .failed(problem) }
                }
            } catch let error as ClientError {
                console.error(error.message)
                draftStopped(at: n, reason: L("the endpoint failed"), written: written, resume: resume)
                return error.kind == .cancelled ? .failed : .endpointFailed
            }
            switch result {
            case .accepted: continue
            case .rejected:
                draftStopped(at: n, reason: L("you rejected the draft"), written: written, resume: resume)
                return unclearAnswer ? .failed : .ok
            case .stopped:
                draftStopped(
                    at: n, reason: L("you stopped the run; the draft is kept (/drafts reviews it)"), written: written, resume: resume)
                return unclearAnswer ? .failed : .ok
            case .failed(let why):
                draftStopped(at: n, reason: why, written: written, resume: resume)
                return .failed
            }
        }
        console.info(L("The run is complete: wrote %@. /undo takes back one chapter at a time.", NumberList.format(written)))
        return .ok
    }

    func chapterName(_ n: Int, in open: OpenStory) -> String {
        let title = (try? outlineEntry(n, in: open).title) ?? ""
        return open.meta.language.chapterHeading(n, title: title)
    }

    /// The run stopped: where, why, and the command that resumes it.
    func draftStopped(at n: Int, reason: String, written: [Int], resume: String) {
        let done = written.isEmpty ? L("nothing was written") : L("chapters %@ were written", NumberList.format(written))
        console.error(
            L(
                "The run stopped at chapter %d: %@. So far %@. %@ goes on from there (chapters with prose are skipped).", n, reason, done,
                resume))
    }

    /// The estimated tokens and cost of drafting `chapters`: each request as `/expand` builds it, the end of the
    /// chapter before it (not written yet for most), and a reply of the target's length (plus a check with --check).
    func showDraftEstimate(_ chapters: [Int], guidance: String, check: Bool, in open: OpenStory) throws {
        let meta = open.meta
        var input = 0
        var output = 0
        let perUnit = meta.language == .zh ? 1.1 : 1.35
        for n in chapters {
            let (_, _, target, _, plan) = try expandPlan(n, guidance: guidance, in: open)
            let reply = Int(Double(target) * perUnit)
            let ending = chapters.contains(n - 1) ? min(reply, meta.language == .zh ? 1500 : 400) : 0
            input += plan.total + ending
            output += reply
            if check {
                input += plan.total / 2 + reply
                output += 300
            }
        }
        var line = L("Drafting %d chapters: about %d tokens in and %d out (estimated)", chapters.count, input, output)
        if let pi = settings.priceInput {
            let po = settings.priceOutput ?? 0
            line += L("; estimated cost %.4f", (Double(input) * pi + Double(output) * po) / 1e6)
        }
        console.info(line + ".")
    }

    /// One chapter of a run: the request, at most one corrective pass for the length, the draft saved, the review.
    func draftChapter(_ n: Int, guidance: String, in open: OpenStory) throws -> DraftStep {
        let story = open.workspace
        let (entry, planned, target, maxTokens, plan) = try expandPlan(n, guidance: guidance, in: open)
        let relPath = planned?.path ?? StoryWorkspace.chapterPath(number: n, title: entry.title)
        let base = try fs.read(story.path(relPath))
        let existing = try Self.asRead(planned, base, in: story)
        if !plan.dropped.isEmpty {
            console.info(
                L(
                    "To fit the budget (%d tokens), left out: %@. /context shows what is sent.", plan.budget,
                    plan.dropped.joined(separator: "; ")))
        }
        let line = "/expand chapter \(n)\(guidance.isEmpty ? "" : " " + guidance)"
        lastLine = (line, "expand")  // /retry asks for this chapter again
        lastTask = nil
        let reply = try ask(messages: plan.messages, maxTokens: maxTokens, rawEstimate: plan.rawTokens)
        try record(task: "expand", userText: line, reply: reply)
        // /continue finishes a cut-short reply and then offers it for review, as after /expand.
        let offer: (String, Int?) throws -> DraftStep = { prose, before in
            try self.saveAndReview(
                n, entry: entry, existing: existing, relPath: relPath, base: base, prose: prose, target: target, before: before, in: open)
        }
        lastTask = LastTask(
            line: line, task: "expand", messages: plan.messages, maxTokens: maxTokens, reply: reply,
            finish: { r in
                try offer(ProseCleaner.clean(r.content, chapterTitle: entry.title), nil) == .accepted ? .ok : .failed
            },
            partial: { r in
                try self.offerAppend(ProseCleaner.clean(r.content, chapterTitle: entry.title), to: relPath, base: base, title: entry.title)
            })
        guard reply.ending.isComplete else {
            if case .finished("length") = reply.ending {
                return .failed(L("the reply was cut short (finish_reason: length); /continue finishes it"))
            }
            if reply.ending == .cancelled { return .failed(L("the reply was interrupted")) }
            return .failed(L("the reply was cut short; /continue finishes it"))
        }
        let prose = ProseCleaner.clean(reply.content, chapterTitle: entry.title)
        guard !prose.isEmpty else { return .failed(L("the reply had no prose")) }
        let corrected = try correctLength(
            prose, reply: reply, messages: plan.messages, target: target, chapter: n, title: entry.title, task: "expand", in: open)
        let before = corrected.changedFrom
        lastTask?.finish = { _ in try offer(corrected.prose, before) == .accepted ? .ok : .failed }  // no second pass
        return try offer(corrected.prose, before)
    }

    /// Saves the draft (atomically, before anything is asked), then reviews it; accepted or rejected, it leaves drafts.
    func saveAndReview(
        _ n: Int, entry: OutlineEntry, existing: ChapterFile?, relPath: String, base: String?, prose: String, target: Int, before: Int?,
        in open: OpenStory
    ) throws -> DraftStep {
        let story = open.workspace
        var document = existing?.document ?? MarkdownDocument(body: "", fields: [("title", entry.title), ("status", "draft")])
        if document["title"] == nil { document["title"] = entry.title }
        if document["status"] == nil || document["status"] == "outline" { document["status"] = "draft" }
        document.body = prose + "\n"
        let draft = SavedDraft(
            chapter: n, path: relPath, title: entry.title, base: base, proposed: document.render(), length: TextLength.count(prose).total,
            target: target, lengthBefore: before, created: now(), model: settings.model ?? "")
        if !open.store.readOnly { try DraftStore(fs: fs, root: story.root).save(draft) }
        return try reviewSavedDraft(draft, inRun: true, in: open)
    }

    /// `/check` on a chapter just written: the problem it reports, or nil when it finds none.
    func checkDrafted(_ n: Int, in open: OpenStory) throws -> String? {
        guard let file = try open.workspace.chapter(n) else { return nil }
        console.info(L("Checking %@ for continuity (--check)…", chapterName(n, in: open)))
        let maxTokens = settings.maxTokens ?? 1500
        let plan = try ContextBuilder.build(
            try chapterTextRequest(n, file: file, template: "check", maxTokens: maxTokens, mentions: [file.prose], in: open))
        let reply = try ask(messages: plan.messages, maxTokens: maxTokens, rawEstimate: plan.rawTokens)
        try record(task: "check", userText: "/check chapter \(n)", reply: reply)
        guard reply.ending.isComplete else { return L("the check's reply was cut short") }
        return CheckVerdict.reportsProblem(reply.content) ? L("/check reported a continuity problem (see above; the chapter is kept)") : nil
    }
}
