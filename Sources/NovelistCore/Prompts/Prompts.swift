import Mustache
import NovelistLLM
import NovelistStory
import NovelistText

/// The prompt templates. Looked up, first found wins: the story's own `<story>/prompts/<name>.md`, then each
/// override folder in order (`NOVELIST_PROMPTS_DIR`, `$XDG_CONFIG_HOME/novelist/prompts`), each holding `zh/` and
/// `en/`, then the defaults compiled into the binary (built from `prompts/` of the checkout).
/// Rendered with swift-mustache; variables with empty values are left out so `{{#x}}…{{/x}}` hides them.
package struct PromptLibrary: Sendable {
    package let fs: any FileSystem
    /// Folders holding `zh/` and `en/` overrides, most specific first.
    package let directories: [String]

    package init(fs: any FileSystem, directories: [String]) {
        self.fs = fs
        self.directories = directories
    }

    package init(fs: any FileSystem, directory: String?) {
        self.init(fs: fs, directories: directory.map { [$0] } ?? [])
    }

    /// The override folders for an environment: NOVELIST_PROMPTS_DIR, then `$XDG_CONFIG_HOME/novelist/prompts`
    /// (default `~/.config/novelist/prompts`). Folders that do not exist are simply never found in.
    package static func overrideDirectories(environment: [String: String]) -> [String] {
        var out: [String] = []
        if let dir = environment["NOVELIST_PROMPTS_DIR"], !dir.isEmpty { out.append(dir) }
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            out.append("\(config)/novelist/prompts")
        } else if let home = environment["HOME"], !home.isEmpty {
            out.append("\(home)/.config/novelist/prompts")
        }
        return out
    }

    /// The template text and where it came from.
    package func template(_ name: String, language: StoryLanguage, story: StoryWorkspace?) throws(NovelistError) -> (
        text: String, source: String
    ) {
        if let story, let text = try fs.read(story.path("prompts/\(name).md")) {
            return (text, "\(story.slug)/prompts/\(name).md")
        }
        for directory in directories {
            if let text = try fs.read("\(directory)/\(language.rawValue)/\(name).md") {
                return (text, "\(directory)/\(language.rawValue)/\(name).md")
            }
        }
        if let text = BuiltinPrompts.text(name, language) {
            return (text, "built-in \(language.rawValue)/\(name)")
        }
        throw .template(name: "\(language.rawValue)/\(name).md", detail: L("no such template"))
    }

    package func render(_ name: String, language: StoryLanguage, story: StoryWorkspace?, variables: [String: String]) throws(NovelistError)
        -> String
    {
        let (text, source) = try template(name, language: language, story: story)
        return try Self.render(text, source: source, variables: variables)
    }

    package static func render(_ text: String, source: String, variables: [String: String]) throws(NovelistError) -> String {
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

/// The templates compiled into the binary (`DefaultPrompts+zh.swift`, `DefaultPrompts+en.swift`, generated
/// from `prompts/` by scripts/gen-prompts.py): every template of both languages, so the binary works anywhere.
package enum BuiltinPrompts {
    package static func text(_ name: String, _ language: StoryLanguage) -> String? {
        switch language {
        case .zh: DefaultPrompts.zh[name]
        case .en: DefaultPrompts.en[name]
        }
    }

    /// The names of the compiled-in templates of a language.
    package static func names(_ language: StoryLanguage) -> [String] {
        (language == .zh ? DefaultPrompts.zh : DefaultPrompts.en).keys.sorted()
    }
}

/// The namespace of the generated template tables.
enum DefaultPrompts {}
