import Dispatch

/// Splitting CPU-bound statistics work over a few threads.
///
/// Dispatch (not Foundation) runs the parts; each part writes only its own
/// result slot, so no locks or atomics are needed.
enum StatisticsParallel {
    /// Runs `body(part)` for `part` in `0..<parts` (concurrently when
    /// `parts > 1`) and returns the results in part order.
    static func map<T: Sendable>(parts: Int, _ body: @Sendable (Int) -> T) -> [T] {
        if parts <= 1 { return [body(0)] }
        let slots = Slots<T>(base: UnsafeMutablePointer<T>.allocate(capacity: parts))
        defer { slots.base.deallocate() }
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            (slots.base + part).initialize(to: body(part))
        }
        return (0..<parts).map { (slots.base + $0).move() }
    }

    /// Result slots, one per part; each part touches only its own.
    private struct Slots<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T>
    }

    /// Splits `0..<count` into `parts` contiguous ranges of roughly equal
    /// total `cost` (a prefix sum with `cost.count == count + 1`, `cost[0] == 0`).
    static func split(prefixCost cost: [Int], parts: Int) -> [Range<Int>] {
        let count = cost.count - 1
        let parts = max(1, min(parts, count))
        var ranges: [Range<Int>] = []
        var start = 0
        let total = cost[count]
        for p in 1...parts {
            var end = count
            if p < parts {
                let goal = total / parts * p + (total % parts) * p / parts
                // First index whose prefix cost reaches the goal (binary search).
                var lo = start, hi = count
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if cost[mid] < goal { lo = mid + 1 } else { hi = mid }
                }
                end = lo
            }
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }
}
