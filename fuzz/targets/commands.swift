import NovelistCore

// libFuzzer target: the REPL line parser, chapter arguments, paragraph ranges and proposals.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommands(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(32) {
        switch Input.parse(String(line)) {
        case .command(let name, let arguments):
            _ = CommandTable.find(name)
            _ = CommandTable.suggestion(for: name)
            if let (n, rest) = try? ChapterArgument.parse(arguments) {
                if n <= 0 { fatalError("chapter \(n) from \(arguments.debugDescription)") }
                for word in rest.split(separator: " ") {
                    if let r = Paragraphs.parseRange(String(word)), r.lowerBound <= 0 { fatalError("range \(r)") }
                }
            }
        case .chat, .empty: break
        }
        if let r = Paragraphs.parseRange(String(line)), r.lowerBound <= 0 { fatalError("range \(r)") }
    }
    for p in Proposal.parse(text) {
        if case .chapter(let n) = p.target, n <= 0 { fatalError("proposal for chapter \(n)") }
        if p.text.isEmpty { fatalError("empty proposal") }
    }
    _ = Paragraphs.split(text)
    return 0
}
