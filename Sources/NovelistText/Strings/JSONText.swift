/// JSON text written directly, for the lines novelist appends often and long (a 2-MB reply in `chat.jsonl`):
/// the same text `JSONEncoder` writes with `.sortedKeys` and `.withoutEscapingSlashes`, at a few instructions
/// a byte instead of its twenty, and with no second UTF-8 validation (issue 19). Keys come in sorted order
/// from the caller.
package struct JSONObjectWriter {
    /// The object so far, in one byte buffer: a nested object or array is written into it in place, and the
    /// String is made once, at the end (a chat request's context was copied five times on its way to the body).
    package private(set) var bytes: [UInt8] = [0x7B]
    private var first = true

    package init(capacity: Int = 0) { bytes.reserveCapacity(capacity + 2) }

    package mutating func string(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        self.key(key)
        JSONText.appendQuoted(value, to: &bytes)
    }

    package mutating func int(_ key: StaticString, _ value: Int) {
        raw(key, String(value))
    }

    /// A value already in JSON form (a number of another integer type).
    package mutating func raw(_ key: StaticString, _ json: String) {
        self.key(key)
        bytes.append(contentsOf: json.utf8)
    }

    /// A nested object, written by `body`.
    package mutating func object(_ key: StaticString, _ body: (inout JSONObjectWriter) -> Void) {
        self.key(key)
        nested(body)
    }

    /// A nested object under a key known only at run time (a dictionary's key, such as a file's path), quoted
    /// and escaped.
    package mutating func object(named key: String, _ body: (inout JSONObjectWriter) -> Void) {
        if !first { bytes.append(0x2C) }
        first = false
        JSONText.appendQuoted(key, to: &bytes)
        bytes.append(0x3A)
        nested(body)
    }

    /// An array of objects, one written by `body` for each item.
    package mutating func objects<T>(_ key: StaticString, _ items: [T], _ body: (inout JSONObjectWriter, T) -> Void) {
        self.key(key)
        bytes.append(0x5B)
        for (i, item) in items.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            nested { body(&$0, item) }
        }
        bytes.append(0x5D)
    }

    /// The inner writer takes the buffer and gives it back: no copy of what is already written.
    private mutating func nested(_ body: (inout JSONObjectWriter) -> Void) {
        var inner = JSONObjectWriter()
        swap(&inner.bytes, &bytes)
        inner.bytes.append(0x7B)
        body(&inner)
        inner.bytes.append(0x7D)
        swap(&inner.bytes, &bytes)
    }

    /// The object closed, as bytes; `then` is appended after it (a line's end).
    package mutating func finishedBytes(then tail: String = "") -> [UInt8] {
        bytes.append(0x7D)
        bytes.append(contentsOf: tail.utf8)
        return bytes
    }

    /// The object closed, as text; `then` is appended after it (a line's end). Not checked as UTF-8 again: every
    /// piece came from a String or an escape.
    package mutating func finished(then tail: String = "") -> String {
        finishedBytes(then: tail).withUnsafeBufferPointer(String.init(knownValidUTF8:))
    }

    private mutating func key(_ key: StaticString) {
        if !first { bytes.append(0x2C) }
        first = false
        bytes.append(0x22)
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22)
        bytes.append(0x3A)
    }
}

package enum JSONText {
    /// `value` as a JSON string: `"` and `\` escaped, control characters below U+0020 as `\n`, `\t` … or
    /// `\u00XX`. Made in one byte buffer, eight bytes looked at a time where none needs an escape (a streamed
    /// reply of half a megabyte is a transcript line: appending the runs between escapes to a String cost 22
    /// instructions a byte); the runs are cut at ASCII bytes, so the buffer is valid UTF-8 and not checked again.
    package static func appendQuoted(_ value: String, to out: inout String) {
        var o: [UInt8] = []
        o.reserveCapacity(value.utf8.count + 8)
        appendQuoted(value, to: &o)
        out += o.withUnsafeBufferPointer(String.init(knownValidUTF8:))
    }

    /// The same, appended to a byte buffer (`JSONObjectWriter`'s; not reserved here: an exact reserve a call
    /// would copy the buffer each time).
    package static func appendQuoted(_ value: String, to o: inout [UInt8]) {
        var value = value
        value.withUTF8 { b in
            o.append(0x22)
            guard let base = b.baseAddress else {
                o.append(0x22)
                return
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
        }
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
