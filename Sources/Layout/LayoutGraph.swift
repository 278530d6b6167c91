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
    init(neighbours lists: [[(Int32, Double)]], nodeWeights: [Double]? = nil) {
        nodeCount = lists.count
        let total = lists.reduce(0) { $0 + $1.count }
        offsets = .allocate(capacity: nodeCount + 1)
        targets = .allocate(capacity: max(1, total))
        weights = .allocate(capacity: max(1, total))
        nodeWeight = .allocate(capacity: max(1, nodeCount))
        var k = 0
        for (u, list) in lists.enumerated() {
            offsets[u] = k
            for (v, w) in list { targets[k] = v; weights[k] = w; k += 1 }
            nodeWeight[u] = nodeWeights?[u] ?? 1
        }
        offsets[nodeCount] = k
    }

    /// The graph with direction dropped, self-loops removed and the two
    /// directions of a directed pair merged (weights add).
    convenience init(_ g: Graph) {
        var lists = [[(Int32, Double)]](repeating: [], count: g.nodeCount)
        g.forEachEdge { u, v, w in
            guard u != v else { return }
            let weight = w.isFinite && w > 0 ? w : 1
            lists[u].append((Int32(v), weight))
            lists[v].append((Int32(u), weight))
        }
        for u in lists.indices where lists[u].count > 1 {
            lists[u].sort { $0.0 < $1.0 }
            var merged: [(Int32, Double)] = []
            merged.reserveCapacity(lists[u].count)
            for e in lists[u] {
                if let last = merged.last, last.0 == e.0 { merged[merged.count - 1].1 += e.1 } else { merged.append(e) }
            }
            lists[u] = merged
        }
        self.init(neighbours: lists)
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
        for i in 0..<nodeCount { depth[i] = -1 }
        depth[source] = 0
        queue[0] = Int32(source)
        var head = 0, tail = 1
        while head < tail {
            let u = Int(queue[head]); head += 1
            for k in offsets[u]..<offsets[u + 1] where depth[Int(targets[k])] < 0 {
                depth[Int(targets[k])] = depth[u] + 1
                queue[tail] = targets[k]; tail += 1
            }
        }
    }
}
