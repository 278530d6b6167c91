import Synchronization

/// Per-node metrics of one whole graph, each computed the first time it is
/// asked for and kept: the filter language and colour/size mappings read
/// them here, so an explorer that re-evaluates filters never recomputes one.
///
/// Thread-safe: evaluations may run on any thread. Two threads asking for
/// the same uncomputed metric at once may both compute it (the results are
/// equal; one is kept).
public final class MetricStore: Sendable {
    public let graph: Graph
    /// Seed of Louvain (`community`), as `tangle stats --seed`.
    public let seed: UInt64
    /// Threads for clustering and betweenness.
    public let threads: Int

    /// Betweenness is exact for graphs up to this many nodes...
    public static let exactBetweennessLimit = 5_000
    /// ...and above it estimated from this many source nodes (chosen with a
    /// fixed seed), scaled by n / samples as NetworkX's `k` does.
    public static let betweennessSamples = 128

    private let cache = Mutex<[NodeMetric: [Double]]>([:])
    /// k-cores asked for by `kcore >= k` before the core numbers were.
    private let cores = Mutex<[Int: [Bool]]>([:])

    public init(graph: Graph, seed: UInt64 = 0, threads: Int = 2) {
        self.graph = graph
        self.seed = seed
        self.threads = max(1, threads)
    }

    /// True when `metric` has been computed (an explorer can say "computing…").
    public func isComputed(_ metric: NodeMetric) -> Bool {
        cache.withLock { $0[metric] != nil }
    }

    /// The value of `metric` for every node, indexed by node. Partition
    /// metrics (`community`, `component`) give their labels as numbers.
    public func values(_ metric: NodeMetric) throws(GraphError) -> [Double] {
        if let v = cache.withLock({ $0[metric] }) { return v }
        let v = try compute(metric)
        cache.withLock { $0[metric] = v }
        return v
    }

    /// Nodes whose core number is at least `k`: read from the core numbers
    /// when they are known, else peeled (``Graph/kCore(_:)``) and kept.
    public func kCore(atLeast k: Int) -> [Bool] {
        if let v = cache.withLock({ $0[.kcore] }) { return v.map { $0 >= Double(k) } }
        if let m = cores.withLock({ $0[k] }) { return m }
        let m = graph.kCore(k)
        cores.withLock { $0[k] = m }
        return m
    }

    /// The label of the largest part of a partition metric (the lowest label
    /// among equals), nil for an empty graph.
    public func largest(_ metric: NodeMetric) throws(GraphError) -> Double? {
        let labels = try values(metric)
        var sizes: [Int] = []
        for l in labels {
            let i = Int(l)
            if i >= sizes.count { sizes += [Int](repeating: 0, count: i + 1 - sizes.count) }
            sizes[i] += 1
        }
        var best = -1
        for (i, s) in sizes.enumerated() where best < 0 || s > sizes[best] { best = i }
        return best < 0 ? nil : Double(best)
    }

    /// The node whose id is `id`: ids that are their own index (0…n−1 in
    /// order) at once, else a scan of the ids (a few milliseconds for a
    /// million nodes; cheaper than building an index for one lookup).
    public func node(withID id: String) -> Int? {
        let ids = graph.nodeIDs
        if let i = Int(id), i >= 0, i < ids.count, ids[i] == id { return i }
        return ids.withUnsafeBufferPointer { b in
            for i in b.indices where b[i] == id { return i }
            return nil
        }
    }

    private func compute(_ metric: NodeMetric) throws(GraphError) -> [Double] {
        let g = graph
        let n = g.nodeCount
        switch metric {
        case .degree:
            return (0..<n).map { Double(g.degree($0)) }
        case .outdegree:
            guard g.isDirected else { return try values(.degree) }
            return (0..<n).map { Double(g.out.degree($0)) }
        case .indegree:
            guard let inbound = g.inbound else { return try values(.degree) }
            return (0..<n).map { Double(inbound.degree($0)) }
        case .kcore:
            return g.coreNumbers().map(Double.init)
        case .pagerank:
            return PageRank.compute(g)
        case .clustering:
            guard !g.isDirected else {
                throw GraphError("clustering is defined here for undirected graphs only (read the file with --undirected)")
            }
            let census = TriangleCensus(g, threads: threads)
            return (0..<n).map { v in
                let t = census.triangles[v], d = census.simpleDegree[v]
                return t == 0 ? 0 : Double(2 * t) / Double(d * (d - 1))
            }
        case .betweenness:
            return g.betweenness(samples: n <= Self.exactBetweennessLimit ? nil : Self.betweennessSamples,
                                 seed: 0, threads: threads)
        case .community:
            return Communities.louvain(g, seed: seed).label.map(Double.init)
        case .component:
            return g.components().label.map(Double.init)
        }
    }
}
