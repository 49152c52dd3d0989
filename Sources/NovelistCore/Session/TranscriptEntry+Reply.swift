import Foundation
import NovelistLLM
import NovelistStory

extension TranscriptEntry {
    /// The entry for a model's reply to a task.
    package init(reply: ChatReply, task: String, time: Date) {
        self.init(time: time, role: "assistant", task: task, content: reply.content)
        self.reasoning = reply.reasoning.isEmpty ? nil : reply.reasoning
        self.model = reply.model
        self.ending = reply.ending.label
        self.usage = reply.usage
    }
}
