import Foundation

/// The chunks of one stream differ in one place: `{"id":"x",…,"delta":{"content":"` VALUE `"},…}` — the
/// same bytes before and after the one string that changes. `ChunkShape` keeps the last chunk `FastChunk`
/// read in full whose only field was one plain string (content or reasoning, no escapes, no finish reason);
/// a chunk whose bytes match it before and after its value is read by two `memcmp`s and a scan of the value.
///
/// The result is the same as `FastChunk.read`'s: that parser reads left to right, so over the same bytes
/// before the value it reaches the value in the same state; the value is a string without escapes or
/// control bytes ending at the first `"` (what `Parser.string()` reads); and over the same bytes after it,
/// from the same state, it sets the same fields (none) and ends the same way. Anything else — another
/// id, a finish reason, an escape — misses, goes to `FastChunk.read`, and may become the new shape.
struct ChunkShape {
    private var bytes: [UInt8] = []
    /// Where the value sat in `bytes`: its first byte, and its closing quote.
    private var valueStart = 0
    private var valueEnd = 0
    private var isReasoning = false
    /// Neither the bytes before the value nor those after it hold a line end (an event of one `data:` line).
    private var oneLine = false

    /// The fields of `chunk`, by the shape, or by `FastChunk.read` (learning the shape when it can).
    mutating func read(_ chunk: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8]) -> FastChunk.Fields? {
        if let fields = match(chunk) { return fields }
        let fields = FastChunk.read(chunk, scratch: &scratch)
        if let fields { learn(chunk, fields) }
        return fields
    }

    /// The fields when `chunk` has the shape's bytes around its value, nil when it has not.
    func match(_ chunk: UnsafeBufferPointer<UInt8>) -> FastChunk.Fields? {
        let suffix = bytes.count - valueEnd
        guard valueEnd > 0, chunk.count >= valueStart + suffix, let base = chunk.baseAddress else { return nil }
        let same = bytes.withUnsafeBufferPointer { old -> Bool in
            memcmp(base, old.baseAddress!, valueStart) == 0
                && memcmp(base + chunk.count - suffix, old.baseAddress! + valueEnd, suffix) == 0
        }
        guard same else { return nil }
        // The value: up to the first quote, which must be where the suffix begins.
        let end = chunk.count - suffix
        var i = valueStart
        while i < end {
            let b = base[i]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { return nil }
            i += 1
        }
        let text = FastChunk.Text(inScratch: false, range: valueStart..<end)
        var fields = FastChunk.Fields()
        if isReasoning { fields.reasoning = text } else { fields.content = text }
        return fields
    }

    private mutating func learn(_ chunk: UnsafeBufferPointer<UInt8>, _ fields: FastChunk.Fields) {
        guard fields.finishReason == nil else { return }
        let value: FastChunk.Text
        let reasoning: Bool
        switch (fields.content, fields.reasoning) {
        case (let c?, nil): (value, reasoning) = (c, false)
        case (nil, let r?): (value, reasoning) = (r, true)
        default: return
        }
        // Only a value read in place, with its quotes around it (a string with escapes was decoded elsewhere).
        let r = value.range
        guard !value.inScratch, r.lowerBound > 0, r.upperBound < chunk.count, chunk[r.lowerBound - 1] == UInt8(ascii: "\""),
            chunk[r.upperBound] == UInt8(ascii: "\"")
        else { return }
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: chunk)
        valueStart = r.lowerBound
        valueEnd = r.upperBound
        isReasoning = reasoning
        oneLine = !chunk.contains(0x0A) && !chunk.contains(0x0D)
    }

    /// What a JSON escape whose letter is `e` stands for when that is plain text (newline, tab, `"`, `\\`, `/`).
    @inline(__always) static func plainEscape(_ e: UInt8) -> UInt8? {
        switch e {
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "t"): 0x09
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): e
        default: nil
        }
    }

    /// Whole SSE events at `from` in the `count` bytes at `base`, one after another, each `data: ` + a chunk of
    /// this content shape + `\n\n` whose value is plain (`ReplyReader.isPlain`: valid UTF-8, no control code,
    /// no `<`; escapes only of newline, tab, `"`, `\\` and `/`, decoded as `FastChunk` decodes them): their
    /// values are appended to `out`, and the offset after the last one is the result (`from` when the first is
    /// not such an event). Such an event is one the decoder would hand to `match` or `FastChunk.read` with the
    /// same fields, so reading it here gives the same reply (tested); the decoder must be where an event starts.
    /// `nonEmpty` tells whether any value had a byte.
    func plainContentEvents(
        _ base: UnsafePointer<UInt8>, from: Int, count: Int, into out: inout [UInt8], nonEmpty: inout Bool
    ) -> Int {
        guard oneLine, !isReasoning, valueEnd > 0 else { return from }
        let suffix = bytes.count - valueEnd
        // The values are written into one scratch buffer and appended once: an append a byte checked the array's
        // uniqueness and capacity each time (a tenth of the stream's instructions).
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: max(count - from, 1))
        defer { scratch.deallocate() }
        var w = 0
        let next = bytes.withUnsafeBufferPointer { shape -> Int in
            let old = shape.baseAddress!
            var i = from
            while i + 6 + valueStart + suffix + 2 <= count, memcmp(base + i, "data: ", 6) == 0,
                memcmp(base + i + 6, old, valueStart) == 0
            {
                let start = i + 6 + valueStart
                var j = start
                var escaped = false
                // The value ends at the first quote not escaped; a control byte is not JSON.
                while j < count {
                    let b = base[j]
                    if b == UInt8(ascii: "\"") { break }
                    if b == UInt8(ascii: "\\") {
                        // \n \t \" \\ \/ stand for plain text; \r \b \f (controls) and \u are for the decoder.
                        guard j + 1 < count, Self.plainEscape(base[j + 1]) != nil else { return i }
                        escaped = true
                        j += 2
                    } else {
                        if b < 0x20 { return i }
                        j += 1
                    }
                }
                let end = j + suffix
                // Plain as the decoder's path checks it; the escapes taken stand for plain text, so the value as
                // written is plain exactly when the value it stands for is.
                guard end + 2 <= count, memcmp(base + j, old + valueEnd, suffix) == 0, base[end] == 0x0A, base[end + 1] == 0x0A,
                    ReplyReader.isPlain(UnsafeBufferPointer(start: base + start, count: j - start))
                else { return i }
                if j > start {
                    if escaped {
                        var k = start
                        while k < j {
                            if base[k] == UInt8(ascii: "\\"), let c = Self.plainEscape(base[k + 1]) {
                                scratch[w] = c
                                k += 2
                            } else {
                                scratch[w] = base[k]
                                k += 1
                            }
                            w += 1
                        }
                    } else if j - start <= 16 {
                        // A few bytes (most chunks carry a word or two): copied one by one, cheaper than a call.
                        for k in start..<j {
                            scratch[w] = base[k]
                            w += 1
                        }
                    } else {
                        (scratch + w).update(from: base + start, count: j - start)
                        w += j - start
                    }
                    nonEmpty = true
                }
                i = end + 2
            }
            return i
        }
        out.append(contentsOf: UnsafeBufferPointer(start: scratch, count: w))
        return next
    }
}
