import Yams

/// The front matter most files have — one `key: value` or `key: [a, b]` per line, plain words — read without
/// Yams, giving exactly the mapping Yams' basic resolver gives (every value a string, flow lists as sequences).
/// Anything outside that narrow shape (quotes, comments, block scalars, anchors, continued lines, a value that
/// YAML would read differently) is left to Yams: nil. Yams' parser cost about 200,000 instructions a file,
/// most of opening a bible of 200 entries and of exporting 300 chapters (issue 19).
enum PlainFrontMatter {
    static func mapping(_ yaml: String) -> Node.Mapping? {
        var pairs: [(Node, Node)] = []
        var keys: Set<Substring> = []
        for line in yaml.lineSlices() {
            if line.isEmpty { continue }
            guard let colon = line.utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
            let key = line[..<colon]
            guard isKey(key), keys.insert(key).inserted else { return nil }
            var rest = line[line.index(after: colon)...]
            // At least one space after the colon, then the value; no trailing space (YAML would drop it).
            guard rest.utf8.first == 0x20 else { return nil }
            while rest.utf8.first == 0x20 { rest = rest.dropFirst() }
            guard let last = rest.utf8.last, last != 0x20 else { return nil }
            let value: Node
            if rest.utf8.first == UInt8(ascii: "[") {
                guard last == UInt8(ascii: "]") else { return nil }
                let inner = rest.dropFirst().dropLast()
                var items: [Node] = []
                if !inner.utf8.allSatisfy({ $0 == 0x20 }) {
                    for item in inner.split(separator: ",", omittingEmptySubsequences: false) {
                        let word = trimmed(item)
                        guard isPlain(word, inFlow: true) else { return nil }
                        items.append(Node(String(word), tag(), .plain))
                    }
                }
                value = .sequence(Node.Sequence(items, tag(), .flow))
            } else {
                guard isPlain(rest, inFlow: false) else { return nil }
                value = Node(String(rest), tag(), .plain)
            }
            pairs.append((Node(String(key), tag(), .plain), value))
        }
        return Node.Mapping(pairs, tag())
    }

    /// Yams' default constructor, made once: `Tag`'s default argument builds it again (its tables) for every tag.
    nonisolated(unsafe) private static let constructor = Constructor.default

    /// A fresh tag per node (Yams resolves a tag in place), sharing the one constructor.
    static func tag() -> Tag { Tag(.implicit, .basic, constructor) }

    /// A key of letters, digits, `_` and `-`, starting with a letter or `_`.
    static func isKey(_ key: Substring) -> Bool {
        guard let first = key.utf8.first, isLetter(first) || first == UInt8(ascii: "_") else { return false }
        return key.utf8.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }

    private static func trimmed(_ s: Substring) -> Substring {
        var s = s
        while s.utf8.first == 0x20 { s = s.dropFirst() }
        while s.utf8.last == 0x20 { s = s.dropLast() }
        return s
    }

    /// A plain scalar YAML reads as exactly its text: not empty, no indicator first, no `: ` or ` #` inside,
    /// no `:` last, no control characters or tabs; in a flow list also none of `[]{},:`.
    static func isPlain(_ s: Substring, inFlow: Bool) -> Bool {
        let u = s.utf8
        guard let first = u.first, let last = u.last else { return false }
        if "-?:,[]{}#&*!|>'\"%@`".utf8.contains(first) || first == 0x20 || last == UInt8(ascii: ":") { return false }
        var previous: UInt8 = 0
        var beforeThat: UInt8 = 0
        for b in u {
            if b < 0x20 || b == 0x7F { return false }
            if b == UInt8(ascii: "#") && previous == 0x20 { return false }
            if b == 0x20 && previous == UInt8(ascii: ":") { return false }
            if inFlow && (b == 0x5B || b == 0x5D || b == 0x7B || b == 0x7D || b == 0x2C || b == 0x3A) { return false }  // []{},:
            // U+0085 (C2 85), U+2028/2029 (E2 80 A8/A9) and the BOM (EF BB BF) are line breaks or dropped in
            // YAML: leave them to Yams.
            if (previous == 0xC2 && b == 0x85) || (beforeThat == 0xE2 && previous == 0x80 && (b == 0xA8 || b == 0xA9))
                || (beforeThat == 0xEF && previous == 0xBB && b == 0xBF)
            {
                return false
            }
            beforeThat = previous
            previous = b
        }
        return true
    }
}
