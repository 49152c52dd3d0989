import NovelistStory
import NovelistText

// How REPL commands work — read this before adding one.
//
// A command is a type (a case-less enum) conforming to `ReplCommand`: its static members are its definition
// (name, aliases, usage, summary, Tab completion, examples) and its `run`. Listing the type in
// `CommandTable.all` registers it, and that one list is everything: `/help`, Tab completion, the man page
// (`novelist --repl-commands-json`) and dispatch (`Session.run` finds the type by name and calls `run`), as
// swift-argument-parser's `subcommands` are both the help and the dispatch.
//
// To add a command:
// 1. Write the handler as a `Session` method in the `Session+<Family>.swift` file of its family.
// 2. Declare `enum FooCommand: ReplCommand` in `Commands/<Family>Commands.swift` with its `name`, `usage`,
//    `summary` (an `L("…")`) and a thin `run` that calls the handler. Commands that work on the open story
//    conform to `StoryCommand` instead: `Session.run` checks that a story is open (once, for all of them)
//    and hands the `OpenStory` to their `run(_:_:_:)`, which passes it on (`in: open`) to the handler.
// 3. Add `FooCommand.self` to `CommandTable.all` where it should appear in `/help`.
// `usage` is the command's one usage string: usage errors use `FooCommand.usageError` (or
// `FooCommand.usage(of: "add")` for one alternative of `a | add … | b`), never a retyped literal.

/// One REPL command, declared as a type: see the comment at the top of this file.
package protocol ReplCommand {
    /// The name typed after the slash, lower-case.
    static var name: String { get }
    static var aliases: [String] { get }
    /// The one usage string (`/name …`), shown by `/help` and in usage errors.
    static var usage: String { get }
    /// What it does, in the interface language.
    static var summary: String { get }
    /// Words Tab offers after the command name.
    static var subwords: [String] { get }
    /// What Tab completes for the next argument.
    static var argument: CommandArgumentKind { get }
    /// Example lines for `/help <command>`, each with what it does.
    static var examples: [CommandExample] { get }
    /// True for the commands that work on the open story (`StoryCommand`s): `Session.run` refuses them when none is open.
    static var needsStory: Bool { get }
    /// Runs the command; `Session.run` calls it (when it `needsStory`, only with a story open).
    static func run(_ session: Session, _ arguments: String) throws -> Outcome
}

extension ReplCommand {
    package static var aliases: [String] { [] }
    package static var subwords: [String] { [] }
    package static var argument: CommandArgumentKind { .none }
    package static var examples: [CommandExample] { [] }
    package static var needsStory: Bool { false }

    /// The usage error of this command, with its usage string.
    static var usageError: NovelistError { .usage(command: name, usage: usage) }

    /// One alternative of a usage `/name a | b … | c`, with the command name: `/chapter move N M` for
    /// `usage(of: "move")`.
    static func usage(of word: String) -> String {
        let body = String(usage.dropFirst(name.count + 1)).trimmingWhitespace()
        // The alternatives are split at the `|` outside brackets: `add <title> [after N | before N]` is one.
        var alternatives = [""]
        var depth = 0
        for c in body {
            if "[<(".contains(c) { depth += 1 } else if "]>)".contains(c) { depth -= 1 }
            if c == "|" && depth == 0 { alternatives.append("") } else { alternatives[alternatives.count - 1].append(c) }
        }
        let alternative = alternatives.map { $0.trimmingWhitespace() }.first { $0 == word || $0.hasPrefix(word + " ") } ?? body
        return "/\(name) \(alternative)"
    }
}

/// What Tab completes for a command's next argument.
package enum CommandArgumentKind: Sendable, Equatable { case none, story, chapter, bible, format, model, onOff, command }

/// One example for `/help <command>`: a command line (the same in every language) and what it does.
package struct CommandExample: Sendable, Equatable {
    package var line: String
    package var explanation: String
    package init(_ line: String, _ explanation: String) {
        self.line = line
        self.explanation = explanation
    }
}

/// A command that works on the open story: `Session.run` refuses it when none is open and hands it the
/// `OpenStory` otherwise (the one check for every such command).
package protocol StoryCommand: ReplCommand {
    static func run(_ session: Session, _ open: OpenStory, _ arguments: String) throws -> Outcome
}

extension StoryCommand {
    package static var needsStory: Bool { true }

    /// Reached only when called without the router: the same check.
    package static func run(_ session: Session, _ arguments: String) throws -> Outcome {
        guard let open = session.openStory else { throw NovelistError.noStoryOpen }
        return try run(session, open, arguments)
    }
}
