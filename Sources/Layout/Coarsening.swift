import TangleBasics
// Graph coarsening for the multilevel layout. Nodes are visited lightest
// degree first and matched with a free neighbour along the heaviest edge per
// combined node weight (so clusters stay balanced); a leaf whose neighbours
// are all taken joins its neighbour's cluster, which coarsens stars and
// trees quickly. When matching stalls (fewer than 20% of nodes merged) a
// maximal-independent-set clustering is used instead: each free node becomes
// a centre and takes all its free neighbours.

enum Coarsening {
    /// The coarse graph and, per fine node, its coarse node; nil when the graph
    /// no longer shrinks.
    /// Given a `pool`, the coarse graph's rows are built on its threads (the
    /// same graph: each row is made as one thread makes it).
    static func coarsen(_ g: LayoutGraph, seed: UInt64, pool: WorkerPool? = nil) -> (graph: LayoutGraph, parent: [Int32])? {
        let n = g.nodeCount
        guard n > 2 else { return nil }
        var rng = SplitMix64(layoutSeed: seed)
        // Lightest degree first, ties in a random order: sorted as packed
        // keys (no lookups from the comparison), the same order as comparing
        // (degree, tiebreak) node by node.
        var keys = [(degree: UInt32, tiebreak: UInt64, node: Int32)]()
        keys.reserveCapacity(n)
        for u in 0..<n { keys.append((UInt32(g.degree(u)), rng.next(), Int32(u))) }
        keys.sort { $0.degree != $1.degree ? $0.degree < $1.degree : $0.tiebreak < $1.tiebreak }
        let order = keys.map { Int($0.node) }
        keys = []
        var parent = [Int32](repeating: -1, count: n)
        var count: Int32 = 0
        for u in order where parent[u] < 0 {
            var best = -1
            var bestScore = -Double.infinity
            for k in g.offsets[u]..<g.offsets[u + 1] {
                let v = Int(g.targets[k])
                guard parent[v] < 0, v != u else { continue }
                let score = g.weights[k] / (g.nodeWeight[u] + g.nodeWeight[v])
                if score > bestScore { bestScore = score; best = v }
            }
            parent[u] = count
            if best >= 0 { parent[best] = count }
            count += 1
        }
        // Leaves left alone join their neighbour's cluster.
        var merged = [Int32](repeating: -1, count: Int(count))
        var clusterSize = [Int32](repeating: 0, count: Int(count))
        for u in 0..<n { clusterSize[Int(parent[u])] += 1 }
        for u in 0..<n where g.degree(u) == 1 && clusterSize[Int(parent[u])] == 1 {
            let v = Int(g.targets[g.offsets[u]])
            if clusterSize[Int(parent[v])] > 0 && v != u { merged[Int(parent[u])] = parent[v] }
        }
        if Double(count) > 0.8 * Double(n) {
            return build(g, parent: independentSetClusters(g, order: order), pool: pool)
        }
        return build(g, parent: parent, merged: merged, pool: pool)
    }

    private static func independentSetClusters(_ g: LayoutGraph, order: [Int]) -> [Int32] {
        var parent = [Int32](repeating: -1, count: g.nodeCount)
        var count: Int32 = 0
        for u in order.reversed() where parent[u] < 0 {
            parent[u] = count
            for k in g.offsets[u]..<g.offsets[u + 1] where parent[Int(g.targets[k])] < 0 {
                parent[Int(g.targets[k])] = count
            }
            count += 1
        }
        return parent
    }

