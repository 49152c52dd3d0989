import Foundation
import NovelistText

/// The file operations novelist needs, behind a protocol so that the core is tested without a disk.
/// Every write of a story file goes through `writeAtomically`.
package protocol FileSystem: Sendable {
    func read(_ path: String) throws(NovelistError) -> String?
    /// Up to `count` bytes of a file from `offset` (fewer at its end; nil: no such file): a version in a pack.
    func readBytes(_ path: String, offset: Int, count: Int) throws(NovelistError) -> [UInt8]?
    /// Writes `contents` so that a crash leaves either the old or the new file, never a partial one.
    func writeAtomically(_ path: String, _ contents: String) throws(NovelistError)
    /// The same for a file made piece by piece (an export): `body` hands the pieces, in order, to `write`.
    /// Nothing replaces `path` unless `body` returns.
    func writeAtomically(_ path: String, pieces body: (_ write: (Substring) throws -> Void) throws -> Void) throws
    /// Writes new files that nothing refers to yet (stored versions), each whole or absent after a crash, all of
    /// them durable when it returns; on a disk one sync serves the lot instead of two per file. The temporary
    /// files go in `scratch`, a folder whose hidden `.…novelist-…` leftovers the store removes.
    /// A file's `pieces` are written one after another (a pack of stored versions is not joined in memory first).
    func writeNewFiles(_ files: [(path: String, pieces: [String])], scratch: String) throws(NovelistError)
    /// Appends one record with a single write (used for the conversation log, where a torn last line is skipped on read).
    func append(_ path: String, _ contents: String) throws(NovelistError)
    func list(_ directory: String) -> [String]
    func isDirectory(_ path: String) -> Bool
    func exists(_ path: String) -> Bool
    func createDirectory(_ path: String) throws(NovelistError)
    /// Removes a file and syncs its folder; a missing file is not an error.
    func remove(_ path: String) throws(NovelistError)
    /// Creates a file only if it does not exist yet (O_EXCL); false when it exists.
    func createExclusive(_ path: String, _ contents: String) throws(NovelistError) -> Bool
    /// Size and modification time, to skip re-reading files that did not change; nil when missing.
    func fileStamp(_ path: String) -> FileStamp?
    /// True when the file exists and its permissions allow nobody to write it (chmod 444): the writer locked it.
    func isReadOnly(_ path: String) -> Bool
    /// Takes the story's writer lock at `path` for this process's life (`flock(2)` on a real disk).
    func acquireLock(_ path: String, pid: Int32) throws(NovelistError) -> LockOutcome
    /// Releases a lock `acquireLock` gave.
    func releaseLock(_ key: String)
}

/// What taking the writer lock gave.
package enum LockOutcome: Equatable, Sendable {
    /// Held by this process; `key` releases it.
    case held(key: String)
    /// Another process holds it; what its file says, if it says anything readable.
    case heldElsewhere(pid: Int32?, host: String?)
}

extension FileSystem {
    package func readBytes(_ path: String, offset: Int, count: Int) throws(NovelistError) -> [UInt8]? {
        guard let text = try read(path) else { return nil }
        return Array(text.utf8.dropFirst(offset).prefix(count))
    }
    package func writeNewFiles(_ files: [(path: String, pieces: [String])], scratch: String) throws(NovelistError) {
        for f in files { try writeAtomically(f.path, f.pieces.joined()) }
    }
    package func isReadOnly(_ path: String) -> Bool { false }
    /// The real lock: `flock(2)` on the file, whatever the file system in front of it.
    package func acquireLock(_ path: String, pid: Int32) throws(NovelistError) -> LockOutcome {
        try StoryLock.acquire(path, pid: pid)
    }
    package func releaseLock(_ key: String) { StoryLock.release(key) }
}

/// What tells that a file changed without reading it: size, modification time and inode (an editor that
/// saves by renaming a new file over the old one gives it a new inode, whatever its time says).
package struct FileStamp: Equatable, Sendable, Codable {
    package var size: Int64
    package var modifiedNanoseconds: Int64
    /// Nil on a file system without inodes (the in-memory one) and in stamps recorded before novelist kept it.
    package var inode: UInt64?
    package init(size: Int64, modifiedNanoseconds: Int64, inode: UInt64? = nil) {
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
        self.inode = inode
    }
}

extension FileStamp {
    /// The stamp as three cache fields: size, modification time in ns, inode (`-` when not known): the one
    /// line form of a stamp in `.novelist/` (the digests, the history's known files).
    var fields: [String] { [String(size), String(modifiedNanoseconds), inode.map { String($0) } ?? "-"] }

    /// A stamp read back from `fields`; nil for anything else.
    init?(fields f: ArraySlice<String>) {
        guard f.count == 3, let size = Int64(f[f.startIndex]), let time = Int64(f[f.startIndex + 1]) else { return nil }
        let last = f[f.startIndex + 2]
        guard last == "-" || UInt64(last) != nil else { return nil }
        self.init(size: size, modifiedNanoseconds: time, inode: UInt64(last))
    }
}

