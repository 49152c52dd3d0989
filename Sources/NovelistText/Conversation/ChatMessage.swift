/// One message of a conversation with the model, as sent and as kept in the transcript.
package struct ChatMessage: Equatable, Sendable, Codable {
    package var role: String
    package var content: String
    package init(role: String, content: String) {
        self.role = role
        self.content = content
    }
    package static func system(_ s: String) -> ChatMessage { ChatMessage(role: "system", content: s) }
    package static func user(_ s: String) -> ChatMessage { ChatMessage(role: "user", content: s) }
    package static func assistant(_ s: String) -> ChatMessage { ChatMessage(role: "assistant", content: s) }
}
