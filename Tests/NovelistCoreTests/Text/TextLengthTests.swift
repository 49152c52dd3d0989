import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

@Suite("Text length")
struct TextLengthTests {
    @Test("Chinese: every Han character counts one, punctuation counts nothing")
    func chinese() {
        let length = TextLength.count("林晚走进了咖啡馆。她说：“你好！”……")
        #expect(length == TextLength(cjk: 12, words: 0))
        #expect(length.total == 12)
    }

    @Test(
        "English: words, with contractions as one word",
        arguments: [
            ("I don't know.", 3), ("She didn’t say — not yet.", 5), ("Hello, world!", 2),
            ("  spaced   out  ", 2), ("rock'n'roll", 1), ("'quoted'", 1), ("2024 was a year", 4)
        ])
    func english(text: String, words: Int) {
        #expect(TextLength.count(text) == TextLength(cjk: 0, words: words))
    }

    @Test("mixed Chinese and English")
    func mixed() {
        #expect(TextLength.count("林晚走进了 Starbucks 咖啡馆") == TextLength(cjk: 8, words: 1))
        #expect(TextLength.count("第3章") == TextLength(cjk: 2, words: 1))
        #expect(TextLength.count("iPhone15很贵") == TextLength(cjk: 2, words: 1))
    }

    @Test("Japanese kana and Korean hangul count one each")
    func kanaAndHangul() {
        #expect(TextLength.count("こんにちは、カタカナ。") == TextLength(cjk: 9, words: 0))
        #expect(TextLength.count("안녕하세요!") == TextLength(cjk: 5, words: 0))
        #expect(TextLength.count("東京々〇") == TextLength(cjk: 4, words: 0))
    }

    @Test("Markdown marks count nothing")
    func markdown() {
        let text = "## 标题\n\n**粗体** _斜体_ > 引用\n- 列表\n1. item\n`code` --- *** ~~删~~"
        // 标题 粗体 斜体 引用 列表 删 = 11 字; words: 1, item, code
        #expect(TextLength.count(text) == TextLength(cjk: 11, words: 3))
    }

    @Test("emoji and spaces count nothing")
    func emoji() {
        #expect(TextLength.count("😀 👩‍👩‍👧 🇨🇳") == TextLength(cjk: 0, words: 0))
    }

    @Test("empty text")
    func empty() {
        #expect(TextLength.count("") == TextLength(cjk: 0, words: 0))
        #expect(TextLength.count("").total == 0)
    }

    @Test("the story language guess uses the same CJK test")
    func languageGuess() {
        #expect(StoryLanguage.guess(from: "雾港来信") == .zh)
        #expect(StoryLanguage.guess(from: "The Lost Letter") == .en)
        #expect(StoryLanguage.guess(from: "Letters from 雾港") == .zh)
        #expect(StoryLanguage.zh.lengthUnit == "字")
        #expect(StoryLanguage.en.lengthUnit == "words")
    }
}
