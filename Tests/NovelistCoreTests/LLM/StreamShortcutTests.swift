import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistText

/// Plain content events read straight from a network read's bytes (`ChunkShape.plainContentEvents`, issue 19):
/// the reply, every event handed on and every state the reader ends in must be what the SSE decoder alone gives.
@Suite("The stream's shortcut for plain content events")
struct StreamShortcutTests {
    static func read(_ pieces: [[UInt8]], shortcut: Bool) -> (reader: ReplyReader, events: [ClientEvent]) {
        var reader = ReplyReader()
        reader.fastLane = shortcut
        var events: [ClientEvent] = []
        for p in pieces { p.withUnsafeBytes { reader.feed($0) { events.append($0) } } }
        reader.finish { events.append($0) }
        return (reader, events)
    }

    /// A stream mostly of same-shaped plain chunks, now and then with what the shortcut must leave to the decoder.
    static func stream(_ rng: inout SplitMix64) -> [UInt8] {
        let plain = ["雾", "港的", " the", "“你好”", "😀", "é", "。", "\u{A0}", "🇨🇳", ""]
        let odd = [
            "<think>", "</think>", "<", "a\u{1B}[31m", "\u{85}", "\u{9B}", "\"", "\\", "\n", "\t", "\u{7F}", "\u{2028}", "\u{1}", "\r",
            "\u{8}", "\u{C}", "/", "\u{1F}"
        ]
        var text = Int.random(in: 0...5, using: &rng) == 0 ? "\u{FEFF}" : ""
        for i in 0..<80 {
            let roll = Int.random(in: 0...30, using: &rng)
            let content =
                (0..<Int.random(in: 0...3, using: &rng)).map { _ in plain.randomElement(using: &rng)! }.joined()
                + (roll == 0 ? odd.randomElement(using: &rng)! : "")
            var event = ReplyReaderTests.chunk(content, reasoning: roll == 1 ? "想" : nil, finish: i == 79 ? "stop" : nil)
            switch roll {
            case 2: event = event.replacingOccurrences(of: "\n\n", with: "\r\n\r\n")
            case 3: event = event.replacingOccurrences(of: "data: ", with: "data:")
            case 4: event = event.replacingOccurrences(of: "\n\n", with: "\n\n\n")
            case 5: event = ": keep-alive\n\n" + event
            case 6: event = "event: delta\nid: \(i)\n" + event
            case 7: event = event.replacingOccurrences(of: "\"id\":\"c\"", with: "\"id\":\"d\(i)\"")
            case 8: event = event.replacingOccurrences(of: "data: {", with: "data: {\ndata: ")
            case 9: event = event.replacingOccurrences(of: "\n\n", with: "\r\r")
            case 10: event = event.replacingOccurrences(of: "\"content\":", with: "\"content\" :")
            case 11: event = event.replacingOccurrences(of: "\n\n", with: "\ndata: {}\n\n")
            case 12: event = event.replacingOccurrences(of: "\n\n", with: "\nid: 7\n\n")
            default: break
            }
            text += event
        }
        if Int.random(in: 0...3, using: &rng) == 0 { text += "error: {\"message\":\"overloaded\"}\n\n" }
        text += Int.random(in: 0...3, using: &rng) == 0 ? "data: [DONE]" : "data: [DONE]\n\n"
        var bytes = Array(text.utf8)
        // Now and then a byte that is not UTF-8 inside a content string.
        if Int.random(in: 0...2, using: &rng) == 0, let at = bytes.indices.last(where: { bytes[$0] == 0xE9 }) { bytes[at + 1] = 0x41 }
        return bytes
    }

    static func split(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [[UInt8]] {
        var cuts = Set<Int>()
        for _ in 0..<Int.random(in: 0...40, using: &rng) { cuts.insert(Int.random(in: 1..<bytes.count, using: &rng)) }
        return bytes.pieces(at: cuts)
    }

    static func same(_ a: (reader: ReplyReader, events: [ClientEvent]), _ b: (reader: ReplyReader, events: [ClientEvent])) -> Bool {
        a.events == b.events && a.reader.content == b.reader.content && a.reader.reasoning == b.reader.reasoning
            && a.reader.finish == b.reader.finish && a.reader.usage == b.reader.usage && a.reader.done == b.reader.done
            && a.reader.streamError == b.reader.streamError && a.reader.malformed == b.reader.malformed
            && a.reader.sawToken == b.reader.sawToken
    }

    @Test("random streams, split at random places: the same events and reply with the shortcut as without", arguments: 0..<60)
    func sameAsTheDecoderAlone(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        let bytes = Self.stream(&rng)
        let pieces = Self.split(bytes, &rng)
        let with = Self.read(pieces, shortcut: true)
        let without = Self.read(pieces, shortcut: false)
        #expect(Self.same(with, without), "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        let expected = ReplyReaderTests.reference(bytes)
        #expect(with.reader.content == expected.content && with.reader.reasoning == expected.reasoning)
    }

    @Test("a short stream cut at every byte: the same with the shortcut as without")
    func everyCut() {
        let text = (0..<6).map { ReplyReaderTests.chunk(["雾港", "", "<b>", "é", "😀", "夜"][$0]) }.joined() + "data: [DONE]\n\n"
        let bytes = Array(text.utf8)
        for cut in 1..<bytes.count {
            for second in [cut, min(bytes.count - 1, cut + 7)] {
                let pieces = [Array(bytes[..<cut]), Array(bytes[cut..<max(cut, second)]), Array(bytes[max(cut, second)...])]
                #expect(Self.same(Self.read(pieces, shortcut: true), Self.read(pieces, shortcut: false)), "cut at \(cut), \(second)")
            }
        }
    }

    @Test("the shortcut is taken: a read of same-shaped plain events goes past the decoder")
    func taken() {
        let first = ReplyReaderTests.chunk("雾")
        let rest = (0..<20).map { ReplyReaderTests.chunk("港\($0)") }.joined()
        var reader = ReplyReader()
        var events: [ClientEvent] = []
        Array(first.utf8).withUnsafeBytes { reader.feed($0) { events.append($0) } }
        // The shape is learned from the first chunk; the next read is taken whole by the shortcut.
        let bytes = Array(rest.utf8)
        let shape = reader.shapeForTests
        var out: [UInt8] = []
        var any = false
        let end = bytes.withUnsafeBufferPointer {
            shape.plainContentEvents($0.baseAddress!, from: 0, count: $0.count, into: &out, nonEmpty: &any)
        }
        #expect(end == bytes.count && any)
        #expect(String(decoding: out, as: UTF8.self) == (0..<20).map { "港\($0)" }.joined())
        bytes.withUnsafeBytes { reader.feed($0) { events.append($0) } }
        #expect(events == [.content("雾"), .content((0..<20).map { "港\($0)" }.joined())])
    }
}
