import Mustache

/// The prompt templates: `prompts/<language>/<name>.md`, overridden per story by `<story>/prompts/<name>.md`.
/// Rendered with swift-mustache; variables with empty values are left out so `{{#x}}…{{/x}}` hides them.
public struct PromptLibrary: Sendable {
    public let fs: any FileSystem
    /// The folder holding `zh/` and `en/`.
    public let directory: String?

    public init(fs: any FileSystem, directory: String?) {
        self.fs = fs
        self.directory = directory
    }

    /// The template text and where it came from.
    public func template(_ name: String, language: StoryLanguage, story: StoryWorkspace?) throws(NovelistError) -> (text: String, source: String) {
        if let story, let text = try fs.read(story.path("prompts/\(name).md")) {
            return (text, "\(story.slug)/prompts/\(name).md")
        }
        if let directory, let text = try fs.read("\(directory)/\(language.rawValue)/\(name).md") {
            return (text, "prompts/\(language.rawValue)/\(name).md")
        }
        if let text = BuiltinPrompts.text(name, language) {
            return (text, "built-in \(language.rawValue)/\(name)")
        }
        throw .template(name: "\(language.rawValue)/\(name).md", detail: L("no such template"))
    }

    public func render(_ name: String, language: StoryLanguage, story: StoryWorkspace?, variables: [String: String]) throws(NovelistError) -> String {
        let (text, source) = try template(name, language: language, story: story)
        return try Self.render(text, source: source, variables: variables)
    }

    public static func render(_ text: String, source: String, variables: [String: String]) throws(NovelistError) -> String {
        let template: MustacheTemplate
        do { template = try MustacheTemplate(string: text) } catch {
            throw .template(name: source, detail: "\(error)")
        }
        var values: [String: Any] = [:]
        for (k, v) in variables where !v.trimmingWhitespace().isEmpty { values[k] = v }
        return collapseBlankLines(template.render(values)).trimmingWhitespace()
    }

    /// Sections left out leave runs of blank lines; keep at most one.
    static func collapseBlankLines(_ s: String) -> String {
        var out: [Substring] = []
        var blank = 0
        for line in s.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                blank += 1
                if blank > 1 { continue }
                out.append("")
            } else {
                blank = 0
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }
}

/// Last-resort templates, used only when the prompts folder cannot be found (a binary copied elsewhere).
enum BuiltinPrompts {
    static func text(_ name: String, _ language: StoryLanguage) -> String? {
        switch (name, language) {
        case ("system", .zh):
            return "你是一位经验丰富的小说合著者，帮助作者写《{{{title}}}》。{{#genre}}类型：{{{genre}}}。{{/genre}}{{#logline}}一句话梗概：{{{logline}}}{{/logline}}{{#style}}\n文风：{{{style}}}{{/style}}\n请始终用中文写作。"
        case ("system", .en):
            return "You are an experienced co-writer helping the author write \"{{{title}}}\".{{#genre}} Genre: {{{genre}}}.{{/genre}}{{#logline}} Logline: {{{logline}}}{{/logline}}{{#style}}\nStyle: {{{style}}}{{/style}}\nAlways write in English."
        case ("chat", .zh):
            return "我们正在讨论这部小说的构思。{{#outline}}\n\n当前大纲：\n{{{outline}}}{{/outline}}"
        case ("chat", .en):
            return "We are brainstorming this novel.{{#outline}}\n\nThe current outline:\n{{{outline}}}{{/outline}}"
        case ("expand", .zh):
            return "请写出{{{chapter_label}}}「{{{chapter_title}}}」的完整正文。\n\n本章大纲：\n{{{chapter_beats}}}\n{{#previous_ending}}\n上一章结尾：\n{{{previous_ending}}}\n{{/previous_ending}}\n目标长度约 {{{length_target}}} {{{length_unit}}}。{{#guidance}}\n作者的要求：{{{guidance}}}{{/guidance}}\n只输出正文，不要标题和说明。"
        case ("expand", .en):
            return "Write the full prose of {{{chapter_label}}}, \"{{{chapter_title}}}\".\n\nThe chapter's outline:\n{{{chapter_beats}}}\n{{#previous_ending}}\nThe previous chapter ends:\n{{{previous_ending}}}\n{{/previous_ending}}\nAim for about {{{length_target}}} {{{length_unit}}}.{{#guidance}}\nThe author asks: {{{guidance}}}{{/guidance}}\nOutput only the prose: no title, no commentary."
        default:
            return nil
        }
    }
}
