import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

@Suite("Chat chunk decoding")
struct ChatChunkDecoderTests {
    func delta(_ json: String) throws -> ChatDelta {
        try ChatChunkDecoder.decode(json).get()
    }

    @Test("a content delta")
    func content() throws {
        let d = try delta(#"{"id":"x","choices":[{"index":0,"delta":{"content":"雾港😀"},"finish_reason":null}]}"#)
        #expect(d.content == "雾港😀")
        #expect(d.reasoning == "")
        #expect(d.finishReason == nil)
        #expect(d.usage == nil)
        #expect(d.error == nil)
    }

    @Test("reasoning_content and reasoning")
    func reasoning() throws {
        #expect(try delta(#"{"choices":[{"delta":{"reasoning_content":"先想想","content":null}}]}"#).reasoning == "先想想")
        #expect(try delta(#"{"choices":[{"delta":{"reasoning":"thinking"}}]}"#).reasoning == "thinking")
        #expect(try delta(#"{"choices":[{"delta":{"reasoning_content":"先想想"}}]}"#).content == "")
    }

    @Test("finish_reason")
    func finishReason() throws {
        #expect(try delta(#"{"choices":[{"delta":{},"finish_reason":"stop"}]}"#).finishReason == "stop")
        #expect(try delta(#"{"choices":[{"delta":{},"finish_reason":"length"}]}"#).finishReason == "length")
    }

    @Test("a usage chunk with empty choices and cached tokens")
    func usage() throws {
        let d = try delta(
            #"{"choices":[],"usage":{"prompt_tokens":1200,"completion_tokens":345,"total_tokens":1545,"prompt_tokens_details":{"cached_tokens":1024}}}"#
        )
        #expect(d.usage == Usage(promptTokens: 1200, completionTokens: 345, cachedTokens: 1024))
        #expect(d.content == "")
        #expect(d.finishReason == nil)
    }

    @Test("DeepSeek's prompt_cache_hit_tokens and usage without details")
    func deepSeekCache() throws {
        #expect(
            try delta(#"{"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":2,"prompt_cache_hit_tokens":8}}"#).usage
                == Usage(promptTokens: 10, completionTokens: 2, cachedTokens: 8))
        #expect(
            try delta(#"{"usage":{"prompt_tokens":10,"completion_tokens":2}}"#).usage
                == Usage(promptTokens: 10, completionTokens: 2, cachedTokens: 0))
    }

    @Test("an error object inside the stream")
    func errorObject() throws {
        #expect(try delta(#"{"error":{"message":"Rate limit reached","type":"rate_limit","code":"429"}}"#).error == "Rate limit reached")
        #expect(try delta(#"{"error":{"code":"overloaded"}}"#).error == "overloaded")
        #expect(try delta(#"{"error":"upstream timeout"}"#).error == "upstream timeout")
    }

    @Test("a whole non-streamed reply uses message instead of delta")
    func wholeReply() throws {
        let d = try delta(
            #"{"choices":[{"message":{"role":"assistant","content":"全文"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2}}"#
        )
        #expect(d.content == "全文")
        #expect(d.finishReason == "stop")
        #expect(d.usage?.completionTokens == 2)
    }

    @Test(
        "malformed payloads are failures",
        arguments: ["{not json", "", "[1,2,3]", "\"just a string\"", "data: {}", "<html>502 Bad Gateway</html>"])
    func malformed(payload: String) {
        guard case .failure(.malformed(let excerpt)) = ChatChunkDecoder.decode(payload) else {
            Issue.record("expected a failure for \(payload)")
            return
        }
        #expect(excerpt == String(payload.prefix(120)))
    }

    @Test("a malformed payload's excerpt is at most 120 characters")
    func malformedExcerpt() {
        let long = "<html>" + String(repeating: "错", count: 500)
        guard case .failure(.malformed(let excerpt)) = ChatChunkDecoder.decode(long) else {
            Issue.record("expected a failure")
            return
        }
        #expect(excerpt.count == 120)
    }
}

@Suite("Think splitter")
struct ThinkSplitterTests {
    /// Feeds the pieces, then finishes; returns (reasoning, content) joined.
    func split(_ pieces: [String]) -> (reasoning: String, content: String) {
        var splitter = ThinkSplitter()
        var reasoning = ""
        var content = ""
        let emit: (ThinkSplitter.Kind, String) -> Void = { kind, text in
            switch kind {
            case .reasoning: reasoning += text
            case .content: content += text
            }
        }
        for piece in pieces { splitter.feed(piece, emit) }
        splitter.finish(emit)
        return (reasoning, content)
    }

