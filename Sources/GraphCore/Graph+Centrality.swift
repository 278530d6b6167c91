import TangleBasics
/// Core numbers and betweenness: the node metrics NetworkX computes that the
/// statistics did not need before the filter language.
extension Graph {
    /// Each node's degree as the k-core counts it: self-loops left out, in +
    /// out (neighbours with multiplicity) when directed.
    private func coreDegrees() -> [Int32] {
        // A graph without self-loops needs no search of every row for one.
        let loops = selfLoopCount > 0
        return (0..<nodeCount).map { v in
            var d = out.degree(v) - (loops && out.hasSelfLoop(v) ? 1 : 0)
            if let inbound { d += inbound.degree(v) - (loops && inbound.hasSelfLoop(v) ? 1 : 0) }
            return Int32(d)
        }
    }

    /// The k-core: `result[v]` is true when v's core number is at least `k`.
    /// Peels what cannot be in it (degree below k, then whatever that drops
    /// below k) without computing every core number, so a filter such as
    /// `kcore >= 5` costs one pass when the whole graph is the 5-core.
    /// Degrees are counted as `coreNumbers()` counts them.
    public func kCore(_ k: Int) -> [Bool] {
        let n = nodeCount
        var inCore = [Bool](repeating: true, count: n)
        guard k > 0 else { return inCore }
        var degree = coreDegrees()
        let threshold = Int32(k)
        var stack: [Int32] = []
        for v in 0..<n where degree[v] < threshold { inCore[v] = false; stack.append(Int32(v)) }
        func drop(_ rows: Adjacency, _ v: Int) {
            for u in rows.neighbours(v) where inCore[Int(u)] && Int(u) != v {
                degree[Int(u)] -= 1
                if degree[Int(u)] < threshold { inCore[Int(u)] = false; stack.append(u) }
            }
        }
        while let v = stack.popLast() {
            drop(out, Int(v))
            if let inbound { drop(inbound, Int(v)) }
        }
        return inCore
    }

    /// `nx.core_number`: the largest k such that the node is in the k-core.
    /// Self-loops are ignored (NetworkX refuses them); for directed graphs
    /// degree is in + out and a node's neighbours are its predecessors and
    /// successors, counted with multiplicity, as NetworkX does.
    ///
    /// Peeling level by level (as ParK, Dasari et al. 2014): at level k every
    /// remaining node of degree ≤ k is removed, with core number k, and its
    /// neighbours above k lose one degree. Within a level the remaining nodes
    /// are swept in node order, again until a sweep removes nothing, so rows
    /// are read in memory order (the bucket algorithm of Batagelj–Zaversnik
    /// jumps between rows and needs three random accesses per entry). A
    /// removed node's degree never changes again, so it is its core number.
    /// (Measured on a 1M-node BA graph, m = 5: 99 ms CPU, where a work list
    /// of the nodes to remove took 195–211 ms and Batagelj–Zaversnik 349 ms —
    /// their random row order costs more than the sweeps save.)
    public func coreNumbers() -> [Int32] {
        let n = nodeCount
        if n == 0 { return [] }
        var degree = coreDegrees()
        // Undirected graphs have no second direction: an empty one stands in.
        let second = inbound ?? Adjacency(offsets: [Int](repeating: 0, count: n + 1), targets: [], weights: nil)
        var remaining = [Int32](0..<Int32(n))
        var level = degree.min()!
        degree.withUnsafeMutableBufferPointer { deg in
            remaining.withUnsafeMutableBufferPointer { rest in
                out.offsets.withUnsafeBufferPointer { o1 in
                    out.targets.withUnsafeBufferPointer { t1 in
                        second.offsets.withUnsafeBufferPointer { o2 in
                            second.targets.withUnsafeBufferPointer { t2 in
                                var count = n
                                while count > 0 {
                                    var removedAny = true
                                    var lowest = Int32.max
                                    while removedAny {
                                        removedAny = false
                                        lowest = Int32.max
                                        var kept = 0
                                        for i in 0..<count {
                                            let v = Int(rest[i])
                                            if deg[v] <= level {
                                                removedAny = true
                                                for k in o1[v]..<o1[v + 1] {
                                                    let u = Int(t1[k])
                                                    if deg[u] > level { deg[u] -= 1 }
                                                }
                                                for k in o2[v]..<o2[v + 1] {
                                                    let u = Int(t2[k])
                                                    if deg[u] > level { deg[u] -= 1 }
                                                }
                                            } else {
                                                rest[kept] = Int32(v)
                                                kept += 1
                                                lowest = min(lowest, deg[v])
                                            }
                                        }
                                        count = kept
                                    }
                                    // The last sweep removed nothing, so `lowest` is final.
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
    /// (1 + delta[w]) / sigma[w], set when w's dependency is final.
    var coefficient: [Double]
    var distance: [Int32]
    var order: [Int32]

    init(_ g: Graph) {
        let n = g.nodeCount
        offsets = g.out.offsets
        targets = g.out.targets
        centrality = [Double](repeating: 0, count: n)
        sigma = [Double](repeating: 0, count: n)
        delta = [Double](repeating: 0, count: n)
        coefficient = [Double](repeating: 0, count: n)
        distance = [Int32](repeating: -1, count: n)
        order = [Int32](repeating: 0, count: n)
    }

    mutating func accumulate(from s: Int) {
        offsets.withUnsafeBufferPointer { offsets in
            targets.withUnsafeBufferPointer { t in
                sigma.withUnsafeMutableBufferPointer { sigma in
                    delta.withUnsafeMutableBufferPointer { delta in
                        coefficient.withUnsafeMutableBufferPointer { coef in
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
                                                if dist[w] == dv + 1 { sum += coef[w] }
                                            }
                                            delta[v] = sigma[v] * sum
                                            coef[v] = (1 + delta[v]) / sigma[v]
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
    }
}
