import Foundation

extension Session {
    // MARK: Export

    func export(_ args: String) throws {
        guard let story, let meta else { throw NovelistError.noStoryOpen }
        var words = args.split(whereSeparator: \.isWhitespace).map(String.init)
        let format = words.isEmpty ? "md" : words.removeFirst().lowercased()
        guard format == "md" else {
            throw NovelistError.usage(command: "export", usage: "/export md [PATH]  (txt, html, epub and docx are coming)")
        }
        let target: String
        if words.isEmpty {
            target = story.path("\(StoryWorkspace.exportDir)/\(story.slug).md")
        } else {
            target = words.joined(separator: " ")
            if target.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                throw NovelistError.badName(target, reason: "it contains control characters")
            }
            if fs.isDirectory(target) { throw NovelistError.badName(target, reason: "it is a folder; give a file name such as \(target)/\(story.slug).md") }
        }
        let chapters = try story.chapters()
        let result = ManuscriptExport.markdown(meta: meta, chapters: chapters, outline: try story.outline(), date: Self.dateString(now()))
        guard result.chapterCount > 0 else { throw NovelistError.nothingToExport }
        for w in result.warnings { console.info("Note: \(w)") }
        try fs.writeAtomically(target, result.text)
        console.info("Exported \(result.chapterCount) chapters, \(result.length) \(meta.language.lengthUnit), to \(target).")
    }

    static func dateString(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }
}