/// The real disk. Atomic writes: a temporary file in the same folder, fsync, rename over the target,
/// fsync the folder; the target's permissions are kept.
package struct LocalFileSystem: FileSystem {
    package init() {}

    package func read(_ path: String) throws(NovelistError) -> String? {
        if LinkGuard.leavesStory(path) { throw .linkOutside(path: path) }
        // A file that is not UTF-8 (GB18030 from another tool, say) must never be decoded lossily and written back.
        // The text keeps a byte-order mark the file has (U+FEFF first), as the file does.
        guard let text = try Self.withContents(path, String.init(validatingUTF8:)) else { return nil }
        guard let text else {
            throw .fileFailed(
                path: path, detail: L("it is not UTF-8 text (GB18030 or GBK?); convert it first, e.g. iconv -f GB18030 -t UTF-8"))
        }
        return text
    }

    /// A regular file only (a FIFO named like a pack must not block the open: O_NONBLOCK), and never more bytes
    /// allocated than the file holds from `offset`, whatever `count` a damaged pack's index says.
    package func readBytes(_ path: String, offset: Int, count: Int) throws(NovelistError) -> [UInt8]? {
        if LinkGuard.leavesStory(path) { throw .linkOutside(path: path) }
        guard let fd = try Self.openForReading(path, flags: O_NONBLOCK) else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            throw .fileFailed(path: path, detail: L("it cannot be read"))
        }
        guard offset >= 0, offset < Int(st.st_size) else { return [] }
        let wanted = min(max(count, 0), Int(st.st_size) - offset)
        return try [UInt8](unsafeUninitializedCapacity: wanted) { (b, done) throws(NovelistError) in
            done = try Self.fill(fd, UnsafeMutableRawBufferPointer(b), from: 0, fileOffset: offset, path: path)
        }
    }

    /// Reads `fd` into `bytes` from index `start` until the buffer is full or the file ends — by `pread` at
    /// `fileOffset + start` when an offset is given, else by `read` — retrying on EINTR; the bytes now in the buffer.
    private static func fill(
        _ fd: Int32, _ b: UnsafeMutableRawBufferPointer, from start: Int, fileOffset: Int?, path: String
    ) throws(NovelistError) -> Int {
        guard let base = b.baseAddress else { return 0 }
        var done = start
        while done < b.count {
            let at = base + done
            let n = fileOffset.map { pread(fd, at, b.count - done, off_t($0 + done)) } ?? Glibc.read(fd, at, b.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw .fileFailed(path: path, detail: L("it cannot be read")) }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// A descriptor open for reading; nil when there is no such file, the read error otherwise.
    static func openForReading(_ path: String, flags: Int32 = 0) throws(NovelistError) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | flags)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw .fileFailed(path: path, detail: L("it cannot be read"))
        }
        return fd
    }

    /// A file's bytes by open(2) and read(2), handed to `body` (nil: there is no such file). They go into a
    /// buffer that is not zeroed first and is freed when `body` returns: a chapter is read, checked and made
    /// into its String with one copy (Foundation's `contents(atPath:)` and `String(data:encoding:)` cost several
    /// times the bytes' own validation; a zeroed array was a memset of the whole manuscript, issue 19).
    static func withContents<T>(
        _ path: String, _ body: (UnsafeBufferPointer<UInt8>) throws(NovelistError) -> T
    ) throws(NovelistError) -> T? {
        guard let fd = try openForReading(path) else { return nil }
        defer { close(fd) }
        var st = stat()
        // One byte more than the file's size, so that the end is seen in the first buffer; grown if the file grew.
        var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: fstat(fd, &st) == 0 ? max(Int(st.st_size), 0) + 1 : 4096)
        defer { buffer.deallocate() }
        var count = try fill(fd, UnsafeMutableRawBufferPointer(buffer), from: 0, fileOffset: nil, path: path)
        while count == buffer.count {
            let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
            larger.baseAddress!.initialize(from: buffer.baseAddress!, count: count)
            buffer.deallocate()
            buffer = larger
            count = try fill(fd, UnsafeMutableRawBufferPointer(buffer), from: count, fileOffset: nil, path: path)
        }
        return try body(UnsafeBufferPointer(rebasing: buffer[..<count]))
    }

    package func writeAtomically(_ path: String, _ contents: String) throws(NovelistError) {
        try AtomicFile.writeAtomically(path, bytes: Array(contents.utf8))
    }

    package func writeNewFiles(_ files: [(path: String, pieces: [String])], scratch: String) throws(NovelistError) {
        try AtomicFile.writeNewFiles(files, scratch: scratch)
    }

    package func append(_ path: String, _ contents: String) throws(NovelistError) {
        try LinkGuard.checkWrite(path)
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw .io(path: path, errno: errno) }
        defer { close(fd) }
        var bytes = Array(contents.utf8)
        // A record torn by a crash must not swallow the next one: start on a new line.
        var st = stat()
        if fstat(fd, &st) == 0, st.st_size > 0 {
            var last: UInt8 = 0
            if pread(fd, &last, 1, st.st_size - 1) == 1, last != 0x0A { bytes.insert(0x0A, at: 0) }
        }
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, bytes.count) }
        guard n == bytes.count else { throw n < 0 ? .io(path: path, errno: errno) : .fileFailed(path: path, detail: L("short write")) }
    }

    /// The names in a folder (not `.` and `..`) in byte order; nothing for a folder that cannot be read. By
    /// readdir(3), the names sorted as bytes: FileManager and sorting Strings were 9 M instructions of a warm
    /// open's 12 listings.
    package func list(_ directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [[UInt8]] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        names.sort { $0.lexicographicallyPrecedes($1) }
        return names.map { String(decoding: $0, as: UTF8.self) }
    }

    package func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    package func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    package func remove(_ path: String) throws(NovelistError) {
        try LinkGuard.checkWrite(path)
        if unlink(path) != 0 && errno != ENOENT { throw .io(path: path, errno: errno) }
        let dir = parentDirectory(path)
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    package func createExclusive(_ path: String, _ contents: String) throws(NovelistError) -> Bool {
        try LinkGuard.checkWrite(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 {
            if errno == EEXIST { return false }
            throw .io(path: path, errno: errno)
        }
        defer { close(fd) }
        let bytes = Array(contents.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, bytes.count) }
        fsync(fd)
        return true
    }

    /// The mode bits, not access(2): root may write anything, but a chmod 444 is the writer's word.
    package func isReadOnly(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG && st.st_mode & 0o222 == 0
    }

    package func fileStamp(_ path: String) -> FileStamp? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileStamp(
            size: Int64(st.st_size), modifiedNanoseconds: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
            inode: UInt64(st.st_ino))
    }

    package func createDirectory(_ path: String) throws(NovelistError) {
        try LinkGuard.checkWrite(path)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            // A full disk, a read-only file system or missing permissions are said as such.
            let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError).flatMap {
                $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil
            }
            if let code, NovelistError.sayable(code) { throw .io(path: path, errno: code) }
            throw .fileFailed(path: path, detail: L("the folder cannot be created"))
        }
    }
}

