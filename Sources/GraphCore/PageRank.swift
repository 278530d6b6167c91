/// PageRank as NetworkX's `pagerank(G)` computes it with its defaults.
///
/// Power iteration from the uniform vector with damping `alpha`, uniform
/// teleportation, dangling nodes (no outgoing weight) spreading their rank
/// uniformly, edges weighted by their weight (1 when the graph has none), and
/// an undirected edge counting in both directions (a self-loop once). It stops
/// when the L1 change of an iteration falls below `n × tolerance`, or after
/// `maxIterations` (NetworkX raises there; this returns the last vector).
public enum PageRank {
    /// PageRank of every node, indexed by node; sums to 1.
    public static func compute(_ g: Graph, alpha: Double = 0.85, tolerance: Double = 1e-6,
                               maxIterations: Int = 100) -> [Double] {
        let n = g.nodeCount
        if n == 0 { return [] }
        // Rank flows into v along `into`'s row of v: predecessors for directed
        // graphs, neighbours for undirected ones.
        let into = g.inbound ?? g.out
        var outWeight = [Double](repeating: 0, count: n)
        for u in 0..<n {
            var s = 0.0
            for k in g.out.offsets[u]..<g.out.offsets[u + 1] { s += g.out.weight(at: k) }
            outWeight[u] = s
        }
        var dangling: [Int] = []
        for u in 0..<n where outWeight[u] == 0 { dangling.append(u) }
        let uniform = 1.0 / Double(n)
        var x = [Double](repeating: uniform, count: n)
        var next = [Double](repeating: 0, count: n)
        var share = [Double](repeating: 0, count: n)
        let offsets = into.offsets, targets = into.targets, weights = into.weights
        for _ in 0..<maxIterations {
            var danglingSum = 0.0
            for u in dangling { danglingSum += x[u] }
            for u in 0..<n { share[u] = outWeight[u] == 0 ? 0 : x[u] / outWeight[u] }
            let base = alpha * danglingSum * uniform
            let teleport = (1 - alpha) * uniform
            var err = 0.0
            share.withUnsafeBufferPointer { sh in
                targets.withUnsafeBufferPointer { t in
                    for v in 0..<n {
                        var s = 0.0
                        if let weights {
                            for k in offsets[v]..<offsets[v + 1] { s += sh[Int(t[k])] * weights[k] }
                        } else {
                            for k in offsets[v]..<offsets[v + 1] { s += sh[Int(t[k])] }
                        }
                        let value = alpha * s + base + teleport
                        err += abs(value - x[v])
                        next[v] = value
                    }
                }
            }
            swap(&x, &next)
            if err < Double(n) * tolerance { break }
        }
        return x
    }
}
