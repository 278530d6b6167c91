import TangleBasics
/// Frame contents whose integrity a reader can check, for the multi-process
/// tests, the probe and the benchmark.
///
/// Word 0 holds the frame number, word 1 a checksum of word 0 and words 2…; the rest is
/// a fixed pseudo-random pattern XORed with a key derived from the frame
/// number, so any mix of two frames (a torn read) fails the checksum.
public struct FramePattern: Sendable {
    public let width: Int
    public let height: Int
    /// width × height × 4.
    public let byteCount: Int
    private let pattern: [UInt64]

    public init(width: Int, height: Int) {
        precondition(width * height >= 4, "a test frame needs at least four pixels")
        self.width = width
        self.height = height
        byteCount = width * height * 4
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        pattern = (0..<(width * height / 2)).map { _ in
            state = Self.splitMix(state)
            return state
        }
    }

    /// Fills `bytes` (at least `byteCount` of them, 8-byte aligned) with frame `frame`.
    public func write(frame: UInt64, into bytes: UnsafeMutableRawBufferPointer) {
        let words = bytes.bindMemory(to: UInt64.self)
        let key = Self.splitMix(frame)
        var hash = (Self.hashSeed ^ frame) &* Self.hashPrime
        pattern.withUnsafeBufferPointer { p in
            for i in 2..<p.count {
                let w = p[i] ^ key
                words[i] = w
                hash = (hash ^ w) &* Self.hashPrime
            }
        }
        words[0] = frame
        words[1] = hash
    }

    /// The frame number stored in `bytes` if its checksum holds, else nil.
    public static func verify(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard bytes.count >= 16, bytes.count % 8 == 0 else { return nil }
        // Unaligned loads: `bytes` may start anywhere in a caller's buffer.
        let frame = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
        let stored = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        var hash = (hashSeed ^ frame) &* hashPrime
        for i in 2..<(bytes.count / 8) {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* hashPrime
        }
        return stored == hash ? frame : nil
    }

    static let hashSeed: UInt64 = 0xCBF2_9CE4_8422_2325
    static let hashPrime: UInt64 = 0x0000_0100_0000_01B3

    /// SplitMix64's output for state `x`: a well-mixed hash of a counter.
    static func splitMix(_ x: UInt64) -> UInt64 {
        var g = SplitMix64(seed: x)
        return g.next()
    }
}
