import Foundation
import NovelistTesting
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

@Suite("Prompt library")
struct PromptLibraryTests {
    let fs = LocalFileSystem()

    func write(_ path: String, _ text: String) throws {
        try fs.writeAtomically(path, text)
    }

    @Test("renders a template from the prompts folder")
    func rendersFromFolder() throws {
        try withTemporaryDirectory { dir in
            try write("\(dir)/prompts/zh/expand.md", "请写{{{chapter_label}}}「{{{chapter_title}}}」。\n\n大纲：\n{{{chapter_beats}}}\n")
            let library = PromptLibrary(fs: fs, directory: "\(dir)/prompts")
            let (_, source) = try library.template("expand", language: .zh, story: nil)
            #expect(source == "\(dir)/prompts/zh/expand.md")
            let text = try library.render(
                "expand", language: .zh, story: nil,
                variables: [
                    "chapter_label": "第三章", "chapter_title": "旧信", "chapter_beats": "- 林晚读信。"
                ])
            #expect(text == "请写第三章「旧信」。\n\n大纲：\n- 林晚读信。")
        }
    }

    @Test("a story's own prompts/<name>.md wins over the prompts folder")
    func storyOverride() throws {
        try withTemporaryDirectory { dir in
            try write("\(dir)/prompts/zh/expand.md", "shared {{{x}}}")
            try write("\(dir)/stories/雾港来信/prompts/expand.md", "本书专用 {{{x}}}")
            let library = PromptLibrary(fs: fs, directory: "\(dir)/prompts")
            let story = StoryWorkspace(fs: fs, root: "\(dir)/stories/雾港来信")
            #expect(try library.render("expand", language: .zh, story: story, variables: ["x": "1"]) == "本书专用 1")
            #expect(try library.template("expand", language: .zh, story: story).source == "雾港来信/prompts/expand.md")
            // Other templates still come from the shared folder.
            let other = StoryWorkspace(fs: fs, root: "\(dir)/stories/另一本")
            #expect(try library.render("expand", language: .zh, story: other, variables: ["x": "2"]) == "shared 2")
        }
    }

    @Test("the language picks the folder")
    func languageFolder() throws {
        try withTemporaryDirectory { dir in
            try write("\(dir)/prompts/zh/chat.md", "中文")
            try write("\(dir)/prompts/en/chat.md", "English")
            let library = PromptLibrary(fs: fs, directory: "\(dir)/prompts")
            #expect(try library.render("chat", language: .zh, story: nil, variables: [:]) == "中文")
            #expect(try library.render("chat", language: .en, story: nil, variables: [:]) == "English")
        }
    }

    @Test("empty variables hide {{#x}}…{{/x}} sections and leave no run of blank lines")
    func emptySectionsHidden() throws {
        let template =
            "开头。\n\n{{#guidance}}\n作者的要求：{{{guidance}}}\n{{/guidance}}\n\n{{#previous_ending}}\n上一章：{{{previous_ending}}}\n{{/previous_ending}}\n\n结尾。"
        let hidden = try PromptLibrary.render(template, source: "t", variables: ["guidance": "", "previous_ending": "  \n "])
        #expect(!hidden.contains("作者的要求"))
        #expect(!hidden.contains("上一章"))
        #expect(!hidden.contains("\n\n\n"))
        #expect(hidden.hasPrefix("开头。") && hidden.hasSuffix("结尾。"))
        let shown = try PromptLibrary.render(template, source: "t", variables: ["guidance": "更紧张", "previous_ending": "雾散了。"])
        #expect(shown.contains("作者的要求：更紧张"))
        #expect(shown.contains("上一章：雾散了。"))
    }

    @Test("triple mustaches keep < and & as they are; double mustaches escape them")
    func tripleMustache() throws {
        let value = "<b>Tom & Jerry</b> \"引号\""
        #expect(try PromptLibrary.render("{{{x}}}", source: "t", variables: ["x": value]) == value)
        let escaped = try PromptLibrary.render("{{x}}", source: "t", variables: ["x": value])
        #expect(escaped != value)
        #expect(!escaped.contains("<b>"))
        #expect(escaped.contains("&amp;") || escaped.contains("&#38;"))
    }

    @Test("a missing template falls back to the built-in one")
    func builtinFallback() throws {
        try withTemporaryDirectory { dir in
            let library = PromptLibrary(fs: fs, directory: "\(dir)/no-such-prompts")
            let (_, source) = try library.template("expand", language: .zh, story: nil)
            #expect(source == "built-in zh/expand")
            let text = try library.render(
                "expand", language: .zh, story: nil,
                variables: [
                    "chapter_label": "第三章", "chapter_title": "旧信", "chapter_beats": "- 读信", "length_target": "3000", "length_unit": "字"
                ])
            #expect(text.contains("第三章「旧信」"))
            #expect(text.contains("篇幅约 3000 字"))
            #expect(!text.contains("作者的要求"), "no guidance, no guidance section")
        }
        let noDirectory = PromptLibrary(fs: fs, directory: nil)
        #expect(try noDirectory.template("system", language: .en, story: nil).source == "built-in en/system")
    }

    @Test(
        "every built-in template renders without leftover tags",
        arguments: ["system", "brainstorm", "expand", "continue", "rewrite", "summarize", "check", "style"], [StoryLanguage.zh, .en])
    func builtinsRender(name: String, language: StoryLanguage) throws {
        let text = try #require(BuiltinPrompts.text(name, language))
        let variables = [
            "title": "T", "genre": "G", "logline": "L", "style": "S", "outline": "O", "chapter_label": "C",
            "chapter_title": "CT", "chapter_beats": "B", "previous_ending": "P", "length_target": "1", "length_unit": "u",
            "guidance": "GU"
        ]
        let rendered = try PromptLibrary.render(text, source: "built-in", variables: variables)
        #expect(!rendered.contains("{{"))
        #expect(!rendered.contains("}}"))
        #expect(!rendered.isEmpty)
    }

