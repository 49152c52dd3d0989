import Foundation
import NovelistText

/// A thread (伏笔) of `threads.md`: a level-2 heading, then `planted`, `due` (optional), `status` (open/resolved)
/// and `who` lines (`- planted: 12` or `planted: 12`), then free text.
package struct StoryThread: Equatable, Sendable {
    package var title: String
    package var planted: Int?
    package var due: Int?
    package var resolved: Bool
    package var resolvedIn: Int?
    package var who: [String]
    package var text: String

    package static let file = "threads.md"

    static func field(_ line: Substring) -> (String, String)? {
        var l = line.trimmingWhitespace()
        if l.hasPrefix("- ") || l.hasPrefix("* ") { l = String(l.dropFirst(2)) }
        guard let colon = l.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        let key = l[..<colon].trimmingWhitespace().lowercased()
        guard ["planted", "due", "status", "who", "resolved in"].contains(key) else { return nil }
        return (key, l[l.index(after: colon)...].trimmingWhitespace())
    }

    package static func parse(_ text: String) -> [StoryThread] {
        var out: [StoryThread] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                out.append(
                    StoryThread(
                        title: line.dropFirst(3).trimmingWhitespace(), planted: nil, due: nil, resolved: false, resolvedIn: nil, who: [],
                        text: ""))
            } else if !out.isEmpty, let (key, value) = field(line) {
                switch key {
                case "planted": out[out.count - 1].planted = Int(value)
                case "due": out[out.count - 1].due = Int(value)
                case "status": out[out.count - 1].resolved = value.lowercased() == "resolved"
                case "resolved in": out[out.count - 1].resolvedIn = Int(value)
                default:
                    out[out.count - 1].who = value.split(whereSeparator: { ",，、".contains($0) }).map { $0.trimmingWhitespace() }.filter {
                        !$0.isEmpty
                    }
                }
            } else if !out.isEmpty {
                out[out.count - 1].text += (out[out.count - 1].text.isEmpty ? "" : "\n") + line
            }
        }
        return out.map {
            var t = $0
            t.text = t.text.trimmingWhitespace()
            return t
        }
    }

    /// The file with a new thread at its end.
    package static func adding(
        _ title: String, planted: Int?, due: Int?, who: [String] = [], text: String = "", to existing: String
    ) -> String {
        var lines = ["## \(title)"]
        if let planted { lines.append("- planted: \(planted)") }
        if let due { lines.append("- due: \(due)") }
        lines.append("- status: open")
        if !who.isEmpty { lines.append("- who: " + who.joined(separator: ", ")) }
        let about = text.trimmingWhitespace()
        if !about.isEmpty { lines += ["", about] }
        let text = existing
        let base = text.isEmpty ? "" : (text.hasSuffix("\n") ? text : text + "\n") + "\n"
        return base + lines.joined(separator: "\n") + "\n"
    }

    /// The file with the thread `title` marked resolved (in chapter `chapter`); nil when there is no such thread.
    package static func resolving(_ title: String, in chapter: Int?, text: String) -> String? {
        var lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("## ") && $0.dropFirst(3).trimmingWhitespace() == title }) else {
            return nil
        }
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("## ") } ?? lines.count
        var status = "- status: resolved"
        if let chapter { status += "\n- resolved in: \(chapter)" }
        if let i = lines[(start + 1)..<end].firstIndex(where: { field(Substring($0))?.0 == "status" }) {
            lines[i] = status
        } else {
            lines.insert(status, at: start + 1)
        }
        return lines.joined(separator: "\n")
    }
}
