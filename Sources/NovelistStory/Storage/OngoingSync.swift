import Foundation
import Synchronization

/// Makes a big file's bytes durable while it is still being written: past each megabyte, `fdatasync(2)` runs
/// on a thread of its own while the writer goes on. On this machine's disk the sync at the end of a write costs
/// about 2 ms a megabyte written since the last one, whatever write-back was started before (the flush is
/// what waits), so a 7-MB export waited 10–16 ms at its end; with the syncs made along the way the last one
/// has a megabyte at most to wait for (issue 19). It never replaces the final `fsync`: it only leaves it less
/// to do. A sync that fails is reported by `finish()`, and the file is then not committed.
final class OngoingSync: Sendable {
    /// Bytes written between two syncs.
    static let chunk = 1 << 20
    /// One thread for every file's syncs (they go to the same disk).
    private static let queue = DispatchQueue(label: "novelist.ongoing-sync")

    private let fd: Int32
    private struct State {
        var requested = 0
        var running = false
        var failed: Int32?
    }
    private let state = Mutex(State())

    init(fd: Int32) { self.fd = fd }

    /// The writer has written `total` bytes so far; a sync starts when a megabyte more than the last one asked
    /// for is written and no sync is running (one that runs covers what it finds written when it starts).
    func wrote(total: Int) {
        let start = state.withLock { s -> Bool in
            guard !s.running, total - s.requested >= Self.chunk else { return false }
            s.running = true
            s.requested = total
            return true
        }
        guard start else { return }
        let fd = self.fd
        Self.queue.async {
            let failure: Int32? = fdatasync(fd) == 0 ? nil : errno
            self.state.withLock { s in
                s.running = false
                if s.failed == nil { s.failed = failure }
            }
        }
    }

    /// Waits for a sync still running; the `errno` of one that failed, if any did. The file descriptor must
    /// stay open until this returns.
    func finish() -> Int32? {
        Self.queue.sync {}
        return state.withLock { $0.failed }
    }
}