    @Test("<think>abc</think>answer split at every position into two feeds")
    func everyTwoWaySplit() {
        let text = "<think>abc</think>answer"
        for cut in 0...text.count {
            let result = split([String(text.prefix(cut)), String(text.dropFirst(cut))])
            #expect(result.reasoning == "abc", "cut at \(cut)")
            #expect(result.content == "answer", "cut at \(cut)")
        }
    }

    @Test("split at every pair of positions into three feeds, with Chinese text")
    func everyThreeWaySplit() {
        let text = "<think>先想一想：雾港。</think>林晚推开门。"
        for a in 0...text.count {
            for b in a...text.count {
                let chars = Array(text)
                let pieces = [String(chars[..<a]), String(chars[a..<b]), String(chars[b...])]
                let result = split(pieces)
                #expect(result.reasoning == "先想一想：雾港。", "cuts \(a), \(b)")
                #expect(result.content == "林晚推开门。", "cuts \(a), \(b)")
            }
        }
    }

    @Test("white space before <think> still starts reasoning")
    func leadingWhitespace() {
        let result = split(["\n  <think>x</think>y"])
        #expect(result.reasoning == "x")
        #expect(result.content.trimmingWhitespace() == "y")
    }

    @Test("a <think> after real content is content")
    func midAnswerTagIsContent() {
        let text = "The tag <think> is HTML-ish.</think> Done."
        #expect(split([text]) == ("", text))
        for cut in 0...text.count {
            let result = split([String(text.prefix(cut)), String(text.dropFirst(cut))])
            #expect(result.reasoning == "", "cut at \(cut)")
            #expect(result.content == text, "cut at \(cut)")
        }
    }

    @Test("a second <think> after the answer has started stays in the content")
    func secondThinkAfterAnswer() {
        let result = split(["<think>r</think>答案 <think>不是推理</think>"])
        #expect(result.reasoning == "r")
        #expect(result.content == "答案 <think>不是推理</think>")
    }

    @Test("an unclosed <think> at the end is all reasoning")
    func unclosedThink() {
        #expect(split(["<think>还没想完"]) == ("还没想完", ""))
        #expect(split(["<think>abc</thi"]) == ("abc</thi", ""))
    }

    @Test("a partial tag held back at the end is flushed as content")
    func partialTagAtEnd() {
        #expect(split(["answer <thi"]) == ("", "answer <thi"))
        #expect(split(["a <", "b"]) == ("", "a <b"))
        #expect(split(["x < y"]) == ("", "x < y"))
    }

    @Test("text without tags passes through")
    func noTags() {
        #expect(split(["林晚", "走进了", "咖啡馆。"]) == ("", "林晚走进了咖啡馆。"))
        #expect(split([]) == ("", ""))
    }
}

/// The request body written directly (issue 19): the same JSON as JSONSerialization made of the same request.
@Suite("The chat request's body")
struct RequestBodyTests {
    @Test("the body parses to what JSONSerialization wrote, for any messages", arguments: 0..<40)
    func sameAsJSONSerialization(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed))
        let pieces = ["雾港", "a", "\n", "\r\n", "\t", "\"", "\\", "/", "😀", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}", "é", " ", "<think>"]
        func text() -> String { (0..<Int.random(in: 0...20, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() }
        let messages = (0..<Int.random(in: 0...4, using: &rng)).map { _ in
            ChatMessage(role: ["system", "user", "assistant"].randomElement(using: &rng)!, content: text())
        }
        let temperature = [nil, 0, 0.7, 1, 1.25, 2e-5, -0.5].randomElement(using: &rng)!
        let options = ChatRequestOptions(
            model: "qwen-" + text(), temperature: temperature,
            maxTokens: Bool.random(using: &rng) ? Int.random(in: 1...99999, using: &rng) : nil)
        var expected: [String: Any] = [
            "model": options.model, "messages": messages.map { ["role": $0.role, "content": $0.content] }, "stream": true,
            "stream_options": ["include_usage": true]
        ]
        if let t = options.temperature { expected["temperature"] = t }
        if let m = options.maxTokens { expected["max_tokens"] = m }
        let body = ChatClient.requestBody(messages: messages, options: options)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? NSDictionary)
        // Compared in JSONSerialization's own canonical form (sorted keys), value by value.
        func canonical(_ object: Any) throws -> String {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        }
        #expect(try canonical(parsed) == canonical(expected), "\(String(decoding: body, as: UTF8.self).debugDescription)")
        // Keys in sorted order, as JSONSerialization's .sortedKeys wrote them.
        let keys = ["max_tokens", "messages", "model", "stream", "stream_options", "temperature"].filter { parsed[$0] != nil }
        let offsets = keys.compactMap { String(decoding: body, as: UTF8.self).byteOffset(of: "\"\($0)\":") }
        #expect(offsets == offsets.sorted() && offsets.count == keys.count)
    }
}
