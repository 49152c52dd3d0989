import Foundation

extension Session {
    // MARK: Expand

    func expand(_ args: String) throws -> Outcome {
        guard let story, let meta else { throw NovelistError.noStoryOpen }
        let (n, guidance) = try ChapterArgument.parse(args)
        let outline = try story.outline()
        guard let entry = outline.first(where: { $0.number == n }) else {
            throw NovelistError.chapterNotInOutline(n, available: outline.map(\.number))
        }
        let chapters = try story.chapters()
        let existing = chapters.first { $0.number == n }
        let previous = chapters.last { $0.number < n && !$0.prose.trimmingWhitespace().isEmpty }
        let relPath = existing?.path ?? StoryWorkspace.chapterPath(number: n, title: entry.title)
        let base = try fs.read(story.path(relPath))

        var vars = storyVariables(meta)
        vars["outline"] = try story.outlineText()
        vars["chapter_number"] = String(n)
        vars["chapter_label"] = meta.language.chapterLabel(n)
        vars["chapter_title"] = entry.title
        vars["chapter_beats"] = entry.beats
        vars["previous_title"] = outline.last { $0.number < n }?.title ?? ""
        vars["next_title"] = outline.first { $0.number > n }?.title ?? ""
        vars["previous_summary"] = previous?.document["summary"] ?? ""
        vars["previous_ending"] = previous.map { String($0.prose.trimmingWhitespace().suffix(1500)) } ?? ""
        let target = existing?.document.int("length_target") ?? meta.chapterLength ?? (meta.language == .zh ? 3000 : 2500)
        vars["length_target"] = String(target)
        vars["length_unit"] = meta.language.lengthUnit
        vars["guidance"] = guidance
        let system = try prompts.render("system", language: meta.language, story: story, variables: vars)
        let instruction = try prompts.render("expand", language: meta.language, story: story, variables: vars)

        let reply = try ask(messages: [.system(system), .user(instruction)], maxTokens: settings.maxTokens)
        let logPath = story.path(StoryWorkspace.chatLog)
        try Transcript.append(fs: fs, path: logPath, entry: TranscriptEntry(time: now(), role: "user", task: "expand", content: "/expand chapter \(n)\(guidance.isEmpty ? "" : " " + guidance)"))
        try Transcript.append(fs: fs, path: logPath, entry: TranscriptEntry(reply: reply, task: "expand", time: now()))

        guard reply.ending.isComplete else {
            console.error("Because the reply is incomplete, it is not offered as chapter \(n); \(relPath) is unchanged. Run /expand chapter \(n) again.")
            return .failed
        }
        let prose = ProseCleaner.clean(reply.content, chapterTitle: entry.title)
        guard !prose.isEmpty else {
            console.error("The model's reply had no prose for chapter \(n); nothing to apply.")
            return .failed
        }
        var document = existing?.document ?? MarkdownDocument(body: "", fields: [("title", entry.title), ("status", "draft")])
        if document["title"] == nil { document["title"] = entry.title }
        if document["status"] == nil || document["status"] == "outline" { document["status"] = "draft" }
        document.body = prose + "\n"
        let proposed = document.render()
        let length = TextLength.count(prose).total
        let unit = meta.language.lengthUnit

        if let base {
            let script = LineDiff.diff(base, proposed)
            let change = LineDiff.lengthChange(script)
            if base == proposed {
                console.info("The proposal is identical to \(relPath); nothing to do.")
                return .ok
            }
            console.output("--- \(relPath)\n" + LineDiff.render(script, color: console.colorEnabled))
            console.info("\(relPath): +\(change.added) \(unit) −\(change.removed) \(unit); the chapter would be \(length) \(unit) (target \(target)).")
        } else {
            console.info("New file \(relPath): \(length) \(unit) (target \(target)).")
        }
        guard confirm("Apply to \(relPath)? [y/n] ") else {
            console.info("Nothing was written. The reply is kept in chat.jsonl.")
            return .ok
        }
        // The file must still be what the proposal was made against.
        let current = try fs.read(story.path(relPath))
        guard current == base else {
            try noticeOutsideEdits()
            console.error("\(relPath) changed on disk while the model was writing. Nothing was written, so your edit is safe; run /expand again to get a proposal against the new text.")
            return .failed
        }
        guard let store else { throw NovelistError.noStoryOpen }
        try store.apply("expand chapter \(n)", [FileEdit(relPath, proposed)])
        console.info("Wrote \(relPath) (\(length) \(unit)).")
        return .ok
    }
}
