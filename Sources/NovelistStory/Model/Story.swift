import Foundation
import NovelistText
import Yams

package enum StoryLanguage: String, Sendable, CaseIterable {
    case zh, en

    /// The unit lengths are counted in: 字 for Chinese, words for English.
    package var lengthUnit: String { self == .zh ? "字" : "words" }

    /// A new story's language: Chinese when the title has any CJK character.
    package static func guess(from text: String) -> StoryLanguage {
        text.unicodeScalars.contains(where: TextLength.isCJK) ? .zh : .en
    }

    /// How a chapter is named in headings and prompts: 第三章 or Chapter 3.
    package func chapterLabel(_ n: Int) -> String {
        self == .zh ? "第\(ChineseNumerals.format(n))章" : "Chapter \(n)"
    }

    package func chapterHeading(_ n: Int, title: String) -> String {
        let label = chapterLabel(n)
        if title.isEmpty { return label }
        return self == .zh ? "\(label) \(title)" : "\(label): \(title)"
    }
}

/// `story.yaml`: the story card.
package struct StoryMeta: Equatable, Sendable {
    package var title: String
    package var author: String
    package var language: StoryLanguage
    package var genre: String
    package var logline: String
    package var style: String
    package var chapterLength: Int?
    /// Optional model settings for this story (`model`, `temperature`, `max_tokens`, `context_tokens` in
    /// story.yaml); a flag or environment variable the writer set still wins.
    package var model: String?
    package var temperature: Double?
    package var maxTokens: Int?
    package var contextTokens: Int?
    /// A model per task (`models:` in story.yaml, with `summary:` and `check:`); the environment still wins.
    package var models: [String: String] = [:]
    /// How far a chapter may land from its target, in percent (`length_tolerance: 10` or `10%`); nil: ±15 %;
    /// 0 (`length_tolerance: off`): replies are never corrected for length.
    package var lengthTolerance: Int?

    package init(
        title: String, author: String = "", language: StoryLanguage, genre: String = "", logline: String = "", style: String = "",
        chapterLength: Int? = nil
    ) {
        self.title = title
        self.author = author
        self.language = language
        self.genre = genre
        self.logline = logline
        self.style = style
        self.chapterLength = chapterLength
    }

    package init(yaml: String, file: String) throws(NovelistError) {
        let node: Node?
        do { node = try YAMLParsing.compose(yaml) } catch {
            throw .badStoryFile(file: file, detail: Phrase("it is not valid YAML (%@)", "\(error)"))
        }
        guard let map = node?.mapping else {
            throw .badStoryFile(file: file, detail: Phrase("it must be key: value pairs such as `title: 雾港来信`"))
        }
        func s(_ k: String) -> String { TerminalText.clean(map[k]?.string ?? "") }
        let lang = s("language").lowercased()
        guard lang.isEmpty || StoryLanguage(rawValue: String(lang.prefix(2))) != nil else {
            throw .badStoryFile(file: file, detail: Phrase("language must be zh or en, not '%@'", lang))
        }
        self.init(
            title: s("title"), author: s("author"),
            language: StoryLanguage(rawValue: String(lang.prefix(2))) ?? .guess(from: s("title")),
            genre: s("genre"), logline: s("logline"), style: s("style"),
            chapterLength: map["chapter_length"]?.int.map { min(max($0, 1), 1_000_000) })
        model = map["model"]?.string.flatMap { $0.trimmingWhitespace().isEmpty ? nil : $0 }
        temperature = map["temperature"]?.string.flatMap { Double($0) }
        maxTokens = map["max_tokens"]?.int.map { min(max($0, 16), 1_000_000) }
        contextTokens = map["context_tokens"]?.int.map { min(max($0, 512), 10_000_000) }
        if let roles = map["models"]?.mapping {
            for (key, value) in roles {
                if let k = key.string, let v = value.string?.trimmingWhitespace(), !v.isEmpty { models[k.lowercased()] = v }
            }
        }
        lengthTolerance = map["length_tolerance"]?.string.flatMap { text -> Int? in
            let t = text.trimmingWhitespace().lowercased()
            if ["off", "none", "no", "false"].contains(t) { return 0 }  // no corrective pass at all
            return Double(t.replacingOccurrences(of: "%", with: "")).map { min(max(Int($0.rounded()), 1), 90) }
        }
    }

    package func yaml() -> String {
        var fields: [(String, Node)] = [("title", Node(title)), ("author", Node(author)), ("language", Node(language.rawValue))]
        if !genre.isEmpty { fields.append(("genre", Node(genre))) }
        if !logline.isEmpty { fields.append(("logline", Node(logline))) }
        if !style.isEmpty { fields.append(("style", Node(style))) }
        if let chapterLength { fields.append(("chapter_length", Node(String(chapterLength), Tag(.int)))) }
        let mapping = Node.Mapping(fields.map { (Node($0.0), $0.1) })
        return (try? Yams.serialize(node: .mapping(mapping), allowUnicode: true)) ?? "title: \(title)\n"
    }
}

