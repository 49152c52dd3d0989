import Foundation
import NovelistStory
import NovelistText

/// The headings written before the parts of a request (bible, outline, summaries, the previous ending…) and the
/// role names of a conversation transcript: model-facing text, from the `context-labels` template
/// (`prompts/{zh,en}/context-labels.md`, overridable like every template). One label a line, `name: text`;
/// `{placeholder}`s are filled in by the builder; a text in double quotes keeps the spaces at its ends.
package struct ContextLabels: Equatable, Sendable {
    package var values: [String: String]

    package init(values: [String: String]) { self.values = values }

    /// The labels of a rendered template, over `base` (a label the template leaves out keeps its default).
    package static func parse(_ text: String, over base: ContextLabels = ContextLabels(values: [:])) -> ContextLabels {
        var out = base
        for line in text.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon]).trimmingWhitespace()
            guard !name.isEmpty, !name.contains(" ") else { continue }
            var value = String(line[line.index(after: colon)...]).trimmingWhitespace()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            out.values[name] = value
        }
        return out
    }

    /// The compiled-in labels of a language.
    package static func builtin(_ language: StoryLanguage) -> ContextLabels { language == .zh ? zh : en }

    static let zh = compiled(.zh)
    static let en = compiled(.en)

    private static func compiled(_ language: StoryLanguage) -> ContextLabels {
        let text = BuiltinPrompts.text("context-labels", language) ?? ""
        return parse((try? PromptLibrary.render(text, source: "built-in", variables: [:])) ?? text)
    }

    /// The label `name` with its `{placeholder}`s filled in.
    package func text(_ name: String, _ fill: [String: String] = [:]) -> String {
        var s = values[name] ?? ""
        for (k, v) in fill { s = s.replacingOccurrences(of: "{\(k)}", with: v) }
        return s
    }
}

extension PromptLibrary {
    /// The context labels of a language, the story's or an override folder's `context-labels.md` first.
    package func contextLabels(language: StoryLanguage, story: StoryWorkspace?) throws(NovelistError) -> ContextLabels {
        ContextLabels.parse(try render("context-labels", language: language, story: story, variables: [:]), over: .builtin(language))
    }
}
