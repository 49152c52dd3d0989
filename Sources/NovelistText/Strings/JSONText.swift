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
    /// `\u00XX`; the runs between them are appended as slices of `value` (already valid: no validation).
    package static func appendQuoted(_ value: String, to out: inout String) {
        out += "\""
        var escapes: [Int] = []
        var value = value
        value.withUTF8 { b in
            for i in 0..<b.count where b[i] < 0x20 || b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "\\") { escapes.append(i) }
        }
        let u = value.utf8
        var run = value.startIndex
        var runOffset = 0
        for at in escapes {
            // An ASCII byte: its offset is a scalar boundary.
            let i = u.index(run, offsetBy: at - runOffset)
            runOffset = at + 1
            out += value[run..<i]
            run = u.index(after: i)
            switch u[i] {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case let c:
                let hex = Array("0123456789abcdef".utf8)
                out += String(
                    decoding: [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 0xF)]], as: UTF8.self)
            }
        }
        out += value[run...]
        out += "\""
    }
}
