/// A template with its literal text moved into variables, for swift-mustache to parse quickly.
///
/// swift-mustache's parser measures the text left after every tag by walking it a Character at a time, so a
/// parse grows with the tags times the length, and each Chinese character costs a grapheme break: the system
/// and brainstorm templates of one chat message were 7.4 M instructions (issue 19). Here lines without a tag, one
/// after another, become one `{{&__literalN}}`, whose value is their text, written as it is; so does each run of
/// text on a line with tags, unless it is only spaces and tabs (they decide whether a tag stands alone on its
/// line). The parser walks a short ASCII text, and the render is the same text: tags, line ends and blank runs
/// stay where they were. A comment becomes `{{!}}`.
///
/// `init` gives nil, and the template is parsed as written, wherever the moved text could read differently:
/// set-delimiter, partial and block tags; `.` or no name (the context itself); line ends other than `\n` (CR, VT,
/// FF, NEL, LS, PS: the parser takes them for newlines), or `{{` before one; a tag left open, or a last `{`; the
/// name `__literal` anywhere; a run whose first or last character could join the tag beside it into one grapheme
/// (only ASCII and the usual CJK, Latin-1 and punctuation characters are taken there).
struct TemplateLiterals {
    /// The template the parser gets.
    let template: String
    /// The literal runs by the variable names that stand for them.
    let literals: [String: String]

    static let prefix = "__literal"

    init?(_ text: String) {
        var utf8 = text
        guard let (template, literals) = utf8.withUTF8({ Self.lift($0) }) else { return nil }
        self.template = template
        self.literals = literals
    }

