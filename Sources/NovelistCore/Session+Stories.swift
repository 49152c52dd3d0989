import Foundation

extension Session {
    // MARK: Stories

    public func storySlugs() -> [String] {
        fs.list(settings.storiesDir).filter {
            !$0.hasPrefix(".") && fs.exists("\(settings.storiesDir)/\($0)/\(StoryWorkspace.storyFile)")
        }
    }

    func listStories() throws {
        let slugs = storySlugs()
        if slugs.isEmpty {
            console.info(L("No stories in %@/ yet. /new <title> creates one.", settings.storiesDir))
            return
        }
        for slug in slugs {
            let ws = StoryWorkspace(fs: fs, root: "\(settings.storiesDir)/\(slug)")
            let title = (try? ws.meta().title) ?? L("(story.yaml does not parse)")
            let mark = slug == story?.slug ? "*" : " "
            console.output("\(mark) \(slug)\(title != slug ? "  —  \(title)" : "")")
        }
    }

    public func open(_ name: String) throws {
        try Names.validate(name)
        let root = "\(settings.storiesDir)/\(name)"
        guard fs.isDirectory(root), fs.exists("\(root)/\(StoryWorkspace.storyFile)") else {
            throw NovelistError.storyNotFound(name, available: storySlugs())
        }
        let ws = StoryWorkspace(fs: fs, root: root)
        let meta = try ws.meta()
        // The new story's store is made first: if that fails, the story that was open stays open (and locked).
        let reopening = story?.root == ws.root && store != nil
        let newStore = reopening ? store! : try StoryStore(workspace: ws)
        if !reopening { store?.releaseLock() }
        story = ws
        self.meta = meta
        store = newStore
        applyStorySettings(meta)
        // Nothing of the previous story's requests may be continued, retried or applied in this one.
        lastTask = nil
        lastLine = nil
        lastProposals = []
        conversationSummary = nil
        if newStore.readOnly {
            console.error(NovelistError.readOnly(holder: newStore.lockHolder).message)
        }
        try noticeOutsideEdits()
        conversation = Transcript.load(fs: fs, path: ws.path(StoryWorkspace.chatLog)).suffix(20).map { $0 }
        let outline = (try? ws.outline()) ?? []
        // Counted without parsing every chapter's front matter: opening a 300-chapter story stays instant.
        let written = fs.list(ws.path(StoryWorkspace.chaptersDir)).filter { name in
            ChapterFile.number(fromFileName: name) != nil && ((try? fs.read(ws.path("\(StoryWorkspace.chaptersDir)/\(name)"))) ?? nil).map(ChapterFile.hasProse) == true
        }.count
        // The folder's name is added only when it differs from the title (雾港来信 is not said twice).
        let chapterCount = Set(outline.map(\.number)).count  // as /chapters counts them, a duplicate heading once
        if meta.title.isEmpty || meta.title == name {
            console.info(L("Opened %@: %d chapters in the outline, %d written.", name, chapterCount, written))
        } else {
            console.info(L("Opened %@ (%@): %d chapters in the outline, %d written.", meta.title, name, chapterCount, written))
        }
        warnAboutDuplicates(ws, outline: outline)
    }

    func newStory(_ title: String) throws {
        let title = title.trimmingWhitespace()
        guard !title.isEmpty else { throw NovelistError.usage(command: "new", usage: "/new <title>") }
        try Names.validate(title)
        let slug = Names.slug(title)
        guard !slug.isEmpty else { throw NovelistError.badName(title, reason: L("it has no letters or digits to name a folder with")) }
        let root = "\(settings.storiesDir)/\(slug)"
        // A folder is a story once it has story.yaml, written last: a /new interrupted half-way can simply be
        // run again (nothing of a story is there to lose), and an existing story is never overwritten.
        if fs.exists("\(root)/\(StoryWorkspace.storyFile)") || (fs.exists(root) && !fs.isDirectory(root)) {
            throw NovelistError.storyExists(slug)
        }
        let language = StoryLanguage.guess(from: title)
        let meta = StoryMeta(title: title, language: language, chapterLength: language == .zh ? 3000 : 2500)
        try fs.createDirectory("\(root)/\(StoryWorkspace.chaptersDir)")
        let outline = language == .zh
            ? "# \(title)\n\n<!-- 每章一个二级标题，例如：## 第一章 标题，下面写本章要点。 -->\n"
            : "# \(title)\n\n<!-- One level-2 heading per chapter, e.g. ## Chapter 1: Title, with its beats below. -->\n"
        if !fs.exists("\(root)/\(StoryWorkspace.outlineFile)") {
            try fs.writeAtomically("\(root)/\(StoryWorkspace.outlineFile)", outline)
        }
        try fs.writeAtomically("\(root)/\(StoryWorkspace.storyFile)", meta.yaml())
        console.info(L("Created %@/ (story.yaml, outline.md, chapters/).", root))
        try open(slug)
    }

