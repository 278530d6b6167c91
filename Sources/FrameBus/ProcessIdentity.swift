#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process facts FrameBus needs to tell a live writer from a dead one whose
/// pid the kernel has since handed to someone else.
enum ProcessIdentity {
    /// The start time of `pid` in clock ticks since boot (/proc/PID/stat field
    /// 22), or nil if the process does not exist or is a zombie.
    static func startTime(of pid: Int32) -> UInt64? {
        #if os(Linux)
        guard pid > 0, let stat = readSmallFile("/proc/\(pid)/stat") else { return nil }
        return parseStat(stat)
        #else
        return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM) ? 0 : nil
        #endif
    }

    /// Field 22 of a /proc/PID/stat line, nil for zombies and dead processes.
    /// The command name (field 2) may hold spaces and parentheses, so fields
    /// are counted from the last ')'.
    static func parseStat(_ bytes: [UInt8]) -> UInt64? {
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
        // fields[0] is field 3 (state), so field 22 is fields[19].
        guard fields.count > 19, let state = fields[0].first else { return nil }
        if state == UInt8(ascii: "Z") || state == UInt8(ascii: "X") || state == UInt8(ascii: "x") { return nil }
        var value: UInt64 = 0
        for c in fields[19] {
            guard c >= 48, c <= 57 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(c - 48))
            guard !o1, !o2 else { return nil }
            value = a
        }
        return value
    }

    /// True when `pid` runs and is the same process that recorded `startTime`.
    static func isRunning(pid: Int32, startTime: UInt64) -> Bool {
        guard let now = Self.startTime(of: pid) else { return false }
        #if os(Linux)
        return now == startTime
        #else
        return true
        #endif
    }

    /// True when some (non-zombie) process has this pid, whoever it is.
    static func exists(pid: Int32) -> Bool { startTime(of: pid) != nil }

    /// The identity this process writes into segments it creates.
    static func current() -> WriterIdentity {
        let pid = getpid()
        return WriterIdentity(pid: pid, startTime: startTime(of: pid) ?? 0,
                              uid: UInt32(geteuid()), createdAt: realtimeNanos())
    }

    /// Reads a /proc file (they report size 0, so read until EOF).
    static func readSmallFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1024)
        while out.count < 65536 {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }
}


/// CLOCK_REALTIME in nanoseconds since the epoch.
func realtimeNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}
