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

    /// `plain: true` renders the way swift-mustache is used out of the box: the template parsed as written, the
    /// values Strings (the tests compare the two).
    package static func render(_ text: String, source: String, variables: [String: String], plain: Bool = false)
        throws(NovelistError) -> String
    {
        let given = variables.filter { !$0.value.trimmingWhitespace().isEmpty }
        // Parsed with its literal text moved out where that reads the same (`TemplateLiterals`), its values as
        // `PromptText`; as written otherwise, and whenever that parse fails, so an error names the places of
        // the writer's own text.
        if !plain, let lifted = TemplateLiterals(text), let template = try? MustacheTemplate(string: lifted.template) {
            var values: [String: Any] = given.mapValues(PromptText.init)
            values.merge(lifted.literals.mapValues(PromptText.init)) { _, literal in literal }  // its own names
            return collapseBlankLines(template.render(values)).trimmingWhitespace()
        }
        let template: MustacheTemplate
        do { template = try MustacheTemplate(string: text) } catch {
            throw .template(name: source, detail: "\(error)")
        }
        return collapseBlankLines(template.render(given.mapValues { $0 as Any })).trimmingWhitespace()
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

/// A value as the templates get it: rendered as its text, transformed as a String is (`uppercased(x)`), and a
/// context with no names of its own, so a name inside its section is looked up further out. A String is
/// reflected by `Mirror` for that and unwrapped by another before it is written: about 100 K instructions a
/// name, by swift-mustache's own means of a value's rendering (issue 19).
struct PromptText: MustacheCustomRenderable, MustacheParent, MustacheTransformable {
    let text: String
    init(_ text: String) { self.text = text }
    var renderText: String { text }
    var isNull: Bool { false }
    func child(named: String) -> Any? { nil }
    func transform(_ name: String) -> Any? { text.transform(name) }
}

/// The namespace of the generated template tables.
enum DefaultPrompts {}
