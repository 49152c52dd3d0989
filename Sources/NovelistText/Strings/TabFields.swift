import Foundation

/// One record per line, fields between tabs, a backslash escaping tab, newline, carriage return and itself:
/// the format of novelist's caches in `.novelist/` (digests, the appearance index). Read by byte and split
/// once, it costs a small part of what JSONDecoder did for the same records (issue 19).
package enum TabFields {
    /// The line of `fields`, made in one byte buffer (escaping field by field through String's UTF-8 view was a
    /// third of saving the digests of a 300-chapter story).
    package static func line(_ fields: [String]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(fields.reduce(fields.count) { $0 + $1.utf8.count })
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(0x09) }
            append(field, to: &out)
        }
        // Strings' bytes with ASCII escapes between them: valid UTF-8.
        return out.withUnsafeBufferPointer(String.init(knownValidUTF8:))
    }

    /// Appends a field's bytes, escaped.
    static func append(_ field: String, to out: inout [UInt8]) {
        var field = field
        field.withUTF8 { b in
            var start = 0
            for i in 0..<b.count {
                let c = b[i]
                guard c == 0x5C || c == 0x09 || c == 0x0A || c == 0x0D else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i]))
                out.append(0x5C)
                out.append(c == 0x09 ? 0x74 : c == 0x0A ? 0x6E : c == 0x0D ? 0x72 : 0x5C)
                start = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<b.count]))
        }
    }

    /// The fields of a line, cut at the tab bytes (a tab is never inside a multi-byte character) and unescaped
    /// byte by byte: splitting and unescaping by Characters spent most of reading the caches in grapheme breaking.
    package static func fields(_ line: Substring) -> [String] {
        let cut: [String]? = line.utf8.withContiguousStorageIfAvailable { b in
            var out: [String] = []
            // The caches' lines have up to a dozen fields: one allocation, not five as the array grows.
            out.reserveCapacity(16)
            var start = 0
            while true {
                let tab = start < b.count ? memchr(b.baseAddress! + start, 0x09, b.count - start) : nil
                let end = tab.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - b.baseAddress! } ?? b.count
                out.append(unescape(UnsafeBufferPointer(rebasing: b[start..<end])))
                guard tab != nil else { return out }
                start = end + 1
            }
        }
        return cut ?? fields(Substring(String(line)))
    }

    /// A field's text: `\t`, `\n`, `\r` and `\\` back to what they stand for; a lone backslash at the end is dropped.
    /// The runs between backslashes are found by memchr and copied whole. The bytes are a String's cut at ASCII
    /// bytes (tabs, backslashes), so they are valid UTF-8 and not checked again.
    static func unescape(_ b: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = b.baseAddress, var slash = memchr(base, 0x5C, b.count) else { return String(knownValidUTF8: b) }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var start = 0
        while true {
            let i = UnsafePointer(slash.assumingMemoryBound(to: UInt8.self)) - base
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i]))
            if i + 1 < b.count {
                let n = b[i + 1]
                out.append(n == 0x74 ? 0x09 : n == 0x6E ? 0x0A : n == 0x72 ? 0x0D : n)
            }
            start = min(i + 2, b.count)
            guard start < b.count, let next = memchr(base + start, 0x5C, b.count - start) else { break }
            slash = next
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<b.count]))
        return out.withUnsafeBufferPointer(String.init(knownValidUTF8:))
    }
}
