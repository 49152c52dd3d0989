import Foundation
import Testing

@testable import NovelistText

/// A phrase keeps a message language-neutral until it is shown (issue 14: history in any language).
@Suite struct PhraseTests {
    @Test func argumentsAreFormattedByTheirPlaceholdersAndFilledInEitherLanguage() {
        let p = Phrase("add chapter %d %@", 3, "夜雨")
        #expect(p.args == ["3", "夜雨"])
        #expect(p.english == "add chapter 3 夜雨")
        #expect(Messages.$scoped.withValue(.zh) { p.text } == "新增第 3 章 夜雨")
        #expect(Messages.$scoped.withValue(.en) { p.text } == "add chapter 3 夜雨")
        // Positional placeholders reorder; %% is a percent sign; a float keeps its precision.
        #expect(Phrase.fill("%2$@ · %1$@ 100%%", ["a", "b"]) == "b · a 100%")
        #expect(Phrase("%d requests · cost %.4f", 2, 0.5).english == "2 requests · cost 0.5000")
        #expect(Phrase("edited outside novelist").english == "edited outside novelist")
    }

    @Test func aPhraseSurvivesJSON() throws {
        let p = Phrase("move chapter %d to %d", 5, 3)
        let back = try JSONDecoder().decode(Phrase.self, from: JSONEncoder().encode(p))
        #expect(back == p)
        #expect(Messages.$scoped.withValue(.zh) { back.text } == Messages.$scoped.withValue(.zh) { L("move chapter %d to %d", 5, 3) })
    }
}
