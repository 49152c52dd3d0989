import NovelistStory
import NovelistText

// The commands that write with the model, check and measure chapters.
// How a command is declared and registered: Commands/ReplCommand.swift.

enum LintCommand: StoryCommand {
    static let name = "lint"
    static let usage = "/lint [chapter N | all] [--json]"
    static var summary: String {
        L("Check chapters for stock phrases, repeated passages, length and monotonous rhythm (no model)")
    }
    static let subwords = ["chapter", "all", "--json"]
    static let argument = CommandArgumentKind.chapter
    static var examples: [CommandExample] {
        [CommandExample("/lint chapter 3", L("Check chapter 3; each finding names the paragraphs to /rewrite"))]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        return try session.lint(arguments, in: open)
    }
}

enum StyleCommand: StoryCommand {
    static let name = "style"
    static let usage = "/style [learn]"
    static var summary: String {
        L("Show the story's style, or learn it from your own chapters and propose it for story.yaml")
    }
    static let subwords = ["learn"]
    static var examples: [CommandExample] {
        [
            CommandExample("/style learn", L("Measure the paragraphs you wrote, ask the model for a style description, review it"))
        ]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        return try session.styleCommand(arguments, in: open)
    }
}

enum ExpandCommand: StoryCommand {
    static let name = "expand"
    static let usage = "/expand chapter <N> [--n K] [guidance]"
    static var summary: String {
        L("Write chapter N from its outline entry (--n K: K versions to choose from), then review the change")
    }
    static let subwords = ["chapter"]
    static let argument = CommandArgumentKind.chapter
    static var examples: [CommandExample] {
        [
            CommandExample("/expand chapter 3 节奏放慢", L("Write chapter 3 from its outline entry, at a slower pace")),
            CommandExample("/expand 第三章 --n 3", L("Write three versions of chapter 3 and choose one"))
        ]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        return try session.expand(arguments, in: open)
    }
}

enum DraftCommand: StoryCommand {
    static let name = "draft"
    static let usage = "/draft N-M [guidance] [--check]"
    static var summary: String {
        L("Draft chapters N to M in order from the outline, each reviewed as it arrives; chapters with prose are skipped")
    }
    static let subwords = ["--check"]
    static let argument = CommandArgumentKind.chapter
    static var examples: [CommandExample] {
        [
            CommandExample("/draft 5-12", L("Draft chapters 5 to 12, each carrying the end of the one before")),
            CommandExample("/draft 第3-5章 --check", L("Draft chapters 3 to 5 and stop at the first continuity problem"))
        ]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        return try session.draft(arguments, in: open)
    }
}

enum DraftsCommand: StoryCommand {
    static let name = "drafts"
    static let usage = "/drafts [drop N]"
    static var summary: String {
        L("List the drafts not reviewed yet (kept in .novelist/drafts/) and review them again")
    }
    static let subwords = ["drop"]
    static let argument = CommandArgumentKind.chapter

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        return try session.draftsCommand(arguments, in: open)
    }
}

enum ContinueCommand: StoryCommand {
    static let name = "continue"
    static let usage = "/continue [chapter N [guidance]]"
    static var summary: String {
        L("Continue chapter N; with no argument, finish the last reply that was cut short")
    }
    static let subwords = ["chapter"]
    static let argument = CommandArgumentKind.chapter
    static var examples: [CommandExample] {
        [
            CommandExample("/continue chapter 3 写到两人重逢", L("Add to the end of chapter 3, up to where the two meet again")),
            CommandExample("/continue", L("Finish the last reply that was cut short"))
        ]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        return arguments.isEmpty ? try session.continueReply(in: open) : try session.continueChapter(arguments, in: open)
    }
}

