import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// The writing tasks on a chapter — expand, continue, rewrite, summarize, check — and proposals:
/// each builds its context within the budget, streams the reply, and offers a change only when it is complete.
extension Session {
    /// Tokens to reserve for a reply of `target` 字 or words, with a margin; NOVELIST_MAX_TOKENS wins when set.
    func outputTokens(forLength target: Int, language: StoryLanguage) -> Int {
        if let m = settings.maxTokens { return m }
        let perUnit = language == .zh ? 1.1 : 1.35
        return Int((Double(target) * perUnit * 1.3).rounded(.up)) + 64
    }

    func lengthTarget(_ file: ChapterFile?, _ meta: StoryMeta) -> Int {
        let target = file?.target ?? meta.chapterLength ?? (meta.language == .zh ? 3000 : 2500)
        return min(max(target, 1), 1_000_000)
    }

    /// The outline entry of chapter N, or a clear error listing the chapters there are.
    func outlineEntry(_ n: Int, in open: OpenStory) throws -> OutlineEntry {
        let story = open.workspace
        let outline = try story.outline()
        guard let entry = outline.first(where: { $0.number == n }) else {
            throw NovelistError.chapterNotInOutline(n, available: outline.map(\.number))
        }
        return entry
    }

    /// The context for a task on chapter `n`: bible entries named in its outline entry, the previous
    /// chapter's summary or the writer's words; the outline; earlier summaries; the end of chapter `endingOf`.
    /// - Parameter digests: the chapters' digests when the caller has them already (else they are looked up).
    func chapterRequest(
        _ n: Int, instruction: String, mentions: [String], endingOf: Int?, reservedOutput: Int, model: String, in open: OpenStory,
        digests: [ChapterDigest]? = nil
    ) throws
        -> ContextRequest
    {
        let story = open.workspace
        let meta = open.meta
        let vars = try storyVariables(meta, story: story)
        let system = try prompts.render("system", language: meta.language, story: story, variables: vars)
        // Digests, not chapters: earlier chapters give their summaries, and only the one whose end is sent is read.
        let chapters = try digests ?? Self.chapterDigests(story)
        let entries = try BibleEntry.load(story)
        var task = ChapterTask(
            meta: meta, system: system, instruction: instruction, chapter: n, contextTokens: settings.contextTokens,
            reservedOutput: reservedOutput, estimator: TokenEstimator(factor: calibrationFactor(model)),
            labels: try prompts.contextLabels(language: meta.language, story: story), chapters: chapters,
            outline: try story.outline(), outlineText: try story.outlineText(), entries: entries,
            appearances: appearanceIndex(story, entries: entries, chapters: chapters))
        task.mentions = mentions
        task.endingOf = endingOf
        task.ending = try endingOf.flatMap { (e: Int) throws -> ChapterFile? in try Self.chapter(e, in: story, digests: chapters) }?.prose
        task.threads = (try? threads(story).threads) ?? []
        task.threadHeading = try prompts.template("thread-heading", language: meta.language, story: story)
        return try TaskPlanner.chapterRequest(task)
    }

    /// Variables of the chapter templates.
    func chapterVariables(_ n: Int, entry: OutlineEntry?, title: String, in open: OpenStory, digests: [ChapterDigest]? = nil) throws
        -> [String: String]
    {
        let story = open.workspace
        return TaskPlanner.chapterVariables(
            n, entry: entry, title: title, meta: open.meta, outline: try story.outline(), outlineText: try story.outlineText(),
            chapters: try digests ?? Self.chapterDigests(story))
    }

    // MARK: Expand

    /// What `/expand chapter N` sends: the one builder that both /expand and /context use.
    /// The chapter is checked before the model is looked up: bad input never reaches the network.
    /// The chapter a proposal changes, parsed from `base`, the text it is merged against (`chapterAsRead`).
    static func asRead(_ file: ChapterFile?, _ base: String?, in story: StoryWorkspace) throws -> ChapterFile? {
        guard let file, let base else { return file }
        return try story.chapter(file, as: base)
    }

