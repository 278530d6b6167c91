/// Triangles at every node of an undirected graph, self-loops ignored.
///
/// Degree-ordered forward counting: nodes are ranked by (degree, index),
/// each node keeps only its higher-ranked neighbours in a sorted row, and
/// every triangle r < s < t is found once by merging the rows of r and s.
/// This is O(m^1.5) and splits into contiguous rank ranges of equal
/// estimated work, one per thread, each with its own count array.
struct TriangleCensus {
    /// Triangles through each node (NetworkX's `triangles(G)[v]`).
    var triangles: [Int]
    /// Degree ignoring the self-loop (NetworkX's `len(set(G[v]) - {v})`).
    var simpleDegree: [Int]

    init(_ g: Graph, threads: Int) {
        let n = g.nodeCount
        let offsets = g.out.offsets, targets = g.out.targets
        var degree = [Int](repeating: 0, count: n)
        var maxDegree = 0
        for u in 0..<n {
            var d = offsets[u + 1] - offsets[u]
            if d > 0 && g.out.hasSelfLoop(u) { d -= 1 }
            degree[u] = d
            maxDegree = max(maxDegree, d)
        }
        simpleDegree = degree
        // Rank by (degree, index): a counting sort keeps index order within a degree.
        var start = [Int](repeating: 0, count: maxDegree + 2)
        for d in degree { start[d + 1] += 1 }
        for d in 0...maxDegree { start[d + 1] += start[d] }
        var order = [Int32](repeating: 0, count: n)
        var rank = [Int32](repeating: 0, count: n)
        for u in 0..<n {
            let r = start[degree[u]]
            start[degree[u]] += 1
            order[r] = Int32(u)
            rank[u] = Int32(r)
        }
        // Forward rows in rank space, filled in rank order so each comes out sorted.
        var fOffsets = [Int](repeating: 0, count: n + 1)
        for u in 0..<n {
            let ru = rank[u]
            for k in offsets[u]..<offsets[u + 1] where rank[Int(targets[k])] > ru { fOffsets[Int(ru) + 1] += 1 }
        }
        for r in 0..<n { fOffsets[r + 1] += fOffsets[r] }
        var fill = fOffsets
        var fTargets = [Int32](repeating: 0, count: fOffsets[n])
        for r in 0..<n {
            let x = Int(order[r])
            for k in offsets[x]..<offsets[x + 1] {
                let y = Int(targets[k])
                let ry = Int(rank[y])
                if ry < r { fTargets[fill[ry]] = Int32(r); fill[ry] += 1 }
            }
        }
        // Estimated merge work per rank, for balancing the threads.
        var cost = [Int](repeating: 0, count: n + 1)
        for r in 0..<n {
            let dr = fOffsets[r + 1] - fOffsets[r]
            var c = 1
            for k in fOffsets[r]..<fOffsets[r + 1] {
                let s = Int(fTargets[k])
                c += dr + fOffsets[s + 1] - fOffsets[s]
            }
            cost[r + 1] = cost[r] + c
        }
        let ranges = StatisticsParallel.split(prefixCost: cost, parts: threads)
        let rows = (fOffsets, fTargets)
        let partial = StatisticsParallel.map(parts: ranges.count) { part in
            Self.count(ranks: ranges[part], n: n, rows.0, rows.1)
        }
        var byNode = [Int](repeating: 0, count: n)
        for r in 0..<n {
            var t = 0
            for p in partial { t += p[r] }
            byNode[Int(order[r])] = t
        }
        triangles = byNode
    }

    /// Counts triangles whose lowest-ranked corner lies in `ranks`, per rank.
    private static func count(ranks: Range<Int>, n: Int, _ fOffsets: [Int], _ fTargets: [Int32]) -> [Int] {
        var counts = [Int](repeating: 0, count: n)
        fOffsets.withUnsafeBufferPointer { off in
            fTargets.withUnsafeBufferPointer { t in
                counts.withUnsafeMutableBufferPointer { cnt in
                    for r in ranks {
                        let rEnd = off[r + 1]
                        var i = off[r]
                        while i < rEnd {
                            let s = Int(t[i])
                            i += 1
                            // Common higher neighbours of r and s; those of r past s suffice.
                            var a = i, b = off[s]
                            let bEnd = off[s + 1]
                            var found = 0
                            while a < rEnd && b < bEnd {
                                let x = t[a], y = t[b]
                                if x < y { a += 1 } else if y < x { b += 1 } else {
                                    cnt[Int(x)] += 1
                                    found += 1
                                    a += 1; b += 1
                                }
                            }
                            cnt[r] += found
                            cnt[s] += found
                        }
                    }
                }
            }
        }
        return counts
    }

    /// NetworkX's `average_clustering(G)`: the plain mean over nodes in node
    /// order of `2T / (d (d - 1))` (0 where there is no triangle). Summed in
    /// the same order as NetworkX so the result matches it bit for bit.
    var averageClustering: Double? {
        let n = triangles.count
        if n == 0 { return nil }
        var sum = 0.0
        for v in 0..<n where triangles[v] > 0 {
            let d = simpleDegree[v]
            sum += Double(2 * triangles[v]) / Double(d * (d - 1))
        }
        return sum / Double(n)
    }

    /// NetworkX's `transitivity(G)`: 3 × triangles / connected triples, 0
    /// when there is no triangle.
    var transitivity: Double {
        var t = 0, triads = 0
        for v in 0..<triangles.count {
            t += 2 * triangles[v]
            let d = simpleDegree[v]
            triads += d * (d - 1)
        }
        return t == 0 ? 0 : Double(t) / Double(triads)
    }
}
