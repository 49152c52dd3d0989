import Foundation

/// Where the session speaks and listens. The executable implements it for a terminal or a pipe;
/// tests implement it with scripted answers.
public protocol Console: AnyObject {
    /// A result: lists, the streamed reply, diffs (stdout).
    func output(_ text: String)
    /// A message about what happened (stderr).
    func info(_ text: String)
    /// An error the writer can act on (stderr).
    func error(_ text: String)
    /// A piece of the streamed reply.
    func streamContent(_ text: String)
    /// A piece of the model's reasoning (shown dimmed when enabled).
    func streamReasoning(_ text: String)
    /// The reply stream is about to start / has ended (spinners, newlines).
    func streamBegan()
    func streamEnded()
    /// Asks a question and returns the answer line, or nil at the end of input.
    func ask(_ question: String) -> String?
    var colorEnabled: Bool { get }
}

/// The outcome of one input line.
public enum Outcome: Equatable, Sendable {
    case ok, failed, quit
}

/// The REPL's engine: takes one line at a time, talks to the story and the model, asks before writing.
public final class Session {
    public private(set) var settings: Settings
    public let fs: any FileSystem
    public let prompts: PromptLibrary
    public let console: any Console
    public let cancel: CancelToken
    public var client: ChatClient
    /// Accept every confirmation (`--yes`).
    public var assumeYes: Bool
    public var showReasoning = true
    public private(set) var story: StoryWorkspace?
    public private(set) var meta: StoryMeta?
    private var conversation: [ChatMessage] = []
    private var serverModels: [String]?
    private let now: () -> Date

    public init(settings: Settings, fs: any FileSystem, transport: any HTTPTransport, prompts: PromptLibrary,
                console: any Console, cancel: CancelToken, assumeYes: Bool = false, now: @escaping () -> Date = Date.init) {
        self.settings = settings
        self.fs = fs
        self.prompts = prompts
        self.console = console
        self.cancel = cancel
        self.client = ChatClient(settings: settings, transport: transport)
        self.assumeYes = assumeYes
        self.now = now
    }

    public var prompt: String {
        guard let story else { return "novelist> " }
        return "\(meta?.title.isEmpty == false ? meta!.title : story.slug)> "
    }

    // MARK: Input

    /// Runs one line. Errors are shown here; the caller only sees whether the line succeeded.
    public func handle(_ line: String) -> Outcome {
        cancel.reset()
        do {
            switch Input.parse(line) {
            case .empty: return .ok
            case .chat(let text): return try chat(text)
            case .command(let name, let args): return try run(name, args)
            }
        } catch let error as NovelistError {
            console.error(error.message)
        } catch let error as ClientError {
            console.error(error.message)
        } catch {
            console.error("\(error)")
        }
        return .failed
    }

    private func run(_ name: String, _ args: String) throws -> Outcome {
        guard let spec = CommandTable.find(name) else {
            throw NovelistError.unknownCommand(name, suggestion: CommandTable.suggestion(for: name))
        }
        if spec.needsStory && story == nil { throw NovelistError.noStoryOpen }
        switch spec.name {
        case "help": help(args)
        case "stories": try listStories()
        case "new": try newStory(args)
        case "open":
            guard !args.isEmpty else { throw NovelistError.usage(command: "open", usage: spec.usage) }
            try open(args)
        case "chapters": try listChapters()
        case "expand": return try expand(args)
        case "export": try export(args)
        case "models": try listModels()
        case "model": try switchModel(args)
        case "reasoning":
            switch args.lowercased() {
            case "on": showReasoning = true
            case "off": showReasoning = false
            case "": break
            default: throw NovelistError.usage(command: "reasoning", usage: spec.usage)
            }
            console.info("Reasoning is \(showReasoning ? "shown" : "hidden") (it is always kept in chat.jsonl).")
        case "config": showConfig()
        case "quit": return .quit
        default: break
        }
        return .ok
    }

    // MARK: Stories

    public func storySlugs() -> [String] {
        fs.list(settings.storiesDir).filter {
            !$0.hasPrefix(".") && fs.exists("\(settings.storiesDir)/\($0)/\(StoryWorkspace.storyFile)")
        }
    }

