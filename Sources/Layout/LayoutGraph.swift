// The graph as the force loops want it: undirected, no self-loops, parallel
// edges merged, in raw buffers so the hot loops skip bounds and exclusivity
// checks. Built once per graph (and once per multilevel level).
import GraphCore

/// An undirected graph in CSR form over raw memory; immutable after init.
final class LayoutGraph: @unchecked Sendable {
    // Safety: written only in init, read-only afterwards from any thread.
    let nodeCount: Int
    let offsets: UnsafeMutablePointer<Int>
    let targets: UnsafeMutablePointer<Int32>
    let weights: UnsafeMutablePointer<Double>
    /// Node weight: how many original nodes a (coarse) node stands for.
    let nodeWeight: UnsafeMutablePointer<Double>
    var edgeEntries: Int { offsets[nodeCount] }
    var edgeCount: Int { edgeEntries / 2 }

    /// Builds from sorted, deduplicated neighbour lists.
    convenience init(neighbours lists: [[(Int32, Double)]], nodeWeights: [Double]? = nil) {
        var offsets = [Int](repeating: 0, count: lists.count + 1)
        var targets: [Int32] = [], weights: [Double] = []
        for (u, list) in lists.enumerated() {
            for (v, w) in list { targets.append(v); weights.append(w) }
            offsets[u + 1] = targets.count
        }
        self.init(offsets: offsets, targets: targets, weights: weights, nodeWeights: nodeWeights)
    }

    /// Builds from CSR arrays: node u's neighbours are targets[offsets[u]..<offsets[u+1]],
    /// sorted and without repeats (weights beside them).
    init(offsets o: [Int], targets t: [Int32], weights w: [Double], nodeWeights: [Double]? = nil) {
        nodeCount = o.count - 1
        let total = t.count
        offsets = .allocate(capacity: nodeCount + 1)
        targets = .allocate(capacity: max(1, total))
        weights = .allocate(capacity: max(1, total))
        nodeWeight = .allocate(capacity: max(1, nodeCount))
        o.withUnsafeBufferPointer { offsets.initialize(from: $0.baseAddress!, count: nodeCount + 1) }
        if total > 0 {
            t.withUnsafeBufferPointer { targets.initialize(from: $0.baseAddress!, count: total) }
            w.withUnsafeBufferPointer { weights.initialize(from: $0.baseAddress!, count: total) }
        }
        if let nodeWeights, nodeWeights.count == nodeCount {
            nodeWeights.withUnsafeBufferPointer { nodeWeight.initialize(from: $0.baseAddress!, count: nodeCount) }
        } else {
            nodeWeight.initialize(repeating: 1, count: max(1, nodeCount))
        }
    }

    /// The graph with direction dropped, self-loops removed and the two
    /// directions of a directed pair merged (weights add). Two passes into
    /// flat arrays (counting, then filling), each node's entries sorted and
    /// merged in place: no per-node arrays (a million of them took seconds).
    convenience init(_ g: Graph) {
        let n = g.nodeCount
        var offsets = [Int](repeating: 0, count: n + 1)
        g.forEachEdge { u, v, _ in
            guard u != v else { return }
            offsets[u + 1] += 1; offsets[v + 1] += 1
        }
        for u in 0..<n { offsets[u + 1] += offsets[u] }
        var cursor = offsets
        var targets = [Int32](repeating: 0, count: offsets[n])
        var weights = [Double](repeating: 0, count: offsets[n])
        g.forEachEdge { u, v, w in
            guard u != v else { return }
            let weight = w.isFinite && w > 0 ? w : 1
            targets[cursor[u]] = Int32(v); weights[cursor[u]] = weight; cursor[u] += 1
            targets[cursor[v]] = Int32(u); weights[cursor[v]] = weight; cursor[v] += 1
        }
        // Sort each node's entries by target and merge repeats, compacting as we go.
        var write = 0
        var scratch: [(Int32, Double)] = []
        for u in 0..<n {
            let lo = offsets[u], hi = offsets[u + 1]
            offsets[u] = write
            scratch.removeAll(keepingCapacity: true)
            for k in lo..<hi { scratch.append((targets[k], weights[k])) }
            if scratch.count > 1 { scratch.sort { $0.0 < $1.0 } }
            for (v, w) in scratch {
                if write > offsets[u] && targets[write - 1] == v { weights[write - 1] += w } else {
                    targets[write] = v; weights[write] = w; write += 1
                }
            }
        }
        offsets[n] = write
        targets.removeLast(targets.count - write)
        weights.removeLast(weights.count - write)
        self.init(offsets: offsets, targets: targets, weights: weights)
    }

    @inline(__always) func degree(_ u: Int) -> Int { offsets[u + 1] - offsets[u] }

    /// Connected components: a label per node, numbered by first node, and the count.
    func components() -> (label: [Int32], count: Int) {
        var label = [Int32](repeating: -1, count: nodeCount)
        var stack: [Int32] = []
        var count: Int32 = 0
        for s in 0..<nodeCount where label[s] < 0 {
            label[s] = count
            stack.append(Int32(s))
            while let u = stack.popLast() {
                for k in offsets[Int(u)]..<offsets[Int(u) + 1] {
                    let v = Int(targets[k])
                    if label[v] < 0 { label[v] = count; stack.append(Int32(v)) }
                }
            }
            count += 1
        }
        return (label, Int(count))
    }

    /// The subgraph on `nodes` (given in the order they get new indices).
    func subgraph(_ nodes: [Int32], indexOf: inout [Int32]) -> LayoutGraph {
        for (i, u) in nodes.enumerated() { indexOf[Int(u)] = Int32(i) }
        var lists = [[(Int32, Double)]](repeating: [], count: nodes.count)
        var weightsOut = [Double](repeating: 1, count: nodes.count)
        for (i, u) in nodes.enumerated() {
            let uu = Int(u)
            weightsOut[i] = nodeWeight[uu]
            lists[i].reserveCapacity(degree(uu))
            for k in offsets[uu]..<offsets[uu + 1] {
                let j = indexOf[Int(targets[k])]
                if j >= 0 { lists[i].append((j, weights[k])) }
            }
            lists[i].sort { $0.0 < $1.0 }
        }
        for u in nodes { indexOf[Int(u)] = -1 }
        return LayoutGraph(neighbours: lists, nodeWeights: weightsOut)
    }

    deinit {
        offsets.deallocate(); targets.deallocate(); weights.deallocate(); nodeWeight.deallocate()
    }
}

extension LayoutGraph {
    /// Hop distances from `source` by breadth-first search into `depth`
    /// (-1 where unreachable), using `queue` as scratch; both hold nodeCount
    /// entries and are reused across calls.
    func hopDistances(from source: Int, into depth: inout [Int32], queue: inout [Int32]) {
        // Raw pointers: the checked version spent most of a big graph's BFS on checks.
        let n = nodeCount
        depth.withUnsafeMutableBufferPointer { dBuffer in
            queue.withUnsafeMutableBufferPointer { qBuffer in
                guard let d = dBuffer.baseAddress, let q = qBuffer.baseAddress, n > 0 else { return }
                d.update(repeating: -1, count: n)
                d[source] = 0
                q[0] = Int32(source)
                var head = 0, tail = 1
                while head < tail {
                    let u = Int(q[head]); head &+= 1
                    let next = d[u] &+ 1
                    for k in offsets[u]..<offsets[u + 1] {
                        let v = targets[k]
                        if d[Int(v)] < 0 { d[Int(v)] = next; q[tail] = v; tail &+= 1 }
                    }
                }
            }
        }
    }
}
