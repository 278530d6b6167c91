#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A segment name: `/tangle-UID-PID`, or `/tangle-UID-PID-CHANNEL` when one
/// process runs more than one bus. The user id keeps users apart; the pid
/// says whose segment it is, so a dead creator's segment can be recognised.
public struct SegmentName: Hashable, Sendable, CustomStringConvertible {
    public var uid: UInt32
    public var pid: Int32
    public var channel: UInt32?

    public init(uid: UInt32, pid: Int32, channel: UInt32? = nil) {
        self.uid = uid
        self.pid = pid
        self.channel = channel
    }

    /// This process's name for a new bus.
    public static func current(channel: UInt32? = nil) -> SegmentName {
        SegmentName(uid: UInt32(geteuid()), pid: getpid(), channel: channel)
    }

    /// Parses `/tangle-UID-PID[-CHANNEL]` (the leading slash is optional).
    /// Anything else, including path separators, is refused.
    public init(parsing text: String) throws {
        var body = Substring(text)
        if body.hasPrefix("/") { body = body.dropFirst() }
        let bad = FrameBusError(.badName, segment: text,
                                "not a FrameBus segment name; expected /tangle-UID-PID or /tangle-UID-PID-CHANNEL")
        guard body.hasPrefix("tangle-") else { throw bad }
        let parts = body.dropFirst("tangle-".count).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { throw bad }
        func number(_ s: Substring) -> UInt32? {
            guard !s.isEmpty, s.count <= 10, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return UInt32(s)
        }
        guard let uid = number(parts[0]), let pid = number(parts[1]), pid > 0, pid <= UInt32(Int32.max) else { throw bad }
        var channel: UInt32?
        if parts.count == 3 {
            guard let c = number(parts[2]) else { throw bad }
            channel = c
        }
        self.init(uid: uid, pid: Int32(pid), channel: channel)
    }

    /// The name as shm_open takes it, with the leading slash.
    public var description: String {
        if let channel { return "/tangle-\(uid)-\(pid)-\(channel)" }
        return "/tangle-\(uid)-\(pid)"
    }
}
