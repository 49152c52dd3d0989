import NovelistText

/// A fast path for the common streamed chunk — `{"choices":[{"delta":{"content":"…"},"finish_reason":null}],…}` —
/// reading only the fields novelist uses, straight from the bytes, with no allocation: a string without escapes
/// is a view of the chunk's own bytes, one with escapes is decoded into a scratch buffer the caller keeps.
/// Anything it is not sure about (usage, errors, odd shapes, malformed JSON, escaped keys) returns nil and goes
/// to the full JSONDecoder path, so the result is always the same as the decoder's; a test checks that on many chunks.
enum FastChunk {
    /// Where a string value is: in the chunk's bytes, or (when it had escapes) in the scratch buffer.
    struct Text: Equatable {
        var inScratch: Bool
        var range: Range<Int>
    }

    /// The fields of one chunk; `Text` values point into the chunk or the scratch buffer.
    struct Fields {
        var content: Text?
        var reasoning: Text?
        var finishReason: Text?
    }

    /// Reads one chunk's JSON; nil when the full decoder must do it. `scratch` is cleared and reused.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8]) -> Fields? {
        var p = Parser(bytes: bytes, i: 0, scratch: [])
        swap(&p.scratch, &scratch)
        p.scratch.removeAll(keepingCapacity: true)
        var fields = Fields()
        let ok = p.topLevel(&fields)
        p.skipSpace()
        swap(&p.scratch, &scratch)
        return ok && p.i == bytes.count ? fields : nil
    }

    /// The same as a `ChatDelta` (the reference the tests compare with the full decoder).
    static func parse(_ text: String) -> ChatDelta? {
        var text = text
        var scratch: [UInt8] = []
        return text.withUTF8 { buf -> ChatDelta? in
            guard let f = read(buf, scratch: &scratch) else { return nil }
            func string(_ t: Text?) -> String? {
                guard let t else { return nil }
                if t.inScratch { return String(decoding: scratch[t.range], as: UTF8.self) }
                return String(decoding: UnsafeBufferPointer(rebasing: buf[t.range]), as: UTF8.self)
            }
            var out = ChatDelta()
            out.content = string(f.content) ?? ""
            out.reasoning = string(f.reasoning) ?? ""
            out.finishReason = string(f.finishReason)
            return out
        }
    }

    /// True when `bytes` are valid UTF-8 (ASCII is checked a byte at a time, the rest by the standard's table).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            if bytes[i] < 0x80 {
                i += 1
            } else if let len = sequenceLength(bytes, at: i) {
                i += len
            } else {
                return false
            }
        }
        return true
    }

    /// The length of the valid multi-byte UTF-8 sequence that starts at `i` (whose first byte is ≥ 0x80),
    /// nil when it is not one: the well-formed byte sequences of the Unicode standard, table 3-7.
    @inline(__always)
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let b = bytes[i]
        let len: Int
        var lo: UInt8 = 0x80
        var hi: UInt8 = 0xBF
        switch b {
        case 0xC2...0xDF: len = 2
        case 0xE0:
            len = 3
            lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: len = 3
        case 0xED:
            len = 3
            hi = 0x9F
        case 0xF0:
            len = 4
            lo = 0x90
        case 0xF1...0xF3: len = 4
        case 0xF4:
            len = 4
            hi = 0x8F
        default: return nil
        }
        guard i + len <= bytes.count, (lo...hi).contains(bytes[i + 1]) else { return nil }
        for k in 2..<max(2, len) where !(0x80...0xBF).contains(bytes[i + k]) { return nil }
        return len
    }

    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i: Int
        var scratch: [UInt8]

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        mutating func expect(_ b: UInt8) -> Bool {
            skipSpace()
            guard i < bytes.count, bytes[i] == b else { return false }
            i += 1
            return true
        }

        mutating func peek() -> UInt8? {
            skipSpace()
            return i < bytes.count ? bytes[i] : nil
        }

        func keyIs(_ key: Range<Int>, _ word: StaticString) -> Bool {
            guard key.count == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for k in 0..<key.count where bytes[key.lowerBound + k] != w[k] { return false }
            return true
        }

        /// An object key without escapes (an escaped key goes to the full decoder).
        mutating func key() -> Range<Int>? {
            guard let t = string(), !t.inScratch else { return nil }
            return t.range
        }

        /// Iterates an object's members: `body` reads the value of each key (and must consume it).
        mutating func object(_ body: (inout Parser, Range<Int>) -> Bool) -> Bool {
            guard expect(UInt8(ascii: "{")) else { return false }
            if peek() == UInt8(ascii: "}") {
                i += 1
                return true
            }
            while true {
                guard let key = key(), expect(UInt8(ascii: ":")) else { return false }
                guard body(&self, key) else { return false }
                guard let next = peek() else { return false }
                i += 1
                if next == UInt8(ascii: "}") { return true }
                guard next == UInt8(ascii: ",") else { return false }
            }
        }

        mutating func topLevel(_ out: inout Fields) -> Bool {
            var sawChoices = false
            let ok = object { p, key in
                if p.keyIs(key, "choices") {
                    sawChoices = true
                    return p.choices(&out)
                }
                if p.keyIs(key, "usage") || p.keyIs(key, "error") {
                    // Rare and richer: leave them to the full decoder, unless null.
                    return p.literal("null")
                }
                return p.skipValue()
            }
            return ok && sawChoices
        }

        mutating func choices(_ out: inout Fields) -> Bool {
            guard expect(UInt8(ascii: "[")) else { return false }
            if peek() == UInt8(ascii: "]") {
                i += 1
                return true
            }
            var first = true
            while true {
                if first {
                    let ok = object { p, key in
                        if p.keyIs(key, "delta") || p.keyIs(key, "message") { return p.part(&out) }
                        if p.keyIs(key, "finish_reason") {
                            if p.literal("null") { return true }
                            guard let s = p.string() else { return false }
                            out.finishReason = s
                            return true
                        }
                        return p.skipValue()
                    }
                    guard ok else { return false }
                    first = false
                } else if !skipValue() {
                    return false
                }
                guard let next = peek() else { return false }
                i += 1
                if next == UInt8(ascii: "]") { return true }
                guard next == UInt8(ascii: ",") else { return false }
            }
        }

        mutating func part(_ out: inout Fields) -> Bool {
            if literal("null") { return true }
            var reasoningContent: Text?
            var reasoning: Text?
            defer { out.reasoning = reasoningContent ?? reasoning ?? out.reasoning }
            return object { p, key in
                let which: Int
                if p.keyIs(key, "content") {
                    which = 0
                } else if p.keyIs(key, "reasoning_content") {
                    which = 1
                } else if p.keyIs(key, "reasoning") {
                    which = 2
                } else {
                    return p.skipValue()
                }
                if p.literal("null") { return true }
                // Only strings: anything else goes to the full decoder (which reads it as absent).
                guard p.peek() == UInt8(ascii: "\""), let s = p.string() else { return false }
                switch which {
                case 0: out.content = s
                case 1: reasoningContent = s
                default: reasoning = s
                }
                return true
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            skipSpace()
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count else { return false }
            for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return false }
            i += n
            return true
        }

        /// A JSON string: its bytes when it has no escapes, else decoded at the end of `scratch`.
        mutating func string() -> Text? {
            guard expect(UInt8(ascii: "\"")) else { return nil }
            let start = i
            // Fast: no escapes.
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") {
                if bytes[i] < 0x20 { return nil }
                i += 1
            }
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "\"") {
                i += 1
                return Text(inScratch: false, range: start..<(i - 1))
            }
            let from = scratch.count
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    return Text(inScratch: true, range: from..<scratch.count)
                }
                if b < 0x20 { return nil }
                if b != UInt8(ascii: "\\") {
                    scratch.append(b)
                    i += 1
                    continue
                }
                i += 1
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): scratch.append(0x22)
                case UInt8(ascii: "\\"): scratch.append(0x5C)
                case UInt8(ascii: "/"): scratch.append(0x2F)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    guard var code = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(code) {
                        // A surrogate pair: \uD83D\uDE00.
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { return nil }
                        i += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(code) {
                        return nil
                    }
                    appendUTF8(code)
                default:
                    return nil
                }
            }
            return nil
        }

        /// A scalar (never a surrogate here) as UTF-8.
        mutating func appendUTF8(_ v: UInt32) {
            switch v {
            case 0..<0x80: scratch.append(UInt8(v))
            case 0x80..<0x800: scratch.append(contentsOf: [UInt8(0xC0 | (v >> 6)), UInt8(0x80 | (v & 0x3F))])
            case 0x800..<0x10000:
                scratch.append(contentsOf: [UInt8(0xE0 | (v >> 12)), UInt8(0x80 | ((v >> 6) & 0x3F)), UInt8(0x80 | (v & 0x3F))])
            default:
                scratch.append(contentsOf: [
                    UInt8(0xF0 | (v >> 18)), UInt8(0x80 | ((v >> 12) & 0x3F)), UInt8(0x80 | ((v >> 6) & 0x3F)), UInt8(0x80 | (v & 0x3F))
                ])
            }
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[i]
                let d: UInt32
                switch b {
                case 0x30...0x39: d = UInt32(b - 0x30)
                case 0x41...0x46: d = UInt32(b - 0x41 + 10)
                case 0x61...0x66: d = UInt32(b - 0x61 + 10)
                default: return nil
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }

        /// Skips any JSON value (validating its shape); a skipped string leaves nothing in `scratch`.
        mutating func skipValue(depth: Int = 0) -> Bool {
            guard depth < 64, let c = peek() else { return false }
            switch c {
            case UInt8(ascii: "\""):
                let mark = scratch.count
                defer { scratch.removeSubrange(mark...) }
                return string() != nil
            case UInt8(ascii: "{"): return object { p, _ in p.skipValue(depth: depth + 1) }
            case UInt8(ascii: "["):
                i += 1
                if peek() == UInt8(ascii: "]") {
                    i += 1
                    return true
                }
                while true {
                    guard skipValue(depth: depth + 1), let next = peek() else { return false }
                    i += 1
                    if next == UInt8(ascii: "]") { return true }
                    guard next == UInt8(ascii: ",") else { return false }
                }
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default:
                return number()
            }
        }

        /// A number, by JSON's grammar: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
        mutating func number() -> Bool {
            func digit() -> Bool { i < bytes.count && (0x30...0x39).contains(bytes[i]) }
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digit() else { return false }
            if bytes[i] == 0x30 {
                i += 1
            } else {
                while digit() { i += 1 }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard digit() else { return false }
                while digit() { i += 1 }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digit() else { return false }
                while digit() { i += 1 }
            }
            return true
        }
    }
}
