/// Chooses the render divisor for pixel-protocol frames while the picture
/// changes (layout running, camera moving, someone interacting): frames
/// render at 1/divisor of the pane's pixels each way when full size would
/// miss the frame budget. Still pictures are always drawn at full size; this
/// only governs the changing ones. Complements the bandwidth governor (bytes
/// the link can take): the explorer uses the larger of the two divisors.
///
/// After each changing frame: up one step when frames at this size cost more
/// than 80% of the budget; down one step when they cost under 70% and the
/// next larger size was not measured in the last two seconds (try it: much
/// of a frame's cost does not grow with its size, so no prediction is good)
/// or was measured under 70%.
struct FrameTimeGovernor {
    let maxDivisor: Int
    /// Milliseconds per frame at the target frame rate.
    var budgetMs: Double
    private(set) var divisor = 1
    /// Render + encode ms at each divisor (moving average; 0 = never) and when last measured.
    private var costMs: [Double]
    private var measuredAt: [Double]
    /// A measurement older than this (seconds) is forgotten.
    static let memory = 2.0

    /// `startDivisor`: where changing frames start before anything is
    /// measured (a big graph's first frames would miss the budget at full size).
    init(targetFPS: Double, maxDivisor: Int = 4, startDivisor: Int = 1) {
        self.maxDivisor = max(1, maxDivisor)
        divisor = min(max(1, startDivisor), self.maxDivisor)
        budgetMs = 1000 / max(targetFPS, 1)
        costMs = Array(repeating: 0, count: self.maxDivisor + 1)
        measuredAt = Array(repeating: -.infinity, count: self.maxDivisor + 1)
    }

    /// The cost last measured at divisor `d`, if measured within `memory` seconds of `now`.
    func cost(at d: Int, now: Double) -> Double? {
        guard d >= 1, d <= maxDivisor, costMs[d] > 0, now - measuredAt[d] < Self.memory else { return nil }
        return costMs[d]
    }

    /// Records a changing frame drawn at divisor `d` that took `ms` (render +
    /// encode) at time `now` (seconds, monotonic), and steps the divisor.
    mutating func record(divisor d: Int, ms: Double, now: Double) {
        guard d >= 1, d <= maxDivisor, ms > 0, ms.isFinite else { return }
        costMs[d] = cost(at: d, now: now).map { 0.6 * $0 + 0.4 * ms } ?? ms
        measuredAt[d] = now
        guard d == divisor else { return }
        if costMs[d] > 0.8 * budgetMs, d < maxDivisor {
            divisor = d + 1
        } else if d > 1, costMs[d] < 0.7 * budgetMs {
            if let larger = cost(at: d - 1, now: now) {
                if larger < 0.7 * budgetMs { divisor = d - 1 }
            } else {
                divisor = d - 1
            }
        }
    }

    /// The divisor to start at for a graph of `nodes` and `edges`: what the
    /// moving frames of such graphs settle at (measured on BA graphs: 100k
    /// nodes / 300k edges settle at 3–4), so the first frame, which also
    /// shows the layout's start, is not the slowest.
    static func startDivisor(nodes: Int, edges: Int) -> Int {
        let elements = nodes + edges
        return elements >= 1_000_000 ? 3 : elements >= 100_000 ? 2 : 1
    }
}
