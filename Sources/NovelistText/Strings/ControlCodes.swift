/// Text from the model or from files is data: it never drives the terminal. `TerminalText.clean` removes
/// every C0 and C1 control character except newline and tab, and whole escape sequences — CSI (`ESC [ … m`,
/// `ESC[2J`), OSC (`ESC ] 0;title BEL`, OSC 52 clipboard writes, OSC 8 links, ended by BEL or ST), DCS, SOS,
/// PM and APC strings — so that no `]0;title` is left behind. novelist's own colours are added after.
package enum TerminalText {
    /// True when `text` has nothing to remove (the common case costs one scan).
    @inline(__always)
    static func isControl(_ v: UInt32) -> Bool {
        (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v)
    }

    /// The text without control characters and escape sequences. `keepingStyles` keeps SGR sequences
    /// (`ESC [ digits ; … m`) and `ESC[K`: only for text novelist coloured itself, at the terminal.
    package static func clean(_ text: String, keepingStyles: Bool = false) -> String {
        guard text.utf8.withContiguousStorageIfAvailable(containsControl(utf8:)) ?? true else { return text }
        guard text.unicodeScalars.contains(where: { isControl($0.value) }) else { return text }
        var stripper = Stripper(keepingStyles: keepingStyles)
        return stripper.feed(text)
    }

    /// True when valid UTF-8 `bytes` hold a control character (C0 but newline and tab, DEL, C1): one pass over
    /// the bytes, with no decoding.
    package static func containsControl(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let n = bytes.count
        func controlStarts(at k: Int) -> Bool {
            let b = base[k]
            if b < 0x20 { return b != 0x0A && b != 0x09 }
            return b == 0x7F || (b == 0xC2 && k + 1 < n && base[k + 1] >= 0x80 && base[k + 1] <= 0x9F)  // U+0080 … U+009F
        }
        // Eight bytes at a time; only a word with a byte that may start a control (below 0x20, 0x7F, or 0xC2,
        // the first byte of U+0080 … U+009F) is looked at byte by byte (the word tricks for "a byte below"
        // and "a byte equal to" never miss one).
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        var k = 0
        while k + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            let del = w ^ (ones &* 0x7F)
            let c2 = w ^ (ones &* 0xC2)
            let suspect = ((w &- ones &* 0x20) & ~w) | ((del &- ones) & ~del) | ((c2 &- ones) & ~c2)
            if suspect & (ones &* 0x80) != 0 {
                for j in k..<(k + 8) where controlStarts(at: j) { return true }
            }
            k += 8
        }
        while k < n {
            if controlStarts(at: k) { return true }
            k += 1
        }
        return false
    }

    /// The same cleaning for a text that arrives in pieces (a streamed reply): a sequence split between
    /// two pieces is removed whole.
    package struct Stripper: Sendable {
        enum State: Sendable { case text, escape, csi, string, stringEscape }
        var state = State.text
        var pending: [Unicode.Scalar] = []
        let keepingStyles: Bool

        package init(keepingStyles: Bool = false) { self.keepingStyles = keepingStyles }

        /// True when no escape sequence is open: text without control characters passes unchanged.
        package var isBetweenSequences: Bool { state == .text }

        package mutating func feed(_ text: String) -> String {
            if state == .text && !text.unicodeScalars.contains(where: { TerminalText.isControl($0.value) }) { return text }
            var out = String.UnicodeScalarView()
            for s in text.unicodeScalars {
                let v = s.value
                switch state {
                case .text:
                    if v == 0x1B {
                        state = .escape
                        pending = [s]
                    } else if v == 0x9B {
                        state = .csi
                        pending = []
                    } else if v == 0x9D || v == 0x90 || v == 0x98 || v == 0x9E || v == 0x9F {
                        state = .string
                    } else if !TerminalText.isControl(v) {
                        out.append(s)
                    }
                case .escape:
                    switch v {
                    case 0x5B:  // [
                        state = .csi
                        pending.append(s)
                    case 0x5D, 0x50, 0x58, 0x5E, 0x5F:  // ] P X ^ _
                        state = .string
                    case 0x1B:
                        pending = [s]
                    default:
                        // A two-character escape (ESC c, ESC 7 …), or a control: dropped with the ESC.
                        state = .text
                    }
                case .csi:
                    if (0x40...0x7E).contains(v) {
                        pending.append(s)
                        if keepingStyles && (v == 0x6D || v == 0x4B) && pending.first?.value == 0x1B
                            && pending.dropFirst(2).dropLast().allSatisfy({ ($0.value >= 0x30 && $0.value <= 0x39) || $0 == ";" })
                        {
                            out.append(contentsOf: pending)
                        }
                        state = .text
                    } else if (0x20...0x3F).contains(v) {
                        pending.append(s)
                    } else {
                        // Not a CSI after all: drop what was collected; a control is dropped too.
                        state = .text
                        if !TerminalText.isControl(v) { out.append(s) }
                    }
                case .string, .stringEscape:
                    // An unterminated string ends at the line's end, so that it never swallows the prose after it.
                    if v == 0x0A {
                        state = .text
                        out.append(s)
                    } else if v == 0x07 || v == 0x9C || (state == .stringEscape && v == 0x5C) {
                        state = .text
                    } else {
                        state = v == 0x1B ? .stringEscape : .string
                    }
                }
            }
            return String(out)
        }
    }
}
