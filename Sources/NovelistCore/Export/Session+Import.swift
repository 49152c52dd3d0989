import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// What `/import` was asked: the file, and the optional title, language and folder name.
package struct ImportOptions: Equatable, Sendable {
    package var file: String
    package var title: String?
    package var language: StoryLanguage?
    package var into: String?

    package static let usage = "/import FILE [--title T] [--language zh|en] [--into NEW-SLUG]"

    package static func parse(_ arguments: String) throws(NovelistError) -> ImportOptions {
        let words = try ShellWords.split(arguments)
        var options = ImportOptions(file: "")
        var i = 0
        func value() throws(NovelistError) -> String {
            i += 1
            guard i < words.count else { throw .usage(command: "import", usage: usage) }
            return words[i]
        }
        while i < words.count {
            switch words[i] {
            case "--title": options.title = try value()
            case "--into": options.into = try value()
            case "--language":
                guard let lang = StoryLanguage(rawValue: try value().lowercased()) else { throw .usage(command: "import", usage: usage) }
                options.language = lang
            case let w where w.hasPrefix("--"): throw .usage(command: "import", usage: usage)
            case let w:
                guard options.file.isEmpty else { throw .usage(command: "import", usage: usage) }
                options.file = w
            }
            i += 1
        }
        guard !options.file.isEmpty else { throw .usage(command: "import", usage: usage) }
        return options
    }
}

/// The text of a file to import and how it was read.
package enum ManuscriptDecoder {
    /// UTF-8 (with or without a byte-order mark), else GB18030 (which covers GBK and GB2312); nil when neither fits.
    package static func decode(_ bytes: [UInt8]) -> (text: String, encoding: String)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]), let text = String(validating: bytes.dropFirst(3), as: UTF8.self) {
            return (text, "UTF-8 with BOM")
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, "UTF-8") }
        if let text = TextEncoder.decode(bytes, as: .gb18030) { return (text, "GB18030") }
        return nil
    }
}

extension Session {
    /// `/import FILE`: a manuscript split into a new story. An existing story is never touched.
    func importManuscript(_ arguments: String) throws {
        let options = try ImportOptions.parse(arguments)
        let path =
            options.file.hasPrefix("~/") ? (ProcessInfo.processInfo.environment["HOME"] ?? "~") + options.file.dropFirst(1) : options.file
        guard let data = FileManager.default.contents(atPath: path), !FileManager.default.isDirectory(path) else {
            throw ImportFailure(L("Cannot read %@. Nothing was written.", options.file))
        }
        var text: String
        let how: String
        if let reader = Pandoc.importReader(forPath: path) {
            text = try Pandoc(environment: ProcessInfo.processInfo.environment).markdown(from: path, reader: reader)
            how = L("converted from %@ by pandoc", reader.uppercased())
        } else {
            guard let decoded = ManuscriptDecoder.decode(Array(data)) else {
                throw ImportFailure(
                    L("%@ is neither UTF-8 nor GB18030 text; save it as UTF-8 and import it again. Nothing was written.", options.file))
            }
            (text, how) = (decoded.text, L("read as %@", decoded.encoding))
        }
        text = TerminalText.clean(text.normalizingNewlines())  // a lone CR (old Mac files) is a newline, not a control code
        let manuscript = ManuscriptSplitter.split(text, language: options.language)
        guard !manuscript.chapters.isEmpty else {
            throw ImportFailure(L("No chapter headings found in %@ (第一章, 第3章, Chapter 3, ## 3. …). Nothing was written.", options.file))
        }
        let title = try importTitle(options, manuscript: manuscript, path: path)
        let slug = options.into ?? Names.slug(title)
        try Names.validate(slug)
        guard !slug.isEmpty else { throw NovelistError.badName(title, reason: Phrase("it has no letters or digits to name a folder with")) }
        let root = "\(settings.storiesDir)/\(slug)"
        if fs.exists("\(root)/\(StoryWorkspace.storyFile)") {
            throw ImportFailure(
                L(
                    "A story '%@' already exists; nothing was written. Choose another title with --title, or a new folder with --into NEW-SLUG.",
                    slug))
        }
        if fs.exists(root) && (!fs.isDirectory(root) || !fs.list(root).isEmpty) {
            throw ImportFailure(
                L("%@ exists and is not an empty folder; nothing was written. Choose another folder with --into NEW-SLUG.", root))
        }
        var meta = StoryMeta(title: title, language: manuscript.language, chapterLength: ManuscriptSplitter.typicalLength(manuscript))
        meta.genre = ""
        try fs.createDirectory("\(root)/\(StoryWorkspace.chaptersDir)")
        for file in ManuscriptSplitter.files(manuscript, title: title) {
            try fs.writeAtomically("\(root)/\(file.path)", file.text)
        }
        // story.yaml last: until it is there, the folder is no story.
        try fs.writeAtomically("\(root)/\(StoryWorkspace.storyFile)", meta.yaml())
        reportImport(manuscript, file: options.file, how: how, root: root)
        try open(slug)
    }

    /// --title, else a short first line before the first chapter (《书名》 or `# Title`), else the file's name.
    private func importTitle(_ options: ImportOptions, manuscript: Manuscript, path: String) throws -> String {
        if let t = options.title {
            try Names.validateTitle(t)
            return t.trimmingWhitespace()
        }
        if let first = manuscript.front.split(separator: "\n").first.map({ $0.trimmingWhitespace() }) {
            var t = first.hasPrefix("#") ? String(first.drop(while: { $0 == "#" })).trimmingWhitespace() : first
            if t.hasPrefix("《"), let end = t.firstIndex(of: "》") { t = String(t[t.index(after: t.startIndex)..<end]) }
            if !t.isEmpty, t.count <= 30, (try? Names.validateTitle(t)) != nil, !t.contains(where: { "。，！？".contains($0) }) { return t }
        }
        var name = lastPathComponent(path)
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
        try Names.validateTitle(name)
        return name
    }

    private func reportImport(_ m: Manuscript, file: String, how: String, root: String) {
        let unit = m.language.lengthUnit
        let volumes = Set(m.chapters.compactMap(\.volume)).count
        console.info(L("Imported %@ (%@): %d chapters, %d %@.", file, how, m.chapters.count, m.length, unit))
        if volumes > 0 { console.info(L("Volumes: %d, kept as parts of the outline.", volumes)) }
        if !m.gaps.isEmpty { console.info(L("The numbering skips %@.", NovelistError.ranges(m.gaps))) }
        if !m.duplicates.isEmpty { console.info(L("Numbers given twice: %@.", NovelistError.ranges(m.duplicates))) }
        if !m.gaps.isEmpty || !m.duplicates.isEmpty {
            console.info(L("Chapters are numbered through the book from 1 in the files and the outline."))
        }
        if !m.empty.isEmpty { console.info(L("Chapters without prose: %@.", NovelistError.ranges(m.empty))) }
        if !m.front.isEmpty { console.info(L("What stood before the first chapter is in notes.md.")) }
        console.info(L("Wrote %@/ (story.yaml, outline.md, %d chapter files).", root, m.chapters.count))
    }
}

/// An import that cannot go on; shown as it is.
struct ImportFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension FileManager {
    func isDirectory(_ path: String) -> Bool {
        var dir: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &dir) && dir.boolValue
    }
}
