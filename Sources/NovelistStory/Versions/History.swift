import Foundation
import NovelistText

/// Walking the history: where an entry stands, what it changed, and going back to any entry —
/// also one that a later change left behind (nothing is ever dropped from the history).
extension StoryStore {
    /// Where an entry is: applied, undone (on the redo list), or left behind by a later change.
    package enum Place: Equatable, Sendable {
        case applied, undone, abandoned
    }

    /// Entries undone and then left behind by a new change, oldest first.
    package var abandonedEntries: [HistoryEntry] { log.abandoned ?? [] }

    /// The latest applied entry (what `/undo` would undo).
    package var latestApplied: HistoryEntry? { log.position > 0 ? log.entries[log.position - 1] : nil }

    package func find(_ id: Int) -> (entry: HistoryEntry, place: Place)? {
        if let i = log.entries.firstIndex(where: { $0.id == id }) {
            return (log.entries[i], i < log.position ? .applied : .undone)
        }
        if let e = abandonedEntries.first(where: { $0.id == id }) { return (e, .abandoned) }
        return nil
    }

    /// The entries `/undo --to ID` undoes (ID applied: every later applied entry, latest first) or
    /// redoes (ID undone: up to and including ID). Empty when ID is already the latest applied entry.
    package func steps(to id: Int) -> (undo: [HistoryEntry], redo: [HistoryEntry]) {
        guard let i = log.entries.firstIndex(where: { $0.id == id }) else { return ([], []) }
        if i < log.position { return (Array(log.entries[(i + 1)..<log.position].reversed()), []) }
        return ([], Array(log.entries[log.position...i]))
    }

    /// Brings back the files of an entry as they were right after it, as a new change (itself undoable).
    /// Used for an entry a later change left behind.
    package func restore(_ entry: HistoryEntry, message: Phrase) throws(NovelistError) {
        var edits: [FileEdit] = []
        for f in entry.files {
            edits.append(FileEdit(f.path, try f.after.map { (h: String) throws(NovelistError) -> String in try content(ofHash: h) }))
        }
        try apply(message, edits)
    }

    /// What an entry changed in each file, in the story's length unit: added and removed (not only the net).
    package func lengthChange(of entry: HistoryEntry) throws(NovelistError) -> [(path: String, added: Int, removed: Int)] {
        var out: [(String, Int, Int)] = []
        for f in entry.files {
            let old = try f.before.map { (h: String) throws(NovelistError) -> String in try content(ofHash: h) } ?? ""
            let new = try f.after.map { (h: String) throws(NovelistError) -> String in try content(ofHash: h) } ?? ""
            // Lines first, then the changed lines character by character (CJK) or word by word: a sentence added
            // to a paragraph is "+11 字", not the whole paragraph removed and added again.
            var added = 0
            var removed = 0
            for hunk in Hunk.hunks(LineDiff.diff(LineDiff.lines(old), LineDiff.lines(new))) {
                let a = InlineDiff.tokens(hunk.removed.joined(separator: "\n"))
                let b = InlineDiff.tokens(hunk.added.joined(separator: "\n"))
                for op in Myers.diff(a, b) {
                    switch op {
                    case .insert(let j): added += TextLength.count(b[j]).total
                    case .delete(let i): removed += TextLength.count(a[i]).total
                    case .same: break
                    }
                }
            }
            out.append((f.path, added, removed))
        }
        return out
    }

    /// A history time (stored in UTC) in the writer's local time.
    package static func localTime(_ stored: String) -> String {
        StoredTime.local(stored) ?? stored
    }
}
