import NovelistText
import Yams

extension StoryMeta {
    /// `story.yaml`'s text with only its `style` entry replaced (or added at the end): comments, the order of the
    /// keys and every other line stay as the writer wrote them.
    package static func settingStyle(_ style: String, in yaml: String) -> String {
        let entry =
            ((try? Yams.serialize(node: .mapping(Node.Mapping([(Node("style"), Node(style))])), width: -1, allowUnicode: true))
                ?? "style: \(style)\n")
        var lines = yaml.normalizingNewlines().components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        guard let start = lines.firstIndex(where: { $0.hasPrefix("style:") }) else {
            return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n") + entry
        }
        var end = start + 1
        // The old value's continuation lines (a block scalar or a folded plain scalar) are indented.
        while end < lines.count,
            lines[end].first == " " || lines[end].first == "\t"
                || (lines[end].isEmpty && end + 1 < lines.count && lines[end + 1].first == " ")
        { end += 1 }
        var entryLines = entry.components(separatedBy: "\n")
        if entryLines.last == "" { entryLines.removeLast() }
        lines.replaceSubrange(start..<end, with: entryLines)
        return lines.joined(separator: "\n") + "\n"
    }
}
