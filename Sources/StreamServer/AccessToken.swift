/// The secret a browser must show: 32 random bytes as 64 hex digits, new at
/// every start. Compared in constant time so response timing says nothing
/// about how much of a guess was right.
public struct AccessToken: Sendable, Equatable, CustomStringConvertible {
    public let value: String

    /// A fresh token from the system's secure generator.
    public static func random() -> AccessToken {
        var rng = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for _ in 0..<32 {
            let byte = UInt8.random(in: 0...255, using: &rng)
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return AccessToken(value: String(decoding: out, as: UTF8.self))
    }

    /// A token with a chosen value (tests only; never from the command line).
    public init(value: String) {
        self.value = value
    }

    /// True when `candidate` is this token; time depends only on the lengths.
    public func matches<S: StringProtocol>(_ candidate: S) -> Bool {
        let a = Array(value.utf8)
        let b = Array(candidate.utf8)
        guard a.count == b.count, !a.isEmpty else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
    }

    /// Not the secret itself: a short prefix, for logs.
    public var description: String { "AccessToken(\(value.prefix(4))…)" }
}
