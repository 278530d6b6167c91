/// Core numbers and betweenness: the node metrics NetworkX computes that the
/// statistics did not need before the filter language.
extension Graph {
    /// `nx.core_number`: the largest k such that the node is in the k-core.
    /// Self-loops are ignored (NetworkX refuses them); for directed graphs
    /// degree is in + out and a node's neighbours are its predecessors and
    /// successors, counted with multiplicity, as NetworkX does.
    /// Batagelj–Zaversnik bucket algorithm, O(n + m).
    public func coreNumbers() -> [Int32] {
        let n = nodeCount
        if n == 0 { return [] }
        var degree = [Int32](repeating: 0, count: n)
        var maxDegree = 0
        for v in 0..<n {
            var d = out.degree(v) + (inbound?.degree(v) ?? 0)
            if out.hasSelfLoop(v) { d -= inbound == nil ? 1 : 2 }
            degree[v] = Int32(d)
            maxDegree = max(maxDegree, d)
        }
        // Nodes sorted by degree (counting sort); bin[d] is where degree d starts.
        var bin = [Int](repeating: 0, count: maxDegree + 2)
        for d in degree { bin[Int(d) + 1] += 1 }
        for d in 0...maxDegree { bin[d + 1] += bin[d] }
        var vert = [Int32](repeating: 0, count: n)
        var pos = [Int](repeating: 0, count: n)
        var fill = bin
        for v in 0..<n {
            let d = Int(degree[v])
            pos[v] = fill[d]
            vert[fill[d]] = Int32(v)
            fill[d] += 1
        }
        degree.withUnsafeMutableBufferPointer { deg in
            vert.withUnsafeMutableBufferPointer { vert in
                pos.withUnsafeMutableBufferPointer { pos in
                    bin.withUnsafeMutableBufferPointer { bin in
                        for i in 0..<n {
                            let v = Int(vert[i])
                            let dv = deg[v]
                            func lower(_ u: Int) {
                                guard u != v, deg[u] > dv else { return }
                                // Swap u with the first node of its bin, then shrink the bin.
                                let du = Int(deg[u])
                                let pu = pos[u], pw = bin[du]
                                let w = Int(vert[pw])
                                if u != w {
                                    pos[u] = pw; vert[pu] = Int32(w)
                                    pos[w] = pu; vert[pw] = Int32(u)
                                }
                                bin[du] += 1
                                deg[u] -= 1
                            }
                            for k in out.offsets[v]..<out.offsets[v + 1] { lower(Int(out.targets[k])) }
                            if let inbound {
                                for k in inbound.offsets[v]..<inbound.offsets[v + 1] { lower(Int(inbound.targets[k])) }
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
