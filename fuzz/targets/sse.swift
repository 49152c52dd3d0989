import NovelistCore
// libFuzzer target: the SSE decoder fed in arbitrary pieces, each event decoded as a chat chunk.
// The first byte chooses how the input is split into feeds (to exercise events split anywhere).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSE(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    let step = Int(first % 17) + 1
    let body = Array(bytes.dropFirst())
    var decoder = SSEDecoder()
    var events: [String] = []
    var i = 0
    while i < body.count {
        let end = min(body.count, i + step)
        decoder.feed(Array(body[i..<end])) { events.append($0) }
        i = end
    }
    decoder.finish { events.append($0) }
    // Splitting must not change the result: decode the whole input in one feed too.
    var whole = SSEDecoder()
    var wholeEvents: [String] = []
    whole.feed(body) { wholeEvents.append($0) }
    whole.finish { wholeEvents.append($0) }
    if events != wholeEvents { fatalError("SSE events differ with split feeds: \(events) vs \(wholeEvents)") }
    var think = ThinkSplitter()
    for e in events where e != "[DONE]" {
        if case .success(let delta) = ChatChunkDecoder.decode(e) {
            think.feed(delta.content) { _, _ in }
        }
    }
    think.finish { _, _ in }
    return 0
}
