import Foundation
import NovelistTesting
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// The command types: the list in `CommandTable.all` is the table and the dispatch, and each command has one
/// usage string that its errors show.
@Suite("REPL command types")
struct ReplCommandTests {
    func session() throws -> (Session, ScriptedConsole, ScriptedTransport) {
        let fs = InMemoryFileSystem(files: SessionTests.story)
        let settings = try SettingsResolver.resolve(
            flags: [:],
            environment: [
                "OPENAI_BASE_URL": "http://scripted.invalid/v1", "OPENAI_API_KEY": "sk-test-0000",
                "NOVELIST_MODEL": "scripted-model", "NOVELIST_STORIES_DIR": "/stories", "HOME": "/home/writer"
            ],
            dotenv: [:])
        let console = ScriptedConsole(answers: [])
        let transport = ScriptedTransport([])
        let session = Session(
            settings: settings, fs: fs, transport: transport, prompts: PromptLibrary(fs: fs, directories: []),
            console: console, cancel: CancelToken())
        return (session, console, transport)
    }

    @Test("one alternative of a usage comes from the command's one usage string")
    func usageAlternatives() {
        #expect(ChapterCommand.usage(of: "move") == "/chapter move N M")
        #expect(ChapterCommand.usage(of: "add") == "/chapter add <title> [after N | before N]")
        #expect(ChapterCommand.usage(of: "N") == "/chapter N [¶]")
        #expect(ChapterCommand.usage(of: "retitle") == "/chapter retitle")
        #expect(BibleCommand.usage(of: "add") == "/bible add <kind> <name>")
        #expect(ExportCommand.usage == ExportOptions.usage)
        #expect(ImportCommand.usage == ImportOptions.usage)
    }

    @Test("every command that needs a story is refused, before it runs, when none is open")
    func needsStory() throws {
        let (session, console, transport) = try session()
        let needing = CommandTable.all.filter { $0.needsStory }
        #expect(needing.count > 20)
        for command in needing {
            #expect(session.handle("/\(command.name) 1") == .failed)
            #expect(console.errors.last == NovelistError.noStoryOpen.message, "/\(command.name): \(console.errors)")
        }
        #expect(transport.requests.isEmpty)
    }

    @Test("usage errors show the usage the command declares (/rewrite's has --n K)")
    func usageErrors() throws {
        let (session, console, _) = try session()
        #expect(session.handle("/open harbour-lights") == .ok, "\(console.transcript)")
        #expect(session.handle("/rewrite chapter 1") == .failed)
        #expect(console.errors.last == NovelistError.usage(command: "rewrite", usage: RewriteCommand.usage).message)
        #expect(console.errors.last?.contains("[--n K]") == true, "\(console.errors)")
        #expect(session.handle("/expand") == .failed)
        #expect(console.errors.last == NovelistError.usage(command: "expand", usage: ExpandCommand.usage).message)
        #expect(session.handle("/chapter move 1") == .failed)
        #expect(console.errors.last?.contains("/chapter move N M") == true, "\(console.errors)")
        #expect(session.handle("/reasoning maybe") == .failed)
        #expect(console.errors.last == ReasoningCommand.usageError.message)
        session.close()
    }

    @Test("the open story is one value: /open sets it, a chat line without one is refused before any request")
    func openStoryIsOneValue() throws {
        let (session, console, transport) = try session()
        #expect(session.openStory == nil)
        #expect(session.handle("what happens next?") == .failed)
        #expect(console.errors.last == NovelistError.noStoryOpen.message)
        #expect(transport.requests.isEmpty)
        #expect(session.handle("/open harbour-lights") == .ok, "\(console.transcript)")
        let open = try #require(session.openStory)
        #expect(open.workspace.slug == "harbour-lights")
        #expect(open.meta.title == "Harbour Lights")
        #expect(session.prompt == "Harbour Lights> ")
        // Opening the same story again keeps its store (and its lock).
        #expect(session.handle("/open harbour-lights") == .ok, "\(console.transcript)")
        #expect(session.openStory?.store === open.store)
        session.close()
        #expect(session.openStory == nil)
    }
}
