import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistStory
@testable import NovelistText

/// Templates are parsed with their literal text moved into variables (`TemplateLiterals`) and get their values as
/// `PromptText`; what they render must be what swift-mustache renders from the template as written with String
/// values, for every template and every set of values.
@Suite("Template literals moved out of the parse")
struct TemplateLiteralsTests {
    /// The names a template's tags use.
    static func names(_ text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: #"\{\{[#^/&{]?\s*([A-Za-z0-9_.\-]+)"#)
        let range = NSRange(text.startIndex..., in: text)
        let found = regex.matches(in: text, range: range).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } }
        return Array(Set(found)).sorted()
    }

    static func bothWays(_ text: String, _ variables: [String: String]) -> (lifted: String, written: String) {
        func render(_ lifting: Bool) -> String {
            do {
                return try PromptLibrary.render(text, source: "t", variables: variables, plain: !lifting)
            } catch {
                return "error: \(error)"
            }
        }
        return (render(true), render(false))
    }

    /// A small deterministic generator, so a failure names its case.
    struct Seeded {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
    }

    @Test("every built-in template renders the same with any of its values set, and takes the quick parse")
    func builtInTemplates() throws {
        let values = ["林晚在雾港。\n\n  她推开门，“你好”。", "Mist {{over}} the harbour", "  第三章 雾\n- 一\n- 二", " "]
        var rng = Seeded(state: 7)
        for language in [StoryLanguage.zh, .en] {
            for name in BuiltinPrompts.names(language) {
                let text = try #require(BuiltinPrompts.text(name, language))
                let lifted = try #require(TemplateLiterals(text), "\(language)/\(name) is parsed as written")
                #expect(lifted.template.utf8.allSatisfy { $0 < 0x80 }, "\(language)/\(name): non-ASCII left in the parse")
                let names = Self.names(text)
                var sets: [[String: String]] = [[:], Dictionary(uniqueKeysWithValues: names.map { ($0, values[0]) })]
                for _ in 0..<30 {
                    var set: [String: String] = [:]
                    for n in names where rng.next(2) == 0 { set[n] = values[rng.next(values.count)] }
                    sets.append(set)
                }
                for set in sets {
                    let (a, b) = Self.bothWays(text, set)
                    #expect(a == b, "\(language)/\(name) with \(set.keys.sorted())")
                }
            }
        }
    }

    /// The pieces of the templates of `prompts/`, then the odd ones.
    static let common = [
        "雾港", "林晚推开门。", "abc", " ", "\t", "\n", "\n", "  ", "{{x}}", "{{{y}}}", "{{&x}}", "{{! 注释 }}", "{", "}}", "}",
        "“", "——", "{{ x }}", "{{#x}}", "{{^y}}", "{{/x}}", "{{/y}}", "¡", "　", "é", "{{uppercased(x)}}", "{{x.y}}",
        "{{#reversed(y)}}[{{.}}]{{/reversed(y)}}", "{{#x}}{{z}}{{/x}}"
    ]
    static let odd = [
        "e\u{301}", "\u{301}", "\r\n", "\r", "{{=<% %>=}}", "{{> p}}", "\u{0D4E}", "🙂", "\u{200D}", "\u{2028}", "{{",
        "{{.}}", "{{}}", "{{\n", "\u{FF9E}", "{{__literal0}}"
    ]

    @Test("random templates of text, tags, blank runs, joiners and odd line ends render the same, errors too")
    func randomTemplates() {
        var rng = Seeded(state: 19)
        let sets: [[String: String]] = [
            [:], ["x": "雾", "y": "“潮”\n  水"], ["x": "a{{b}}", "__literal0": "clash"], ["x": "<b>&", "z": "外", "y": "ab"]
        ]
        var quick = 0
        for _ in 0..<3_000 {
            var text = ""
            var open: [String] = []
            for _ in 0..<(1 + rng.next(24)) {
                let pieces = rng.next(40) == 0 ? Self.odd : Self.common
                let p = pieces[rng.next(pieces.count)]
                // Keep most sections balanced, so most cases parse.
                if p == "{{#x}}" || p == "{{^y}}" {
                    open.append(p == "{{#x}}" ? "{{/x}}" : "{{/y}}")
                } else if p.hasPrefix("{{/"), rng.next(4) != 0 {
                    if let close = open.popLast() { text += close }
                    continue
                }
                text += p
            }
            while let close = open.popLast() { text += close }
            if TemplateLiterals(text) != nil { quick += 1 }
            for set in sets {
                let (a, b) = Self.bothWays(text, set)
                #expect(a == b, "\(text.debugDescription) with \(set)")
            }
        }
        #expect(quick > 1_000, "only \(quick) of 3,000 took the quick parse")
    }

    @Test("what cannot read the same is parsed as written")
    func declined() {
        for text in [
            "a\r\nb", "{{=<% %>=}}", "{{> part}}", "{{$block}}{{/block}}", "{{x", "a{{x}}\u{301}b", "b\u{0D4E}{{x}}",
            "\u{2028}{{#x}}", "a\u{0C}b", "{{{x}}", "雾{", "{{.}}", "{{# .x}}{{/.x}}", "{{__literal0}}", "a{{}}", "{{{ }}}", "a{{\nb}}",
            "{{#x\r}}{{/x}}"
        ] {
            #expect(TemplateLiterals(text) == nil, "\(text.debugDescription)")
        }
        let lifted = TemplateLiterals("  {{#x}}\n第{{n}}章：雾\n{{/x}}\n{{! 注释 }}")
        #expect(lifted?.template == "  {{#x}}\n{{&__literal0}}{{n}}{{&__literal1}}\n{{/x}}\n{{!}}")
        #expect(lifted?.literals == ["__literal0": "第", "__literal1": "章：雾"])
    }
}