/// A chapter file `chapters/NNN-<slug>.md`.
package struct ChapterFile: Equatable, Sendable {
    package var number: Int
    /// Relative to the story folder: `chapters/003-title.md`.
    package var path: String
    package var document: MarkdownDocument

    /// The title as text to show: a front matter's control codes never reach the terminal.
    package var title: String { TerminalText.clean(document["title"] ?? "") }
    package var status: String { document["status"] ?? "" }
    package var prose: String { document.body }
    /// The chapter's own length target: `target` in its front matter (or the older `length_target`).
    package var target: Int? { document.int("target") ?? document.int("length_target") }

    /// `003` from `003-title.md`; nil for files that are not chapters.
    package static func number(fromFileName name: String) -> Int? {
        // On the UTF-8 bytes: the digits and the separator are ASCII (Characters cost grapheme breaking).
        let u = name.utf8
        guard u.count > 3, u.suffix(3).elementsEqual(".md".utf8) else { return nil }
        let digits = u.prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !digits.isEmpty, let n = Int(String(decoding: digits, as: UTF8.self)), n > 0, n <= OutlineParser.maxChapter else {
            return nil
        }
        let next = u.dropFirst(digits.count).first
        guard next == UInt8(ascii: "-") || next == UInt8(ascii: "_") || next == UInt8(ascii: ".") else { return nil }
        return n
    }
}

/// Names that become files or folders: what is allowed, and how a title becomes a slug.
package enum Names {
    package static let maxLength = 100

    /// Rejects what could escape the story folder or break a file name.
    package static func validate(_ name: String) throws(NovelistError) {
        if name.trimmingWhitespace().isEmpty { throw .badName(name, reason: Phrase("it is empty")) }
        if name.count > maxLength { throw .badName(name, reason: Phrase("it is longer than %d characters", maxLength)) }
        if name.hasPrefix("/") || name.hasPrefix("~") { throw .badName(name, reason: Phrase("absolute paths are not allowed")) }
        if name.contains("/") || name.contains("\\") { throw .badName(name, reason: Phrase("it contains / or \\")) }
        if name == "." || name.contains("..") { throw .badName(name, reason: Phrase("it contains ..")) }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .badName(name, reason: Phrase("it contains control characters"))
        }
        if name.hasPrefix(".") { throw .badName(name, reason: Phrase("it starts with a dot")) }
    }

    /// A title is text, not a file name (only the file's name is a slug): `Wait... What?`, `24/7` and `是/否`
    /// are fine; it must not be empty, too long, or hold control characters (a newline would break the heading).
    package static func validateTitle(_ title: String) throws(NovelistError) {
        if title.trimmingWhitespace().isEmpty { throw .badName(title, reason: Phrase("it is empty")) }
        if title.count > maxLength { throw .badName(title, reason: Phrase("it is longer than %d characters", maxLength)) }
        if title.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .badName(title, reason: Phrase("it contains control characters"))
        }
    }

    /// A file-system-safe slug that keeps the title's letters in any script: "雾港来信" stays "雾港来信",
    /// "The Lost Letter!" becomes "the-lost-letter".
    package static func slug(_ title: String) -> String {
        var out = ""
        var dash = false
        for ch in title {
            if ch.isLetter || ch.isNumber {
                if dash && !out.isEmpty { out.append("-") }
                dash = false
                out.append(contentsOf: ch.isASCII ? ch.lowercased() : String(ch))
            } else {
                dash = true
            }
        }
        let limited = String(out.prefix(60))
        return limited.hasSuffix("-") ? String(limited.dropLast()) : limited
    }
}

