/// A graph in compressed sparse row form, immutable once built.
///
/// Nodes are `0..<nodeCount` (32-bit indices); `nodeIDs` keeps each node's id
/// exactly as the file wrote it. Parallel edges are merged when the graph is
/// built (their weights add); self-loops are kept and counted.
///
/// For an undirected graph `out` holds every neighbour of a node (a self-loop
/// once) and `inbound` is nil. For a directed graph `out` holds successors and
/// `inbound` predecessors.
public struct Graph: Sendable {
    public let isDirected: Bool
    /// Node ids as the file wrote them, indexed by node.
    public let nodeIDs: [String]
    public let out: Adjacency
    public let inbound: Adjacency?
    /// Distinct edges after merging parallel ones (a self-loop counts once).
    public let edgeCount: Int
    public let selfLoopCount: Int
    /// True when the file gave weights; otherwise every weight is 1.
    public var isWeighted: Bool { out.weights != nil }
    /// Per-node attribute columns, keys in the order the file introduced them.
    public let nodeAttributes: AttributeTable
    /// Attributes of edges that had any, keyed by their (canonical) endpoints.
    public let edgeAttributes: [EdgeKey: [String: AttributeValue]]
    /// Edge attribute names in the order the file introduced them.
    public let edgeAttributeKeys: [String]
    public let graphAttributes: [String: AttributeValue]

    public var nodeCount: Int { nodeIDs.count }

    init(isDirected: Bool, nodeIDs: [String], out: Adjacency, inbound: Adjacency?,
         edgeCount: Int, selfLoopCount: Int, nodeAttributes: AttributeTable,
         edgeAttributes: [EdgeKey: [String: AttributeValue]], edgeAttributeKeys: [String],
         graphAttributes: [String: AttributeValue]) {
        self.isDirected = isDirected
        self.nodeIDs = nodeIDs
        self.out = out
        self.inbound = inbound
        self.edgeCount = edgeCount
        self.selfLoopCount = selfLoopCount
        self.nodeAttributes = nodeAttributes
        self.edgeAttributes = edgeAttributes
        self.edgeAttributeKeys = edgeAttributeKeys
        self.graphAttributes = graphAttributes
    }

    /// The label a person reads: the `label` (or `name`) attribute, else the id.
    public func label(of node: Int) -> String {
        if let v = nodeAttributes.value("label", node) ?? nodeAttributes.value("name", node) {
            return v.text
        }
        return nodeIDs[node]
    }

    /// Degree as NetworkX counts it: in + out for directed graphs, and a
    /// self-loop adds 2.
    @inlinable
    public func degree(_ node: Int) -> Int {
        var d = out.degree(node)
        if let inbound { d += inbound.degree(node) } else if selfLoopCount > 0 && out.hasSelfLoop(node) { d += 1 }
        return d
    }

    /// Calls `body(u, v, weight)` once per distinct edge; for undirected graphs u ≤ v.
    @inlinable
    public func forEachEdge(_ body: (Int, Int, Double) throws -> Void) rethrows {
        let directed = isDirected
        for u in 0..<nodeCount {
            for k in out.offsets[u]..<out.offsets[u + 1] {
                let v = Int(out.targets[k])
                if directed || v >= u { try body(u, v, out.weight(at: k)) }
            }
        }
    }

    /// Neighbours ignoring direction, without duplicates, self excluded; in
    /// ascending order. For undirected graphs this is `out` without the loop.
    public func undirectedNeighbours(_ node: Int) -> [Int] {
        var result: [Int] = []
        let o = out.neighbours(node)
        guard let inbound else {
            result.reserveCapacity(o.count)
            for v in o where Int(v) != node { result.append(Int(v)) }
            return result
        }
        let i = inbound.neighbours(node)
        var a = o.startIndex, b = i.startIndex
        while a < o.endIndex || b < i.endIndex {
            let x: Int32
            if b == i.endIndex || (a < o.endIndex && o[a] < i[b]) { x = o[a]; a += 1 }
            else if a == o.endIndex || i[b] < o[a] { x = i[b]; b += 1 }
            else { x = o[a]; a += 1; b += 1 }
            if Int(x) != node { result.append(Int(x)) }
        }
        return result
    }

    /// The node whose id is `id`, by linear search (readers keep their own index).
    public func node(withID id: String) -> Int? { nodeIDs.firstIndex(of: id) }

    /// The weight of edge u→v (u–v when undirected), if there is one.
    public func weight(_ u: Int, _ v: Int) -> Double? {
        guard let k = out.find(u, v) else { return nil }
        return out.weight(at: k)
    }
}

/// One direction of adjacency: `targets[offsets[u]..<offsets[u+1]]` are u's
/// neighbours in ascending order, `weights` aligned with `targets` when weighted.
public struct Adjacency: Sendable {
    public let offsets: [Int]
    public let targets: [Int32]
    public let weights: [Double]?

    @inlinable public func degree(_ u: Int) -> Int { offsets[u + 1] - offsets[u] }
    @inlinable public func neighbours(_ u: Int) -> ArraySlice<Int32> { targets[offsets[u]..<offsets[u + 1]] }
    @inlinable public func weight(at k: Int) -> Double { weights?[k] ?? 1 }

    /// Index into `targets` of v among u's neighbours (binary search).
    public func find(_ u: Int, _ v: Int) -> Int? {
        var lo = offsets[u], hi = offsets[u + 1]
        let t = Int32(truncatingIfNeeded: v)
        while lo < hi {
            let mid = (lo + hi) >> 1
            if targets[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo < offsets[u + 1] && targets[lo] == t ? lo : nil
    }

    @inlinable public func hasSelfLoop(_ u: Int) -> Bool { find(u, u) != nil }
}

/// Endpoints of an edge; for undirected graphs `source ≤ target`.
public struct EdgeKey: Hashable, Sendable {
    public let source: Int32
    public let target: Int32
    public init(_ u: Int32, _ v: Int32, directed: Bool) {
        if directed || u <= v { source = u; target = v } else { source = v; target = u }
    }
}

/// Attribute columns: `columns[key][node]`, nil where a node has no value.
public struct AttributeTable: Sendable {
    public private(set) var keys: [String] = []
    public private(set) var columns: [String: [AttributeValue?]] = [:]
    public let count: Int

    public init(count: Int) { self.count = count }

    public func value(_ key: String, _ node: Int) -> AttributeValue? { columns[key]?[node] }

    public mutating func set(_ key: String, _ node: Int, _ value: AttributeValue?) {
        if columns[key] == nil {
            keys.append(key)
            columns[key] = Array(repeating: nil, count: count)
        }
        columns[key]![node] = value
    }

    /// The table of the nodes `nodes` (in that order), keys kept in order.
    public func selecting(_ nodes: [Int]) -> AttributeTable {
        var t = AttributeTable(count: nodes.count)
        t.keys = keys
        for k in keys {
            let column = columns[k]!
            t.columns[k] = nodes.map { column[$0] }
        }
        return t
    }

    /// All values of one node, in key order.
    public func values(of node: Int) -> [(String, AttributeValue)] {
        keys.compactMap { k in columns[k]![node].map { (k, $0) } }
    }
}
