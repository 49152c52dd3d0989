import NovelistStory
import NovelistText

/// A line the writer typed.
package enum Input: Equatable, Sendable {
    case empty
    case chat(String)
    case command(name: String, arguments: String)

    package static func parse(_ line: String) -> Input {
        let trimmed = line.trimmingWhitespace()
        if trimmed.isEmpty { return .empty }
        // `/` or `//` alone is a mistyped command, never a chat line sent (and paid for).
        if trimmed.allSatisfy({ $0 == "/" }) { return .command(name: String(trimmed.dropFirst()), arguments: "") }
        guard trimmed.hasPrefix("/"), trimmed.count > 1, trimmed.dropFirst().first?.isWhitespace == false else {
            return .chat(trimmed)
        }
        let body = trimmed.dropFirst()
        let name = body.prefix(while: { !$0.isWhitespace })
        let rest = body.dropFirst(name.count).trimmingWhitespace()
        // "//text" sends a line that starts with a slash as chat.
        if name.hasPrefix("/") { return .chat(String(trimmed.dropFirst())) }
        return .command(name: String(name), arguments: rest)
    }
}

/// Parses `chapter 3 guidance…`, `3`, `ch 3`, `第3章`, `第三章` into a number and the rest.
package enum ChapterArgument {
    /// A usage error names `/expand`.
    package static func parse(_ arguments: String) throws(NovelistError) -> (number: Int, rest: String) {
        try parse(arguments, for: ExpandCommand.self)
    }

    /// A usage error shows `command`'s usage.
    package static func parse(_ arguments: String, for command: any ReplCommand.Type) throws(NovelistError) -> (number: Int, rest: String) {
        var words = arguments.split(whereSeparator: \.isWhitespace).map(String.init)
        let usage = command.usage
        guard !words.isEmpty else { throw .usage(command: command.name, usage: usage) }
        if ["chapter", "ch", "chap", "章"].contains(words[0].lowercased()) {
            words.removeFirst()
            guard !words.isEmpty else { throw .usage(command: command.name, usage: usage) }
        }
        var token = words[0]
        if token.lowercased().hasPrefix("chapter") { token = String(token.dropFirst(7)) }
        let number: Int?
        if token.hasPrefix("第") && (token.hasSuffix("章") || token.hasSuffix("回")) {
            let inner = String(token.dropFirst().dropLast())
            number = Int(inner) ?? ChineseNumerals.parse(inner)
        } else if token.allSatisfy({ $0.isASCII && $0.isNumber }) {
            number = token.count > 6 ? nil : Int(token)
        } else {
            number = ChineseNumerals.parse(token)
        }
        guard let n = number, n > 0 else { throw .notANumber(token) }
        let rest = words.dropFirst().joined(separator: " ")
        return (n, rest)
    }
}
