#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps node ids (UTF-8 bytes, kept exactly as the file wrote them) to node
/// indices in order of first appearance.
///
/// Most big files number their nodes `0…n` or `1…n`. An id that is a
/// canonical decimal (digits only, no sign, no leading zero, so `7` but not
/// `07` or `+7`) and small enough is looked up in a dense array indexed by its
/// value: one cache miss instead of the three a hash table costs (slot, stored
/// hash, id bytes). Every other id goes through an open-addressing table
/// whose slots carry 32 bits of the hash, so most mismatches are rejected
/// without touching the id bytes. Which path an id takes depends only on its
/// bytes (and on how far the dense range has grown, see `growDense`), so the
/// same id always reaches the same node.
struct NodeInterner: Sendable {
    /// All ids' bytes back to back; node `k` is `arena[idEnds[k-1]..<idEnds[k]]`.
    private(set) var arena: [UInt8] = []
    private(set) var idEnds: [Int] = []
    /// Open addressing, linear probing: 0 is empty, else `hash32 << 32 | (node + 1)`.
    private var table: [UInt64] = Array(repeating: 0, count: 1024)
    private var tableCount = 0
    /// `dense[v]` is the node whose id is the canonical decimal `v`, or -1.
    private var dense: [Int32] = []
    /// Canonical decimals that were beyond the dense range when first seen,
    /// so live in the table; moved to `dense` when it grows over them.
    private var hashedDecimals: [(value: Int, node: Int32)] = []

    /// Dense ranges up to this many entries are always allowed; above it, at
    /// most `denseEntriesPerNode` entries per node (4 bytes each), so sparse
    /// numbering (ids up to 10⁹ for a thousand nodes) cannot blow up memory.
    static let denseFloor = 1 << 16
    static let denseEntriesPerNode = 8
    /// 18 digits always fit in an Int.
    static let maxDecimalDigits = 18

    var count: Int { idEnds.count }
    /// How many decimal values the dense array covers (tests watch it grow).
    var denseCount: Int { dense.count }

    mutating func reserve(_ nodes: Int) {
        idEnds.reserveCapacity(nodes)
        var size = table.count
        while size < nodes * 2 { size <<= 1 }
        if size > table.count { rehash(size) }
    }

    /// Frees the lookup structures once no more ids will be looked up
    /// (only `arena` and `idEnds` stay usable).
    mutating func releaseLookup() {
        table = []
        dense = []
        hashedDecimals = []
    }

    // MARK: lookup

