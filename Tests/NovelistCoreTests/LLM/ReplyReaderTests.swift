import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// The byte-level stream path (issue 19): SSE events and their JSON read in place, plain content copied as
/// bytes, one content event per network read; it must give exactly what the general path gives.
@Suite("Reply reader: the byte-level stream path")
struct ReplyReaderTests {
    /// The general path, as ChatClient ran it before: String events, the full chunk decoder, the stripper and
    /// the think splitter on every delta.
    static func reference(_ bytes: [UInt8]) -> (content: String, reasoning: String, finish: String?, done: Bool) {
        var decoder = SSEDecoder()
        var think = ThinkSplitter()
        var cleanContent = TerminalText.Stripper()
        var cleanReasoning = TerminalText.Stripper()
        var content = ""
        var reasoning = ""
        var finish: String?
        var done = false
        func emit(_ kind: ThinkSplitter.Kind, _ text: String) {
            if kind == .content { content += text } else { reasoning += text }
        }
        func onData(_ data: String) {
            if data == "[DONE]" {
                done = true
                return
            }
            guard case .success(let delta) = ChatChunkDecoder.decodeFully(data) else { return }
            if !delta.reasoning.isEmpty { emit(.reasoning, cleanReasoning.feed(delta.reasoning)) }
            if !delta.content.isEmpty { think.feed(cleanContent.feed(delta.content), emit) }
            if let f = delta.finishReason { finish = f }
        }
        decoder.feed(bytes, onData)
        decoder.finish(onData)
        think.finish(emit)
        return (content, reasoning, finish, done)
    }

    static func read(_ pieces: [[UInt8]]) -> (reader: ReplyReader, events: [ClientEvent]) {
        var reader = ReplyReader()
        var events: [ClientEvent] = []
        for p in pieces { p.withUnsafeBytes { reader.feed($0) { events.append($0) } } }
        reader.finish { events.append($0) }
        return (reader, events)
    }

