/// Collects nodes and edges as a reader meets them, then builds a `Graph`.
///
/// Node ids are interned as bytes in one arena with an open-addressing table:
/// hashing Swift `String`s (Unicode-normalising) dominated parsing time, and
/// ids are kept byte-for-byte as the file wrote them anyway.
public struct GraphBuilder: Sendable {
    public var isDirected: Bool
    private var arena: [UInt8] = []
    private var idEnds: [Int] = []
    private var table: [Int32] = Array(repeating: -1, count: 1024)
    private var hashes: [UInt64] = []
    private var sources: [Int32] = []
    private var targets: [Int32] = []
    private var weights: [Double]? = nil
    private var nodeAttributes: [(node: Int32, key: String, value: AttributeValue)] = []
    private var edgeAttributes: [EdgeKey: [String: AttributeValue]] = [:]
    private var edgeAttributeKeys: [String] = []
    private var edgeAttributeKeySet: Set<String> = []
    public var graphAttributes: [String: AttributeValue] = [:]

    public init(directed: Bool) { self.isDirected = directed }

    public var nodeCount: Int { idEnds.count }
    public var edgeRecordCount: Int { sources.count }

    /// Pre-sizes storage when a reader knows roughly how much is coming.
    public mutating func reserve(nodes: Int, edges: Int) {
        idEnds.reserveCapacity(nodes)
        hashes.reserveCapacity(nodes)
        sources.reserveCapacity(edges)
        targets.reserveCapacity(edges)
        var size = table.count
        while size < nodes * 2 { size <<= 1 }
        if size > table.count { rehash(size) }
    }

    // MARK: nodes

    /// The node with this id, added if new.
    @discardableResult
    public mutating func node(_ id: String) -> Int32 {
        var s = id
        return s.withUTF8 { node(bytes: $0) }
    }

