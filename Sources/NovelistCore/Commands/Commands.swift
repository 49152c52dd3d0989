import Foundation
import NovelistLLM
import NovelistStory
import NovelistText
import Synchronization

/// One REPL command, declared as data: this table drives `/help`, Tab completion and dispatch.
public struct CommandSpec: Sendable, Equatable {
    public var name: String
    public var aliases: [String]
    public var usage: String
    public var summary: String
    /// Words Tab offers after the command name.
    public var subwords: [String]
    /// What Tab completes for the next argument.
    public var argument: ArgumentKind
    public var needsStory: Bool
    /// Example lines for `/help <command>`, each with what it does.
    public var examples: [CommandExample] = []

    public enum ArgumentKind: Sendable, Equatable { case none, story, chapter, bible, format, model, onOff, command }
}

/// One example for `/help <command>`: a command line (the same in every language) and what it does.
public struct CommandExample: Sendable, Equatable {
    public var line: String
    public var explanation: String
    public init(_ line: String, _ explanation: String) {
        self.line = line
        self.explanation = explanation
    }
}

public enum CommandTable {
    /// Computed, so that the summaries follow the interface language (`Messages.language`).
    /// The table in the interface language, built once per language (it is read on every line typed).
    public static var all: [CommandSpec] {
        let language = Messages.language
        if let cached = cache.withLock({ $0[language] }) { return cached }
        let table = build()
        cache.withLock { $0[language] = table }
        return table
    }

    private static let cache = Mutex<[InterfaceLanguage: [CommandSpec]]>([:])

