import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

extension Session {
    // MARK: Chat

    /// Brainstorming: the story card, the outline, the bible (index, plus entries the writer names) and the
    /// recent conversation. Concrete proposals in the reply are offered for merging when it ends.
    func chat(_ text: String, in open: OpenStory) throws -> Outcome {
        let meta = open.meta
        var request = try brainstormRequest(text, model: try resolveModel(), in: open)
        var plan = try ContextBuilder.build(request)
        if plan.droppedTurns > 0 {
            // Older turns no longer fit: they are summarised by the model (once, then reused) instead of lost.
            let older = Array(conversation.prefix(plan.droppedTurns))
            if conversationSummary?.covered != older.count {
                conversationSummary = (older.count, try summarizeConversation(older, language: meta.language))
            }
            request.conversation = Array(conversation.dropFirst(older.count))
            request.conversationSummary = conversationSummary?.text ?? ""
            plan = try ContextBuilder.build(request)
        }
        return try send(plan, maxTokens: settings.maxTokens ?? Self.chatReplyTokens, task: "chat", line: text, userText: text) { reply in
            try self.offerProposals(in: reply.content, in: open)
        }
    }

    /// The request for a brainstorming message: the one builder that both chat and /context use.
    func brainstormRequest(_ text: String, model: String, in open: OpenStory) throws -> ContextRequest {
        let story = open.workspace
        let meta = open.meta
        let vars = try storyVariables(meta, story: story)
        let system = try prompts.render("system", language: meta.language, story: story, variables: vars)
        let brainstorm = try prompts.render("brainstorm", language: meta.language, story: story, variables: vars)
        let entries = try BibleEntry.load(story)
        var request = ContextRequest(
            language: meta.language, system: system + "\n\n" + brainstorm, instruction: text,
            contextTokens: settings.contextTokens, reservedOutput: settings.maxTokens ?? Self.chatReplyTokens,
            estimator: TokenEstimator(factor: calibrationFactor(model)))
        request.labels = try prompts.contextLabels(language: meta.language, story: story)
        request.bible = ContextBuilder.namedEntries(entries, in: [text])
        request.bibleIndex = entries.map {
            "- \($0.name)\($0.kind.isEmpty ? "" : " (\($0.kind))")\($0.aliases.isEmpty ? "" : ": " + $0.aliases.joined(separator: ", "))"
        }.joined(separator: "\n")
        request.outlineText = try story.outlineText()
        request.outline = try story.outline()
        request.conversation = conversation
        return request
    }

    /// Sends a planned request, logs both turns, remembers it for /retry and /continue, and hands a complete
    /// reply to `finish`. An incomplete reply is kept in the transcript and never handed on.
    func send(
        _ plan: ContextPlan, maxTokens: Int?, task: String, line: String, userText: String,
        partial: ((ChatReply) throws -> Outcome)? = nil, alternatives: Int = 1,
        finish: @escaping (ChatReply) throws -> Outcome
    ) throws -> Outcome {
        if !plan.dropped.isEmpty {
            console.info(
                L(
                    "To fit the budget (%d tokens), left out: %@. /context shows what is sent.", plan.budget,
                    plan.dropped.joined(separator: "; ")))
        }
        if alternatives > 1 {
            return try sendAlternatives(
                plan, count: alternatives, maxTokens: maxTokens, task: task, line: line, userText: userText, finish: finish)
        }
        lastLine = (line, task)  // /retry works even when this request fails
        lastTask = nil
        let reply: ChatReply
        if let replayed = replay?.first {
            reply = replayed  // rebuilding the last task from chat.jsonl: no request, nothing logged again
            replay = nil
        } else {
            reply = try ask(messages: plan.messages, maxTokens: maxTokens, rawEstimate: plan.rawTokens, task: task)
            try record(task: task, userText: userText, reply: reply)
        }
        lastTask = LastTask(
            line: line, task: task, messages: plan.messages, maxTokens: maxTokens, reply: reply, finish: finish, partial: partial)
        if replayQuiet { return .ok }
        return try conclude(reply)
    }

    /// Logs a request and its reply in the transcript; chat turns also join the conversation.
    func record(task: String, userText: String, reply: ChatReply) throws {
        guard let story = openStory?.workspace, openStory?.store.readOnly != true else { return }
        let logPath = story.path(StoryWorkspace.chatLog)
        try Transcript.append(fs: fs, path: logPath, entry: TranscriptEntry(time: now(), role: "user", task: task, content: userText))
        try Transcript.append(fs: fs, path: logPath, entry: TranscriptEntry(reply: reply, task: task, time: now()))
        if task == "chat" {
            conversation.append(.user(userText))
            conversation.append(.assistant(reply.content))
            if conversation.count > 200 { conversation.removeFirst(conversation.count - 200) }
        }
    }

