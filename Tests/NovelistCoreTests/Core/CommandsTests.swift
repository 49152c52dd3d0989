import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

@Suite("Typed input")
struct InputTests {
    @Test("a slash command with arguments")
    func command() {
        #expect(Input.parse("/expand chapter 3 更紧张") == .command(name: "expand", arguments: "chapter 3 更紧张"))
        #expect(Input.parse("  /export   md  out.md ") == .command(name: "export", arguments: "md  out.md"))
        #expect(Input.parse("/chapters") == .command(name: "chapters", arguments: ""))
        #expect(Input.parse("/EXPAND 3") == .command(name: "EXPAND", arguments: "3"))
        #expect(Input.parse("/new\u{3000}雾港来信") == .command(name: "new", arguments: "雾港来信"))
    }

    @Test("plain text is chat, trimmed")
    func chat() {
        #expect(Input.parse("林晚该怎么发现那封信？") == .chat("林晚该怎么发现那封信？"))
        #expect(Input.parse("  hello  \n") == .chat("hello"))
        #expect(Input.parse("a/b is not a command") == .chat("a/b is not a command"))
    }

    @Test("// sends a line starting with a slash as chat")
    func doubleSlash() {
        #expect(Input.parse("//literal") == .chat("/literal"))
        #expect(Input.parse("//expand is a command") == .chat("/expand is a command"))
    }

    @Test("a lone slash or a slash followed by a space is chat")
    func loneSlash() {
        // Issue 13: `/` and `//` alone are mistyped commands, never chat sent to the model.
        #expect(Input.parse("/") == .command(name: "", arguments: ""))
        #expect(Input.parse(" // ") == .command(name: "/", arguments: ""))
        #expect(Input.parse("/ what") == .chat("/ what"))
    }

    @Test("empty and white space are empty", arguments: ["", " ", "\t", "\n", "  \u{3000} \r\n"])
    func empty(line: String) {
        #expect(Input.parse(line) == .empty)
    }
}

@Suite("Command table")
struct CommandTableTests {
    @Test("find by name and alias, case-insensitively")
    func find() {
        #expect(CommandTable.find("expand")?.name == "expand")
        #expect(CommandTable.find("EXPAND")?.name == "expand")
        #expect(CommandTable.find("exit")?.name == "quit")
        #expect(CommandTable.find("q")?.name == "quit")
        #expect(CommandTable.find("?")?.name == "help")
        #expect(CommandTable.find("nope") == nil)
        #expect(CommandTable.find("") == nil)
    }

    @Test(
        "did-you-mean suggestions",
        arguments: [
            ("expnd", "expand"), ("exapnd", "expand"), ("chaptrs", "chapters"), ("ex", "expand"), ("mod", "models"),
            ("quti", "quit"), ("EXPND", "expand")
        ])
    func suggestion(typed: String, suggested: String) {
        #expect(CommandTable.suggestion(for: typed) == suggested)
    }

    @Test("nothing close, no suggestion", arguments: ["zzzzzzzz", "rewrite-everything"])
    func noSuggestion(typed: String) {
        #expect(CommandTable.suggestion(for: typed) == nil)
    }

    @Test("completions list command names (not aliases) with the slash")
    func completions() {
        #expect(CommandTable.completions(forCommandPrefix: "/ex") == ["/expand", "/export"])
        #expect(CommandTable.completions(forCommandPrefix: "/mo") == ["/models", "/model"])
        #expect(CommandTable.completions(forCommandPrefix: "/q") == ["/quit"])
        #expect(CommandTable.completions(forCommandPrefix: "/zz") == [])
        #expect(CommandTable.completions(forCommandPrefix: "/").count == CommandTable.all.count)
    }

    @Test("the table is consistent: unique names and aliases, usage starts with the command")
    func consistent() {
        let all = CommandTable.all.flatMap { [$0.name] + $0.aliases }
        #expect(Set(all).count == all.count)
        for spec in CommandTable.all {
            #expect(spec.usage.hasPrefix("/" + spec.name), "\(spec.usage)")
            #expect(!spec.summary.isEmpty)
            #expect(spec.name == spec.name.lowercased())
        }
    }

    @Test("edit distance")
    func editDistance() {
        #expect(CommandTable.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(CommandTable.editDistance(Array(""), Array("abc")) == 3)
        #expect(CommandTable.editDistance(Array("abc"), Array("")) == 3)
        #expect(CommandTable.editDistance(Array("雾港"), Array("雾港")) == 0)
    }
}

@Suite("Chapter arguments")
struct ChapterArgumentTests {
    @Test(
        "the ways a writer names a chapter",
        arguments: [
            ("chapter 3", 3, ""),
            ("3", 3, ""),
            ("ch 3 guidance", 3, "guidance"),
            ("Chapter 12 more tension, please", 12, "more tension, please"),
            ("第3章", 3, ""),
            ("第三章 要求", 3, "要求"),
            ("第十二回 多写对话", 12, "多写对话"),
            ("chapter3", 3, ""),
            ("三", 3, ""),
            ("章 5 短一点", 5, "短一点"),
            ("  7   节奏  快一些 ", 7, "节奏 快一些")
        ])
    func parse(arguments: String, number: Int, rest: String) throws {
        let parsed = try ChapterArgument.parse(arguments)
        #expect(parsed.number == number)
        #expect(parsed.rest == rest)
    }

    @Test(
        "what is not a chapter number",
        arguments: [
            ("abc", "abc"), ("0", "0"), ("-1", "-1"), ("chapter x", "x"), ("1234567", "1234567"), ("第零章", "第零章"), ("3.5", "3.5")
        ])
    func notANumber(arguments: String, token: String) {
        #expect(throws: NovelistError.notANumber(token)) { try ChapterArgument.parse(arguments) }
    }

    @Test("no chapter at all is a usage error", arguments: ["", "   ", "chapter", "ch  "])
    func usage(arguments: String) {
        #expect(throws: NovelistError.usage(command: "expand", usage: "/expand chapter <N> [--n K] [guidance]")) {
            try ChapterArgument.parse(arguments)
        }
    }
}
