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
        let bad = NovelistError.usage(command: "export", usage: L("--chapters 1-10,12  ('%@' is not a list of chapter numbers)", String(text.prefix(40))))
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
                let a = try number(ends[0]), b = try number(ends[1])
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

    public var description: String { ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",") }
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

    public static let usage = "/export md|txt|html|epub|docx [--chapters 1-10,12] [--status final] [--toc] [--indent] [--encoding gb18030] [--ai-disclosure] [PATH]"

    /// Parses the arguments after `/export`: the format first, then options and an optional path, in any order.
    /// A path with spaces can be quoted; unquoted words that are not options are joined with spaces.
    public static func parse(_ arguments: String) throws(NovelistError) -> ExportOptions {
        var words = try ShellWords.split(arguments)
        var options = ExportOptions()
        func usage(_ why: String) -> NovelistError { .usage(command: "export", usage: Self.usage + "  (\(why))") }
        if let first = words.first, !first.hasPrefix("-") {
            guard let format = ExportFormat(rawValue: first.lowercased()) else {
                throw usage(L("'%@' is not a format; use one of %@", String(first.prefix(20)), ExportFormat.names.replacingOccurrences(of: "|", with: ", ")))
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
                let list = try value().split(whereSeparator: { $0 == "," || $0 == "，" }).map { $0.trimmingWhitespace().lowercased() }.filter { !$0.isEmpty }
                guard !list.isEmpty else { throw usage(L("--status needs a status such as final or draft")) }
                options.statuses = list
            case "--toc": options.toc = true
            case "--indent": options.indent = true
            case "--ai-disclosure": options.aiDisclosure = true
            case "--encoding":
                let v = try value()
                guard let enc = TextEncodingChoice.parse(v) else { throw usage(L("the encoding '%@' is not supported; use utf-8 or gb18030", String(v.prefix(20)))) }
                options.encoding = enc
            case "-o", "--output":
                let v = try value()
                guard options.path == nil, pathWords.isEmpty else { throw usage(L("give the output file once")) }
                options.path = v
            default:
                if word.hasPrefix("-") && word.count > 1 && !word.contains("/") { throw usage(L("unknown option %@", String(word.prefix(30)))) }
                guard options.path == nil else { throw usage(L("give the output file once")) }
                pathWords.append(words[i])
            }
            i += 1
        }
        if !pathWords.isEmpty { options.path = pathWords.joined(separator: " ") }
        if options.format != .txt && options.indent { throw usage(L("--indent is for txt")) }
        if options.format != .txt && options.encoding != .utf8 { throw usage(L("--encoding is for txt; md, html, epub and docx are always UTF-8")) }
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

// MARK: Choosing the chapters

/// One chapter as it goes into the manuscript.
public struct ManuscriptChapter: Equatable, Sendable {
    public var number: Int
    public var title: String
    public var status: String
    public var prose: String
    /// The volume (`第二卷 …`) the outline puts the chapter in.
    public var volume: String? = nil
}

/// Which chapters go into the manuscript, and everything the writer should hear about before trusting it:
/// gaps in the numbering, chapters without prose, chapters on disk but not in the outline (and the reverse),
/// two files for one chapter, and what a selection left out. Pure.
public struct ManuscriptPlan: Equatable, Sendable {
    public var chapters: [ManuscriptChapter]
    public var warnings: [String]
    /// Why nothing was selected, when `chapters` is empty.
    public var emptyReason: String?

    public static func make(chapters files: [ChapterFile], outline: [OutlineEntry],
                            selection: ChapterSelection? = nil, statuses: [String]? = nil) -> ManuscriptPlan {
        let files = files.sorted { ($0.number, $0.path) < ($1.number, $1.path) }
        var warnings: [String] = []
        let outlineTitles = Dictionary(outline.map { ($0.number, $0.title) }, uniquingKeysWith: { a, _ in a })
        let onDisk = Set(files.map(\.number))
        let known = onDisk.union(outlineTitles.keys)
        let selected = files.filter { selection?.contains($0.number) ?? true }

        let empty = selected.filter { $0.prose.trimmingWhitespace().isEmpty }.map(\.number)
        if !empty.isEmpty { warnings.append(L("left out, no prose yet: chapter %@", NovelistError.ranges(empty))) }
        if let last = known.max() {
            let missing = Set(1...last).subtracting(known).sorted()
            if !missing.isEmpty { warnings.append(L("gap in numbering: chapter %@ is missing", NovelistError.ranges(missing))) }
        }
        if !outline.isEmpty {
            let notInOutline = onDisk.filter { outlineTitles[$0] == nil }
            if !notInOutline.isEmpty { warnings.append(L("on disk but not in the outline: chapter %@", NovelistError.ranges(Array(notInOutline)))) }
            let noFile = outlineTitles.keys.filter { !onDisk.contains($0) && (selection?.contains($0) ?? true) }
            if !noFile.isEmpty { warnings.append(L("in the outline but no chapter file yet: chapter %@", NovelistError.ranges(Array(noFile)))) }
        }
        let duplicates = Dictionary(grouping: files, by: \.number).filter { $0.value.count > 1 }.keys.sorted()
        if !duplicates.isEmpty { warnings.append(L("more than one file for chapter %@", NovelistError.ranges(duplicates))) }

        if let selection {
            let asked = selection.ranges.flatMap { r in r.count > 100_000 ? [] : Array(r) }
            let absent = asked.filter { !known.contains($0) }
            if !absent.isEmpty && absent.count < asked.count {
                warnings.append(L("--chapters %@: there is no chapter %@", selection.description, NovelistError.ranges(absent)))
            }
        }
        var written = selected.filter { !$0.prose.trimmingWhitespace().isEmpty }
        if let statuses {
            let wanted = Set(statuses)
            let dropped = written.filter { !wanted.contains(Self.status(of: $0)) }
            if !dropped.isEmpty {
                let byStatus = Dictionary(grouping: dropped, by: { Self.status(of: $0) }).sorted { $0.key < $1.key }
                let detail = byStatus.map { "\($0.key): \(NovelistError.ranges($0.value.map(\.number)))" }.joined(separator: "; ")
                warnings.append(L("left out by --status %@: chapter %@ (%@)", statuses.joined(separator: ","), NovelistError.ranges(dropped.map(\.number)), detail))
            }
            written = written.filter { wanted.contains(Self.status(of: $0)) }
        }
        var emptyReason: String?
        if written.isEmpty {
            if let selection, selected.isEmpty {
                emptyReason = known.isEmpty
                    ? L("--chapters %@ matches no chapter file; the chapters are none yet.", selection.description)
                    : L("--chapters %@ matches no chapter file; the chapters are %@.", selection.description, NovelistError.ranges(Array(known)))
            } else if let statuses, !selected.filter({ !$0.prose.trimmingWhitespace().isEmpty }).isEmpty {
                let present = Set(selected.map { Self.status(of: $0) }).sorted().joined(separator: ", ")
                emptyReason = L("no written chapter has the status %@; the statuses in use are %@.", statuses.joined(separator: L(" or ")), present)
            }
        }
        let chapters = written.map { f in
            ManuscriptChapter(number: f.number, title: f.title.isEmpty ? (outlineTitles[f.number] ?? "") : f.title,
                              status: Self.status(of: f), prose: f.prose, volume: outline.first { $0.number == f.number }?.volume)
        }
        return ManuscriptPlan(chapters: chapters, warnings: warnings, emptyReason: emptyReason)
    }

    /// A chapter file's status; a file that does not say is a draft.
    public static func status(of file: ChapterFile) -> String {
        let s = file.status.trimmingWhitespace().lowercased()
        return s.isEmpty ? "draft" : s
    }

    public var hasVolumes: Bool { chapters.contains { $0.volume != nil } }

    public var length: Int { chapters.reduce(0) { $0 + TextLength.count($1.prose.trimmingWhitespace()).total } }
}

// MARK: Rendering

/// Turns a story into one manuscript. Pure: chapters in, text and a report out.
public struct ManuscriptExport: Equatable, Sendable {
    public var text: String
    public var chapterCount: Int
    public var length: Int
    /// What the writer should know before trusting the export: gaps, empty chapters, outline mismatches.
    public var warnings: [String]

    /// Markdown with a pandoc-compatible YAML title block, each chapter under `# 第三章 标题` / `# Chapter 3: Title`.
    public static func markdown(meta: StoryMeta, chapters: [ChapterFile], outline: [OutlineEntry], date: String) -> ManuscriptExport {
        let plan = ManuscriptPlan.make(chapters: chapters, outline: outline)
        return markdown(meta: meta, plan: plan, date: date)
    }

    /// - Parameters:
    ///   - toc: a table of contents after the title block (for the md file; pandoc makes its own for the other formats).
    ///   - disclosure: a closing note, set apart by a scene break.
    public static func markdown(meta: StoryMeta, plan: ManuscriptPlan, date: String, toc: Bool = false, disclosure: String? = nil) -> ManuscriptExport {
        var out = "---\n"
        out += "title: \(yamlQuoted(meta.title))\n"
        if !meta.author.isEmpty { out += "author: \(yamlQuoted(meta.author))\n" }
        out += "lang: \(meta.language.bcp47)\n"
        out += "date: \(yamlQuoted(date))\n"
        out += "---\n"
        var anchors: [Int: Int] = [:]
        func anchor(_ n: Int) -> String {
            anchors[n, default: 0] += 1
            return anchors[n]! == 1 ? "chapter-\(n)" : "chapter-\(n)-\(anchors[n]!)"
        }
        if toc {
            out += "\n**\(meta.language == .zh ? "目录" : "Contents")**\n\n"
            var seen: [Int: Int] = [:]
            for chapter in plan.chapters {
                seen[chapter.number, default: 0] += 1
                let id = seen[chapter.number]! == 1 ? "chapter-\(chapter.number)" : "chapter-\(chapter.number)-\(seen[chapter.number]!)"
                out += "- [\(escapeInline(meta.language.chapterHeading(chapter.number, title: chapter.title)))](#\(id))\n"
            }
        }
        let parts = plan.hasVolumes  // volumes are level-1 part headings, chapters level 2
        var volume: String?
        for chapter in plan.chapters {
            if parts, let v = chapter.volume, v != volume { out += "\n# \(v)\n"; volume = v }
            let heading = meta.language.chapterHeading(chapter.number, title: chapter.title)
            out += "\n\(parts ? "##" : "#") \(heading)\(toc ? " {#\(anchor(chapter.number))}" : "")\n\n"
            out += markdownProse(Paragraphs.normalizedForExport(chapter.prose)) + "\n"
        }
        if let disclosure {
            out += "\n* * *\n\n" + disclosure + "\n"
        }
        return ManuscriptExport(text: out, chapterCount: plan.chapters.count, length: plan.length, warnings: plan.warnings)
    }

    /// A web-novel txt: the title (and author), then `第3章 标题` / `Chapter 3: Title` lines, a blank line between
    /// paragraphs, optionally each paragraph indented with two full-width spaces; scene breaks kept as written.
    public static func text(meta: StoryMeta, plan: ManuscriptPlan, indent: Bool, disclosure: String? = nil) -> ManuscriptExport {
        var out = meta.title + "\n"
        if !meta.author.isEmpty { out += (meta.language == .zh ? "作者：" : "by ") + meta.author + "\n" }
        var volume: String?
        for chapter in plan.chapters {
            if let v = chapter.volume, v != volume { out += "\n\n" + v; volume = v }
            let label = meta.language == .zh ? "第\(chapter.number)章" : "Chapter \(chapter.number)"
            let heading = chapter.title.isEmpty ? label : (meta.language == .zh ? "\(label) \(chapter.title)" : "\(label): \(chapter.title)")
            out += "\n\n" + heading + "\n"
            for paragraph in paragraphs(chapter.prose) {
                out += "\n"
                if isSceneBreak(paragraph) {
                    out += paragraph.trimmingWhitespace() + "\n"
                    continue
                }
                let lines = paragraph.split(separator: "\n").map { plainText(String($0)).trimmingWhitespace() }.filter { !$0.isEmpty }
                guard !lines.isEmpty else { continue }
                for (i, line) in lines.enumerated() {
                    out += (indent && i == 0 ? "　　" : "") + line + "\n"
                }
            }
        }
        if let disclosure {
            out += "\n\n" + (indent ? "　　" : "") + plainText(disclosure) + "\n"
        }
        return ManuscriptExport(text: out, chapterCount: plan.chapters.count, length: plan.length, warnings: plan.warnings)
    }

    /// The prose as it goes into the Markdown manuscript: trimmed, a level-1 heading inside the prose demoted to
    /// level 2 (so that it cannot start a chapter of its own in epub), and a `---` scene break written `- - -`
    /// (the same rule, but it can be neither a YAML block nor a setext heading for pandoc).
    static func markdownProse(_ prose: String) -> String {
        var inFence = false
        let lines = prose.normalizingNewlines().trimmingWhitespace().split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let s = String(line)
            if s.hasPrefix("```") || s.hasPrefix("~~~") { inFence.toggle() }
            if inFence { return s }
            if s.hasPrefix("# ") || s == "#" { return "#" + s }
            if s.trimmingWhitespace() == "---" { return "- - -" }
            return s
        }
        return lines.joined(separator: "\n")
    }

    /// The paragraphs, web-novel lines included (see `ProseFormat`), their indents removed once.
    static func paragraphs(_ prose: String) -> [String] { Paragraphs.forExport(prose) }

    /// `***`, `* * *`, `＊＊＊` (also `---`, `___`, `※※※`, `＊ ＊ ＊`): a line made of three or more of one break mark.
    public static func isSceneBreak(_ paragraph: String) -> Bool {
        let marks = paragraph.trimmingWhitespace().filter { !$0.isWhitespace }
        guard marks.count >= 3, let first = marks.first, "*＊-_※·".contains(first) else { return false }
        return marks.allSatisfy { $0 == first } && !paragraph.contains("\n")
    }

    /// A Markdown line as plain text: no heading marks, quote marks, emphasis marks or HTML comments.
    static func plainText(_ line: String) -> String {
        var s = line
        while s.hasPrefix("#") { s.removeFirst() }
        if s.hasPrefix(">") { s.removeFirst() }
        s = s.replacingOccurrences(of: "<!--.*?-->", with: "", options: .regularExpression)
        s = s.replacingOccurrences(of: "\\*\\*(\\S(?:.*?\\S)?)\\*\\*", with: "$1", options: .regularExpression)
        s = s.replacingOccurrences(of: "__(\\S(?:.*?\\S)?)__", with: "$1", options: .regularExpression)
        s = s.replacingOccurrences(of: "(?<!\\*)\\*(?![\\s*])([^*\\n]+?)(?<![\\s*])\\*(?!\\*)", with: "$1", options: .regularExpression)
        return s
    }

    static func escapeInline(_ s: String) -> String {
        var out = ""
        for ch in s {
            if "[]\\*_`".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    static func yamlQuoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}

extension StoryLanguage {
    /// The language tag for pandoc and e-books.
    public var bcp47: String { self == .zh ? "zh-CN" : "en" }
}

// MARK: AI disclosure

/// The closing note of `--ai-disclosure`: the shares from the story's provenance (which paragraphs came from
/// a model), and the models named in `chat.jsonl`.
public enum AIDisclosure {
    /// The distinct `model` values of chat.jsonl, in the order they first appear.
    public static func models(fromTranscript text: String?) -> [String] {
        guard let text else { return [] }
        var seen: [String] = []
        for line in text.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let model = (object["model"] as? String)?.trimmingWhitespace(), !model.isEmpty, !seen.contains(model)
            else { continue }
            seen.append(model)
        }
        return seen
    }

    /// The note with the shares of model-written, model-written-then-edited and author-written text.
    public static func text(language: StoryLanguage, report: ProvenanceReport, models: [String]) -> String {
        guard report.total > 0 else { return text(language: language, models: models) }
        let names = (report.models + models.filter { !report.models.contains($0) })
        let shares = report.shares  // they add up to 100
        if language == .zh {
            return "AI 使用说明：本书借助 novelist 写作。按字数计，约 \(shares.model)% 的文字由 AI 模型起草，\(shares.edited)% 由 AI 起草后经作者修改，\(shares.writer)% 由作者本人撰写。使用的模型：\(names.isEmpty ? "未记录" : names.joined(separator: "、"))。"
        }
        return "AI disclosure: this book was written with novelist. By length, about \(shares.model)% of the text was drafted by AI models, \(shares.edited)% drafted by AI and then edited by the author, and \(shares.writer)% written by the author. Models: \(names.isEmpty ? "not recorded" : names.joined(separator: ", "))."
    }

    public static func text(language: StoryLanguage, models: [String]) -> String {
        if language == .zh {
            let names = models.isEmpty ? "（chat.jsonl 中没有记录模型名称）" : models.joined(separator: "、")
            return "AI 使用说明：本书在写作过程中借助了人工智能，使用的工具是 novelist，使用的模型：\(names)。"
        }
        let names = models.isEmpty ? "not recorded (no model is named in chat.jsonl)" : models.joined(separator: ", ")
        return "AI disclosure: this text was written with AI assistance, using novelist. Models used: \(names)."
    }
}
