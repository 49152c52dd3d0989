import Foundation
import NovelistText

extension FileSystem {
    /// Where no file can be written piece by piece (an in-memory file system): the pieces are joined, then
    /// written with `writeAtomically`.
    package func writeAtomically(_ path: String, pieces body: (_ write: (Substring) throws -> Void) throws -> Void) throws {
        var text = ""
        try body { text += $0 }
        try writeAtomically(path, text)
    }
}

extension LocalFileSystem {
    /// Straight into the temporary file, piece by piece (UTF-8), then renamed over `path`: no more of the
    /// text is held in memory than one piece.
    package func writeAtomically(_ path: String, pieces body: (_ write: (Substring) throws -> Void) throws -> Void) throws {
        try AtomicFile.writeAtomically(path) { (file: AtomicFile.Pieces) in try body { try file.write($0) } }
    }
}

extension AtomicFile {
    /// The temporary file of `writeAtomically(_:pieces:)`, open for writing. (Writing the pieces on a thread of
    /// their own was tried: on two cores it made an export slower, not faster.)
    package final class Pieces {
        let fd: Int32
        let path: String
        /// Bytes written; the syncs made along the way.
        private var written = 0
        private let sync: OngoingSync
        /// The first write that failed: every later one throws it again.
        private var failed: Int32?
        init(fd: Int32, path: String) {
            self.fd = fd
            self.path = path
            sync = OngoingSync(fd: fd)
        }

        package func write(_ bytes: UnsafeRawBufferPointer) throws {
            if failed == nil { failed = AtomicFile.writeAll(fd, bytes) }
            if let failed { throw NovelistError.io(path: path, errno: failed) }
            written += bytes.count
            // The disk syncs each megabyte while the rest is made, so the commit's fsync waits for little
            // (issue 19: the fsync of a 7-MB export was 10–16 ms of waiting at the end).
            sync.wrote(total: written)
        }

        /// As UTF-8 (a chapter's slice of its file, written without a copy).
        package func write(_ text: Substring) throws {
            var text = text
            try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
        }

        /// Waits for a sync still running; the `errno` of a write or sync that failed. The descriptor must stay
        /// open until this returns.
        func finish() -> Int32? {
            let synced = sync.finish()
            return failed ?? synced
        }
    }

    /// Writes a file made piece by piece: `body` appends to a temporary file next to `path`; when `body`
    /// returns, the file is committed as `writeAtomically(_:bytes:)` does (fsync, rename, fsync of the folder).
    /// When `body` or a write throws, the temporary file is removed and `path` is left as it was: nothing is
    /// written unless the whole file is.
    package static func writeAtomically(_ path: String, pieces body: (Pieces) throws -> Void) throws {
        try LinkGuard.checkWrite(path)
        let dir = parentDirectory(path)
        try LocalFileSystem().createDirectory(dir.isEmpty ? "." : dir)
        let tmp = try temporary(near: path, suffix: "")
        let fd = open(tmp, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard fd >= 0 else {
            let failure = errno  // before unlink() can change it
            unlink(tmp)
            throw NovelistError.io(path: path, errno: failure)
        }
        let pieces = Pieces(fd: fd, path: path)
        do {
            try body(pieces)
            if let code = pieces.finish() { throw NovelistError.io(path: path, errno: code) }
        } catch {
            _ = pieces.finish()  // no write or sync may run on a closed (or reused) descriptor
            close(fd)
            unlink(tmp)
            throw error
        }
        close(fd)
        try commit(tmp, to: path)
    }
}
