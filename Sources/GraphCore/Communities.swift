import TangleBasics
/// A partition of a graph's nodes into communities, found by Louvain.
///
/// Louvain (Blondel et al. 2008) with resolution 1: nodes move greedily to
/// the neighbouring community with the best modularity gain, visited in an
/// order shuffled by `seed` (so a seed gives the same partition every run),
/// then communities collapse into nodes and the process repeats until a level
/// gains no more than `threshold` (1e-7, NetworkX's default).
///
/// Edges count with their weights (1 when the graph has none). A directed
/// graph is partitioned on its undirected version (weights of u→v and v→u
/// add), while `modularity` is always NetworkX's
/// `community.modularity(G, communities)` for the graph as given — the
/// directed (Leicht–Newman) form for directed graphs.
public struct Communities: Sendable {
    /// Community of each node, numbered in order of each community's lowest node.
    public let label: [Int32]
    public let count: Int
    /// Modularity of the partition; nil when the graph has no edge weight at all.
    public let modularity: Double?

    /// Runs Louvain on `g`.
    public static func louvain(_ g: Graph, seed: UInt64 = 0, threshold: Double = 1e-7) -> Communities {
        var level = LouvainLevel(g)
        var label = (0..<g.nodeCount).map { Int32($0) }
        var random = SplitMix64(seed: seed)
        var quality = level.modularity(of: Array(0..<Int32(level.n)))
        // Each level either merges nodes or stops, so this ends within n levels.
        while level.n > 1 && level.totalWeight > 0 {
            let local = level.moveNodes(&random)
            let communityCount = (local.max().map { Int($0) } ?? -1) + 1
            if communityCount == level.n { break }
            let gained = level.modularity(of: local)
            for i in 0..<label.count { label[i] = local[Int(label[i])] }
            if gained - quality <= threshold { break }
            quality = gained
            level = level.aggregated(by: local, count: communityCount)
        }
        let (numbered, count) = renumber(label)
        return Communities(label: numbered, count: count, modularity: modularity(of: numbered, in: g))
    }

    /// NetworkX's `community.modularity(G, communities)` (resolution 1,
    /// weighted): Σ_c L_c / m − out_c · in_c / (deg_sum)² for undirected graphs
    /// (self-loops count twice in degrees), and Σ_c L_c / m − out_c · in_c / m²
    /// with m the total arc weight for directed ones. Nil when m is 0.
    public static func modularity(of label: [Int32], in g: Graph) -> Double? {
        let count = (label.max().map { Int($0) } ?? -1) + 1
        var inside = [CompensatedSum](repeating: CompensatedSum(), count: count)
        var outSum = [CompensatedSum](repeating: CompensatedSum(), count: count)
        var inSum = [CompensatedSum](repeating: CompensatedSum(), count: count)
        var total = CompensatedSum()
        g.forEachEdge { u, v, w in
            let cu = Int(label[u]), cv = Int(label[v])
            if cu == cv { inside[cu].add(w) }
            outSum[cu].add(w)
            inSum[cv].add(w)
            total.add(w)
        }
        let m = total.value
        if m == 0 { return nil }
        var q = CompensatedSum()
        for c in 0..<count {
            if g.isDirected {
                q.add(inside[c].value / m - outSum[c].value * inSum[c].value / (m * m))
            } else {
                // Undirected degree of a community: both ends of each edge.
                let degree = outSum[c].value + inSum[c].value
                q.add(inside[c].value / m - degree * degree / (4 * m * m))
            }
        }
        return q.value
    }

    /// Labels renumbered in order of first appearance.
    static func renumber(_ label: [Int32]) -> ([Int32], Int) {
        var map = [Int32](repeating: -1, count: label.count)
        var next: Int32 = 0
        var result = label
        for i in 0..<label.count {
            let c = Int(label[i])
            if map[c] < 0 { map[c] = next; next += 1 }
            result[i] = map[c]
        }
        return (result, Int(next))
    }
}

/// A Neumaier-compensated running sum.
struct CompensatedSum {
    private var sum = 0.0, compensation = 0.0
    mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) { compensation += (sum - t) + x } else { compensation += (x - t) + sum }
        sum = t
    }
    var value: Double { sum + compensation }
}

