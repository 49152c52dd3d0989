import Foundation
import NovelistText
import Synchronization

/// The one-writer-at-a-time lock of a story: `flock(2)` on `.novelist/lock`, held for the life of the process
/// (the kernel releases it when the process dies, however it dies). The holder's pid and host are written
/// into the file only as information for the message; a lock file with any content — a live unrelated pid,
/// PID 1, garbage bytes — is nothing but a file nobody holds. Stores of one story in one process share the
/// lock (counted), since a second flock on the same file from the same process would refuse itself.
package enum StoryLock {
    package typealias Outcome = LockOutcome

    private static let table = Mutex<[String: (fd: Int32, count: Int)]>([:])

    static func hostName() -> String {
        var buf = [CChar](repeating: 0, count: 256)
        return gethostname(&buf, buf.count) == 0 ? String(cString: buf) : "?"
    }

    package static func acquire(_ path: String, pid: Int32) throws(NovelistError) -> Outcome {
        try LinkGuard.checkWrite(path)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw .io(path: path, errno: errno) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw .io(path: path, errno: errno)
        }
        let key = "\(st.st_dev):\(st.st_ino)"
        let shared = table.withLock { t -> Bool in
            guard let entry = t[key] else { return false }
            t[key] = (entry.fd, entry.count + 1)
            return true
        }
        if shared {
            close(fd)
            return .held(key: key)
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var bytes = [UInt8](repeating: 0, count: 256)
            let n = pread(fd, &bytes, bytes.count, 0)
            close(fd)
            let words = String(decoding: bytes.prefix(max(0, n)), as: UTF8.self).split(whereSeparator: \.isWhitespace)
            let holder = words.first.flatMap { Int32($0) }.flatMap { $0 > 0 ? $0 : nil }
            return .heldElsewhere(pid: holder, host: holder == nil ? nil : words.dropFirst().first.map(String.init))
        }
        let info = Array("\(pid) \(hostName())\n".utf8)
        if ftruncate(fd, 0) == 0 { _ = info.withUnsafeBytes { pwrite(fd, $0.baseAddress!, info.count, 0) } }
        table.withLock { $0[key] = (fd, 1) }
        return .held(key: key)
    }

    package static func release(_ key: String) {
        table.withLock { t in
            guard let entry = t[key] else { return }
            if entry.count > 1 {
                t[key] = (entry.fd, entry.count - 1)
            } else {
                // The file stays (removing a locked file races with a process opening it); only the lock goes.
                _ = ftruncate(entry.fd, 0)
                close(entry.fd)
                t.removeValue(forKey: key)
            }
        }
    }
}
