import NovelistText

/// The options of an export as the writer typed them, before they are checked: `/export …` (from its words,
/// `parse`) and `novelist export` (from its command-line flags, field by field) both fill this value, and
/// `options()` is the one place that checks and converts it into `ExportOptions`.
package struct ExportFlags: Equatable, Sendable {
    package var format: ExportFormat = .md
    /// `--chapters 1-10,12`.
    package var chapters: String?
    /// `--status final,revised`.
    package var status: String?
    package var toc = false
    package var indent = false
    /// `--encoding gb18030`.
    package var encoding: String?
    package var aiDisclosure = false
    /// `-o PATH` (or the path words of `/export`).
    package var output: String?

    package init(
        format: ExportFormat = .md, chapters: String? = nil, status: String? = nil, toc: Bool = false, indent: Bool = false,
        encoding: String? = nil, aiDisclosure: Bool = false, output: String? = nil
    ) {
        self.format = format
        self.chapters = chapters
        self.status = status
        self.toc = toc
        self.indent = indent
        self.encoding = encoding
        self.aiDisclosure = aiDisclosure
        self.output = output
    }

    /// Reads the words after `/export`: the format first, then options and an optional path, in any order.
    package static func parse(_ arguments: String) throws(NovelistError) -> ExportFlags {
        var words = try ShellWords.split(arguments)
        var flags = ExportFlags()
        let usage = ExportOptions.usageError
        if let first = words.first, !first.hasPrefix("-") {
            guard let format = ExportFormat(rawValue: first.lowercased()) else {
                throw usage(
                    L(
                        "'%@' is not a format; use one of %@", String(first.prefix(20)),
                        ExportFormat.names.replacingOccurrences(of: "|", with: ", ")))
            }
            flags.format = format
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
            case "--chapters", "--chapter": flags.chapters = try value()
            case "--status": flags.status = try value()
            case "--toc": flags.toc = true
            case "--indent": flags.indent = true
            case "--ai-disclosure": flags.aiDisclosure = true
            case "--encoding": flags.encoding = try value()
            case "-o", "--output":
                let v = try value()
                guard flags.output == nil, pathWords.isEmpty else { throw usage(L("give the output file once")) }
                flags.output = v
            default:
                if word.hasPrefix("-") && word.count > 1 && !word.contains("/") {
                    throw usage(L("unknown option %@", String(word.prefix(30))))
                }
                guard flags.output == nil else { throw usage(L("give the output file once")) }
                pathWords.append(words[i])
            }
            i += 1
        }
        if !pathWords.isEmpty { flags.output = pathWords.joined(separator: " ") }
        return flags
    }

    /// The checked options: every value converted, every combination that cannot work refused.
    package func options() throws(NovelistError) -> ExportOptions {
        let usage = ExportOptions.usageError
        var options = ExportOptions(format: format)
        options.path = output
        if let chapters { options.chapters = try ChapterSelection.parse(chapters) }
        if let status {
            let list = status.split(whereSeparator: { $0 == "," || $0 == "，" }).map { $0.trimmingWhitespace().lowercased() }
                .filter { !$0.isEmpty }
            guard !list.isEmpty else { throw usage(L("--status needs a status such as final or draft")) }
            options.statuses = list
        }
        options.toc = toc
        options.indent = indent
        options.aiDisclosure = aiDisclosure
        if let encoding {
            guard let enc = TextEncodingChoice.parse(encoding) else {
                throw usage(L("the encoding '%@' is not supported; use utf-8 or gb18030", String(encoding.prefix(20))))
            }
            options.encoding = enc
        }
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
