/// One record per line, fields between tabs, a backslash escaping tab, newline, carriage return and itself:
/// the format of novelist's caches in `.novelist/` (digests, the appearance index). Read by byte and split
/// once, it costs a small part of what JSONDecoder did for the same records (issue 19).
package enum TabFields {
    package static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: "\t")
    }

    /// The fields of a line, cut at the tab bytes (a tab is never inside a multi-byte character) and unescaped
    /// byte by byte: splitting and unescaping by Characters spent most of reading the caches in grapheme breaking.
    package static func fields(_ line: Substring) -> [String] {
        let cut: [String]? = line.utf8.withContiguousStorageIfAvailable { b in
            var out: [String] = []
            var start = 0
            for i in 0...b.count where i == b.count || b[i] == 0x09 {
                out.append(unescape(UnsafeBufferPointer(rebasing: b[start..<i])))
                start = i + 1
            }
            return out
        }
        return cut ?? fields(Substring(String(line)))
    }

    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 16)
        for b in s.utf8 {
            switch b {
            case 0x5C: out += [0x5C, 0x5C]
            case 0x09: out += [0x5C, 0x74]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A field's text: `\t`, `\n`, `\r` and `\\` back to what they stand for; a lone backslash at the end is dropped.
    static func unescape(_ b: UnsafeBufferPointer<UInt8>) -> String {
        guard b.contains(0x5C) else { return String(decoding: b, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 0x5C {
                if i + 1 < b.count {
                    let n = b[i + 1]
                    out.append(n == 0x74 ? 0x09 : n == 0x6E ? 0x0A : n == 0x72 ? 0x0D : n)
                }
                i += 2
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
