import Foundation
import Testing

/// A writer's day (issue 21): undo of the writer's own edits, a history that never drops an entry,
/// web-novel text, continuing mid-sentence, paragraph ranges, questions that ask again, volumes, titles.
@Suite(.serialized)
struct WritersDayTests {
    static let chapter = "---\ntitle: 旧信\nstatus: draft\n---\n\n第一段。\n\n第二段。\n\n第三段。\n"

    func story(_ tmp: TempDir, _ server: FakeServer, chapter: String = Self.chapter, outline: String? = nil) throws -> [String: String] {
        try tmp.write("stories/s/story.yaml", "title: 雾港来信\nlanguage: zh\nchapter_length: 1200\n")
        try tmp.write("stories/s/outline.md", outline ?? "# 雾港来信\n\n## 第一章 旧信\n- 信\n\n## 第二章 邮差\n- 邮局\n")
        try tmp.write("stories/s/chapters/001-旧信.md", chapter)
        return ["NOVELIST_STORIES_DIR": tmp.file("stories"), "NOVELIST_MODEL": "m", "OPENAI_BASE_URL": server.baseURL]
    }

    @Test func undoAsksBeforeUndoingTheWritersOwnEditAndNothingIsDroppedFromTheHistory() throws {
        let tmp = try TempDir()
        let server = try FakeServer(rules: [["match": "改成乙", "reply": "乙的第一段。"]], defaultReply: "新的第一段。")
        defer { server.stop() }
        let env = try story(tmp, server)
        let path = "stories/s/chapters/001-旧信.md"
        var r = try runNovelist(input: "/rewrite chapter 1 §1 x\ny\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        // The writer appends a paragraph in another editor.
        try tmp.write(path, try #require(tmp.read(path)) + "\n我自己写的一段。\n")
        r = try runNovelist(input: "/undo\nn\n", environment: env, cwd: tmp.path)
        #expect(r.stderr.contains("The latest change is your own edit to Chapter 1 (chapters/001-旧信.md) +7 字 −0 字: undo it?"), "\(r.all)")
        #expect(tmp.read(path)?.contains("我自己写的一段。") == true, "answering n keeps the writer's edit")
        r = try runNovelist(input: "/undo\ny\n/rewrite chapter 1 §1 改成乙\ny\n/history\n/history --all\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(tmp.read(path)?.contains("我自己写的一段。") == false)
        #expect(r.stderr.contains("1 changes left behind by later ones are not listed; /history --all shows them."), "\(r.all)")
        let all = r.stdout.split(separator: "\n").filter { $0.hasPrefix("×") }
        #expect(all.count == 1 && all[0].contains("edited outside novelist (outside)"), "\(r.stdout)")
        r = try runNovelist(input: "/undo --to 2\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(r.stderr.contains("Brought back change 2"), "\(r.all)")
        #expect(tmp.read(path)?.contains("我自己写的一段。") == true, "the abandoned outside edit is reachable")
        r = try runNovelist(input: "/undo\n/undo --to 1\n", environment: env, cwd: tmp.path)
        #expect(r.status == 0, "\(r.all)")
        #expect(tmp.read(path)?.hasSuffix("\n\n新的第一段。\n\n第二段。\n\n第三段。\n") == true, "\(tmp.read(path) ?? "")")
    }
}
