import Foundation
import NovelistText

/// A story folder may come from someone else: a symbolic link inside it must not reach outside it.
/// Reading never follows a link that leaves the story folder, and nothing is ever written through a link
/// inside a story folder (a chapter, chat.jsonl, .novelist/, export/). The story folder of a path is the
/// nearest folder above it that has a story.yaml.
package enum LinkGuard {
    package static func absolute(_ path: String) -> String {
        if path.utf8.first == UInt8(ascii: "/") { return path }
        return workingDirectory + "/" + path
    }

    /// The working directory, asked once: novelist never changes it, and a getcwd(2) for every file read and
    /// written was 1,500 system calls on a first open.
    static let workingDirectory = FileManager.default.currentDirectoryPath

    package static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    static func isLink(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    /// The story folder that contains `path` (as written, links not resolved), or nil.
    static func storyRoot(of path: String) -> String? {
        var dir = parentDirectory(absolute(path))
        while !dir.isEmpty && dir != "/" {
            if exists(dir + "/" + StoryWorkspace.storyFile) { return dir }
            dir = parentDirectory(dir)
        }
        return nil
    }

    /// The first link between the story folder and `path` (the path itself included), relative to the folder.
    static func linkInside(_ path: String) -> (root: String, link: String)? {
        // On the UTF-8 bytes ("/" is one byte, never inside a character): String's prefix test and splitting by
        // Characters cost more than the lstat calls for every file read.
        let full = absolute(path)
        guard let root = storyRoot(of: full), full.utf8.starts(with: (root + "/").utf8) else { return nil }
        let rootBytes = root.utf8.count
        var current = root
        for part in full.utf8.dropFirst(rootBytes + 1).split(separator: UInt8(ascii: "/")) {
            current += "/" + String(decoding: part, as: UTF8.self)
            if isLink(current) { return (root, String(decoding: current.utf8.dropFirst(rootBytes + 1), as: UTF8.self)) }
        }
        return nil
    }

    /// Throws when writing `path` would go through a symbolic link inside a story folder.
    package static func checkWrite(_ path: String) throws(NovelistError) {
        if let (_, link) = linkInside(path) { throw .linkInStory(path: path, link: link) }
    }

    /// True when reading `path` would follow a link out of its story folder.
    package static func leavesStory(_ path: String) -> Bool {
        guard let (root, _) = linkInside(path) else { return false }
        guard let resolvedRoot = realpath(root, nil) else { return true }
        defer { free(resolvedRoot) }
        guard let resolved = realpath(absolute(path), nil) else { return true }
        defer { free(resolved) }
        return !String(cString: resolved).hasPrefix(String(cString: resolvedRoot) + "/")
    }
}
