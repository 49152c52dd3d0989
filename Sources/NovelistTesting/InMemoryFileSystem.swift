import Foundation
import NovelistStory
import NovelistText
import Synchronization

/// A file system in memory, for tests of the core without a disk (as SwiftPM's `InMemoryFileSystem`).
/// Paths are plain strings; `/a/b/` and `/a/b` are the same folder. As on the disk (`LocalFileSystem`), an
/// atomic write creates the missing folders, an append or an exclusive create needs its folder to exist;
/// every write moves the file's stamp on, so change detection sees it.
package final class InMemoryFileSystem: FileSystem, Sendable {
    private struct State {
        var files: [String: String] = [:]
        var directories: Set<String> = ["/"]
        var stamps: [String: Int64] = [:]
        var clock: Int64 = 0
        /// Writer locks held, by path, with the pid that holds each.
        var locks: [String: Int32] = [:]
        /// How many times each file was read.
        var reads: [String: Int] = [:]
        /// Saves from outside armed by `saveOutside`: after that many more reads of the path, its new contents.
        var armed: [String: (reads: Int, contents: String)] = [:]
    }
    private let state = Mutex(State())

    package init(files: [String: String] = [:]) {
        for (path, contents) in files { try? writeAtomically(path, contents) }
    }

    /// Every file and its contents, by path.
    package var files: [String: String] { state.withLock { $0.files } }

    static func normalize(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p.isEmpty ? "." : p
    }

    private static func folder(of path: String) -> String {
        let dir = parentDirectory(path)
        return dir.isEmpty ? "." : normalize(dir)
    }

    private func put(_ path: String, _ contents: String) throws(NovelistError) {
        let p = Self.normalize(path)
        let ok: Bool = state.withLock { s in
            let dir = Self.folder(of: p)
            guard dir == "." || s.directories.contains(dir), !s.directories.contains(p) else { return false }
            s.clock += 1
            s.files[p] = contents
            s.stamps[p] = s.clock
            return true
        }
        if !ok { throw .io(path: path, errno: ENOENT) }
    }

    package func read(_ path: String) throws(NovelistError) -> String? {
        state.withLock { s in
            let p = Self.normalize(path)
            s.reads[p, default: 0] += 1
            let text = s.files[p]
            if let save = s.armed[p] {
                if save.reads > 1 {
                    s.armed[p]?.reads -= 1
                } else {
                    // Another program saves the file just after this read returned.
                    s.armed[p] = nil
                    s.clock += 1
                    s.files[p] = save.contents
                    s.stamps[p] = s.clock
                }
            }
            return text
        }
    }

    /// Another program saves `contents` to `path` just after the `afterReads`-th read from now returns: a save
    /// landing between two reads of one command.
    package func saveOutside(_ path: String, _ contents: String, afterReads: Int = 1) {
        state.withLock { $0.armed[Self.normalize(path)] = (afterReads, contents) }
    }

    /// How many times each file was read since the last `resetReads` (what a warm open reads, issue 19).
    package var reads: [String: Int] { state.withLock { $0.reads } }
    package func resetReads() { state.withLock { $0.reads = [:] } }

    package func writeAtomically(_ path: String, _ contents: String) throws(NovelistError) {
        let dir = Self.folder(of: Self.normalize(path))
        if dir != "." { try createDirectory(dir) }
        try put(path, contents)
    }

    package func append(_ path: String, _ contents: String) throws(NovelistError) {
        let old = try read(path) ?? ""
        // As on the disk: a record never continues a torn last line.
        let glue = old.isEmpty || old.hasSuffix("\n") ? "" : "\n"
        try put(path, old + glue + contents)
    }

    package func list(_ directory: String) -> [String] {
        let dir = Self.normalize(directory)
        let prefix = dir == "/" ? "/" : dir + "/"
        return state.withLock { s in
            var names = Set<String>()
            for path in s.files.keys where path.hasPrefix(prefix) {
                let rest = path.dropFirst(prefix.count)
                if !rest.contains("/") { names.insert(String(rest)) }
            }
            for path in s.directories where path.hasPrefix(prefix) && path != dir {
                let rest = path.dropFirst(prefix.count)
                if !rest.isEmpty && !rest.contains("/") { names.insert(String(rest)) }
            }
            return names.sorted()
        }
    }

    package func isDirectory(_ path: String) -> Bool {
        state.withLock { $0.directories.contains(Self.normalize(path)) }
    }

    package func exists(_ path: String) -> Bool {
        let p = Self.normalize(path)
        return state.withLock { $0.files[p] != nil || $0.directories.contains(p) }
    }

    package func createDirectory(_ path: String) throws(NovelistError) {
        var p = Self.normalize(path)
        let isFile = state.withLock { $0.files[p] != nil }
        if isFile { throw .io(path: path, errno: EEXIST) }
        state.withLock { s in
            while p != "." && p != "/" && !p.isEmpty {
                s.directories.insert(p)
                p = Self.folder(of: p)
            }
        }
    }

    package func remove(_ path: String) throws(NovelistError) {
        let p = Self.normalize(path)
        state.withLock { s in
            s.files[p] = nil
            s.stamps[p] = nil
        }
    }

    package func createExclusive(_ path: String, _ contents: String) throws(NovelistError) -> Bool {
        if exists(path) { return false }
        try put(path, contents)
        return true
    }

    package func fileStamp(_ path: String) -> FileStamp? {
        let p = Self.normalize(path)
        return state.withLock { s in
            guard let text = s.files[p], let stamp = s.stamps[p] else { return nil }
            return FileStamp(size: Int64(text.utf8.count), modifiedNanoseconds: stamp)
        }
    }

    /// The writer lock, in memory: held by the first pid that asks until it is released.
    package func acquireLock(_ path: String, pid: Int32) throws(NovelistError) -> LockOutcome {
        let p = Self.normalize(path)
        return state.withLock { s in
            if let holder = s.locks[p], holder != pid { return .heldElsewhere(pid: holder, host: "memory") }
            s.locks[p] = pid
            return .held(key: p)
        }
    }

    package func releaseLock(_ key: String) {
        _ = state.withLock { $0.locks.removeValue(forKey: key) }
    }
}
