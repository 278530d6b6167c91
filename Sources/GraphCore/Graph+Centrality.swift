/// Core numbers and betweenness: the node metrics NetworkX computes that the
/// statistics did not need before the filter language.
extension Graph {
    /// `nx.core_number`: the largest k such that the node is in the k-core.
    /// Self-loops are ignored (NetworkX refuses them); for directed graphs
    /// degree is in + out and a node's neighbours are its predecessors and
    /// successors, counted with multiplicity, as NetworkX does.
    ///
    /// Peeling level by level (as ParK, Dasari et al. 2014): at level k every
    /// remaining node of degree k is removed, and neighbours whose degree falls
    /// to k follow at the same level; a removed node's degree is its core
    /// number. O(n + m): each level scans only the nodes still remaining (at
    /// most core(v) + 1 scans of node v), and each adjacency entry costs one
    /// random access, where the bucket algorithm (Batagelj–Zaversnik) needs three.
    public func coreNumbers() -> [Int32] {
        let n = nodeCount
        if n == 0 { return [] }
        var degree = [Int32](repeating: 0, count: n)
        for v in 0..<n {
            var d = out.degree(v) - (out.hasSelfLoop(v) ? 1 : 0)
            if let inbound { d += inbound.degree(v) - (inbound.hasSelfLoop(v) ? 1 : 0) }
            degree[v] = Int32(d)
        }
        // Undirected graphs have no second direction: an empty one stands in.
        let second = inbound ?? Adjacency(offsets: [Int](repeating: 0, count: n + 1), targets: [], weights: nil)
        var remaining = [Int32](0..<Int32(n))
        var removed = [Bool](repeating: false, count: n)
        var current: [Int32] = []
        degree.withUnsafeMutableBufferPointer { deg in
            removed.withUnsafeMutableBufferPointer { gone in
                out.offsets.withUnsafeBufferPointer { o1 in
                    out.targets.withUnsafeBufferPointer { t1 in
                        second.offsets.withUnsafeBufferPointer { o2 in
                            second.targets.withUnsafeBufferPointer { t2 in
                                var level: Int32 = 0
                                while !remaining.isEmpty {
                                    // Seed this level; keep the rest; find the next level worth visiting.
                                    current.removeAll(keepingCapacity: true)
                                    var kept = 0
                                    var lowest = Int32.max
                                    for i in 0..<remaining.count {
                                        let v = Int(remaining[i])
                                        if deg[v] <= level {
                                            current.append(Int32(v))
                                            gone[v] = true
                                        } else {
                                            remaining[kept] = Int32(v)
                                            kept += 1
                                        }
                                    }
                                    var head = 0
                                    while head < current.count {
                                        let v = Int(current[head]); head += 1
                                        for k in o1[v]..<o1[v + 1] {
                                            Self.peel(Int(t1[k]), level, deg, gone, &current)
                                        }
                                        for k in o2[v]..<o2[v + 1] {
                                            Self.peel(Int(t2[k]), level, deg, gone, &current)
                                        }
                                    }
                                    // Nodes peeled during the level are still in `remaining`: drop them.
                                    var write = 0
                                    for i in 0..<kept {
                                        let v = Int(remaining[i])
                                        if !gone[v] {
                                            remaining[write] = Int32(v)
                                            write += 1
                                            lowest = min(lowest, deg[v])
                                        }
                                    }
                                    remaining.removeLast(remaining.count - write)
                                    level = lowest
                                }
                            }
                        }
                    }
                }
            }
        }
        return degree
    }

    /// Neighbour u of a node removed at `level` loses one degree if it is
    /// still above the level; reaching the level, it is removed at this level too.
    @inline(__always)
    private static func peel(_ u: Int, _ level: Int32, _ deg: UnsafeMutableBufferPointer<Int32>,
                             _ gone: UnsafeMutableBufferPointer<Bool>, _ current: inout [Int32]) {
        guard deg[u] > level else { return }
        deg[u] -= 1
        if deg[u] == level && !gone[u] {
            gone[u] = true
            current.append(Int32(u))
        }
    }