/// One story folder on a file system: where each file lives, and reading it.
package struct StoryWorkspace: Sendable {
    /// The story's files, each one's stamp looked up once until something changes (`StampMemo`).
    private let memo: StampMemo
    package var fs: any FileSystem { memo }
    /// The story folder.
    package let root: String
    package var slug: String { lastPathComponent(root) }
    /// Parsed chapter files, reused while a file's size and modification time stay the same.
    private let cache = StampCache<ChapterFile>()
    /// What the story's files say (chapter titles and summaries, bible entries, the outline's entries), kept
    /// across runs by each file's stamp (`.novelist/digests.tsv`).
    let digests = FileDigests()

    package init(fs: any FileSystem, root: String) {
        memo = fs as? StampMemo ?? StampMemo(fs)
        self.root = root
    }

    /// The files' stamps are looked up again: before outside edits are looked for (every command starts so), and
    /// after a wait (a question, a model's reply).
    package func forgetStamps() { memo.forget() }

    package func path(_ relative: String) -> String { root + "/" + relative }

    package static let storyFile = "story.yaml"
    package static let outlineFile = "outline.md"
    package static let chaptersDir = "chapters"
    package static let chatLog = "chat.jsonl"
    package static let exportDir = "export"

    package func meta() throws(NovelistError) -> StoryMeta {
        guard let text = try fs.read(path(Self.storyFile)) else {
            throw .badStoryFile(file: "\(slug)/\(Self.storyFile)", detail: Phrase("the file is missing"))
        }
        return try StoryMeta(yaml: text, file: "\(slug)/\(Self.storyFile)")
    }

    package func outlineText() throws(NovelistError) -> String {
        try fs.read(path(Self.outlineFile)) ?? ""
    }

    /// The outline's entries, from the digests while outline.md does not change (a missing outline is empty;
    /// one that cannot be read gives its error).
    package func outline() throws(NovelistError) -> [OutlineEntry] {
        if let entries = outlineFacts() { return entries }
        return OutlineParser.parse(try outlineText())
    }

    /// The chapter files on disk, in chapter order.
    /// - Parameter progress: told (done, total) as files are read, for long stories.
    package func chapters(progress: ((Int, Int) -> Void)? = nil) throws(NovelistError) -> [ChapterFile] {
        var result: [ChapterFile] = []
        var seen: Set<String> = []
        let names = fs.list(path(Self.chaptersDir))
        for (index, name) in names.enumerated() {
            progress?(index + 1, names.count)
            guard let n = ChapterFile.number(fromFileName: name) else { continue }
            let rel = "\(Self.chaptersDir)/\(name)"
            seen.insert(rel)
            if let chapter = try chapter(n, at: rel) { result.append(chapter) }
        }
        cache.keep(seen)
        return result.sorted { $0.number != $1.number ? $0.number < $1.number : $0.path.precedesByBytes($1.path) }
    }

    /// Chapter `number` (the first of its files in path order, as in `chapters()`), reading only its files.
    package func chapter(_ number: Int) throws(NovelistError) -> ChapterFile? {
        let names = fs.list(path(Self.chaptersDir)).filter { ChapterFile.number(fromFileName: $0) == number }
        for name in names.sorted(by: { $0.precedesByBytes($1) }) {
            if let chapter = try chapter(number, at: "\(Self.chaptersDir)/\(name)") { return chapter }
        }
        return nil
    }

    /// One chapter file (`rel` under the story folder), parsed once per process while it does not change;
    /// nil for a link out of the story.
    package func chapter(_ n: Int, at rel: String) throws(NovelistError) -> ChapterFile? {
        // Stated now, not taken from the memo: a proposal is built from this parse, and it must not be older than
        // the file the writer may have saved since the command began.
        let stamp = memo.freshStamp(path(rel))
        if let stamp, let cached = cache.get(rel, stamp) { return cached }
        let text: String
        do { text = try fs.read(path(rel)) ?? "" } catch NovelistError.linkOutside { return nil }  // reported by the store
        let chapter = ChapterFile(number: n, path: rel, document: try MarkdownDocument(parsing: text, name: "\(slug)/\(rel)"))
        if let stamp { cache.put(rel, stamp, chapter) }
        return chapter
    }

    /// Chapter `n` parsed from its text as read now, with that text: the base a proposal made from the parse is
    /// merged against. A parse and a later read could fall either side of a save from outside, and the merge
    /// would take the writer's save for the model's change.
    package func chapterAsRead(_ n: Int) throws(NovelistError) -> (file: ChapterFile, text: String)? {
        guard let found = try chapter(n), let text = try fs.read(path(found.path)) else { return nil }
        return (try chapter(found, as: text), text)
    }

    /// `file` parsed again from `text`, the base read for a proposal (see `chapterAsRead`).
    package func chapter(_ file: ChapterFile, as text: String) throws(NovelistError) -> ChapterFile {
        ChapterFile(number: file.number, path: file.path, document: try MarkdownDocument(parsing: text, name: "\(slug)/\(file.path)"))
    }

    /// Where a new chapter file goes: `chapters/003-<slug of title>.md`.
    package static func chapterPath(number: Int, title: String) -> String {
        let slug = Names.slug(title)
        let padded = number < 1000 ? String(repeating: "0", count: 3 - String(number).count) + String(number) : String(number)
        return "\(chaptersDir)/\(padded)\(slug.isEmpty ? "" : "-" + slug).md"
    }
}

