/// JSON text written directly, for the lines novelist appends often and long (a 2-MB reply in `chat.jsonl`):
/// the same text `JSONEncoder` writes with `.sortedKeys` and `.withoutEscapingSlashes`, at a few instructions
/// a byte instead of its twenty, and with no second UTF-8 validation (issue 19). Keys come in sorted order
/// from the caller.
package struct JSONObjectWriter {
    package private(set) var text = "{"
    private var first = true

    package init(capacity: Int = 0) { text.reserveCapacity(capacity + 2) }

    package mutating func string(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        self.key(key)
        JSONText.appendQuoted(value, to: &text)
    }

    package mutating func int(_ key: StaticString, _ value: Int) {
        self.key(key)
        text += String(value)
    }

    /// A value already in JSON form (a number of another integer type).
    package mutating func raw(_ key: StaticString, _ json: String) {
        self.key(key)
        text += json
    }

    /// A nested object, written by `body`.
    package mutating func object(_ key: StaticString, _ body: (inout JSONObjectWriter) -> Void) {
        self.key(key)
        nested(body)
    }

    /// A nested object under a key known only at run time (a dictionary's key, such as a file's path), quoted
    /// and escaped.
    package mutating func object(named key: String, _ body: (inout JSONObjectWriter) -> Void) {
        if !first { text += "," }
        first = false
        JSONText.appendQuoted(key, to: &text)
        text += ":"
        nested(body)
    }

    private mutating func nested(_ body: (inout JSONObjectWriter) -> Void) {
        var inner = JSONObjectWriter()
        body(&inner)
        text += inner.finished()
    }

    package mutating func finished() -> String {
        text += "}"
        return text
    }

    private mutating func key(_ key: StaticString) {
        if !first { text += "," }
        first = false
        text += "\"\(key)\":"
    }
}

package enum JSONText {
    /// `value` as a JSON string: `"` and `\` escaped, control characters below U+0020 as `\n`, `\t` … or
    /// `\u00XX`. Made in one byte buffer, eight bytes looked at a time where none needs an escape (a streamed
    /// reply of half a megabyte is a transcript line: appending the runs between escapes to a String cost 22
    /// instructions a byte); the runs are cut at ASCII bytes, so the buffer is valid UTF-8 and not checked again.
    package static func appendQuoted(_ value: String, to out: inout String) {
        var value = value
        let quoted: [UInt8] = value.withUTF8 { b in
            var o: [UInt8] = []
            o.reserveCapacity(b.count + 8)
            o.append(0x22)
            guard let base = b.baseAddress else {
                o.append(0x22)
                return o
            }
            let n = b.count
            var run = 0
            var i = 0
            while i < n {
                if i + 8 <= n, !needsEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
                let c = base[i]
                if c < 0x20 || c == 0x22 || c == 0x5C {
                    o.append(contentsOf: UnsafeBufferPointer(start: base + run, count: i - run))
                    appendEscape(c, to: &o)
                    run = i + 1
                }
                i += 1
            }
            o.append(contentsOf: UnsafeBufferPointer(start: base + run, count: n - run))
            o.append(0x22)
            return o
        }
        out += quoted.withUnsafeBufferPointer(String.init(knownValidUTF8:))
    }

    /// Whether any of the eight bytes is below 0x20, `"` or `\` (exact: a borrow only runs past a byte that is).
    @inline(__always) static func needsEscape(_ x: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = x ^ (ones &* 0x22)
        let slash = x ^ (ones &* 0x5C)
        return ((x &- ones &* 0x20) | (quote &- ones) | (slash &- ones)) & ~(x & high) & high != 0
    }

    private static func appendEscape(_ c: UInt8, to o: inout [UInt8]) {
        o.append(0x5C)
        switch c {
        case 0x22, 0x5C: o.append(c)
        case 0x0A: o.append(UInt8(ascii: "n"))
        case 0x0D: o.append(UInt8(ascii: "r"))
        case 0x09: o.append(UInt8(ascii: "t"))
        case 0x08: o.append(UInt8(ascii: "b"))
        case 0x0C: o.append(UInt8(ascii: "f"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            o.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 0xF)]])
        }
    }
}
