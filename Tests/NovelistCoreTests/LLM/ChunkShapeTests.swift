import Foundation
import Testing

@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// `ChunkShape` reads a chunk by the bytes around its value; it must give what `FastChunk.read` gives on
/// every chunk, whatever the stream does (ids that change, escapes, reasoning, a finish reason, odd shapes).
@Suite("Chunk shape: the stream's repeated bytes read once")
struct ChunkShapeTests {
    struct Read: Equatable {
        var content: String?
        var reasoning: String?
        var finish: String?
    }

    static func strings(_ f: FastChunk.Fields?, _ chunk: UnsafeBufferPointer<UInt8>, _ scratch: [UInt8]) -> Read? {
        guard let f else { return nil }
        func s(_ t: FastChunk.Text?) -> String? {
            guard let t else { return nil }
            return t.inScratch
                ? String(decoding: scratch[t.range], as: UTF8.self)
                : String(decoding: UnsafeBufferPointer(rebasing: chunk[t.range]), as: UTF8.self)
        }
        return Read(content: s(f.content), reasoning: s(f.reasoning), finish: s(f.finishReason))
    }

    static func chunk(_ rng: inout SplitMix64) -> String {
        let pieces = ["雾", "港", "Lin", " ", "\\n", "\\\"", "😀", "é", "\\u96fe", "<think>", "\"", "\u{1}", "}", ","]
        let content = (0..<Int.random(in: 0...4, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
        let id = Int.random(in: 0...9, using: &rng) == 0 ? "chatcmpl-\(Int.random(in: 0...2, using: &rng))" : "chatcmpl-1"
        let field = Int.random(in: 0...5, using: &rng) == 0 ? "reasoning_content" : "content"
        let finish = Int.random(in: 0...12, using: &rng) == 0 ? "\"stop\"" : "null"
        let extra = Int.random(in: 0...15, using: &rng) == 0 ? ",\"content\":\"later\"" : ""
        let tail = Int.random(in: 0...15, using: &rng) == 0 ? " " : ""
        return
            "{\"id\":\"\(id)\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"\(field)\":\"\(content)\"\(extra)},"
            + "\"logprobs\":null,\"finish_reason\":\(finish)}]}\(tail)"
    }

    @Test("every chunk reads as FastChunk reads it, and the common one by its shape", arguments: [1, 2, 3, 4] as [UInt64])
    func agreesWithFastChunk(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var shape = ChunkShape()
        var scratch: [UInt8] = []
        var byShape = 0
        for _ in 0..<3000 {
            let bytes = Array(Self.chunk(&rng).utf8)
            bytes.withUnsafeBufferPointer { chunk in
                var reference: [UInt8] = []
                let expected = Self.strings(FastChunk.read(chunk, scratch: &reference), chunk, reference)
                if shape.match(chunk) != nil { byShape += 1 }
                let got = shape.read(chunk, scratch: &scratch)
                #expect(Self.strings(got, chunk, scratch) == expected, "\(String(decoding: chunk, as: UTF8.self))")
            }
        }
        #expect(byShape > 500, "chunks that share their shape are read by it")
    }

    @Test("a chunk that only looks like the shape at both ends is read in full")
    func valueWithAQuoteIsNotTheShape() {
        var shape = ChunkShape()
        var scratch: [UInt8] = []
        let a = Array("{\"choices\":[{\"delta\":{\"content\":\"雾\"}}]}".utf8)
        let b = Array("{\"choices\":[{\"delta\":{\"content\":\"x\"},\"y\":{\"content\":\"z\"}}]}".utf8)
        a.withUnsafeBufferPointer { _ = shape.read($0, scratch: &scratch) }
        b.withUnsafeBufferPointer { chunk in
            #expect(shape.match(chunk) == nil)
            let f = shape.read(chunk, scratch: &scratch)
            #expect(Self.strings(f, chunk, scratch) == Read(content: "x"))
        }
    }
}

/// `Proposal.parse` reads lines by bytes and slices blocks out of the reply: the same proposals as reading
/// every trimmed line and joining a block's lines.
@Suite("Proposals: linear parse")
struct ProposalParseTests {
    /// The parse as it was: every line trimmed, a block's lines gathered and joined.
    static func reference(_ reply: String) -> [Proposal] {
        var out: [Proposal] = []
        var current: (Proposal.Target, [Substring], String)?
        for line in reply.normalizingNewlines().split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingWhitespace()
            if let (target, lines, fence) = current {
                if trimmed == fence {
                    let text = lines.joined(separator: "\n").trimmingWhitespace()
                    if !text.isEmpty { out.append(Proposal(target: target, text: text)) }
                    current = nil
                } else {
                    current = (target, lines + [line], fence)
                }
                continue
            }
            for fence in ["```", "~~~"] where trimmed.hasPrefix(fence) {
                let info = trimmed.dropFirst(3).trimmingWhitespace()
                let lower = info.lowercased()
                if lower == "outline" {
                    current = (.outline, [], fence)
                } else if ["outline-ops", "outline_ops", "outlineops"].contains(lower) {
                    current = (.outlineOps, [], fence)
                } else if lower.hasPrefix("bible:") {
                    let name = info.dropFirst(6).trimmingWhitespace()
                    if !name.isEmpty { current = (.bible(name), [], fence) }
                } else if lower.hasPrefix("chapter:"), let n = Int(info.dropFirst(8).trimmingWhitespace()), n > 0 {
                    current = (.chapter(n), [], fence)
                }
            }
        }
        return out
    }

    @Test("random replies give the same proposals", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func sameAsReference(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let lines = [
            "```chapter:3", "```outline", "~~~bible:林晚", "```", "~~~", "  ```  ", "　```", "``` chapter: 2 ", "```bible:", "```OUTLINE-OPS",
            "林晚回到雾港。", "", "  ", "　　她站在码头。", "a ``` b", "~~ ~", "\r", "```python", "- 第三章 雾", "\u{301}```", "```\u{301}"
        ]
        for _ in 0..<300 {
            let reply = (0..<Int.random(in: 0...30, using: &rng)).map { _ in lines.randomElement(using: &rng)! }
                .joined(separator: Bool.random(using: &rng) ? "\n" : "\r\n")
            #expect(Proposal.parse(reply) == Self.reference(reply), "\(reply.debugDescription)")
        }
    }

    @Test("a long block is one slice of the reply")
    func longBlock() {
        let body = (1...20000).map { "第\($0)行" }.joined(separator: "\n")
        let proposals = Proposal.parse("说明\n```chapter:3\n\(body)\n```\n完")
        #expect(proposals == [Proposal(target: .chapter(3), text: body)])
    }
}
