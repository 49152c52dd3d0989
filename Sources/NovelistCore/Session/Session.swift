import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// Where the session speaks and listens. The executable implements it for a terminal or a pipe;
/// tests implement it with scripted answers.
package protocol Console: AnyObject {
    /// A result: lists, the streamed reply, diffs (stdout).
    func output(_ text: String)
    /// A message about what happened (stderr).
    func info(_ text: String)
    /// An error the writer can act on (stderr).
    func error(_ text: String)
    /// A piece of the streamed reply.
    func streamContent(_ text: String)
    /// A piece of the model's reasoning (shown dimmed when enabled).
    func streamReasoning(_ text: String)
    /// The reply stream is about to start / has ended (spinners, newlines).
    func streamBegan()
    func streamEnded()
    /// Lets the writer edit `text` in their editor; returns the edited text, or nil when editing failed.
    func edit(_ text: String, fileName: String) throws -> String?
    /// Asks a question and returns the answer line, or nil at the end of input.
    func ask(_ question: String) -> String?
    var colorEnabled: Bool { get }
    /// True on a terminal; false when commands come from a pipe (then an unclear answer means no).
    var isInteractive: Bool { get }
    /// Shows a long text: through the pager on a terminal, else as output.
    func page(_ text: String)
    /// Progress of long work ("12/300 chapters"): one line redrawn in place on a terminal, nothing in a pipe.
    func progress(_ text: String)
    /// The terminal's width in columns, when known.
    var terminalWidth: Int? { get }
}

extension Console {
    package var terminalWidth: Int? { nil }
}

/// The outcome of one input line.
package enum Outcome: Equatable, Sendable {
    case ok
    /// A command failed (bad input, a file problem, a cancelled reply).
    case failed
    /// The endpoint failed (connection, HTTP error, a broken stream): scripts see exit status 3.
    case endpointFailed
    case quit
}

/// The REPL's engine: takes one line at a time, talks to the story and the model, asks before writing.
package final class Session {
    package internal(set) var settings: Settings
    /// The settings as resolved at start, before a story's own settings were applied.
    let baseSettings: Settings
    package let fs: any FileSystem
    package let prompts: PromptLibrary
    package let console: any Console
    package let cancel: CancelToken
    package var client: ChatClient
    /// Accept every confirmation (`--yes`).
    package var assumeYes: Bool
    package var showReasoning = true
    /// The open story (its folder, card and store), or nil: commands that need one get it handed (`StoryCommand`).
    package internal(set) var openStory: OpenStory?
    var conversation: [ChatMessage] = []
    /// The last request to the model, for /retry and /continue.
    var lastTask: LastTask?
    /// The last model command line and its task, set before the request is sent (for /retry after a failure).
    var lastLine: (line: String, task: String)?
    /// Unreadable files already reported, so each is said once.
    var warnedUnreadable: [String: String] = [:]
    /// A usage count that cannot be real was said once (issue 15).
    var warnedCalibration = false
    /// Replies taken from chat.jsonl instead of a request, to rebuild the last task after a restart (`send` uses them).
    var replay: [ChatReply]?
    /// While rebuilding: the task is remembered but its reply is not offered again.
    var replayQuiet = false
    /// A script answered a question with something it does not take: the command fails, nothing is written.
    var unclearAnswer = false
    /// The review offers `s` (stop the run) while a /draft run reviews a chapter; its last answer is kept here.
    var reviewOffersStop = false
    var reviewAnswer: String?
    /// Proposals in the last brainstorming reply, for /apply.
    var lastProposals: [Proposal] = []
    var calibration = Calibration()
    /// The model's summary of the oldest conversation turns, and how many turns it covers.
    var conversationSummary: (covered: Int, text: String)?
    var calibrationLoaded = false
    var serverModels: [String]?
    let now: () -> Date

    package init(
        settings: Settings, fs: any FileSystem, transport: any HTTPTransport, prompts: PromptLibrary,
        console: any Console, cancel: CancelToken, assumeYes: Bool = false, now: @escaping () -> Date = Date.init
    ) {
        self.settings = settings
        self.baseSettings = settings
        self.fs = fs
        self.prompts = prompts
        self.console = console
        self.cancel = cancel
        self.client = ChatClient(settings: settings, transport: transport)
        self.assumeYes = assumeYes
        self.now = now
    }

    package var prompt: String {
        guard let openStory else { return "novelist> " }
        return "\(openStory.meta.title.isEmpty ? openStory.workspace.slug : openStory.meta.title)> "
    }

    /// Releases the story's lock; called when the REPL ends.
    package func close() {
        openStory?.store.releaseLock()
        openStory = nil
    }

    // MARK: Input

    /// Runs one line. Errors are shown here; the caller only sees whether the line succeeded.
    package func handle(_ line: String) -> Outcome {
        let input = Input.parse(line)
        if input == .empty {
            cancel.reset()
            unclearAnswer = false
            return .ok
        }
        return perform {
            switch input {
            case .empty: return .ok
            case .chat(let text):
                guard let openStory else { throw NovelistError.noStoryOpen }
                return try chat(text, in: openStory)
            case .command(let name, let args): return try run(name, args)
            }
        }
    }

    /// Runs one action as every line is run: outside edits noticed first, errors shown here.
    func perform(_ action: () throws -> Outcome) -> Outcome {
        cancel.reset()
        unclearAnswer = false
        do {
            try noticeOutsideEdits()
            let outcome = try action()
            return unclearAnswer && outcome == .ok ? .failed : outcome
        } catch let error as NovelistError {
            console.error(error.message)
        } catch let error as ClientError {
            console.error(error.message)
            return error.kind == .cancelled ? .failed : .endpointFailed
        } catch {
            console.error("\(error)")
        }
        return .failed
    }

    /// Dispatches a command line: the command's type in `CommandTable.all` runs it. A `StoryCommand` is
    /// refused here when no story is open, and is handed the open story otherwise.
    func run(_ name: String, _ args: String) throws -> Outcome {
        guard let command = CommandTable.find(name) else {
            throw NovelistError.unknownCommand(name, suggestion: CommandTable.suggestion(for: name))
        }
        if let command = command as? any StoryCommand.Type {
            guard let openStory else { throw NovelistError.noStoryOpen }
            return try command.run(self, openStory, args)
        }
        return try command.run(self, args)
    }

    /// Asks, and reads the answer the same way everywhere: trimmed, lower-cased, with the Chinese yes and no
    /// (是/好/对, 否/不) read as y and n. nil at the end of input or on Ctrl-C — which always means "write nothing".
    func answer(_ question: String) -> String? {
        // While the question waits, the writer may edit files: their stamps are looked up again.
        defer { openStory?.workspace.forgetStamps() }
        guard let raw = console.ask(question)?.trimmingWhitespace().lowercased() else { return nil }
        switch raw {
        case "yes", "是", "好", "对": return "y"
        case "no", "否", "不": return "n"
        default: return raw
        }
    }

    func confirm(_ question: String) -> Bool {
        if assumeYes {
            console.info(question + "y (--yes)")
            return true
        }
        return choose(question, from: ["y", "n", ""], help: L("y  yes          n  no (the default)")) == "y"
    }

    /// The variables every template can use: the story card (and the outline text).
    func storyVariables(_ meta: StoryMeta, story: StoryWorkspace) throws -> [String: String] {
        TaskPlanner.storyVariables(meta, outlineText: try story.outlineText())
    }
}

