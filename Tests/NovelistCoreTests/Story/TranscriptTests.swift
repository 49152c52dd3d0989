import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

@Suite("Conversation log (chat.jsonl)")
struct TranscriptTests {
    let fs = LocalFileSystem()
    let time = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01T00:00:00Z

    @Test("load returns only chat turns, oldest first")
    func onlyChatTurns() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/chat.jsonl"
            try Transcript.append(fs: fs, path: path, entry: TranscriptEntry(time: time, role: "user", task: "chat", content: "林晚该怎么发现信？"))
            try Transcript.append(fs: fs, path: path, entry: TranscriptEntry(time: time, role: "user", task: "expand", content: "请写第三章"))
            let reply = ChatReply(
                content: "第三章正文", reasoning: "先想想", ending: .finished("stop"), usage: Usage(promptTokens: 1, completionTokens: 2),
                model: "m", elapsed: 1, firstTokenAfter: nil)
            try Transcript.append(fs: fs, path: path, entry: TranscriptEntry(reply: reply, task: "expand", time: time))
            try Transcript.append(fs: fs, path: path, entry: TranscriptEntry(time: time, role: "assistant", task: "chat", content: "在旧书里。"))
            let messages = Transcript.load(fs: fs, path: path)
            #expect(messages == [ChatMessage(role: "user", content: "林晚该怎么发现信？"), ChatMessage(role: "assistant", content: "在旧书里。")])
        }
    }

    @Test("each entry is one JSON line with sorted keys and an ISO 8601 time")
    func lineFormat() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/chat.jsonl"
            let reply = ChatReply(
                content: "答", reasoning: "", ending: .cancelled, usage: nil, model: "deepseek-chat", elapsed: 0, firstTokenAfter: nil)
            try Transcript.append(fs: fs, path: path, entry: TranscriptEntry(reply: reply, task: "chat", time: time))
            let text = try #require(try fs.read(path))
            #expect(text.hasSuffix("\n"))
            #expect(text.filter { $0 == "\n" }.count == 1)
            let entry = try JSONDecoder().decode(TranscriptEntry.self, from: Data(text.utf8))
            #expect(entry.time == "2025-01-01T00:00:00Z")
            #expect(entry.ending == "interrupted")
            #expect(entry.reasoning == nil, "empty reasoning is not stored")
            #expect(entry.model == "deepseek-chat")
            let keys = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]).keys.sorted()
            #expect(text.hasPrefix("{\"" + keys[0]))
        }
    }

    @Test("a torn last line is skipped")
    func tornLastLine() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/chat.jsonl"
            try Transcript.append(fs: fs, path: path, entry: TranscriptEntry(time: time, role: "user", task: "chat", content: "一"))
            try Transcript.append(fs: fs, path: path, entry: TranscriptEntry(time: time, role: "assistant", task: "chat", content: "二"))
            try fs.append(path, #"{"content":"写到一半","role":"user","task":"ch"#)
            #expect(Transcript.load(fs: fs, path: path) == [.user("一"), .assistant("二")])
        }
    }

    @Test("an entry appended after a torn line is not lost")
    func entryAfterTornLine() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/chat.jsonl"
            try Transcript.append(fs: fs, path: path, entry: TranscriptEntry(time: time, role: "user", task: "chat", content: "一"))
            try fs.append(path, #"{"content":"写到一半","role":"user","#)  // the crash
            try Transcript.append(fs: fs, path: path, entry: TranscriptEntry(time: time, role: "user", task: "chat", content: "重启后"))
            let messages = Transcript.load(fs: fs, path: path)
            #expect(messages.first == .user("一"))
            #expect(messages.last == .user("重启后"))
        }
    }

    @Test("garbage, other roles and empty content are skipped; a missing log is empty")
    func skipped() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/chat.jsonl"
            #expect(Transcript.load(fs: fs, path: path).isEmpty)
            try fs.append(path, "not json\n\n")
            try Transcript.append(fs: fs, path: path, entry: TranscriptEntry(time: time, role: "system", task: "chat", content: "系统"))
            try Transcript.append(fs: fs, path: path, entry: TranscriptEntry(time: time, role: "assistant", task: "chat", content: ""))
            try Transcript.append(fs: fs, path: path, entry: TranscriptEntry(time: time, role: "user", task: "chat", content: "留下"))
            #expect(Transcript.load(fs: fs, path: path) == [.user("留下")])
        }
    }
}

@Suite("chat.jsonl lines written directly")
struct TranscriptLineTests {
    /// Long text looked at eight bytes at a time: one character that needs an escape at every place, among
    /// ASCII, Chinese and the bytes either side of the escaped ones.
    @Test("a long string with an escape anywhere is quoted as JSONEncoder quotes it")
    func longStrings() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let specials = ["\"", "\\", "\n", "\u{0}", "\u{1F}", "\r"]
        let fillers = ["abcdefgh", "雾港的夜很长", "!#[]]^_`", "\u{7F}\u{20}\u{21}\u{23}\u{5B}\u{5D}"]
        for filler in fillers {
            let base = String(repeating: filler, count: 6)
            for special in specials {
                for at in 0...base.unicodeScalars.count {
                    var scalars = Array(base.unicodeScalars)
                    scalars.insert(contentsOf: special.unicodeScalars, at: at)
                    let text = String(String.UnicodeScalarView(scalars))
                    var quoted = ""
                    JSONText.appendQuoted(text, to: &quoted)
                    let expected = String(decoding: try encoder.encode(text), as: UTF8.self)
                    #expect(quoted == expected, "\(text.debugDescription)")
                }
            }
            var plain = ""
            JSONText.appendQuoted(base, to: &plain)
            #expect(plain == "\"" + base + "\"")
        }
    }

    @Test("a line is exactly what JSONEncoder writes, for any text", arguments: [1, 2, 3] as [UInt64])
    func sameAsJSONEncoder(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let pieces = [
            "雾港", "a", "\n", "\r\n", "\t", "\"", "\\", "/", "😀", "\u{0}", "\u{1}", "\u{8}", "\u{C}", "\u{1F}", "\u{7F}", "\u{85}",
            "\u{2028}", "é", " ", "<think>"
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for _ in 0..<300 {
            func text() -> String { (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() }
            var entry = TranscriptEntry(time: Date(timeIntervalSince1970: 1_735_689_600), role: text(), task: "chat", content: text())
            if Bool.random(using: &rng) { entry.reasoning = text() }
            if Bool.random(using: &rng) { entry.model = text() }
            if Bool.random(using: &rng) { entry.ending = "stop" }
            if Bool.random(using: &rng) {
                entry.usage = Usage(promptTokens: Int.random(in: 0...99999, using: &rng), completionTokens: 7, cachedTokens: -1)
            }
            let expected = String(decoding: try encoder.encode(entry), as: UTF8.self) + "\n"
            #expect(Array(entry.jsonLine().utf8) == Array(expected.utf8), "\(expected)")
            #expect(try JSONDecoder().decode(TranscriptEntry.self, from: Data(entry.jsonLine().utf8)) == entry)
        }
    }
}
