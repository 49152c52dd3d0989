import ArgumentParser
import Foundation
import NovelistCore

@main
struct Novelist: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "novelist",
        abstract: "A terminal writing partner for novelists.",
        discussion: """
            Opens a REPL on a folder of stories (plain Markdown files). Talk about the story, /expand a chapter \
            from the outline, read the change and accept it, /export the manuscript. Settings come from flags, \
            then the environment, then .env in the current folder (see .env.example).
            """,
        version: NovelistVersion.current)

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

    mutating func run() throws {
        var flags: [String: String] = [:]
        flags["OPENAI_BASE_URL"] = baseURL
        flags["NOVELIST_MODEL"] = model
        flags["NOVELIST_PROVIDER"] = provider
        flags["NOVELIST_STORIES_DIR"] = storiesDir
        flags["NOVELIST_STORY"] = story
        let environment = ProcessInfo.processInfo.environment
        let dotenv = (try? String(contentsOfFile: ".env", encoding: .utf8)).map(DotEnv.parse) ?? [:]
        let settings: Settings
        do {
            settings = try SettingsResolver.resolve(flags: flags, environment: environment, dotenv: dotenv)
        } catch {
            FileHandle.standardError.write(Data("novelist: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let code = App(settings: settings, assumeYes: yes, noColor: noColor, environment: environment).run()
        if code != 0 { throw ExitCode(code) }
    }
}
