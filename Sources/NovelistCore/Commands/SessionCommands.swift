import NovelistStory
import NovelistText

// The commands about the session itself: help, the model, the settings, leaving.
// How a command is declared and registered: Commands/ReplCommand.swift.

enum HelpCommand: ReplCommand {
    static let name = "help"
    static let aliases = ["?"]
    static let usage = "/help [command]"
    static var summary: String {
        L("List commands, or explain one")
    }
    static let argument = CommandArgumentKind.command
    static var examples: [CommandExample] {
        [CommandExample("/help expand", L("Explain one command: its usage, what it does, examples"))]
    }

    static func run(_ session: Session, _ arguments: String) throws -> Outcome {
        session.help(arguments)
        return .ok
    }
}

enum ModelsCommand: ReplCommand {
    static let name = "models"
    static let usage = "/models"
    static var summary: String {
        L("List the models the server offers")
    }

    static func run(_ session: Session, _ arguments: String) throws -> Outcome {
        try session.listModels()
        return .ok
    }
}

enum ModelCommand: ReplCommand {
    static let name = "model"
    static let usage = "/model [NAME]"
    static var summary: String {
        L("Show or switch the model for this session")
    }
    static let argument = CommandArgumentKind.model
    static var examples: [CommandExample] {
        [CommandExample("/model deepseek-reasoner", L("Use another model for the rest of this session"))]
    }

    static func run(_ session: Session, _ arguments: String) throws -> Outcome {
        try session.switchModel(arguments)
        return .ok
    }
}

enum ReasoningCommand: ReplCommand {
    static let name = "reasoning"
    static let usage = "/reasoning on|off"
    static var summary: String {
        L("Show or hide the model's reasoning (always kept in chat.jsonl)")
    }
    static let subwords = ["on", "off"]
    static let argument = CommandArgumentKind.onOff
    static var examples: [CommandExample] {
        [CommandExample("/reasoning off", L("Hide the model's reasoning"))]
    }

    static func run(_ session: Session, _ arguments: String) throws -> Outcome {
        switch arguments.lowercased() {
        case "on": session.showReasoning = true
        case "off": session.showReasoning = false
        case "": break
        default: throw usageError
        }
        session.console.info(
            session.showReasoning
                ? L("Reasoning is shown (it is always kept in chat.jsonl).")
                : L("Reasoning is hidden (it is always kept in chat.jsonl)."))
        return .ok
    }
}

enum ConfigCommand: ReplCommand {
    static let name = "config"
    static let usage = "/config"
    static var summary: String {
        L("Show the settings in use (the key only as its last 4 characters)")
    }

    static func run(_ session: Session, _ arguments: String) throws -> Outcome {
        session.showConfig()
        return .ok
    }
}

enum DoctorCommand: ReplCommand {
    static let name = "doctor"
    static let usage = "/doctor"
    static var summary: String {
        L("Check the configuration, the endpoint, the key, the model, pandoc and the terminal, one line each")
    }

    static func run(_ session: Session, _ arguments: String) throws -> Outcome {
        return session.doctor()
    }
}

enum QuitCommand: ReplCommand {
    static let name = "quit"
    static let aliases = ["exit", "q"]
    static let usage = "/quit"
    static var summary: String {
        L("Leave novelist (Ctrl-D too)")
    }

    static func run(_ session: Session, _ arguments: String) throws -> Outcome {
        return .quit
    }
}
