import NovelistText

/// A structure change a brainstorming reply proposes in an ```` ```outline-ops ```` block, one operation a line:
///
///     add after 2: 山路        (also `insert after 2: …`, `add before 3: …`, `add: …` at the end)
///     move 5 to 3
///     merge 4 into 3          (4's beats and prose go to the end of 3, then 4 is deleted)
///     delete 7
///     rename 3: 新标题
///
/// Each line applies to the story as the lines before it left it. The plan is the same change the
/// `/chapter add|move|delete` commands make — outline headings and chapter files renumbered together — as
/// one set of file edits. Pure: text in, edits out.
package enum OutlineOps {
    package enum Op: Equatable, Sendable {
        case chapter(ChapterPlan.Operation)
        case merge(from: Int, into: Int)
    }

    package struct Plan: Equatable, Sendable {
        /// What each line does, in order ("add chapter 3 山路").
        package var steps: [String]
        package var edits: [FileEdit]
        /// Original chapter number → its number afterwards, for the chapters whose number changes.
        package var renumbered: [Int: Int]
    }

    package static func parse(_ text: String) throws(NovelistError) -> [Op] {
        var ops: [Op] = []
        for raw in text.normalizingNewlines().split(separator: "\n") {
            var line = raw.trimmingWhitespace()
            while let f = line.first, "-*•".contains(f) { line = String(line.dropFirst()).trimmingWhitespace() }
            guard !line.isEmpty else { continue }
            guard let op = parseLine(line) else {
                throw .usage(
                    command: "apply",
                    usage: L(
                        "an outline-ops line is one of: add after N: TITLE · move N to M · merge N into M · delete N · rename N: TITLE (not '%@')",
                        line))
            }
            ops.append(op)
        }
        return ops
    }

    static func parseLine(_ line: String) -> Op? {
        // The title: what follows the first colon, or the words after the numbers.
        var head = line
        var title = ""
        if let c = line.firstIndex(where: { $0 == ":" || $0 == "：" }) {
            head = String(line[..<c])
            title = line[line.index(after: c)...].trimmingWhitespace()
        }
        var words = head.split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
        guard !words.isEmpty else { return nil }
        func number(_ w: String) -> Int? {
            var t = w
            if t.hasPrefix("chapter") { t = String(t.dropFirst(7)) }
            if t.hasPrefix("第"), t.hasSuffix("章") { t = String(t.dropFirst().dropLast()) }
            guard let n = Int(t) ?? ChineseNumerals.parse(t), n > 0, n <= OutlineParser.maxChapter else { return nil }
            return n
        }
        words = words.filter { $0 != "chapter" }
        switch words[0] {
        case "add", "insert", "new":
            if words.count >= 3, ["after", "before"].contains(words[1]), let n = number(words[2]) {
                if title.isEmpty { title = words.dropFirst(3).joined(separator: " ") }
                guard !title.isEmpty else { return nil }
                return .chapter(.add(title: title, after: words[1] == "after" ? n : n - 1))
            }
            if title.isEmpty { title = words.dropFirst().joined(separator: " ") }
            return title.isEmpty ? nil : .chapter(.add(title: title, after: nil))
        case "move":
            guard words.count == 4, words[2] == "to", let a = number(words[1]), let b = number(words[3]) else { return nil }
            return .chapter(.move(from: a, to: b))
        case "merge":
            guard words.count == 4, ["into", "to", "with"].contains(words[2]), let a = number(words[1]), let b = number(words[3]), a != b
            else { return nil }
            return .merge(from: a, into: b)
        case "delete", "remove":
            guard words.count == 2, let n = number(words[1]) else { return nil }
            return .chapter(.delete(n))
        case "rename":
            guard words.count >= 2, let n = number(words[1]) else { return nil }
            if title.isEmpty { title = words.dropFirst(2).joined(separator: " ") }
            return title.isEmpty ? nil : .chapter(.rename(n, title: title))
        default:
            return nil
        }
    }

    /// - Parameters:
    ///   - outline: the text of outline.md
    ///   - files: the chapter files (number, path, content)
    package static func plan(_ ops: [Op], outline: String, files: [ChapterPlan.Chapter], language: StoryLanguage) throws(NovelistError)
        -> Plan
    {
        let outlinePath = StoryWorkspace.outlineFile
        var initial: [String: String] = [outlinePath: outline]
        for f in files { if let p = f.path, let c = f.content { initial[p] = c } }
        var state = initial
        var current: [Int: Int] = [:]  // original number → number now
        for n in Set(OutlineParser.parse(outline).map(\.number)).union(files.map(\.number)) { current[n] = n }
        var steps: [String] = []

        func chapters() -> [ChapterPlan.Chapter] {
            state.keys.sorted().compactMap { path in
                guard path.hasPrefix(StoryWorkspace.chaptersDir + "/"), let n = ChapterFile.number(fromFileName: lastPathComponent(path))
                else { return nil }
                return ChapterPlan.Chapter(number: n, path: path, content: state[path])
            }
        }
        func run(_ op: ChapterPlan.Operation) throws(NovelistError) -> ChapterPlan {
            let plan = try ChapterPlan.plan(op, outline: state[outlinePath] ?? "", files: chapters(), language: language)
            for e in plan.edits { state[e.path] = e.content }
            var removed: Int?
            if case .delete(let n) = op { removed = n }
            for (orig, now) in current {
                if now == removed { current.removeValue(forKey: orig) } else if let new = plan.renumbered[now] { current[orig] = new }
            }
            return plan
        }

        for op in ops {
            switch op {
            case .chapter(let c):
                steps.append(try run(c).message.text)
            case .merge(let from, let into):
                try mergeContent(from: from, into: into, state: &state, files: chapters(), language: language)
                _ = try run(.delete(from))
                steps.append(L("merge chapter %d into %d", from, into))
            }
        }
        var edits: [FileEdit] = []
        if state[outlinePath] != outline { edits.append(FileEdit(outlinePath, state[outlinePath] ?? "")) }
        for path in Set(initial.keys).union(state.keys).sorted() where path != outlinePath && initial[path] != state[path] {
            edits.append(FileEdit(path, state[path]))
        }
        return Plan(steps: steps, edits: edits, renumbered: current.filter { $0.key != $0.value })
    }

    /// Chapter `from`'s beats go to the end of `into`'s outline entry, its prose to the end of `into`'s file.
    static func mergeContent(from: Int, into: Int, state: inout [String: String], files: [ChapterPlan.Chapter], language: StoryLanguage)
        throws(NovelistError)
    {
        let outlinePath = StoryWorkspace.outlineFile
        let lines = (state[outlinePath] ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var pieces = OutlineMerge.pieces(lines)
        func index(_ n: Int) -> Int? {
            pieces.firstIndex {
                if case .entry(n, _) = $0 { return true }
                return false
            }
        }
        let numbers = Set(OutlineParser.parse(state[outlinePath] ?? "").map(\.number)).union(files.map(\.number)).sorted()
        for n in [from, into] where !numbers.contains(n) { throw .chapterOutOfRange(n, valid: numbers) }
        if let a = index(from), let b = index(into), case .entry(_, let fromLines) = pieces[a], case .entry(_, let intoLines) = pieces[b] {
            let beats = OutlineMerge.trimBlank(Array(fromLines.dropFirst()))
            if !beats.isEmpty { pieces[b] = .entry(into, intoLines + beats) }
            state[outlinePath] = pieces.flatMap { p -> [String] in
                switch p {
                case .other(let l), .entry(_, let l): return l
                }
            }.joined(separator: "\n")
        }
        guard let source = files.first(where: { $0.number == from }), let content = source.content,
            let doc = try? MarkdownDocument(parsing: content, name: source.path ?? ""), !doc.body.trimmingWhitespace().isEmpty
        else { return }
        if let target = files.first(where: { $0.number == into }), let path = target.path, let text = target.content {
            var merged = try MarkdownDocument(parsing: text, name: path)
            let body = merged.body.trimmingWhitespace()
            let prose = doc.body.trimmingWhitespace()
            merged.body = (body.isEmpty ? "" : body + Paragraphs.split(body).separator) + prose + "\n"
            state[path] = merged.render()
        } else {
            let title = OutlineParser.parse(state[outlinePath] ?? "").first { $0.number == into }?.title ?? ""
            var moved = doc
            moved["title"] = title
            state[StoryWorkspace.chapterPath(number: into, title: title)] = moved.render()
        }
    }
}