    private static func build() -> [CommandSpec] {
        [
            CommandSpec(
                name: "help", aliases: ["?"], usage: "/help [command]", summary: L("List commands, or explain one"), subwords: [],
                argument: .command, needsStory: false,
                examples: [CommandExample("/help expand", L("Explain one command: its usage, what it does, examples"))]),
            CommandSpec(
                name: "stories", aliases: [], usage: "/stories", summary: L("List the stories in the stories folder"), subwords: [],
                argument: .none, needsStory: false),
            CommandSpec(
                name: "new", aliases: [], usage: "/new <title>",
                summary: L("Create a story and open it (a Chinese title keeps its characters)"), subwords: [], argument: .none,
                needsStory: false,
                examples: [CommandExample("/new 雾港来信", L("Create a story with a Chinese title (the folder name keeps the characters)"))]),
            CommandSpec(
                name: "import", aliases: [], usage: ImportOptions.usage,
                summary: L(
                    "Import a manuscript (TXT, Markdown; DOCX, EPUB, ODT through pandoc) as a new story, split at its chapter headings"),
                subwords: [], argument: .none, needsStory: false,
                examples: [
                    CommandExample("/import 长夜行.txt", L("A TXT (UTF-8 or GB18030) split into chapter files, an outline and notes.md"))
                ]),
            CommandSpec(
                name: "lint", aliases: [], usage: "/lint [chapter N | all] [--json]",
                summary: L("Check chapters for stock phrases, repeated passages, length and monotonous rhythm (no model)"),
                subwords: ["chapter", "all", "--json"], argument: .chapter, needsStory: true,
                examples: [CommandExample("/lint chapter 3", L("Check chapter 3; each finding names the paragraphs to /rewrite"))]),
            CommandSpec(
                name: "style", aliases: [], usage: "/style [learn]",
                summary: L("Show the story's style, or learn it from your own chapters and propose it for story.yaml"), subwords: ["learn"],
                argument: .none, needsStory: true,
                examples: [
                    CommandExample("/style learn", L("Measure the paragraphs you wrote, ask the model for a style description, review it"))
                ]),
            CommandSpec(
                name: "open", aliases: [], usage: "/open <story>", summary: L("Open a story by its folder name"), subwords: [],
                argument: .story, needsStory: false, examples: [CommandExample("/open 雾港来信", L("Open the story in the folder 雾港来信"))]),
            CommandSpec(
                name: "chapters", aliases: [], usage: "/chapters", summary: L("List chapters: number, title, status, length"), subwords: [],
                argument: .none, needsStory: true),
            CommandSpec(
                name: "chapter", aliases: [],
                usage: "/chapter N [¶] | add <title> [after N | before N] | move N M | rename N <title> | retitle | delete N | edit N",
                summary: L("Show a chapter, or add, move, rename, delete or edit one (renumbers files and outline)"),
                subwords: ["add", "move", "rename", "retitle", "delete", "edit"], argument: .chapter, needsStory: true,
                examples: [
                    CommandExample("/chapter 3", L("Show chapter 3")),
                    CommandExample("/chapter add 夜雨 after 2", L("Add a chapter after chapter 2 (the later ones are renumbered)")),
                    CommandExample("/chapter move 5 3", L("Move chapter 5 to be chapter 3"))
                ]),
            CommandSpec(
                name: "outline", aliases: [], usage: "/outline [edit]", summary: L("Show the outline, or edit it in $EDITOR"),
                subwords: ["edit"], argument: .none, needsStory: true),
            CommandSpec(
                name: "bible", aliases: [], usage: "/bible [name] | add <kind> <name> | edit <name>",
                summary: L("List the story bible, show an entry, add or edit one"), subwords: ["add", "edit"], argument: .bible,
                needsStory: true,
                examples: [
                    CommandExample("/bible 林晚", L("Show the entry for 林晚")),
                    CommandExample("/bible add character 林晚", L("Add a character entry, then /bible edit 林晚 to fill it in"))
                ]),
            CommandSpec(
                name: "where", aliases: [], usage: "/where <name>",
                summary: L("The chapters a bible entry appears in, last first, with their summaries"), subwords: [], argument: .bible,
                needsStory: true, examples: [CommandExample("/where 林晚", L("Where 林晚 appears, the latest chapter first"))]),
            CommandSpec(
                name: "threads", aliases: [], usage: "/threads", summary: L("List the story's threads (threads.md), overdue ones first"),
                subwords: [], argument: .none, needsStory: true),
            CommandSpec(
                name: "thread", aliases: [], usage: "/thread add <title> [due N] | resolve <title> [in N]",
                summary: L("Plant a thread or resolve one (an undoable change to threads.md)"), subwords: ["add", "resolve"],
                argument: .none, needsStory: true,
                examples: [CommandExample("/thread add 铜钥匙的来历 due 6", L("Plant a thread to pay off by chapter 6"))]),
            CommandSpec(
                name: "expand", aliases: [], usage: "/expand chapter <N> [--n K] [guidance]",
                summary: L("Write chapter N from its outline entry (--n K: K versions to choose from), then review the change"),
                subwords: ["chapter"], argument: .chapter, needsStory: true,
                examples: [
                    CommandExample("/expand chapter 3 节奏放慢", L("Write chapter 3 from its outline entry, at a slower pace")),
                    CommandExample("/expand 第三章 --n 3", L("Write three versions of chapter 3 and choose one"))
                ]),
            CommandSpec(
                name: "draft", aliases: [], usage: "/draft N-M [guidance] [--check]",
                summary: L(
                    "Draft chapters N to M in order from the outline, each reviewed as it arrives; chapters with prose are skipped"),
                subwords: ["--check"], argument: .chapter, needsStory: true,
                examples: [
                    CommandExample("/draft 5-12", L("Draft chapters 5 to 12, each carrying the end of the one before")),
                    CommandExample("/draft 第3-5章 --check", L("Draft chapters 3 to 5 and stop at the first continuity problem"))
                ]),
            CommandSpec(
                name: "drafts", aliases: [], usage: "/drafts [drop N]",
                summary: L("List the drafts not reviewed yet (kept in .novelist/drafts/) and review them again"), subwords: ["drop"],
                argument: .chapter, needsStory: true),
            CommandSpec(
                name: "continue", aliases: [], usage: "/continue [chapter N [guidance]]",
                summary: L("Continue chapter N; with no argument, finish the last reply that was cut short"), subwords: ["chapter"],
                argument: .chapter, needsStory: true,
                examples: [
                    CommandExample("/continue chapter 3 写到两人重逢", L("Add to the end of chapter 3, up to where the two meet again")),
                    CommandExample("/continue", L("Finish the last reply that was cut short"))
                ]),
            CommandSpec(
                name: "rewrite", aliases: [], usage: "/rewrite chapter N [§A-B] [--n K] <instruction>",
                summary: L("Rewrite chapter N, or only its paragraphs A to B (--n K: K versions)"), subwords: ["chapter"],
                argument: .chapter, needsStory: true,
                examples: [
                    CommandExample("/rewrite chapter 3 §4-6 让对话更紧张", L("Rewrite paragraphs 4 to 6 of chapter 3 with tenser dialogue")),
                    CommandExample("/rewrite chapter 3 --n 2 改成第一人称", L("Two versions of chapter 3 told in the first person"))
                ]),
            CommandSpec(
                name: "summarize", aliases: [], usage: "/summarize chapter N | all",
                summary: L("Write the summary front matter used in later chapters' context"), subwords: ["chapter", "all"],
                argument: .chapter, needsStory: true,
                examples: [
                    CommandExample("/summarize chapter 3", L("Write the summary of chapter 3")),
                    CommandExample("/summarize all", L("Summarize every chapter that has prose but no summary yet"))
                ]),
            CommandSpec(
                name: "check", aliases: [], usage: "/check chapter N | all",
                summary: L("Ask for continuity problems against the bible and earlier summaries (nothing is changed)"),
                subwords: ["chapter", "all"], argument: .chapter, needsStory: true,
                examples: [
                    CommandExample("/check chapter 5", L("Look for continuity problems in chapter 5")),
                    CommandExample("/check all", L("Check every chapter that has prose, several requests at once"))
                ]),
            CommandSpec(
                name: "context", aliases: [], usage: "/context [chapter N] [show]",
                summary: L("Show what would be sent: sections, tokens, share of the budget, what is left out, cost"),
                subwords: ["chapter", "show"], argument: .chapter, needsStory: true,
                examples: [
                    CommandExample("/context chapter 3", L("What /expand chapter 3 would send, section by section")),
                    CommandExample("/context show", L("Print the full text of the next chat message's request"))
                ]),
            CommandSpec(
                name: "apply", aliases: [], usage: "/apply",
                summary: L("Review the proposals in the last reply again (outline, bible, chapter blocks)"), subwords: [], argument: .none,
                needsStory: true),
            CommandSpec(
                name: "retry", aliases: [], usage: "/retry", summary: L("Send the last request to the model again"), subwords: [],
                argument: .none, needsStory: true),
            CommandSpec(
                name: "clear", aliases: [], usage: "/clear", summary: L("Start a new conversation (the old one is kept in chat.jsonl)"),
                subwords: [], argument: .none, needsStory: true),
            CommandSpec(
                name: "provenance", aliases: [], usage: "/provenance chapter N",
                summary: L("How much of chapter N the model wrote, you edited, or you wrote, paragraph by paragraph"),
                subwords: ["chapter"], argument: .chapter, needsStory: true,
                examples: [CommandExample("/provenance chapter 3", L("Who wrote each paragraph of chapter 3"))]),
            CommandSpec(
                name: "usage", aliases: [], usage: "/usage", summary: L("Tokens and cost used on this story so far"), subwords: [],
                argument: .none, needsStory: true),
            CommandSpec(
                name: "export", aliases: [],
                usage:
                    "/export md|txt|html|epub|docx [--chapters 1-10,12] [--status final] [--toc] [--indent] [--encoding gb18030] [--ai-disclosure] [PATH]",
                summary: L("Export the manuscript (default: <story>/export/<slug>.<format>); html, epub and docx through pandoc"),
                subwords: ["md", "txt", "html", "epub", "docx"], argument: .format, needsStory: true,
                examples: [
                    CommandExample("/export epub --toc", L("An EPUB with a table of contents (needs pandoc)")),
                    CommandExample(
                        "/export txt --indent --encoding gb18030",
                        L("A GB18030 text file with indented paragraphs, as many web-novel sites want")),
                    CommandExample("/export md --chapters 1-10 --status final", L("Only chapters 1 to 10 whose status is final"))
                ]),
            CommandSpec(
                name: "stats", aliases: [], usage: "/stats [--json]",
                summary: L("Chapter numbers, titles, status and lengths, and the total (--json for scripts)"), subwords: ["--json"],
                argument: .none, needsStory: true, examples: [CommandExample("/stats --json", L("The same as JSON, for scripts"))]),
            CommandSpec(
                name: "history", aliases: [], usage: "/history [--all]",
                summary: L("List the changes made to the story (by novelist and outside it); --all also those left behind"), subwords: [],
                argument: .none, needsStory: true),
            CommandSpec(
                name: "undo", aliases: [], usage: "/undo [--to ID]",
                summary: L("Undo the latest change (survives a restart); --to ID goes back to any change in /history --all"), subwords: [],
                argument: .none, needsStory: true),
            CommandSpec(
                name: "redo", aliases: [], usage: "/redo", summary: L("Apply the change undone last again"), subwords: [], argument: .none,
                needsStory: true),
            CommandSpec(
                name: "models", aliases: [], usage: "/models", summary: L("List the models the server offers"), subwords: [],
                argument: .none, needsStory: false),
            CommandSpec(
                name: "model", aliases: [], usage: "/model [NAME]", summary: L("Show or switch the model for this session"), subwords: [],
                argument: .model, needsStory: false,
                examples: [CommandExample("/model deepseek-reasoner", L("Use another model for the rest of this session"))]),
            CommandSpec(
                name: "reasoning", aliases: [], usage: "/reasoning on|off",
                summary: L("Show or hide the model's reasoning (always kept in chat.jsonl)"), subwords: ["on", "off"], argument: .onOff,
                needsStory: false, examples: [CommandExample("/reasoning off", L("Hide the model's reasoning"))]),
            CommandSpec(
                name: "config", aliases: [], usage: "/config",
                summary: L("Show the settings in use (the key only as its last 4 characters)"), subwords: [], argument: .none,
                needsStory: false),
            CommandSpec(
                name: "doctor", aliases: [], usage: "/doctor",
                summary: L("Check the configuration, the endpoint, the key, the model, pandoc and the terminal, one line each"),
                subwords: [], argument: .none, needsStory: false),
            CommandSpec(
                name: "quit", aliases: ["exit", "q"], usage: "/quit", summary: L("Leave novelist (Ctrl-D too)"), subwords: [],
                argument: .none, needsStory: false)
        ]
    }

