import Foundation
import NovelistText

/// One line of `chat.jsonl`: a turn of the conversation, or a task's request and reply.
package struct TranscriptEntry: Codable, Equatable, Sendable {
    package var time: String
    package var role: String
    /// `chat` for conversation; the command's name (`expand`) for task turns, which the chat context leaves out.
    package var task: String
    package var content: String
    package var reasoning: String?
    package var model: String?
    /// How a reply ended: `stop`, `length`, `interrupted`, `cut`.
    package var ending: String?
    package var usage: Usage?

    package init(time: Date, role: String, task: String, content: String) {
        self.time = StoredTime.string(time)
        self.role = role
        self.task = task
        self.content = content
    }
}

extension TranscriptEntry {
    /// The entry as one line of JSON, "\n" included: what `JSONEncoder` writes with sorted keys and slashes
    /// left alone (a test holds them equal), written directly because a reply can be megabytes long.
    package func jsonLine() -> String {
        var w = JSONObjectWriter(capacity: content.utf8.count + (reasoning?.utf8.count ?? 0) + 200)
        w.string("content", content)
        w.string("ending", ending)
        w.string("model", model)
        w.string("reasoning", reasoning)
        w.string("role", role)
        w.string("task", task)
        w.string("time", time)
        if let usage {
            w.object("usage") { u in
                u.int("cachedTokens", usage.cachedTokens)
                u.int("completionTokens", usage.completionTokens)
                u.int("promptTokens", usage.promptTokens)
            }
        }
        return w.finished(then: "\n")
    }
}

/// The conversation log. Appended one whole line at a time; a torn last line (a crash mid-append) is skipped on read.
package enum Transcript {
    package static func append(fs: any FileSystem, path: String, entry: TranscriptEntry) throws(NovelistError) {
        try fs.append(path, entry.jsonLine())
    }

    /// The chat turns (not task turns) as messages, oldest first.
    package static func load(fs: any FileSystem, path: String) -> [ChatMessage] {
        guard let text = try? fs.read(path) else { return [] }
        let decoder = JSONDecoder()
        var messages: [ChatMessage] = []
        for line in text.split(separator: "\n") {
            guard let entry = try? decoder.decode(TranscriptEntry.self, from: Data(line.utf8)) else { continue }
            if entry.task == "clear" {
                messages.removeAll()  // /clear started a new conversation here
                continue
            }
            guard entry.task == "chat" || entry.task == "chat-continue", entry.role == "user" || entry.role == "assistant",
                !entry.content.isEmpty
            else { continue }
            if entry.task == "chat-continue" {
                // The continuation of a cut-short reply joins that reply.
                if entry.role == "assistant", let last = messages.last, last.role == "assistant" {
                    messages[messages.count - 1].content += entry.content
                }
                continue
            }
            messages.append(ChatMessage(role: entry.role, content: entry.content))
        }
        return messages
    }
}
