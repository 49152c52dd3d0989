import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// Finds every bible entry named in a text in one pass over the text, for all names at once: names are grouped
/// by their first Unicode scalar, so each position of the text looks only at the names that start there, and a
/// bit table of first scalars skips every other position at the cost of one load (issue 19: no grapheme
/// breaking, no Character array of a whole chapter).
/// A name is two characters or more; a Latin name is matched as a whole word ("Ann" is not in "Annual").
package struct NameMatcher: Sendable {
    private var byFirst: [UInt32: [(name: [UInt32], entry: Int)]] = [:]
    /// Bit `v` is set when some name starts with the scalar `v` (scalars below 0x10000; others go to `byFirst`).
    private var starts = [UInt64](repeating: 0, count: 1024)

    package init(_ entries: [BibleEntry]) {
        for (i, e) in entries.enumerated() {
            for n in Set([e.name] + e.aliases) where n.count >= 2 {
                let scalars = n.unicodeScalars.map(\.value)
                byFirst[scalars[0], default: []].append((scalars, i))
                if scalars[0] < 0x10000 { starts[Int(scalars[0] >> 6)] |= 1 << UInt64(scalars[0] & 63) }
            }
        }
        for k in byFirst.keys { byFirst[k]!.sort { $0.name.count > $1.name.count } }
    }

    private static func isWordChar(_ v: UInt32) -> Bool {
        (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
    }

    /// The indexes (into the entries given to `init`) of the entries named in `text`.
    package func entries(in text: String) -> Set<Int> {
        var found = Set<Int>()
        guard !byFirst.isEmpty else { return found }
        var scalars: [UInt32] = []
        scalars.reserveCapacity(text.utf8.count)
        for s in text.unicodeScalars { scalars.append(s.value) }
        let count = scalars.count
        for i in 0..<count {
            let v = scalars[i]
            if v < 0x10000, starts[Int(v >> 6)] & (1 << UInt64(v & 63)) == 0 { continue }
            guard let candidates = byFirst[v] else { continue }
            for (name, entry) in candidates where !found.contains(entry) && i + name.count <= count {
                guard scalars[i..<(i + name.count)].elementsEqual(name) else { continue }
                if Self.isWordChar(name[0]), i > 0, Self.isWordChar(scalars[i - 1]) { continue }
                if Self.isWordChar(name[name.count - 1]), i + name.count < count, Self.isWordChar(scalars[i + name.count]) { continue }
                found.insert(entry)
            }
        }
        return found
    }
}

/// Which bible entries each chapter mentions (names and aliases, in its text and its summary), kept in
/// `.novelist/appearances.json`, keyed by each chapter's content hash: only chapters that changed are scanned
/// again (all of them when the bible's names change).
package struct AppearanceIndex: Codable, Equatable, Sendable {
    package struct Record: Codable, Equatable, Sendable {
        package var number: Int
        package var hash: String
        package var entries: [String]
    }
    /// A hash of every entry's names: when it changes, every chapter is scanned again.
    package var names: String = ""
    /// By chapter file path.
    package var chapters: [String: Record] = [:]

    package static let file = ".novelist/appearances.tsv"
    /// Where the index was kept before it had a line format: read once when the new file is not there yet.
    static let oldFile = ".novelist/appearances.json"
    static let header = "novelist appearances 1"

    /// The index as lines: a header, the names key, `path, number, hash, entries…` per chapter, an end line.
    func encoded() -> String {
        var out = Self.header + "\n" + TabFields.line(["names", names]) + "\n"
        for (path, r) in chapters.sortedByKeyBytes() {
            out += TabFields.line([path, String(r.number), r.hash] + r.entries) + "\n"
        }
        return out + TabFields.line(["end", String(chapters.count)]) + "\n"
    }

    static func namesKey(_ entries: [BibleEntry]) -> String {
        SHA256.hex(entries.map { ([$0.name] + $0.aliases).joined(separator: "\u{1F}") }.joined(separator: "\u{1E}"))
    }

    /// A chapter's content hash when the store has none that is current.
    package static func hash(_ c: ChapterFile) -> String { SHA256.hex(c.document.render()) }

    /// The index brought up to date with `chapters`; `scanned` counts the chapters read again.
    /// `hash` gives each chapter's content hash (the store's, already known for every file it tracks, by default computed).
    package func updated(entries: [BibleEntry], chapters: [ChapterFile], hash: (ChapterFile) -> String = AppearanceIndex.hash) -> (
        index: AppearanceIndex, scanned: Int
    ) {
        let byPath = Dictionary(chapters.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        return updated(
            entries: entries, chapters: chapters.map(\.digest), hash: { d in byPath[d.path].map(hash) }, read: { byPath[$0.path] })
    }

    /// The same from the chapters' digests: `hash` gives a chapter's current content hash when it is known
    /// without reading it; `read` reads a chapter whose hash is not known or whose entry changed (nil: left out).
    package func updated(
        entries: [BibleEntry], chapters: [ChapterDigest], hash: (ChapterDigest) -> String?, read: (ChapterDigest) -> ChapterFile?
    ) -> (index: AppearanceIndex, scanned: Int) {
        let key = Self.namesKey(entries)
        var next = AppearanceIndex(names: key, chapters: [:])
        var matcher: NameMatcher?
        var scanned = 0
        for d in chapters {
            let known = hash(d)
            let file = known == nil ? read(d) : nil
            guard let h = known ?? file.map(Self.hash) else { continue }
            if key == names, let old = self.chapters[d.path], old.hash == h {
                next.chapters[d.path] = Record(number: d.number, hash: h, entries: old.entries)
                continue
            }
            guard let c = file ?? read(d) else { continue }
            if matcher == nil { matcher = NameMatcher(entries) }
            let found = matcher!.entries(in: c.prose + "\n" + (c.document["summary"] ?? ""))
            next.chapters[d.path] = Record(number: d.number, hash: h, entries: found.sorted().map { entries[$0].name })
            scanned += 1
        }
        return (next, scanned)
    }

    /// The chapters that mention the entry, last first.
    package func appearances(of name: String) -> [Int] {
        appearances(of: [name])[name] ?? []
    }

    /// The chapters that mention each of the entries, last first, in one walk over the index.
    package func appearances(of names: [String]) -> [String: [Int]] {
        // By bytes: 300 chapters naming a hundred entries each are 30,000 comparisons of Chinese names, and
        // String's equality normalizes them. A name of up to 16 bytes (five Chinese characters) is compared as
        // two integers and its length; a longer one by its bytes too.
        func packed(_ s: String) -> (UInt64, UInt64, Int) {
            // The first 16 bytes copied into two integers at once (byte by byte through the UTF-8 view it was
            // 300 instructions a name, half of the walk).
            let fast = s.utf8.withContiguousStorageIfAvailable { u -> (UInt64, UInt64, Int) in
                var words: (UInt64, UInt64) = (0, 0)
                withUnsafeMutableBytes(of: &words) { w in
                    if let base = u.baseAddress { w.copyMemory(from: UnsafeRawBufferPointer(start: base, count: min(u.count, 16))) }
                }
                return (UInt64(littleEndian: words.0), UInt64(littleEndian: words.1), u.count)
            }
            if let fast { return fast }
            var a: UInt64 = 0
            var b: UInt64 = 0
            var k = 0
            for byte in s.utf8 {
                if k < 8 { a |= UInt64(byte) << (8 * k) } else if k < 16 { b |= UInt64(byte) << (8 * (k - 8)) }
                k += 1
            }
            return (a, b, k)
        }
        let wanted = names.map { (name: $0, key: packed($0)) }
        var seen: [Set<Int>] = Array(repeating: [], count: wanted.count)
        for r in chapters.values {
            for e in r.entries {
                let key = packed(e)
                for (i, w) in wanted.enumerated() where w.key == key && (key.2 <= 16 || w.name.sameBytes(e)) { seen[i].insert(r.number) }
            }
        }
        var out: [String: [Int]] = [:]
        for (i, w) in wanted.enumerated() where !seen[i].isEmpty { out[w.name] = seen[i].sorted(by: >) }
        return out
    }

    /// The last chapter before `chapter` that mentions the entry.
    package func lastAppearance(of name: String, before chapter: Int) -> Int? {
        appearances(of: name).first { $0 < chapter }
    }

    /// The index on disk, brought up to date and saved when it changed (not by a read-only session).
    package static func load(
        _ story: StoryWorkspace, entries: [BibleEntry], chapters: [ChapterFile], save: Bool,
        hash: (ChapterFile) -> String = AppearanceIndex.hash
    ) -> AppearanceIndex {
        let byPath = Dictionary(chapters.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        return load(
            story, entries: entries, chapters: chapters.map(\.digest), save: save, hash: { d in byPath[d.path].map(hash) },
            read: { byPath[$0.path] })
    }

    /// The same from the chapters' digests (see `updated`): a chapter is read only when it changed.
    package static func load(
        _ story: StoryWorkspace, entries: [BibleEntry], chapters: [ChapterDigest], save: Bool, hash: (ChapterDigest) -> String?,
        read: (ChapterDigest) -> ChapterFile?
    ) -> AppearanceIndex {
        let path = story.path(file)
        let text: String? = (try? story.fs.read(path)) ?? nil
        var stored = text.flatMap { AppearanceIndex(encoded: $0) } ?? AppearanceIndex()
        if text == nil, let old = (try? story.fs.read(story.path(oldFile))) ?? nil,
            let decoded = try? JSONDecoder().decode(AppearanceIndex.self, from: Data(old.utf8))
        {
            stored = decoded
        }
        let (index, _) = stored.updated(entries: entries, chapters: chapters, hash: hash, read: read)
        if save, index != stored || !story.fs.exists(path) {
            try? story.fs.writeAtomically(path, index.encoded())
        }
        return index
    }
}

extension AppearanceIndex {
    /// An index read back from `encoded()`; nil for anything else (a torn or foreign file is rebuilt).
    init?(encoded text: String) {
        let lines = text.lineSlices()
        guard lines.count >= 2, String(lines[0]) == Self.header else { return nil }
        let head = TabFields.fields(lines[1])
        guard head.count == 2, head[0] == "names" else { return nil }
        names = head[1]
        var ended = false
        for line in lines.dropFirst(2) where !line.isEmpty {
            let f = TabFields.fields(line)
            if f.count == 2, f[0] == "end" {
                ended = Int(f[1]) == chapters.count
                break
            }
            guard f.count >= 3, let number = Int(f[1]) else { return nil }
            chapters[f[0]] = Record(number: number, hash: f[2], entries: Array(f.dropFirst(3)))
        }
        // Only a whole file counts: a cut one could hold a chapter with part of its names.
        guard ended else { return nil }
    }
}
