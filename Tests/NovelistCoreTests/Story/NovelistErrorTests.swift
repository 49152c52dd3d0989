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
        .badName("../x", reason: Phrase("it contains / or \\")),
        .chapterNotInOutline(4, available: []),
        .chapterNotInOutline(4, available: [1, 2, 3, 5]),
        .notANumber("abc"),
        .usage(command: "expand", usage: "/expand chapter <N> [guidance]"),
        .unknownCommand("expnd", suggestion: "expand"),
        .unknownCommand("zzz", suggestion: nil),
        .badFrontMatter(file: "s/chapters/001.md", line: 3, detail: Phrase(verbatim: "mapping values are not allowed")),
        .badStoryFile(file: "s/story.yaml", detail: Phrase("the file is missing")),
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
        #expect(
            NovelistError.badFrontMatter(file: "s/chapters/001.md", line: 3, detail: Phrase(verbatim: "d")).message.contains(
                "s/chapters/001.md, line 3"))
        #expect(NovelistError.storyNotFound("x", available: ["a", "b"]).message.contains("a, b"))
        #expect(NovelistError.readOnly(holder: 4242).message.contains("4242"))
        #expect(NovelistError.changedOutside(path: "s/outline.md").message.contains("s/outline.md"))
        let long = String(repeating: "长", count: 200)
        #expect(NovelistError.badName(long, reason: Phrase(verbatim: "too long")).message.count < 120, "a long name is cut in the message")
    }

    @Test("a system error is kept as its errno and said by what it means (issue 14)")
    func systemErrors() {
        let full = NovelistError.io(path: "s/chapters/001.md", errno: ENOSPC)
        #expect(
            Messages.$scoped.withValue(.en) { full.message }
                == "Could not write s/chapters/001.md: the disk is full (No space left on device). Nothing was changed; free some space and try again."
        )
        #expect(
            Messages.$scoped.withValue(.zh) { full.message }
                == "无法写入 s/chapters/001.md：磁盘已满（No space left on device）。未做任何改动；请腾出一些空间后再试。")
        let denied = NovelistError.io(path: "s/outline.md", errno: EACCES)
        #expect(
            Messages.$scoped.withValue(.en) { denied.message }
                == "Could not access s/outline.md: permission denied (Permission denied). Nothing was changed; check the permissions of the file and its folder (ls -l)."
        )
        #expect(Messages.$scoped.withValue(.zh) { denied.message }.contains("权限不足"))
        let readOnly = NovelistError.io(path: "s/outline.md", errno: EROFS)
        #expect(Messages.$scoped.withValue(.en) { readOnly.message }.contains("the file system is read-only (Read-only file system)"))
        #expect(Messages.$scoped.withValue(.zh) { readOnly.message }.contains("文件系统是只读的"))
        // Any other errno reads as before: the system's own words.
        #expect(
            Messages.$scoped.withValue(.en) { NovelistError.io(path: "/tmp/x", errno: ENOENT).message }
                == "Could not access /tmp/x: No such file or directory. Nothing was changed.")
        #expect(NovelistError.io(path: "a", errno: ENOSPC) != NovelistError.io(path: "a", errno: EACCES), "callers can tell them apart")
    }

    @Test("a write on a full disk throws its errno, and the message says the disk is full")
    func fullDisk() throws {
        try #require(FileManager.default.fileExists(atPath: "/dev/full"))
        let error = #expect(throws: NovelistError.self) { try LocalFileSystem().append("/dev/full", "a line\n") }
        #expect(error == .io(path: "/dev/full", errno: ENOSPC))
        #expect(Messages.$scoped.withValue(.en) { error?.message ?? "" }.contains("the disk is full"))
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
