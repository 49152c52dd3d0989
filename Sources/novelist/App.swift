import Foundation
import NovelistCore

/// Wires the session to the terminal: the prompt loop, Ctrl-C, and where output goes.
struct App {
    let settings: Settings
    let assumeYes: Bool
    let noColor: Bool
    let environment: [String: String]
    /// Commands from the command line (`novelist run`, `export`, `stats`): run in order, stopping at the first failure.
    var commands: [String]? = nil
    /// `novelist export`: the export to run on the story opened at start, instead of command lines.
    var export: ExportFlags? = nil
    /// Whether the only story there is opens at start (not for `novelist import`, which makes a new one).
    var openOnlyStory = true

    func run() -> Int32 {
        let interactive = commands == nil && isatty(STDIN_FILENO) == 1
        let color =
            !noColor && environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) == 1
            && environment["TERM"] != "dumb"
        Signals.install()
        let input: any LineSource
        if let commands {
            input = ArgumentInput(commands)
        } else {
            input = interactive ? ReadlineInput(environment: environment) : PipeInput()
        }
        let console = TerminalConsole(input: input, color: color, interactive: interactive)
        let fs = LocalFileSystem()
        let session = Session(
            settings: settings, fs: fs, transport: CurlTransport(),
            prompts: PromptLibrary(fs: fs, directories: PromptLibrary.overrideDirectories(environment: environment)),
            console: console, cancel: Signals.cancel, assumeYes: assumeYes)
        Completion.session = session

        if !settings.baseURL.hasPrefix("https://"), settings.apiKey != nil, !BaseURL.isLoopback(settings.baseURL) {
            console.error(
                L(
                    "Warning: your API key would be sent unencrypted over plain http:// to %@. Use https:// unless you trust this network.",
                    BaseURL.host(settings.baseURL)))
        }
        var failed = false
        var endpointFailed = false
        // Scripts read the exit status; a writer leaving the REPL does not need one (make run would report it).
        func status() -> Int32 { interactive ? 0 : endpointFailed ? 3 : failed ? 1 : 0 }
        // Open a story at start: the one named, or the only one there is.
        let slugs = session.storySlugs()
        if let name = settings.story {
            if session.handle("/open \(name)") != .ok { failed = true }
        } else if slugs.count == 1 && openOnlyStory {
            _ = session.handle("/open \(slugs[0])")
        } else if interactive {
            console.info(
                slugs.isEmpty
                    ? L("No stories in %@/ yet. /new <title> creates one; /help lists commands.", settings.storiesDir)
                    : L("Stories: %@. /open <name> opens one; /help lists commands.", slugs.joined(separator: ", ")))
        }
        if interactive {
            console.info(L("novelist %@ · %@ · /help for commands, Ctrl-D to leave", NovelistVersion.current, settings.displayBaseURL))
        }
        if let export {
            if !failed {
                switch session.export(export) {
                case .ok, .quit: break
                case .failed: failed = true
                case .endpointFailed: endpointFailed = true
                }
            }
            session.close()
            input.close()
            return status()
        }
        while true {
            if commands != nil && (failed || endpointFailed) {
                session.close()
                return status()
            }
            Signals.cancel.reset()
            let line: String
            switch input.readLine(prompt: console.promptText(session.prompt)) {
            case .eof:
                if interactive { console.output("") }
                session.close()
                input.close()
                return status()
            case .interrupted:
                continue
            case .line(let l):
                line = Self.multiLine(l, input: input, console: console)
            }
            if !interactive && !line.trimmingWhitespace().isEmpty && line.hasPrefix("/") == false {
                // A script answers questions on the next line. When no question came (the reply was cut short,
                // the command failed), a lone answer must not become a chat message.
                if ["y", "n", "yes", "no"].contains(line.trimmingWhitespace().lowercased()) {
                    console.info(L("(no question is waiting; the answer '%@' is ignored)", line.trimmingWhitespace()))
                    continue
                }
                console.info("> \(line)")
            }
            switch session.handle(line) {
            case .ok: break
            case .failed: failed = true
            case .endpointFailed: endpointFailed = true
            case .quit:
                session.close()
                input.close()
                return status()
            }
        }
    }
}

extension App {
    /// Multi-line input: a line ending in `\` continues on the next; a line `"""` opens a block that the
    /// next `"""` closes. (Pasted text keeps its newlines by itself: readline's bracketed paste.)
    static func multiLine(_ first: String, input: any LineSource, console: TerminalConsole) -> String {
        var line = first
        while line.hasSuffix("\\") {
            guard case .line(let next) = input.readLine(prompt: console.promptText("… ")) else { break }
            line = String(line.dropLast()) + "\n" + next
        }
        guard line.trimmingWhitespace() == "\"\"\"" else { return line }
        var parts: [String] = []
        while case .line(let next) = input.readLine(prompt: console.promptText("… ")) {
            if next.trimmingWhitespace() == "\"\"\"" { break }
            parts.append(next)
        }
        return parts.joined(separator: "\n")
    }
}