    static func chunk(_ content: String, reasoning: String? = nil, finish: String? = nil) -> String {
        var delta: [String: Any] = ["content": content]
        if let reasoning { delta["reasoning_content"] = reasoning }
        let object: [String: Any] = [
            "id": "c", "object": "chat.completion.chunk", "created": 1,
            "choices": [["index": 0, "delta": delta, "finish_reason": finish.map { $0 as Any } ?? NSNull()]]
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return "data: " + String(decoding: data, as: UTF8.self) + "\n\n"
    }

    @Test("random streams split at random places read the same as the general path", arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func agreesWithTheGeneralPath(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let pieces = [
            "雾", "港的", " the", "\n\n", "“你好”", "😀", "é", "<think>", "</think>", "<", "think", ">", "a\u{1B}[31mred", "\u{85}",
            "\u{9B}2J", "\t", "𠀀", "\\", "\"", " ", "　"
        ]
        var text = ""
        for i in 0..<120 {
            let content = (0..<Int.random(in: 0...3, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let reasoning = Int.random(in: 0...9, using: &rng) == 0 ? "想" + content : nil
            text += Self.chunk(content, reasoning: reasoning, finish: i == 119 ? "stop" : nil)
            if Int.random(in: 0...15, using: &rng) == 0 { text += ": keep-alive\r\n\r\n" }
        }
        text += "data: [DONE]\n\n"
        var bytes = Array(text.utf8)
        // Now and then a byte that is not UTF-8 inside a content string: repaired the same way.
        if seed % 2 == 0, let at = bytes.indices.first(where: { bytes[$0] == 0xE9 }) { bytes[at + 1] = 0x41 }
        let expected = Self.reference(bytes)
        var cuts = Set<Int>()
        for _ in 0..<Int.random(in: 0...60, using: &rng) { cuts.insert(Int.random(in: 1..<bytes.count, using: &rng)) }
        let (reader, events) = Self.read(bytes.pieces(at: cuts))
        #expect(reader.content == expected.content)
        #expect(reader.reasoning == expected.reasoning)
        #expect(reader.finish == expected.finish && reader.done == expected.done)
        let streamed = events.compactMap { e -> String? in
            if case .content(let s) = e { return s }
            return nil
        }.joined()
        #expect(streamed == expected.content, "what reaches the console is the reply")
        #expect(!reader.content.unicodeScalars.contains { TerminalText.isControl($0.value) })
    }

    @Test("all the content of one network read is one event")
    func oneEventPerRead() {
        let text = (0..<50).map { Self.chunk("第\($0)句。") }.joined()
        let (reader, events) = Self.read([Array(text.utf8)])
        #expect(events.count == 1)
        #expect(reader.content == (0..<50).map { "第\($0)句。" }.joined())
        // Split in two reads: two events, never one per chunk.
        let bytes = Array(text.utf8)
        let (_, twoReads) = Self.read([Array(bytes[..<(bytes.count / 2)]), Array(bytes[(bytes.count / 2)...])])
        #expect(twoReads.count == 2)
    }

    @Test("the common event is handed over in place, not copied")
    func eventsAreViewsOfTheFedBytes() {
        let bytes = Array(("data: {\"a\":1}\n\ndata: x\ndata: y\n\n").utf8)
        var decoder = SSEDecoder()
        var inPlace: [Bool] = []
        var events: [String] = []
        bytes.withUnsafeBytes { raw in
            let range = UInt(bitPattern: raw.baseAddress!)..<UInt(bitPattern: raw.baseAddress! + raw.count)
            decoder.feedBytes(raw) { event in
                inPlace.append(range.contains(UInt(bitPattern: event.baseAddress)))
                events.append(String(decoding: event, as: UTF8.self))
            }
        }
        #expect(events == ["{\"a\":1}", "x\ny"])
        #expect(inPlace == [true, false], "one data line: a view of the read; two lines: joined in the decoder's buffer")
    }

    @Test("a string without escapes is read where it is; one with escapes is decoded into the scratch buffer")
    func fastChunkViews() {
        var scratch: [UInt8] = []
        let plain = Array("{\"choices\":[{\"delta\":{\"content\":\"雾港\"},\"finish_reason\":null}]}".utf8)
        let fields = plain.withUnsafeBufferPointer { FastChunk.read($0, scratch: &scratch) }
        #expect(fields?.content?.inScratch == false)
        #expect(fields.map { String(decoding: plain[$0.content!.range], as: UTF8.self) } == "雾港")
        let escaped = Array("{\"choices\":[{\"delta\":{\"content\":\"a\\n\\u96fe\\ud83d\\ude00\"}}]}".utf8)
        let f2 = escaped.withUnsafeBufferPointer { FastChunk.read($0, scratch: &scratch) }
        #expect(f2?.content?.inScratch == true)
        #expect(f2.map { String(decoding: scratch[$0.content!.range], as: UTF8.self) } == "a\n雾😀")
    }

    @Test("UTF-8 validation and the byte-level control check agree with the String ones")
    func byteChecks() {
        let samples = [
            "", "abc", "雾港", "a\u{1}b", "\u{85}", "\u{7F}", "\t\n", "é😀", "\u{9F}x", "\u{A0}", "a<b", "\u{80}", "\u{1B}[2J", "\r", "ÿ",
            "\u{7FF}\u{800}\u{FFFF}\u{10FFFF}"
        ]
        for s in samples {
            let bytes = Array(s.utf8)
            bytes.withUnsafeBufferPointer { buf in
                let control = s.unicodeScalars.contains { TerminalText.isControl($0.value) }
                #expect(FastChunk.isValidUTF8(buf))
                #expect(TerminalText.containsControl(utf8: buf) == control, "\(s)")
                #expect(ReplyReader.isPlain(buf) == (!control && !s.contains("<")), "\(s.debugDescription)")
            }
        }
        for bad: [UInt8] in [[0xE9, 0x41], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE6, 0x9B], [0x41, 0xC2]] {
            bad.withUnsafeBufferPointer {
                #expect(!FastChunk.isValidUTF8($0))
                #expect(!ReplyReader.isPlain($0))
            }
        }
    }

    @Test("the word-at-a-time control check finds a control anywhere in a long text", arguments: [1, 2, 3] as [UInt64])
    func wordControlCheck(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let pieces = ["雾港", "a", "\n", "\t", " ", "é", "\u{A0}", "\u{C2}", "😀", "¥", "\u{1}", "\u{7F}", "\u{85}", "\u{9F}", "\u{1B}"]
        for _ in 0..<400 {
            let s = (0..<Int.random(in: 0...40, using: &rng)).map { _ -> String in
                let i = Int.random(in: 0..<pieces.count * 4, using: &rng)
                return i < pieces.count ? pieces[i] : pieces[i % 9]
            }.joined()
            let expected = s.unicodeScalars.contains { TerminalText.isControl($0.value) }
            Array(s.utf8).withUnsafeBufferPointer { #expect(TerminalText.containsControl(utf8: $0) == expected, "\(s.debugDescription)") }
        }
    }
}
