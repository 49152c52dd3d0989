import Foundation
import NovelistText

/// How a streamed reply ended.
package enum StreamEnding: Equatable, Sendable {
    /// The server said it finished: `stop`, `length`, `content_filter` …
    case finished(String)
    /// The writer pressed Ctrl-C.
    case cancelled
    /// The reply broke off (connection lost, no `[DONE]`, a malformed chunk, an error inside the stream).
    case cut(String)

    /// True only when the model ended its reply by itself: the only reply that may replace a whole file.
    package var isComplete: Bool {
        // "stop" in the OpenAI API; some servers and proxies say "eos", "end_turn" or "stop_sequence".
        if case .finished(let reason) = self { return ["stop", "eos", "end_turn", "stop_sequence"].contains(reason) }
        return false
    }

    package var label: String {
        switch self {
        case .finished(let r): return r
        case .cancelled: return "interrupted"
        case .cut: return "cut"
        }
    }
}

package struct ChatReply: Equatable, Sendable {
    package var content: String
    package var reasoning: String
    package var ending: StreamEnding
    package var usage: Usage?
    package var model: String
    package var elapsed: Double
    package var firstTokenAfter: Double?

    package init(
        content: String, reasoning: String, ending: StreamEnding, usage: Usage?, model: String, elapsed: Double, firstTokenAfter: Double?
    ) {
        self.content = content
        self.reasoning = reasoning
        self.ending = ending
        self.usage = usage
        self.model = model
        self.elapsed = elapsed
        self.firstTokenAfter = firstTokenAfter
    }
}

/// What the writer sees while a request runs.
package enum ClientEvent: Equatable, Sendable {
    case content(String)
    case reasoning(String)
    /// A retry is coming after `seconds`.
    case waiting(attempt: Int, of: Int, seconds: Double, reason: String)
}

package struct ChatRequestOptions: Sendable {
    package var model: String
    package var temperature: Double?
    package var maxTokens: Int?
    package init(model: String, temperature: Double? = nil, maxTokens: Int? = nil) {
        self.model = model
        self.temperature = temperature
        self.maxTokens = maxTokens
    }
}
