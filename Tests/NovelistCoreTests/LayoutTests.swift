import Foundation
import Testing

/// The shape of the sources (issue 14): a file has one job, a folder one concept.
@Suite struct LayoutTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func swiftFiles(under folder: String) -> [URL] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
    }

    @Test func noSourceFileIsLongerThan450Lines() throws {
        let files = Self.swiftFiles(under: "Sources")
        #expect(files.count > 50)
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count <= 451, "\(file.lastPathComponent) has \(lines.count) lines")
        }
    }

    @Test func noFolderHoldsMoreThan15SwiftFiles() {
        let byFolder = Dictionary(grouping: Self.swiftFiles(under: "Sources")) { $0.deletingLastPathComponent().path }
        for (folder, files) in byFolder {
            #expect(files.count <= 15, "\(folder) holds \(files.count) Swift files")
        }
    }

    @Test func onlyTheLLMLayerLinksCurlAndOnlyTheExecutableReadline() throws {
        for file in Self.swiftFiles(under: "Sources") {
            let text = try String(contentsOf: file, encoding: .utf8)
            let path = file.path
            if text.contains("import CCurl") { #expect(path.contains("/Sources/NovelistLLM/"), "\(path) imports CCurl") }
            if text.contains("import CReadline") { #expect(path.contains("/Sources/novelist/"), "\(path) imports CReadline") }
        }
    }
}