/// The folder part of a slash-separated path: "" for a bare name, "/" for a file at the root.
/// (Foundation's NSString.deletingLastPathComponent traps on one-character paths on Linux.)
package func parentDirectory(_ path: String) -> String {
    // On the UTF-8 bytes: "/" is one byte and never part of another character (Characters cost grapheme breaking).
    let u = path.utf8
    var end = u.endIndex
    while u.distance(from: u.startIndex, to: end) > 1 && u[u.index(before: end)] == UInt8(ascii: "/") { end = u.index(before: end) }
    guard let slash = u[..<end].lastIndex(of: UInt8(ascii: "/")) else { return "" }
    if slash == u.startIndex { return "/" }
    return String(path[..<slash])
}

/// The last component of a slash-separated path.
package func lastPathComponent(_ path: String) -> String {
    // On the UTF-8 bytes, as parentDirectory: the last name between slashes.
    let slash = UInt8(ascii: "/")
    let u = path.utf8
    var end = u.endIndex
    while end > u.startIndex && u[u.index(before: end)] == slash { end = u.index(before: end) }
    // Empty, or only slashes: the path without its last slash (as it always was).
    guard end > u.startIndex else { return u.isEmpty ? path : String(path[..<u.index(before: u.endIndex)]) }
    let start = u[..<end].lastIndex(of: slash).map { u.index(after: $0) } ?? u.startIndex
    return String(path[start..<end])
}

/// Parsed files by path, with the stamp (size, modification time, inode) they were parsed at: a file is
/// parsed once per process while it does not change.
final class StampCache<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (FileStamp, Value)] = [:]

    func get(_ path: String, _ stamp: FileStamp) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        guard let (s, c) = entries[path], s == stamp else { return nil }
        return c
    }

    func put(_ path: String, _ stamp: FileStamp, _ chapter: Value) {
        lock.lock()
        entries[path] = (stamp, chapter)
        lock.unlock()
    }

    func keep(_ paths: Set<String>) {
        lock.lock()
        entries = entries.filter { paths.contains($0.key) }
        lock.unlock()
    }
}

extension ChapterFile {
    /// Whether a chapter file's text has prose after its front matter, without parsing the YAML.
    package static func hasProse(_ text: String) -> Bool {
        // The usual file, on bytes: front matter closed by a `---` line, then a byte that is not ASCII white space.
        // (Foundation's `range(of:)` below bridges the whole chapter to UTF-16.) Anything else takes the general path.
        if let quick = text.utf8.withContiguousStorageIfAvailable(quickHasProse), let quick { return quick }
        return generalHasProse(text)
    }

    static func generalHasProse(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("---\n") || body.hasPrefix("---\r\n") {
            guard let close = body.dropFirst(3).range(of: "\n---") else { return false }
            body = body[close.upperBound...]
            if let nl = body.firstIndex(of: "\n") { body = body[body.index(after: nl)...] } else { return false }
        }
        return body.unicodeScalars.contains { !$0.properties.isWhitespace }
    }

    /// `hasProse` on the bytes when the answer is plain: nil when the general path must decide.
    static func quickHasProse(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        var i = 0
        if b.count >= 4 && b[0] == 0x2D && b[1] == 0x2D && b[2] == 0x2D && b[3] == 0x0D { return nil }  // CRLF: general path
        if b.count >= 4 && b[0] == 0x2D && b[1] == 0x2D && b[2] == 0x2D && b[3] == 0x0A {
            // The closing "\n---" and the end of its line.
            var k = 3
            var closed = false
            while k + 3 < b.count {
                if b[k] == 0x0A && b[k + 1] == 0x2D && b[k + 2] == 0x2D && b[k + 3] == 0x2D {
                    closed = true
                    break
                }
                k += 1
            }
            guard closed else { return nil }
            k += 4
            while k < b.count && b[k] != 0x0A {
                if b[k] == 0x0D { return nil }  // "\r\n" is one Character to the general path
                k += 1
            }
            guard k < b.count else { return nil }
            i = k + 1
        }
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C {
                i += 1
                continue
            }
            if c < 0x80 { return true }
            // A non-ASCII scalar (the text is valid UTF-8): 林 is prose, a full-width space is not.
            let n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
            guard i + n <= b.count else { return nil }
            var v = UInt32(c) & (n == 4 ? 0x07 : n == 3 ? 0x0F : 0x1F)
            for k in 1..<n { v = v << 6 | (UInt32(b[i + k]) & 0x3F) }
            guard let scalar = Unicode.Scalar(v) else { return nil }
            if !scalar.properties.isWhitespace { return true }
            i += n
        }
        return nil
    }
}
