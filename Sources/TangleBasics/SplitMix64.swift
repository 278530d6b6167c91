/// SplitMix64 (Steele, Lea and Flood): small, fast and the same on every
/// platform, so a seed gives the same layout, test pattern or mutation
/// everywhere; also what seeds the larger generators. Not for cryptography.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    @inline(__always)
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// In 0..<n (0 when n ≤ 1), by modulo: a little bias, fine for
    /// mutations and test patterns, not for statistics.
    @inline(__always)
    public mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    /// Uniform in [-1, 1).
    @inline(__always)
    public mutating func signed() -> Double { unit() * 2 - 1 }
}