    /// The node whose id is these UTF-8 bytes, added if new.
    @discardableResult
    public mutating func node(bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = Self.hash(bytes)
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let n = table[slot]
            if n < 0 { break }
            if hashes[Int(n)] == h && equal(Int(n), bytes) { return n }
            slot = (slot + 1) & mask
        }
        let n = Int32(idEnds.count)
        arena.append(contentsOf: bytes)
        idEnds.append(arena.count)
        hashes.append(h)
        table[slot] = n
        if idEnds.count * 2 > table.count { rehash(table.count * 2) }
        return n
    }

    /// The node with this id if it was added already.
    public func existingNode(_ id: String) -> Int32? {
        var s = id
        return s.withUTF8 { existingNode(bytes: $0) }
    }

    public func existingNode(bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = Self.hash(bytes)
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let n = table[slot]
            if n < 0 { return nil }
            if hashes[Int(n)] == h && equal(Int(n), bytes) { return n }
            slot = (slot + 1) & mask
        }
    }

    /// The id of a node added earlier.
    public func id(of node: Int32) -> String {
        let start = node == 0 ? 0 : idEnds[Int(node) - 1]
        return String(decoding: arena[start..<idEnds[Int(node)]], as: UTF8.self)
    }

    public mutating func setAttribute(node: Int32, _ key: String, _ value: AttributeValue) {
        nodeAttributes.append((node, key, value))
    }

    // MARK: edges

    /// Adds an edge; a nil weight means "unweighted" (1). Parallel edges merge
    /// at `build()`, adding their weights.
    public mutating func addEdge(_ u: Int32, _ v: Int32, weight: Double? = nil) {
        if let weight {
            if weights == nil { weights = Array(repeating: 1, count: sources.count) }
            weights!.append(weight)
        } else if weights != nil {
            weights!.append(1)
        }
        sources.append(u)
        targets.append(v)
    }

    public mutating func setEdgeAttribute(_ u: Int32, _ v: Int32, _ key: String, _ value: AttributeValue) {
        if edgeAttributeKeySet.insert(key).inserted { edgeAttributeKeys.append(key) }
        edgeAttributes[EdgeKey(u, v, directed: isDirected), default: [:]][key] = value
    }

    // MARK: build

    /// The finished graph. Merges parallel edges (weights add).
    public func build() -> Graph {
        let n = nodeCount
        var ids: [String] = []
        ids.reserveCapacity(n)
        arena.withUnsafeBufferPointer { a in
            var start = 0
            for end in idEnds {
                ids.append(String(decoding: UnsafeBufferPointer(rebasing: a[start..<end]), as: UTF8.self))
                start = end
            }
        }
        var table = AttributeTable(count: n)
        for (node, key, value) in nodeAttributes { table.set(key, Int(node), value) }

        let out = Self.compress(n: n, from: sources, to: targets, weights: weights, symmetric: !isDirected)
        var inbound: Adjacency? = nil
        var edgeCount = 0, loops = 0
        if isDirected {
            inbound = Self.transpose(out, n: n)
            edgeCount = out.targets.count
            for u in 0..<n where out.hasSelfLoop(u) { loops += 1 }
        } else {
            for u in 0..<n {
                for k in out.offsets[u]..<out.offsets[u + 1] where Int(out.targets[k]) >= u {
                    edgeCount += 1
                    if Int(out.targets[k]) == u { loops += 1 }
                }
            }
        }
        return Graph(isDirected: isDirected, nodeIDs: ids, out: out, inbound: inbound,
                     edgeCount: edgeCount, selfLoopCount: loops, nodeAttributes: table,
                     edgeAttributes: edgeAttributes, edgeAttributeKeys: edgeAttributeKeys,
                     graphAttributes: graphAttributes)
    }

    /// Counting sort of edge records into rows, then each row sorted and
    /// de-duplicated in place.
    static func compress(n: Int, from: [Int32], to: [Int32], weights: [Double]?, symmetric: Bool) -> Adjacency {
        var counts = [Int](repeating: 0, count: n + 1)
        for i in 0..<from.count {
            counts[Int(from[i]) + 1] += 1
            if symmetric && from[i] != to[i] { counts[Int(to[i]) + 1] += 1 }
        }
        for i in 0..<n { counts[i + 1] += counts[i] }
        var fill = counts
        var t = [Int32](repeating: 0, count: counts[n])
        var w: [Double]? = weights == nil ? nil : [Double](repeating: 0, count: counts[n])
        for i in 0..<from.count {
            let u = Int(from[i]), v = Int(to[i])
            t[fill[u]] = Int32(v)
            w?[fill[u]] = weights![i]
            fill[u] += 1
            if symmetric && u != v {
                t[fill[v]] = Int32(u)
                w?[fill[v]] = weights![i]
                fill[v] += 1
            }
        }
        // Sort each row, merge duplicates, compact.
        var offsets = [Int](repeating: 0, count: n + 1)
        var write = 0
        var pairs: [(Int32, Double)] = []
        for u in 0..<n {
            let lo = counts[u], hi = counts[u + 1]
            offsets[u] = write
            if w == nil {
                t.withUnsafeMutableBufferPointer { tb in
                    var row = UnsafeMutableBufferPointer(rebasing: tb[lo..<hi])
                    if hi - lo > 1 { row.sort() }
                    var last: Int32 = -1
                    for x in row where x != last { tb[write] = x; write += 1; last = x }
                }
            } else {
                pairs.removeAll(keepingCapacity: true)
                for k in lo..<hi { pairs.append((t[k], w![k])) }
                pairs.sort { $0.0 < $1.0 }
                var last: Int32 = -1
                for (x, wx) in pairs {
                    if x == last { w![write - 1] += wx } else { t[write] = x; w![write] = wx; write += 1; last = x }
                }
            }
        }
        offsets[n] = write
        t.removeLast(t.count - write)
        if var ww = w { ww.removeLast(ww.count - write); w = ww }
        return Adjacency(offsets: offsets, targets: t, weights: w)
    }

    /// The reverse direction of `a`: rows come out sorted because sources are visited in order.
    static func transpose(_ a: Adjacency, n: Int) -> Adjacency {
        var offsets = [Int](repeating: 0, count: n + 1)
        for v in a.targets { offsets[Int(v) + 1] += 1 }
        for i in 0..<n { offsets[i + 1] += offsets[i] }
        var fill = offsets
        var t = [Int32](repeating: 0, count: a.targets.count)
        var w: [Double]? = a.weights == nil ? nil : [Double](repeating: 0, count: a.targets.count)
        for u in 0..<n {
            for k in a.offsets[u]..<a.offsets[u + 1] {
                let v = Int(a.targets[k])
                t[fill[v]] = Int32(u)
                w?[fill[v]] = a.weights![k]
                fill[v] += 1
            }
        }
        return Adjacency(offsets: offsets, targets: t, weights: w)
    }

    // MARK: interning

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h ^ (h >> 29)
    }

    @inline(__always)
    private func equal(_ node: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = node == 0 ? 0 : idEnds[node - 1]
        let end = idEnds[node]
        guard end - start == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            for i in 0..<bytes.count where a[start + i] != bytes[i] { return false }
            return true
        }
    }

    private mutating func rehash(_ size: Int) {
        table = Array(repeating: -1, count: size)
        let mask = size - 1
        for n in 0..<hashes.count {
            var slot = Int(truncatingIfNeeded: hashes[n]) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(n)
        }
    }
}
