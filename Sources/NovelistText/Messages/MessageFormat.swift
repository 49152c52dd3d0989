/// `String(format:)` for what novelist's messages use — `%@` with a String, `%d` with an integer that fits in 32
/// bits, their positional forms (`%2$@`), and `%%` — made directly; nil for anything else (`%.1f`, `%02d`, another
/// kind of argument), which `L(_:)` then gives to Foundation. Foundation's formatter costs about 250,000
/// instructions a call: the dozen notes of an open were 3 % of a warm start (issue 19).
enum MessageFormat {
    static func format(_ template: String, _ args: [any CVarArg]) -> String? {
        var out = ""
        out.reserveCapacity(template.utf8.count + 16 * args.count)
        var next = 0
        let u = template.utf8
        var i = u.startIndex
        var literal = i
        while let percent = u[i...].firstIndex(of: 0x25) {
            out += template[literal..<percent]
            var j = u.index(after: percent)
            guard j < u.endIndex else { return nil }
            if u[j] == 0x25 {
                out += "%"
                i = u.index(after: j)
                literal = i
                continue
            }
            // An optional position: digits and `$`.
            var position: Int?
            var k = j
            var number = 0
            var digits = 0
            while k < u.endIndex, u[k] >= 0x30, u[k] <= 0x39, digits < 3 {
                number = number * 10 + Int(u[k] - 0x30)
                digits += 1
                k = u.index(after: k)
            }
            if digits > 0, k < u.endIndex, u[k] == 0x24 {
                position = number - 1
                j = u.index(after: k)
            }
            guard j < u.endIndex else { return nil }
            let index = position ?? next
            next = index + 1
            guard index >= 0, index < args.count else { return nil }
            switch u[j] {
            case 0x40:  // @
                guard let s = args[index] as? String else { return nil }
                out += s
            case 0x64:  // d
                guard let n = Self.int32(args[index]) else { return nil }
                out += String(n)
            default:
                return nil
            }
            i = u.index(after: j)
            literal = i
        }
        out += template[literal...]
        return out
    }

    /// An integer argument that `%d` prints as it is (32 bits).
    private static func int32(_ arg: any CVarArg) -> Int32? {
        switch arg {
        case let n as Int: return Int32(exactly: n)
        case let n as Int32: return n
        case let n as Int64: return Int32(exactly: n)
        case let n as UInt32: return Int32(exactly: n)
        case let n as UInt64: return Int32(exactly: n)
        case let n as Int16: return Int32(n)
        case let n as UInt16: return Int32(n)
        case let n as Int8: return Int32(n)
        case let n as UInt8: return Int32(n)
        default: return nil
        }
    }
}
