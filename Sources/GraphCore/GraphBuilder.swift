/// Collects nodes and edges as a reader meets them, then builds a `Graph`.
///
/// Node ids are interned as bytes (`NodeInterner`): hashing Swift `String`s
/// (Unicode-normalising) dominated parsing time, and ids are kept
/// byte-for-byte as the file wrote them anyway. Edge records are compact
/// (`EdgeRecords`) and freed while the CSR rows are built.
public struct GraphBuilder: Sendable {
    public var isDirected: Bool
    var interner = NodeInterner()
    private var records = EdgeRecords()
    private var nodeAttributes: [(node: Int32, key: String, value: AttributeValue)] = []
    private var edgeAttributes: [EdgeKey: [String: AttributeValue]] = [:]
    private var edgeAttributeKeys: [String] = []
    private var edgeAttributeKeySet: Set<String> = []
    public var graphAttributes: [String: AttributeValue] = [:]

    public init(directed: Bool) { self.isDirected = directed }

    public var nodeCount: Int { interner.count }
    public var edgeRecordCount: Int { records.count }

    /// Pre-sizes storage when a reader knows roughly how much is coming.
    /// (Edge records grow block by block and need no reservation.)
    public mutating func reserve(nodes: Int, edges: Int) {
        interner.reserve(nodes)
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
    @inline(__always)
    public mutating func node(bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        interner.node(bytes)
    }

    /// The node whose id is `bytes`, which the caller has checked to be the
    /// canonical decimal `value` (see `NodeInterner.canonicalDecimal`).
    @inline(__always)
    mutating func node(decimal value: Int, bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        interner.node(decimal: value, bytes)
    }

    /// The node with this id if it was added already.
    public func existingNode(_ id: String) -> Int32? {
        var s = id
        return s.withUTF8 { existingNode(bytes: $0) }
    }

    public func existingNode(bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        interner.existing(bytes)
    }

    /// The id of a node added earlier.
    public func id(of node: Int32) -> String {
        String(decoding: interner.arena[interner.idRange(Int(node))], as: UTF8.self)
    }

    public mutating func setAttribute(node: Int32, _ key: String, _ value: AttributeValue) {
        nodeAttributes.append((node, key, value))
    }

    // MARK: edges

    /// Adds an edge; a nil weight means "unweighted" (1). Parallel edges merge
    /// at `build()`, adding their weights.
    @inline(__always)
    public mutating func addEdge(_ u: Int32, _ v: Int32, weight: Double? = nil) {
        records.append(u, v, weight: weight)
    }

    public mutating func setEdgeAttribute(_ u: Int32, _ v: Int32, _ key: String, _ value: AttributeValue) {
        if edgeAttributeKeySet.insert(key).inserted { edgeAttributeKeys.append(key) }
        edgeAttributes[EdgeKey(u, v, directed: isDirected), default: [:]][key] = value
    }

    // MARK: build

    /// The finished graph. Merges parallel edges (weights add). Edge records
    /// are freed as they are placed, so a big graph is not held twice.
    public consuming func build() -> Graph {
        let n = nodeCount
        // Peak memory is while the rows are built: hold only what that needs.
        interner.releaseLookup()
        records.seal()
        let out = Self.compress(n: n, records: &records, symmetric: !isDirected)
        var ids: [String] = []
        ids.reserveCapacity(n)
        interner.arena.withUnsafeBufferPointer { a in
            var start = 0
            for end in interner.idEnds {
                ids.append(String(decoding: UnsafeBufferPointer(rebasing: a[start..<end]), as: UTF8.self))
                start = end
            }
        }
        interner = NodeInterner()
        var table = AttributeTable(count: n)
        for (node, key, value) in nodeAttributes { table.set(key, Int(node), value) }
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
}
