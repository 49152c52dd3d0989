import Foundation
import NovelistText

/// Facts drawn from story files (a chapter's title, whether it has prose; a bible entry's names), kept in
/// `.novelist/digests.tsv` by each file's stamp (size, modification time, inode), so that a warm open reads
/// no file that did not change since the last run (issue 19). A cache only: a missing, torn or unknown
/// digests file is simply rebuilt from the story's files, and a read-only session never writes it.
package final class FileDigests: @unchecked Sendable {
    package static let file = ".novelist/digests.tsv"
    static let header = "novelist digests 5"
    private let lock = NSLock()
    private var entries: [ExactKey: (stamp: FileStamp, facts: [String])] = [:]
    private var loaded = false
    private var changed = false
    /// Texts another reader just read (the store's look at changed files), by path: used once, for their stamp.
    private var offered: [ExactKey: (stamp: FileStamp, text: String)] = [:]

    init() {}

    /// Texts just read with the stamp they were read at: the facts of those files are made from them instead of
    /// reading each file a second time (a first open read 7 MB twice). Each is used at most once; the rest are
    /// dropped by the next offer, `dropOffered` or a save.
    func offer(_ texts: [(rel: String, stamp: FileStamp, text: String)]) {
        lock.lock()
        offered = [:]
        for t in texts { offered[ExactKey(t.rel)] = (t.stamp, t.text) }
        lock.unlock()
    }

    func dropOffered() {
        lock.lock()
        offered = [:]
        lock.unlock()
    }

    /// The facts of each file: remembered for its stamp, or made by `make` from its text (nil: nothing to
    /// remember; an unreadable file gives nil too). Files not remembered are read on all cores when there are many.
    func facts(_ rels: [String], in story: StoryWorkspace, make: @escaping @Sendable (_ rel: String, _ text: String) -> [String]?)
        -> [[String]?]
    {
        let fs = story.fs
        let stamps = rels.map { fs.fileStamp(story.path($0)) }
        lock.lock()
        if !loaded { load(story) }
        var out: [[String]?] = rels.indices.map { i in
            guard let stamp = stamps[i], let e = entries[ExactKey(rels[i])], e.stamp == stamp else { return nil }
            return e.facts
        }
        let missing = rels.indices.filter { out[$0] == nil }
        let paths: [(rel: String, path: String, text: String?)] = missing.map { i in
            let text = offered.removeValue(forKey: ExactKey(rels[i])).flatMap { $0.stamp == stamps[i] ? $0.text : nil }
            return (rels[i], story.path(rels[i]), text)
        }
        lock.unlock()
        @Sendable func made(_ file: (rel: String, path: String, text: String?)) -> [String]? {
            (file.text ?? ((try? fs.read(file.path)) ?? nil)).flatMap { make(file.rel, $0) }
        }
        let fresh = paths.parallelMap(made)
        lock.lock()
        for (k, i) in missing.enumerated() {
            out[i] = fresh[k]
            if let facts = fresh[k], let stamp = stamps[i] {
                entries[ExactKey(rels[i])] = (stamp, facts)
                changed = true
            }
        }
        lock.unlock()
        return out
    }

    /// Forgets the files not in `paths` under `prefix` (a chapter renamed or deleted).
    func keep(_ paths: [String], under prefix: String) {
        lock.lock()
        let kept = Set(paths.map(ExactKey.init))
        let gone = entries.keys.filter { $0.string.utf8.starts(with: prefix.utf8) && !kept.contains($0) }
        for k in gone { entries.removeValue(forKey: k) }
        if !gone.isEmpty { changed = true }
        lock.unlock()
    }

    /// Writes the digests when something changed since they were read.
    func save(_ story: StoryWorkspace) {
        lock.lock()
        defer { lock.unlock() }
        offered = [:]
        guard changed else { return }
        var out = Self.header + "\n"
        for (rel, e) in entries.sorted(byBytesOf: \.string) {
            let fields = [rel.string] + e.stamp.fields + e.facts
            out += TabFields.line(fields) + "\n"
        }
        out += TabFields.line(["end", String(entries.count)]) + "\n"
        // A cache: if it cannot be written, the next open reads the files again.
        if (try? story.fs.writeAtomically(story.path(Self.file), out)) != nil { changed = false }
    }

    private func load(_ story: StoryWorkspace) {
        loaded = true
        guard let text = (try? story.fs.read(story.path(Self.file))) ?? nil else { return }
        let lines = text.lineSlices()
        guard lines.first == Substring(Self.header) else { return }
        var read: [ExactKey: (stamp: FileStamp, facts: [String])] = [:]
        read.reserveCapacity(lines.count)
        for line in lines.dropFirst() where !line.isEmpty {
            let fields = TabFields.fields(line)
            // Only a whole file counts: a cut one could hold part of a title.
            if fields.count == 2, fields[0] == "end" {
                if Int(fields[1]) == read.count { entries = read }
                return
            }
            guard fields.count >= 4, let stamp = FileStamp(fields: fields[1..<4]) else { return }
            read[ExactKey(fields[0])] = (stamp, Array(fields.dropFirst(4)))
        }
    }
}

