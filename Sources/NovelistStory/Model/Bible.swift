import Foundation
import NovelistText

/// A story bible entry: a Markdown file anywhere under `bible/` (`bible/林晚.md`, `bible/characters/林晚.md`)
/// with front matter `name`, `kind`, `aliases`. `kind` comes from the front matter, else from the folder.
/// Level-2 headings `## 第N章起` / `## From chapter N` start what is true from chapter N on (progressions).
package struct BibleEntry: Equatable, Sendable {
    package var name: String
    package var kind: String
    package var aliases: [String]
    package var path: String
    package var body: String

    package init(name: String, kind: String, aliases: [String], path: String, body: String) {
        self.name = name
        self.kind = kind
        self.aliases = aliases
        self.path = path
        self.body = body
    }

    package static let folder = "bible"

    /// Every bible file, relative to the story (`bible/characters/林晚.md`), at any depth, sorted; hidden files
    /// and folders are skipped, and so is a folder that is a link leading out of the story. The one listing of
    /// the bible: the loader, the history and the first look all go through it.
    package static func files(_ story: StoryWorkspace) -> [String] {
        var out: [String] = []
        func walk(_ rel: String, depth: Int) {
            guard depth < 8 else { return }
            for name in story.fs.list(story.path(rel)).sorted() where !name.hasPrefix(".") {
                let child = rel + "/" + name
                if name.hasSuffix(".md") {
                    out.append(child)
                } else if story.fs.isDirectory(story.path(child)), !LinkGuard.leavesStory(story.path(child)) {
                    walk(child, depth: depth + 1)
                }
            }
        }
        walk(folder, depth: 0)
        return out
    }

    /// The kind a folder gives: `bible/characters/…` → character, `bible/人物/…` → 人物; none for a flat entry.
    package static func kind(fromPath rel: String) -> String {
        let parts = rel.split(separator: "/").map(String.init)
        guard parts.count >= 3 else { return "" }
        let dir = parts[1]
        if dir.count > 3, dir.hasSuffix("s"), dir.unicodeScalars.allSatisfy({ $0.isASCII }) { return String(dir.dropLast()).lowercased() }
        return dir
    }

    /// Every entry, from the story's digests (`.novelist/digests.tsv`): a file is read and parsed only when it
    /// changed since it was last seen. A file whose front matter does not parse, or that cannot be read, is
    /// read here again and gives its error (a link out of the story is left out: the store reports it).
    package static func load(_ story: StoryWorkspace) throws(NovelistError) -> [BibleEntry] {
        var out: [BibleEntry] = []
        for (rel, facts) in story.bibleFacts() {
            if let facts, let entry = BibleEntry(facts: facts, path: rel) {
                out.append(entry)
                continue
            }
            let text: String
            do { text = try story.fs.read(story.path(rel)) ?? "" } catch NovelistError.linkOutside { continue }
            out.append(try BibleEntry(parsing: text, path: rel, name: "\(story.slug)/\(rel)"))
        }
        return out
    }

    /// An entry from its file's text, the one reading of a bible file.
    init(parsing text: String, path rel: String, name: String) throws(NovelistError) {
        let doc = try MarkdownDocument(parsing: text, name: name)
        let kind = doc["kind"].map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 } ?? Self.kind(fromPath: rel)
        self.init(
            name: doc["name"] ?? String(lastPathComponent(rel).dropLast(3)), kind: kind, aliases: doc.strings("aliases"), path: rel,
            body: doc.body)
    }

    /// The digests' facts of an entry: `ok`, name, kind, body, aliases…; `broken` when it does not parse.
    static func facts(_ text: String, path rel: String) -> [String] {
        guard let e = try? BibleEntry(parsing: text, path: rel, name: "") else { return ["broken"] }
        return ["ok", e.name, e.kind, e.body] + e.aliases
    }

    init?(facts: [String], path rel: String) {
        guard facts.count >= 4, facts[0] == "ok" else { return nil }
        self.init(name: facts[1], kind: facts[2], aliases: Array(facts.dropFirst(4)), path: rel, body: facts[3])
    }

    package static func find(_ name: String, in entries: [BibleEntry]) -> BibleEntry? {
        let n = name.trimmingWhitespace()
        return entries.first { $0.name == n } ?? entries.first { $0.aliases.contains(n) || lastPathComponent($0.path) == n + ".md" }
    }

    /// Names (or aliases) that two or more entries use: (the name, the files that use it), by name.
    package static func duplicates(_ entries: [BibleEntry]) -> [(name: String, paths: [String])] {
        duplicates(entries.map { BibleNames(path: $0.path, name: $0.name, aliases: $0.aliases) })
    }

    /// The same from the entries' names alone (`StoryWorkspace.bibleNames`, no entry read again).
    package static func duplicates(_ entries: [BibleNames]) -> [(name: String, paths: [String])] {
        var users: [String: [String]] = [:]
        for e in entries {
            for n in Set([e.name] + e.aliases) where !n.isEmpty { users[n, default: []].append(e.path) }
        }
        return users.filter { $0.value.count > 1 }.map { ($0.key, $0.value.sorted()) }.sorted { $0.name < $1.name }
    }

    // MARK: Progressions

    /// The chapter a level-2 heading starts from: `## 第61章起`, `## 第六十一章起`, `## From chapter 61`.
    package static func progressionStart(_ line: String) -> Int? {
        guard line.hasPrefix("## ") else { return nil }
        let h = line.dropFirst(3).trimmingWhitespace()
        if h.hasPrefix("第"), h.hasSuffix("章起") {
            let number = h.dropFirst().dropLast(2).trimmingWhitespace()
            return Int(number) ?? ChineseNumerals.parse(number)
        }
        let lower = h.lowercased()
        if lower.hasPrefix("from chapter ") {
            return Int(lower.dropFirst("from chapter ".count).trimmingWhitespace())
        }
        return nil
    }

    /// The text before the first progression, and each progression (its start, its text with the heading), in order.
    package var progressions: (base: String, steps: [(from: Int, text: String)]) {
        var base: [Substring] = []
        var steps: [(from: Int, lines: [Substring])] = []
        var inFence = false
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle() }
            if !inFence, let n = Self.progressionStart(String(line)) {
                steps.append((n, [line]))
            } else if line.hasPrefix("## ") && !inFence && !steps.isEmpty {
                steps[steps.count - 1].lines.append(line)  // a sub-heading of the progression
            } else if steps.isEmpty {
                base.append(line)
            } else {
                steps[steps.count - 1].lines.append(line)
            }
        }
        return (base.joined(separator: "\n"), steps.map { ($0.from, $0.lines.joined(separator: "\n").trimmingWhitespace()) })
    }

    /// The entry as of chapter `chapter`: its base text plus the latest progression that starts at or before it;
    /// nothing that starts later. The chapter the progression starts from, when one is used.
    package func asOf(chapter: Int) -> (entry: BibleEntry, from: Int?) {
        let (base, steps) = progressions
        guard !steps.isEmpty else { return (self, nil) }
        var copy = self
        let latest = steps.filter { $0.from <= chapter }.max { $0.from < $1.from }
        copy.body = base.trimmingWhitespace() + (latest.map { "\n\n" + $0.text } ?? "")
        return (copy, latest?.from)
    }
}
