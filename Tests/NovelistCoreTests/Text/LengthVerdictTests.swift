import Testing

@testable import NovelistText

/// Length control (issue 16): within ±tolerance nothing is asked; below, the rest; above, a tighter version.
@Suite("Length verdict")
struct LengthVerdictTests {
    @Test(
        "the pass for a length against a target of 1000 at ±15 %",
        arguments: [
            (1000, nil), (850, nil), (1150, nil), (849, LengthPass.lengthen(add: 151)), (100, .lengthen(add: 900)),
            (1151, .tighten(to: 1000)), (5000, .tighten(to: 1000)), (0, .lengthen(add: 1000))
        ] as [(Int, LengthPass?)])
    func pass(_ length: Int, _ expected: LengthPass?) {
        #expect(LengthVerdict.pass(length: length, target: 1000) == expected)
    }

    @Test func aStoryCanSetItsOwnTolerance() {
        #expect(LengthVerdict.pass(length: 600, target: 1000, tolerance: 50) == nil)
        #expect(LengthVerdict.pass(length: 940, target: 1000, tolerance: 5) == .lengthen(add: 60))
        #expect(LengthVerdict.band(target: 2200, tolerance: 15) == 1870...2530)
        #expect(LengthVerdict.pass(length: 5, target: 0) == nil, "no target, no pass")
    }
}
