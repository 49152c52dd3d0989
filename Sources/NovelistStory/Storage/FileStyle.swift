import NovelistText

/// A file keeps its own line endings and byte-order mark: a CRLF chapter stays CRLF and a UTF-8 BOM stays
/// after any change novelist writes (texts inside novelist are LF without a BOM).
package enum FileStyle {
    /// `new` written the way `old` is: CRLF when `old` ends its lines in CRLF, a BOM when `old` has one.
    package static func match(_ new: String, like old: String?) -> String {
        guard let old, !new.isEmpty else { return new }
        let bom = old.unicodeScalars.first == "\u{FEFF}"
        var lf = 0
        var crlf = 0
        var previous: UInt8 = 0
        for b in old.utf8 {
            if b == 10 { if previous == 13 { crlf += 1 } else { lf += 1 } }
            previous = b
        }
        var out = new
        if crlf > lf {
            out = out.normalizingNewlines().replacingOccurrences(of: "\n", with: "\r\n")
        }
        if bom && out.unicodeScalars.first != "\u{FEFF}" { out = "\u{FEFF}" + out }
        return out
    }
}