/// Turns a model's chapter reply into prose: no heading echoing the chapter, no code fence around it.
package enum ProseCleaner {
    package static func clean(_ reply: String, chapterTitle: String) -> String {
        var lines = LineDiff.lines(reply.trimmingWhitespace())
        if let first = lines.first, first.hasPrefix("```") {
            lines.removeFirst()
            if lines.last?.hasPrefix("```") == true { lines.removeLast() }
        }
        // An echoed <passage>…</passage> wrapper is not prose.
        lines.removeAll { ["<passage>", "</passage>"].contains($0.trimmingWhitespace()) }
        while let first = lines.first {
            let t = first.trimmingWhitespace()
            let heading = t.hasPrefix("#") ? t.drop(while: { $0 == "#" }).trimmingWhitespace() : nil
            if let heading, OutlineParser.parseChapterHeading(heading) != nil || heading == chapterTitle || heading.isEmpty {
                lines.removeFirst()
            } else if !chapterTitle.isEmpty, t == chapterTitle || OutlineParser.parseChapterHeading(t)?.1 == chapterTitle {
                lines.removeFirst()  // the chapter's title line repeated without a #: 第七章 尾声
            } else if isPreamble(t) {
                lines.removeFirst()  // 好的，以下是改写后的段落： / Here is the rewritten passage:
            } else if t.isEmpty {
                lines.removeFirst()
            } else {
                break
            }
        }
        return lines.joined(separator: "\n").trimmingWhitespace()
    }

    /// A line the model says before the prose: it opens like a reply and ends with a colon.
    static func isPreamble(_ line: String) -> Bool {
        guard line.hasSuffix("：") || line.hasSuffix(":"), line.count <= 60 else { return false }
        let lower = line.lowercased()
        return ["好的", "好，", "以下是", "下面是", "这是", "当然", "here is", "here's", "sure", "okay", "certainly"].contains { lower.hasPrefix($0) }
    }
}

/// A request to the model that can be retried, or continued when its reply was cut short.
struct LastTask {
    /// The command line that started it (/retry runs it again).
    var line: String
    var task: String
    var messages: [ChatMessage]
    var maxTokens: Int?
    var reply: ChatReply
    /// What to do with a complete reply (show a proposal, save a summary …).
    var finish: (ChatReply) throws -> Outcome
    /// What may be done with an incomplete one: only ever an append (never a replacement), or nothing.
    var partial: ((ChatReply) throws -> Outcome)? = nil
    /// Set when what arrived was appended to a chapter: a /continue then appends only the rest.
    var appended: (path: String, title: String)? = nil
}
