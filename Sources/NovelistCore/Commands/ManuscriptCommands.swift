import NovelistStory
import NovelistText

// The commands about the whole manuscript: export, stats and its change history.
// How a command is declared and registered: Commands/ReplCommand.swift.

enum ExportCommand: StoryCommand {
    static let name = "export"
    static let usage = ExportOptions.usage
    static var summary: String {
        L("Export the manuscript (default: <story>/export/<slug>.<format>); html, epub and docx through pandoc")
    }
    static let subwords = ["md", "txt", "html", "epub", "docx"]
    static let argument = CommandArgumentKind.format
    static var examples: [CommandExample] {
        [
            CommandExample("/export epub --toc", L("An EPUB with a table of contents (needs pandoc)")),
            CommandExample(
                "/export txt --indent --encoding gb18030",
                L("A GB18030 text file with indented paragraphs, as many web-novel sites want")),
            CommandExample("/export md --chapters 1-10 --status final", L("Only chapters 1 to 10 whose status is final"))
        ]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        try session.export(arguments, in: open)
        return .ok
    }
}

enum StatsCommand: StoryCommand {
    static let name = "stats"
    static let usage = "/stats [--json]"
    static var summary: String {
        L("Chapter numbers, titles, status and lengths, and the total (--json for scripts)")
    }
    static let subwords = ["--json"]
    static var examples: [CommandExample] {
        [CommandExample("/stats --json", L("The same as JSON, for scripts"))]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        try session.stats(arguments, in: open)
        return .ok
    }
}

enum HistoryCommand: StoryCommand {
    static let name = "history"
    static let usage = "/history [--all]"
    static var summary: String {
        L("List the changes made to the story (by novelist and outside it); --all also those left behind")
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        try session.showHistory(arguments, in: open)
        return .ok
    }
}

enum UndoCommand: StoryCommand {
    static let name = "undo"
    static let usage = "/undo [--to ID]"
    static var summary: String {
        L("Undo the latest change (survives a restart); --to ID goes back to any change in /history --all")
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        return try session.undo(arguments, in: open)
    }
}

enum RedoCommand: StoryCommand {
    static let name = "redo"
    static let usage = "/redo"
    static var summary: String {
        L("Apply the change undone last again")
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        try session.redo(in: open)
        return .ok
    }
}
