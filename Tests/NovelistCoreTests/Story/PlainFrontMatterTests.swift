import Testing
import Yams

@testable import NovelistStory

@Suite("Plain front matter read without Yams")
struct PlainFrontMatterTests {
    static let keys = ["title", "status", "summary", "aliases", "name", "x-y", "_k", "bad key", "1a", "标题"]
    static let separators = [": ", ":  ", ":", " : ", ":\t"]
    static let values = [
        "雾港", "The Harbour", "a: b", "a #b", "a#b", "#c", "- x", "-x", "'q'", "\"q\"", "x:", "http://a.b/c", "[a, b]", "[a,b ]",
        "[]", "[ ]", "[a, [b]]", "{a: b}", "~", "null", "true", "3000", "0x1F", "1e3", "a\tb", "trail ", "&anchor", "*ref",
        "!tag x", "|", ">", "%x", "@x", "`x", "a, b", "[a, b", "a]", "?x", ":x", "a:b", "[a:b]", "[a, 'b']", "[, a]", "[a,]",
        "林晚，雾港", "“你不该回来的。”林默说。", "…", "x\u{2028}y", "x\u{85}y", "\u{FEFF}x", "[林晚, 阿晚]", "[ 林晚 ,阿晚 ]", "a\\b",
        "C:\\dir", "50%", "a=b", "<<", "[a #b]", "[#b]", "a ~ b", "yes", "Off", "2026-12-02", "12:30", "-", "[-a]", "[?a]"
    ]

    /// Yams' reading with the basic resolver, as MarkdownDocument did before the plain path.
    static func yams(_ yaml: String) -> Node.Mapping?? {
        let node: Node?
        do { node = try YAMLParsing.compose(yaml) } catch { return .none }
        switch node {
        case nil: return .some(Node.Mapping([]))
        case .mapping(let m)?: return .some(m)
        default: return .some(nil)
        }
    }

    @Test("whenever the plain path reads a front matter, Yams reads the same mapping")
    func agreesWithYams() {
        var rng = SplitMix64(seed: 19)
        var taken = 0
        var cases: [String] = []
        for k in Self.keys { for s in Self.separators { for v in Self.values { cases.append(k + s + v) } } }
        for _ in 0..<3000 {
            var lines: [String] = []
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                switch Int.random(in: 0..<12, using: &rng) {
                case 0: lines.append("# a comment")
                case 1: lines.append("")
                case 2: lines.append("  continued")
                default:
                    lines.append(Self.keys.randomElement(using: &rng)! + ": " + Self.values.randomElement(using: &rng)!)
                }
            }
            cases.append(lines.joined(separator: "\n"))
        }
        for yaml in cases {
            guard let plain = PlainFrontMatter.mapping(yaml) else { continue }
            taken += 1
            let expected = Self.yams(yaml)
            #expect(expected == .some(.some(plain)), "\(yaml.debugDescription)")
            // The values novelist reads agree too (strings and lists).
            if case .some(.some(let m)) = expected {
                for (k, v) in m { #expect(plain[k.string ?? ""]?.string == v.string, "\(yaml.debugDescription)") }
            }
        }
        #expect(taken > 500, "the plain path takes the common shapes (\(taken) of \(cases.count))")
    }

    @Test("the usual chapter and bible front matter take the plain path; odd shapes go to Yams")
    func takesTheUsualShapes() throws {
        let chapter = "title: 档案馆暗涌\nstatus: draft\nsummary: 顾清攥紧了口袋里冰凉的钥匙。“钟已经十年没响过了。”白远说。\ntarget: 3000"
        let m = try #require(PlainFrontMatter.mapping(chapter))
        #expect(m["summary"]?.string == "顾清攥紧了口袋里冰凉的钥匙。“钟已经十年没响过了。”白远说。")
        #expect(m["target"]?.int == 3000)
        let bible = try #require(PlainFrontMatter.mapping("name: 林晚\nkind: 人物\naliases: [阿晚, 林小姐]"))
        #expect(bible["aliases"]?.sequence?.compactMap(\.string) == ["阿晚", "林小姐"])
        for odd in ["title: 'quoted'", "# c\ntitle: x", "summary: |\n  block", "title: a: b", "title: x\ntitle: y", "tags:\n  - a"] {
            #expect(PlainFrontMatter.mapping(odd) == nil, "\(odd.debugDescription)")
        }
    }

    @Test("documents read by either path render and edit the same")
    func documentsAgree() throws {
        let text = "---\ntitle: 雾港\nstatus: draft\naliases: [阿晚, 林小姐]\n---\n\n林晚走进了咖啡馆。\n"
        var doc = try MarkdownDocument(parsing: text, name: "x.md")
        #expect(doc.render() == text)
        doc["status"] = "revised"
        #expect(doc.render() == "---\ntitle: 雾港\nstatus: revised\naliases: [阿晚, 林小姐]\n---\n\n林晚走进了咖啡馆。\n")
        #expect(doc.strings("aliases") == ["阿晚", "林小姐"])
    }
}
