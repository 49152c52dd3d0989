import Foundation
import NovelistText

/// What one streamed chunk (or a whole non-streamed reply) carried.
package struct ChatDelta: Equatable, Sendable {
    package var content = ""
    package var reasoning = ""
    package var finishReason: String?
    package var usage: Usage?
    /// An error object the server sent inside the stream.
    package var error: String?
}

/// Decodes the JSON of OpenAI-style chat completion chunks and whole replies.
package enum ChatChunkDecoder {
    package enum Failure: Error, Equatable { case malformed(String) }

    /// Decodes one `data:` payload. `[DONE]` is handled by the caller. Decodable structs that name only
    /// the fields novelist reads: several times cheaper per chunk than a JSONSerialization dictionary.
    package static func decode(_ text: String) -> Result<ChatDelta, Failure> {
        if let fast = FastChunk.parse(text) { return .success(fast) }
        return decodeFully(text)
    }

    /// The full decoder (also the reference the fast path is tested against).
    static func decodeFully(_ text: String) -> Result<ChatDelta, Failure> {
        guard let chunk = try? jsonDecoder.decode(Chunk.self, from: Data(text.utf8)) else {
            return .failure(.malformed(String(text.prefix(120))))
        }
        var out = ChatDelta()
        if let choice = chunk.choices?.first {
            let part = choice.delta ?? choice.message
            out.content = part?.content ?? ""
            out.reasoning = part?.reasoning_content ?? part?.reasoning ?? ""
            out.finishReason = choice.finish_reason
        }
        if let u = chunk.usage {
            out.usage = Usage(
                promptTokens: u.prompt_tokens ?? 0, completionTokens: u.completion_tokens ?? 0,
                cachedTokens: u.prompt_tokens_details?.cached_tokens ?? u.prompt_cache_hit_tokens ?? 0)
        }
        out.error = chunk.error?.message
        return .success(out)
    }

    private static let jsonDecoder = JSONDecoder()

    private struct Chunk: Decodable {
        var choices: [Choice]?
        var usage: UsageFields?
        var error: ErrorField?
    }
    private struct Choice: Decodable {
        var delta: Part?
        var message: Part?
        var finish_reason: String?
    }
    /// Lenient: a field of an unexpected type is read as absent, as a dictionary lookup would.
    private struct Part: Decodable {
        var content: String?
        var reasoning_content: String?
        var reasoning: String?
        enum CodingKeys: String, CodingKey { case content, reasoning_content, reasoning }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            content = try? c.decodeIfPresent(String.self, forKey: .content)
            reasoning_content = try? c.decodeIfPresent(String.self, forKey: .reasoning_content)
            reasoning = try? c.decodeIfPresent(String.self, forKey: .reasoning)
        }
    }
    private struct UsageFields: Decodable {
        struct Details: Decodable { var cached_tokens: Int? }
        var prompt_tokens: Int?
        var completion_tokens: Int?
        var prompt_tokens_details: Details?
        var prompt_cache_hit_tokens: Int?
    }
    /// `"error": "text"` or `"error": {"message": …, "code": …}`.
    private struct ErrorField: Decodable {
        var message: String
        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                message = text
                return
            }
            enum Keys: String, CodingKey { case message, code, type }
            let c = try decoder.container(keyedBy: Keys.self)
            message =
                (try? c.decodeIfPresent(String.self, forKey: .message)) ?? (try? c.decodeIfPresent(String.self, forKey: .code))
                ?? (try? c.decodeIfPresent(Int.self, forKey: .code)).map { "error \($0)" }
                ?? (try? c.decodeIfPresent(String.self, forKey: .type)) ?? "error"
        }
    }

    static func delta(from object: [String: Any]) -> ChatDelta {
        var out = ChatDelta()
        if let error = object["error"] {
            if let e = error as? [String: Any] {
                out.error = (e["message"] as? String) ?? (e["code"] as? String) ?? "\(e)"
            } else {
                out.error = "\(error)"
            }
        }
        if let choices = object["choices"] as? [[String: Any]], let choice = choices.first {
            let part = (choice["delta"] as? [String: Any]) ?? (choice["message"] as? [String: Any]) ?? [:]
            out.content = (part["content"] as? String) ?? ""
            out.reasoning = (part["reasoning_content"] as? String) ?? (part["reasoning"] as? String) ?? ""
            out.finishReason = choice["finish_reason"] as? String
        }
        if let u = object["usage"] as? [String: Any] {
            let details = u["prompt_tokens_details"] as? [String: Any]
            out.usage = Usage(
                promptTokens: (u["prompt_tokens"] as? Int) ?? 0,
                completionTokens: (u["completion_tokens"] as? Int) ?? 0,
                cachedTokens: (details?["cached_tokens"] as? Int) ?? (u["prompt_cache_hit_tokens"] as? Int) ?? 0)
        }
        return out
    }
}

/// Separates `<think>…</think>` inside content into reasoning, with tags split anywhere across chunks.
package struct ThinkSplitter: Sendable {
    package enum Kind: Sendable { case content, reasoning }
    private var inThink = false
    private var pending = ""
    private var sawContent = false

    package init() {}

    /// True when plain content (no `<`) would come out unchanged, as content: nothing held back, no open
    /// `<think>`, and the reply has begun (so no white space decides anything).
    var passesThrough: Bool { pending.isEmpty && !inThink && sawContent }

    package mutating func feed(_ text: String, _ emit: (Kind, String) -> Void) {
        // Fast path, the usual chunk: nothing held back and no "<" that could start a tag.
        if pending.isEmpty && !text.utf8.contains(UInt8(ascii: "<")) {
            if !text.isEmpty { out(text, emit) }
            return
        }
        var s = pending + text
        pending = ""
        while !s.isEmpty {
            let tag = inThink ? "</think>" : "<think>"
            if let r = s.range(of: tag) {
                let before = String(s[..<r.lowerBound])
                if !before.isEmpty { out(before, emit) }
                // An opening tag only counts at the start of the reply (after white space).
                if !inThink && sawContent {
                    out(tag, emit)
                } else {
                    inThink.toggle()
                }
                s = String(s[r.upperBound...])
                continue
            }
            // Keep back a suffix that could be the start of the tag.
            var keep = 0
            for n in stride(from: min(tag.count - 1, s.count), to: 0, by: -1) where s.hasSuffix(tag.prefix(n)) {
                keep = n
                break
            }
            let emitPart = String(s.dropLast(keep))
            pending = String(s.suffix(keep))
            if !emitPart.isEmpty { out(emitPart, emit) }
            break
        }
    }

    package mutating func finish(_ emit: (Kind, String) -> Void) {
        if !pending.isEmpty { out(pending, emit) }
        pending = ""
    }

    private mutating func out(_ text: String, _ emit: (Kind, String) -> Void) {
        if inThink {
            emit(.reasoning, text)
        } else {
            if !text.allSatisfy(\.isWhitespace) { sawContent = true }
            emit(.content, text)
        }
    }
}
