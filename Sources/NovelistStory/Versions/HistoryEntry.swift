import Foundation
import NovelistText

/// One file's part in a change: its content hash before and after (nil: the file does not exist).
package struct FileVersion: Codable, Equatable, Sendable {
    package var path: String
    package var before: String?
    package var after: String?
}

/// One entry of the story's history: every change novelist makes, and every outside edit it notices.
package struct HistoryEntry: Codable, Equatable, Sendable {
    package enum State: String, Codable, Sendable {
        /// Recorded, files not all written yet: rolled back if novelist died meanwhile.
        case pending
        case done
        /// Being undone / redone: finished on the next start if novelist died meanwhile.
        case undoing, redoing
    }
    package var id: Int
    package var time: String
    /// The message in English (what older novelists stored, in whatever language was active).
    package var message: String
    /// The message kept language-neutral (issue 14); nil in entries written before it existed.
    package var phrase: Phrase? = nil
    /// `change` (made by novelist) or `outside` (an edit made in another program, noticed by novelist).
    package var kind: String
    package var files: [FileVersion]
    package var state: State
    /// `model` when the text of the change came from the model (an accepted proposal); nil for the writer's own.
    package var origin: String? = nil

    /// The message in the interface language (an entry from before phrases existed, as it was stored).
    package var shown: String { phrase?.text ?? message }
}

struct HistoryLog: Codable {
    var entries: [HistoryEntry] = []
    /// entries[0..<position] are applied; the rest can be redone.
    var position = 0
    var nextID = 1
    /// Entries that were undone and then left behind by a new change: never dropped, still reachable
    /// (`/history --all`, `/undo --to ID`). Optional, so that older history files still read.
    var abandoned: [HistoryEntry]?
    /// What novelist last saw of each file, saved in the same atomic write as the entries, so that a crash
    /// between writing history.json and hashes.json cannot make the two disagree (hashes.json is kept too).
    /// Written by novelists before issue 19's line format; read when `knownLines` is not there.
    var known: [String: StoryStore.KnownFile]?
    /// The same as tab-separated lines in one string (`StoryStore.KnownFile.lines`): decoding 500 files'
    /// hashes and stamps as JSON objects was most of a warm start's own work (issue 19).
    var knownLines: String?
}

/// A file edit of a change: the new content, or nil to delete the file.
package struct FileEdit: Equatable, Sendable {
    package var path: String
    package var content: String?
    package init(_ path: String, _ content: String?) {
        self.path = path
        self.content = content
    }
}

/// A file that changed since novelist last saw it.
package struct OutsideEdit: Equatable, Sendable {
    package var path: String
    package var lengthBefore: Int
    package var lengthAfter: Int
    package var created: Bool
    package var deleted: Bool
}
