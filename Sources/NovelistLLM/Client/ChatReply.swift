import Foundation
import NovelistText

/// How a streamed reply ended.
public enum StreamEnding: Equatable, Sendable {
    /// The server said it finished: `stop`, `length`, `content_filter` …
    case finished(String)
    /// The writer pressed Ctrl-C.
    case cancelled
    /// The reply broke off (connection lost, no `[DONE]`, a malformed chunk, an error inside the stream).
    case cut(String)

    /// True only when the model ended its reply by itself: the only reply that may replace a whole file.
    public var isComplete: Bool {
        // "stop" in the OpenAI API; some servers and proxies say "eos", "end_turn" or "stop_sequence".
        if case .finished(let reason) = self { return ["stop", "eos", "end_turn", "stop_sequence"].contains(reason) }
        return false
    }

    public var label: String {
        switch self {
        case .finished(let r): return r
        case .cancelled: return "interrupted"
        case .cut: return "cut"
        }
    }
}

public struct ChatReply: Equatable, Sendable {
    public var content: String
    public var reasoning: String
    public var ending: StreamEnding
    public var usage: Usage?
    public var model: String
    public var elapsed: Double
    public var firstTokenAfter: Double?

    public init(
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
public enum ClientEvent: Equatable, Sendable {
    case content(String)
    case reasoning(String)
    /// A retry is coming after `seconds`.
    case waiting(attempt: Int, of: Int, seconds: Double, reason: String)
}

public struct ChatRequestOptions: Sendable {
    public var model: String
    public var temperature: Double?
    public var maxTokens: Int?
    public init(model: String, temperature: Double? = nil, maxTokens: Int? = nil) {
        self.model = model
        self.temperature = temperature
        self.maxTokens = maxTokens
    }
}