    func listChapters() throws {
        guard let story, let meta else { throw NovelistError.noStoryOpen }
        let outline = try story.outline()
        let files = try story.chapters()
        let numbers = Set(outline.map(\.number)).union(files.map(\.number)).sorted()
        if numbers.isEmpty {
            console.info(L("No chapters yet. Add `## %@` entries to outline.md.", meta.language.chapterHeading(1, title: meta.language == .zh ? "标题" : "Title")))
            return
        }
        let unit = meta.language.lengthUnit
        for n in numbers {
            let entry = outline.first { $0.number == n }
            let file = files.first { $0.number == n }
            let title = file?.title.isEmpty == false ? file!.title : (entry?.title ?? "")
            let status = file.map { $0.status.isEmpty ? "draft" : $0.status } ?? "outline"
            let length = file.map { TextLength.count($0.prose).total } ?? 0
            let target = file?.document.int("length_target") ?? meta.chapterLength
            let lengthText = target.map { "\(length)/\($0) \(unit)" } ?? "\(length) \(unit)"
            let notes = entry == nil ? "  " + L("(not in the outline)") : ""
            console.output(String(format: "%4d  ", n) + "\(meta.language.chapterHeading(n, title: title))  [\(status)]  \(lengthText)\(notes)")
        }
    }

    /// Tells the writer about files changed outside novelist; they are recorded in history first.
    func noticeOutsideEdits() throws {
        guard let store, let meta else { return }
        defer {
            for (path, why) in store.unreadable.sorted(by: { $0.key < $1.key }) where warnedUnreadable[path] != why {
                console.error(why)
                warnedUnreadable[path] = why
            }
        }
        let unit = meta.language.lengthUnit
        for edit in try store.noticeOutsideEdits() {
            let name = describe(path: edit.path)
            if edit.created {
                console.info(L("%@ appeared outside novelist (%d %@); recorded in history.", name, edit.lengthAfter, unit))
            } else if edit.deleted {
                console.info(L("%@ was deleted outside novelist; recorded in history, /undo brings it back.", name))
            } else {
                let delta = edit.lengthAfter - edit.lengthBefore
                console.info(L("%@ changed outside novelist: %@; recorded in history, /undo restores the previous version.", name, "\(delta >= 0 ? "+" : "−")\(abs(delta)) \(unit)"))
                // A chapter's summary feeds later chapters' context: offer to bring it up to date.
                if edit.path.hasPrefix(StoryWorkspace.chaptersDir + "/"), let n = ChapterFile.number(fromFileName: lastPathComponent(edit.path)) {
                    console.info(L("Its summary may be out of date now: /summarize chapter %d writes a new one.", n))
                }
            }
        }
    }

    /// "chapter 3" for a chapter file, the path otherwise.
    func describe(path: String) -> String {
        if path.hasPrefix(StoryWorkspace.chaptersDir + "/"), let n = ChapterFile.number(fromFileName: lastPathComponent(path)) {
            return L("Chapter %d (%@)", n, path)
        }
        return path
    }

    func showHistory() throws {
        guard let store else { throw NovelistError.noStoryOpen }
        let (entries, position) = store.history
        if entries.isEmpty {
            console.info(L("No changes yet."))
            return
        }
        for (i, e) in entries.enumerated().suffix(50) {
            let mark = i < position ? " " : "~"
            let files = e.files.map(\.path).joined(separator: ", ")
            let outside = e.kind == "outside" ? L(" (outside)") : ""
            console.output("\(mark)\(String(format: "%4d", e.id))  \(e.time)  \(e.message)\(outside)  [\(files)]")
        }
        if position < entries.count { console.info(L("~ marks undone changes; /redo applies them again.")) }
    }

    func undo() throws {
        guard let store else { throw NovelistError.noStoryOpen }
        guard let entry = try store.undo() else { throw NovelistError.nothingToUndo }
        console.info(L("Undid: %@ [%@]. /redo applies it again.", entry.message, entry.files.map(\.path).joined(separator: ", ")))
        meta = try story?.meta()
    }

    func redo() throws {
        guard let store else { throw NovelistError.noStoryOpen }
        guard let entry = try store.redo() else { throw NovelistError.nothingToRedo }
        console.info(L("Redid: %@ [%@].", entry.message, entry.files.map(\.path).joined(separator: ", ")))
        meta = try story?.meta()
    }

    /// story.yaml's model settings, where the writer did not set one explicitly.
    func applyStorySettings(_ meta: StoryMeta) {
        var s = baseSettings
        if !s.explicit.contains("NOVELIST_MODEL"), let m = meta.model { s.model = m }
        if !s.explicit.contains("NOVELIST_TEMPERATURE"), let t = meta.temperature { s.temperature = t }
        if !s.explicit.contains("NOVELIST_MAX_TOKENS"), let m = meta.maxTokens { s.maxTokens = m }
        if !s.explicit.contains("NOVELIST_CONTEXT_TOKENS"), let c = meta.contextTokens { s.contextTokens = c }
        if s.model == nil, let current = settings.model { s.model = current }  // a model found on the server
        settings = s
        client.settings = s
    }
}
