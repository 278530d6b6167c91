import TangleBasics
/// One level of Louvain: a weighted undirected graph whose nodes are the
/// communities of the level below. Self-loops are kept apart in `loop`, and a
/// node's `strength` counts its loop twice (NetworkX's weighted degree).
struct LouvainLevel {
    /// Sweeps of local moving before the queue takes over (see `moveNodes`).
    static let firstSweeps = 2
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
    ///
    /// First `firstSweeps` of NetworkX's sweeps (every node in one seeded
    /// order), then a queue: every node once more, and after that a node
    /// again only when a neighbour moved (the "fast local moving" of the
    /// Leiden paper), until the queue is empty or `maxSweeps`·n visits (should
    /// rounding ever make two moves undo each other). The queue alone, from
    /// singletons, grows few large communities in cascades; sweeps alone
    /// crawl at a million nodes (still 25k moves a sweep after 30 sweeps).
    /// Modularity, BA-100k (m = 10) seeds 0–3 / BA-1M (m = 5) seed 0, and
    /// the one-thread time of the latter:
    /// queue only 0.181 0.197 0.188 0.194 / 0.2684, 15.7 s;
    /// sweeps only 0.195 0.198 0.198 0.196 / 0.2712, 55 s;
    /// two sweeps, then the queue: 0.194 0.194 0.198 0.195 / 0.2656, 13.5 s.
    /// (NetworkX at 100k: 0.198–0.201; NetworKit 0.198 / 0.249; igraph 0.195–0.199.)
    func moveNodes(_ random: inout SplitMix64, maxSweeps: Int = 64) -> [Int32] {
        var community = (0..<n).map { Int32($0) }
        // One record per community keeps its total strength and the link
        // weight of the node being visited on the same cache line; `stamp`
        // says which visit the link weight belongs to.
        var slots = strength.map { CommunitySlot(total: $0, link: 0, stamp: -1) }
        var order = (0..<n).map { Int32($0) }
        order.shuffle(using: &random)
        var touched: [Int] = []
        touched.reserveCapacity(64)
        let m2 = totalWeight
        var visits = 0
        offsets.withUnsafeBufferPointer { off in
        targets.withUnsafeBufferPointer { tgt in
        weights.withUnsafeBufferPointer { wt in
        community.withUnsafeMutableBufferPointer { comm in
        slots.withUnsafeMutableBufferPointer { slot in
        order.withUnsafeBufferPointer { order in
            /// Moves node i to its best community; true when it moved.
            func visit(_ i: Int) -> Bool {
                visits += 1
                let own = Int(comm[i]), ki = strength[i]
                for k in off[i]..<off[i + 1] {
                    let c = Int(comm[Int(tgt[k])])
                    if slot[c].stamp != visits { slot[c].stamp = visits; slot[c].link = 0; touched.append(c) }
                    slot[c].link += wt[k]
                }
                slot[own].total -= ki
                // Gain of joining c, up to a positive factor: k_i,c − tot_c·k_i / 2m.
                var best = own
                var bestGain = (slot[own].stamp == visits ? slot[own].link : 0) - slot[own].total * ki / m2
                for c in touched {
                    let gain = slot[c].link - slot[c].total * ki / m2
                    if gain > bestGain { bestGain = gain; best = c }
                }
                slot[best].total += ki
                touched.removeAll(keepingCapacity: true)
                if best == own { return false }
                comm[i] = Int32(best)
                return true
            }
            var settled = false
            for _ in 0..<min(LouvainLevel.firstSweeps, maxSweeps) {
                var moves = 0
                for node in order where visit(Int(node)) { moves += 1 }
                if moves == 0 { settled = true; break }
            }
            guard !settled else { return }
            // The rest from a queue: every node once more in the seeded order,
            // then a node again when a neighbour moved away from or next to it.
            var queued = [Bool](repeating: true, count: n)
            var queue = Array(order)
            var head = 0, pending = n
            let maxVisits = visits + maxSweeps * n
            while pending > 0 && visits < maxVisits {
                let i = Int(queue[head])
                head = head + 1 == n ? 0 : head + 1
                pending -= 1
                queued[i] = false
                guard visit(i) else { continue }
                let now = comm[i]
                for k in off[i]..<off[i + 1] {
                    let j = Int(tgt[k])
                    if !queued[j] && comm[j] != now {
                        queued[j] = true
                        var tail = head + pending
                        if tail >= n { tail -= n }
                        queue[tail] = Int32(j)
                        pending += 1
                    }
                }
            }
        }}}}}}
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

/// A community's state during local moving.
private struct CommunitySlot {
    var total: Double
    var link: Double
    var stamp: Int
}
