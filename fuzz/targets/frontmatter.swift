import NovelistCore
// libFuzzer target: the front matter reader (Yams) and a rewrite of what it read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontMatter(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if var doc = try? MarkdownDocument(parsing: text, name: "chapters/001-fuzz.md") {
        _ = doc["title"]
        _ = doc["status"]
        let unchanged = doc.render()
        doc["status"] = "draft"
        let rewritten = doc.render()
        // What novelist writes back must read again. Known exception (fuzz/README.md): Yams does not
        // write custom YAML tags (`!foo`) back, so two keys that differed only by their tags collide.
        let hasCustomTags = doc.yaml?.contains("!") ?? false
        if !hasCustomTags, (try? MarkdownDocument(parsing: rewritten, name: "rewritten")) == nil {
            fatalError("a rewritten document does not parse again:\n\(rewritten)")
        }
        _ = unchanged
    }
    _ = MarkdownDocument.bodyOf(text)
    return 0
}
