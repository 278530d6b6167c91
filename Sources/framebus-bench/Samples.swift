// Timing helpers for the FrameBus benchmark.
import FrameBus
import TangleBasics

/// Nanosecond samples and their percentiles.
struct Samples {
    private(set) var values: [UInt64] = []

    mutating func add(_ ns: UInt64) { values.append(ns) }

    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let index = min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count - 1)).rounded())))
        return Double(sorted[index])
    }

    var median: Double { percentile(50) }
    var count: Int { values.count }

    /// p50/p90/p99/max in microseconds, for JSON.
    func summaryMicros() -> [String: Any] {
        ["samples": count,
         "p50_us": round3(percentile(50) / 1000), "p90_us": round3(percentile(90) / 1000),
         "p99_us": round3(percentile(99) / 1000), "max_us": round3(percentile(100) / 1000)]
    }
}

/// Times `body` in nanoseconds.
@inline(__always)
func timed(_ body: () throws -> Void) rethrows -> UInt64 {
    let start = monotonicNanos()
    try body()
    return monotonicNanos() - start
}

func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