    private static func lift(_ b: UnsafeBufferPointer<UInt8>) -> (String, [String: String])? {
        let n = b.count
        // A last `{` makes the parser look for `{{` past the end (an error); the variables' names are taken.
        guard b.last != 0x7B, !contains(prefix, in: b) else { return nil }
        for i in 0..<n {
            switch b[i] {
            case 0x0B, 0x0C, 0x0D: return nil
            case 0xC2 where i + 1 < n && b[i + 1] == 0x85: return nil
            case 0xE2 where i + 2 < n && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9): return nil
            default: continue
            }
        }
        var lifter = Lifter(b: b)
        // Lines without a tag, one after another, are one text (the last line end stays, so the next line
        // still starts a line); a line with tags is taken run by run.
        var textStart: Int? = nil
        var lineStart = 0
        while lineStart < n {
            var lineEnd = lineStart
            var hasTag = false
            while lineEnd < n && b[lineEnd] != 0x0A {
                if b[lineEnd] == 0x7B && lineEnd + 1 < n && b[lineEnd + 1] == 0x7B { hasTag = true }
                lineEnd += 1
            }
            if !hasTag {
                if textStart == nil { textStart = lineStart }
                if lineEnd + 1 < n {
                    lineStart = lineEnd + 1
                    continue
                }
            }
            if let start = textStart {
                lifter.move(start..<(hasTag ? lineStart - 1 : lineEnd))
                if hasTag || lineEnd < n { lifter.out.append(0x0A) }
                textStart = nil
                if !hasTag { break }
            }
            guard let end = lifter.tagLine(from: lineStart) else { return nil }
            lineStart = end
        }
        return (String(decoding: lifter.out, as: UTF8.self), lifter.literals)
    }

    private struct Lifter {
        let b: UnsafeBufferPointer<UInt8>
        var out: [UInt8] = []
        var literals: [String: String] = [:]

        init(b: UnsafeBufferPointer<UInt8>) {
            self.b = b
            out.reserveCapacity(b.count / 2)
        }

        /// Text kept as it is when blank (spaces, tabs, newlines), else moved into a variable.
        mutating func move(_ range: Range<Int>) {
            let text = UnsafeBufferPointer(rebasing: b[range])
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }) {
                out.append(contentsOf: text)
                return
            }
            let name = "\(prefix)\(literals.count)"
            literals[name] = String(decoding: text, as: UTF8.self)
            out.append(contentsOf: "{{&\(name)}}".utf8)
        }

        /// A run before a tag, the line end or the end, which may not join the tag beside it.
        mutating func endRun(_ run: Range<Int>) -> Bool {
            guard !run.isEmpty else { return true }
            let text = UnsafeBufferPointer(rebasing: b[run])
            if !text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                guard let first = firstScalar(text), let last = lastScalar(text), standsAlone(first), standsAlone(last)
                else { return false }
            }
            move(run)
            return true
        }

        /// Takes the line with tags from `start` (and its line end); the index after it, or nil where it cannot
        /// be read the same.
        mutating func tagLine(from start: Int) -> Int? {
            let n = b.count
            var runStart = start
            var i = start
            while i < n {
                if b[i] == 0x0A {
                    guard endRun(runStart..<i) else { return nil }
                    out.append(0x0A)
                    return i + 1
                }
                guard b[i] == 0x7B && i + 1 < n && b[i + 1] == 0x7B else {
                    i += 1
                    continue
                }
                // A joiner after `{{` makes the second brace and it one Character: no tag to the parser.
                guard endRun(runStart..<i), i + 2 < n,
                    b[i + 2] < 0x80 || firstScalar(UnsafeBufferPointer(rebasing: b[(i + 2)...])).map(standsAlone) == true
                else { return nil }
                switch b[i + 2] {
                case 0x3D, 0x3E, 0x3C, 0x24: return nil  // = > < $
                case 0x0A: return nil  // `{{` before a line end: the parser drops the braces, no tag
                default: break
                }
                let triple = b[i + 2] == 0x7B
                guard let close = find(triple ? 3 : 2, in: b, from: i + 2) else { return nil }
                if b[i + 2] == 0x21 {
                    out.append(contentsOf: "{{!}}".utf8)  // a comment's words are never read
                } else {
                    // `.` or no name is the context itself: at the top, the values, now holding the literals.
                    var name = i + 2
                    switch b[name] {
                    case 0x23, 0x5E, 0x2F, 0x26, 0x7B: name += 1  // # ^ / & {
                    default: break
                    }
                    while name < close && (b[name] == 0x20 || b[name] == 0x09 || b[name] == 0x0A) { name += 1 }
                    if b[name] == 0x2E || b[name] == 0x7D { return nil }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<close]))
                }
                i = close
                runStart = i
            }
            guard endRun(runStart..<n) else { return nil }
            return n
        }
    }

    private static func contains(_ word: String, in b: UnsafeBufferPointer<UInt8>) -> Bool {
        let w = Array(word.utf8)
        guard b.count >= w.count else { return false }
        for i in 0...(b.count - w.count) where b[i] == w[0] {
            if (1..<w.count).allSatisfy({ b[i + $0] == w[$0] }) { return true }
        }
        return false
    }

    /// The index just past the first run of `count` closing braces at or after `from`.
    private static func find(_ count: Int, in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = from
        while i + count <= b.count {
            if (0..<count).allSatisfy({ b[i + $0] == 0x7D }) { return i + count }
            i += 1
        }
        return nil
    }

    private static func firstScalar(_ run: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        var it = run.makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let s) = decoder.decode(&it) { return s }
        return nil
    }

    private static func lastScalar(_ run: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        var start = run.count - 1
        while start > 0 && run[start] & 0xC0 == 0x80 { start -= 1 }
        return firstScalar(UnsafeBufferPointer(rebasing: run[start...]))
    }

    /// Characters that never join a neighbour into one grapheme (no Extend, SpacingMark, ZWJ or Prepend among
    /// them), so a tag beside them reads the same either way.
    private static func standsAlone(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20...0x7E, 0x09: true
        case 0xA1...0xFF: s.value != 0xAD
        case 0x2010...0x2027, 0x2030...0x205E: true
        case 0x3001...0x3029, 0x3030...0x303F, 0x3041...0x3096, 0x30A0...0x30FF: true
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: true
        case 0xFE10...0xFE19, 0xFE30...0xFE4F, 0xFF01...0xFF60, 0xFFE0...0xFFE6: true
        default: false
        }
    }
}