/// The one atomic write: a temporary file in the target's folder, fsync, rename over the target (keeping its
/// permissions), fsync of the folder. A crash leaves the old file or the new one, never a part.
/// Story files (through `LocalFileSystem`) and exports (UTF-8 or GB18030 bytes, pandoc's output) all use it.
package enum AtomicFile {
    /// Creates an empty temporary file next to `path`, returning its path.
    package static func temporary(near path: String, suffix: String) throws(NovelistError) -> String {
        let dir = parentDirectory(path)
        let name = lastPathComponent(path)
        var template = Array("\(dir.isEmpty ? "." : dir)/.\(name).novelist-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .io(path: path, errno: errno) }
        close(fd)
        let tmp = String(cString: template.map { UInt8(bitPattern: $0) })
        if suffix.isEmpty { return tmp }
        let withSuffix = tmp + suffix
        guard rename(tmp, withSuffix) == 0 else {
            let code = errno
            unlink(tmp)
            throw .io(path: path, errno: code)
        }
        return withSuffix
    }

    package static func writeAtomically(_ path: String, bytes: [UInt8]) throws(NovelistError) {
        try LinkGuard.checkWrite(path)
        let dir = parentDirectory(path)
        try LocalFileSystem().createDirectory(dir.isEmpty ? "." : dir)
        let tmp = try temporary(near: path, suffix: "")
        let fd = open(tmp, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            unlink(tmp)
            throw .io(path: path, errno: code)
        }
        if let code = bytes.withUnsafeBytes({ writeAll(fd, $0) }) {
            close(fd)
            unlink(tmp)
            throw .io(path: path, errno: code)
        }
        close(fd)
        try commit(tmp, to: path)
    }

    /// fsyncs `tmp`, renames it over `path` (keeping `path`'s permissions), fsyncs the folder.
    package static func commit(_ tmp: String, to path: String) throws(NovelistError) {
        do { try LinkGuard.checkWrite(path) } catch {
            unlink(tmp)
            throw error
        }
        var mode: mode_t = 0o644
        var st = stat()
        if stat(path, &st) == 0 { mode = st.st_mode & 0o7777 }
        let fd = open(tmp, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            unlink(tmp)
            throw .io(path: path, errno: code)
        }
        fchmod(fd, mode)
        let synced = fsync(fd) == 0
        let code = errno
        close(fd)
        guard synced else {
            unlink(tmp)
            throw .io(path: path, errno: code)
        }
        guard rename(tmp, path) == 0 else {
            let code = errno
            unlink(tmp)
            throw .io(path: path, errno: code)
        }
        let dir = parentDirectory(path)
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }
}
