import ArgumentParser
import Foundation
import NovelistCore

/// The flags every form of novelist takes: the REPL and the `export`, `run` and `stats` subcommands.
struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("base-url"), help: "OpenAI-compatible base URL, e.g. https://api.deepseek.com/v1 (OPENAI_BASE_URL).")
    var baseURL: String?

    @Option(help: "Model name (NOVELIST_MODEL). Default: the provider's, else the first the server lists.")
    var model: String?

    @Option(help: "Provider preset: \(Provider.all.map(\.name).joined(separator: ", ")) (NOVELIST_PROVIDER).")
    var provider: String?

    @Option(name: .customLong("stories-dir"), help: "The folder holding the stories (NOVELIST_STORIES_DIR, default ./stories).")
    var storiesDir: String?

    @Option(help: "Open this story at start (its folder name).")
    var story: String?

    @Flag(help: "Accept every confirmation (for scripts).")
    var yes = false

    @Flag(name: .customLong("no-color"), help: "Plain output without colour (also NO_COLOR).")
    var noColor = false

    @Option(help: "Interface language: zh or en (NOVELIST_LANG; default: from LC_ALL, LC_MESSAGES or LANG).")
    var lang: String?

    /// Sets the interface language for everything novelist prints; called before anything is printed.
    func setLanguage() {
        Messages.language = InterfaceLanguage.detect(flag: lang, environment: ProcessInfo.processInfo.environment)
    }

    /// Resolves the settings and runs the session: the REPL, or `commands` in order when given.
    func runApp(
        story explicitStory: String? = nil, commands: [String]? = nil, export: ExportFlags? = nil, openOnlyStory: Bool = true
    ) throws {
        var flags: [String: String] = [:]
        flags["OPENAI_BASE_URL"] = baseURL
        flags["NOVELIST_MODEL"] = model
        flags["NOVELIST_PROVIDER"] = provider
        flags["NOVELIST_STORIES_DIR"] = storiesDir
        flags["NOVELIST_STORY"] = explicitStory ?? story
        let environment = ProcessInfo.processInfo.environment
        let dotenv = (try? String(contentsOfFile: ".env", encoding: .utf8)).map(DotEnv.parse) ?? [:]
        let settings: Settings
        do {
            settings = try SettingsResolver.resolve(flags: flags, environment: environment, dotenv: dotenv)
        } catch {
            FileHandle.standardError.write(Data("novelist: \(error)\n".utf8))
            throw ExitCode(2)
        }
        var app = App(settings: settings, assumeYes: yes, noColor: noColor, environment: environment)
        app.commands = export == nil ? commands : []
        app.export = export
        app.openOnlyStory = openOnlyStory
        let code = app.run()
        if code != 0 { throw ExitCode(code) }
    }
}

@main
struct Novelist: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "novelist",
        abstract: "A terminal writing partner for novelists.",
        usage: """
            novelist [--stories-dir <dir>] [--story <story>] [--yes] [<options>]          (the REPL)
              novelist export [<story>] --format md|txt|html|epub|docx [-o <path>] [<options>]
              novelist run [<story>] "/command …" … [--yes] [<options>]
              novelist stats [<story>] [--json] [<options>]
              novelist doctor [<options>]
              novelist import <file> [--title <title>] [--language zh|en] [--into <new-slug>] [<options>]
              novelist lint [<story>] [--chapters <list>] [--json] [<options>]
            """,
        discussion: """
            Opens a REPL on a folder of stories (plain Markdown files). Talk about the story, /expand a chapter \
            from the outline, read the change and accept it, /export the manuscript. Settings come from flags, \
            then the environment, then .env in the current folder (see .env.example). \
            Without a terminal, commands are read from standard input, one a line. \
            Exit status: 0 success, 1 a command failed, 2 a usage error, 3 the endpoint failed.
            """,
        version: NovelistVersion.current,
        subcommands: [ExportCommand.self, RunCommand.self, StatsCommand.self, DoctorCommand.self, ImportCommand.self, LintCommand.self])

    @OptionGroup var options: CommonOptions

    /// The REPL's command table as JSON, for the man page (scripts/manpage.py); English.
    @Flag(name: .customLong("repl-commands-json"), help: .hidden)
    var replCommandsJSON = false

    mutating func run() throws {
        if replCommandsJSON {
            Messages.language = .en
            print(CommandTable.json())
            return
        }
        options.setLanguage()
        try options.runApp()
    }

    /// ArgumentParser exits with 64 (EX_USAGE) on a usage error; novelist's scripts see 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}

/// `novelist export <story> --format md -o PATH`: `/export` without the REPL.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a story's manuscript (md, txt, or html, epub and docx through pandoc).",
        discussion:
            "The same as /export in the REPL. Notes (gaps, chapters without prose, outline mismatches) go to standard error before the file is written."
    )

    @Argument(help: "The story (its folder name); optional when --story is set or there is only one story.")
    var storyName: String?

    @Option(name: .shortAndLong, help: "md, txt, html, epub or docx.")
    var format: ExportFormat = .md

    @Option(name: [.short, .customLong("output")], help: "The file to write (default <story>/export/<slug>.<format>).")
    var output: String?

    @Option(help: "Only these chapters, e.g. 1-10,12.")
    var chapters: String?

    @Option(help: "Only chapters with this status (final, draft, …; several: final,revised).")
    var status: String?

    @Flag(help: "Add a table of contents (md, html, epub, docx).")
    var toc = false

    @Flag(help: "txt: indent each paragraph with two full-width spaces.")
    var indent = false

    @Option(help: "txt: utf-8 (default) or gb18030.")
    var encoding: String?

    @Flag(
        name: .customLong("ai-disclosure"),
        help: "Append a note that the text was written with AI assistance, naming the models in chat.jsonl.")
    var aiDisclosure = false

    @OptionGroup var options: CommonOptions

    /// The options, as `/export` reads them from its words (the same `ExportFlags`, checked in one place).
    var flags: ExportFlags {
        ExportFlags(
            format: format, chapters: chapters, status: status, toc: toc, indent: indent, encoding: encoding,
            aiDisclosure: aiDisclosure, output: output)
    }

    func validate() throws {
        options.setLanguage()
        do {
            _ = try flags.options()
        } catch {
            if case .usage(_, let usage) = error { throw ValidationError(L("Usage: %@", usage)) }
            throw ValidationError(error.message)
        }
    }

    mutating func run() throws {
        options.setLanguage()
        try options.runApp(story: storyName, export: flags)
    }
}

