import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

@Suite("Error messages")
struct NovelistErrorTests {
    static let all: [NovelistError] = [
        .noStoryOpen,
        .storyNotFound("x", available: []),
        .storyNotFound("x", available: ["雾港来信", "my-story"]),
        .storyExists("雾港来信"),
        .badName("../x", reason: "it contains / or \\"),
        .chapterNotInOutline(4, available: []),
        .chapterNotInOutline(4, available: [1, 2, 3, 5]),
        .notANumber("abc"),
        .usage(command: "expand", usage: "/expand chapter <N> [guidance]"),
        .unknownCommand("expnd", suggestion: "expand"),
        .unknownCommand("zzz", suggestion: nil),
        .badFrontMatter(file: "s/chapters/001.md", line: 3, detail: "mapping values are not allowed"),
        .badStoryFile(file: "s/story.yaml", detail: "the file is missing"),
        .io(path: "/tmp/x", errno: EACCES),
        .fileFailed(path: "/tmp/x", detail: "short write"),
        .template(name: "zh/expand.md", detail: "no such template"),
        .nothingToExport,
        .noModel,
        .readOnly(holder: 4242),
        .readOnly(holder: nil),
        .changedOutside(path: "s/outline.md"),
        .nothingToUndo,
        .nothingToRedo
    ]

    @Test("no message is empty, and description is the message", arguments: all)
    func nonEmpty(error: NovelistError) {
        #expect(!error.message.trimmingWhitespace().isEmpty)
        #expect(error.description == error.message)
    }

    @Test("chapterNotInOutline lists the outline's chapters as ranges")
    func chapterRanges() {
        let message = NovelistError.chapterNotInOutline(4, available: [1, 2, 3, 5]).message
        #expect(message.contains("Chapter 4"))
        #expect(message.contains("1-3, 5"))
        let empty = NovelistError.chapterNotInOutline(4, available: []).message
        #expect(empty.contains("## 第4章 标题"))
        #expect(empty.contains("## Chapter 4: Title"))
    }

    @Test(
        "ranges",
        arguments: [
            ([], ""), ([1], "1"), ([1, 2, 3, 5], "1-3, 5"), ([5, 1, 3, 2, 9, 8, 7], "1-3, 5, 7-9"), ([2, 2, 3, 3], "2-3"),
            ([1, 3, 5], "1, 3, 5")
        ])
    func ranges(numbers: [Int], text: String) {
        #expect(NovelistError.ranges(numbers) == text)
    }

    @Test("messages name what the writer needs")
    func specifics() {
        #expect(NovelistError.unknownCommand("expnd", suggestion: "expand").message.contains("Did you mean /expand?"))
        #expect(!NovelistError.unknownCommand("zzz", suggestion: nil).message.contains("Did you mean"))
        #expect(NovelistError.badFrontMatter(file: "s/chapters/001.md", line: 3, detail: "d").message.contains("s/chapters/001.md, line 3"))
        #expect(NovelistError.storyNotFound("x", available: ["a", "b"]).message.contains("a, b"))
        #expect(NovelistError.readOnly(holder: 4242).message.contains("4242"))
        #expect(NovelistError.changedOutside(path: "s/outline.md").message.contains("s/outline.md"))
        let long = String(repeating: "长", count: 200)
        #expect(NovelistError.badName(long, reason: "too long").message.count < 120, "a long name is cut in the message")
    }

    @Test("settings error messages are not empty")
    func settingsErrors() {
        let errors: [SettingsError] = [
            .unknownProvider("x"), .badNumber(variable: "V", value: "v"), .badBaseURL("ftp://x"), .badHeaders("h")
        ]
        for e in errors { #expect(!e.description.isEmpty) }
        #expect(SettingsError.badHeaders(String(repeating: "k", count: 100)).description.count < 150)
    }
}
