import Foundation
import Testing

@testable import NovelistCore
@testable import NovelistLLM
@testable import NovelistStory
@testable import NovelistText

/// The fast chunk reader must agree with the full JSON decoder whenever it gives an answer.
struct FastChunkTests {
    static func jsonString(_ s: String, escapeAll: Bool) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "/": out += escapeAll ? "\\/" : "/"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else if escapeAll && scalar.value > 0x7F {
                    for unit in String(scalar).utf16 { out += String(format: "\\u%04X", unit) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    @Test(arguments: [2026, 7, 99, 31337] as [UInt64])
    func agreesWithTheFullDecoderOnGeneratedChunks(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let pieces = ["雾", "港", "Lin", " ", "\n", "\"", "\\", "😀", "é", "/", "\t", "第三章", "<think>", "a\u{1}b", "𠀀"]
        var fastAnswers = 0
        for _ in 0..<3000 {
            let content = (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let escapeAll = Bool.random(using: &rng)
            var delta: [String] = []
            switch Int.random(in: 0...5, using: &rng) {
            case 0: delta.append("\"content\":null")
            case 1: break
            default: delta.append("\"content\":" + Self.jsonString(content, escapeAll: escapeAll))
            }
            if Int.random(in: 0...4, using: &rng) == 0 {
                delta.append("\"reasoning_content\":" + Self.jsonString("想" + content, escapeAll: escapeAll))
            }
            if Int.random(in: 0...6, using: &rng) == 0 { delta.append("\"reasoning\":\"r\"") }
            if Int.random(in: 0...3, using: &rng) == 0 { delta.append("\"role\":\"assistant\"") }
            if Int.random(in: 0...8, using: &rng) == 0 {
                delta.append("\"tool_calls\":[{\"id\":\"x\",\"function\":{\"arguments\":\"{}\"}}]")
            }
            delta.shuffle(using: &rng)
            var choice = ["\"index\":0", "\"delta\":{" + delta.joined(separator: ",") + "}"]
            choice.append("\"finish_reason\":" + ["null", "\"stop\"", "\"length\""].randomElement(using: &rng)!)
            if Bool.random(using: &rng) { choice.append("\"logprobs\":null") }
            choice.shuffle(using: &rng)
            var top = [
                "\"id\":\"chatcmpl-1\"", "\"object\":\"chat.completion.chunk\"", "\"created\":1700000000", "\"model\":\"m\"",
                "\"choices\":[{" + choice.joined(separator: ",") + "}]"
            ]
            if Int.random(in: 0...5, using: &rng) == 0 { top.append("\"usage\":null") }
            if Int.random(in: 0...9, using: &rng) == 0 { top.append("\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}") }
            if Int.random(in: 0...9, using: &rng) == 0 {
                top.append("\"system_fingerprint\":\"fp\",\"x\":[1,2.5e3,-3,{\"a\":[true,false]}]")
            }
            top.shuffle(using: &rng)
            var text = "{" + top.joined(separator: Bool.random(using: &rng) ? "," : " , ") + "}"
            // Now and then, break it.
            if Int.random(in: 0...7, using: &rng) == 0, !text.isEmpty {
                var chars = Array(text)
                chars.remove(at: Int.random(in: 0..<chars.count, using: &rng))
                text = String(chars)
            }
            let full = ChatChunkDecoder.decodeFully(text)
            if let fast = FastChunk.parse(text) {
                fastAnswers += 1
                #expect(full == .success(fast), "\(text)")
            }
            #expect(ChatChunkDecoder.decode(text) == full, "decode() always equals the full decoder: \(text)")
        }
        #expect(fastAnswers > 1500, "the fast path answers the common chunks")
    }
}
