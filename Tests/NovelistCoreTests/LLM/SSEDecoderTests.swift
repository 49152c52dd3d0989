import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// Decodes a whole byte stream fed in the given pieces.
private func decode(_ pieces: [[UInt8]]) -> [String] {
    var decoder = SSEDecoder()
    var events: [String] = []
    for piece in pieces { decoder.feed(piece) { events.append($0) } }
    decoder.finish { events.append($0) }
    return events
}

private func decode(_ text: String) -> [String] { decode([Array(text.utf8)]) }

@Suite("Server-sent events")
struct SSEDecoderTests {
    @Test("a single event")
    func single() {
        #expect(decode("data: hello\n\n") == ["hello"])
    }

    @Test("several events in one feed")
    func several() {
        #expect(decode("data: a\n\ndata: b\n\ndata: c\n\n") == ["a", "b", "c"])
    }

    @Test("multi-line data is joined with LF")
    func multiLine() {
        #expect(decode("data: {\"a\":\ndata: 1}\n\n") == ["{\"a\":\n1}"])
        #expect(decode("data: 第一行\ndata:\ndata: 第三行\n\n") == ["第一行\n\n第三行"])
    }

    @Test(": lines are comments and dispatch nothing")
    func comments() {
        #expect(decode(": keep-alive\n\n: OPENROUTER PROCESSING\n\ndata: x\n: mid-event comment\n\n") == ["x"])
    }

    @Test("CRLF line endings")
    func crlf() {
        #expect(decode("data: a\r\n\r\ndata: b\r\ndata: c\r\n\r\n") == ["a", "b\nc"])
    }

    @Test("lone CR line endings")
    func loneCR() {
        #expect(decode("data: a\r\rdata: b\rdata: c\r\r") == ["a", "b\nc"])
    }

    @Test("a blank line written as CR then CRLF")
    func crThenCRLF() {
        #expect(decode("data: a\r\r\ndata: b\n\n") == ["a", "b"])
    }

    @Test("data: without a space, and only one space is removed")
    func noSpace() {
        #expect(decode("data:x\n\n") == ["x"])
        #expect(decode("data:  two\n\n") == [" two"])
        #expect(decode("data:\n\n") == [""])
    }

    @Test("event, id, retry and unknown fields are ignored")
    func otherFields() {
        #expect(decode("event: message\nid: 7\nretry: 1000\ndata: x\nfoo: bar\ndatum: no\n\n") == ["x"])
        #expect(decode("event: ping\n\n") == [], "an event without data dispatches nothing")
    }

    @Test("a byte order mark at the start of the stream is skipped")
    func bom() {
        #expect(decode("\u{FEFF}data: x\n\n") == ["x"])
        #expect(decode("\u{FEFF}: comment\n\ndata: y\n\n") == ["y"])
    }

    @Test("[DONE] is passed through as data")
    func done() {
        #expect(decode("data: {\"x\":1}\n\ndata: [DONE]\n\n") == ["{\"x\":1}", "[DONE]"])
    }

    @Test("an event not ended by a blank line is kept at the end of the stream")
    func unterminatedAtEnd() {
        #expect(decode("data: a\n\ndata: tail") == ["a", "tail"])
        #expect(decode("data: a\n\ndata: tail\n") == ["a", "tail"])
        #expect(decode("") == [])
    }

    @Test("an event split inside a UTF-8 character decodes the same")
    func splitInsideCharacter() {
        let bytes = Array("data: 雾😀\n\n".utf8)
        for cut in 1..<bytes.count {
            #expect(decode([Array(bytes[..<cut]), Array(bytes[cut...])]) == ["雾😀"], "cut at \(cut)")
        }
    }

    @Test("CRLF split between CR and LF")
    func splitBetweenCRAndLF() {
        #expect(decode([Array("data: a\r".utf8), Array("\n\r".utf8), Array("\ndata: b\r\n\r\n".utf8)]) == ["a", "b"])
    }
}

/// A realistic OpenAI-style stream: ~200 chunk events with Chinese, English and emoji content,
/// mixed line endings, keep-alive comments, event/id fields, a multi-line event, a BOM and [DONE].
private struct RealisticStream {
    let bytes: [UInt8]
    let payloads: [String]
    let content: String