    /// A complete reply goes to the task's `finish`; an incomplete one says how to go on.
    func conclude(_ reply: ChatReply) throws -> Outcome {
        guard let task = lastTask else { return .ok }
        guard reply.ending.isComplete else {
            if task.task != "chat" {
                console.error(
                    L(
                        "Because the reply is incomplete, nothing from it is offered for the story. /continue asks the model to finish it; /retry starts again."
                    ))
                if let partial = task.partial, !reply.content.trimmingWhitespace().isEmpty {
                    _ = try partial(reply)
                }
            } else {
                console.info(L("/continue asks the model to finish the reply; /retry starts again."))
            }
            // A broken stream is the endpoint's failure (exit status 3); the token limit or Ctrl-C is not.
            if case .cut = reply.ending { return .endpointFailed }
            return .failed
        }
        return try task.finish(reply)
    }

    /// `/retry`: run the last model command again.
    func retry() throws -> Outcome {
        if lastLine == nil, let (line, task, _) = lastRequestInTranscript() { lastLine = (line, task) }  // after a restart
        guard let (line, task) = lastLine else { throw NovelistError.nothingToRetry }
        // A chat turn that got a reply is replaced by the retried one.
        if task == "chat", lastTask?.task == "chat", conversation.count >= 2 { conversation.removeLast(2) }
        lastTask = nil
        // A chat line is sent as chat even when it starts with a slash ("//text" was typed).
        return handle(task == "chat" && line.hasPrefix("/") ? "/" + line : line)
    }

    /// `/continue` with no arguments: ask the model to finish the last reply that was cut short.
    func continueReply(in open: OpenStory) throws -> Outcome {
        if lastTask == nil { try rebuildLastTask(offer: false) }  // after a restart: from chat.jsonl
        guard var task = lastTask else { throw NovelistError.nothingToRetry }
        guard !task.reply.ending.isComplete else {
            console.info(L("The last reply is complete. /continue chapter N continues a chapter."))
            return .ok
        }
        let meta = open.meta
        let partial = task.reply
        let nudge = try prompts.render("finish-reply", language: meta.language, story: open.workspace, variables: [:])
        let messages = task.messages + [.assistant(partial.content), .user(nudge)]
        // The reply so far is part of this request: the room left for the rest is what the window still holds.
        let estimator = TokenEstimator(factor: calibrationFactor(try resolveModel()))
        let prompt = messages.reduce(0) { $0 + estimator.tokens($1.content) + TokenEstimator.perMessage }
        let room = settings.contextTokens - prompt
        guard room >= 64 else {
            throw NovelistError.contextTooSmall(needed: prompt + 64, window: settings.contextTokens)
        }
        let more = try ask(messages: messages, maxTokens: min(task.maxTokens ?? room, room), rawEstimate: nil, task: task.task)
        var combined = more
        combined.content = partial.content + more.content
        combined.reasoning = partial.reasoning + more.reasoning
        try record(task: task.task + "-continue", userText: "/continue", reply: more)
        if task.task == "chat", conversation.count >= 1 {
            conversation[conversation.count - 1] = .assistant(combined.content)
        }
        task.reply = combined  // the request stays the original one; a further /continue sends what arrived so far
        lastTask = task
        if let appended = task.appended {
            // What arrived before was already appended to the chapter: only the new part may be appended now.
            let story = open.workspace
            let current = try fs.read(story.path(appended.path))
            let outcome = try offerAppend(
                ProseCleaner.clean(more.content, chapterTitle: appended.title), to: appended.path, base: current, title: appended.title)
            return more.ending.isComplete && outcome == .ok ? .ok : outcome
        }
        return try conclude(combined)
    }