    func expandPlan(_ n: Int, guidance: String, in open: OpenStory) throws
        -> (entry: OutlineEntry, existing: ChapterFile?, target: Int, maxTokens: Int, plan: ContextPlan)
    {
        let story = open.workspace
        let meta = open.meta
        let entry = try outlineEntry(n, in: open)
        let model = try resolveModel()
        // The chapters' digests once for the chapter, the variables and the request (each look stats every chapter file).
        let digests = try Self.chapterDigests(story)
        let existing = try Self.chapter(n, in: story, digests: digests)
        let target = lengthTarget(existing, meta)
        var vars = try chapterVariables(n, entry: entry, title: entry.title, in: open, digests: digests)
        vars["length_target"] = String(target)
        vars["guidance"] = guidance
        let instruction = try prompts.render("expand", language: meta.language, story: story, variables: vars)
        let maxTokens = outputTokens(forLength: target, language: meta.language)
        let plan = try ContextBuilder.build(
            try chapterRequest(
                n, instruction: instruction, mentions: [guidance], endingOf: n - 1, reservedOutput: maxTokens, model: model, in: open,
                digests: digests))
        return (entry, existing, target, maxTokens, plan)
    }

    func expand(_ args: String, in open: OpenStory) throws -> Outcome {
        let story = open.workspace
        let meta = open.meta
        let (n, rawGuidance) = try ChapterArgument.parse(args, for: ExpandCommand.self)
        let (versions, guidance) = try Self.alternativesFlag(rawGuidance)
        let (entry, planned, target, maxTokens, plan) = try expandPlan(n, guidance: guidance, in: open)
        let relPath = planned?.path ?? StoryWorkspace.chapterPath(number: n, title: entry.title)
        let base = try fs.read(story.path(relPath))
        let existing = try Self.asRead(planned, base, in: story)
        let line = "/expand chapter \(n)\(guidance.isEmpty ? "" : " " + guidance)"
        let partial: (ChatReply) throws -> Outcome = { reply in
            try self.offerAppend(ProseCleaner.clean(reply.content, chapterTitle: entry.title), to: relPath, base: base, title: entry.title)
        }
        return try send(plan, maxTokens: maxTokens, task: "expand", line: line, userText: line, partial: partial, alternatives: versions) {
            reply in
            let prose = ProseCleaner.clean(reply.content, chapterTitle: entry.title)
            guard !prose.isEmpty else {
                self.console.error(L("The model's reply had no prose for chapter %d; nothing to apply.", n))
                return .failed
            }
            // At most one corrective pass for the length; /apply offers the result again without another.
            let corrected = try self.correctLength(
                prose, reply: reply, messages: plan.messages, target: target, chapter: n, title: entry.title, task: "expand", in: open)
            let offer: (ChatReply) throws -> Outcome = { _ in
                var document = existing?.document ?? MarkdownDocument(body: "", fields: [("title", entry.title), ("status", "draft")])
                if document["title"] == nil { document["title"] = entry.title }
                if document["status"] == nil || document["status"] == "outline" { document["status"] = "draft" }
                document.body = corrected.prose + "\n"
                let (after, before, tolerance) = (corrected.after, corrected.changedFrom, self.lengthTolerance)
                let unit = meta.language.lengthUnit
                return try self.propose(
                    relPath, base: base, proposed: document.render(), message: Phrase("expand chapter %d", n),
                    note: LengthCorrection.note(after, before: before, target: target, tolerance: tolerance, unit: unit),
                    newFileNote: LengthCorrection.note(
                        after, before: before, target: target, tolerance: tolerance, unit: unit, newFile: true), in: open)
            }
            self.lastTask?.finish = offer
            return try offer(reply)
        }
    }

