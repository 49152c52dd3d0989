import Foundation
import NovelistText

// MARK: Rendering

/// Turns a story into one manuscript. Pure: chapters in, text and a report out.
package struct ManuscriptExport: Equatable, Sendable {
    package var text: String
    package var chapterCount: Int
    package var length: Int
    /// What the writer should know before trusting the export: gaps, empty chapters, outline mismatches.
    package var warnings: [String]

    /// Markdown with a pandoc-compatible YAML title block, each chapter under `# 第三章 标题` / `# Chapter 3: Title`.
    package static func markdown(meta: StoryMeta, chapters: [ChapterFile], outline: [OutlineEntry], date: String) -> ManuscriptExport {
        let plan = ManuscriptPlan.make(chapters: chapters, outline: outline)
        return markdown(meta: meta, plan: plan, date: date)
    }

    /// - Parameters:
    ///   - toc: a table of contents after the title block (for the md file; pandoc makes its own for the other formats).
    ///   - disclosure: a closing note, set apart by a scene break.
    ///   - prose: the prose of a batch of the plan's chapters (`ProseBatches.inPlan` for a plan that holds it).
    package static func markdown(
        meta: StoryMeta, plan: ManuscriptPlan, date: String, toc: Bool = false, disclosure: String? = nil,
        prose: (ArraySlice<ManuscriptChapter>) throws -> [Substring]
    ) rethrows -> ManuscriptExport {
        var text = ""
        var result = try writeMarkdown(meta: meta, plan: plan, date: date, toc: toc, disclosure: disclosure, prose: prose) { text += $0 }
        result.text = text
        return result
    }

    /// The manuscript of a plan that holds its prose.
    package static func markdown(meta: StoryMeta, plan: ManuscriptPlan, date: String, toc: Bool = false, disclosure: String? = nil)
        -> ManuscriptExport
    {
        markdown(meta: meta, plan: plan, date: date, toc: toc, disclosure: disclosure, prose: ProseBatches.inPlan)
    }

    package static func writeMarkdown(
        meta: StoryMeta, plan: ManuscriptPlan, date: String, toc: Bool = false, disclosure: String? = nil,
        to write: (Substring) throws -> Void
    ) rethrows -> ManuscriptExport {
        try writeMarkdown(meta: meta, plan: plan, date: date, toc: toc, disclosure: disclosure, prose: ProseBatches.inPlan, to: write)
    }

    /// The same manuscript handed to `write` in pieces, a chapter at a time, so that an export streams into its
    /// file and never holds the whole text; the result's `text` is empty. The chapters are read (`prose`) and
    /// rendered a batch at a time, on all cores.
    package static func writeMarkdown(
        meta: StoryMeta, plan: ManuscriptPlan, date: String, toc: Bool = false, disclosure: String? = nil,
        prose: (ArraySlice<ManuscriptChapter>) throws -> [Substring], to write: (Substring) throws -> Void
    ) rethrows -> ManuscriptExport {
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
        let length = try ProseBatches.render(plan, prose: prose, markdownChapter) { chapter, body in
            if parts, let v = chapter.volume, v != volume {
                out += "\n# \(v)\n"
                volume = v
            }
            let heading = meta.language.chapterHeading(chapter.number, title: chapter.title)
            out += "\n\(parts ? "##" : "#") \(heading)\(toc ? " {#\(anchor(chapter.number))}" : "")\n\n"
            // The chapter as its own piece: joined to the heading it was copied twice more (issue 19).
            try write(out[...])
            try write(body)
            out = "\n"
        }
        if let disclosure {
            out += "\n* * *\n\n" + disclosure + "\n"
        }
        if !out.isEmpty { try write(out[...]) }
        return ManuscriptExport(text: "", chapterCount: plan.chapters.count, length: length, warnings: plan.warnings)
    }

    /// A web-novel txt: the title (and author), then `第3章 标题` / `Chapter 3: Title` lines, a blank line between
    /// paragraphs, optionally each paragraph indented with two full-width spaces; scene breaks kept as written.
    package static func text(
        meta: StoryMeta, plan: ManuscriptPlan, indent: Bool, disclosure: String? = nil,
        prose: (ArraySlice<ManuscriptChapter>) throws -> [Substring]
    ) rethrows -> ManuscriptExport {
        var text = ""
        var result = try writeText(meta: meta, plan: plan, indent: indent, disclosure: disclosure, prose: prose) { text += $0 }
        result.text = text
        return result
    }

    /// The txt of a plan that holds its prose.
    package static func text(meta: StoryMeta, plan: ManuscriptPlan, indent: Bool, disclosure: String? = nil) -> ManuscriptExport {
        text(meta: meta, plan: plan, indent: indent, disclosure: disclosure, prose: ProseBatches.inPlan)
    }

    package static func writeText(
        meta: StoryMeta, plan: ManuscriptPlan, indent: Bool, disclosure: String? = nil, to write: (Substring) throws -> Void
    ) rethrows -> ManuscriptExport {
        try writeText(meta: meta, plan: plan, indent: indent, disclosure: disclosure, prose: ProseBatches.inPlan, to: write)
    }

    /// The same txt handed to `write` a chapter at a time; the result's `text` is empty.
    package static func writeText(
        meta: StoryMeta, plan: ManuscriptPlan, indent: Bool, disclosure: String? = nil,
        prose: (ArraySlice<ManuscriptChapter>) throws -> [Substring], to write: (Substring) throws -> Void
    ) rethrows -> ManuscriptExport {
        var out = meta.title + "\n"
        if !meta.author.isEmpty { out += (meta.language == .zh ? "作者：" : "by ") + meta.author + "\n" }
        var volume: String?
        let render: @Sendable (Substring) -> Substring = { textChapter(String($0), indent: indent)[...] }
        let length = try ProseBatches.render(plan, prose: prose, render) { chapter, body in
            if let v = chapter.volume, v != volume {
                out += "\n\n" + v
                volume = v
            }
            let label = meta.language == .zh ? "第\(chapter.number)章" : "Chapter \(chapter.number)"
            let heading =
                chapter.title.isEmpty ? label : (meta.language == .zh ? "\(label) \(chapter.title)" : "\(label): \(chapter.title)")
            out += "\n\n" + heading + "\n"
            try write(out[...])
            try write(body)
            out = ""
        }
        if let disclosure {
            out += "\n\n" + (indent ? "　　" : "") + plainText(disclosure) + "\n"
        }
        if !out.isEmpty { try write(out[...]) }
        return ManuscriptExport(text: "", chapterCount: plan.chapters.count, length: length, warnings: plan.warnings)
    }

    /// A chapter's paragraphs as the txt has them, each after a blank line.
    static func textChapter(_ prose: String, indent: Bool) -> String {
        var out = ""
        for paragraph in paragraphs(prose) {
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
        return out
    }

    /// The prose as it goes into the Markdown manuscript: trimmed, a level-1 heading inside the prose demoted to
    /// level 2 (so that it cannot start a chapter of its own in epub), and a `---` scene break written `- - -`
    /// (the same rule, but it can be neither a YAML block nor a setext heading for pandoc).
    /// A chapter's prose as the Markdown manuscript has it: `markdownProse(Paragraphs.normalizedForExport(prose))`
    /// in one pass over the chapter's lines, with no intermediate copies of the text (issue 19). The rare chapter
    /// where that composition trims white space at its ends, or where an indent takes a combining mark into its
    /// Character, takes the composition itself.
    static func markdownChapter(_ prose: Substring) -> Substring {
        if let same = plainSlice(prose) { return same }
        let cut = ProseLines(prose)
        // Most chapters go into the manuscript as they are written: then the prose itself is the piece written
        // (building it again line by line copied the whole manuscript once more).
        if let same = unchanged(cut, in: prose) { return same }
        var out = ""
        out.reserveCapacity(prose.utf8.count)
        var inFence = false
        var firstLine: Substring?
        var lastLine: Substring = ""
        func add(_ line: Substring) {
            if line.hasBytePrefix("```") || line.hasBytePrefix("~~~") { inFence.toggle() }
            if inFence {
                out += line
            } else if isHeading(line) {
                out += "#"
                out += line
            } else if isSceneBreak(line) {
                out += "- - -"
            } else {
                out += line
            }
        }
        for (k, span) in cut.spans.enumerated() {
            if k > 0 { out += "\n\n" }
            for i in span {
                if i > span.lowerBound { out += "\n" }
                guard let line = Paragraphs.withoutIndent(cut.lines[i]) else {
                    return markdownProse(Paragraphs.normalizedForExport(String(prose)))[...]
                }
                if firstLine == nil { firstLine = line }
                lastLine = line
                add(line)
            }
        }
        if firstLine?.first?.isWhitespace == true || lastLine.last?.isWhitespace == true {
            return markdownProse(Paragraphs.normalizedForExport(String(prose)))[...]
        }
        return out[...]
    }

    /// A level-1 heading inside the prose (demoted in the manuscript).
    private static func isHeading(_ line: Substring) -> Bool { line.hasBytePrefix("# ") || line.utf8.elementsEqual("#".utf8) }
    /// A `---` scene break (written `- - -`).
    private static func isSceneBreak(_ line: Substring) -> Bool { line.containsByte(0x2D) && line.trimmingWhitespace() == "---" }

    /// The slice of `prose` that `markdownChapter` would build, when it would build it unchanged: every line
    /// is a slice of `prose` (no "\r"), none has an indent, a heading or a scene break to rewrite, lines within a
    /// paragraph are one "\n" apart and paragraphs one empty line apart, and the ends are not white space.
    /// Nil otherwise (the chapter is then built).
    static func unchanged(_ cut: ProseLines, in prose: Substring) -> Substring? {
        guard let first = cut.spans.first, let last = cut.spans.last else { return prose[prose.startIndex..<prose.startIndex] }
        guard !prose.containsByte(13) else { return nil }  // its lines are slices of a copy
        var inFence = false
        for (k, span) in cut.spans.enumerated() {
            // The lines between two paragraphs: exactly one, and empty (the "\n\n" the builder writes).
            if k > 0, span.lowerBound != cut.spans[k - 1].upperBound + 2 || !cut.lines[span.lowerBound - 1].isEmpty { return nil }
            for i in span {
                let line = cut.lines[i]
                guard let bare = Paragraphs.withoutIndent(line), bare.startIndex == line.startIndex else { return nil }
                if line.hasBytePrefix("```") || line.hasBytePrefix("~~~") { inFence.toggle() }
                if !inFence && (isHeading(line) || isSceneBreak(line)) { return nil }
            }
        }
        let start = cut.lines[first.lowerBound]
        let end = cut.lines[last.upperBound]
        if start.first?.isWhitespace == true || end.last?.isWhitespace == true { return nil }
        return prose[start.startIndex..<end.endIndex]
    }

    static func markdownProse(_ prose: String) -> String {
        var inFence = false
        let text = prose.normalizingNewlines().trimmingWhitespace()
        var out = ""
        out.reserveCapacity(text.utf8.count + 64)
        for (i, line) in text.lineSlices().enumerated() {
            if i > 0 { out += "\n" }
            if line.hasBytePrefix("```") || line.hasBytePrefix("~~~") { inFence.toggle() }
            if inFence {
                out += line
            } else if line.hasBytePrefix("# ") || line.utf8.elementsEqual("#".utf8) {
                out += "#" + line
            } else if line.containsByte(0x2D), line.trimmingWhitespace() == "---" {
                out += "- - -"
            } else {
                out += line
            }
        }
        return out
    }

    /// The paragraphs, web-novel lines included (see `ProseFormat`), their indents removed once.
    static func paragraphs(_ prose: String) -> [String] { Paragraphs.forExport(prose) }

    /// `***`, `* * *`, `＊＊＊` (also `---`, `___`, `※※※`, `＊ ＊ ＊`): a line made of three or more of one break mark.
    package static func isSceneBreak(_ paragraph: String) -> Bool {
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
        "\""
            + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}

extension StoryLanguage {
    /// The language tag for pandoc and e-books.
    package var bcp47: String { self == .zh ? "zh-CN" : "en" }
}

// MARK: AI disclosure

/// The closing note of `--ai-disclosure`: the shares from the story's provenance (which paragraphs came from
/// a model), and the models named in `chat.jsonl`.
package enum AIDisclosure {
    /// The distinct `model` values of chat.jsonl, in the order they first appear.
    package static func models(fromTranscript text: String?) -> [String] {
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
    package static func text(language: StoryLanguage, report: ProvenanceReport, models: [String]) -> String {
        guard report.total > 0 else { return text(language: language, models: models) }
        let names = (report.models + models.filter { !report.models.contains($0) })
        let shares = report.shares  // they add up to 100
        if language == .zh {
            return
                "AI 使用说明：本书借助 novelist 写作。按字数计，约 \(shares.model)% 的文字由 AI 模型起草，\(shares.edited)% 由 AI 起草后经作者修改，\(shares.writer)% 由作者本人撰写。使用的模型：\(names.isEmpty ? "未记录" : names.joined(separator: "、"))。"
        }
        return
            "AI disclosure: this book was written with novelist. By length, about \(shares.model)% of the text was drafted by AI models, \(shares.edited)% drafted by AI and then edited by the author, and \(shares.writer)% written by the author. Models: \(names.isEmpty ? "not recorded" : names.joined(separator: ", "))."
    }

    package static func text(language: StoryLanguage, models: [String]) -> String {
        if language == .zh {
            let names = models.isEmpty ? "（chat.jsonl 中没有记录模型名称）" : models.joined(separator: "、")
            return "AI 使用说明：本书在写作过程中借助了人工智能，使用的工具是 novelist，使用的模型：\(names)。"
        }
        let names = models.isEmpty ? "not recorded (no model is named in chat.jsonl)" : models.joined(separator: ", ")
        return "AI disclosure: this text was written with AI assistance, using novelist. Models used: \(names)."
    }
}
