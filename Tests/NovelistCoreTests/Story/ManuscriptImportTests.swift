import Testing

@testable import NovelistStory
@testable import NovelistText

@Suite("Manuscript import and lint (issue 17)")
struct ManuscriptImportTests {
    @Test func headingsInTheStylesWritersUse() {
        #expect(ManuscriptSplitter.heading("第3章 旧信") == .chapter(3, "旧信"))
        #expect(ManuscriptSplitter.heading("　　第三章：旧信") == .chapter(3, "旧信"))
        #expect(ManuscriptSplitter.heading("Chapter 3: The Letter") == .chapter(3, "The Letter"))
        #expect(ManuscriptSplitter.heading("## 3. The Letter") == .chapter(3, "The Letter"))
        #expect(ManuscriptSplitter.heading("**第十二章 雨**") == .chapter(12, "雨"))
        #expect(ManuscriptSplitter.heading("第二卷 风起") == .volume("第二卷 风起"))
        #expect(ManuscriptSplitter.heading("# Part Two") == .volume("Part Two"))
        // Not headings: a numbered list line, prose that starts like a heading, a sentence.
        #expect(ManuscriptSplitter.heading("3. Buy milk") == nil)
        #expect(ManuscriptSplitter.heading("第三章的时候，他已经走了。") == nil)
        #expect(ManuscriptSplitter.heading("Chapter 3 was the hardest one to write, she said.") == nil)
    }

    @Test func splitKeepsFrontMatterVolumesAndReportsNumbering() {
        let text = "书名\n\n第一卷 起\n卷首语。\n第一章 甲\n一。\n第三章 乙\n二。\n第二卷 承\n第一章 丙\n第一章 丁\n"
        let m = ManuscriptSplitter.split(text)
        #expect(m.language == .zh)
        #expect(m.chapters.map(\.number) == [1, 2, 3, 4])
        #expect(m.chapters.map(\.title) == ["甲", "乙", "丙", "丁"])
        #expect(m.chapters.map(\.volume) == ["第一卷 起", "第一卷 起", "第二卷 承", "第二卷 承"])
        #expect(m.chapters[0].body == "一。")
        #expect(m.chapters[1].body == "二。", "a volume heading does not overwrite the chapter before it")
        #expect(m.front == "书名\n\n第一卷 起\n\n卷首语。")
        #expect(m.gaps == [2])
        #expect(m.duplicates == [1])
        #expect(m.empty == [3, 4])
        let files = ManuscriptSplitter.files(m, title: "书名")
        #expect(files.map(\.path).contains("chapters/002-乙.md"))
        #expect(
            files.first { $0.path == "outline.md" }?.text == "# 书名\n\n# 第一卷 起\n\n## 第一章 甲\n\n## 第二章 乙\n\n# 第二卷 承\n\n## 第三章 丙\n\n## 第四章 丁\n")
    }

    @Test func lintPhrasesWithWildcardsAndOverrides() {
        let patterns = Linter.patterns("# comment\n不是…而是\nA testament to\n\n")
        #expect(patterns.map(\.source) == ["不是…而是", "A testament to"])
        let chapter = LintChapter(
            number: 2, fileText: "---\ntitle: x\n---\n\nIt was a Testament to her will.\n\n这不是雨，而是雪。不是。后来而是\n", target: nil)
        let findings = Linter.lint([chapter], patterns: patterns, language: .en)
        #expect(findings.map(\.kind) == ["phrase", "phrase"])
        #expect(findings.map(\.line) == [5, 7])
        #expect(findings.map(\.text) == ["a Testament to", "不是雨，而是"])
        #expect(findings.map(\.paragraph) == [1, 2])
    }

    @Test func repeatsAcrossChaptersAreFoundOnceEachSideAndNotWithinAChapter() {
        let shared = (1...30).map { "word\($0)" }.joined(separator: " ")
        let a = LintChapter(number: 1, fileText: "Intro here.\n\n\(shared).\n", target: nil)
        let b = LintChapter(number: 2, fileText: "Other start.\n\nMore.\n\n\(shared), and on.\n", target: nil)
        let c = LintChapter(number: 3, fileText: "\(String(shared.prefix(40))) alone.\n", target: nil)
        let findings = Linter.lint([a, b, c], patterns: [], language: .en).filter { $0.kind == "repeat" }
        #expect(findings.map(\.chapter) == [1, 2])
        #expect(findings.map(\.line) == [3, 5])
        #expect(findings[0].message.contains("chapter 2, line 5"))
        #expect(findings[0].text.hasPrefix("word1 word2"))
    }

    @Test func dialogueShareFarFromTheStorysOwn() {
        let narration = LintChapter(number: 1, fileText: "他走了很远的路，天色渐渐暗下来。\n", target: nil)
        let talk = LintChapter(number: 3, fileText: "“你去哪儿？”“回家。”“这么晚？”“嗯，很晚了。”\n", target: nil)
        let findings = Linter.lint(
            [narration, LintChapter(number: 2, fileText: narration.fileText, target: nil), talk], patterns: [], language: .zh)
        #expect(findings.map(\.chapter) == [3])
        #expect(findings.first?.kind == "rhythm")
        #expect(findings.first?.message.contains("median chapter has 0%") == true)
    }

    @Test func lengthAndRhythm() {
        let even = (1...7).map { _ in "他走到门口停下。" }.joined()
        let ch = LintChapter(number: 1, fileText: even + "\n", target: 1000)
        let findings = Linter.lint([ch], patterns: [], language: .zh)
        #expect(findings.map(\.kind).sorted() == ["length", "rhythm"])
        #expect(findings.first { $0.kind == "rhythm" }?.message.contains("7") == true)
        let varied = LintChapter(number: 1, fileText: "短。这是一个长一点的句子。很短。这一句要写得非常非常长才能打破节奏的单调。好。\n", target: 40)
        #expect(Linter.lint([varied], patterns: [], language: .zh).isEmpty)
    }
}

@Suite("Style learn measures (issue 17)")
struct StyleLearnUnitTests {
    @Test func settingStyleChangesOnlyThatEntry() {
        let yaml = "# card\ntitle: T\nstyle: |\n  old line one\n  old line two\nchapter_length: 3000\n"
        #expect(StoryMeta.settingStyle("Short sentences.", in: yaml) == "# card\ntitle: T\nstyle: Short sentences.\nchapter_length: 3000\n")
        #expect(StoryMeta.settingStyle("新: 文风", in: "title: T\n") == "title: T\nstyle: '新: 文风'\n")
    }

    @Test func measuresDialoguePointOfViewAndTense() {
        let m = StyleMeasure.measure(["\"Go,\" she said. She was tired. He had gone.", "She walked home. It was late."], chinese: false)
        #expect(m.paragraphs == 2)
        #expect(m.sentences == 5)
        #expect(m.pointOfView == "third")
        #expect(m.tense == "past")
        #expect(m.dialogueShare > 0 && m.dialogueShare < 20)
        let zh = StyleMeasure.measure(["我走进门。“你好。”我说。"], chinese: true)
        #expect(zh.pointOfView == "" || zh.pointOfView == "first")
        #expect(StyleMeasure.samples(["a", "bb cc", "dd ee ff gg hh ii", "jj kk"], count: 2) == ["bb cc", "jj kk"])
    }
}
