import Foundation
import NovelistText

/// Turns the bytes of one streamed reply into its content and reasoning, cleaned of control codes, with
/// `<think>` blocks split off. The common chunk goes from the network buffer to the output buffer with no
/// `String` or `Data` made for it: the SSE event and its JSON are read in place (`SSEDecoder.feedBytes`,
/// `ChunkShape`, `FastChunk.read`) and plain content (valid UTF-8, no control code, no `<`, nothing held back) is copied
/// as bytes. Everything else takes the general path (the full decoder, `ThinkSplitter`, `TerminalText.Stripper`).
/// All the content of one network read is handed on at once by `flush`: one write instead of dozens, with no
/// added delay (it arrived at the same moment).
package struct ReplyReader: Sendable {
    private var decoder = SSEDecoder()
    private var think = ThinkSplitter()
    private var cleanContent = TerminalText.Stripper()
    private var cleanReasoning = TerminalText.Stripper()
    package private(set) var content = ""
    package private(set) var reasoning = ""
    package private(set) var finish: String?
    package private(set) var usage: Usage?
    package private(set) var done = false
    package private(set) var streamError: String?
    package private(set) var malformed: String?
    /// True once any content or reasoning arrived.
    package private(set) var sawToken = false
    /// Content not handed on yet (UTF-8).
    private var pending: [UInt8] = []
    private var scratch: [UInt8] = []
    private var shape = ChunkShape()

    package init() {}

    /// Feeds SSE bytes of one network read, then hands on what they carried. Where an event starts and the
    /// chunks have the shape of the last one (`ChunkShape`), plain content events are read straight from the
    /// read's bytes (`plainContentEvents`: three `memcmp`s and a scan of the value an event); the decoder
    /// gets the rest an event at a time, so that the shortcut is taken again after the event it did not take.
    package mutating func feed(_ bytes: UnsafeRawBufferPointer, _ onEvent: (ClientEvent) -> Void) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return flush(onEvent) }
        var d = decoder
        decoder = SSEDecoder()
        var i = 0
        while i < bytes.count {
            if fastLane && d.atEventStart && cleanContent.isBetweenSequences && think.passesThrough {
                var any = false
                i = shape.plainContentEvents(base, from: i, count: bytes.count, into: &pending, nonEmpty: &any)
                if any { sawToken = true }
                if i == bytes.count { break }
            }
            // Up to the end of the next event ("\n\n"), or all the rest when there is none or no shortcut.
            let stop = fastLane ? Self.afterBlankLine(base, from: i, count: bytes.count) : bytes.count
            d.feedBytes(UnsafeRawBufferPointer(start: base + i, count: stop - i)) { event($0, onEvent) }
            i = stop
        }
        if streamError == nil { streamError = d.errorField }
        decoder = d
        flush(onEvent)
    }

    /// Off only in tests, to compare the shortcut with the decoder alone.
    var fastLane = true
    var shapeForTests: ChunkShape { shape }

    /// The offset after the first "\n\n" at or after `from`; `count` when there is none.
    private static func afterBlankLine(_ base: UnsafePointer<UInt8>, from: Int, count: Int) -> Int {
        var i = from
        while i < count, let hit = memchr(base + i, 0x0A, count - i) {
            let lf = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
            if lf + 1 < count && base[lf + 1] == 0x0A { return lf + 2 }
            i = lf + 1
        }
        return count
    }

    /// The end of the stream: an event without its blank line, a tag prefix held back, the last content.
    package mutating func finish(_ onEvent: (ClientEvent) -> Void) {
        var d = decoder
        decoder = SSEDecoder()
        d.finishBytes { event($0, onEvent) }
        if streamError == nil { streamError = d.errorField }
        decoder = d
        end(onEvent)
    }

    /// What is held back goes out (after a cancellation, a cut, or the end).
    package mutating func end(_ onEvent: (ClientEvent) -> Void) {
        var t = think
        t.finish { emit($0, $1, onEvent) }
        think = t
        flush(onEvent)
    }

    package mutating func flush(_ onEvent: (ClientEvent) -> Void) {
        guard !pending.isEmpty else { return }
        // Whole characters only, each checked where it was taken (`isPlain`, `plainContentEvents`) or taken from
        // a String: valid UTF-8, not checked a second time (half a megabyte of reply was 5 M instructions).
        let text = pending.withUnsafeBufferPointer(String.init(knownValidUTF8:))
        pending.removeAll(keepingCapacity: true)
        content += text
        onEvent(.content(text))
    }

    /// One whole (non-streamed, or slow-path) delta.
    package mutating func handle(_ delta: ChatDelta, _ onEvent: (ClientEvent) -> Void) {
        if !delta.reasoning.isEmpty { emit(.reasoning, cleanReasoning.feed(delta.reasoning), onEvent) }
        if !delta.content.isEmpty { feedContent(delta.content, onEvent) }
        if let f = delta.finishReason { finish = f }
        if let u = delta.usage { usage = u }
        if let e = delta.error { streamError = e }
    }

    private mutating func feedContent(_ text: String, _ onEvent: (ClientEvent) -> Void) {
        let clean = cleanContent.feed(text)
        var t = think
        t.feed(clean) { emit($0, $1, onEvent) }
        think = t
    }

    private mutating func emit(_ kind: ThinkSplitter.Kind, _ text: String, _ onEvent: (ClientEvent) -> Void) {
        sawToken = true
        switch kind {
        case .content:
            pending.append(contentsOf: text.utf8)
        case .reasoning:
            flush(onEvent)
            reasoning += text
            onEvent(.reasoning(text))
        }
    }

    private mutating func event(_ bytes: UnsafeBufferPointer<UInt8>, _ onEvent: (ClientEvent) -> Void) {
        if bytes.count == 6 && bytes.elementsEqual("[DONE]".utf8) {
            done = true
            return
        }
        guard let fields = shape.read(bytes, scratch: &scratch) else {
            switch ChatChunkDecoder.decodeFully(String(decoding: bytes, as: UTF8.self)) {
            case .success(let delta): handle(delta, onEvent)
            case .failure(.malformed(let text)): malformed = malformed ?? text
            }
            return
        }
        let s = scratch
        func withText<R>(_ t: FastChunk.Text, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            if t.inScratch { return s.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[t.range])) } }
            return body(UnsafeBufferPointer(rebasing: bytes[t.range]))
        }
        if let r = fields.reasoning, !r.range.isEmpty {
            let text = withText(r) { String(decoding: $0, as: UTF8.self) }
            emit(.reasoning, cleanReasoning.feed(text), onEvent)
        }
        if let c = fields.content, !c.range.isEmpty {
            let plain = cleanContent.isBetweenSequences && think.passesThrough
            let copied = withText(c) { buf -> Bool in
                guard plain, Self.isPlain(buf) else { return false }
                pending.append(contentsOf: buf)
                return true
            }
            if copied {
                sawToken = true
            } else {
                feedContent(withText(c) { String(decoding: $0, as: UTF8.self) }, onEvent)
            }
        }
        if let f = fields.finishReason { finish = withText(f) { String(decoding: $0, as: UTF8.self) } }
    }

    /// Valid UTF-8 with no control character (C0 but newline and tab, DEL, C1) and no `<` (that could start a
    /// tag): what `TerminalText` and `ThinkSplitter` would pass through unchanged. One pass over the bytes.
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                if b < 0x20 {
                    if b != 0x0A && b != 0x09 { return false }
                } else if b == UInt8(ascii: "<") || b == 0x7F {
                    return false
                }
                i += 1
            } else if let len = FastChunk.sequenceLength(bytes, at: i), b != 0xC2 || bytes[i + 1] > 0x9F {
                i += len
            } else {
                return false  // not UTF-8, or U+0080 … U+009F
            }
        }
        return true
    }
}
