import NovelistText
import Synchronization

/// A flag a signal handler can set and a transfer can poll: Ctrl-C cancels what is running.
package final class CancelToken: Sendable {
    private let flag = Atomic<Bool>(false)
    package init() {}
    package var isCancelled: Bool { flag.load(ordering: .relaxed) }
    package func cancel() { flag.store(true, ordering: .relaxed) }
    package func reset() { flag.store(false, ordering: .relaxed) }
}
