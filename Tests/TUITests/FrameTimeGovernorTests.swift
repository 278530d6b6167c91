import Testing
@testable import TUI

@Suite struct FrameTimeGovernorTests {
    /// 20 fps = 50 ms a frame. Frames costing 60 ms push the divisor up one
    /// step a frame to the maximum; it never passes the maximum.
    @Test func slowFramesLowerTheResolutionStepByStep() {
        var g = FrameTimeGovernor(targetFPS: 20, maxDivisor: 4)
        var t = 0.0
        var seen: [Int] = []
        for _ in 0..<6 {
            g.record(divisor: g.divisor, ms: 60, now: t); t += 0.05
            seen.append(g.divisor)
        }
        #expect(seen == [2, 3, 4, 4, 4, 4])
    }

    /// Cheap frames bring it back to full size, one step a frame, when the
    /// larger size was not measured lately.
    @Test func cheapFramesReturnToFullSize() {
        var g = FrameTimeGovernor(targetFPS: 20)
        var t = 0.0
        for _ in 0..<3 { g.record(divisor: g.divisor, ms: 100, now: t); t += 0.05 }
        #expect(g.divisor == 4)
        t += 5   // the slow measurements are forgotten
        for _ in 0..<3 { g.record(divisor: g.divisor, ms: 10, now: t); t += 0.05 }
        #expect(g.divisor == 1)
    }

    /// A size measured too slow in the last two seconds is not retried at
    /// once (no flicker between two sizes every frame), but is after that.
    @Test func aKnownSlowSizeIsNotRetriedUntilForgotten() {
        var g = FrameTimeGovernor(targetFPS: 20)
        g.record(divisor: 1, ms: 45, now: 0)      // over 80% of 50 ms
        #expect(g.divisor == 2)
        g.record(divisor: 2, ms: 20, now: 0.05)   // cheap, but size 1 cost 45 ms just now
        #expect(g.divisor == 2)
        g.record(divisor: 2, ms: 20, now: 1.0)
        #expect(g.divisor == 2)
        g.record(divisor: 2, ms: 20, now: 2.5)    // size 1's cost is forgotten: try it
        #expect(g.divisor == 1)
    }

    /// Results for another divisor (an older request) only update that size's cost.
    @Test func staleResultsDoNotStepTheDivisor() {
        var g = FrameTimeGovernor(targetFPS: 20)
        g.record(divisor: 3, ms: 500, now: 0)
        #expect(g.divisor == 1)
        #expect(g.cost(at: 3, now: 0.1) == 500)
        #expect(g.cost(at: 3, now: 3) == nil)
        g.record(divisor: 1, ms: .nan, now: 0)
        #expect(g.divisor == 1)
    }
}
