import TangleBasics
/// A token bucket: `rate` messages a second on average, bursts up to `burst`.
struct RateLimiter {
    let rate: Double
    let burst: Double
    private var tokens: Double
    private var last: UInt64

    init(rate: Double, burst: Double, now: UInt64 = monotonicNanos()) {
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.last = now
    }

    /// Takes one token; false when the bucket is empty (drop the message).
    mutating func allow(now: UInt64 = monotonicNanos()) -> Bool {
        let elapsed = Double(now &- last) / 1e9
        last = now
        tokens = min(burst, tokens + elapsed * rate)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