    init() {
        struct Delta: Encodable {
            var role: String?
            var content: String?
            var reasoning_content: String?
        }
        struct Choice: Encodable {
            var index = 0
            var delta: Delta
            var finish_reason: String?
        }
        struct Chunk: Encodable {
            var id = "chatcmpl-1"
            var object = "chat.completion.chunk"
            var model = "deepseek-chat"
            var choices: [Choice]
        }
        let pieces = [
            "雾", "港的", "清晨", "，", "Lin Wan", " walked", " into", " the café", "。", "“你好”", "😀", "👩‍👩‍👧",
            "🇨🇳", "é", "\n\n", "她说：", "\"quoted\"", "back\\slash", "¥100", "한국어", "カタカナ", " ", "…"
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var text = "\u{FEFF}"
        var payloads: [String] = []
        var content = ""
        func add(_ payload: String, _ i: Int) {
            let ending = i % 7 == 3 ? "\r\n" : (i % 11 == 5 ? "\r" : "\n")
            if i % 25 == 0 { text += ": keep-alive" + ending + ending }
            if i % 13 == 0 { text += "event: message" + ending + "id: \(i)" + ending }
            text += "data: " + payload + ending + ending
            payloads.append(payload)
        }
        for i in 0..<200 {
            var delta = Delta()
            if i == 0 {
                delta.role = "assistant"
                delta.content = ""
            } else if i < 10 {
                delta.reasoning_content = pieces[i % pieces.count]
            } else {
                let piece = pieces[(i * 7) % pieces.count]
                delta.content = piece
                content += piece
            }
            let chunk = Chunk(choices: [Choice(delta: delta, finish_reason: i == 199 ? "stop" : nil)])
            add(String(decoding: try! encoder.encode(chunk), as: UTF8.self), i)
        }
        // One event whose JSON is spread over two data: lines.
        text += "data: {\"choices\":[],\r\ndata: \"usage\":{\"prompt_tokens\":10,\"completion_tokens\":190}}\r\n\r\n"
        payloads.append("{\"choices\":[],\n\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":190}}")
        text += "data: [DONE]\n\n"
        payloads.append("[DONE]")
        self.bytes = Array(text.utf8)
        self.payloads = payloads
        self.content = content
    }
}

@Suite("Server-sent events: split anywhere, decode the same")
struct SSESplitPropertyTests {
    private static let stream = RealisticStream()

    @Test("the whole stream decodes to exactly the events written")
    func whole() throws {
        let events = decode([Self.stream.bytes])
        #expect(events.count == 202)
        #expect(events == Self.stream.payloads)
        // And the chunks carry the text back, byte for byte.
        var content = ""
        for event in events.dropLast() {
            let delta = try ChatChunkDecoder.decode(event).get()
            content += delta.content
        }
        #expect(content == Self.stream.content)
    }

    @Test("fed one byte at a time")
    func byteByByte() {
        #expect(decode(Self.stream.bytes.map { [$0] }) == Self.stream.payloads)
    }

    @Test("split at random byte boundaries (200 seeds)", arguments: 0..<200)
    func randomSplits(seed: Int) {
        let bytes = Self.stream.bytes
        var rng = SplitMix64(seed: UInt64(seed) &* 0x5851_F42D_4C95_7F2D &+ 1)
        var cuts = Set<Int>()
        for _ in 0..<Int.random(in: 1...80, using: &rng) { cuts.insert(Int.random(in: 1..<bytes.count, using: &rng)) }
        // Make sure every seed also cuts inside a multi-byte character and between a CR and its LF.
        let continuation = bytes.indices.filter { bytes[$0] & 0xC0 == 0x80 }
        let crlf = bytes.indices.dropLast().filter { bytes[$0] == 0x0D && bytes[$0 + 1] == 0x0A }.map { $0 + 1 }
        cuts.insert(continuation.randomElement(using: &rng)!)
        cuts.insert(crlf.randomElement(using: &rng)!)
        let pieces = bytes.pieces(at: cuts)
        #expect(pieces.reduce(0) { $0 + $1.count } == bytes.count)
        let events = decode(pieces)
        #expect(events == Self.stream.payloads, "seed \(seed): \(cuts.count) cuts")
    }
}
