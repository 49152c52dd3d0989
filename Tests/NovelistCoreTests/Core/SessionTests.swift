import Foundation
import NovelistTesting
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// A whole session in memory: an in-memory file system, a scripted console and a scripted transport.
/// No network and no disk: every file the session reads or writes is in `fs`, every request goes to `transport`.
@Suite("Session in memory")
struct SessionTests {
    static let story: [String: String] = [
        "/stories/harbour-lights/story.yaml": """
        title: Harbour Lights
        author: Sample Author
        language: en
        chapter_length: 300
        length_tolerance: off

        """,
        "/stories/harbour-lights/outline.md": """
        # Harbour Lights

        ## Chapter 1: The Letter

        - Nell finds a letter in her drowned brother's hand.

        ## Chapter 2: The Postman

        - Old Walt the postman says the letter was posted three years ago.
        - Nell sees the postmark has been altered.

        """,
        "/stories/harbour-lights/chapters/001-the-letter.md": """
        ---
        title: The Letter
        status: draft
        ---

        The letter came on a Thursday afternoon.

        """,
        "/stories/harbour-lights/bible/nell-avery.md": """
        ---
        name: Nell Avery
        kind: character
        ---

        An archivist in the city.

        """
    ]

    static let prose = """
        Old Walt kept the post office the way other men keep a boat.

        "Three years," he said, turning the envelope over. "It went into the harbour box three years ago."

        Nell held the postmark to the light. Someone had changed the date.
        """

    func makeSession(answers: [String], responses: [ScriptedTransport.Response])
        throws -> (Session, InMemoryFileSystem, ScriptedConsole, ScriptedTransport)
    {
        let fs = InMemoryFileSystem(files: Self.story)
        let settings = try SettingsResolver.resolve(
            flags: [:],
            environment: [
                "OPENAI_BASE_URL": "http://scripted.invalid/v1", "OPENAI_API_KEY": "sk-test-0000",
                "NOVELIST_MODEL": "scripted-model", "NOVELIST_STORIES_DIR": "/stories", "HOME": "/home/writer"
            ],
            dotenv: [:])
        let console = ScriptedConsole(answers: answers)
        let transport = ScriptedTransport(responses)
        let session = Session(
            settings: settings, fs: fs, transport: transport, prompts: PromptLibrary(fs: fs, directories: []),
            console: console, cancel: CancelToken(), now: { Date(timeIntervalSince1970: 1_750_000_000) })
        return (session, fs, console, transport)
    }

    func chapterTwo(_ fs: InMemoryFileSystem) -> (path: String, text: String)? {
        fs.files.first { $0.key.hasPrefix("/stories/harbour-lights/chapters/002-") }.map { ($0.key, $0.value) }
    }

