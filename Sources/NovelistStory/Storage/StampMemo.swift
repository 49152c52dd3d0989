import Foundation
import NovelistText

/// A story's file system with each file's stamp looked up once until something changes: a `/context` of a
/// 300-chapter story stated every chapter seven times (the outside-edit check, the chapters' digests for each
/// list of chapters, the appearance index), 3,400 `stat` calls at about 2 µs each here (issue 19). Every change
/// made through it forgets all the stamps, and so does `forget()`, which the outside-edit check calls first
/// (every command starts with it) and a question's answer and a model's reply call after their wait: an edit
/// made outside novelist is seen where it was seen before. A chapter is parsed from a fresh stamp.
package final class StampMemo: FileSystem, @unchecked Sendable {
    package let base: any FileSystem
    private let lock = NSLock()
    private var stamps: [ExactKey: FileStamp?] = [:]

    package init(_ base: any FileSystem) {
        self.base = base
        stamps.reserveCapacity(1024)
    }

    /// Stamps are looked up again from now on.
    package func forget() {
        lock.lock()
        stamps.removeAll(keepingCapacity: true)
        lock.unlock()
    }

    package func fileStamp(_ path: String) -> FileStamp? {
        let key = ExactKey(path)
        lock.lock()
        if let known = stamps[key] {
            lock.unlock()
            return known
        }
        lock.unlock()
        return freshStamp(path)
    }

    /// The stamp as the disk says it now (kept for the lookups that follow).
    package func freshStamp(_ path: String) -> FileStamp? {
        let stamp = base.fileStamp(path)
        lock.lock()
        stamps[ExactKey(path)] = stamp
        lock.unlock()
        return stamp
    }

    /// Whether a file (or folder) is there: the same `stat` as its stamp, kept for the stamp that follows (the
    /// outside-edit check asks both of every tracked file).
    package func exists(_ path: String) -> Bool { fileStamp(path) != nil || base.exists(path) }

    package func read(_ path: String) throws(NovelistError) -> String? { try base.read(path) }
    package func readBytes(_ path: String, offset: Int, count: Int) throws(NovelistError) -> [UInt8]? {
        try base.readBytes(path, offset: offset, count: count)
    }
    package func list(_ directory: String) -> [String] { base.list(directory) }
    package func isDirectory(_ path: String) -> Bool { base.isDirectory(path) }
    package func isReadOnly(_ path: String) -> Bool { base.isReadOnly(path) }
    package func acquireLock(_ path: String, pid: Int32) throws(NovelistError) -> LockOutcome { try base.acquireLock(path, pid: pid) }
    package func releaseLock(_ key: String) { base.releaseLock(key) }

    // Changes: the stamps are forgotten once the change is made (or failed halfway).
    package func writeAtomically(_ path: String, _ contents: String) throws(NovelistError) {
        defer { forget() }
        try base.writeAtomically(path, contents)
    }
    package func writeAtomically(_ path: String, pieces body: (_ write: (Substring) throws -> Void) throws -> Void) throws {
        defer { forget() }
        try base.writeAtomically(path, pieces: body)
    }
    package func writeNewFiles(_ files: [(path: String, pieces: [String])], scratch: String) throws(NovelistError) {
        defer { forget() }
        try base.writeNewFiles(files, scratch: scratch)
    }
    package func append(_ path: String, _ contents: String) throws(NovelistError) {
        defer { forget() }
        try base.append(path, contents)
    }
    package func createDirectory(_ path: String) throws(NovelistError) {
        defer { forget() }
        try base.createDirectory(path)
    }
    package func remove(_ path: String) throws(NovelistError) {
        defer { forget() }
        try base.remove(path)
    }
    package func createExclusive(_ path: String, _ contents: String) throws(NovelistError) -> Bool {
        defer { forget() }
        return try base.createExclusive(path, contents)
    }
}
