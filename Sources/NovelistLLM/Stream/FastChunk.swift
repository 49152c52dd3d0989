import NovelistText

/// A fast path for the common streamed chunk — `{"choices":[{"delta":{"content":"…"},"finish_reason":null}],…}` —
/// reading only the fields novelist uses, straight from the bytes. Anything it is not sure about (usage,
/// errors, odd shapes, malformed JSON) returns nil and goes to the full JSONDecoder path, so the result is
/// always the same as the decoder's; a test checks that on many chunks.
enum FastChunk {
    static func parse(_ text: String) -> ChatDelta? {
        var text = text
        return text.withUTF8 { buf -> ChatDelta? in
            var p = Parser(bytes: buf, i: 0)
            guard let delta = p.topLevel() else { return nil }
            p.skipSpace()
            return p.i == buf.count ? delta : nil
        }
    }

    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i: Int

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

        /// Iterates an object's members: `body` reads the value of each key (and must consume it).
        mutating func object(_ body: (inout Parser, String) -> Bool) -> Bool {
            guard expect(UInt8(ascii: "{")) else { return false }
            if peek() == UInt8(ascii: "}") {
                i += 1
                return true
            }
            while true {
                guard let key = string(), expect(UInt8(ascii: ":")) else { return false }
                guard body(&self, key) else { return false }
                guard let next = peek() else { return false }
                i += 1
                if next == UInt8(ascii: "}") { return true }
                guard next == UInt8(ascii: ",") else { return false }
            }
        }

        mutating func topLevel() -> ChatDelta? {
            var out = ChatDelta()
            var sawChoices = false
            let ok = object { p, key in
                switch key {
                case "choices":
                    sawChoices = true
                    return p.choices(&out)
                case "usage", "error":
                    // Rare and richer: leave them to the full decoder, unless null.
                    if p.literal("null") { return true }
                    return false
                default:
                    return p.skipValue()
                }
            }
            return ok && sawChoices ? out : nil
        }

        mutating func choices(_ out: inout ChatDelta) -> Bool {
            guard expect(UInt8(ascii: "[")) else { return false }
            if peek() == UInt8(ascii: "]") {
                i += 1
                return true
            }
            var first = true
            while true {
                if first {
                    let ok = object { p, key in
                        switch key {
                        case "delta", "message":
                            return p.part(&out)
                        case "finish_reason":
                            if p.literal("null") { return true }
                            guard let s = p.string() else { return false }
                            out.finishReason = s
                            return true
                        default:
                            return p.skipValue()
                        }
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

        mutating func part(_ out: inout ChatDelta) -> Bool {
            if literal("null") { return true }
            var reasoningContent: String?
            var reasoning: String?
            defer { out.reasoning = reasoningContent ?? reasoning ?? out.reasoning }
            return object { p, key in
                switch key {
                case "content", "reasoning_content", "reasoning":
                    if p.literal("null") { return true }
                    // Only strings: anything else goes to the full decoder (which reads it as absent).
                    guard p.peek() == UInt8(ascii: "\""), let s = p.string() else { return false }
                    switch key {
                    case "content": out.content = s
                    case "reasoning_content": reasoningContent = s
                    default: reasoning = s
                    }
                    return true
                default:
                    return p.skipValue()
                }
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

        /// A JSON string, decoded.
        mutating func string() -> String? {
            guard expect(UInt8(ascii: "\"")) else { return nil }
            let start = i
            // Fast: no escapes.
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") {
                if bytes[i] < 0x20 { return nil }
                i += 1
            }
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            var out = Array(bytes[start..<i])
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if b < 0x20 { return nil }
                if b != UInt8(ascii: "\\") {
                    out.append(b)
                    i += 1
                    continue
                }
                i += 1
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
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
                    guard let scalar = Unicode.Scalar(code) else { return nil }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    return nil
                }
            }
            return nil
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

        /// Skips any JSON value (validating its shape).
        mutating func skipValue(depth: Int = 0) -> Bool {
            guard depth < 64, let c = peek() else { return false }
            switch c {
            case UInt8(ascii: "\""): return string() != nil
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
