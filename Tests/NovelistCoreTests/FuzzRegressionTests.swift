import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// Inputs the fuzz targets (fuzz/) found or that guard what they found: each must be handled without a
/// trap. The files are in fuzz/regressions/.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let regressions = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fuzz/regressions")

    /// A digit-by-digit Chinese numeral longer than an Int overflowed (`/expand 一一一…` killed novelist,
    /// and such an outline heading made the story impossible to open).
    @Test func longChineseNumeralIsNotANumber() throws {
        let many = String(repeating: "一", count: 22)
        #expect(ChineseNumerals.parse(many) == nil)
        #expect(ChineseNumerals.parse(String(repeating: "九", count: 18)) == 999_999_999_999_999_999)
        _ = ChineseNumerals.parse(String(repeating: "九千", count: 100_000))  // must not trap
        #expect(throws: NovelistError.self) { try ChapterArgument.parse("chapter \(many)") }
        #expect(throws: NovelistError.self) { try ChapterArgument.parse("第\(many)章") }
        #expect(OutlineParser.parse("## 第\(many)章 标题\n\n## 第二章 邮差\n").map(\.number) == [2])
        #expect(ChineseNumerals.parse("一〇五") == 105)
        #expect(ChineseNumerals.parse("一万零十") == 10_010)
    }

    /// The committed crash inputs, run through what their fuzz target runs.
    @Test func committedInputsDoNotTrap() throws {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: Self.regressions.path)) ?? [] {
            let data = try Data(contentsOf: Self.regressions.appendingPathComponent(name))
            let text = String(decoding: data, as: UTF8.self)
            _ = OutlineParser.parse(text)
            _ = Proposal.parse(text)
            for line in text.split(separator: "\n") {
                if case .command(_, let args) = Input.parse(String(line)) { _ = try? ChapterArgument.parse(args) }
            }
            if var doc = try? MarkdownDocument(parsing: text, name: name) {
                doc["status"] = "draft"
                _ = doc.render()
            }
        }
    }

    /// Yams drops custom tags when it writes a mapping back, so keys that differed only by tag collide:
    /// the document reads, and writing it back does not trap (the rewrite may not read again; see fuzz/README.md).
    @Test func customTagsInFrontMatterDoNotTrap() throws {
        let data = try Data(contentsOf: Self.regressions.appendingPathComponent("frontmatter-custom-tags"))
        let text = String(decoding: data, as: UTF8.self)
        var doc = try MarkdownDocument(parsing: text, name: "x.md")
        doc["status"] = "draft"
        #expect(doc.render().hasPrefix("---\n"))
    }
}