enum RewriteCommand: StoryCommand {
    static let name = "rewrite"
    static let usage = "/rewrite chapter N [§A-B] [--n K] <instruction>"
    static var summary: String {
        L("Rewrite chapter N, or only its paragraphs A to B (--n K: K versions)")
    }
    static let subwords = ["chapter"]
    static let argument = CommandArgumentKind.chapter
    static var examples: [CommandExample] {
        [
            CommandExample("/rewrite chapter 3 §4-6 让对话更紧张", L("Rewrite paragraphs 4 to 6 of chapter 3 with tenser dialogue")),
            CommandExample("/rewrite chapter 3 --n 2 改成第一人称", L("Two versions of chapter 3 told in the first person"))
        ]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        return try session.rewrite(arguments, in: open)
    }
}

enum SummarizeCommand: StoryCommand {
    static let name = "summarize"
    static let usage = "/summarize chapter N | all"
    static var summary: String {
        L("Write the summary front matter used in later chapters' context")
    }
    static let subwords = ["chapter", "all"]
    static let argument = CommandArgumentKind.chapter
    static var examples: [CommandExample] {
        [
            CommandExample("/summarize chapter 3", L("Write the summary of chapter 3")),
            CommandExample("/summarize all", L("Summarize every chapter that has prose but no summary yet"))
        ]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        return try session.summarize(arguments, in: open)
    }
}

enum CheckCommand: StoryCommand {
    static let name = "check"
    static let usage = "/check chapter N | all"
    static var summary: String {
        L("Ask for continuity problems against the bible and earlier summaries (nothing is changed)")
    }
    static let subwords = ["chapter", "all"]
    static let argument = CommandArgumentKind.chapter
    static var examples: [CommandExample] {
        [
            CommandExample("/check chapter 5", L("Look for continuity problems in chapter 5")),
            CommandExample("/check all", L("Check every chapter that has prose, several requests at once"))
        ]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        return try session.check(arguments, in: open)
    }
}

enum ContextCommand: StoryCommand {
    static let name = "context"
    static let usage = "/context [chapter N] [show]"
    static var summary: String {
        L("Show what would be sent: sections, tokens, share of the budget, what is left out, cost")
    }
    static let subwords = ["chapter", "show"]
    static let argument = CommandArgumentKind.chapter
    static var examples: [CommandExample] {
        [
            CommandExample("/context chapter 3", L("What /expand chapter 3 would send, section by section")),
            CommandExample("/context show", L("Print the full text of the next chat message's request"))
        ]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        try session.showContext(arguments, in: open)
        return .ok
    }
}

enum ApplyCommand: StoryCommand {
    static let name = "apply"
    static let usage = "/apply"
    static var summary: String {
        L("Review the proposals in the last reply again (outline, bible, chapter blocks)")
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        return try session.applyLast(in: open)
    }
}

enum RetryCommand: StoryCommand {
    static let name = "retry"
    static let usage = "/retry"
    static var summary: String {
        L("Send the last request to the model again")
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        return try session.retry()
    }
}

enum ClearCommand: StoryCommand {
    static let name = "clear"
    static let usage = "/clear"
    static var summary: String {
        L("Start a new conversation (the old one is kept in chat.jsonl)")
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        try session.clearConversation(in: open)
        return .ok
    }
}

enum ProvenanceCommand: StoryCommand {
    static let name = "provenance"
    static let usage = "/provenance chapter N"
    static var summary: String {
        L("How much of chapter N the model wrote, you edited, or you wrote, paragraph by paragraph")
    }
    static let subwords = ["chapter"]
    static let argument = CommandArgumentKind.chapter
    static var examples: [CommandExample] {
        [CommandExample("/provenance chapter 3", L("Who wrote each paragraph of chapter 3"))]
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        try session.showProvenance(arguments, in: open)
        return .ok
    }
}

enum UsageCommand: StoryCommand {
    static let name = "usage"
    static let usage = "/usage"
    static var summary: String {
        L("Tokens and cost used on this story so far")
    }

    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome {
        try session.showUsage(in: open)
        return .ok
    }
}
