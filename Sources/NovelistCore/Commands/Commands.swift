import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// The REPL's commands: this list is the command table AND the dispatch (see Commands/ReplCommand.swift).
/// Its order is the order of `/help` and of Tab completion.
package enum CommandTable {
    package static var all: [any ReplCommand.Type] {
        [
            HelpCommand.self,
            StoriesCommand.self,
            NewCommand.self,
            ImportCommand.self,
            LintCommand.self,
            StyleCommand.self,
            OpenCommand.self,
            ChaptersCommand.self,
            ChapterCommand.self,
            OutlineCommand.self,
            BibleCommand.self,
            WhereCommand.self,
            ThreadsCommand.self,
            ThreadCommand.self,
            ExpandCommand.self,
            DraftCommand.self,
            DraftsCommand.self,
            ContinueCommand.self,
            RewriteCommand.self,
            SummarizeCommand.self,
            CheckCommand.self,
            ContextCommand.self,
            ApplyCommand.self,
            RetryCommand.self,
            ClearCommand.self,
            ProvenanceCommand.self,
            UsageCommand.self,
            ExportCommand.self,
            StatsCommand.self,
            HistoryCommand.self,
            UndoCommand.self,
            RedoCommand.self,
            ModelsCommand.self,
            ModelCommand.self,
            ReasoningCommand.self,
            ConfigCommand.self,
            DoctorCommand.self,
            QuitCommand.self
        ]
    }

    /// The table as JSON (name, aliases, usage, summary, examples): the man page is generated from it.
    package static func json() -> String {
        let rows: [[String: Any]] = all.map { spec in
            [
                "name": spec.name, "aliases": spec.aliases, "usage": spec.usage, "summary": spec.summary, "needs_story": spec.needsStory,
                "examples": spec.examples.map { ["line": $0.line, "explanation": $0.explanation] }
            ]
        }
        let data = (try? JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    package static func find(_ name: String) -> (any ReplCommand.Type)? {
        let n = name.lowercased()
        return all.first { $0.name == n || $0.aliases.contains(n) }
    }

    /// The closest command name, for "did you mean".
    package static func suggestion(for name: String) -> String? {
        let n = name.lowercased()
        if let p = all.first(where: { $0.name.hasPrefix(n) && !n.isEmpty }) { return p.name }
        let scored = all.map { ($0.name, editDistance(Array($0.name), Array(n))) }.min { $0.1 < $1.1 }
        return scored.flatMap { $0.1 <= 2 ? $0.0 : nil }
    }

    /// Command names (with the slash) that start with `prefix`.
    package static func completions(forCommandPrefix prefix: String) -> [String] {
        all.map { "/" + $0.name }.filter { $0.hasPrefix(prefix) }
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var prev = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
