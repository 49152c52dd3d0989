import Foundation
import NovelistText

extension AtomicFile {
    /// Many new files at once (the first look at a story stores a version of every file): each is written to
    /// a temporary file in `scratch`, one `syncfs(2)` makes all their bytes durable, each is renamed to its
    /// place, and one more `syncfs` makes the names durable. A crash leaves each target absent or whole (its
    /// bytes were on the disk before its name), never a part; the leftovers in `scratch` are hidden
    /// `.…novelist-…` files. Where `syncfs` fails, every file is synced on its own, as `writeAtomically` does.
    /// Folders are checked for links once each, not once per file (issue 19: 500 files took 1,000 fsyncs).
    /// A file's pieces are written one after another, each from its own storage (no joined copy).
    package static func writeNewFiles(_ files: [(path: String, pieces: [String])], scratch: String) throws(NovelistError) {
        guard !files.isEmpty else { return }
        try LinkGuard.checkWrite(scratch)
        var folders: Set<String> = []
        var pending: [(tmp: String, path: String)] = []
        var done = false
        defer { if !done { for p in pending { unlink(p.tmp) } } }
        for file in files {
            let dir = parentDirectory(file.path)
            if folders.insert(dir).inserted {
                try LinkGuard.checkWrite(dir)
                try LocalFileSystem().createDirectory(dir.isEmpty ? "." : dir)
            }
            var template = Array("\(scratch)/.batch.novelist-XXXXXX".utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw .io(path: file.path, errno: errno) }
            pending.append((String(cString: template.map { UInt8(bitPattern: $0) }), file.path))
            fchmod(fd, 0o644)
            var failed: Int32?
            var written = 0
            // A big file (a pack) is synced along the way, so the syncfs below has little left to wait for.
            let sync = OngoingSync(fd: fd)
            for piece in file.pieces where failed == nil {
                var piece = piece
                failed = piece.withUTF8 { writeAll(fd, UnsafeRawBufferPointer($0)) }
                written += piece.utf8.count
                sync.wrote(total: written)
            }
            if let code = sync.finish(), failed == nil { failed = code }
            close(fd)
            if let failed { throw .io(path: file.path, errno: failed) }
        }
        let synced = syncFileSystem(of: scratch)
        if !synced {
            for p in pending {
                let fd = open(p.tmp, O_RDONLY | O_CLOEXEC)
                guard fd >= 0, fsync(fd) == 0 else {
                    let code = errno
                    if fd >= 0 { close(fd) }
                    throw .io(path: p.path, errno: code)
                }
                close(fd)
            }
        }
        for (i, p) in pending.enumerated() where rename(p.tmp, p.path) != 0 {
            let code = errno
            pending.removeFirst(i)
            throw .io(path: p.path, errno: code)
        }
        done = true
        if !synced || !syncFileSystem(of: scratch) {
            for dir in folders {
                let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY)
                if dfd >= 0 {
                    fsync(dfd)
                    close(dfd)
                }
            }
        }
    }

    /// Writes every byte to `fd` (again after EINTR or a short write); the errno when it fails.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var written = 0
        while written < bytes.count {
            let n = write(fd, bytes.baseAddress! + written, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += n
        }
        return nil
    }

    /// `syncfs(2)` of the file system holding `folder`: true when it worked.
    static func syncFileSystem(of folder: String) -> Bool {
        guard let syncfs = syncfsFunction else { return false }
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return syncfs(fd) == 0
    }

    /// glibc's `syncfs`, which its Swift module does not declare (it is a GNU extension), looked up once.
    static let syncfsFunction: (@convention(c) (Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
    }()
}
