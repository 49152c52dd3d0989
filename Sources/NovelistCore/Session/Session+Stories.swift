import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

extension Session {
    // MARK: Stories

    package func storySlugs() -> [String] {
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
            let mark = slug == openStory?.workspace.slug ? "*" : " "
            console.output("\(mark) \(slug)\(title != slug ? "  —  \(title)" : "")")
        }
    }

    package func open(_ name: String) throws {
        try Names.validate(name)
        let root = "\(settings.storiesDir)/\(name)"
        guard fs.isDirectory(root), fs.exists("\(root)/\(StoryWorkspace.storyFile)") else {
            throw NovelistError.storyNotFound(name, available: storySlugs())
        }
        // The new story's store is made first: if that fails, the story that was open stays open (and locked).
        let previous = openStory
        let reopening = previous?.workspace.root == root
        // Opened again, the story keeps its workspace: the store's and the session's files are seen the same way
        // (one memo of the files' stamps, forgotten by the store's changes and the session's waits alike).
        let ws = reopening ? previous!.workspace : StoryWorkspace(fs: fs, root: root)
        let meta = try ws.meta()
        let newStore = try previous.flatMap { reopening ? $0.store : nil } ?? StoryStore(workspace: ws)
        if !reopening { previous?.store.releaseLock() }
        openStory = OpenStory(workspace: ws, meta: meta, store: newStore)
        applyStorySettings(meta)
        // Nothing of the previous story's requests may be continued, retried or applied in this one.
        lastTask = nil
        lastLine = nil
        lastProposals = []
        conversationSummary = nil
        if newStore.readOnly {
            console.error(NovelistError.readOnly(holder: newStore.lockHolder).message)
        }
        // While a first look's versions go to the disk, the story's facts are made from the texts it read, and
        // the digests written: the open then uses them instead of looking at every file again.
        var facts: (outline: [OutlineEntry], digests: [ChapterDigest], bible: [BibleNames])?
        try noticeOutsideEdits(meanwhile: {
            facts = ((try? ws.outline()) ?? [], ws.chapterDigests(), ws.bibleNames())
            ws.saveDigests()
        })
        conversation = Transcript.load(fs: fs, path: ws.path(StoryWorkspace.chatLog)).suffix(20).map { $0 }
        let outline = facts?.outline ?? (try? ws.outline()) ?? []
        // From the digests: a warm open reads only the chapters that changed since the last run (issue 19).
        let digests = facts?.digests ?? ws.chapterDigests()
        let written = digests.filter(\.hasProse).count
        // The folder's name is added only when it differs from the title (雾港来信 is not said twice).
        let chapterCount = Set(outline.map(\.number)).count  // as /chapters counts them, a duplicate heading once
        if meta.title.isEmpty || meta.title == name {
            console.info(L("Opened %@: %d chapters in the outline, %d written.", name, chapterCount, written))
        } else {
            console.info(L("Opened %@ (%@): %d chapters in the outline, %d written.", meta.title, name, chapterCount, written))
        }
        warnAboutDuplicates(ws, outline: outline, bible: facts?.bible)
        if let first = outline.first(where: { ($0.headingNumber ?? $0.number) != $0.number }), let shown = first.headingNumber {
            console.info(
                L(
                    "The outline numbers chapters within each volume; commands and files number them through the book (%@, %@ is chapter %d).",
                    first.volume ?? "", meta.language.chapterHeading(shown, title: first.title), first.number))
        }
        reportTitleMismatches(digests, outline: outline)
        if !newStore.readOnly { ws.saveDigests() } else { ws.dropOfferedTexts() }
    }

    func newStory(_ title: String) throws {
        let title = title.trimmingWhitespace()
        guard !title.isEmpty else { throw NewCommand.usageError }
        try Names.validate(title)
        let slug = Names.slug(title)
        guard !slug.isEmpty else { throw NovelistError.badName(title, reason: Phrase("it has no letters or digits to name a folder with")) }
        let root = "\(settings.storiesDir)/\(slug)"
        // A folder is a story once it has story.yaml, written last: a /new interrupted half-way can simply be
        // run again (nothing of a story is there to lose), and an existing story is never overwritten.
        if fs.exists("\(root)/\(StoryWorkspace.storyFile)") || (fs.exists(root) && !fs.isDirectory(root)) {
            throw NovelistError.storyExists(slug)
        }
        let language = StoryLanguage.guess(from: title)
        let meta = StoryMeta(title: title, language: language, chapterLength: language == .zh ? 3000 : 2500)
        try fs.createDirectory("\(root)/\(StoryWorkspace.chaptersDir)")
        let outline =
            language == .zh
            ? "# \(title)\n\n<!-- 每章一个二级标题，例如：## 第一章 标题，下面写本章要点。 -->\n"
            : "# \(title)\n\n<!-- One level-2 heading per chapter, e.g. ## Chapter 1: Title, with its beats below. -->\n"
        if !fs.exists("\(root)/\(StoryWorkspace.outlineFile)") {
            try fs.writeAtomically("\(root)/\(StoryWorkspace.outlineFile)", outline)
        }
        try fs.writeAtomically("\(root)/\(StoryWorkspace.storyFile)", meta.yaml())
        console.info(L("Created %@/ (story.yaml, outline.md, chapters/).", root))
        try open(slug)
    }

    func listChapters(in open: OpenStory) throws {
        let story = open.workspace
        let meta = open.meta
        let outline = try story.outline()
        let files = try story.chapters()
        let numbers = Set(outline.map(\.number)).union(files.map(\.number)).sorted()
        if numbers.isEmpty {
            console.info(
                L(
                    "No chapters yet. Add `## %@` entries to outline.md.",
                    meta.language.chapterHeading(1, title: meta.language == .zh ? "标题" : "Title")))
            return
        }
        let unit = meta.language.lengthUnit
        var shownVolume: String?
        var drift = false
        for n in numbers {
            let entry = outline.first { $0.number == n }
            if let volume = entry?.volume, volume != shownVolume {
                console.output("      " + volume)  // the volume heading, as the outline writes it
                shownVolume = volume
            }
            let file = files.first { $0.number == n }
            let title = file?.title.isEmpty == false ? file!.title : (entry?.title ?? "")
            let status = file.map { $0.status.isEmpty ? "draft" : $0.status } ?? "outline"
            let length = file.map { TextLength.count($0.prose).total } ?? 0
            let target = file?.target ?? meta.chapterLength
            let lengthText = target.map { "\(length)/\($0) \(unit)" } ?? "\(length) \(unit)"
            var notes = entry == nil ? "  " + L("(not in the outline)") : ""
            if let entry, let file, !file.title.isEmpty, !entry.title.isEmpty, entry.title != file.title {
                notes = "  " + L("(the outline says \"%@\")", entry.title)
                drift = true
            }
            console.output(
                String(format: "%4d  ", n) + "\(meta.language.chapterHeading(n, title: title))  [\(status)]  \(lengthText)\(notes)")
        }
        if drift { console.info(L("/chapter retitle takes the outline's titles (one change, /undo reverses it).")) }
    }

    /// Tells the writer about files changed outside novelist; they are recorded in history first.
    func noticeOutsideEdits(meanwhile: (() -> Void)? = nil) throws {
        guard let open = openStory else { return }
        let store = open.store
        let meta = open.meta
        defer {
            for (path, why) in store.unreadable.sorted(by: { $0.key < $1.key }) where warnedUnreadable[path] != why {
                console.error(why)
                warnedUnreadable[path] = why
            }
        }
        let unit = meta.language.lengthUnit
        let edits = try store.noticeOutsideEdits(meanwhile: meanwhile)
        if store.sawFirstLook, let line = firstLookSummary(open.workspace, meta: meta) {
            console.info(line)
        }
        // Many files changed at once (a folder copied in, a search and replace): one line, not one per file.
        if edits.count > 5 {
            console.info(outsideEditsSummary(edits))
            return
        }
        // What was added and removed, not only the net change (the entry just recorded holds both versions).
        let changes = edits.isEmpty ? [] : ((try? store.latestApplied.map { try store.lengthChange(of: $0) }) ?? nil) ?? []
        for edit in edits {
            let name = describe(path: edit.path)
            if edit.created {
                console.info(L("%@ appeared outside novelist (%d %@); recorded in history.", name, edit.lengthAfter, unit))
            } else if edit.deleted {
                console.info(L("%@ was deleted outside novelist; recorded in history, /undo brings it back.", name))
            } else {
                let delta = edit.lengthAfter - edit.lengthBefore
                let change =
                    changes.first { $0.path == edit.path }.map { "+\($0.added) \(unit) −\($0.removed) \(unit)" }
                    ?? "\(delta >= 0 ? "+" : "−")\(abs(delta)) \(unit)"
                console.info(L("%@ changed outside novelist: %@; recorded in history, /undo restores the previous version.", name, change))
                // A chapter's summary feeds later chapters' context: offer to bring it up to date (when it has one).
                if edit.path.hasPrefix(StoryWorkspace.chaptersDir + "/"),
                    let n = ChapterFile.number(fromFileName: lastPathComponent(edit.path)),
                    (try? openStory?.workspace.chapter(n)?.document["summary"])??.isEmpty == false
                {
                    console.info(L("Its summary may be out of date now: /summarize chapter %d writes a new one.", n))
                }
            }
        }
    }

    /// "First look at 长夜行: 299 chapters, the outline and 60 bible entries recorded; /history starts here."
    /// Nothing for a story with no chapter yet (one just made with /new): there is nothing to take in.
    func firstLookSummary(_ story: StoryWorkspace, meta: StoryMeta) -> String? {
        let chapters = fs.list(story.path(StoryWorkspace.chaptersDir)).filter { ChapterFile.number(fromFileName: $0) != nil }.count
        guard chapters > 0 else { return nil }
        let bible = BibleEntry.files(story).count
        let outline = (try? fs.read(story.path(StoryWorkspace.outlineFile))) ?? nil
        let title = meta.title.isEmpty ? story.slug : meta.title
        let count = chapters == 1 ? L("1 chapter") : L("%d chapters", chapters)
        return outline == nil
            ? L("First look at %@: %@ and %d bible entries recorded as they are; /history starts here.", title, count, bible)
            : L("First look at %@: %@, the outline and %d bible entries recorded as they are; /history starts here.", title, count, bible)
    }

    /// "12 chapters changed outside novelist: 3, 7, 9-18 (and 2 other files); recorded in history, /history shows them."
    func outsideEditsSummary(_ edits: [OutsideEdit]) -> String {
        let numbers = edits.compactMap { edit -> Int? in
            edit.path.hasPrefix(StoryWorkspace.chaptersDir + "/") ? ChapterFile.number(fromFileName: lastPathComponent(edit.path)) : nil
        }
        let others = edits.count - numbers.count
        if numbers.isEmpty {
            return L("%d files changed outside novelist; recorded in history, /history shows them.", edits.count)
        }
        let list = NovelistError.ranges(numbers)
        return others == 0
            ? L("%d chapters changed outside novelist: %@; recorded in history, /history shows them.", numbers.count, list)
            : L(
                "%d chapters changed outside novelist: %@ (and %d other files); recorded in history, /history shows them.", numbers.count,
                list, others)
    }

    /// "chapter 3" for a chapter file, the path otherwise.
    func describe(path: String) -> String {
        if path.hasPrefix(StoryWorkspace.chaptersDir + "/"), let n = ChapterFile.number(fromFileName: lastPathComponent(path)) {
            return L("Chapter %d (%@)", n, path)
        }
        return path
    }

    /// story.yaml's model settings, where the writer did not set one explicitly.
    func applyStorySettings(_ meta: StoryMeta) {
        var s = baseSettings
        if !s.explicit.contains("NOVELIST_MODEL"), let m = meta.model { s.model = m }
        if !s.explicit.contains("NOVELIST_TEMPERATURE"), let t = meta.temperature { s.temperature = t }
        if !s.explicit.contains("NOVELIST_MAX_TOKENS"), let m = meta.maxTokens { s.maxTokens = m }
        if !s.explicit.contains("NOVELIST_CONTEXT_TOKENS"), let c = meta.contextTokens { s.contextTokens = c }
        s.summaryModel = s.summaryModel ?? meta.models["summary"]  // the environment wins over story.yaml
        s.checkModel = s.checkModel ?? meta.models["check"]
        if s.model == nil, let current = settings.model { s.model = current }  // a model found on the server
        settings = s
        client.settings = s.endpoint
    }
}