    /// Sends messages, streams the reply to the console, reports how it ended, learns the token calibration.
    func ask(messages: [ChatMessage], maxTokens: Int?, rawEstimate: Int?, task: String = "chat") throws -> ChatReply {
        // A read-only session (another novelist holds the story) could keep nothing of a paid reply: say so first.
        if let store = openStory?.store, store.readOnly { throw NovelistError.readOnly(holder: store.lockHolder) }
        let model = try model(for: task)
        let options = ChatRequestOptions(model: model, temperature: settings.temperature, maxTokens: maxTokens)
        console.streamBegan()
        // The writer may edit files while the reply streams: their stamps are looked up again afterwards.
        defer { openStory?.workspace.forgetStamps() }
        let reply: ChatReply
        do {
            reply = try client.stream(messages: messages, options: options, cancel: cancel) { event in
                switch event {
                case .content(let s):
                    console.streamContent(s)
                case .reasoning(let s):
                    if showReasoning { console.streamReasoning(s) }
                case .waiting(let attempt, let of, let seconds, let reason):
                    console.info(L("%@\nRetrying (attempt %d of %d) in %.1f s… (Ctrl-C to stop)", reason, attempt, of, seconds))
                }
            }
        } catch {
            console.streamEnded()
            throw error
        }
        console.streamEnded()
        if let u = reply.usage {
            if let rawEstimate { learnCalibration(model: model, rawEstimate: rawEstimate, observed: u.promptTokens) }
            addUsage(u, task: task, model: reply.model)
        }
        var summary: [String] = []
        if let u = reply.usage {
            summary.append(L("%d in", u.promptTokens))
            summary.append(L("%d out", u.completionTokens))
            if u.cachedTokens > 0 { summary.append(L("%d cached", u.cachedTokens)) }
            if reply.elapsed > 0, u.completionTokens > 0 {
                let genTime = reply.elapsed - (reply.firstTokenAfter ?? 0)
                if genTime > 0 { summary.append(L("%.1f tok/s", Double(u.completionTokens) / genTime)) }
            }
            if let pi = settings.priceInput, let po = settings.priceOutput {
                let cost = (Double(u.promptTokens) * pi + Double(u.completionTokens) * po) / 1_000_000
                summary.append(L("cost %.4f", cost))
            }
        }
        summary.append(L("%.1f s", reply.elapsed))
        summary.append(reply.model)
        console.info("[" + summary.joined(separator: " · ") + "]")
        let host = BaseURL.host(client.chatURL)
        switch reply.ending {
        case .cancelled:
            console.error(L("Interrupted. The partial reply is kept in chat.jsonl, marked as interrupted."))
        case .cut(let why):
            console.error(L("The reply from %@ was cut short: %@. What arrived is kept in chat.jsonl.", host, why))
        case .finished("length"):
            console.error(
                L(
                    "The reply from %@ stopped at the token limit (finish_reason: length). /continue asks for the rest; or raise NOVELIST_MAX_TOKENS.",
                    host))
        default: break
        }
        return reply
    }

    func resolveModel() throws -> String {
        if let m = settings.model { return m }
        let models = try fetchModels()
        guard let first = models.first else { throw NovelistError.noModel }
        settings.model = first
        client.settings.model = first
        console.info(L("Using the model %@ (the first the server lists; /model NAME to change).", first))
        return first
    }

    func fetchModels() throws -> [String] {
        if let serverModels { return serverModels }
        let list = try client.listModels(cancel: cancel)
        serverModels = list
        return list
    }

    func listModels() throws {
        serverModels = nil
        let models = try fetchModels()
        if models.isEmpty { console.info(L("The server lists no models.")) }
        for m in models { console.output((m == settings.model ? "* " : "  ") + m) }
    }

    func switchModel(_ name: String) throws {
        let name = name.trimmingWhitespace()
        guard !name.isEmpty else {
            console.output(settings.model ?? L("(not set: the first model the server lists is used)"))
            return
        }
        settings.model = name
        client.settings.model = name
        console.info(L("Model for this session: %@", name))
    }

    func showConfig() {
        console.output(
            L(
                "base URL      %@\nmodel         %@\nprovider      %@\nAPI key       %@ (from %@)\nstories       %@\nmax tokens    %@\ntemperature   %@\ntimeouts      connect %d s, idle %d s, retries %d",
                settings.displayBaseURL, settings.model ?? L("(first listed by the server)"), settings.provider ?? L("(none)"),
                settings.maskedKey, settings.keyVariable, settings.storiesDir,
                settings.maxTokens.map(String.init)
                    ?? L("(per task: from the chapter's length target; %d for conversation)", Self.chatReplyTokens),
                settings.temperature.map { String($0) } ?? L("(server default)"),
                settings.connectTimeout, settings.idleTimeout, settings.retries))
        console.output(roleConfigLines())
    }

    func help(_ args: String) {
        let name = args.trimmingWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !name.isEmpty, let spec = CommandTable.find(name) {
            var text = "\(spec.usage)\n  \(spec.summary)"
            if !spec.examples.isEmpty {
                let width = spec.examples.map { DisplayWidth.of($0.line) }.max() ?? 0
                text +=
                    "\n" + L("Examples:") + "\n"
                    + spec.examples.map { "  " + DisplayWidth.pad($0.line, to: width) + "   " + $0.explanation }.joined(separator: "\n")
            }
            console.output(text)
            return
        }
        let width = CommandTable.all.map { $0.usage.count }.max() ?? 20
        var lines = CommandTable.all.map { $0.usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.summary }
        lines.append("")
        lines.append(L("Anything else you type is sent to the model as conversation about the open story."))
        console.output(lines.joined(separator: "\n"))
    }

    // MARK: Calibration and usage

