import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// Questions that never throw paid-for text away: every question asks again on an answer it does not
/// take (`?` shows help); from a script such an answer is an error and nothing is written. A reply that was
/// not taken stays reachable: `/apply` offers it again and `/continue` finishes it — also after a restart,
/// when the last task is rebuilt from `chat.jsonl`.
extension Session {
    /// Asks until the answer is one of `valid`; `?` shows `help`. nil at the end of input, on Ctrl-C, or when a
    /// script gives an answer the question does not take (said as an error; the command then fails).
    func choose(_ question: String, from valid: [String], help: String) -> String? {
        while true {
            guard let a = answer(question) else { return nil }
            if valid.contains(a) { return a }
            if a == "?" {
                console.output(help)
                continue
            }
            if !console.isInteractive { return unclear(a, question) }
            console.info(L("Please answer %@, or ? for help.", valid.filter { !$0.isEmpty }.joined(separator: ", ")))
        }
    }

    /// A script's answer the question does not take: an error, nothing written, the command fails.
    func unclear<T>(_ answer: String, _ question: String) -> T? {
        console.error(L("'%@' is not an answer to \"%@\"; nothing was written.", answer, question.trimmingWhitespace()))
        unclearAnswer = true
        return nil
    }

    /// The writer picks one of several versions; it then goes through the usual review. When none is taken,
    /// `/apply` asks again.
    func pickVersion(
        _ versions: [ChatReply], plan: ContextPlan, maxTokens: Int?, task: String, line: String,
        finish: @escaping (ChatReply) throws -> Outcome
    ) throws -> Outcome {
        let unit = openStory?.meta.language.lengthUnit ?? ""
        let complete = versions.enumerated().filter { $0.element.ending.isComplete }
        let list = complete.map { "\($0.offset + 1): \(TextLength.count($0.element.content).total) \(unit)" }.joined(separator: " · ")
        console.info(L("Versions: %@", list))
        let valid = complete.map { String($0.offset + 1) }
        let answer =
            assumeYes
            ? valid[0]
            : choose(
                L("Which version? [%@] or n for none ", valid.joined(separator: "/")), from: valid + ["n"],
                help: L("a number  take that version (you see its diff next)\nn         none for now: /apply asks again"))
        guard let answer, let pick = Int(answer) else {
            console.info(L("No version was taken. They are kept in chat.jsonl; /apply asks again."))
            lastTask = LastTask(line: line, task: task, messages: plan.messages, maxTokens: maxTokens, reply: complete[0].element) { _ in
                try self.pickVersion(versions, plan: plan, maxTokens: maxTokens, task: task, line: line, finish: finish)
            }
            return unclearAnswer ? .failed : .ok
        }
        let reply = versions[pick - 1]
        lastTask = LastTask(line: line, task: task, messages: plan.messages, maxTokens: maxTokens, reply: reply, finish: finish)
        return try finish(reply)
    }

    /// `/apply`: the proposals of the last brainstorming reply, or the last task's reply (a version to pick,
    /// a proposal to review, a cut-short reply to append) — after a restart, rebuilt from chat.jsonl.
    func applyLast(in open: OpenStory) throws -> Outcome {
        if !lastProposals.isEmpty { return try applyProposals(in: open) }
        if lastTask == nil { try rebuildLastTask(offer: false) }
        guard let task = lastTask else {
            console.info(L("There is no reply to apply yet."))
            return .ok
        }
        if task.reply.ending.isComplete { return try task.finish(task.reply) }
        if let partial = task.partial { return try partial(task.reply) }
        console.info(L("The last reply was cut short; /continue asks the model to finish it."))
        return .ok
    }

    /// The last request in chat.jsonl: its command line, task and replies (several for `--n`), with the
    /// continuations of a cut-short reply joined to it.
    func lastRequestInTranscript() -> (line: String, task: String, replies: [ChatReply])? {
        guard let story = openStory?.workspace, let text = try? fs.read(story.path(StoryWorkspace.chatLog)) else { return nil }
        var groups: [(user: String, task: String, reply: ChatReply?)] = []
        let decoder = JSONDecoder()
        for raw in text.split(separator: "\n") {
            guard let e = try? decoder.decode(TranscriptEntry.self, from: Data(raw.utf8)), e.role == "user" || e.role == "assistant" else {
                continue
            }
            if e.task.hasSuffix("-tighten") {
                // A corrective pass that shortened the reply: its text replaces the reply's.
                if e.role == "assistant", var last = groups.last, var reply = last.reply {
                    reply.content = e.content
                    last.reply = reply
                    groups[groups.count - 1] = last
                }
                continue
            }
            if e.task.hasSuffix("-continue") {
                if e.role == "assistant", var last = groups.last, var reply = last.reply {
                    reply.content += e.content
                    reply.reasoning += e.reasoning ?? ""
                    reply.ending = Self.ending(e.ending)
                    last.reply = reply
                    groups[groups.count - 1] = last
                }
                continue
            }
            if e.role == "user" {
                groups.append((e.content, e.task, nil))
            } else if !groups.isEmpty, groups[groups.count - 1].reply == nil {
                groups[groups.count - 1].reply = ChatReply(
                    content: e.content, reasoning: e.reasoning ?? "", ending: Self.ending(e.ending),
                    usage: e.usage, model: e.model ?? "", elapsed: 0, firstTokenAfter: nil)
            }
        }
        guard let last = groups.last, let reply = last.reply else { return nil }
        // "… (version 2/3)": the versions of one --n request.
        if let r = last.user.range(of: #" \(version (\d+)/(\d+)\)$"#, options: .regularExpression) {
            let base = String(last.user[..<r.lowerBound])
            let versions = groups.suffix(5).filter { $0.user.hasPrefix(base + " (version ") }.compactMap(\.reply)
            return (base + " --n \(max(2, versions.count))", last.task, versions)
        }
        return (last.user, last.task, [reply])
    }

    static func ending(_ label: String?) -> StreamEnding {
        switch label {
        case "interrupted": return .cancelled
        case "cut": return .cut("")
        default: return .finished(label ?? "stop")
        }
    }

    /// Runs the last request's command again with its reply from chat.jsonl instead of asking the model, so
    /// that /apply, /continue and /retry work after a restart. `offer`: the reply is offered as it was.
    /// nil when chat.jsonl has no request.
    @discardableResult
    func rebuildLastTask(offer: Bool) throws -> Outcome? {
        guard let open = openStory, let (line, task, replies) = lastRequestInTranscript() else { return nil }
        lastLine = (line, task)
        replay = replies
        replayQuiet = !offer
        defer {
            replay = nil
            replayQuiet = false
        }
        console.info(L("Taking the last reply from chat.jsonl (%@).", line))
        let outcome: Outcome
        if task == "chat" {
            outcome = try chat(line, in: open)
        } else {
            guard case .command(let name, let args) = Input.parse(line) else { return nil }
            outcome = try run(name, args)
        }
        // What arrived was appended before the restart (the latest change says so): /continue appends only the rest.
        if let entry = openStory?.store.latestApplied, let path = entry.files.first?.path, entry.files.count == 1,
            entry.phrase == Phrase("append a cut-short reply to %@", path) || entry.message == L("append a cut-short reply to %@", path),
            lastTask?.reply.ending.isComplete == false,
            let n = ChapterFile.number(fromFileName: lastPathComponent(path))
        {
            lastTask?.appended = (path, try openStory?.workspace.chapter(n)?.title ?? "")
        }
        return outcome
    }
}
