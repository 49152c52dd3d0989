import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

extension Session {
    /// `/lint [chapter N | all] [--chapters 1-3,5] [--json]`: stock phrases, repeats, length, rhythm (no model).
    func lint(_ arguments: String, in open: OpenStory) throws -> Outcome {
        let story = open.workspace
        let meta = open.meta
        var words = try ShellWords.split(arguments)
        let json = words.contains("--json")
        words.removeAll { $0 == "--json" }
        var only: Set<Int>?
        if let i = words.firstIndex(of: "--chapters") {
            guard i + 1 < words.count else { throw LintCommand.usageError }
            let selection = try ChapterSelection.parse(words[i + 1])
            only = Set(selection.ranges.flatMap { Array($0.clamped(to: 1...OutlineParser.maxChapter)) }.prefix(100_000))
            words.removeSubrange(i...(i + 1))
        }
        if !words.isEmpty && words != ["all"] {
            let (n, rest) = try ChapterArgument.parse(words.joined(separator: " "), for: LintCommand.self)
            guard rest.isEmpty else { throw LintCommand.usageError }
            only = [n]
        }
        let files = try story.chapters()
        if let only, let missing = only.sorted().first(where: { n in !files.contains { $0.number == n } }), only.count == 1 {
            throw NovelistError.chapterOutOfRange(missing, valid: files.map(\.number))
        }
        let chapters = try files.map { file in
            LintChapter(
                number: file.number, fileText: try fs.read(story.path(file.path)) ?? "",
                target: file.target ?? meta.chapterLength)
        }
        let list = (try? prompts.template("lint", language: meta.language, story: story).text) ?? ""
        let findings = Linter.lint(chapters, only: only, patterns: Linter.patterns(list), language: meta.language)
        if json {
            let rows: [[String: Any]] = findings.map {
                ["chapter": $0.chapter, "line": $0.line, "kind": $0.kind, "text": $0.text, "message": $0.message]
            }
            let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            console.output(String(decoding: data, as: UTF8.self))
            return .ok
        }
        if findings.isEmpty {
            console.info(L("No findings."))
            return .ok
        }
        for f in findings {
            let range = "§\(f.paragraph)-\(f.lastParagraph)"
            console.output(
                "\(meta.language.chapterLabel(f.chapter)):\(f.line)  \(f.kind)  「\(TerminalText.clean(f.text))」  \(f.message)  → /rewrite chapter \(f.chapter) \(range)"
            )
        }
        console.info(L("%d findings.", findings.count))
        return .ok
    }
}
