import Foundation
import NovelistText

// MARK: Formats and options

/// The manuscript formats `/export` writes. md and txt are rendered here; html, epub and docx by pandoc from the md.
public enum ExportFormat: String, CaseIterable, Sendable {
    case md, txt, html, epub, docx

    public var fileExtension: String { rawValue }
    /// Converted from the Markdown manuscript by pandoc.
    public var viaPandoc: Bool { self == .html || self == .epub || self == .docx }
    /// pandoc's writer name.
    public var pandocWriter: String {
        switch self {
        case .html: return "html5"
        case .epub: return "epub3"
        case .docx: return "docx"
        case .md: return "markdown"
        case .txt: return "plain"
        }
    }
    public static let names = allCases.map(\.rawValue).joined(separator: "|")
}

/// The character encoding of a txt export.
public enum TextEncodingChoice: String, CaseIterable, Sendable {
    case utf8 = "utf-8"
    /// What some Chinese web-novel sites still want.
    case gb18030

    public static func parse(_ text: String) -> TextEncodingChoice? {
        switch text.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": return .utf8
        case "gb18030", "gb-18030": return .gb18030
        default: return nil
        }
    }
}

/// Which chapters `--chapters 1-10,12` asks for.
public struct ChapterSelection: Equatable, Sendable, CustomStringConvertible {
    public var ranges: [ClosedRange<Int>]

    public init(ranges: [ClosedRange<Int>]) { self.ranges = ranges }

    /// Parses `1-10,12`, `3`, `1–3，5` (en dash and the full-width comma are accepted too).
    public static func parse(_ text: String) throws(NovelistError) -> ChapterSelection {
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

    public func contains(_ n: Int) -> Bool { ranges.contains { $0.contains(n) } }

    public var description: String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
    }
}

/// Everything `/export` and `novelist export` accept.
public struct ExportOptions: Equatable, Sendable {
    public var format: ExportFormat = .md
    /// The output file; nil: `<story>/export/<slug>.<ext>`; `-`: standard output (md and UTF-8 txt).
    public var path: String?
    public var chapters: ChapterSelection?
    /// Only chapters whose status is one of these (`--status final`, `--status draft,revised`).
    public var statuses: [String]?
    public var toc = false
    public var indent = false
    public var encoding: TextEncodingChoice = .utf8
    public var aiDisclosure = false

    public init(format: ExportFormat = .md) { self.format = format }

    public static let usage =
        "/export md|txt|html|epub|docx [--chapters 1-10,12] [--status final] [--toc] [--indent] [--encoding gb18030] [--ai-disclosure] [PATH]"

    /// Parses the arguments after `/export`: the format first, then options and an optional path, in any order.
    /// A path with spaces can be quoted; unquoted words that are not options are joined with spaces.
    public static func parse(_ arguments: String) throws(NovelistError) -> ExportOptions {
        var words = try ShellWords.split(arguments)
        var options = ExportOptions()
        func usage(_ why: String) -> NovelistError { .usage(command: "export", usage: Self.usage + "  (\(why))") }
        if let first = words.first, !first.hasPrefix("-") {
            guard let format = ExportFormat(rawValue: first.lowercased()) else {
                throw usage(
                    L(
                        "'%@' is not a format; use one of %@", String(first.prefix(20)),
                        ExportFormat.names.replacingOccurrences(of: "|", with: ", ")))
            }
            options.format = format
            words.removeFirst()
        }
        var pathWords: [String] = []
        var i = 0
        while i < words.count {
            var word = words[i]
            var inlineValue: String?
            if word.hasPrefix("--"), let eq = word.firstIndex(of: "=") {
                inlineValue = String(word[word.index(after: eq)...])
                word = String(word[..<eq])
            }
            func value() throws(NovelistError) -> String {
                if let inlineValue { return inlineValue }
                i += 1
                guard i < words.count else { throw usage(L("%@ needs a value", word)) }
                return words[i]
            }
            switch word {
            case "--chapters", "--chapter": options.chapters = try ChapterSelection.parse(try value())
            case "--status":
                let list = try value().split(whereSeparator: { $0 == "," || $0 == "，" }).map { $0.trimmingWhitespace().lowercased() }.filter
                { !$0.isEmpty }
                guard !list.isEmpty else { throw usage(L("--status needs a status such as final or draft")) }
                options.statuses = list
            case "--toc": options.toc = true
            case "--indent": options.indent = true
            case "--ai-disclosure": options.aiDisclosure = true
            case "--encoding":
                let v = try value()
                guard let enc = TextEncodingChoice.parse(v) else {
                    throw usage(L("the encoding '%@' is not supported; use utf-8 or gb18030", String(v.prefix(20))))
                }
                options.encoding = enc
            case "-o", "--output":
                let v = try value()
                guard options.path == nil, pathWords.isEmpty else { throw usage(L("give the output file once")) }
                options.path = v
            default:
                if word.hasPrefix("-") && word.count > 1 && !word.contains("/") {
                    throw usage(L("unknown option %@", String(word.prefix(30))))
                }
                guard options.path == nil else { throw usage(L("give the output file once")) }
                pathWords.append(words[i])
            }
            i += 1
        }
        if !pathWords.isEmpty { options.path = pathWords.joined(separator: " ") }
        if options.format != .txt && options.indent { throw usage(L("--indent is for txt")) }
        if options.format != .txt && options.encoding != .utf8 {
            throw usage(L("--encoding is for txt; md, html, epub and docx are always UTF-8"))
        }
        if options.format == .txt && options.toc { throw usage(L("--toc is for md, html, epub and docx")) }
        if options.path == "-" && !(options.format == .md || (options.format == .txt && options.encoding == .utf8)) {
            throw usage(L("only md and UTF-8 txt can go to standard output (-o -)"))
        }
        return options
    }
}

/// Splits a command's arguments into words: white space separates, "double" and 'single' quotes group,
/// a backslash escapes the next character inside double quotes and outside quotes.
public enum ShellWords {
    public static func split(_ text: String) throws(NovelistError) -> [String] {
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
    public static func quote(_ word: String) -> String {
        if !word.isEmpty && !word.contains(where: { $0.isWhitespace || "\"'\\".contains($0) }) { return word }
        return "\"" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
