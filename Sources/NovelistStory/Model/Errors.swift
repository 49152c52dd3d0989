import Foundation
import NovelistText

/// What went wrong with a story, a command or a file, said so that the writer knows what to do next.
/// Each case's `message` is the whole text shown; no case ever carries an API key. A case carries data (names,
/// numbers, an errno, a `Phrase`), rendered in the interface language only here.
package enum NovelistError: Error, Equatable, Sendable, CustomStringConvertible {
    case noStoryOpen
    case storyNotFound(String, available: [String])
    case storyExists(String)
    case badName(String, reason: Phrase)
    case chapterNotInOutline(Int, available: [Int])
    case notANumber(String)
    case usage(command: String, usage: String)
    case unknownCommand(String, suggestion: String?)
    case badFrontMatter(file: String, line: Int, detail: Phrase)
    case badStoryFile(file: String, detail: Phrase)
    /// A file operation failed for a reason that is no system error (`detail` says it).
    case fileFailed(path: String, detail: String)
    /// A system call on `path` failed with `errno` (ENOSPC, EACCES, EROFS … are said as such).
    case io(path: String, errno: Int32)
    case template(name: String, detail: String)
    case nothingToExport
    case noModel
    case readOnly(holder: Int32?)
    case contextTooSmall(needed: Int, window: Int)
    case chapterOutOfRange(Int, valid: [Int])
    case bibleEntryNotFound(String, available: [String])
    case changedOutside(path: String)
    case nothingToUndo
    case nothingToRetry
    case paragraphOutOfRange(Int, Int, count: Int)
    case nothingToRedo
    /// Writing would go through a symbolic link inside a story folder (issue 13).
    case linkInStory(path: String, link: String)
    /// Reading would follow a symbolic link out of the story folder: the file is skipped.
    case linkOutside(path: String)
    /// The file is read-only (chmod 444): not written without an explicit second yes.
    case readOnlyFile(path: String)
    /// The outline starts its chapter numbers again in each volume: renumbering headings would rewrite them wrongly.
    case numberedPerVolume

    package var message: String {
        switch self {
        case .noStoryOpen:
            return L("No story is open. Use /open <name> (see /stories) or /new <title>.")
        case .storyNotFound(let name, let available):
            if available.isEmpty { return L("There is no story '%@'. There are no stories yet; /new <title> creates one.", name) }
            return L("There is no story '%@'. Stories: %@.", name, available.joined(separator: ", "))
        case .storyExists(let name):
            return L("A story '%@' already exists. Open it with /open %@, or choose another title.", name, name)
        case .badName(let name, let reason):
            return L("'%@' cannot be used as a name: %@. Nothing was changed.", String(name.prefix(60)), reason.text)
        case .chapterNotInOutline(let n, let available):
            if available.isEmpty {
                return L(
                    "Chapter %d is not in the outline, and the outline has no chapter headings yet. Add `## 第%d章 标题` or `## Chapter %d: Title` to outline.md.",
                    n, n, n)
            }
            return L("Chapter %d is not in the outline. The outline has chapters %@. Nothing was changed.", n, Self.ranges(available))
        case .notANumber(let s):
            return L("'%@' is not a chapter number. Use a whole number such as 3. Nothing was changed.", s)
        case .usage(let command, let usage):
            return L("Usage: %@   (see /help %@)", usage, command)
        case .unknownCommand(let name, let suggestion):
            if let suggestion { return L("Unknown command /%@. Did you mean /%@? Type /help for the list.", name, suggestion) }
            return L("Unknown command /%@. Type /help for the list.", name)
        case .badFrontMatter(let file, let line, let detail):
            return L(
                "%@, line %d: the front matter does not parse (%@). Fix it in an editor; novelist changed nothing.", file, line,
                detail.text)
        case .badStoryFile(let file, let detail):
            return L("%@: %@. Fix it in an editor; novelist changed nothing.", file, detail.text)
        case .fileFailed(let path, let detail):
            return L("Could not access %@: %@. Nothing was changed.", path, detail)
        case .io(let path, let code):
            return Self.ioMessage(path, code)
        case .template(let name, let detail):
            return L("The prompt template %@ does not render: %@.", name, detail)
        case .nothingToExport:
            return L("There is nothing to export yet: no chapter has prose. /expand chapter 1 writes the first one.")
        case .bibleEntryNotFound(let name, let available):
            if available.isEmpty { return L("There is no bible entry '%@'. /bible add <kind> <name> adds one.", name) }
            return L("There is no bible entry '%@'. Entries: %@.", name, available.prefix(30).joined(separator: ", "))
        case .chapterOutOfRange(let n, let valid):
            if valid.isEmpty {
                return L("There is no chapter %d: the story has no chapters yet. Nothing was changed.", n)
            }
            return L("There is no chapter %d: the chapters are %@. Nothing was changed.", n, Self.ranges(valid))
        case .contextTooSmall(let needed, let window):
            return L(
                "The request needs about %d tokens (the reply's room included) but the context budget is %d (NOVELIST_CONTEXT_TOKENS). Raise NOVELIST_CONTEXT_TOKENS if the model allows it, lower the chapter's length target, or set NOVELIST_MAX_TOKENS lower.",
                needed, window)
        case .readOnly(let holder):
            if let holder {
                return L(
                    "This story is open in another novelist (process %d), so it is read-only here. Close the other one and /open the story again.",
                    Int(holder))
            }
            return L("This story is open in another novelist, so it is read-only here. Close the other one and /open the story again.")
        case .changedOutside(let path):
            return L(
                "%@ changed outside novelist since it was last read. Nothing was written; run the command again to work from the new text.",
                path)
        case .nothingToUndo:
            return L("There is nothing to undo. /history lists the changes.")
        case .paragraphOutOfRange(let a, let b, let count):
            return L("§%d-%d is outside the chapter: it has %d paragraphs (§1-%d). Nothing was changed.", a, b, count, count)
        case .nothingToRetry:
            return L("There is no earlier request to retry or continue in this session.")
        case .nothingToRedo:
            return L("There is nothing to redo.")
        case .linkInStory(let path, let link):
            return L(
                "%@ was not written: %@ is a symbolic link, and novelist never writes through a link in a story folder. Replace the link with a real file or folder.",
                path, link)
        case .linkOutside(let path):
            return L("Skipped %@: it is a symbolic link that leads outside the story folder, so novelist does not read it.", path)
        case .readOnlyFile(let path):
            return L(
                "%@ is read-only (its permissions allow no writing), so novelist did not change it. Make it writable (chmod u+w) to change it.",
                path)
        case .noModel:
            return L("No model is set and the server did not list any. Use --model NAME or set NOVELIST_MODEL.")
        case .numberedPerVolume:
            return L(
                "The outline numbers chapters within each volume, so adding, moving, renaming or deleting a chapter would renumber its headings wrongly. Nothing was changed. Number the headings in outline.md through the book (the next volume goes on from the last chapter of the one before), then run the command again."
            )
        }
    }

    package var description: String { message }

    /// The system errors whose message says what they mean and what to do; others show the system's own words.
    package static func sayable(_ code: Int32) -> Bool { [ENOSPC, EDQUOT, EACCES, EPERM, EROFS].contains(code) }

    static func ioMessage(_ path: String, _ code: Int32) -> String {
        let system = String(cString: strerror(code))
        switch code {
        case ENOSPC, EDQUOT:
            return L("Could not write %@: the disk is full (%@). Nothing was changed; free some space and try again.", path, system)
        case EACCES, EPERM:
            return L(
                "Could not access %@: permission denied (%@). Nothing was changed; check the permissions of the file and its folder (ls -l).",
                path, system)
        case EROFS:
            return L(
                "Could not write %@: the file system is read-only (%@). Nothing was changed; copy the story to a writable disk to change it.",
                path, system)
        default:
            return L("Could not access %@: %@. Nothing was changed.", path, system)
        }
    }

    /// 1-3, 5, 7-9
    package static func ranges(_ numbers: [Int]) -> String {
        NumberList.ranges(numbers)
    }
}