    func calibrationFactor(_ model: String) -> Double {
        if !calibrationLoaded {
            calibrationLoaded = true
            if let dir = settings.dataDir, let text = try? fs.read(dir + "/calibration.json"),
                let c = try? JSONDecoder().decode(Calibration.self, from: Data(text.utf8))
            {
                calibration = c
            }
        }
        return calibration.factor(for: model)
    }

    func learnCalibration(model: String, rawEstimate: Int, observed: Int) {
        _ = calibrationFactor(model)
        guard calibration.learn(model: model, rawEstimate: rawEstimate, observed: observed) else {
            if !warnedCalibration {
                warnedCalibration = true
                console.info(
                    L(
                        "The server counted %d prompt tokens for about %d estimated: not a real count, so it is ignored for calibration.",
                        observed, rawEstimate))
            }
            return
        }
        guard let dir = settings.dataDir, let data = try? JSONEncoder().encode(calibration) else { return }
        try? fs.createDirectory(dir)
        try? fs.writeAtomically(dir + "/calibration.json", String(decoding: data, as: UTF8.self))
    }

    /// `/clear`: a new conversation. The old one stays in chat.jsonl; a marker starts the new one.
    func clearConversation(in open: OpenStory) throws {
        let story = open.workspace
        conversation = []
        conversationSummary = nil
        try Transcript.append(
            fs: fs, path: story.path(StoryWorkspace.chatLog),
            entry: TranscriptEntry(time: now(), role: "marker", task: "clear", content: ""))
        console.info(L("Started a new conversation (the old one stays in chat.jsonl)."))
    }

    /// Several versions of one request (separate requests, so it works with every server): each is shown,
    /// then the writer picks one, which goes through the usual review.
    func sendAlternatives(
        _ plan: ContextPlan, count: Int, maxTokens: Int?, task: String, line: String, userText: String,
        finish: @escaping (ChatReply) throws -> Outcome
    ) throws -> Outcome {
        lastLine = (line, task)
        let replayed = replay  // rebuilding from chat.jsonl: the versions it holds, no request
        replay = nil
        var versions: [ChatReply] = replayed ?? []
        for i in 1...count where replayed == nil {
            console.info(L("— Version %d of %d —", i, count))
            let reply = try ask(messages: plan.messages, maxTokens: maxTokens, rawEstimate: plan.rawTokens, task: task)
            try record(task: task, userText: userText + " (version \(i)/\(count))", reply: reply)
            if reply.ending == .cancelled { break }
            versions.append(reply)
        }
        let complete = versions.enumerated().filter { $0.element.ending.isComplete }
        guard !complete.isEmpty else {
            console.error(L("No version came back complete; nothing is offered. /retry asks again."))
            return .failed
        }
        if replayQuiet {
            lastTask = LastTask(line: line, task: task, messages: plan.messages, maxTokens: maxTokens, reply: complete[0].element) { _ in
                try self.pickVersion(versions, plan: plan, maxTokens: maxTokens, task: task, line: line, finish: finish)
            }
            return .ok
        }
        return try pickVersion(versions, plan: plan, maxTokens: maxTokens, task: task, line: line, finish: finish)
    }

    /// Takes `--n K` (2 to 5 versions) out of a command's free text.
    static func alternativesFlag(_ text: String) throws -> (count: Int, rest: String) {
        var words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let i = words.firstIndex(where: { $0 == "--n" || $0 == "-n" }) else { return (1, text) }
        guard i + 1 < words.count, let n = Int(words[i + 1]), (1...5).contains(n) else {
            throw NovelistError.usage(command: "expand", usage: L("--n K asks for K versions, 1 to 5"))
        }
        words.removeSubrange(i...(i + 1))
        return (n, words.joined(separator: " "))
    }

    /// The room kept (and asked for, as max_tokens) for a brainstorming reply when NOVELIST_MAX_TOKENS is not set.
    static let chatReplyTokens = 2048

    /// A short summary of conversation turns, for the context when they no longer fit.
    func summarizeConversation(_ turns: [ChatMessage], language: StoryLanguage) throws -> String {
        console.info(L("Summarising %d earlier messages of the conversation to keep within the budget…", turns.count))
        let instruction = try prompts.render(
            "conversation-summary", language: language, story: openStory?.workspace, variables: [:])
        let labels = try prompts.contextLabels(language: language, story: openStory?.workspace)
        let transcript = turns.map {
            "\(labels.text($0.role == "user" ? "author" : "co-writer")): \($0.content)"
        }.joined(separator: "\n\n")
        let budgetChars = max(2000, settings.contextTokens * 2)
        let messages: [ChatMessage] = [.system(instruction), .user(String(transcript.suffix(budgetChars)))]
        let reply = try ask(messages: messages, maxTokens: 600, rawEstimate: nil)
        try record(task: "conversation-summary", userText: L("(summary of %d earlier messages)", turns.count), reply: reply)
        return reply.content.trimmingWhitespace()
    }
}
