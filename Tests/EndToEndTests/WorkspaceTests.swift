import Foundation
import Testing

/// The story workspace through the real binary: history and undo across restarts, renumbering,
/// outside edits, the writer lock, the editor, and bad input that changes nothing.
@Suite(.serialized)
struct WorkspaceTests {
    static let outline = "# 测试\n\n## 第一章 开端\n- 信\n\n## 第二章 归乡\n- 渡轮\n\n## 第3章 灯塔\n- 钟声\n"

    func story(_ tmp: TempDir) throws -> [String: String] {
        try tmp.write("stories/s/story.yaml", "title: 测试\nlanguage: zh\nchapter_length: 2000\n")
        try tmp.write("stories/s/outline.md", Self.outline)
        try tmp.write("stories/s/chapters/001-开端.md", "---\ntitle: 开端\nstatus: draft\n---\n\n第一章的正文。\n")
        try tmp.write("stories/s/chapters/002-归乡.md", "---\ntitle: 归乡\nstatus: draft\n---\n\n第二章的正文。\n")
        return ["NOVELIST_STORIES_DIR": tmp.file("stories"), "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"]
    }

    @Test func undoAndRedoSurviveARestart() throws {
        let tmp = try TempDir()
        let env = try story(tmp)
        let original = tmp.snapshot()
        let r1 = try runNovelist(input: "/chapter move 1 2\n", environment: env, cwd: tmp.path)
        #expect(r1.status == 0, "\(r1.all)")
        #expect(tmp.read("stories/s/chapters/002-开端.md")?.contains("第一章的正文。") == true)
        #expect(tmp.read("stories/s/chapters/001-归乡.md")?.contains("第二章的正文。") == true)
        let moved = try #require(tmp.read("stories/s/outline.md"))
        #expect(moved.contains("## 第一章 归乡\n- 渡轮\n\n## 第二章 开端\n- 信"), "\(moved)")
        #expect(moved.contains("## 第3章 灯塔"), "an Arabic-numeral heading keeps its style")

        // A new process: the history is on disk.
        let r2 = try runNovelist(input: "/history\n/undo\n", environment: env, cwd: tmp.path)
        #expect(r2.status == 0, "\(r2.all)")
        #expect(r2.stdout.contains("move chapter 1 to 2"))
        var after = tmp.snapshot().filter { !$0.key.contains("/.novelist/") }
        #expect(after == original.filter { !$0.key.contains("/.novelist/") }, "undo restores every file exactly")

        let r3 = try runNovelist(input: "/redo\n", environment: env, cwd: tmp.path)
        #expect(r3.status == 0, "\(r3.all)")
        #expect(tmp.read("stories/s/chapters/002-开端.md") != nil)
        after = tmp.snapshot()
        #expect(after["stories/s/chapters/001-开端.md"] == nil)
    }

