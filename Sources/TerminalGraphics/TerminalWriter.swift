#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes frames to the terminal's descriptor and times them, so the
/// governor learns the bytes per second the terminal and the link achieve.
public struct TerminalWriter: Sendable {
    /// The descriptor written to.
    public let fd: Int32

    public init(fd: Int32) { self.fd = fd }

    /// Writes all of `bytes` (retrying short writes, EINTR, EAGAIN) and
    /// returns the seconds it took.
    public func write(_ bytes: [UInt8]) throws(TerminalGraphicsError) -> Double {
        let start = Self.now()
        guard writeAll(fd, bytes) else {
            throw TerminalGraphicsError("terminal: write to descriptor \(fd) failed (errno \(errno))")
        }
        return Self.now() - start
    }

    /// Monotonic seconds.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
