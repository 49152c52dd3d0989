import NovelistText
import Synchronization

/// A flag a signal handler can set and a transfer can poll: Ctrl-C cancels what is running.
public final class CancelToken: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
    public func cancel() { flag.store(true, ordering: .relaxed) }
    public func reset() { flag.store(false, ordering: .relaxed) }
}
