/// What went wrong with a story, a command or a file, said so that the writer knows what to do next.
/// Each case's `message` is the whole text shown; no case ever carries an API key.
public enum NovelistError: Error, Equatable, Sendable, CustomStringConvertible {
    case noStoryOpen
    case storyNotFound(String, available: [String])
    case storyExists(String)
    case badName(String, reason: String)
    case chapterNotInOutline(Int, available: [Int])
    case notANumber(String)
    case usage(command: String, usage: String)
    case unknownCommand(String, suggestion: String?)
    case badFrontMatter(file: String, line: Int, detail: String)
    case badStoryFile(file: String, detail: String)
    case io(path: String, detail: String)
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

    public var message: String {
        switch self {
        case .noStoryOpen:
            return "No story is open. Use /open <name> (see /stories) or /new <title>."
        case .storyNotFound(let name, let available):
            let list = available.isEmpty ? "There are no stories yet; /new <title> creates one." : "Stories: \(available.joined(separator: ", "))."
            return "There is no story '\(name)'. \(list)"
        case .storyExists(let name):
            return "A story '\(name)' already exists. Open it with /open \(name), or choose another title."
        case .badName(let name, let reason):
            return "'\(name.prefix(60))' cannot be used as a name: \(reason). Nothing was changed."
        case .chapterNotInOutline(let n, let available):
            if available.isEmpty {
                return "Chapter \(n) is not in the outline, and the outline has no chapter headings yet. Add `## 第\(n)章 标题` or `## Chapter \(n): Title` to outline.md."
            }
            return "Chapter \(n) is not in the outline. The outline has chapters \(Self.ranges(available)). Nothing was changed."
        case .notANumber(let s):
            return "'\(s)' is not a chapter number. Use a whole number such as 3. Nothing was changed."
        case .usage(let command, let usage):
            return "Usage: \(usage)   (see /help \(command))"
        case .unknownCommand(let name, let suggestion):
            return "Unknown command /\(name)." + (suggestion.map { " Did you mean /\($0)?" } ?? "") + " Type /help for the list."
        case .badFrontMatter(let file, let line, let detail):
            return "\(file), line \(line): the front matter does not parse (\(detail)). Fix it in an editor; novelist changed nothing."
        case .badStoryFile(let file, let detail):
            return "\(file): \(detail). Fix it in an editor; novelist changed nothing."
        case .io(let path, let detail):
            return "Could not access \(path): \(detail). Nothing was changed."
        case .template(let name, let detail):
            return "The prompt template \(name) does not render: \(detail)."
        case .nothingToExport:
            return "There is nothing to export yet: no chapter has prose. /expand chapter 1 writes the first one."
        case .bibleEntryNotFound(let name, let available):
            return "There is no bible entry '\(name)'." + (available.isEmpty ? " /bible add <kind> <name> adds one." : " Entries: \(available.prefix(30).joined(separator: ", ")).")
        case .chapterOutOfRange(let n, let valid):
            return "There is no chapter \(n): the chapters are \(Self.ranges(valid)). Nothing was changed."
        case .contextTooSmall(let needed, let window):
            return "The request needs about \(needed) tokens (the reply's room included) but the context budget is \(window) (NOVELIST_CONTEXT_TOKENS). Raise NOVELIST_CONTEXT_TOKENS if the model allows it, lower the chapter's length target, or set NOVELIST_MAX_TOKENS lower."
        case .readOnly(let holder):
            let who = holder.map { "another novelist (process \($0))" } ?? "another novelist"
            return "This story is open in \(who), so it is read-only here. Close the other one and /open the story again."
        case .changedOutside(let path):
            return "\(path) changed outside novelist since it was last read. Nothing was written; run the command again to work from the new text."
        case .nothingToUndo:
            return "There is nothing to undo. /history lists the changes."
        case .paragraphOutOfRange(let a, let b, let count):
            return "§\(a)-\(b) is outside the chapter: it has \(count) paragraphs (§1-\(count)). Nothing was changed."
        case .nothingToRetry:
            return "There is no earlier request to retry or continue in this session."
        case .nothingToRedo:
            return "There is nothing to redo."
        case .noModel:
            return "No model is set and the server did not list any. Use --model NAME or set NOVELIST_MODEL."
        }
    }

    public var description: String { message }

    /// 1-3, 5, 7-9
    static func ranges(_ numbers: [Int]) -> String {
        let sorted = Array(Set(numbers)).sorted()
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count, sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i])" : "\(sorted[i])-\(sorted[j])")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }
}