    /// The value of `bytes` as a canonical decimal, or nil.
    @inline(__always)
    static func canonicalDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        guard n > 0, n <= maxDecimalDigits, n == 1 || bytes[0] != 0x30 else { return nil }
        var v = 0
        for c in bytes {
            let d = c &- 0x30
            guard d < 10 else { return nil }
            v = v &* 10 &+ Int(d)
        }
        return v
    }

    /// The node with this id, added if new.
    @inline(__always)
    mutating func node(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if let v = Self.canonicalDecimal(bytes) { return node(decimal: v, bytes) }
        return hashedNode(bytes, decimal: nil)
    }

    /// The node whose id is `bytes`, which the caller has found to be the
    /// canonical decimal `value`.
    @inline(__always)
    mutating func node(decimal value: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if value < dense.count || growDense(toCover: value) {
            let n = dense.withUnsafeBufferPointer { $0[value] }
            if n >= 0 { return n }
            let new = append(bytes)
            dense.withUnsafeMutableBufferPointer { $0[value] = new }
            return new
        }
        return hashedNode(bytes, decimal: value)
    }

    /// The node with this id, if it was added.
    func existing(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        if let v = Self.canonicalDecimal(bytes), v < dense.count {
            let n = dense[v]
            return n >= 0 ? n : nil
        }
        let h = Self.hash(bytes)
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = table[slot]
            if e == 0 { return nil }
            if UInt32(truncatingIfNeeded: e >> 32) == UInt32(truncatingIfNeeded: h) && equal(Int(e & 0xFFFF_FFFF) - 1, bytes) {
                return Int32(truncatingIfNeeded: Int(e & 0xFFFF_FFFF) - 1)
            }
            slot = (slot + 1) & mask
        }
    }

    /// The bytes of node `k`'s id.
    func idRange(_ k: Int) -> Range<Int> {
        (k == 0 ? 0 : idEnds[k - 1])..<idEnds[k]
    }

    // MARK: private

    private mutating func hashedNode(_ bytes: UnsafeBufferPointer<UInt8>, decimal: Int?) -> Int32 {
        let h = Self.hash(bytes)
        let h32 = UInt64(UInt32(truncatingIfNeeded: h))
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        let found: Int32? = table.withUnsafeBufferPointer { t in
            while true {
                let e = t[slot]
                if e == 0 { return nil }
                if e >> 32 == h32 {
                    let k = Int(e & 0xFFFF_FFFF) - 1
                    if equal(k, bytes) { return Int32(truncatingIfNeeded: k) }
                }
                slot = (slot + 1) & mask
            }
        }
        if let found { return found }
        let new = append(bytes)
        table[slot] = h32 << 32 | UInt64(new + 1)
        tableCount += 1
        if let decimal { hashedDecimals.append((decimal, new)) }
        if tableCount * 2 > table.count { rehash(table.count * 2) }
        return new
    }

    @inline(__always)
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        arena.append(contentsOf: bytes)
        idEnds.append(arena.count)
        return Int32(truncatingIfNeeded: idEnds.count - 1)
    }

    /// Grows the dense range to cover `value` if the memory rule allows it,
    /// moving any table-held decimals that the new range covers.
    private mutating func growDense(toCover value: Int) -> Bool {
        // Files of sparse big ids come here for every id: refuse them cheaply.
        let allowed = max(Self.denseFloor, Self.denseEntriesPerNode * (idEnds.count + 1))
        guard value < allowed else { return false }
        var size = max(dense.count, 64)
        while size <= value { size <<= 1 }
        guard size <= allowed else { return false }
        dense.append(contentsOf: repeatElement(-1, count: size - dense.count))
        if !hashedDecimals.isEmpty {
            for (v, n) in hashedDecimals where v < size { dense[v] = n }
            hashedDecimals.removeAll { $0.value < size }
        }
        return true
    }

    /// 8 bytes at a time, multiply-xorshift: FNV byte by byte was slow, and
    /// its low bits (the slot) vary little over short decimal ids.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return mix(h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            h = mix(h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { tail |= UInt64(base[i]) << shift; shift += 8; i += 1 }
            h = mix(h ^ tail)
        }
        return mix(h)
    }

    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        var h = x &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        h = h &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 29)
    }

    @inline(__always)
    private func equal(_ node: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let r = idRange(node)
        guard r.count == bytes.count else { return false }
        if r.isEmpty { return true }
        return arena.withUnsafeBufferPointer { a in
            memcmp(a.baseAddress! + r.lowerBound, bytes.baseAddress!, r.count) == 0
        }
    }

    private mutating func rehash(_ size: Int) {
        var new = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        for e in table where e != 0 {
            // The slot comes from the low hash bits, which the entry keeps (sizes stay below 2³²).
            var slot = Int(e >> 32) & mask
            while new[slot] != 0 { slot = (slot + 1) & mask }
            new[slot] = e
        }
        table = new
    }
}

/// Finds a graph's nodes by the bytes of their ids, as the readers do,
/// without building a string per lookup (positions files name every node).
public struct NodeIDIndex: Sendable {
    private var interner = NodeInterner()

    public init(_ graph: Graph) {
        interner.reserve(graph.nodeCount)
        // Ids are unique, so the k-th id interned is node k.
        for id in graph.nodeIDs {
            var id = id
            _ = id.withUTF8 { interner.node($0) }
        }
    }

    /// The node whose id is exactly these bytes.
    public func node(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        interner.existing(bytes).map(Int.init)
    }
}
