import TangleBasics
import GraphCore

/// Layout quality as bench's layout_quality.py measures it (same definitions,
/// own sampling): stress over BFS distances from sampled sources with weight
/// d⁻² after the best uniform scaling; neighbourhood preservation (Jaccard of
/// graph neighbours and the deg(i) nearest points); edge-length coefficient of
/// variation; sampled crossings per edge (x–y plane).
public struct LayoutMetrics: Sendable, Equatable {
    public var stress: Double
    public var neighbourhoodPreservation: Double
    public var edgeLengthCV: Double
    public var crossingsPerEdge: Double

    /// Measures `p` on `graph`, sampling with `seed`.
    public static func measure(_ graph: Graph, _ p: LayoutPositions, seed: UInt64 = 0,
                               sources: Int = 100, samples: Int = 2000) -> LayoutMetrics {
        let g = LayoutGraph(graph)
        let n = g.nodeCount
        var rng = SplitMix64(layoutSeed: seed)
        func dist(_ a: Int, _ b: Int) -> Double {
            var s = 0.0
            for k in 0..<p.dimension { let d = p[a, k] - p[b, k]; s += d * d }
            return s.squareRoot()
        }
        // Stress.
        var scaled = ScaledStress()
        var depth = [Int32](repeating: -1, count: n)
        var queue = [Int32](repeating: 0, count: n)
        for s in sample(n, min(sources, n), &rng) {
            g.hopDistances(from: s, into: &depth, queue: &queue)
            for v in 0..<n where depth[v] > 0 {
                scaled.add(layout: dist(s, v), hops: Double(depth[v]))
            }
        }
        let stress = scaled.value
        // Neighbourhood preservation.
        var jaccard = 0.0, counted = 0
        var near: [(Double, Int)] = []
        for i in sample(n, min(samples, n), &rng) where g.degree(i) > 0 {
            let k = g.degree(i)
            near.removeAll(keepingCapacity: true)
            for j in 0..<n where j != i {
                let d = dist(i, j)
                if near.count < k { near.append((d, j)); if near.count == k { near.sort { $0.0 < $1.0 } } }
                else if d < near[k - 1].0 {
                    var at = k - 1
                    while at > 0 && near[at - 1].0 > d { near[at] = near[at - 1]; at -= 1 }
                    near[at] = (d, j)
                }
            }
            var nb = Set<Int>()
            for e in g.offsets[i]..<g.offsets[i + 1] { nb.insert(Int(g.targets[e])) }
            let close = Set(near.map(\.1))
            jaccard += Double(nb.intersection(close).count) / Double(nb.union(close).count)
            counted += 1
        }
        // Edge lengths and crossings.
        var edges: [(Int, Int)] = []
        graph.forEachEdge { u, v, _ in if u != v { edges.append((u, v)) } }
        let lengths = edges.map { dist($0.0, $0.1) }
        let mean = lengths.reduce(0, +) / Double(max(1, lengths.count))
        let variance = lengths.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, lengths.count))
        var crossings = 0
        let picked = sample(edges.count, min(samples, edges.count), &rng)
        func orient(_ a: Int, _ b: Int, _ c: Int) -> Double {
            let v = (p[b, 0] - p[a, 0]) * (p[c, 1] - p[a, 1]) - (p[b, 1] - p[a, 1]) * (p[c, 0] - p[a, 0])
            return v > 0 ? 1 : (v < 0 ? -1 : 0)
        }
        for e in picked {
            let (a, b) = edges[e]
            for (c, d) in edges where c != a && c != b && d != a && d != b {
                if orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0 { crossings += 1 }
            }
        }
        return LayoutMetrics(stress: stress, neighbourhoodPreservation: counted > 0 ? jaccard / Double(counted) : 0,
                             edgeLengthCV: mean > 0 ? variance.squareRoot() / mean : 0,
                             crossingsPerEdge: picked.isEmpty ? 0 : Double(crossings) / Double(picked.count))
    }

    /// `k` distinct indices below `n` (a partial Fisher–Yates shuffle).
    private static func sample(_ n: Int, _ k: Int, _ rng: inout SplitMix64) -> [Int] {
        var a = Array(0..<n)
        for i in 0..<k { a.swapAt(i, i + Int(rng.next() % UInt64(n - i))) }
        return Array(a.prefix(k))
    }
}

/// Stress over sampled pairs, weight d⁻², after the best uniform scaling of
/// the layout, as ../shared/peers/layout_quality.py defines it:
/// mean(((α·l − d)/d)²) with α = Σ(l/d) / Σ(l²/d²). Expanded
/// (α²·Σl²/d² − 2α·Σl/d + N = N − (Σl/d)²/Σl²/d²), so pairs are added one
/// at a time and none is kept.
struct ScaledStress {
    private var sumLD = 0.0, sumLL = 0.0, pairs = 0.0

    /// One pair: `l` apart in the layout, `d` hops apart in the graph (d > 0).
    @inline(__always)
    mutating func add(layout l: Double, hops d: Double) {
        sumLD += l / d
        sumLL += l * l / (d * d)
        pairs += 1
    }

    /// `add(layout:hops:)` with 1/d given (a caller with small integer hop
    /// counts keeps a table of them: two divisions a pair cost more than the rest).
    @inline(__always)
    mutating func add(layout l: Double, inverseHops r: Double) {
        let q = l * r
        sumLD += q
        sumLL += q * q
        pairs += 1
    }

    /// Both sets of pairs together.
    mutating func merge(_ other: ScaledStress) {
        sumLD += other.sumLD; sumLL += other.sumLL; pairs += other.pairs
    }

    /// 0 with no pairs; 1 when every pair sits at one point (no scaling helps).
    var value: Double {
        guard pairs > 0 else { return 0 }
        guard sumLL > 0 else { return 1 }
        return max(0, (pairs - sumLD * sumLD / sumLL) / pairs)
    }
}
