#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A segment name: `/tangle-UID-PID[-CHANNEL]-rNONCE`. The user id keeps
/// users apart; the pid says whose segment it is, so a dead creator's segment
/// can be recognised; the nonce (16 random hex digits, new for every bus) makes
/// the name unguessable, so nobody can squat it in advance. Names without a
/// nonce (`/tangle-UID-PID`, older Tangle) are still parsed.
public struct SegmentName: Hashable, Sendable, CustomStringConvertible {
    public var uid: UInt32
    public var pid: Int32
    public var channel: UInt32?
    public var nonce: UInt64?

    public init(uid: UInt32, pid: Int32, channel: UInt32? = nil, nonce: UInt64? = nil) {
        self.uid = uid
        self.pid = pid
        self.channel = channel
        self.nonce = nonce
    }

    /// This process's name for a new bus, with a fresh random nonce.
    public static func current(channel: UInt32? = nil) -> SegmentName {
        var generator = SystemRandomNumberGenerator()
        return SegmentName(uid: UInt32(geteuid()), pid: getpid(), channel: channel, nonce: generator.next())
    }

    /// Parses `/tangle-UID-PID[-CHANNEL][-rNONCE]` (the leading slash is
    /// optional). Anything else, including path separators, is refused.
    public init(parsing text: String) throws {
        var body = Substring(text)
        if body.hasPrefix("/") { body = body.dropFirst() }
        let bad = FrameBusError(.badName, segment: text,
                                "not a FrameBus segment name; expected /tangle-UID-PID[-CHANNEL][-rNONCE]")
        guard body.hasPrefix("tangle-") else { throw bad }
        var parts = body.dropFirst("tangle-".count).split(separator: "-", omittingEmptySubsequences: false)
        var nonce: UInt64?
        if let last = parts.last, last.hasPrefix("r") {
            let hex = last.dropFirst()
            guard hex.count == 16, hex.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }),
                  let value = UInt64(hex, radix: 16) else { throw bad }
            nonce = value
            parts.removeLast()
        }
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
        self.init(uid: uid, pid: Int32(pid), channel: channel, nonce: nonce)
    }

    /// The name as shm_open takes it, with the leading slash.
    public var description: String {
        var text = "/tangle-\(uid)-\(pid)"
        if let channel { text += "-\(channel)" }
        if let nonce {
            let hex = String(nonce, radix: 16)
            text += "-r" + String(repeating: "0", count: 16 - hex.count) + hex
        }
        return text
    }
}
