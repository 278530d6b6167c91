#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The one monotonic clock of the project: CLOCK_MONOTONIC, comparable
// between processes on one machine (the FrameBus stamps frames with it, the
// side server subtracts those stamps from its own readings).

/// CLOCK_MONOTONIC in nanoseconds.
@inline(__always)
public func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

/// CLOCK_MONOTONIC in seconds.
@inline(__always)
public func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CLOCK_MONOTONIC in milliseconds.
@inline(__always)
public func monotonicMilliseconds() -> Double { monotonicSeconds() * 1000 }
