/// One record per line, fields between tabs, a backslash escaping tab, newline, carriage return and itself:
/// the format of novelist's caches in `.novelist/` (digests, the appearance index). Read by byte and split
/// once, it costs a small part of what JSONDecoder did for the same records (issue 19).
package enum TabFields {
    package static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: "\t")
    }

    /// The fields of a line, cut at the tab bytes (a tab is never inside a multi-byte character): splitting by
    /// Characters spent most of reading the caches in grapheme breaking.
    package static func fields(_ line: Substring) -> [String] {
        let cut: [String]? = line.utf8.withContiguousStorageIfAvailable { b in
            var out: [String] = []
            var start = 0
            for i in 0...b.count where i == b.count || b[i] == 0x09 {
                let piece = UnsafeBufferPointer(rebasing: b[start..<i])
                out.append(
                    piece.contains(0x5C)
                        ? unescape(Substring(String(decoding: piece, as: UTF8.self))) : String(decoding: piece, as: UTF8.self))
                start = i + 1
            }
            return out
        }
        return cut ?? line.split(separator: "\t", omittingEmptySubsequences: false).map(unescape)
    }

    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func unescape(_ s: Substring) -> String {
        guard s.utf8.contains(0x5C) else { return String(s) }
        var out = ""
        var escaped = false
        for ch in s.unicodeScalars {
            if escaped {
                switch ch {
                case "t": out += "\t"
                case "n": out += "\n"
                case "r": out += "\r"
                default: out.unicodeScalars.append(ch)
                }
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
