import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// `/history`, `/undo`, `/redo`: the writer's own edits (made outside novelist) are never undone without
/// asking, and no change is ever dropped from the history — one left behind stays reachable.
extension Session {
    func showHistory(_ args: String, in open: OpenStory) throws {
        let store = open.store
        let all: Bool
        switch args.trimmingWhitespace() {
        case "": all = false
        case "--all", "all": all = true
        default: throw HistoryCommand.usageError
        }
        let (entries, position) = store.history
        let abandoned = all ? store.abandonedEntries : []
        if entries.isEmpty && abandoned.isEmpty {
            console.info(L("No changes yet."))
            return
        }
        var rows: [(mark: String, entry: HistoryEntry)] = entries.enumerated().map { ($0.offset < position ? " " : "~", $0.element) }
        rows += abandoned.map { ("×", $0) }
        rows.sort { $0.entry.id < $1.entry.id }
        for (mark, e) in all ? rows : Array(rows.suffix(50)) {
            let files = e.files.map(\.path).joined(separator: ", ")
            let outside = e.kind == "outside" ? L(" (outside)") : ""
            console.output("\(mark)\(String(format: "%4d", e.id))  \(StoryStore.localTime(e.time))  \(e.shown)\(outside)  [\(files)]")
        }
        if position < entries.count { console.info(L("~ marks undone changes; /redo applies them again.")) }
        if !abandoned.isEmpty { console.info(L("× marks changes left behind by a later change; /undo --to ID brings one back.")) }
        if !all && !store.abandonedEntries.isEmpty {
            console.info(L("%d changes left behind by later ones are not listed; /history --all shows them.", store.abandonedEntries.count))
        }
    }

    /// What an entry changed, for a question: "chapter 6 (chapters/006-x.md) +17 字 −0 字".
    func describeChange(_ entry: HistoryEntry) throws -> String {
        guard let store = openStory?.store else { return "" }
        let unit = openStory?.meta.language.lengthUnit ?? ""
        return try store.lengthChange(of: entry).map { "\(describe(path: $0.path)) +\($0.added) \(unit) −\($0.removed) \(unit)" }.joined(
            separator: ", ")
    }

    func undo(_ args: String, in open: OpenStory) throws -> Outcome {
        let store = open.store
        let words = args.split(separator: " ").map(String.init)
        if words.isEmpty {
            guard let latest = store.latestApplied else { throw NovelistError.nothingToUndo }
            if latest.kind == "outside" {
                guard confirm(L("The latest change is your own edit to %@: undo it? [y/n] ", try describeChange(latest))) else {
                    console.info(L("Nothing was undone. /history lists the changes; /undo --to ID goes back to an earlier one."))
                    return .ok
                }
            }
            guard let entry = try store.undo() else { throw NovelistError.nothingToUndo }
            console.info(L("Undid: %@ [%@]. /redo applies it again.", entry.shown, entry.files.map(\.path).joined(separator: ", ")))
            open.meta = try open.workspace.meta()
            return .ok
        }
        guard words.count == 2, words[0] == "--to", let id = Int(words[1].hasPrefix("#") ? String(words[1].dropFirst()) : words[1]) else {
            throw UndoCommand.usageError
        }
        guard let (entry, place) = store.find(id) else {
            console.error(L("There is no change %d in the history. /history --all lists them.", id))
            return .failed
        }
        switch place {
        case .abandoned:
            try store.restore(entry, message: Phrase("bring back change %d: %@", id, entry.message))
            console.info(L("Brought back change %d (%@) as a new change. /undo reverses it.", id, entry.shown))
        case .applied, .undone:
            let (undo, redo) = store.steps(to: id)
            if undo.isEmpty && redo.isEmpty {
                console.info(L("Change %d is already the latest one applied.", id))
                return .ok
            }
            let own = undo.filter { $0.kind == "outside" }
            if !own.isEmpty {
                let what = try own.map { try describeChange($0) }.joined(separator: "; ")
                guard
                    confirm(
                        L("Going back to change %d undoes %d changes, among them your own edits (%@). Go on? [y/n] ", id, undo.count, what))
                else {
                    console.info(L("Nothing was undone."))
                    return .ok
                }
            }
            for _ in undo { _ = try store.undo() }
            for _ in redo { _ = try store.redo() }
            console.info(
                undo.isEmpty
                    ? L("Redid %d changes, up to change %d.", redo.count, id)
                    : L("Undid %d changes; change %d is now the latest. /redo applies them again.", undo.count, id))
        }
        open.meta = try open.workspace.meta()
        return .ok
    }

    func redo(in open: OpenStory) throws {
        let store = open.store
        guard let entry = try store.redo() else { throw NovelistError.nothingToRedo }
        console.info(L("Redid: %@ [%@].", entry.shown, entry.files.map(\.path).joined(separator: ", ")))
        open.meta = try open.workspace.meta()
    }
}
