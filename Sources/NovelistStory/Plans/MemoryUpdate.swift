import Foundation
import NovelistText

/// What `/summarize chapter N` proposes (issue 15): the chapter's summary, the bible entries whose lasting
/// state changed in it (a progression from chapter N), and the threads planted or resolved in it.
/// Parsed from the model's reply, then planned as edits of the chapter, the bible files and threads.md —
/// one change, reviewed file by file. Values in, values out.
package struct MemoryUpdate: Equatable, Sendable {
    package struct Progression: Equatable, Sendable {
        package var name: String
        package var text: String
    }
    package struct Planted: Equatable, Sendable {
        package var title: String
        package var due: Int?
        package var who: [String]
        package var text: String
    }

    package var summary: String
    package var progressions: [Progression] = []
    package var planted: [Planted] = []
    package var resolved: [String] = []

    /// Reads a reply: `<summary>…</summary>`, then any `<progression name="…">…</progression>`,
    /// `<thread-planted title="…" due="N" who="A, B">…</thread-planted>` and `<thread-resolved title="…"/>`.
    /// A reply without a `<summary>` tag is the summary itself (with any tags taken out).
    package static func parse(_ reply: String) -> MemoryUpdate {
        var update = MemoryUpdate(summary: "")
        for tag in ReplyTag.scan(reply) {
            switch tag.name {
            case "summary": update.summary = oneLine(tag.body)
            case "progression":
                let text = bodyText(tag.body)
                if let name = tag.attributes["name"].map(oneLine), !name.isEmpty, !text.isEmpty {
                    update.progressions.append(Progression(name: name, text: text))
                }
            case "thread-planted":
                if let title = tag.attributes["title"].map(oneLine), !title.isEmpty {
                    let who = oneLine(tag.attributes["who"] ?? "").split(whereSeparator: { ",，、".contains($0) })
                        .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
                    var text = oneLine(tag.body)
                    if StoryThread.field(Substring(text)) != nil { text = "> " + text }  // never read back as a field
                    update.planted.append(Planted(title: title, due: tag.attributes["due"].flatMap { Int($0) }, who: who, text: text))
                }
            case "thread-resolved":
                if let title = tag.attributes["title"].map(oneLine), !title.isEmpty { update.resolved.append(title) }
            default: break
            }
        }
        if update.summary.isEmpty { update.summary = oneLine(ReplyTag.strip(reply)) }
        return update
    }

    package static func oneLine(_ text: String) -> String {
        text.trimmingWhitespace().split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    /// A progression's text as it goes into a bible file: a line of the model's that starts with `#` would open a
    /// heading of its own (a progression from a later chapter, say), so its `#`s are dropped.
    static func bodyText(_ text: String) -> String {
        text.components(separatedBy: "\n").map { line in
            let t = line.trimmingWhitespace()
            return t.hasPrefix("#") ? String(t.drop(while: { $0 == "#" })).trimmingWhitespace() : line
        }.joined(separator: "\n").trimmingWhitespace()
    }

    /// True when the reply proposes more than the summary.
    package var touchesMoreThanTheChapter: Bool { !progressions.isEmpty || !planted.isEmpty || !resolved.isEmpty }

    /// One planned file of the change: the path, the new content, and what it is for.
    package struct PlannedEdit: Equatable, Sendable {
        package var path: String
        package var content: String
        package var what: What
    }
    package enum What: Equatable, Sendable {
        case summary
        case progression(name: String)
        case threads(planted: [String], resolved: [String])
    }
    /// Something the reply proposed that the plan left out, and why.
    package enum Skipped: Equatable, Sendable {
        case noSuchEntry(String)
        case threadExists(String)
        case noSuchOpenThread(String)
    }

    /// The edits for chapter `n`: the chapter file (its front matter `summary`), each bible file whose entry
    /// gets a progression from chapter `n` (replacing one from `n` it may have), and threads.md.
    /// `bibleFiles` maps each entry's path to its file's text.
    package func plan(
        chapter n: Int, chapterPath: String, document: MarkdownDocument, entries: [BibleEntry], bibleFiles: [String: String],
        threadsText: String, language: StoryLanguage
    ) -> (edits: [PlannedEdit], skipped: [Skipped]) {
        var edits: [PlannedEdit] = []
        var skipped: [Skipped] = []
        if !summary.isEmpty {
            var doc = document
            doc["summary"] = summary
            edits.append(PlannedEdit(path: chapterPath, content: doc.render(), what: .summary))
        }
        for p in progressions {
            guard let entry = BibleEntry.find(p.name, in: entries), let text = bibleFiles[entry.path] else {
                skipped.append(.noSuchEntry(p.name))
                continue
            }
            let base = edits.first { $0.path == entry.path }?.content ?? text
            let content = BibleEntry.settingProgression(from: n, text: p.text, in: base, language: language)
            edits.removeAll { $0.path == entry.path }
            edits.append(PlannedEdit(path: entry.path, content: content, what: .progression(name: entry.name)))
        }
        var threads = threadsText
        var plantedTitles: [String] = []
        var resolvedTitles: [String] = []
        for t in planted {
            guard !StoryThread.parse(threads).contains(where: { $0.title == t.title }) else {
                skipped.append(.threadExists(t.title))
                continue
            }
            if threads.isEmpty { threads = language == .zh ? "# 伏笔\n" : "# Threads\n" }
            threads = StoryThread.adding(t.title, planted: n, due: t.due, who: t.who, text: t.text, to: threads)
            plantedTitles.append(t.title)
        }
        for title in resolved {
            guard StoryThread.parse(threads).contains(where: { $0.title == title && !$0.resolved }),
                let changed = StoryThread.resolving(title, in: n, text: threads)
            else {
                skipped.append(.noSuchOpenThread(title))
                continue
            }
            threads = changed
            resolvedTitles.append(title)
        }
        if threads != threadsText {
            edits.append(
                PlannedEdit(path: StoryThread.file, content: threads, what: .threads(planted: plantedTitles, resolved: resolvedTitles)))
        }
        return (edits, skipped)
    }
}

extension BibleEntry {
    /// The entry file's text with a progression from chapter `n` holding `text`: one that already starts at
    /// `n` is replaced (up to the next progression), else the new one is added after the latest earlier one.
    package static func settingProgression(from n: Int, text: String, in file: String, language: StoryLanguage) -> String {
        var lines = file.components(separatedBy: "\n")
        while lines.last?.trimmingWhitespace().isEmpty == true { lines.removeLast() }
        let heading = language == .zh ? "## 第\(n)章起" : "## From chapter \(n)"
        let section = [heading, ""] + text.trimmingWhitespace().components(separatedBy: "\n")
        var starts: [(line: Int, from: Int)] = []
        var inFence = false
        for (i, line) in lines.enumerated() {
            if line.hasPrefix("```") { inFence.toggle() }
            if !inFence, let from = progressionStart(line) { starts.append((i, from)) }
        }
        if let k = starts.firstIndex(where: { $0.from == n }) {
            let end = k + 1 < starts.count ? starts[k + 1].line : lines.count
            let tail = end < lines.count ? [""] : []
            lines.replaceSubrange(starts[k].line..<end, with: section + tail)
        } else if let later = starts.first(where: { $0.from > n }) {
            lines.insert(contentsOf: section + [""], at: later.line)
        } else {
            lines += [""] + section
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A tag of a reply: `<name attr="v">body</name>` or `<name attr="v"/>`.
struct ReplyTag {
    var name: String
    var attributes: [String: String]
    var body: String

    static let names = ["summary", "progression", "thread-planted", "thread-resolved"]
    nonisolated(unsafe) static let open = try! NSRegularExpression(
        pattern: #"<(summary|progression|thread-planted|thread-resolved)((?:\s+[A-Za-z-]+\s*=\s*["“][^"”]*["”])*)\s*(/?)>"#)
    nonisolated(unsafe) static let attribute = try! NSRegularExpression(pattern: #"([A-Za-z-]+)\s*=\s*["“]([^"”]*)["”]"#)

    static func scan(_ text: String) -> [ReplyTag] {
        let ns = text as NSString
        var out: [ReplyTag] = []
        var from = 0
        while from < ns.length,
            let m = open.firstMatch(in: text, range: NSRange(location: from, length: ns.length - from))
        {
            let name = ns.substring(with: m.range(at: 1))
            var attributes: [String: String] = [:]
            let attrText = ns.substring(with: m.range(at: 2))
            let an = attrText as NSString
            for a in attribute.matches(in: attrText, range: NSRange(location: 0, length: an.length)) {
                attributes[an.substring(with: a.range(at: 1)).lowercased()] = an.substring(with: a.range(at: 2)).trimmingWhitespace()
            }
            let afterOpen = m.range.location + m.range.length
            var body = ""
            from = afterOpen
            if ns.substring(with: m.range(at: 3)).isEmpty {
                let close = ns.range(of: "</\(name)>", range: NSRange(location: afterOpen, length: ns.length - afterOpen))
                if close.location != NSNotFound {
                    body = ns.substring(with: NSRange(location: afterOpen, length: close.location - afterOpen))
                    from = close.location + close.length
                }
            }
            out.append(ReplyTag(name: name, attributes: attributes, body: body.trimmingWhitespace()))
        }
        return out
    }

    /// The text without any of these tags (their bodies too, except a summary's).
    static func strip(_ text: String) -> String {
        var out = text
        for name in names where name != "summary" {
            let pattern = "<\(name)[^>]*/>|<\(name)[^>]*>[\\s\\S]*?</\(name)>|<\(name)[^>]*>"
            out = out.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
        }
        return out.replacingOccurrences(of: "</?summary>", with: "", options: .regularExpression)
    }
}
