#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif


/// Nanoseconds in a duration, clamped at zero.
func nanoseconds(_ d: Duration) -> UInt64 {
    let (s, atto) = d.components
    if s < 0 { return 0 }
    return UInt64(s) &* 1_000_000_000 &+ UInt64(max(0, atto) / 1_000_000_000)
}