    /// `nx.betweenness_centrality(G, k=samples, normalized=True)`, unweighted
    /// (Brandes). Exact when `samples` is nil; otherwise `samples` distinct
    /// sources drawn with `seed` and the sums scaled by n / samples. Paths
    /// follow edge directions in directed graphs.
    public func betweenness(samples: Int? = nil, seed: UInt64 = 0, threads: Int = 2) -> [Double] {
        let n = nodeCount
        if n == 0 { return [] }
        var sources: [Int32]
        if let samples, samples < n {
            var random = SplitMix64(seed: seed)
            var chosen = Set<Int32>()
            sources = []
            while sources.count < samples {
                let s = Int32(random.next() % UInt64(n))
                if chosen.insert(s).inserted { sources.append(s) }
            }
        } else {
            sources = (0..<Int32(n)).map { $0 }
        }
        let parts = max(1, min(threads, sources.count / 8))
        let chosenSources = sources
        let graph = self
        let partial = StatisticsParallel.map(parts: parts) { part in
            var acc = BrandesAccumulator(graph)
            var i = part
            while i < chosenSources.count {
                acc.accumulate(from: Int(chosenSources[i]))
                i += parts
            }
            return acc.centrality
        }
        var total = partial[0]
        for p in partial.dropFirst() { for v in 0..<n { total[v] += p[v] } }
        var scale = n > 2 ? 1 / (Double(n - 1) * Double(n - 2)) : 1
        if n <= 2 { scale = isDirected ? 1 : 0.5 }
        if let samples, samples < n { scale *= Double(n) / Double(samples) }
        return total.map { $0 * scale }
    }
}

/// One thread's share of Brandes' algorithm: BFS from a source, then the
/// dependencies accumulated in reverse BFS order. Arrays are reused across sources.
private struct BrandesAccumulator {
    let offsets: [Int]
    let targets: [Int32]
    var centrality: [Double]
    var sigma: [Double]
    var delta: [Double]
    var distance: [Int32]
    var order: [Int32]

    init(_ g: Graph) {
        let n = g.nodeCount
        offsets = g.out.offsets
        targets = g.out.targets
        centrality = [Double](repeating: 0, count: n)
        sigma = [Double](repeating: 0, count: n)
        delta = [Double](repeating: 0, count: n)
        distance = [Int32](repeating: -1, count: n)
        order = [Int32](repeating: 0, count: n)
    }

    mutating func accumulate(from s: Int) {
        let offsets = self.offsets
        targets.withUnsafeBufferPointer { t in
            sigma.withUnsafeMutableBufferPointer { sigma in
                delta.withUnsafeMutableBufferPointer { delta in
                    distance.withUnsafeMutableBufferPointer { dist in
                        order.withUnsafeMutableBufferPointer { order in
                            centrality.withUnsafeMutableBufferPointer { cb in
                                sigma[s] = 1
                                dist[s] = 0
                                order[0] = Int32(s)
                                var head = 0, tail = 1
                                while head < tail {
                                    let v = Int(order[head]); head += 1
                                    let dv = dist[v]
                                    for k in offsets[v]..<offsets[v + 1] {
                                        let w = Int(t[k])
                                        if dist[w] < 0 { dist[w] = dv + 1; order[tail] = Int32(w); tail += 1 }
                                        if dist[w] == dv + 1 { sigma[w] += sigma[v] }
                                    }
                                }
                                // Dependencies flow back from each successor w one step further
                                // (dist[w] = dist[v] + 1), found by scanning v's out-row; in reverse
                                // BFS order every such w is final before v.
                                var i = tail - 1
                                while i >= 0 {
                                    let v = Int(order[i])
                                    let dv = dist[v]
                                    var sum = 0.0
                                    for k in offsets[v]..<offsets[v + 1] {
                                        let w = Int(t[k])
                                        if dist[w] == dv + 1 { sum += (1 + delta[w]) / sigma[w] }
                                    }
                                    delta[v] = sigma[v] * sum
                                    if v != s { cb[v] += delta[v] }
                                    i -= 1
                                }
                                for j in 0..<tail {
                                    let v = Int(order[j])
                                    sigma[v] = 0; delta[v] = 0; dist[v] = -1
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
