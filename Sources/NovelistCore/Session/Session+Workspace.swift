import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// Outline, chapter and bible commands: show, add, move, rename, delete, edit — every change through the store.
extension Session {
    func showOutline(_ args: String, in open: OpenStory) throws {
        let story = open.workspace
        if args.trimmingWhitespace().lowercased() == "edit" {
            try editFile(StoryWorkspace.outlineFile, message: Phrase("edit outline"), in: open)
            return
        }
        guard args.isEmpty else { throw OutlineCommand.usageError }
        let text = try story.outlineText()
        console.output(text.isEmpty ? L("(outline.md is empty)") : text)
    }

    func chapterCommand(_ args: String, in open: OpenStory) throws {
        let story = open.workspace
        let meta = open.meta
        let store = open.store
        var words = args.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else { throw ChapterCommand.usageError }
        let sub = words.removeFirst().lowercased()
        func number(_ s: String?) throws -> Int {
            guard let s else { throw ChapterCommand.usageError }
            return try ChapterArgument.parse(s).number
        }
        let files = try story.chapters().map {
            ChapterPlan.Chapter(number: $0.number, path: $0.path, content: try fs.read(story.path($0.path)))
        }
        let outline = try story.outlineText()
        let op: ChapterPlan.Operation
        switch sub {
        case "add":
            var after: Int?
            if words.count >= 2, ["after", "before"].contains(words[words.count - 2].lowercased()) {
                let n = try number(words.last)
                after = words[words.count - 2].lowercased() == "after" ? n : n - 1
                words.removeLast(2)
            }
            let title = words.joined(separator: " ")
            guard !title.isEmpty else { throw NovelistError.usage(command: "chapter", usage: ChapterCommand.usage(of: "add")) }
            op = .add(title: title, after: after)
        case "move":
            guard words.count == 2 else { throw NovelistError.usage(command: "chapter", usage: ChapterCommand.usage(of: "move")) }
            op = .move(from: try number(words[0]), to: try number(words[1]))
        case "rename":
            guard words.count >= 2 else { throw NovelistError.usage(command: "chapter", usage: ChapterCommand.usage(of: "rename")) }
            op = .rename(try number(words[0]), title: words.dropFirst().joined(separator: " "))
        case "delete":
            guard words.count == 1 else { throw NovelistError.usage(command: "chapter", usage: ChapterCommand.usage(of: "delete")) }
            op = .delete(try number(words[0]))
        case "retitle":
            guard words.isEmpty else { throw NovelistError.usage(command: "chapter", usage: ChapterCommand.usage(of: "retitle")) }
            try retitleFromOutline(in: open)
            return
        case "edit":
            let n = try number(words.first)
            guard let file = try story.chapter(n) else {
                throw NovelistError.chapterOutOfRange(n, valid: try story.chapters().map(\.number))
            }
            try editFile(file.path, message: Phrase("edit chapter %d", n), in: open)
            return
        default:
            let n = try number(sub)
            guard words.isEmpty || (words.count == 1 && ["¶", "§", "--numbers", "-n"].contains(words[0])) else {
                throw NovelistError.usage(command: "chapter", usage: ChapterCommand.usage(of: "N"))
            }
            try showChapter(n, numbered: !words.isEmpty, in: open)
            return
        }
        switch op {
        case .delete(let n), .rename(let n, _), .move(let n, _): try requireSingleFile(n, story: story)
        case .add: break
        }
        let plan = try ChapterPlan.plan(op, outline: outline, files: files, language: meta.language)
        if case .delete(let n) = op {
            let length = try story.chapter(n).map { TextLength.count($0.prose).total } ?? 0
            guard
                confirm(
                    length > 0
                        ? L("Delete chapter %d (%d %@)? /undo can bring it back. [y/n] ", n, length, meta.language.lengthUnit)
                        : L("Delete chapter %d? /undo can bring it back. [y/n] ", n))
            else {
                console.info(L("Nothing was deleted."))
                return
            }
        }
        try store.apply(plan.message, plan.edits)
        var note = ""
        if !plan.renumbered.isEmpty {
            let moves = plan.renumbered.sorted { $0.key < $1.key }.map { "\($0.key)→\($0.value)" }
            // A thousand renumbered chapters are one line, not a thousand.
            note =
                moves.count <= 8
                ? moves.joined(separator: ", ")
                : L("%@ … %@ (%d chapters)", moves.prefix(3).joined(separator: ", "), moves.suffix(2).joined(separator: ", "), moves.count)
        }
        console.info(
            note.isEmpty
                ? L("Done: %@. /undo reverses it.", plan.message.text)
                : L("Done: %@. Renumbered: %@. /undo reverses it.", plan.message.text, note))
    }