    /// The table as JSON (name, aliases, usage, summary, examples): the man page is generated from it.
    public static func json() -> String {
        let rows: [[String: Any]] = all.map { spec in
            [
                "name": spec.name, "aliases": spec.aliases, "usage": spec.usage, "summary": spec.summary, "needs_story": spec.needsStory,
                "examples": spec.examples.map { ["line": $0.line, "explanation": $0.explanation] }
            ]
        }
        let data = (try? JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    public static func find(_ name: String) -> CommandSpec? {
        let n = name.lowercased()
        return all.first { $0.name == n || $0.aliases.contains(n) }
    }

    /// The closest command name, for "did you mean".
    public static func suggestion(for name: String) -> String? {
        let n = name.lowercased()
        if let p = all.first(where: { $0.name.hasPrefix(n) && !n.isEmpty }) { return p.name }
        let scored = all.map { ($0.name, editDistance(Array($0.name), Array(n))) }.min { $0.1 < $1.1 }
        return scored.flatMap { $0.1 <= 2 ? $0.0 : nil }
    }

    /// Command names (with the slash) that start with `prefix`.
    public static func completions(forCommandPrefix prefix: String) -> [String] {
        all.map { "/" + $0.name }.filter { $0.hasPrefix(prefix) }
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var prev = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}

/// A line the writer typed.
public enum Input: Equatable, Sendable {
    case empty
    case chat(String)
    case command(name: String, arguments: String)

    public static func parse(_ line: String) -> Input {
        let trimmed = line.trimmingWhitespace()
        if trimmed.isEmpty { return .empty }
        // `/` or `//` alone is a mistyped command, never a chat line sent (and paid for).
        if trimmed.allSatisfy({ $0 == "/" }) { return .command(name: String(trimmed.dropFirst()), arguments: "") }
        guard trimmed.hasPrefix("/"), trimmed.count > 1, trimmed.dropFirst().first?.isWhitespace == false else {
            return .chat(trimmed)
        }
        let body = trimmed.dropFirst()
        let name = body.prefix(while: { !$0.isWhitespace })
        let rest = body.dropFirst(name.count).trimmingWhitespace()
        // "//text" sends a line that starts with a slash as chat.
        if name.hasPrefix("/") { return .chat(String(trimmed.dropFirst())) }
        return .command(name: String(name), arguments: rest)
    }
}

/// Parses `chapter 3 guidance…`, `3`, `ch 3`, `第3章`, `第三章` into a number and the rest.
public enum ChapterArgument {
    public static func parse(_ arguments: String, command: String = "expand") throws(NovelistError) -> (number: Int, rest: String) {
        var words = arguments.split(whereSeparator: \.isWhitespace).map(String.init)
        let usage = CommandTable.find(command)?.usage ?? "/\(command) chapter <N>"
        guard !words.isEmpty else { throw .usage(command: command, usage: usage) }
        if ["chapter", "ch", "chap", "章"].contains(words[0].lowercased()) {
            words.removeFirst()
            guard !words.isEmpty else { throw .usage(command: command, usage: usage) }
        }
        var token = words[0]
        if token.lowercased().hasPrefix("chapter") { token = String(token.dropFirst(7)) }
        let number: Int?
        if token.hasPrefix("第") && (token.hasSuffix("章") || token.hasSuffix("回")) {
            let inner = String(token.dropFirst().dropLast())
            number = Int(inner) ?? ChineseNumerals.parse(inner)
        } else if token.allSatisfy({ $0.isASCII && $0.isNumber }) {
            number = token.count > 6 ? nil : Int(token)
        } else {
            number = ChineseNumerals.parse(token)
        }
        guard let n = number, n > 0 else { throw .notANumber(token) }
        let rest = words.dropFirst().joined(separator: " ")
        return (n, rest)
    }
}
