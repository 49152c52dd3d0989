import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// Threads (伏笔) in `threads.md`: `/threads`, `/thread add|resolve`, and the open ones a chapter's request carries.
extension Session {
    func threads(_ story: StoryWorkspace) throws -> (text: String, threads: [StoryThread]) {
        let text = try fs.read(story.path(StoryThread.file)) ?? ""
        return (text, StoryThread.parse(text))
    }

    /// The chapter the story has got to: the last one with prose.
    func currentChapter(_ story: StoryWorkspace) throws -> Int? {
        try story.chapters().filter { !$0.prose.trimmingWhitespace().isEmpty }.map(\.number).max()
    }

    /// `/threads`: open ones first, overdue first among them, then resolved.
    func threadsCommand(_ args: String, in open: OpenStory) throws {
        let story = open.workspace
        guard args.trimmingWhitespace().isEmpty else { throw ThreadsCommand.usageError }
        let all = try threads(story).threads
        guard !all.isEmpty else {
            console.info(L("No threads yet. /thread add <title> [due N] plants one (in threads.md)."))
            return
        }
        let now = try currentChapter(story) ?? 0
        func overdue(_ t: StoryThread) -> Bool { !t.resolved && (t.due.map { $0 <= now } ?? false) }
        let sorted = all.enumerated().sorted { a, b in
            let ka = (a.element.resolved ? 2 : overdue(a.element) ? 0 : 1, a.offset)
            let kb = (b.element.resolved ? 2 : overdue(b.element) ? 0 : 1, b.offset)
            return ka < kb
        }.map(\.element)
        for t in sorted {
            var facts: [String] = []
            if let p = t.planted { facts.append(L("planted in %d", p)) }
            if let d = t.due { facts.append(L("due %d", d)) }
            if !t.who.isEmpty { facts.append(t.who.joined(separator: ", ")) }
            let state =
                t.resolved ? L("resolved") + (t.resolvedIn.map { " " + L("in %d", $0) } ?? "") : overdue(t) ? L("OVERDUE") : L("open")
            console.output("[\(state)] \(TerminalText.clean(t.title))" + (facts.isEmpty ? "" : "  (" + facts.joined(separator: "; ") + ")"))
        }
    }

    /// `/thread add <title> [due N]`, `/thread resolve <title> [in N]`: one undoable change to threads.md.
    func threadCommand(_ args: String, in open: OpenStory) throws {
        let story = open.workspace
        let store = open.store
        var words = args.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count >= 2 else { throw ThreadCommand.usageError }
        let sub = words.removeFirst().lowercased()
        var number: Int?
        if words.count >= 3, ["due", "in"].contains(words[words.count - 2].lowercased()) {
            number = try ChapterArgument.parse(words.last!).number
            words.removeLast(2)
        }
        let title = words.joined(separator: " ")
        let (text, all) = try threads(story)
        switch sub {
        case "add":
            guard !all.contains(where: { $0.title == title }) else { throw NovelistError.storyExists("threads.md: \(title)") }
            try store.apply(
                Phrase("add thread %@", title),
                [FileEdit(StoryThread.file, StoryThread.adding(title, planted: try currentChapter(story), due: number, to: text))])
            console.info(L("Added the thread %@ to threads.md. /undo reverses it.", title))
        case "resolve":
            guard let changed = StoryThread.resolving(title, in: number, text: text) else {
                throw NovelistError.badName(title, reason: Phrase("threads.md has no thread of that title (/threads lists them)"))
            }
            try store.apply(Phrase("resolve thread %@", title), [FileEdit(StoryThread.file, changed)])
            console.info(L("Resolved the thread %@. /undo reverses it.", title))
        default:
            throw ThreadCommand.usageError
        }
    }

    /// `/check chapter N` says which open threads are due by chapter N.
    func reportDueThreads(_ n: Int, story: StoryWorkspace) {
        let due = ((try? threads(story).threads) ?? []).filter { !$0.resolved && ($0.due.map { $0 <= n } ?? false) }
        for t in due {
            console.info(
                L(
                    "Open thread due by chapter %d: %@ (planted in %@).", t.due ?? n, TerminalText.clean(t.title),
                    t.planted.map(String.init) ?? "?"))
        }
    }
}
