import Foundation
import NovelistText

// MARK: Formats and options

/// The manuscript formats `/export` writes. md and txt are rendered here; html, epub and docx by pandoc from the md.
package enum ExportFormat: String, CaseIterable, Sendable {
    case md, txt, html, epub, docx

    package var fileExtension: String { rawValue }
    /// Converted from the Markdown manuscript by pandoc.
    package var viaPandoc: Bool { self == .html || self == .epub || self == .docx }
    /// pandoc's writer name.
    package var pandocWriter: String {
        switch self {
        case .html: return "html5"
        case .epub: return "epub3"
        case .docx: return "docx"
        case .md: return "markdown"
        case .txt: return "plain"
        }
    }
    package static let names = allCases.map(\.rawValue).joined(separator: "|")
}

/// The character encoding of a txt export.
package enum TextEncodingChoice: String, CaseIterable, Sendable {
    case utf8 = "utf-8"
    /// What some Chinese web-novel sites still want.
    case gb18030

    package static func parse(_ text: String) -> TextEncodingChoice? {
        switch text.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": return .utf8
        case "gb18030", "gb-18030": return .gb18030
        default: return nil
        }
    }
}

/// Which chapters `--chapters 1-10,12` asks for.
package struct ChapterSelection: Equatable, Sendable, CustomStringConvertible {
    package var ranges: [ClosedRange<Int>]

    package init(ranges: [ClosedRange<Int>]) { self.ranges = ranges }

    /// Parses `1-10,12`, `3`, `1–3，5` (en dash and the full-width comma are accepted too).
    package static func parse(_ text: String) throws(NovelistError) -> ChapterSelection {
        let bad = NovelistError.usage(
            command: "export", usage: L("--chapters 1-10,12  ('%@' is not a list of chapter numbers)", String(text.prefix(40))))
        var ranges: [ClosedRange<Int>] = []
        let parts = text.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" }).map { $0.trimmingWhitespace() }
        guard !parts.isEmpty else { throw bad }
        for part in parts {
            let ends = part.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "–" || $0 == "—" || $0 == "~" })
                .map { $0.trimmingWhitespace() }
            func number(_ s: String) throws(NovelistError) -> Int {
                guard !s.isEmpty, s.count <= 6, s.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(s), n > 0 else { throw bad }
                return n
            }
            switch ends.count {
            case 1:
                let n = try number(ends[0])
                ranges.append(n...n)
            case 2:
                let a = try number(ends[0])
                let b = try number(ends[1])
                guard a <= b else {
                    throw .usage(command: "export", usage: L("--chapters 1-10,12  (the range %@ runs backwards; write %d-%d)", part, b, a))
                }
                ranges.append(a...b)
            default:
                throw bad
            }
        }
        return ChapterSelection(ranges: ranges)
    }

    package func contains(_ n: Int) -> Bool { ranges.contains { $0.contains(n) } }

    package var description: String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
    }
}

/// Everything `/export` and `novelist export` accept.
package struct ExportOptions: Equatable, Sendable {
    package var format: ExportFormat = .md
    /// The output file; nil: `<story>/export/<slug>.<ext>`; `-`: standard output (md and UTF-8 txt).
    package var path: String?
    package var chapters: ChapterSelection?
    /// Only chapters whose status is one of these (`--status final`, `--status draft,revised`).
    package var statuses: [String]?
    package var toc = false
    package var indent = false
    package var encoding: TextEncodingChoice = .utf8
    package var aiDisclosure = false

    package init(format: ExportFormat = .md) { self.format = format }

    package static let usage =
        "/export md|txt|html|epub|docx [--chapters 1-10,12] [--status final] [--toc] [--indent] [--encoding gb18030] [--ai-disclosure] [PATH]"

    /// Parses the arguments after `/export`: the format first, then options and an optional path, in any order.
    /// A path with spaces can be quoted; unquoted words that are not options are joined with spaces.
    /// The words become `ExportFlags`, the same value `novelist export` fills from its flags; `ExportFlags.options()`
    /// checks and converts them for both.
    package static func parse(_ arguments: String) throws(NovelistError) -> ExportOptions {
        try ExportFlags.parse(arguments).options()
    }

    static func usageError(_ why: String) -> NovelistError { .usage(command: "export", usage: Self.usage + "  (\(why))") }
}

/// Splits a command's arguments into words: white space separates, "double" and 'single' quotes group,
/// a backslash escapes the next character inside double quotes and outside quotes.
package enum ShellWords {
    package static func split(_ text: String) throws(NovelistError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for ch in text {
            if escaped {
                current.append(ch)
                escaped = false
                continue
            }
            if let q = quote {
                if ch == q {
                    quote = nil
                } else if ch == "\\" && q == "\"" {
                    escaped = true
                } else {
                    current.append(ch)
                }
                continue
            }
            if ch.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else if ch == "\"" || ch == "'" {
                quote = ch
                inWord = true
            } else if ch == "\\" {
                escaped = true
                inWord = true
            } else {
                current.append(ch)
                inWord = true
            }
        }
        if quote != nil { throw .usage(command: "export", usage: L("a quote is never closed in: %@", String(text.prefix(60)))) }
        if inWord { words.append(current) }
        return words
    }

    /// Quotes a word so that `split` gives it back unchanged.
    package static func quote(_ word: String) -> String {
        if !word.isEmpty && !word.contains(where: { $0.isWhitespace || "\"'\\".contains($0) }) { return word }
        return "\"" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
