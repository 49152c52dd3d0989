import NovelistStory
import NovelistText

// The commands that open, create and arrange stories: chapters, outline, bible, threads.
// How a command is declared and registered: Commands/ReplCommand.swift.

enum StoriesCommand: ReplCommand {
    static let name = "stories"
    static let usage = "/stories"
    static var summary: String {
        L("List the stories in the stories folder")
    }

    static func run(_ session: Session, _ arguments: String) throws -> Outcome {
        try session.listStories()
        return .ok
    }
}

enum NewCommand: ReplCommand {
    static let name = "new"
    static let usage = "/new <title>"
    static var summary: String {
        L("Create a story and open it (a Chinese title keeps its characters)")
    }
    static var examples: [CommandExample] {
        [CommandExample("/new 雾港来信", L("Create a story with a Chinese title (the folder name keeps the characters)"))]
    }

    static func run(_ session: Session, _ arguments: String) throws -> Outcome {
        try session.newStory(arguments)
        return .ok
    }
}

enum ImportCommand: ReplCommand {
    static let name = "import"
    static let usage = ImportOptions.usage
    static var summary: String {
        L(
            "Import a manuscript (TXT, Markdown; DOCX, EPUB, ODT through pandoc) as a new story, split at its chapter headings")
    }
    static var examples: [CommandExample] {
        [
            CommandExample("/import 长夜行.txt", L("A TXT (UTF-8 or GB18030) split into chapter files, an outline and notes.md"))
        ]
    }

    static func run(_ session: Session, _ arguments: String) throws -> Outcome {
        try session.importManuscript(arguments)
        return .ok
    }
}

enum OpenCommand: ReplCommand {
    static let name = "open"
    static let usage = "/open <story>"
    static var summary: String {
        L("Open a story by its folder name")
    }
    static let argument = CommandArgumentKind.story
    static var examples: [CommandExample] {
        [CommandExample("/open 雾港来信", L("Open the story in the folder 雾港来信"))]
    }

    static func run(_ session: Session, _ arguments: String) throws -> Outcome {
        guard !arguments.isEmpty else { throw usageError }
        try session.open(arguments)
        return .ok
    }
}

enum ChaptersCommand: StoryCommand {
    static let name = "chapters"
    static let usage = "/chapters"
    static var summary: String {
        L("List chapters: number, title, status, length")
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        try session.listChapters(in: open)
        return .ok
    }
}

enum ChapterCommand: StoryCommand {
    static let name = "chapter"
    static let usage = "/chapter N [¶] | add <title> [after N | before N] | move N M | rename N <title> | retitle | delete N | edit N"
    static var summary: String {
        L("Show a chapter, or add, move, rename, delete or edit one (renumbers files and outline)")
    }
    static let subwords = ["add", "move", "rename", "retitle", "delete", "edit"]
    static let argument = CommandArgumentKind.chapter
    static var examples: [CommandExample] {
        [
            CommandExample("/chapter 3", L("Show chapter 3")),
            CommandExample("/chapter add 夜雨 after 2", L("Add a chapter after chapter 2 (the later ones are renumbered)")),
            CommandExample("/chapter move 5 3", L("Move chapter 5 to be chapter 3"))
        ]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        try session.chapterCommand(arguments, in: open)
        return .ok
    }
}

enum OutlineCommand: StoryCommand {
    static let name = "outline"
    static let usage = "/outline [edit]"
    static var summary: String {
        L("Show the outline, or edit it in $EDITOR")
    }
    static let subwords = ["edit"]

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        try session.showOutline(arguments, in: open)
        return .ok
    }
}

enum BibleCommand: StoryCommand {
    static let name = "bible"
    static let usage = "/bible [name] | add <kind> <name> | edit <name>"
    static var summary: String {
        L("List the story bible, show an entry, add or edit one")
    }
    static let subwords = ["add", "edit"]
    static let argument = CommandArgumentKind.bible
    static var examples: [CommandExample] {
        [
            CommandExample("/bible 林晚", L("Show the entry for 林晚")),
            CommandExample("/bible add character 林晚", L("Add a character entry, then /bible edit 林晚 to fill it in"))
        ]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        try session.bibleCommand(arguments, in: open)
        return .ok
    }
}

enum WhereCommand: StoryCommand {
    static let name = "where"
    static let usage = "/where <name>"
    static var summary: String {
        L("The chapters a bible entry appears in, last first, with their summaries")
    }
    static let argument = CommandArgumentKind.bible
    static var examples: [CommandExample] {
        [CommandExample("/where 林晚", L("Where 林晚 appears, the latest chapter first"))]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        try session.whereCommand(arguments, in: open)
        return .ok
    }
}

enum ThreadsCommand: StoryCommand {
    static let name = "threads"
    static let usage = "/threads"
    static var summary: String {
        L("List the story's threads (threads.md), overdue ones first")
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        try session.threadsCommand(arguments, in: open)
        return .ok
    }
}

enum ThreadCommand: StoryCommand {
    static let name = "thread"
    static let usage = "/thread add <title> [due N] | resolve <title> [in N]"
    static var summary: String {
        L("Plant a thread or resolve one (an undoable change to threads.md)")
    }
    static let subwords = ["add", "resolve"]
    static var examples: [CommandExample] {
        [CommandExample("/thread add 铜钥匙的来历 due 6", L("Plant a thread to pay off by chapter 6"))]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        try session.threadCommand(arguments, in: open)
        return .ok
    }
}
