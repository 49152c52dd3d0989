import Foundation
import NovelistTesting
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// The pure planner that the session and novelist-bench both call, and the context labels from the templates.
@Suite("Task planner and context labels")
struct TaskPlannerTests {
    let sessions = SessionTests()

    @Test("the planner's request for an in-memory story is the one the session builds for /expand")
    func plannerEqualsSession() throws {
        let (session, fs, console, _) = try sessions.makeSession(answers: [], responses: [])
        try fs.writeAtomically(
            "/stories/harbour-lights/threads.md",
            """
            # Threads

            ## The altered postmark
            - planted: 1
            - due: 3
            - who: Nell Avery

            """)
        try fs.writeAtomically(
            "/stories/harbour-lights/chapters/001-the-letter.md",
            """
            ---
            title: The Letter
            status: draft
            summary: Nell Avery finds the letter.
            ---

            The letter came on a Thursday afternoon. Nell Avery read it twice.

            """)
        #expect(session.handle("/open harbour-lights") == .ok, "\(console.transcript)")
        let open = try #require(session.openStory)
        let fromSession = try session.chapterRequest(
            2, instruction: "Write chapter 2.", mentions: ["Nell Avery"], endingOf: 1, reservedOutput: 500, model: "scripted-model",
            in: open)

        // The same story as plain values, read here: no session, no settings.
        let story = open.workspace
        let meta = try story.meta()
        let chapters = try story.chapters()
        let entries = try BibleEntry.load(story)
        let library = PromptLibrary(fs: fs, directories: [])
        var task = ChapterTask(
            meta: meta,
            system: try library.render(
                "system", language: meta.language, story: story,
                variables: TaskPlanner.storyVariables(meta, outlineText: try story.outlineText())),
            instruction: "Write chapter 2.", chapter: 2, contextTokens: session.settings.contextTokens, reservedOutput: 500,
            estimator: TokenEstimator(factor: 1.0), labels: ContextLabels.builtin(.en), chapters: chapters.map(\.digest),
            outline: try story.outline(), outlineText: try story.outlineText(), entries: entries,
            appearances: AppearanceIndex.load(story, entries: entries, chapters: chapters, save: false))
        task.mentions = ["Nell Avery"]
        task.endingOf = 1
        task.ending = chapters.first { $0.number == 1 }?.prose
        task.threads = StoryThread.parse(fs.files["/stories/harbour-lights/threads.md"] ?? "")
        task.threadHeading = try library.template("thread-heading", language: .en, story: story)
        let planned = try TaskPlanner.chapterRequest(task)

        #expect(!planned.recalls.isEmpty, "the thread and the last appearance are recalled")
        #expect(planned.recalls.contains { $0.heading == "[Thread: The altered postmark (planted in chapter 1)]" })
        #expect(planned.bible.map(\.name) == ["Nell Avery"])
        #expect(planned.previousEnding?.label == fromSession.previousEnding?.label)
        #expect(planned.previousEnding?.text == fromSession.previousEnding?.text)
        #expect(planned.recalls == fromSession.recalls)
        #expect(planned.bible == fromSession.bible)
        #expect(planned.labels == fromSession.labels)
        // What is sent is the same, byte for byte.
        #expect(try ContextBuilder.build(planned) == ContextBuilder.build(fromSession))
        session.close()
    }

    @Test("the headings sent come from context-labels.md: a story's own prompts/ override changes what is sent")
    func storyOverridesLabels() throws {
        let (plain, _, plainConsole, plainTransport) = try sessions.makeSession(answers: ["n"], responses: [.chat(SessionTests.prose)])
        #expect(plain.handle("/open harbour-lights") == .ok, "\(plainConsole.transcript)")
        _ = plain.handle("/expand chapter 2")
        let plainBody = try #require(plainTransport.requestBodies.first)
        #expect(plainBody.contains("[Outline]"))
        plain.close()

        let (session, fs, console, transport) = try sessions.makeSession(answers: ["n"], responses: [.chat(SessionTests.prose)])
        try fs.writeAtomically("/stories/harbour-lights/prompts/context-labels.md", "outline: \"== The plan ==\"\n")
        #expect(session.handle("/open harbour-lights") == .ok, "\(console.transcript)")
        _ = session.handle("/expand chapter 2")
        let body = try #require(transport.requestBodies.first)
        #expect(body.contains("== The plan =="))
        #expect(!body.contains("[Outline]"))
        // Labels the override leaves out keep their defaults; the rest of the request is unchanged.
        #expect(body.replacingOccurrences(of: "== The plan ==", with: "[Outline]") == plainBody)
        session.close()
    }

    @Test("the compiled-in labels give the headings the builder always sent, in both languages")
    func builtinLabels() {
        let zh = ContextLabels.builtin(.zh)
        #expect(zh.text("bible") == "【相关设定】")
        #expect(zh.text("bible-kind", ["kind": "人物"]) == "（人物）")
        #expect(zh.text("chapter-summary", ["chapter": "3", "title": "雾"]) == "【第3章摘要：雾】")
        #expect(zh.text("author") == "作者")
        let en = ContextLabels.builtin(.en)
        #expect(en.text("bible-kind", ["kind": "place"]) == " (place)")
        #expect(en.text("bible-aliases", ["aliases": "A" + en.text("alias-separator") + "B"]) == ", also: A, B")
        #expect(en.text("summary-separator") == ": ")
        #expect(en.text("co-writer") == "Co-writer")
        #expect(ContextLabels.parse("outline: X\nnot a label\n", over: en).text("bible") == "[Story bible]")
    }
}