    @Test("an unknown template with no built-in is a template error")
    func unknownTemplate() {
        let library = PromptLibrary(fs: fs, directory: nil)
        #expect(throws: NovelistError.template(name: "zh/nonexistent.md", detail: "no such template")) {
            try library.template("nonexistent", language: .zh, story: nil)
        }
    }

    @Test("a broken template is a template error naming its source")
    func brokenTemplate() throws {
        let error = #expect(throws: NovelistError.self) {
            try PromptLibrary.render("开头 {{#a}} 没有结束", source: "prompts/zh/expand.md", variables: ["a": "1"])
        }
        guard case .template(let name, let detail)? = error else {
            Issue.record("expected a template error, got \(String(describing: error))")
            return
        }
        #expect(name == "prompts/zh/expand.md")
        #expect(!detail.isEmpty)

        try withTemporaryDirectory { dir in
            try write("\(dir)/stories/s/prompts/expand.md", "{{#a}}unclosed")
            let library = PromptLibrary(fs: fs, directory: nil)
            let story = StoryWorkspace(fs: fs, root: "\(dir)/stories/s")
            let error = #expect(throws: NovelistError.self) {
                try library.render("expand", language: .zh, story: story, variables: [:])
            }
            guard case .template(let name, _)? = error else {
                Issue.record("expected a template error, got \(String(describing: error))")
                return
            }
            #expect(name == "s/prompts/expand.md")
        }
    }

    @Test("collapseBlankLines keeps at most one blank line")
    func collapse() {
        #expect(PromptLibrary.collapseBlankLines("a\n\n\n\nb\n \n\t\nc") == "a\n\nb\n\nc")
    }

    @Test("every template in prompts/ is compiled in, byte for byte (run `make prompts` after editing one)")
    func compiledInMatchesSource() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for language in StoryLanguage.allCases {
            let folder = root.appendingPathComponent("prompts/\(language.rawValue)")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted()
            #expect(files.map { String($0.dropLast(3)) } == BuiltinPrompts.names(language))
            for file in files {
                let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                #expect(
                    BuiltinPrompts.text(String(file.dropLast(3)), language) == source,
                    "\(language.rawValue)/\(file) differs from its compiled-in copy")
            }
        }
    }

    @Test(
        "overrides: the story's prompts/, then NOVELIST_PROMPTS_DIR, then $XDG_CONFIG_HOME/novelist/prompts, then the compiled-in default")
    func overrideOrder() throws {
        try withTemporaryDirectory { dir in
            let dirs = PromptLibrary.overrideDirectories(environment: [
                "NOVELIST_PROMPTS_DIR": "\(dir)/p", "XDG_CONFIG_HOME": "\(dir)/cfg", "HOME": "/nonexistent"
            ])
            #expect(dirs == ["\(dir)/p", "\(dir)/cfg/novelist/prompts"])
            #expect(PromptLibrary.overrideDirectories(environment: ["HOME": "/home/w"]) == ["/home/w/.config/novelist/prompts"])
            let library = PromptLibrary(fs: fs, directories: dirs)
            #expect(try library.template("check", language: .en, story: nil).source == "built-in en/check")
            try write("\(dir)/cfg/novelist/prompts/en/check.md", "xdg")
            #expect(try library.render("check", language: .en, story: nil, variables: [:]) == "xdg")
            try write("\(dir)/p/en/check.md", "env")
            #expect(try library.render("check", language: .en, story: nil, variables: [:]) == "env")
            try write("\(dir)/stories/s/prompts/check.md", "story")
            let story = StoryWorkspace(fs: fs, root: "\(dir)/stories/s")
            #expect(try library.render("check", language: .en, story: story, variables: [:]) == "story")
        }
    }

    @Test("the texts moved out of the code render from the compiled-in templates, in both languages")
    func movedPromptsRender() throws {
        let library = PromptLibrary(fs: InMemoryFileSystem(), directories: [])
        let expected: [(String, StoryLanguage, String)] = [
            ("finish-reply", .zh, "你的回答在中途被截断了。请从被截断的地方直接接着写，不要重复已经写出的内容，也不要加任何说明。"),
            (
                "finish-reply", .en,
                "Your reply was cut off. Continue exactly where it stopped, without repeating anything already written and without any comment."
            ),
            ("conversation-summary", .zh, "下面是作者与写作搭档此前的对话。请用不超过 300 字概括其中的决定、想法和尚未解决的问题，保留人名地名，只输出摘要。"),
            (
                "conversation-summary", .en,
                "Below is the earlier conversation between the author and their co-writer. Summarise its decisions, ideas and open questions in at most 200 words, keeping every name; output only the summary."
            )
        ]
        for (name, language, text) in expected {
            #expect(try library.render(name, language: language, story: nil, variables: [:]) == text, "\(language)/\(name)")
        }
        let planted = ["title": "铜钥匙的来历", "planted": "3"]
        #expect(try library.render("thread-heading", language: .zh, story: nil, variables: planted) == "【伏笔：铜钥匙的来历（第3章埋下）】")
        #expect(try library.render("thread-heading", language: .zh, story: nil, variables: ["title": "沉船"]) == "【伏笔：沉船】")
        #expect(
            try library.render("thread-heading", language: .en, story: nil, variables: ["title": "The key", "planted": "3"])
                == "[Thread: The key (planted in chapter 3)]")
        #expect(try library.render("thread-heading", language: .en, story: nil, variables: ["title": "The wreck"]) == "[Thread: The wreck]")
    }
}
