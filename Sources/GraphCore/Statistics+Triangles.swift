/// Triangles at every node of an undirected graph, self-loops ignored.
///
/// Degree-ordered forward counting: each node keeps only its neighbours of
/// higher rank — rank being (degree, index) — in a row that stays sorted by
/// index, and every triangle is found once, at its lowest-ranked corner u and
/// middle corner v, by merging the rows of u and v. This is O(m^1.5). Nodes
/// go to the threads in interleaved chunks, each thread with its own counts.
struct TriangleCensus {
    /// Triangles through each node (NetworkX's `triangles(G)[v]`).
    var triangles: [Int]
    /// Degree ignoring the self-loop (NetworkX's `len(set(G[v]) - {v})`).
    var simpleDegree: [Int]

    /// `chunk` nodes at a time go to a thread.
    init(_ g: Graph, threads: Int, chunk: Int = 2048) {
        let n = g.nodeCount
        let offsets = g.out.offsets, targets = g.out.targets
        var degree = [Int](repeating: 0, count: n)
        for u in 0..<n {
            var d = offsets[u + 1] - offsets[u]
            if d > 0 && g.out.hasSelfLoop(u) { d -= 1 }
            degree[u] = d
        }
        simpleDegree = degree
        // Forward rows: neighbours v with (degree, index) above u's, in index order.
        var fOffsets = [Int](repeating: 0, count: n + 1)
        var fTargets = [Int32]()
        fTargets.reserveCapacity(targets.count / 2)
        for u in 0..<n {
            let du = degree[u]
            for k in offsets[u]..<offsets[u + 1] {
                let v = Int(targets[k])
                let dv = degree[v]
                if dv > du || (dv == du && v > u) { fTargets.append(Int32(v)) }
            }
            fOffsets[u + 1] = fTargets.count
        }
        let parts = max(1, min(threads, (n + chunk - 1) / chunk))
        let rows = (fOffsets, fTargets)
        let partial = StatisticsParallel.map(parts: parts) { part in
            Self.count(part: part, of: parts, chunk: chunk, n: n, rows.0, rows.1)
        }
        var total = partial[0]
        for p in partial.dropFirst() { for v in 0..<n { total[v] += p[v] } }
        triangles = total
    }

    /// Counts triangles whose lowest-ranked corner is in this part's chunks.
    private static func count(part: Int, of parts: Int, chunk: Int, n: Int, _ fOffsets: [Int], _ fTargets: [Int32]) -> [Int] {
        var counts = [Int](repeating: 0, count: n)
        fOffsets.withUnsafeBufferPointer { off in
            fTargets.withUnsafeBufferPointer { t in
                counts.withUnsafeMutableBufferPointer { cnt in
                    for chunkStart in stride(from: part * chunk, to: n, by: parts * chunk) {
                        for u in chunkStart..<min(n, chunkStart + chunk) {
                            let uStart = off[u], uEnd = off[u + 1]
                            if uEnd - uStart < 2 { continue }
                            for i in uStart..<uEnd {
                                let v = Int(t[i])
                                var a = uStart, b = off[v]
                                let bEnd = off[v + 1]
                                var found = 0
                                while a < uEnd && b < bEnd {
                                    let x = t[a], y = t[b]
                                    if x < y { a += 1 } else if y < x { b += 1 } else {
                                        cnt[Int(x)] += 1
                                        found += 1
                                        a += 1; b += 1
                                    }
                                }
                                cnt[u] += found
                                cnt[v] += found
                            }
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