    @Test("/expand chapter 2 → review → accept writes the chapter; /undo takes it back; /redo again")
    func expandAcceptUndo() throws {
        let (session, fs, console, transport) = try makeSession(answers: ["y"], responses: [.chat(Self.prose)])
        #expect(session.handle("/open harbour-lights") == .ok, "\(console.transcript)")
        let before = fs.files.filter { !$0.key.contains("/.novelist") }

        #expect(session.handle("/expand chapter 2") == .ok, "\(console.transcript)")
        // One request, to the scripted endpoint, carrying the outline's beats for chapter 2.
        #expect(transport.requests.count == 1)
        #expect(transport.requests.first?.url == "http://scripted.invalid/v1/chat/completions")
        let body = transport.requestBodies.first ?? ""
        #expect(body.contains("Old Walt the postman"))
        #expect(body.contains("scripted-model"))
        // The writer was shown the proposal and asked before anything was written.
        #expect(console.questions.contains { $0.contains("Apply to chapters/002-") }, "\(console.questions)")
        #expect(console.streamed.contains("Someone had changed the date."))
        let written = try #require(chapterTwo(fs), "\(console.transcript)")
        #expect(written.text.contains("Old Walt kept the post office"))
        #expect(written.text.contains("Someone had changed the date."))
        // Nothing else among the story's files changed.
        for (path, text) in before { #expect(fs.files[path] == text, "\(path) changed") }

        #expect(session.handle("/undo") == .ok, "\(console.transcript)")
        #expect(chapterTwo(fs) == nil, "the new chapter file is gone again")
        for (path, text) in before { #expect(fs.files[path] == text, "\(path) differs after /undo") }
        #expect(console.infos.contains { $0.hasPrefix("Undid:") }, "\(console.infos)")

        #expect(session.handle("/redo") == .ok, "\(console.transcript)")
        #expect(chapterTwo(fs)?.text == written.text)
        // No further request was made: undo and redo never talk to the model.
        #expect(transport.requests.count == 1)
        session.close()
    }

    @Test("/expand chapter 2 rejected writes nothing")
    func expandReject() throws {
        let (session, fs, console, _) = try makeSession(answers: ["n"], responses: [.chat(Self.prose)])
        #expect(session.handle("/open harbour-lights") == .ok, "\(console.transcript)")
        let before = fs.files.filter { !$0.key.contains("/.novelist") }
        _ = session.handle("/expand chapter 2")
        #expect(chapterTwo(fs) == nil, "\(console.transcript)")
        for (path, text) in before { #expect(fs.files[path] == text) }
        session.close()
    }

    @Test("the in-memory file system behaves like the disk where the core relies on it")
    func inMemoryFileSystem() throws {
        let fs = InMemoryFileSystem()
        #expect(throws: NovelistError.self) { try fs.append("/a/log", "x") }
        #expect(throws: NovelistError.self) { try fs.createExclusive("/a/lock", "x") }
        try fs.createDirectory("/a/c")
        #expect(fs.isDirectory("/a") && fs.isDirectory("/a/c/"))
        try fs.writeAtomically("/a/b.md", "one")
        let stamp = fs.fileStamp("/a/b.md")
        try fs.writeAtomically("/a/b.md", "two")
        #expect(fs.fileStamp("/a/b.md") != stamp)
        #expect(fs.list("/a") == ["b.md", "c"])
        #expect(try fs.createExclusive("/a/b.md", "three") == false)
        try fs.append("/a/log", "{\"x\":1}")
        try fs.append("/a/log", "{\"x\":2}\n")
        #expect(try fs.read("/a/log") == "{\"x\":1}\n{\"x\":2}\n")
        try fs.remove("/a/b.md")
        try fs.remove("/a/missing")
        #expect(try fs.read("/a/b.md") == nil)
        #expect(!fs.exists("/a/b.md"))
    }
}

/// A save from outside landing while a command reads the chapter it will propose a change to: the proposal and
/// its base must be one reading of the file, or the merge takes the writer's save for the model's change and
/// accepting it undoes the save.
@Suite("Proposals built from the text they are merged against")
struct ProposalBaseTests {
    static let chapter = "/stories/harbour-lights/chapters/001-the-letter.md"
    static let saved = """
        ---
        title: The Letter
        status: revised
        ---

        The letter came on a Thursday afternoon.

        Nell read it twice, standing in the rain.

        """

    @Test("/continue, /rewrite, /expand, /summarize with a save landing between reads: the diff removes only what the model saw")
    func saveBetweenReads() throws {
        for afterReads in 1...3 {
            for command in ["/continue chapter 1", "/rewrite chapter 1 tighter", "/expand chapter 1", "/summarize chapter 1"] {
                let (session, fs, console, transport) = try SessionTests().makeSession(
                    answers: ["y"], responses: [.chat("The rain did not stop until dark.")])
                #expect(session.handle("/open harbour-lights") == .ok, "\(console.transcript)")
                fs.saveOutside(Self.chapter, Self.saved, afterReads: afterReads)
                _ = session.handle(command)
                let sent = transport.requestBodies.joined()
                // A line the diff takes out is a line of the text the proposal was made from: the model was sent it.
                let removed = console.transcript.split(separator: "\n").filter { $0.hasPrefix("- ") }.map { $0.dropFirst(2) }
                for line in removed where !line.isEmpty {
                    // /expand writes a new body (the old one is not sent): only its front matter must stay.
                    if command.hasPrefix("/expand") && !line.hasPrefix("status:") { continue }
                    #expect(sent.contains(String(line)), "\(command), save after read \(afterReads): \(console.transcript)")
                }
                // Nothing the writer saved is lost, whatever was answered.
                #expect(fs.files[Self.chapter]?.contains("Nell read it twice, standing in the rain.") == true)
                session.close()
            }
        }
    }
}
