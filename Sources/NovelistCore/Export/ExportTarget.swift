import Foundation
import NovelistLLM
import NovelistStory
import NovelistText

/// Where an export may be written: never inside a story folder (except the story's own export/), never over
/// a file novelist did not write as an export without asking, and creating at most the last folder of the
/// path. The exports novelist wrote are remembered in the story's `.novelist/exports.json`.
extension Session {
    static let exportsRecord = ".novelist/exports.json"

    /// `path` made absolute with its folder's links resolved (the folder, or its parent, must exist).
    static func resolvedExportPath(_ path: String) -> String {
        let absolute = LinkGuard.absolute(path)
        var dir = parentDirectory(absolute)
        var rest = [lastPathComponent(absolute)]
        func exists(_ dir: String) -> Bool {
            guard let r = realpath(dir, nil) else { return false }
            free(r)
            return true
        }
        while !dir.isEmpty && dir != "/" && !exists(dir) {
            rest.insert(lastPathComponent(dir), at: 0)
            dir = parentDirectory(dir)
        }
        guard let r = realpath(dir.isEmpty ? "/" : dir, nil) else { return absolute }
        defer { free(r) }
        let base = String(cString: r)
        return (base == "/" ? "" : base) + "/" + rest.joined(separator: "/")
    }

    func exportRecord(_ story: StoryWorkspace) -> [String] {
        guard let text = try? fs.read(story.path(Self.exportsRecord)),
            let list = try? JSONDecoder().decode([String].self, from: Data(text.utf8))
        else { return [] }
        return list
    }

    func rememberExport(_ target: String, story: StoryWorkspace) {
        guard openStory?.store.readOnly == false else { return }
        let resolved = Self.resolvedExportPath(target)
        var list = exportRecord(story)
        guard !list.contains(resolved) else { return }
        list.append(resolved)
        if let data = try? JSONEncoder().encode(list) {
            try? fs.writeAtomically(story.path(Self.exportsRecord), String(decoding: data, as: UTF8.self))
        }
    }

    /// Checks an export's file path before anything is read; false when the writer declined to replace a file.
    func checkExportTarget(_ target: String, story: StoryWorkspace) throws -> Bool {
        let parent = parentDirectory(LinkGuard.absolute(target))
        if !fs.isDirectory(parent) {
            let grandparent = parentDirectory(parent)
            guard fs.isDirectory(grandparent.isEmpty ? "/" : grandparent), !fs.exists(parent) else {
                throw NovelistError.badName(
                    target,
                    reason: Phrase("the folder %@ does not exist (novelist creates at most the last folder of an export path)", parent))
            }
        }
        let resolved = Self.resolvedExportPath(target)
        let ownRoot = realpath(story.root, nil).map { p in
            defer { free(p) }
            return String(cString: p)
        }
        for slug in storySlugs() {
            guard let r = realpath("\(settings.storiesDir)/\(slug)", nil) else { continue }
            let root = String(cString: r)
            free(r)
            let ownExport = root == ownRoot
            if resolved.hasPrefix(root + "/") && !(ownExport && resolved.hasPrefix(root + "/" + StoryWorkspace.exportDir + "/")) {
                throw NovelistError.badName(
                    target,
                    reason: Phrase(
                        "it is inside the story folder %@; exports go to %@/ or outside the stories", slug,
                        "\(story.root)/\(StoryWorkspace.exportDir)"))
            }
        }
        if LinkGuard.exists(target) && !exportRecord(story).contains(resolved) {
            guard confirm(L("%@ exists and novelist did not write it as an export. Replace it? [y/N] ", target)) else {
                console.info(L("Nothing was exported; %@ is unchanged.", target))
                return false
            }
        }
        return true
    }
}