    /// `/continue chapter N [guidance]`: new prose appended to the chapter.
    func continueChapter(_ args: String, in open: OpenStory) throws -> Outcome {
        let story = open.workspace
        let meta = open.meta
        let (n, guidance) = try ChapterArgument.parse(args, for: ContinueCommand.self)
        guard let (file, base) = try story.chapterAsRead(n), !file.prose.trimmingWhitespace().isEmpty else {
            _ = try outlineEntry(n, in: open)
            console.error(L("Chapter %d has no prose yet to continue. /expand chapter %d writes it.", n, n))
            return .failed
        }
        let entry = try story.outline().first { $0.number == n }
        let target = lengthTarget(file, meta)
        let written = TextLength.count(file.prose).total
        // What is missing up to the target; a chapter already at its target gets a quarter of it more.
        let addition = max(target - written, target / 4)
        if written >= target {
            console.info(
                L(
                    "Chapter %d already has %d %@ (target %d): asking for about %d more.", n, written, meta.language.lengthUnit, target,
                    addition))
        }
        var vars = try chapterVariables(n, entry: entry, title: file.title, in: open)
        vars["length_target"] = String(addition)
        vars["guidance"] = guidance
        vars["mid_sentence"] = Continuation.endsMidSentence(file.prose) ? "1" : ""
        let instruction = try prompts.render("continue", language: meta.language, story: story, variables: vars)
        let model = try resolveModel()
        let maxTokens = outputTokens(forLength: addition, language: meta.language)
        let plan = try ContextBuilder.build(
            try chapterRequest(
                n, instruction: instruction, mentions: [guidance, String(file.prose.suffix(600))], endingOf: n, reservedOutput: maxTokens,
                model: model, in: open))
        let line = "/continue chapter \(n)\(guidance.isEmpty ? "" : " " + guidance)"
        let partial: (ChatReply) throws -> Outcome = { reply in
            try self.offerAppend(ProseCleaner.clean(reply.content, chapterTitle: file.title), to: file.path, base: base, title: file.title)
        }
        return try send(plan, maxTokens: maxTokens, task: "continue", line: line, userText: line, partial: partial) { reply in
            let more = ProseCleaner.clean(reply.content, chapterTitle: file.title)
            guard !more.isEmpty else {
                self.console.error(L("The model's reply had no prose to add to chapter %d.", n))
                return .failed
            }
            // The addition is measured against what was asked for: at most one corrective pass.
            let corrected = try self.correctLength(
                more, reply: reply, messages: plan.messages, target: addition, chapter: n, title: file.title, task: "continue", in: open)
            let offer: (ChatReply) throws -> Outcome = { _ in
                var document = file.document
                document.body = Continuation.append(corrected.prose, to: file.prose) + "\n"
                let total = TextLength.count(document.body).total
                let unit = meta.language.lengthUnit
                let note =
                    corrected.changedFrom.map {
                        L(
                            "the chapter would be %d %@ (target %d); the addition is %d %@ after one corrective pass (first reply %d)",
                            total, unit, target, corrected.after, unit, $0)
                    } ?? L("the chapter would be %d %@ (target %d)", total, unit, target)
                return try self.propose(
                    file.path, base: base, proposed: document.render(), message: Phrase("continue chapter %d", n), note: note,
                    newFileNote: "", in: open)
            }
            self.lastTask?.finish = offer
            return try offer(reply)
        }
    }

    /// `/rewrite chapter N [§A-B] <instruction>`: the whole chapter, or only paragraphs A to B.
    func rewrite(_ args: String, in open: OpenStory) throws -> Outcome {
        let story = open.workspace
        let meta = open.meta
        let (n, rest) = try ChapterArgument.parse(args, for: RewriteCommand.self)
        var words = rest.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var range: ClosedRange<Int>?
        if let first = words.first, Paragraphs.looksLikeRange(first) || Paragraphs.parseRange(first) != nil {
            guard let r = Paragraphs.parseRange(first) else {
                console.error(
                    L(
                        "'%@' is not a paragraph range: write §A-B, ¶A-B, pA-B, 第A-B段 or A-B (from 1, A not above B; /chapter N ¶ numbers the paragraphs). Nothing was sent.",
                        first))
                return .failed
            }
            range = r
            words.removeFirst()
        }
        let (versions, instruction) = try Self.alternativesFlag(words.joined(separator: " "))
        guard !instruction.isEmpty else { throw RewriteCommand.usageError }
        guard let (file, base) = try story.chapterAsRead(n), !file.prose.trimmingWhitespace().isEmpty else {
            _ = try outlineEntry(n, in: open)
            console.error(L("Chapter %d has no prose yet to rewrite. /expand chapter %d writes it.", n, n))
            return .failed
        }
        let (paragraphs, separator) = Paragraphs.split(file.prose)
        if let range, range.upperBound > paragraphs.count {
            throw NovelistError.paragraphOutOfRange(range.lowerBound, range.upperBound, count: paragraphs.count)
        }
        let chosen = range ?? 1...paragraphs.count
        let passage = paragraphs[(chosen.lowerBound - 1)...(chosen.upperBound - 1)].joined(separator: separator)
        let entry = try story.outline().first { $0.number == n }
        var vars = try chapterVariables(n, entry: entry, title: file.title, in: open)
        vars["instruction"] = instruction
        vars["passage"] = passage
        vars["paragraph_range"] =
            range.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" } ?? ""
        vars["before_passage"] =
            range == nil ? "" : paragraphs[max(0, chosen.lowerBound - 3)..<(chosen.lowerBound - 1)].joined(separator: separator)
        vars["after_passage"] =
            range == nil ? "" : paragraphs[chosen.upperBound..<min(paragraphs.count, chosen.upperBound + 2)].joined(separator: separator)
        let rendered = try prompts.render("rewrite", language: meta.language, story: story, variables: vars)
        let model = try resolveModel()
        let maxTokens = outputTokens(forLength: max(200, TextLength.count(passage).total * 3 / 2), language: meta.language)
        let plan = try ContextBuilder.build(
            try chapterRequest(
                n, instruction: rendered, mentions: [instruction, passage], endingOf: nil, reservedOutput: maxTokens, model: model, in: open
            ))
        let line = "/rewrite chapter \(n)\(range.map { " §\($0.lowerBound)-\($0.upperBound)" } ?? "") \(instruction)"
        return try send(plan, maxTokens: maxTokens, task: "rewrite", line: line, userText: line, alternatives: versions) { reply in
            let text = ProseCleaner.clean(reply.content, chapterTitle: file.title)
            guard !text.isEmpty else {
                self.console.error(L("The model's reply had no text to use."))
                return .failed
            }
            let replacement = Paragraphs.split(text).paragraphs
            var document = file.document
            if range == nil {
                let format = ProseFormat.detect(file.prose)
                document.body = (format == .markdown ? replacement : replacement.map(format.styled)).joined(separator: separator) + "\n"
            } else {
                // Only the chosen paragraphs change; every other line stays byte for byte.
                document.body = Paragraphs.splice(file.prose, range: chosen, with: replacement)
            }
            let message =
                range.map { Phrase("rewrite chapter %d §%d-%d", n, $0.lowerBound, $0.upperBound) } ?? Phrase("rewrite chapter %d", n)
            return try self.propose(
                file.path, base: base, proposed: document.render(), message: message,
                note: L("paragraphs %d-%d rewritten", chosen.lowerBound, chosen.upperBound), newFileNote: "", in: open)
        }
    }

