/// Whether a reply's length hits its target, and which one corrective pass to ask for when it does not:
/// continue a reply that is short, tighten one that is long. Never more than one pass (the caller asks once).
package enum LengthPass: Equatable, Sendable {
    /// Ask for the rest: about `add` more 字 or words, appended.
    case lengthen(add: Int)
    /// Ask for a shortened version of about `to` 字 or words, replacing the reply.
    case tighten(to: Int)
}

package enum LengthVerdict {
    /// ±15 % unless the story sets `length_tolerance`.
    package static let defaultTolerance = 15

    /// The accepted band around `target` for a tolerance in percent (clamped to 1…90).
    package static func band(target: Int, tolerance: Int) -> ClosedRange<Int> {
        let t = Double(min(max(tolerance, 1), 90)) / 100
        let low = Int((Double(target) * (1 - t)).rounded(.up))
        let high = Int((Double(target) * (1 + t)).rounded(.down))
        return max(0, low)...max(low, high)
    }

    /// nil when `length` is within the band (or there is no target); else the pass to ask for.
    package static func pass(length: Int, target: Int, tolerance: Int = defaultTolerance) -> LengthPass? {
        guard target > 0 else { return nil }
        let band = band(target: target, tolerance: tolerance)
        if length < band.lowerBound { return .lengthen(add: target - length) }
        if length > band.upperBound { return .tighten(to: target) }
        return nil
    }
}
