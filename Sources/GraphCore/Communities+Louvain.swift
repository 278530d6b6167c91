/// One level of Louvain: a weighted undirected graph whose nodes are the
/// communities of the level below. Self-loops are kept apart in `loop`, and a
/// node's `strength` counts its loop twice (NetworkX's weighted degree).
struct LouvainLevel {
    var n: Int
    var offsets: [Int]
    var targets: [Int32]
    var weights: [Double]
    var loop: [Double]
    var strength: [Double]
    /// Σ strength: twice the total edge weight.
    var totalWeight: Double

    /// The first level: `g` itself, made undirected (arc weights add) when directed.
    init(_ g: Graph) {
        n = g.nodeCount
        offsets = [Int](repeating: 0, count: n + 1)
        targets = []
        weights = []
        targets.reserveCapacity(g.out.targets.count + (g.inbound?.targets.count ?? 0))
        weights.reserveCapacity(targets.capacity)
        loop = [Double](repeating: 0, count: n)
        strength = [Double](repeating: 0, count: n)
        let out = g.out
        for u in 0..<n {
            var a = out.offsets[u], b = g.inbound?.offsets[u] ?? 0
            let aEnd = out.offsets[u + 1], bEnd = g.inbound?.offsets[u + 1] ?? 0
            // Merge the sorted out and in rows of u (the in row is empty when undirected).
            while a < aEnd || b < bEnd {
                let v: Int32, w: Double
                if let inbound = g.inbound, b < bEnd, a == aEnd || inbound.targets[b] < out.targets[a] {
                    v = inbound.targets[b]; w = inbound.weight(at: b); b += 1
                } else if let inbound = g.inbound, b < bEnd, inbound.targets[b] == out.targets[a] {
                    v = out.targets[a]
                    // A directed self-loop appears in both rows; it is one loop.
                    w = Int(v) == u ? out.weight(at: a) : out.weight(at: a) + inbound.weight(at: b)
                    a += 1; b += 1
                } else {
                    v = out.targets[a]; w = out.weight(at: a); a += 1
                }
                if Int(v) == u { loop[u] += w } else { targets.append(v); weights.append(w) }
            }
            offsets[u + 1] = targets.count
        }
        totalWeight = 0
        for u in 0..<n {
            var s = 2 * loop[u]
            for k in offsets[u]..<offsets[u + 1] { s += weights[k] }
            strength[u] = s
            totalWeight += s
        }
    }

    private init(n: Int, offsets: [Int], targets: [Int32], weights: [Double], loop: [Double],
                 strength: [Double], totalWeight: Double) {
        self.n = n; self.offsets = offsets; self.targets = targets; self.weights = weights
        self.loop = loop; self.strength = strength; self.totalWeight = totalWeight
    }

    /// Modularity of `community` on this level (equal to that of the induced
    /// partition of the original graph).
    func modularity(of community: [Int32]) -> Double {
        var inside = [Double](repeating: 0, count: n), total = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let c = Int(community[i])
            total[c] += strength[i]
            inside[c] += 2 * loop[i]
            for k in offsets[i]..<offsets[i + 1] where community[Int(targets[k])] == community[i] { inside[c] += weights[k] }
        }
        var q = CompensatedSum()
        for c in 0..<n where total[c] != 0 || inside[c] != 0 {
            q.add(inside[c] / totalWeight - (total[c] / totalWeight) * (total[c] / totalWeight))
        }
        return q.value
    }

    /// The local-moving phase: returns each node's community, numbered 0..<k
    /// in order of first appearance.
    func moveNodes(_ random: inout SplitMix64, threshold: Double = 1e-7, maxPasses: Int = 256) -> [Int32] {
        var community = (0..<n).map { Int32($0) }
        var total = strength
        var linkWeight = [Double](repeating: 0, count: n)
        var marked = [Bool](repeating: false, count: n)
        var touched: [Int] = []
        var order = Array(0..<n)
        order.shuffle(using: &random)
        let m2 = totalWeight
        var passes = 0
        while passes < maxPasses {
            passes += 1
            var moved = false
            var improvement = 0.0
            for i in order {
                let own = Int(community[i]), ki = strength[i]
                for k in offsets[i]..<offsets[i + 1] {
                    let c = Int(community[Int(targets[k])])
                    if !marked[c] { marked[c] = true; linkWeight[c] = 0; touched.append(c) }
                    linkWeight[c] += weights[k]
                }
                total[own] -= ki
                // Gain of joining c, up to a positive factor: k_i,c − tot_c·k_i / 2m.
                let stay = (marked[own] ? linkWeight[own] : 0) - total[own] * ki / m2
                var best = own, bestGain = stay
                for c in touched {
                    let gain = linkWeight[c] - total[c] * ki / m2
                    if gain > bestGain { bestGain = gain; best = c }
                }
                total[best] += ki
                if best != own {
                    community[i] = Int32(best)
                    moved = true
                    improvement += 2 * (bestGain - stay) / m2
                }
                for c in touched { marked[c] = false }
                touched.removeAll(keepingCapacity: true)
            }
            // Stop when nothing moves, or a pass's gain is too small to matter.
            if !moved || improvement < threshold { break }
        }
        return Communities.renumber(community).0
    }

    /// The next level: one node per community, edge weights summed.
    func aggregated(by community: [Int32], count: Int) -> LouvainLevel {
        var memberStart = [Int](repeating: 0, count: count + 1)
        for c in community { memberStart[Int(c) + 1] += 1 }
        for c in 0..<count { memberStart[c + 1] += memberStart[c] }
        var fill = memberStart
        var members = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let c = Int(community[i])
            members[fill[c]] = Int32(i); fill[c] += 1
        }
        var newOffsets = [Int](repeating: 0, count: count + 1)
        var newTargets: [Int32] = [], newWeights: [Double] = []
        var newLoop = [Double](repeating: 0, count: count)
        var newStrength = [Double](repeating: 0, count: count)
        var linkWeight = [Double](repeating: 0, count: count)
        var marked = [Bool](repeating: false, count: count)
        var touched: [Int] = []
        for c in 0..<count {
            for m in memberStart[c]..<memberStart[c + 1] {
                let i = Int(members[m])
                newLoop[c] += loop[i]
                newStrength[c] += strength[i]
                for k in offsets[i]..<offsets[i + 1] {
                    let d = Int(community[Int(targets[k])])
                    // An inside edge is met from both ends, half its weight each time.
                    if d == c { newLoop[c] += weights[k] / 2; continue }
                    if !marked[d] { marked[d] = true; linkWeight[d] = 0; touched.append(d) }
                    linkWeight[d] += weights[k]
                }
            }
            for d in touched {
                newTargets.append(Int32(d)); newWeights.append(linkWeight[d])
                marked[d] = false
            }
            touched.removeAll(keepingCapacity: true)
            newOffsets[c + 1] = newTargets.count
        }
        return LouvainLevel(n: count, offsets: newOffsets, targets: newTargets, weights: newWeights,
                            loop: newLoop, strength: newStrength, totalWeight: totalWeight)
    }
}