    /// A chapter as it is written (indents kept); `numbered`: each paragraph with the number §/¶ ranges use.
    func showChapter(_ n: Int, numbered: Bool = false, in open: OpenStory) throws {
        let story = open.workspace
        let meta = open.meta
        let outline = try story.outline()
        guard let file = try story.chapter(n) else {
            if let entry = outline.first(where: { $0.number == n }) {
                console.output(
                    "## \(meta.language.chapterHeading(n, title: entry.title))  [outline]\n\n\(entry.beats)\n\n"
                        + L("(no prose yet: /expand chapter %d)", n))
                return
            }
            throw NovelistError.chapterOutOfRange(n, valid: Set(outline.map(\.number)).union(try story.chapters().map(\.number)).sorted())
        }
        let length = TextLength.count(file.prose).total
        console.output(
            "# \(meta.language.chapterHeading(n, title: file.title))  [\(file.status.isEmpty ? "draft" : file.status)] \(length) \(meta.language.lengthUnit)  (\(file.path))\n\n\(TerminalText.clean(Paragraphs.display(file.prose, numbered: numbered)))"
        )
    }

    // MARK: Bible

    func bibleCommand(_ args: String, in open: OpenStory) throws {
        let story = open.workspace
        let entries = try BibleEntry.load(story)
        var words = args.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.isEmpty {
            if entries.isEmpty {
                console.info(L("The bible is empty. /bible add <kind> <name> adds an entry (kind: character, place, item, lore)."))
            }
            // Grouped by kind, each kind once, in the order of its first entry; entries without a kind last.
            let kinds = entries.map(\.kind).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.sorted {
                ($0.isEmpty ? 1 : 0, $0) < ($1.isEmpty ? 1 : 0, $1)
            }
            for kind in kinds {
                let group = entries.filter { $0.kind == kind }
                console.output("\(kind.isEmpty ? L("(no kind)") : kind) (\(group.count))")
                for e in group {
                    let aliases = e.aliases.isEmpty ? "" : "  (\(e.aliases.joined(separator: ", ")))"
                    console.output("  \(e.name)\(aliases)  \(e.path)")
                }
            }
            return
        }
        switch words[0].lowercased() {
        case "add":
            guard words.count >= 3 else { throw NovelistError.usage(command: "bible", usage: BibleCommand.usage(of: "add")) }
            let kind = words[1]
            let name = words.dropFirst(2).joined(separator: " ")
            try Names.validate(name)
            try Names.validate(kind)
            if BibleEntry.find(name, in: entries) != nil { throw NovelistError.storyExists("bible/\(name)") }
            let doc = MarkdownDocument(body: "", fields: [("name", name), ("kind", kind)])
            let store = open.store
            try store.apply(Phrase("add bible entry %@", name), [FileEdit("bible/\(name).md", doc.render())])
            console.info(L("Added bible/%@.md. /bible edit %@ opens it in your editor.", name, name))
        case "edit":
            words.removeFirst()
            let name = words.joined(separator: " ")
            guard let e = BibleEntry.find(name, in: entries) else {
                throw NovelistError.bibleEntryNotFound(name, available: entries.map(\.name))
            }
            try editFile(e.path, message: Phrase("edit bible entry %@", e.name), in: open)
        default:
            let name = words.joined(separator: " ")
            guard let e = BibleEntry.find(name, in: entries) else {
                throw NovelistError.bibleEntryNotFound(name, available: entries.map(\.name))
            }
            console.output(
                "\(e.name) [\(e.kind)]\(e.aliases.isEmpty ? "" : " — " + e.aliases.joined(separator: ", "))\n\n\(e.body.trimmingWhitespace())"
            )
        }
    }

    // MARK: Editing

    /// Opens a story file in the writer's editor; what comes back is applied as one change.
    /// Keeps text the writer typed that could not be saved, in `.novelist/rescue/`; returns its path.
    func rescue(_ text: String, name: String) -> String? {
        guard let story = openStory?.workspace else { return nil }
        let stamp = StoredTime.string(now()).replacingOccurrences(of: ":", with: "")
        let path = story.path(".novelist/rescue/\(stamp)-\(name)")
        return (try? fs.writeAtomically(path, text)) != nil ? path : nil
    }

    func editFile(_ rel: String, message: Phrase, in open: OpenStory) throws {
        let story = open.workspace
        let store = open.store
        let before = try fs.read(story.path(rel)) ?? ""
        guard let after = try console.edit(before, fileName: lastPathComponent(rel)) else {
            console.info(L("Nothing was changed."))
            return
        }
        if after == before {
            console.info(L("No changes to %@.", rel))
            return
        }
        do {
            // Reject a result that no longer parses, rather than saving a file novelist cannot read.
            if rel.hasSuffix(".md") && rel != StoryWorkspace.outlineFile {
                _ = try MarkdownDocument(parsing: after, name: rel)
            }
            try store.apply(message, [FileEdit(rel, after)])
        } catch {
            // What the writer typed is never thrown away.
            if let kept = rescue(after, name: lastPathComponent(rel)) {
                console.error(L("Your edited text is kept in %@.", kept))
            }
            throw error
        }
        let delta = TextLength.count(after).total - TextLength.count(before).total
        console.info(
            L(
                "Saved %@ (%@). /undo reverses it.", rel,
                "\(delta >= 0 ? "+" : "−")\(abs(delta)) \(openStory?.meta.language.lengthUnit ?? "")"))
    }
}