/// `novelist run <story> "/expand chapter 3" --yes`: REPL commands from the command line, in order.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run REPL commands without the REPL, in order; stops at the first that fails.",
        discussion: """
            Example: novelist run 雾港来信 "/expand chapter 3" "/export md" --yes
            The story may be left out when the first argument is a command (starts with /) and --story is set or \
            there is only one story. Without --yes a confirmation takes its answer from the next argument (y or n). \
            Without commands, commands are read from standard input.
            """)

    @Argument(help: "The story (its folder name), then the commands, e.g. \"/expand chapter 3\".")
    var arguments: [String] = []

    @OptionGroup var options: CommonOptions

    mutating func run() throws {
        options.setLanguage()
        var commands = arguments
        var story: String?
        if let first = commands.first, !first.hasPrefix("/") {
            story = first
            commands.removeFirst()
        }
        try options.runApp(story: story, commands: commands.isEmpty ? nil : commands)
    }
}

/// `novelist stats <story> --json`: chapters, titles, status and lengths.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Chapter numbers, titles, status and lengths, and the total.")

    @Argument(help: "The story (its folder name); optional when --story is set or there is only one story.")
    var storyName: String?

    @Flag(help: "JSON on standard output.")
    var json = false

    @OptionGroup var options: CommonOptions

    mutating func run() throws {
        options.setLanguage()
        try options.runApp(story: storyName, commands: [json ? "/stats --json" : "/stats"])
    }
}

/// `novelist doctor`: /doctor without the REPL.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the configuration, the endpoint, the key, the model, pandoc and the terminal, one line each.",
        discussion: "Exit status 0 when every check passes, 1 when a local check fails, 3 when the endpoint fails.")

    @OptionGroup var options: CommonOptions

    mutating func run() throws {
        options.setLanguage()
        try options.runApp(story: nil, commands: ["/doctor"])
    }
}

/// `novelist import FILE`: /import without the REPL.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a manuscript (TXT in UTF-8 or GB18030, Markdown; DOCX, EPUB, ODT through pandoc) as a new story.",
        discussion:
            "Splits at chapter headings (第N章, Chapter N, ## N.); volumes become parts of the outline; text before the first chapter goes to notes.md. An existing story is never touched."
    )

    @Argument(help: "The manuscript file.")
    var file: String

    @Option(help: "The story's title (default: the manuscript's first line, else the file name).")
    var title: String?

    @Option(help: "The story's language: zh or en (default: from the text).")
    var language: String?

    @Option(help: "The new story's folder name (default: made from the title).")
    var into: String?

    @OptionGroup var options: CommonOptions

    var commandLine: String {
        var words = ["/import", ShellWords.quote(file)]
        if let title { words += ["--title", ShellWords.quote(title)] }
        if let language { words += ["--language", ShellWords.quote(language)] }
        if let into { words += ["--into", ShellWords.quote(into)] }
        return words.joined(separator: " ")
    }

    func validate() throws {
        options.setLanguage()
        if let language, !["zh", "en"].contains(language.lowercased()) { throw ValidationError(L("Usage: %@", ImportOptions.usage)) }
    }

    mutating func run() throws {
        options.setLanguage()
        try options.runApp(story: nil, commands: [commandLine], openOnlyStory: false)
    }
}

/// `novelist lint STORY`: /lint without the REPL.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check chapters for stock phrases, repeated passages, length and monotonous rhythm (no model).")

    @Argument(help: "The story (its folder name); optional when --story is set or there is only one story.")
    var storyName: String?

    @Option(help: "Only these chapters, e.g. 1-10,12.")
    var chapters: String?

    @Flag(help: "A JSON list of findings (chapter, line, kind, text, message) on standard output.")
    var json = false

    @OptionGroup var options: CommonOptions

    func validate() throws {
        options.setLanguage()
        if let chapters, (try? ChapterSelection.parse(chapters)) == nil {
            throw ValidationError(L("Usage: %@", "novelist lint [STORY] [--chapters 1-10,12] [--json]"))
        }
    }

    mutating func run() throws {
        options.setLanguage()
        var line = "/lint"
        if let chapters { line += " --chapters " + ShellWords.quote(chapters) }
        if json { line += " --json" }
        try options.runApp(story: storyName, commands: [line])
    }
}

/// Commands given on the command line, then the end of input. Confirmations take the next one, as from a pipe.
final class ArgumentInput: LineSource {
    private var lines: [String]
    init(_ lines: [String]) { self.lines = lines }
    var remaining: Int { lines.count }
    func readLine(prompt: String) -> LineResult {
        lines.isEmpty ? .eof : .line(lines.removeFirst())
    }
    func close() {}
}
