import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// The interface-language catalog: every `L("…")` in the sources has its Chinese text, with the same
/// placeholders; the language is detected from flags and the locale; real messages render in both languages.
@Suite(.serialized)
struct MessagesTests {
    /// The package root, found from this file: Tests/NovelistCoreTests/MessagesTests.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every string literal passed to `L(` or `Phrase(` in Sources/, unescaped, with where it was found.
    static func literals() throws -> [(text: String, place: String)] {
        let sources = root.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else { return [] }
        // L(" then the literal's characters (an escaped character is one unit), then the closing quote; the
        // formatter may put the literal on the line after `L(`.
        let pattern = try NSRegularExpression(pattern: #"(?<![A-Za-z0-9_.])(?:L|Phrase)\(\s*"((?:[^"\\\n]|\\.)*)""#)
        var found: [(String, String)] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            // Comment lines are blanked (the line numbers stay right).
            let code = text.components(separatedBy: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces).hasPrefix("//") ? "" : $0 }.joined(separator: "\n")
            let ns = code as NSString
            for m in pattern.matches(in: code, range: NSRange(location: 0, length: ns.length)) {
                let raw = ns.substring(with: m.range(at: 1))
                let line = ns.substring(to: m.range(at: 1).location).filter { $0 == "\n" }.count + 1
                found.append((raw, "\(url.lastPathComponent):\(line)"))
            }
        }
        return found
    }

    /// A Swift string literal's text as the program sees it.
    static func unescape(_ raw: String) -> String {
        var out = ""
        var chars = raw.makeIterator()
        while let c = chars.next() {
            guard c == "\\", let e = chars.next() else {
                out.append(c)
                continue
            }
            switch e {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "0": out.append("\0")
            case "u":
                var hex = ""
                while let h = chars.next(), h != "}" { if h != "{" { hex.append(h) } }
                if let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) { out.unicodeScalars.append(s) }
            default: out.append(e)  // \" \\ \'
            }
        }
        return out
    }

    /// The placeholders of a format string: argument position (1-based) → conversion (`@`, `d`, `.1f` …).
    /// Positions are explicit (`%2$d`) or counted. `%%` is a literal percent sign.
    static func placeholders(_ format: String) -> (specs: [(position: Int, spec: String)], stray: Bool) {
        let regex = try! NSRegularExpression(pattern: #"%(?:(\d+)\$)?([-+ 0#]*\d*(?:\.\d+)?(?:l|ll)?[@dfs])|%%"#)
        let ns = format as NSString
        var specs: [(Int, String)] = []
        var next = 1
        var covered = 0
        for m in regex.matches(in: format, range: NSRange(location: 0, length: ns.length)) {
            covered += m.range.length
            guard m.range(at: 2).location != NSNotFound else { continue }  // %%
            let spec = ns.substring(with: m.range(at: 2))
            if m.range(at: 1).location != NSNotFound {
                specs.append((Int(ns.substring(with: m.range(at: 1)))!, spec))
            } else {
                specs.append((next, spec))
                next += 1
            }
        }
        let percents = format.filter { $0 == "%" }.count
        let matchedPercents = regex.matches(in: format, range: NSRange(location: 0, length: ns.length))
            .map { ns.substring(with: $0.range).filter { $0 == "%" }.count }.reduce(0, +)
        return (specs, percents != matchedPercents)
    }

    // MARK: (1) completeness

    @Test func everyLiteralHasAChineseText() throws {
        let literals = try Self.literals()
        #expect(literals.count > 200, "the scan finds the L(\"…\") calls (found \(literals.count))")
        var missing: [String] = []
        for (raw, place) in literals {
            #expect(!raw.contains("\\("), "\(place): L(\"…\") must not interpolate; use %@ and an argument: \(raw)")
            let english = Self.unescape(raw)
            #expect(!english.isEmpty, "\(place): L() needs a one-line literal")
            if Messages.zh[english] == nil { missing.append("\(place): \(english)") }
        }
        #expect(missing.isEmpty, "no Chinese text in Messages.zh for:\n\(missing.joined(separator: "\n"))")
    }

    @Test func theCatalogHoldsOnlyTextsThatAreUsed() throws {
        let used = Set(try Self.literals().map { Self.unescape($0.text) })
        let unused = Messages.zh.keys.filter { !used.contains($0) }.sorted()
        #expect(unused.isEmpty, "entries no L(\"…\") uses:\n\(unused.joined(separator: "\n"))")
    }

    // MARK: (2) placeholders

    @Test func chineseTextsHaveTheSamePlaceholdersAsTheirKeys() {
        for (english, chinese) in Messages.zh {
            let key = Self.placeholders(english)
            let value = Self.placeholders(chinese)
            #expect(!key.stray || key.specs.isEmpty, "a literal % must be written %% in: \(english)")
            #expect(!value.stray || key.specs.isEmpty, "a stray % in the Chinese text of: \(english)")
            // The key counts its arguments in order; the Chinese text may reorder them (%2$@) but must use each
            // one with the same conversion, and no other.
            #expect(!english.contains(#/%\d+\$/#), "the English key numbers no argument: \(english)")
            let keyByPosition = Dictionary(key.specs.map { ($0.position, $0.spec) }, uniquingKeysWith: { a, _ in a })
            let valueByPosition = Dictionary(value.specs.map { ($0.position, $0.spec) }, uniquingKeysWith: { a, _ in a })
            #expect(keyByPosition == valueByPosition, "placeholders differ: \(english) → \(chinese)")
            let count: ([(position: Int, spec: String)]) -> [String: Int] = { specs in
                specs.reduce(into: [:]) { $0[$1.spec.last.map(String.init) ?? "", default: 0] += 1 }
            }
            #expect(count(key.specs) == count(value.specs), "placeholder counts differ: \(english) → \(chinese)")
        }
    }

    /// Every entry formats in both languages with arguments of its placeholders' types (no crash, no leftover %).
    @Test func everyEntryFormats() {
        for (english, chinese) in Messages.zh {
            let specs = Self.placeholders(english).specs
            guard !specs.isEmpty else { continue }
            let args: [any CVarArg] = specs.map { s -> any CVarArg in
                switch s.spec.last {
                case "@": return "林晚"
                case "f": return 3.25
                default: return 42
                }
            }
            let en = String(format: english, arguments: args)
            let zh = String(format: chinese, arguments: args)
            #expect(!en.contains("%@") && !zh.contains("%@") && !zh.contains("$@") && !zh.contains("$d"), "\(english) → \(zh)")
            if specs.contains(where: { $0.spec.last == "@" }) { #expect(zh.contains("林晚"), "\(zh)") }
        }
    }

    /// `L` fills messages in itself (issue 19: Foundation's formatter was 250,000 instructions a call); what it
    /// makes is exactly what `String(format:)` makes, for every entry in both languages, and what it does not
    /// handle it leaves to Foundation.
    @Test func ownFormattingIsFoundations() {
        var made = 0
        for (english, chinese) in Messages.zh {
            let specs = Self.placeholders(english).specs
            guard !specs.isEmpty else { continue }
            var k = 0
            let args: [any CVarArg] = specs.map { s -> any CVarArg in
                k += 1
                switch s.spec.last {
                case "@": return "林晚\(k)%d"
                case "f": return 3.25 * Double(k)
                default: return -42 * k
                }
            }
            for template in [english, chinese] {
                guard let own = MessageFormat.format(template, args) else { continue }
                made += 1
                #expect(own == String(format: template, arguments: args), "\(template)")
            }
        }
        #expect(made > 700)  // 776 of the catalog's templates in both languages when written
        #expect(MessageFormat.format("%2$@ 和 %1$@，100%%", ["甲", "乙"]) == "乙 和 甲，100%")
        let eleven: [any CVarArg] = (1...11).map { $0 }
        #expect(MessageFormat.format("%11$d/%10$d/%1$d", eleven) == "11/10/1")
        #expect(MessageFormat.format("%0$d", [1]) == nil && MessageFormat.format("%1234$d", [1]) == nil)
        #expect(MessageFormat.format("%d", [Int(Int32.max) + 1]) == nil, "past 32 bits: left to Foundation")
        #expect(MessageFormat.format("%@", [42]) == nil && MessageFormat.format("%.1f", [1.5]) == nil)
        #expect(MessageFormat.format("%@ %@", ["one"]) == nil && MessageFormat.format("50%", []) == nil)
        #expect(L("%d/%d chapters", 3, 300) == String(format: Messages.text("%d/%d chapters"), 3, 300))
    }

    // MARK: (3) detection

    @Test func detectsTheLanguage() {
        #expect(InterfaceLanguage.detect(flag: nil, environment: ["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(
            InterfaceLanguage.detect(flag: nil, environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"]) == .en, "LC_ALL beats LANG")
        #expect(
            InterfaceLanguage.detect(flag: nil, environment: ["LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"]) == .zh, "LC_ALL beats LANG")
        #expect(InterfaceLanguage.detect(flag: nil, environment: ["LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"]) == .zh)
        #expect(InterfaceLanguage.detect(flag: nil, environment: ["LANG": "C"]) == .en)
        #expect(InterfaceLanguage.detect(flag: nil, environment: ["LANG": ""]) == .en)
        #expect(InterfaceLanguage.detect(flag: nil, environment: [:]) == .en)
        #expect(
            InterfaceLanguage.detect(flag: nil, environment: ["LC_ALL": "", "LANG": "zh_CN.UTF-8"]) == .zh, "an empty LC_ALL does not count"
        )
        #expect(InterfaceLanguage.detect(flag: "zh", environment: ["LANG": "C"]) == .zh, "--lang wins")
        #expect(
            InterfaceLanguage.detect(flag: "en", environment: ["LANG": "zh_CN.UTF-8", "NOVELIST_LANG": "zh"]) == .en,
            "--lang beats NOVELIST_LANG")
        #expect(InterfaceLanguage.detect(flag: nil, environment: ["LANG": "en_US.UTF-8", "NOVELIST_LANG": "zh"]) == .zh)
        #expect(InterfaceLanguage.detect(flag: nil, environment: ["LC_ALL": "zh_CN.UTF-8", "NOVELIST_LANG": "en"]) == .en)
        #expect(InterfaceLanguage.detect(flag: "ZH", environment: [:]) == .zh)
        #expect(InterfaceLanguage.detect(flag: "zh-Hans", environment: [:]) == .zh)
    }

    // MARK: (4) rendering

    /// Renders in `language` for this test only: `Messages.scoped` is task-local, so suites running in
    /// parallel keep seeing the process-wide language (English in tests) while this one sees Chinese.
    func rendered<T>(_ language: InterfaceLanguage, _ body: () -> T) -> T {
        Messages.$scoped.withValue(language) { body() }
    }

    @Test func realMessagesRenderInChineseAndEnglish() {
        let zh = rendered(.zh) {
            (
                NovelistError.noStoryOpen.message,
                NovelistError.chapterOutOfRange(4, valid: [1, 2, 3]).message,
                NovelistError.unknownCommand("expnd", suggestion: "expand").message,
                L("Wrote %@ (%d %@).", "chapters/002-邮差.md", 3120, "字"),
                CommandTable.find("expand")!.summary,
                Messages.language
            )
        }
        #expect(zh.0 == "还没有打开故事。用 /open <name> 打开（/stories 列出全部），或用 /new <title> 新建。")
        #expect(zh.1 == "没有第 4 章：现有章节为第 1-3 章。未做任何改动。")
        #expect(zh.2 == "没有 /expnd 这个命令。你是不是想用 /expand？输入 /help 查看命令列表。")
        #expect(zh.3 == "已写入 chapters/002-邮差.md（3120 字）。")
        #expect(zh.4.hasPrefix("按大纲写出第 N 章"))
        #expect(zh.5 == .zh)

        let en = rendered(.en) {
            (
                NovelistError.noStoryOpen.message,
                NovelistError.chapterOutOfRange(4, valid: [1, 2, 3]).message,
                L("Wrote %@ (%d %@).", "chapters/002-邮差.md", 3120, "字"),
                CommandTable.find("expand")!.summary
            )
        }
        #expect(en.0 == "No story is open. Use /open <name> (see /stories) or /new <title>.")
        #expect(en.1 == "There is no chapter 4: the chapters are 1-3. Nothing was changed.")
        #expect(en.2 == "Wrote chapters/002-邮差.md (3120 字).")
        #expect(en.3.hasPrefix("Write chapter N from its outline entry"))
    }

    @Test func pluralsAndPercentSignsRenderAsWholeSentences() {
        let zh = rendered(.zh) {
            [
                L("Took %d of %d hunks.", 2, 5),
                L("%@: %d %@ — model %d%% · model, edited by you %d%% · yours %d%%", "第一章 旧信", 1620, "字", 50, 30, 20),
                L("%@\nRetrying (attempt %d of %d) in %.1f s… (Ctrl-C to stop)", "429", 2, 4, 1.0)
            ]
        }
        #expect(zh[0] == "采用了 5 处改动中的 2 处。")
        #expect(zh[1] == "第一章 旧信：1620 字 — 模型 50% · 模型写、你修改 30% · 你写 20%")
        #expect(zh[2] == "429\n1.0 秒后重试（第 2 次，共 4 次）…（按 Ctrl-C 停止）")
        let en = rendered(.en) {
            L("%@: %d %@ — model %d%% · model, edited by you %d%% · yours %d%%", "Chapter 1", 900, "words", 100, 0, 0)
        }
        #expect(en == "Chapter 1: 900 words — model 100% · model, edited by you 0% · yours 0%")
    }

    @Test func helpShowsExamplesWithTranslatedExplanations() {
        let spec = CommandTable.find("rewrite")!
        #expect(spec.examples.contains { $0.line == "/rewrite chapter 3 §4-6 让对话更紧张" })
        let zh = rendered(.zh) { CommandTable.find("rewrite")!.examples.map(\.explanation) }
        let en = rendered(.en) { CommandTable.find("rewrite")!.examples.map(\.explanation) }
        #expect(zh.first == "改写第三章第 4 到 6 段，让对话更紧张")
        #expect(en.first == "Rewrite paragraphs 4 to 6 of chapter 3 with tenser dialogue")
    }

    // MARK: (5) String(format:) on Linux

    @Test func formatWithChineseArgumentsWorks() {
        #expect(String(format: "%@ 与 %@", "林晚", "雾港") == "林晚 与 雾港")
        #expect(String(format: "%2$@，%1$@", "林晚", "雾港") == "雾港，林晚")
        #expect(String(format: "%1$@（%2$d %3$@）", "第二章.md", 3120, "字") == "第二章.md（3120 字）")
        #expect(String(format: "%.1f 秒", 2.25) == "2.2 秒" || String(format: "%.1f 秒", 2.25) == "2.3 秒")
        #expect(String(format: "「%@」😀", "𠀀字") == "「𠀀字」😀", "characters outside the BMP survive")
        #expect(L("No such text in the catalog: %@", "雾港") == "No such text in the catalog: 雾港", "unknown texts fall back to English")
    }
}
