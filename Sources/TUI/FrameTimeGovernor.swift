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

    init(targetFPS: Double, maxDivisor: Int = 4) {
        self.maxDivisor = max(1, maxDivisor)
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
}