    private static func build(_ g: LayoutGraph, parent rawParent: [Int32], merged: [Int32]? = nil,
                              pool: WorkerPool?) -> (graph: LayoutGraph, parent: [Int32])? {
        let n = g.nodeCount
        // Resolve merges and renumber clusters densely.
        var parent = rawParent
        if let merged { for u in 0..<n where merged[Int(parent[u])] >= 0 { parent[u] = merged[Int(parent[u])] } }
        var dense = [Int32](repeating: -1, count: n)
        var nc: Int32 = 0
        for u in 0..<n {
            let c = Int(parent[u])
            if dense[c] < 0 { dense[c] = nc; nc += 1 }
            parent[u] = dense[c]
        }
        guard Double(nc) < 0.95 * Double(n) else { return nil }
        // Members of each cluster, by counting sort (no per-cluster arrays).
        let clusters = Int(nc)
        var memberStart = [Int](repeating: 0, count: clusters + 1)
        for u in 0..<n { memberStart[Int(parent[u]) + 1] += 1 }
        for c in 0..<clusters { memberStart[c + 1] += memberStart[c] }
        var fill = memberStart
        var members = [Int32](repeating: 0, count: n)
        for u in 0..<n { let c = Int(parent[u]); members[fill[c]] = Int32(u); fill[c] += 1 }
        fill = []
        // Rows in pieces of about equal fine entries, a few per thread.
        let threads = pool?.threadCount ?? 1
        let pieces = threads > 1 && g.edgeEntries > 200_000 ? 4 * threads : 1
        var bounds = [0]
        if pieces > 1 {
            var seen = 0, next = 1
            for c in 0..<clusters {
                for m in memberStart[c]..<memberStart[c + 1] { seen += g.degree(Int(members[m])) }
                if next < pieces && seen * pieces >= next * g.edgeEntries { bounds.append(c + 1); next += 1 }
            }
        }
        if bounds.last != clusters { bounds.append(clusters) }
        let rows = CoarseRows(g, parent: parent, memberStart: memberStart, members: members, bounds: bounds)
        if let pool, bounds.count > 2 { pool.run(rows, chunks: bounds.count - 1) } else {
            for p in 0..<(bounds.count - 1) { rows.run(chunk: p, of: bounds.count - 1) }
        }
        // The pieces' rows, one after another.
        var offsets = [Int](repeating: 0, count: clusters + 1)
        var targets: [Int32] = [], edgeWeights: [Double] = []
        let total = rows.pieces.reduce(0) { $0 + $1.targets.count }
        targets.reserveCapacity(total)
        edgeWeights.reserveCapacity(total)
        for (p, piece) in rows.pieces.enumerated() {
            let base = targets.count
            for (i, end) in piece.ends.enumerated() { offsets[bounds[p] + i + 1] = base + end }
            targets += piece.targets
            edgeWeights += piece.weights
            piece.targets = []
            piece.weights = []
        }
        return (LayoutGraph(offsets: offsets, targets: targets, weights: edgeWeights, nodeWeights: rows.clusterWeights), parent)
    }
}

/// The coarse graph's rows for clusters [bounds[p], bounds[p+1]), piece p
/// into its own arrays: each row sums the weights of the fine edges to each
/// other cluster, in the order the members and their edges come, and lists
/// the clusters in increasing order.
final class CoarseRows: ParallelKernel, @unchecked Sendable {
    // Safety: piece p writes only pieces[p] and weightOut's entries of
    // its own clusters; everything else is read-only during a run.
    final class Piece {
        var targets: [Int32] = []
        var weights: [Double] = []
        /// Where each of the piece's rows ends in `targets`.
        var ends: [Int] = []
    }

    let g: LayoutGraph
    let parent: [Int32]
    let memberStart: [Int]
    let members: [Int32]
    let bounds: [Int]
    let pieces: [Piece]
    private let weightOut: UnsafeMutableBufferPointer<Double>

    init(_ g: LayoutGraph, parent: [Int32], memberStart: [Int], members: [Int32], bounds: [Int]) {
        self.g = g
        self.parent = parent
        self.memberStart = memberStart
        self.members = members
        self.bounds = bounds
        pieces = (0..<(bounds.count - 1)).map { _ in Piece() }
        weightOut = .allocate(capacity: max(memberStart.count - 1, 1))
        weightOut.initialize(repeating: 0)
    }

    /// Per cluster, the weight of its members (after a run).
    var clusterWeights: [Double] { Array(weightOut[0..<(memberStart.count - 1)]) }

    deinit { weightOut.deallocate() }

    func run(chunk p: Int, of count: Int) {
        let piece = pieces[p]
        let first = bounds[p], last = bounds[p + 1]
        let clusters = memberStart.count - 1
        // At most the piece's fine entries (merging only removes). Reserved
        // pages that stay unused cost address space, not memory; growing
        // instead copied BA-1M's levels over and over (5% of its layout's CPU).
        var fineEntries = 0
        for m in memberStart[first]..<memberStart[last] { fineEntries += g.degree(Int(members[m])) }
        var targets: [Int32] = [], weights: [Double] = [], ends: [Int] = []
        targets.reserveCapacity(fineEntries)
        weights.reserveCapacity(fineEntries)
        ends.reserveCapacity(last - first)
        var slot = [Int32](repeating: -1, count: clusters)
        var list: [(Int32, Double)] = []
        parent.withUnsafeBufferPointer { parent in
        members.withUnsafeBufferPointer { members in
        slot.withUnsafeMutableBufferPointer { slot in
            for c in first..<last {
                list.removeAll(keepingCapacity: true)
                var weight = 0.0
                for m in memberStart[c]..<memberStart[c + 1] {
                    let u = Int(members[m])
                    weight += g.nodeWeight[u]
                    for k in g.offsets[u]..<g.offsets[u + 1] {
                        let d = Int(parent[Int(g.targets[k])])
                        if d == c { continue }
                        let at = slot[d]
                        if at >= 0 { list[Int(at)].1 += g.weights[k] } else {
                            slot[d] = Int32(list.count); list.append((Int32(d), g.weights[k]))
                        }
                    }
                }
                weightOut[c] = weight
                for e in list { slot[Int(e.0)] = -1 }
                if list.count > 1 { list.sort { $0.0 < $1.0 } }
                for (d, w) in list { targets.append(d); weights.append(w) }
                ends.append(targets.count)
            }
        }}}
        piece.targets = targets
        piece.weights = weights
        piece.ends = ends
    }
}
