import Foundation
import NovelistText
import Yams

/// A Markdown document with optional YAML front matter (`---` … `---`), read and written with Yams.
/// Keys novelist does not know survive a rewrite untouched; an unchanged front matter is kept byte for byte.
// Node.Mapping is a value (an array of Node enums); Yams only lacks the annotation.
package struct MarkdownDocument: Equatable, @unchecked Sendable {
    /// The front matter's YAML text exactly as read (nil when the document has none).
    package private(set) var yaml: String?
    package var body: String
    private var mapping: Node.Mapping
    private var changed = false
    /// The keys set since parsing, in order: only their lines of the front matter are rewritten.
    private var changedKeys: [String] = []

    package init(body: String, fields: [(String, String)] = []) {
        self.yaml = nil
        self.body = body
        self.mapping = Node.Mapping([])
        for (k, v) in fields { self[k] = v }
    }

    /// Parses a document. `name` is used in the error (the file's path inside the story).
    /// Every value is read as a string (Yams' basic resolver): novelist reads front matter as text and numbers
    /// (`int` parses the text), never by YAML's implicit types, and the regular expressions that resolve them
    /// cost most of parsing 300 chapters (issue 19). Writing is the same either way: the emitter quotes by the
    /// characters of a value, not by its tag; values set here are tagged alike, so a surgical edit verifies.
    package init(parsing text: String, name: String) throws(NovelistError) {
        let (document, body) = try Self.parts(parsing: text, name: name)
        self = document
        self.body = String(body)
    }

    /// The front matter parsed as `init(parsing:)` parses it, and the body as a slice of the text (without "\r",
    /// of `text` itself): the digests need a few fields and whether there is prose, not a copy of every
    /// chapter (issue 19). The document's own body is empty.
    package static func parts(parsing text: String, name: String) throws(NovelistError) -> (fields: MarkdownDocument, body: Substring) {
        let text = text.normalizingNewlines()
        let (front, body) = try cut(text, name: name)
        guard let front else { return (MarkdownDocument(body: ""), body) }
        var yaml = String(front)
        if yaml.hasSuffix("\n") { yaml.removeLast() }
        let node: Node?
        do {
            node = try PlainFrontMatter.mapping(yaml).map(Node.mapping) ?? YAMLParsing.compose(yaml)
        } catch let error as YamlError {
            throw .badFrontMatter(file: name, line: Self.line(of: error) + 1, detail: Phrase(verbatim: Self.describe(error)))
        } catch {
            throw .badFrontMatter(file: name, line: 1, detail: Phrase(verbatim: "\(error)"))
        }
        let mapping: Node.Mapping
        switch node {
        case nil: mapping = Node.Mapping([])
        case .mapping(let m)?: mapping = m
        default: throw .badFrontMatter(file: name, line: 2, detail: Phrase("the front matter must be key: value pairs"))
        }
        return (MarkdownDocument(yaml: yaml, body: "", mapping: mapping), body)
    }

    private init(yaml: String?, body: String, mapping: Node.Mapping) {
        self.yaml = yaml
        self.body = body
        self.mapping = mapping
    }

    /// The prose of a file's text, without its front matter.
    package static func bodyOf(_ text: String) -> String {
        (try? MarkdownDocument(parsing: text, name: "")).map(\.body) ?? text
    }

    /// The body of a file's text as `init(parsing:)` finds it, without parsing the front matter and, for a text
    /// without "\r", without a copy: a slice of `text` (an export reads 300 chapters for their bodies only).
    /// A front matter that is never closed throws as `init(parsing:)` does.
    package static func body(of text: String, name: String) throws(NovelistError) -> Substring {
        guard text.containsByte(13) else { return try cut(text, name: name).body }
        return try MarkdownDocument(parsing: text, name: name).body[...]
    }

    /// The front matter (from after its opening `---` line to its closing line; nil when there is none) and the
    /// body of a text with "\n" line ends; a byte-order mark first is left out of both.
    private static func cut(_ text: String, name: String) throws(NovelistError) -> (front: Substring?, body: Substring) {
        var text = text[...]
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard text.hasPrefix("---\n") || text.hasPrefix("---\r\n") else { return (nil, text) }
        // Find the closing line by scanning bytes (memchr from line to line); only the front matter is split,
        // never the prose.
        let utf8 = text.utf8
        guard let found = utf8.withContiguousStorageIfAvailable(Self.closingLine) else { return try cut(String(text), name: name) }
        let closing = found.map {
            (start: utf8.index(utf8.startIndex, offsetBy: $0.lowerBound), end: utf8.index(utf8.startIndex, offsetBy: $0.upperBound))
        }
        guard let closing else {
            throw .badFrontMatter(file: name, line: 1, detail: Phrase("the front matter opened with --- is never closed"))
        }
        let yamlStart = utf8.index(utf8.startIndex, offsetBy: 4)
        var bodyStart = closing.end
        if bodyStart < utf8.endIndex { bodyStart = utf8.index(after: bodyStart) }
        if bodyStart < utf8.endIndex, utf8[bodyStart] == 10 { bodyStart = utf8.index(after: bodyStart) }
        return (text[yamlStart..<closing.start], text[bodyStart...])
    }

    /// The byte range of the line after the opening `---` line that is `---` or `...`; nil when there is none.
    private static func closingLine(_ b: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard let base = b.baseAddress else { return nil }
        var lineStart = 4
        while lineStart < b.count {
            let lineEnd =
                memchr(base + lineStart, 10, b.count - lineStart).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base }
                ?? b.count
            if lineEnd - lineStart == 3, base[lineStart] == 0x2D || base[lineStart] == 0x2E,
                base[lineStart + 1] == base[lineStart], base[lineStart + 2] == base[lineStart]
            {
                return lineStart..<lineEnd
            }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// The value of a key. Not `mapping[key]`: Yams makes a `Node` of the key for the lookup, and its tag
    /// builds Yams' whole default constructor each time.
    private func value(_ key: String) -> Node? {
        mapping.first { $0.key.string == key }?.value
    }

    package subscript(key: String) -> String? {
        get { value(key)?.string ?? value(key).flatMap { $0.int.map(String.init) } }
        set {
            if value(key)?.string == newValue && newValue != nil { return }
            mapping[key] = newValue.map { Node($0, PlainFrontMatter.tag()) }
            changed = true
            if !changedKeys.contains(key) { changedKeys.append(key) }
        }
    }

    package func int(_ key: String) -> Int? { value(key)?.int }

    package func strings(_ key: String) -> [String] {
        if let seq = value(key)?.sequence { return seq.compactMap(\.string) }
        if let s = value(key)?.string { return [s] }
        return []
    }

    package var keys: [String] { mapping.keys.compactMap(\.string) }

    /// The whole file text.
    package func render() -> String {
        if yaml == nil && mapping.isEmpty { return body }
        var head: String
        if let yaml, !changed {
            head = yaml
        } else if let yaml, let edited = surgicalEdit(yaml) {
            head = edited
        } else {
            head = (try? Yams.serialize(node: .mapping(mapping), allowUnicode: true, sortKeys: false)) ?? ""
            while head.hasSuffix("\n") { head.removeLast() }
        }
        return "---\n" + head + "\n---\n\n" + body.drop(while: { $0 == "\n" })
    }

    /// The front matter with only the changed keys' lines replaced, inserted or removed: comments, flow
    /// lists and every other byte stay as the writer wrote them. nil when a key cannot be found safely.
    private func surgicalEdit(_ yaml: String) -> String? {
        var lines = yaml.components(separatedBy: "\n")
        for key in changedKeys {
            let starts = lines.indices.filter { lines[$0].hasPrefix(key + ":") }
            guard starts.count <= 1 else { return nil }
            var replacement: [String] = []
            if let value = mapping[key] {
                guard var text = try? Yams.serialize(node: .mapping(Node.Mapping([(Node(key), value)])), allowUnicode: true) else {
                    return nil
                }
                while text.hasSuffix("\n") { text.removeLast() }
                replacement = text.components(separatedBy: "\n")
            }
            if let start = starts.first {
                var end = start + 1
                while end < lines.count, let c = lines[end].first, c == " " || c == "\t" || c == "-" { end += 1 }
                lines.replaceSubrange(start..<end, with: replacement)
            } else {
                while lines.last?.trimmingWhitespace().isEmpty == true { lines.removeLast() }
                lines += replacement
            }
        }
        let edited = lines.joined(separator: "\n")
        // Checked: the edited text must mean exactly the new mapping, else the whole front matter is rewritten.
        guard case .mapping(let m)? = try? YAMLParsing.compose(edited), m == mapping else { return nil }
        return edited
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return 1
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default:
            return "\(error)"
        }
    }
}