    @Test func deletingAChapterIsUndoableAndRenumbers() throws {
        let tmp = try TempDir()
        let env = try story(tmp)
        let r = try runNovelist(input: "/chapter delete 1\ny\n/chapters\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("Delete chapter 1 (6 字)?"))
        #expect(tmp.read("stories/s/chapters/001-归乡.md")?.contains("第二章的正文。") == true)
        let outline = try #require(tmp.read("stories/s/outline.md"))
        #expect(!outline.contains("开端"))
        #expect(outline.contains("## 第一章 归乡"))
        #expect(outline.contains("## 第2章 灯塔"))
        let u = try runNovelist(input: "/undo\n", environment: env, cwd: tmp.path)
        #expect(u.status == 0)
        #expect(tmp.read("stories/s/chapters/001-开端.md")?.contains("第一章的正文。") == true)
        #expect(tmp.read("stories/s/outline.md") == Self.outline)
    }

    @Test func addAndRenameKeepFilesAndOutlineConsistent() throws {
        let tmp = try TempDir()
        let env = try story(tmp)
        let r = try runNovelist(input: "/chapter add 插曲 after 1\n/chapter rename 3 回家\n/chapters\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        let outline = try #require(tmp.read("stories/s/outline.md"))
        #expect(outline.contains("## 第一章 开端"))
        #expect(outline.contains("## 第二章 插曲"))
        #expect(outline.contains("## 第三章 回家\n- 渡轮"))
        #expect(outline.contains("## 第4章 灯塔"))
        #expect(tmp.read("stories/s/chapters/002-插曲.md")?.contains("status: outline") == true)
        let renamed = try #require(tmp.read("stories/s/chapters/003-回家.md"))
        #expect(renamed.contains("title: 回家"))
        #expect(renamed.contains("第二章的正文。"))
        #expect(tmp.read("stories/s/chapters/002-归乡.md") == nil)
    }

    @Test func anOutsideEditIsNoticedRecordedAndNeverOverwritten() throws {
        let tmp = try TempDir()
        let env = try story(tmp)
        _ = try runNovelist(input: "/chapters\n", environment: env, cwd: tmp.path)  // novelist has seen the files
        try tmp.write("stories/s/chapters/001-开端.md", "---\ntitle: 开端\nstatus: draft\n---\n\n第一章的正文。作者在编辑器里加了一句。\n")
        let r = try runNovelist(input: "/history\n/undo\ny\n", environment: env, cwd: tmp.path)  // the writer's own edit: asked first
        #expect(r.stderr.contains("Chapter 1 (chapters/001-开端.md) changed outside novelist: +11 字"), "\(r.all)")
        #expect(r.stdout.contains("edited outside novelist"))
        #expect(tmp.read("stories/s/chapters/001-开端.md")?.contains("作者在编辑器里") == false, "undo brings back the version novelist knew")
        let redo = try runNovelist(input: "/redo\n", environment: env, cwd: tmp.path)
        #expect(redo.status == 0)
        #expect(tmp.read("stories/s/chapters/001-开端.md")?.contains("作者在编辑器里") == true, "the outside edit is kept in history")
    }

    @Test func aSecondNovelistOpensReadOnlyAndAStaleLockIsTakenOver() throws {
        let tmp = try TempDir()
        let env = try story(tmp)
        let first = try NovelistProcess(arguments: [], environment: env, cwd: tmp.path)
        #expect(first.waitFor("Opened 测试"))
        let before = tmp.snapshot()
        let second = try runNovelist(input: "/chapter delete 1\ny\n", environment: env, cwd: tmp.path)
        #expect(second.stderr.contains("open in another novelist (process \(first.process.processIdentifier))"), "\(second.all)")
        #expect(second.status == 1)
        #expect(tmp.snapshot() == before, "a read-only session writes nothing")
        _ = first.finish()
        // A lock left by a process that is gone is taken over.
        try tmp.write("stories/s/.novelist/lock", "999999\n")
        let third = try runNovelist(input: "/chapter rename 1 新名字\n", environment: env, cwd: tmp.path)
        #expect(third.status == 0, "\(third.all)")
        #expect(tmp.read("stories/s/chapters/001-新名字.md") != nil)
        // The lock is flock(2): the file stays (removing it would race), emptied of its holder, and free.
        #expect((tmp.read("stories/s/.novelist/lock") ?? "").isEmpty, "the lock is released at exit")
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        probe.arguments = ["-n", "-x", tmp.file("stories/s/.novelist/lock"), "true"]
        try probe.run()
        probe.waitUntilExit()
        #expect(probe.terminationStatus == 0, "nobody holds the lock after exit")
    }

    @Test func editingInTheEditorIsRecorded() throws {
        let tmp = try TempDir()
        var env = try story(tmp)
        env["EDITOR"] = "sed -i s/第一章的正文/改过的正文/"
        let r = try runNovelist(input: "/chapter edit 1\n/undo\n/redo\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(tmp.read("stories/s/chapters/001-开端.md")?.contains("改过的正文") == true)
        env["EDITOR"] = "false"
        let failed = try runNovelist(input: "/outline edit\n", environment: env, cwd: tmp.path)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("did not exit cleanly"))
        #expect(tmp.read("stories/s/outline.md") == Self.outline)
    }

    @Test(arguments: [
        ("/chapter move 1 9\n", "There is no chapter 9: the chapters are 1-3."),
        ("/chapter delete 7\n", "There is no chapter 7: the chapters are 1-3."),
        // A title is text (`24/7`, `../x` only make a file-name slug); one that is too long is refused.
        ("/chapter rename 1 " + String(repeating: "长", count: 101) + "\n", "cannot be used as a name"),
        ("/chapter add " + String(repeating: "长", count: 101) + "\n", "cannot be used as a name"),
        ("/chapter 5\n", "There is no chapter 5"),
        ("/bible add character ../x\n", "cannot be used as a name"),
        ("/bible nobody\n", "There is no bible entry 'nobody'"),
        ("/undo\n", "There is nothing to undo")
    ])
    func badInputChangesNothing(input: String, message: String) throws {
        let tmp = try TempDir()
        let env = try story(tmp)
        _ = try runNovelist(input: "/chapters\n", environment: env, cwd: tmp.path)
        let before = tmp.snapshot()
        let r = try runNovelist(input: input, environment: env, cwd: tmp.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(tmp.snapshot() == before)
    }

    @Test func aStoryYamlThatDoesNotParseSaysFileAndProblem() throws {
        let tmp = try TempDir()
        let env = try story(tmp)
        try tmp.write("stories/s/chapters/002-归乡.md", "---\ntitle: [unclosed\n---\n\ntext\n")
        let r = try runNovelist(input: "/chapters\n", environment: env, cwd: tmp.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("s/chapters/002-归乡.md, line"), "\(r.stderr)")
    }
}