    private func listStories() throws {
        let slugs = storySlugs()
        if slugs.isEmpty {
            console.info("No stories in \(settings.storiesDir)/ yet. /new <title> creates one.")
            return
        }
        for slug in slugs {
            let ws = StoryWorkspace(fs: fs, root: "\(settings.storiesDir)/\(slug)")
            let title = (try? ws.meta().title) ?? "(story.yaml does not parse)"
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
        story = ws
        self.meta = meta
        conversation = Transcript.load(fs: fs, path: ws.path(StoryWorkspace.chatLog)).suffix(20).map { $0 }
        let outline = (try? ws.outline()) ?? []
        let written = ((try? ws.chapters()) ?? []).filter { !$0.prose.trimmingWhitespace().isEmpty }.count
        console.info("Opened \(meta.title.isEmpty ? name : meta.title) (\(name)): \(outline.count) chapters in the outline, \(written) written.")
    }

    private func newStory(_ title: String) throws {
        let title = title.trimmingWhitespace()
        guard !title.isEmpty else { throw NovelistError.usage(command: "new", usage: "/new <title>") }
        try Names.validate(title)
        let slug = Names.slug(title)
        guard !slug.isEmpty else { throw NovelistError.badName(title, reason: "it has no letters or digits to name a folder with") }
        let root = "\(settings.storiesDir)/\(slug)"
        if fs.exists(root) { throw NovelistError.storyExists(slug) }
        let language = StoryLanguage.guess(from: title)
        let meta = StoryMeta(title: title, language: language, chapterLength: language == .zh ? 3000 : 2500)
        try fs.createDirectory("\(root)/\(StoryWorkspace.chaptersDir)")
        try fs.writeAtomically("\(root)/\(StoryWorkspace.storyFile)", meta.yaml())
        let outline = language == .zh
            ? "# \(title)\n\n<!-- 每章一个二级标题，例如：## 第一章 标题，下面写本章要点。 -->\n"
            : "# \(title)\n\n<!-- One level-2 heading per chapter, e.g. ## Chapter 1: Title, with its beats below. -->\n"
        try fs.writeAtomically("\(root)/\(StoryWorkspace.outlineFile)", outline)
        console.info("Created \(root)/ (story.yaml, outline.md, chapters/).")
        try open(slug)
    }

    private func listChapters() throws {
        guard let story, let meta else { throw NovelistError.noStoryOpen }
        let outline = try story.outline()
        let files = try story.chapters()
        let numbers = Set(outline.map(\.number)).union(files.map(\.number)).sorted()
        if numbers.isEmpty {
            console.info("No chapters yet. Add `## \(meta.language.chapterHeading(1, title: meta.language == .zh ? "标题" : "Title"))` entries to outline.md.")
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
            let notes = entry == nil ? "  (not in the outline)" : ""
            console.output(String(format: "%4d  ", n) + "\(meta.language.chapterHeading(n, title: title))  [\(status)]  \(lengthText)\(notes)")
        }
    }

    // MARK: Chat

    private func chat(_ text: String) throws -> Outcome {
        guard let story, let meta else { throw NovelistError.noStoryOpen }
        var vars = storyVariables(meta)
        vars["outline"] = try story.outlineText()
        let system = try prompts.render("system", language: meta.language, story: story, variables: vars)
        let chatPrompt = try prompts.render("chat", language: meta.language, story: story, variables: vars)
        let messages = [ChatMessage.system(system + "\n\n" + chatPrompt)] + conversation + [.user(text)]
        let reply = try ask(messages: messages, maxTokens: settings.maxTokens)
        let logPath = story.path(StoryWorkspace.chatLog)
        try Transcript.append(fs: fs, path: logPath, entry: TranscriptEntry(time: now(), role: "user", task: "chat", content: text))
        try Transcript.append(fs: fs, path: logPath, entry: TranscriptEntry(reply: reply, task: "chat", time: now()))
        conversation.append(.user(text))
        conversation.append(.assistant(reply.content))
        if conversation.count > 40 { conversation.removeFirst(conversation.count - 40) }
        return reply.ending == .cancelled || reply.ending.label == "cut" ? .failed : .ok
    }

    /// Sends messages, streams the reply to the console, reports how it ended.
    private func ask(messages: [ChatMessage], maxTokens: Int?) throws -> ChatReply {
        let model = try resolveModel()
        let options = ChatRequestOptions(model: model, temperature: settings.temperature, maxTokens: maxTokens)
        console.streamBegan()
        var streamed = false
        let reply: ChatReply
        do {
            reply = try client.stream(messages: messages, options: options, cancel: cancel) { event in
                switch event {
                case .content(let s):
                    streamed = true
                    console.streamContent(s)
                case .reasoning(let s):
                    if showReasoning { console.streamReasoning(s) }
                case .waiting(let attempt, let of, let seconds, let reason):
                    console.info("\(reason)\nRetrying (attempt \(attempt) of \(of)) in \(String(format: "%.1f", seconds)) s… (Ctrl-C to stop)")
                }
            }
        } catch {
            console.streamEnded()
            throw error
        }
        console.streamEnded()
        _ = streamed
        var summary: [String] = []
        if let u = reply.usage {
            summary.append("\(u.promptTokens) in")
            summary.append("\(u.completionTokens) out")
            if u.cachedTokens > 0 { summary.append("\(u.cachedTokens) cached") }
            if reply.elapsed > 0, u.completionTokens > 0 {
                let genTime = reply.elapsed - (reply.firstTokenAfter ?? 0)
                if genTime > 0 { summary.append(String(format: "%.1f tok/s", Double(u.completionTokens) / genTime)) }
            }
            if let pi = settings.priceInput, let po = settings.priceOutput {
                let cost = (Double(u.promptTokens) * pi + Double(u.completionTokens) * po) / 1_000_000
                summary.append(String(format: "cost %.4f", cost))
            }
        }
        summary.append(String(format: "%.1f s", reply.elapsed))
        summary.append(reply.model)
        console.info("[" + summary.joined(separator: " · ") + "]")
        let host = BaseURL.host(client.chatURL)
        switch reply.ending {
        case .cancelled:
            console.error("Interrupted. The partial reply is kept in chat.jsonl, marked as interrupted.")
        case .cut(let why):
            console.error("The reply from \(host) was cut short: \(why). What arrived is kept in chat.jsonl.")
        case .finished("length"):
            console.error("The reply from \(host) stopped at the token limit (finish_reason: length). Raise NOVELIST_MAX_TOKENS, or ask for less.")
        default: break
        }
        return reply
    }

    private func resolveModel() throws -> String {
        if let m = settings.model { return m }
        let models = try fetchModels()
        guard let first = models.first else { throw NovelistError.noModel }
        settings.model = first
        client.settings.model = first
        console.info("Using the model \(first) (the first the server lists; /model NAME to change).")
        return first
    }

    private func fetchModels() throws -> [String] {
        if let serverModels { return serverModels }
        let list = try client.listModels(cancel: cancel)
        serverModels = list
        return list
    }

    private func listModels() throws {
        serverModels = nil
        let models = try fetchModels()
        if models.isEmpty { console.info("The server lists no models.") }
        for m in models { console.output((m == settings.model ? "* " : "  ") + m) }
    }

    private func switchModel(_ name: String) throws {
        let name = name.trimmingWhitespace()
        guard !name.isEmpty else {
            console.output(settings.model ?? "(not set: the first model the server lists is used)")
            return
        }
        settings.model = name
        client.settings.model = name
        console.info("Model for this session: \(name)")
    }

    private func showConfig() {
        console.output("""
            base URL      \(settings.baseURL)
            model         \(settings.model ?? "(first listed by the server)")
            provider      \(settings.provider ?? "(none)")
            API key       \(settings.maskedKey) (from \(settings.keyVariable))
            stories       \(settings.storiesDir)
            max tokens    \(settings.maxTokens.map(String.init) ?? "(server default)")
            temperature   \(settings.temperature.map { String($0) } ?? "(server default)")
            timeouts      connect \(settings.connectTimeout) s, idle \(settings.idleTimeout) s, retries \(settings.retries)
            """)
    }

    private func help(_ args: String) {
        let name = args.trimmingWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !name.isEmpty, let spec = CommandTable.find(name) {
            console.output("\(spec.usage)\n  \(spec.summary)")
            return
        }
        let width = CommandTable.all.map(\.usage.count).max() ?? 20
        var lines = CommandTable.all.map { $0.usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.summary }
        lines.append("")
        lines.append("Anything else you type is sent to the model as conversation about the open story.")
        console.output(lines.joined(separator: "\n"))
    }

    // MARK: Expand

    private func expand(_ args: String) throws -> Outcome {
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
            console.error("\(relPath) changed on disk while the model was writing. Nothing was written, so your edit is safe; run /expand again to get a proposal against the new text.")
            return .failed
        }
        try fs.writeAtomically(story.path(relPath), proposed)
        console.info("Wrote \(relPath) (\(length) \(unit)).")
        return .ok
    }