    /// `/summarize chapter N | all`: writes the `summary` front matter that later chapters' context uses.
    func summarize(_ args: String, in open: OpenStory) throws -> Outcome {
        if args.trimmingWhitespace().lowercased() == "all" { return try summarizeAll(in: open) }
        let (n, _) = try ChapterArgument.parse(args, for: SummarizeCommand.self)
        return try summarizeChapter(n, in: open)
    }

    /// The request of a task whose material is a whole chapter's text (`summarize`, `check`).
    func chapterTextRequest(
        _ n: Int, file: ChapterFile, template: String, maxTokens: Int, mentions: [String], extra: [String: String] = [:],
        in open: OpenStory
    ) throws -> ContextRequest {
        let story = open.workspace
        let meta = open.meta
        var vars = try chapterVariables(n, entry: nil, title: file.title, in: open).merging(extra) { _, new in new }
        vars["chapter_text"] = file.prose.trimmingWhitespace()
        let instruction = try prompts.render(template, language: meta.language, story: story, variables: vars)
        var request = try chapterRequest(
            n, instruction: instruction, mentions: mentions, endingOf: nil, reservedOutput: maxTokens, model: try model(for: template),
            in: open)
        request.outlineText = ""  // the chapter itself is the material; keep the request small
        return request
    }

    func summarizeChapter(_ n: Int, in open: OpenStory) throws -> Outcome {
        let story = open.workspace
        guard let (file, base) = try story.chapterAsRead(n), !file.prose.trimmingWhitespace().isEmpty else {
            _ = try outlineEntry(n, in: open)
            console.error(L("Chapter %d has no prose to summarize.", n))
            return .failed
        }
        let (plan, maxTokens) = try summarizePlan(n, file: file, memory: true, in: open)
        return try send(plan, maxTokens: maxTokens, task: "summarize", line: "/summarize chapter \(n)", userText: "/summarize chapter \(n)")
        { reply in
            try self.proposeMemoryUpdate(reply.content, chapter: n, file: file, base: base, in: open)
        }
    }

    /// `/check chapter N`: continuity problems against the bible and earlier summaries; nothing is changed.
    func check(_ args: String, in open: OpenStory) throws -> Outcome {
        let story = open.workspace
        if args.trimmingWhitespace().lowercased() == "all" { return try checkAll(in: open) }
        let (n, _) = try ChapterArgument.parse(args, for: CheckCommand.self)
        guard let file = try story.chapter(n), !file.prose.trimmingWhitespace().isEmpty else {
            _ = try outlineEntry(n, in: open)
            console.error(L("Chapter %d has no prose to check.", n))
            return .failed
        }
        reportDueThreads(n, story: story)
        let (plan, maxTokens) = try checkPlan(n, file: file, in: open)
        return try send(plan, maxTokens: maxTokens, task: "check", line: "/check chapter \(n)", userText: "/check chapter \(n)") { _ in
            self.console.info(L("(Nothing was changed: /check only reports.)"))
            return .ok
        }
    }

