import Synchronization

/// The arithmetic of a pause shared by many requests: values in, values out.
package struct GateState: Equatable, Sendable {
    /// The moment (seconds since 1970) before which no request may start.
    package var openAt: Double

    package init(openAt: Double = 0) {
        self.openAt = openAt
    }

    /// A server asked everyone to wait until `time`: the later of the two pauses holds.
    package func closing(until time: Double) -> GateState {
        GateState(openAt: max(openAt, time))
    }

    /// Seconds still to wait at `now` (0 when the gate is open).
    package func wait(at now: Double) -> Double {
        max(0, openAt - now)
    }
}

/// A pause shared by every request of a batch: a 429 or 503 with `Retry-After` that one worker receives
/// closes the gate for all of them, so the whole batch slows down instead of each worker hammering on.
package final class RequestGate: Sendable {
    private let state = Mutex(GateState())

    package init() {}

    package func close(until time: Double) {
        state.withLock { $0 = $0.closing(until: time) }
    }

    package func wait(at now: Double) -> Double {
        state.withLock { $0.wait(at: now) }
    }
}