/// A chapter file as an open or a request needs it, without its text: number, file, title, whether it has
/// prose, its summary.
package struct ChapterDigest: Equatable, Sendable {
    package var number: Int
    package var path: String
    /// The front matter's title, cleaned for the terminal; "" when there is none or the front matter is broken.
    package var title: String
    package var hasProse: Bool
    /// The front matter's summary as written ("" when there is none).
    package var summary: String = ""
    /// The front matter does not parse: reading the chapter (`StoryWorkspace.chapters()`) gives the error.
    package var broken = false
    /// The front matter's status as written ("" when there is none), as `ChapterFile.status`.
    package var status: String = ""

    package init(
        number: Int, path: String, title: String, hasProse: Bool, summary: String = "", broken: Bool = false, status: String = ""
    ) {
        self.number = number
        self.path = path
        self.title = title
        self.hasProse = hasProse
        self.summary = summary
        self.broken = broken
        self.status = status
    }
}

extension MarkdownDocument {
    /// Whether the body has anything but white space: the one test of a written chapter, for the digests and the
    /// manuscript's plan alike (it stops at the first letter; trimming copied every chapter).
    package var hasProse: Bool { Self.hasProse(body[...]) }
    package static func hasProse(_ body: Substring) -> Bool { body.contains { !$0.isWhitespace } }
}

extension ChapterFile {
    /// The chapter's digest, from its parsed text.
    package var digest: ChapterDigest {
        ChapterDigest(
            number: number, path: path, title: title, hasProse: document.hasProse, summary: document["summary"] ?? "",
            status: status)
    }
}

/// A bible entry's names, without its text.
package struct BibleNames: Equatable, Sendable {
    package var path: String
    package var name: String
    package var aliases: [String]
}

extension StoryWorkspace {
    /// Every chapter file's digest, in chapter order; only files changed since they were last seen are read
    /// (on all cores when there are many). A file that cannot be read is left out (the store reports it).
    package func chapterDigests() -> [ChapterDigest] {
        let files = fs.list(path(Self.chaptersDir)).compactMap { name in
            ChapterFile.number(fromFileName: name).map { (number: $0, rel: "\(Self.chaptersDir)/\(name)") }
        }
        let facts = digests.facts(files.map(\.rel), in: self) { _, text in
            let parts = try? MarkdownDocument.parts(parsing: text, name: "")
            let doc = parts?.fields
            let title = doc.map { TerminalText.clean($0["title"] ?? "") } ?? ""
            return [
                title, (parts.map { MarkdownDocument.hasProse($0.body) } ?? ChapterFile.hasProse(text)) ? "1" : "0", doc?["summary"] ?? "",
                doc == nil ? "broken" : "ok", doc?["status"] ?? ""
            ]
        }
        digests.keep(files.map(\.rel), under: Self.chaptersDir + "/")
        let out = zip(files, facts).compactMap { file, facts -> ChapterDigest? in
            guard let facts, facts.count == 5 else { return nil }
            return ChapterDigest(
                number: file.number, path: file.rel, title: facts[0], hasProse: facts[1] == "1", summary: facts[2],
                broken: facts[3] == "broken", status: facts[4])
        }
        return out.sorted { $0.number != $1.number ? $0.number < $1.number : $0.path.precedesByBytes($1.path) }
    }

    /// Every bible file with its entry's facts (`BibleEntry.facts`: the entry as `BibleEntry.load` reads it);
    /// only files changed since they were last seen are read. Nil facts: the file could not be read.
    func bibleFacts() -> [(rel: String, facts: [String]?)] {
        let files = BibleEntry.files(self)
        let facts = digests.facts(files, in: self) { rel, text in BibleEntry.facts(text, path: rel) }
        digests.keep(files, under: BibleEntry.folder + "/")
        return Array(zip(files, facts))
    }

    /// Every bible entry's name and aliases (as `BibleEntry.load` reads them), from the same digests.
    /// A file whose front matter does not parse is left out.
    package func bibleNames() -> [BibleNames] {
        bibleFacts().compactMap { rel, facts in
            guard let facts, let e = BibleEntry(facts: facts, path: rel) else { return nil }
            return BibleNames(path: rel, name: e.name, aliases: e.aliases)
        }
    }

    /// The outline's entries, parsed only when outline.md changed since it was last seen (nil: no outline).
    func outlineFacts() -> [OutlineEntry]? {
        guard let facts = digests.facts([Self.outlineFile], in: self, make: { _, text in OutlineEntry.facts(OutlineParser.parse(text)) })[0]
        else { return nil }
        return OutlineEntry.entries(facts: facts)
    }

    /// Writes what the digests learned (the writer's session only: a read-only one writes nothing).
    package func saveDigests() { digests.save(self) }

    /// Lets go of the texts the store's look handed over (a read-only session, which saves nothing).
    package func dropOfferedTexts() { digests.dropOffered() }
}

extension OutlineEntry {
    /// Five facts an entry: number, title, beats, volume (`-` for none, else `+` and the volume), heading number.
    static func facts(_ entries: [OutlineEntry]) -> [String] {
        entries.flatMap { e in
            [String(e.number), e.title, e.beats, e.volume.map { "+" + $0 } ?? "-", e.headingNumber.map(String.init) ?? ""]
        }
    }

    static func entries(facts f: [String]) -> [OutlineEntry]? {
        guard f.count % 5 == 0 else { return nil }
        var out: [OutlineEntry] = []
        for i in stride(from: 0, to: f.count, by: 5) {
            guard let n = Int(f[i]), f[i + 3] == "-" || f[i + 3].hasPrefix("+") else { return nil }
            out.append(
                OutlineEntry(
                    number: n, title: f[i + 1], beats: f[i + 2], volume: f[i + 3] == "-" ? nil : String(f[i + 3].dropFirst()),
                    headingNumber: Int(f[i + 4])))
        }
        return out
    }
}
