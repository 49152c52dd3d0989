import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// Regression tests for problems an independent review found.
struct ReviewFixesTests {
    func settings(key: String?, headers: [String: String] = [:]) throws -> Settings {
        var env = ["OPENAI_BASE_URL": "https://api.example.com/v1"]
        if let key { env["OPENAI_API_KEY"] = key }
        var s = try SettingsResolver.resolve(flags: [:], environment: env, dotenv: [:])
        s.headers = headers
        return s
    }

    @Test func serverTextThatEchoesTheKeyIsRedacted() throws {
        let client = ChatClient(
            settings: try settings(key: "sk-secret-canary-0123456789", headers: ["X-Team-Token": "tok-abcdefgh9876"]),
            transport: CurlTransport())
        let redacted = client.redact("bad key: Bearer sk-secret-canary-0123456789 and tok-abcdefgh9876")
        #expect(!redacted.contains("sk-secret-canary"))
        #expect(!redacted.contains("tok-abcdefgh"))
        #expect(redacted.contains("…6789"))
    }

    @Test func credentialsInTheBaseURLAreRefusedAndHeaderValuesNotEchoed() {
        #expect(throws: SettingsError.credentialsInURL) {
            try SettingsResolver.resolve(
                flags: ["OPENAI_BASE_URL": "https://user:sk-123@api.example.com/v1"], environment: [:], dotenv: [:])
        }
        #expect(!SettingsError.badHeaders("X-Api-Key sk-should-not-show").description.contains("sk-should-not-show"))
    }

    @Test func aFileThatIsNotUTF8IsRefusedNotGarbled() throws {
        try withTemporaryDirectory { root in
            let path = root + "/gb.md"
            // "雾港" in GB18030.
            FileManager.default.createFile(atPath: path, contents: Data([0xCE, 0xED, 0xB8, 0xDB, 0x0A]))
            #expect(throws: NovelistError.self) { try LocalFileSystem().read(path) }
            #expect(FileManager.default.contents(atPath: path) == Data([0xCE, 0xED, 0xB8, 0xDB, 0x0A]))
        }
    }

    @Test func oneChangeCannotNameAFileTwice() throws {
        try withTemporaryDirectory { root in
            try writeFiles(["story.yaml": "title: T\nlanguage: zh\n", "outline.md": "x\n"], under: root)
            let store = try StoryStore(workspace: StoryWorkspace(fs: LocalFileSystem(), root: root), pid: 1, isAlive: { _ in false })
            _ = try store.noticeOutsideEdits()
            #expect(throws: NovelistError.self) {
                try store.apply(Phrase("twice"), [FileEdit("outline.md", "a\n"), FileEdit("outline.md", "b\n")])
            }
            #expect(try LocalFileSystem().read(root + "/outline.md") == "x\n")
            #expect(store.history.entries.isEmpty)
        }
    }

    @Test func hugeChapterNumbersAreNotChapters() {
        #expect(OutlineParser.parseChapterHeading("9223372036854775807. X") == nil)
        #expect(OutlineParser.parseChapterHeading("99999. X")?.0 == 99_999)
        #expect(ChapterFile.number(fromFileName: "9999999999-x.md") == nil)
    }

    @Test func endOfTurnReasonsOtherThanStopAreComplete() {
        #expect(StreamEnding.finished("eos").isComplete)
        #expect(StreamEnding.finished("end_turn").isComplete)
        #expect(!StreamEnding.finished("length").isComplete)
        #expect(!StreamEnding.cancelled.isComplete)
    }
}

struct AllOrNothingTests {
    @Test func aFailureInTheMiddleOfAMultiFileChangeChangesNothing() throws {
        try withTemporaryDirectory { root in
            try writeFiles(["story.yaml": "title: T\nlanguage: zh\n", "outline.md": "old outline\n"], under: root)
            // "bible" is a file, so writing bible/林晚.md fails after outline.md was written.
            FileManager.default.createFile(atPath: root + "/bible", contents: Data("not a folder".utf8))
            let store = try StoryStore(workspace: StoryWorkspace(fs: LocalFileSystem(), root: root), pid: 1, isAlive: { _ in false })
            _ = try store.noticeOutsideEdits()
            #expect(throws: NovelistError.self) {
                try store.apply(Phrase("two files"), [FileEdit("outline.md", "new outline\n"), FileEdit("bible/林晚.md", "entry\n")])
            }
            #expect(try LocalFileSystem().read(root + "/outline.md") == "old outline\n", "the first file is put back")
            #expect(store.history.entries.isEmpty, "no history entry for a change that did not happen")
            #expect(try store.undo() == nil)
        }
    }

    @Test func disclosureSharesAddUpToAHundred() {
        var report = ProvenanceReport(paragraphs: [])
        report.modelLength = 1
        report.editedLength = 1
        report.writerLength = 1
        let s = report.shares
        #expect(s.model + s.edited + s.writer == 100, "\(s)")
        #expect(report.share(1) * 3 == 99 || report.share(1) * 3 == 102, "rounding each share alone does not add up")
    }

    @Test func webNovelParagraphsAndMidSentenceContinuation() {
        #expect(
            Paragraphs.split("　　一。\n　　二。\n\n　　三。\n　　四。").paragraphs.count == 4, "indented lines are paragraphs even between blank lines")
        #expect(Paragraphs.split("他说。\n她笑了。\n\n第三段。").paragraphs == ["他说。", "她笑了。", "第三段。"], "single newlines between CJK paragraphs")
        #expect(
            Paragraphs.split("A line\nwrapped.\n\nB.").paragraphs == ["A line\nwrapped.", "B."], "English soft wraps stay one paragraph")
        #expect(ProseFormat.detect("　　一。\n　　二。") == ProseFormat(separator: "\n", indent: "　　"))
        #expect(Continuation.append("他穿着雨衣。", to: "门外站着一个人，") == "门外站着一个人，他穿着雨衣。")
        #expect(Continuation.append("and then left.", to: "He waited") == "He waited and then left.")
        #expect(Continuation.append("新段。", to: "　　一。\n　　二。") == "　　一。\n　　二。\n　　新段。")
        #expect(Continuation.append("新段。", to: "一。\n\n二。") == "一。\n\n二。\n\n新段。")
    }
}