    private func confirm(_ question: String) -> Bool {
        if assumeYes {
            console.info(question + "y (--yes)")
            return true
        }
        while true {
            guard let answer = console.ask(question)?.trimmingWhitespace().lowercased() else { return false }
            switch answer {
            case "y", "yes", "是", "好": return true
            case "n", "no", "否", "": return false
            default: console.info("Please answer y or n.")
            }
        }
    }

    // MARK: Export

    private func export(_ args: String) throws {
        guard let story, let meta else { throw NovelistError.noStoryOpen }
        var words = args.split(whereSeparator: \.isWhitespace).map(String.init)
        let format = words.isEmpty ? "md" : words.removeFirst().lowercased()
        guard format == "md" else {
            throw NovelistError.usage(command: "export", usage: "/export md [PATH]  (txt, html, epub and docx are coming)")
        }
        let target: String
        if words.isEmpty {
            target = story.path("\(StoryWorkspace.exportDir)/\(story.slug).md")
        } else {
            target = words.joined(separator: " ")
            if target.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                throw NovelistError.badName(target, reason: "it contains control characters")
            }
            if fs.isDirectory(target) { throw NovelistError.badName(target, reason: "it is a folder; give a file name such as \(target)/\(story.slug).md") }
        }
        let chapters = try story.chapters()
        let result = ManuscriptExport.markdown(meta: meta, chapters: chapters, outline: try story.outline(), date: Self.dateString(now()))
        guard result.chapterCount > 0 else { throw NovelistError.nothingToExport }
        for w in result.warnings { console.info("Note: \(w)") }
        try fs.writeAtomically(target, result.text)
        console.info("Exported \(result.chapterCount) chapters, \(result.length) \(meta.language.lengthUnit), to \(target).")
    }

    static func dateString(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }

    private func storyVariables(_ meta: StoryMeta) -> [String: String] {
        ["title": meta.title, "author": meta.author, "language": meta.language.rawValue, "genre": meta.genre,
         "logline": meta.logline, "style": meta.style]
    }
}

/// Turns a model's chapter reply into prose: no heading echoing the chapter, no code fence around it.
public enum ProseCleaner {
    public static func clean(_ reply: String, chapterTitle: String) -> String {
        var lines = LineDiff.lines(reply.trimmingWhitespace())
        if let first = lines.first, first.hasPrefix("```") {
            lines.removeFirst()
            if lines.last?.hasPrefix("```") == true { lines.removeLast() }
        }
        while let first = lines.first {
            let t = first.trimmingWhitespace()
            let heading = t.hasPrefix("#") ? t.drop(while: { $0 == "#" }).trimmingWhitespace() : nil
            if let heading, OutlineParser.parseChapterHeading(heading) != nil || heading == chapterTitle || heading.isEmpty {
                lines.removeFirst()
            } else if t.isEmpty {
                lines.removeFirst()
            } else {
                break
            }
        }
        return lines.joined(separator: "\n").trimmingWhitespace()
    }
}
