/// Strings made from UTF-8 bytes without checking them twice (issue 19): reading a story checks 7 MB of
/// Chinese prose, and the standard library's check costs about 11 instructions a byte there (the largest part
/// of a first open and of an export); the caches' fields are cut out of text already checked.
extension String {
    /// The bytes as a String when they are valid UTF-8, nil when they are not: exactly what
    /// `String(validating:as:)` accepts (tested against it for every sequence of up to three bytes, four-byte ones
    /// at their boundaries, and mixtures), checked by `UTF8Check`, about three times as fast on Chinese text.
    package init?(validatingUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard UTF8Check.isValid(bytes) else { return nil }
        self.init(knownValidUTF8: bytes)
    }

    /// Bytes known to be valid UTF-8 — cut out of a String at ASCII bytes, or just checked — made into a String
    /// without checking them again. Other bytes would break String's guarantees: only for bytes that came out
    /// of a String that way or passed `UTF8Check`.
    package init(knownValidUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty else {
            self = ""
            return
        }
        self = String(copying: unsafe UTF8Span(unchecked: Span(_unsafeElements: bytes)))
    }
}

/// The check of UTF-8 that `String(validating:as:)` makes (shortest forms only, no surrogates, nothing past
/// U+10FFFF, no sequence cut short), shaped for Chinese text: ASCII eight bytes at a time, and runs of
/// three-byte characters (lead bytes E1–EC, EE, EF, which take any two continuation bytes) in a loop of their
/// own; the rest (E0, ED, two- and four-byte characters) checked one character at a time.
package enum UTF8Check {
    package static func isValid(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress else { return true }
        let n = p.count
        var i = 0
        while i < n {
            let b = base[i]
            if b < 0x80 {
                if i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                } else {
                    i += 1
                }
                continue
            }
            if isFreeThreeByteLead(b) {
                var j = i
                while true {
                    while j + 16 <= n, fiveFreeThreeByte(base + j) { j += 15 }
                    guard j + 3 <= n, isFreeThreeByteLead(base[j]) else { break }
                    guard (UInt16(base[j + 1]) | UInt16(base[j + 2]) << 8) & 0xC0C0 == 0x8080 else { return false }
                    j += 3
                }
                if j == i { return false }  // cut short: no room for its two continuation bytes
                i = j
                continue
            }
            if b == 0xE0 || b == 0xED {
                guard i + 2 < n else { return false }
                let c1 = base[i + 1]
                // E0 A0–BF (no overlong form), ED 80–9F (no surrogate).
                guard base[i + 2] & 0xC0 == 0x80, b == 0xE0 ? (c1 >= 0xA0 && c1 <= 0xBF) : (c1 >= 0x80 && c1 <= 0x9F) else {
                    return false
                }
                i += 3
                continue
            }
            if b < 0xC2 { return false }  // a continuation byte first, or an overlong two-byte form
            if b < 0xE0 {
                guard i + 1 < n, base[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
                continue
            }
            guard b <= 0xF4, i + 3 < n else { return false }
            let c1 = base[i + 1]
            guard (UInt32(c1) | UInt32(base[i + 2]) << 8 | UInt32(base[i + 3]) << 16) & 0xC0C0C0 == 0x808080 else { return false }
            // F0 90–BF (no overlong form), F4 80–8F (nothing past U+10FFFF).
            if b == 0xF0 && c1 < 0x90 || b == 0xF4 && c1 >= 0x90 { return false }
            i += 4
        }
        return true
    }

    /// Whether the 15 bytes at `p` (16 are read) are five characters of three bytes with free lead bytes and
    /// their continuation bytes, checked as two words; false sends them to the loop above, which gives the exact
    /// verdict (a mark, a line end, E0 or ED, or a fault).
    @inline(__always) private static func fiveFreeThreeByte(_ p: UnsafePointer<UInt8>) -> Bool {
        let low = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
        let high = UnsafeRawPointer(p + 8).loadUnaligned(as: UInt64.self)
        // Leads at bytes 0, 3, 6, 9, 12 are 1110xxxx, the others 10xxxxxx; byte 15 is not looked at (words are
        // little-endian: byte 0 is the low byte).
        let shape = ((low & 0xC0F0_C0C0_F0C0_C0F0) ^ 0x80E0_8080_E080_80E0) | ((high & 0x00C0_C0F0_C0C0_F0C0) ^ 0x0080_80E0_8080_E080)
        guard shape == 0 else { return false }
        // The leads as they are, every other byte made FF: no lead may be E0 or ED.
        let leadsLow = low | 0xFF00_FFFF_00FF_FF00
        let leadsHigh = high | 0xFFFF_FF00_FFFF_00FF
        return !hasZeroByte(leadsLow ^ 0xE0E0_E0E0_E0E0_E0E0) && !hasZeroByte(leadsLow ^ 0xEDED_EDED_EDED_EDED)
            && !hasZeroByte(leadsHigh ^ 0xE0E0_E0E0_E0E0_E0E0) && !hasZeroByte(leadsHigh ^ 0xEDED_EDED_EDED_EDED)
    }

    /// Whether any byte of `x` is zero (exact: a borrow only runs past a zero byte).
    @inline(__always) private static func hasZeroByte(_ x: UInt64) -> Bool {
        (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
    }

    /// E1–EC, EE and EF: lead bytes of three-byte characters whose continuation bytes may be any of 80–BF.
    @inline(__always) private static func isFreeThreeByteLead(_ b: UInt8) -> Bool { b &- 0xE1 < 0x0F && b != 0xED }
}
