import NovelistCore
// libFuzzer target: the outline parser and the chapter heading reader.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOutline(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let entries = OutlineParser.parse(text)
    for e in entries where e.number <= 0 { fatalError("chapter number \(e.number) from \(text.debugDescription)") }
    for line in text.split(separator: "\n").prefix(64) {
        _ = OutlineParser.parseChapterHeading(line)
    }
    _ = ChineseNumerals.parse(text)
    return 0
}