    // MARK: Context

    /// `/context [chapter N] [show]`: exactly what the next request would send.
    func showContext(_ args: String, in open: OpenStory) throws {
        var words = args.split(whereSeparator: \.isWhitespace).map(String.init)
        let show = words.last?.lowercased() == "show"
        if show { words.removeLast() }
        let plan: ContextPlan
        let title: String
        if words.isEmpty {
            plan = try ContextBuilder.build(try brainstormRequest("", model: try resolveModel(), in: open))
            title = L("the next chat message")
        } else {
            let (n, _) = try ChapterArgument.parse(words.joined(separator: " "), for: ContextCommand.self)
            plan = try expandPlan(n, guidance: "", in: open).plan
            title = "/expand chapter \(n)"
        }
        let model = try resolveModel()  // known by now: the plan was built for it
        if show {
            for m in plan.messages { console.output("=== \(m.role) ===\n\(m.content)\n") }
            return
        }
        let window = plan.budget + plan.reservedOutput
        console.output(
            L(
                "Context for %@ · model %@ · window %d tokens: %d for the prompt, %d kept for the reply", title, model, window, plan.budget,
                plan.reservedOutput))
        let width = max(24, plan.sections.map { DisplayWidth.of($0.label) }.max() ?? 0)
        for s in plan.sections {
            let share = plan.budget > 0 ? Double(s.tokens) * 100 / Double(plan.budget) : 0
            console.output("  " + DisplayWidth.pad(s.label, to: width) + String(format: "%7d  %5.1f%%", s.tokens, share))
        }
        let total = plan.total
        console.output(
            "  " + DisplayWidth.pad(L("total (estimated)"), to: width)
                + String(format: "%7d  %5.1f%%", total, Double(total) * 100 / Double(max(1, plan.budget))))
        if !plan.dropped.isEmpty { console.output(L("Left out: %@", plan.dropped.joined(separator: "; "))) }
        if let pi = settings.priceInput {
            let po = settings.priceOutput ?? 0
            console.output(
                L(
                    "Estimated cost: %.4f for the prompt, up to %.4f with a full reply", Double(total) * pi / 1e6,
                    (Double(total) * pi + Double(plan.reservedOutput) * po) / 1e6))
        }
        console.output(L("%@ show prints the full text.", "/context" + (words.isEmpty ? "" : " " + words.joined(separator: " "))))
    }

    // MARK: Proposals

    /// A reply cut short may only be appended to the end of the chapter (or discarded): never a replacement.
    func offerAppend(_ prose: String, to relPath: String, base: String?, title: String) throws -> Outcome {
        guard let open = openStory, !prose.isEmpty else { return .failed }
        let story = open.workspace
        let store = open.store
        let meta = open.meta
        let length = TextLength.count(prose).total
        // --yes does not append: only an explicit "a" takes a reply that was cut short.
        let reply =
            assumeYes
            ? nil
            : choose(
                L("Append what arrived (%d %@) to the end of %@? [a] append · [n] discard ", length, meta.language.lengthUnit, relPath),
                from: ["a", "n"],
                help: L(
                    "a  append what arrived to the end of the chapter\nn  discard it (it stays in chat.jsonl: /apply offers it again, /continue asks the model to finish it)"
                ))
        guard reply == "a" else {
            console.info(L("Discarded; it stays in chat.jsonl (/apply offers it again, /continue finishes it)."))
            return .failed
        }
        guard try fs.read(story.path(relPath)) == base else {
            try noticeOutsideEdits()
            console.error(L("%@ changed on disk meanwhile; nothing was appended.", relPath))
            return .failed
        }
        var document =
            try base.map { try MarkdownDocument(parsing: $0, name: relPath) }
            ?? MarkdownDocument(body: "", fields: [("title", title), ("status", "draft")])
        document.body = Continuation.append(prose, to: document.body) + "\n"
        try store.apply(Phrase("append a cut-short reply to %@", relPath), [FileEdit(relPath, document.render())], fromModel: true)
        lastTask?.appended = (relPath, title)
        recordProvenance(old: base, proposal: document.render())
        console.info(L("Appended %d %@ to %@. /undo reverses it.", length, meta.language.lengthUnit, relPath))
        return .ok
    }
}
