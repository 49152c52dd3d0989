import Foundation
import NovelistText

/// The pure part of batch work: which chapters go first, how far it is, how long is left.
package enum BatchPlan {
    /// Chapters are sent in chapter order (and the results are shown in it, whatever order they finish in).
    package static func order(_ chapters: [Int]) -> [Int] {
        Array(Set(chapters)).sorted()
    }

    /// `NOVELIST_CONCURRENCY`: requests at once, from 1 (one after the other) to 16; 4 when unset.
    package static let defaultConcurrency = 4
    package static func concurrency(_ value: Int?) -> Int {
        min(max(value ?? defaultConcurrency, 1), 16)
    }
}

/// How far a batch is: the line `37/300 · 2 failed · 1m12s left`.
package struct BatchProgress: Equatable, Sendable {
    package var total: Int
    package var done = 0
    package var failed = 0
    /// Seconds since the batch started.
    package var elapsed = 0.0

    package init(total: Int, done: Int = 0, failed: Int = 0, elapsed: Double = 0) {
        self.total = total
        self.done = done
        self.failed = failed
        self.elapsed = elapsed
    }

    /// Finished requests, failed or not.
    package var finished: Int { done + failed }

    /// The time left at the pace so far (the batch's own rate: concurrency and pauses are in it);
    /// nil until the first request has finished.
    package var secondsLeft: Double? {
        guard finished > 0, total > finished else { return finished >= total ? 0 : nil }
        return elapsed / Double(finished) * Double(total - finished)
    }

    package var text: String {
        var parts = ["\(finished)/\(total)"]
        if failed > 0 { parts.append(L("%d failed", failed)) }
        if let left = secondsLeft, finished < total { parts.append(L("%@ left", Self.duration(left))) }
        return parts.joined(separator: " · ")
    }

    /// `45s`, `1m12s`, `2h05m`.
    package static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        if s < 60 { return L("%ds", s) }
        if s < 3600 { return L("%dm%02ds", s / 60, s % 60) }
        return L("%dh%02dm", s / 3600, (s % 3600) / 60)
    }
}
