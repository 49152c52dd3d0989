import Foundation

extension Session {
    // MARK: Chat

    func chat(_ text: String) throws -> Outcome {
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
    func ask(messages: [ChatMessage], maxTokens: Int?) throws -> ChatReply {
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

    func resolveModel() throws -> String {
        if let m = settings.model { return m }
        let models = try fetchModels()
        guard let first = models.first else { throw NovelistError.noModel }
        settings.model = first
        client.settings.model = first
        console.info("Using the model \(first) (the first the server lists; /model NAME to change).")
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
        if models.isEmpty { console.info("The server lists no models.") }
        for m in models { console.output((m == settings.model ? "* " : "  ") + m) }
    }

    func switchModel(_ name: String) throws {
        let name = name.trimmingWhitespace()
        guard !name.isEmpty else {
            console.output(settings.model ?? "(not set: the first model the server lists is used)")
            return
        }
        settings.model = name
        client.settings.model = name
        console.info("Model for this session: \(name)")
    }

    func showConfig() {
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

    func help(_ args: String) {
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
}
