import Foundation
import NovelistText

/// A chapter draft the writer has not reviewed yet, kept in `.novelist/drafts/NNN.json` from the moment its
/// reply is complete until it is accepted or rejected, so that nothing paid for is lost to Ctrl-C, a crash or a
/// closed terminal.
package struct SavedDraft: Codable, Equatable, Sendable {
    package var chapter: Int
    /// The chapter file it is for, relative to the story folder.
    package var path: String
    package var title: String
    /// The file as it was when the request was sent (nil: there was no file).
    package var base: String?
    /// The whole file as the draft would write it (front matter and prose).
    package var proposed: String
    /// The prose's length, the target, and the first reply's length when a corrective pass changed it.
    package var length: Int
    package var target: Int
    package var lengthBefore: Int?
    package var created: String
    package var model: String

    package init(
        chapter: Int, path: String, title: String, base: String?, proposed: String, length: Int, target: Int, lengthBefore: Int?,
        created: Date, model: String
    ) {
        self.chapter = chapter
        self.path = path
        self.title = title
        self.base = base
        self.proposed = proposed
        self.length = length
        self.target = target
        self.lengthBefore = lengthBefore
        self.created = StoredTime.string(created)
        self.model = model
    }

    /// The draft's prose (its file without the front matter).
    package var prose: String { MarkdownDocument.bodyOf(proposed) }
}

/// The folder of unreviewed drafts. Every write is atomic; a file that cannot be read is left alone (and listed).
package struct DraftStore: Sendable {
    package let fs: any FileSystem
    package let root: String
    package static let folder = ".novelist/drafts"

    package init(fs: any FileSystem, root: String) {
        self.fs = fs
        self.root = root
    }

    package static func relativePath(_ chapter: Int) -> String {
        let digits = String(chapter)
        return "\(folder)/\(String(repeating: "0", count: max(0, 3 - digits.count)))\(digits).json"
    }

    func path(_ chapter: Int) -> String { root + "/" + Self.relativePath(chapter) }

    package func save(_ draft: SavedDraft) throws(NovelistError) {
        try fs.createDirectory(root + "/" + Self.folder)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        guard let data = try? encoder.encode(draft) else { return }
        try fs.writeAtomically(path(draft.chapter), String(decoding: data, as: UTF8.self) + "\n")
    }

    package func load(_ chapter: Int) -> SavedDraft? {
        guard let text = try? fs.read(path(chapter)) else { return nil }
        return try? JSONDecoder().decode(SavedDraft.self, from: Data(text.utf8))
    }

    /// Every saved draft, in chapter order.
    package func all() -> [SavedDraft] {
        fs.list(root + "/" + Self.folder).filter { $0.hasSuffix(".json") }.compactMap { name in
            Int(name.dropLast(5)).flatMap(load)
        }.sorted { $0.chapter < $1.chapter }
    }

    package func remove(_ chapter: Int) throws(NovelistError) {
        if fs.exists(path(chapter)) { try fs.remove(path(chapter)) }
    }
}
