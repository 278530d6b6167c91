/// Neighbourhoods and shortest paths: what `ego(…)`, `path(…)` and
/// `tangle path` compute. Both stop as soon as they can, so they stay fast on
/// big graphs (work proportional to what they visit, plus one n-sized array).
extension Graph {
    /// Marks in `mask` every node within `depth` hops of `node`, edges taken
    /// as undirected (a directed graph's predecessors count too), and returns
    /// how many nodes it marked. `mask` must have `nodeCount` entries; nodes
    /// already marked are not expanded again.
    @discardableResult
    public func markNeighbourhood(of node: Int, depth: Int, in mask: inout [Bool]) -> Int {
        precondition(mask.count == nodeCount && node >= 0 && node < nodeCount)
        var frontier: [Int32] = [Int32(node)]
        var next: [Int32] = []
        var marked = mask[node] ? 0 : 1
        mask[node] = true
        var hop = 0
        mask.withUnsafeMutableBufferPointer { m in
            while hop < depth && !frontier.isEmpty {
                next.removeAll(keepingCapacity: true)
                for u32 in frontier {
                    let u = Int(u32)
                    for a in [out, inbound].compactMap({ $0 }) {
                        a.targets.withUnsafeBufferPointer { t in
                            for k in a.offsets[u]..<a.offsets[u + 1] {
                                let v = Int(t[k])
                                if !m[v] { m[v] = true; next.append(t[k]); marked += 1 }
                            }
                        }
                    }
                }
                swap(&frontier, &next)
                hop += 1
            }
        }
        return marked
    }

    /// The nodes within `depth` hops of `node` (edges as undirected), as a mask.
    public func neighbourhood(of node: Int, depth: Int) -> NodeMask {
        var m = [Bool](repeating: false, count: nodeCount)
        markNeighbourhood(of: node, depth: depth, in: &m)
        return NodeMask(contains: m)
    }

    /// One shortest path from `source` to `target`, both included, following
    /// edge directions in directed graphs; nil when there is none. Weighted
    /// (Dijkstra on the edge weights) when `weighted` and the graph has
    /// weights, else by hops (breadth-first). A negative or NaN weight met on
    /// the way is an error.
    public func shortestPath(from source: Int, to target: Int, weighted: Bool = true) throws(GraphError) -> [Int]? {
        precondition(source >= 0 && source < nodeCount && target >= 0 && target < nodeCount)
        if source == target { return [source] }
        if weighted, let weights = out.weights { return try dijkstra(source, target, weights) }
        var parent = [Int32](repeating: -1, count: nodeCount)
        parent[source] = Int32(source)
        var queue: [Int32] = [Int32(source)]
        var head = 0
        let found: Bool = parent.withUnsafeMutableBufferPointer { p in
            out.targets.withUnsafeBufferPointer { t in
                while head < queue.count {
                    let u = Int(queue[head]); head += 1
                    for k in out.offsets[u]..<out.offsets[u + 1] {
                        let v = Int(t[k])
                        if p[v] < 0 {
                            p[v] = Int32(u)
                            if v == target { return true }
                            queue.append(t[k])
                        }
                    }
                }
                return false
            }
        }
        return found ? Self.walkBack(parent, source, target) : nil
    }

    /// The total weight of a path's edges (hops when the graph has no weights).
    public func pathWeight(_ path: [Int]) -> Double {
        var total = 0.0
        for i in path.indices.dropFirst() { total += weight(path[i - 1], path[i]) ?? .nan }
        return total
    }

    private func dijkstra(_ source: Int, _ target: Int, _ weights: [Double]) throws(GraphError) -> [Int]? {
        var distance = [Double](repeating: .infinity, count: nodeCount)
        var parent = [Int32](repeating: -1, count: nodeCount)
        var done = [Bool](repeating: false, count: nodeCount)
        var heap = MinHeap()
        distance[source] = 0
        parent[source] = Int32(source)
        heap.push(0, Int32(source))
        while let (d, u32) = heap.pop() {
            let u = Int(u32)
            if done[u] { continue }
            done[u] = true
            if u == target { return Self.walkBack(parent, source, target) }
            for k in out.offsets[u]..<out.offsets[u + 1] {
                let w = weights[k]
                guard w >= 0 else {
                    throw GraphError("edge \(nodeIDs[u]) – \(nodeIDs[Int(out.targets[k])]) has weight \(formatNumber(w)); shortest paths need weights ≥ 0 (or --unweighted)")
                }
                let v = Int(out.targets[k])
                let nd = d + w
                if nd < distance[v] {
                    distance[v] = nd
                    parent[v] = u32
                    heap.push(nd, out.targets[k])
                }
            }
        }
        return nil
    }

    private static func walkBack(_ parent: [Int32], _ source: Int, _ target: Int) -> [Int] {
        var path = [target]
        var v = target
        while v != source { v = Int(parent[v]); path.append(v) }
        return path.reversed()
    }
}

/// A binary min-heap of (distance, node) for Dijkstra; ties pop by lower node.
struct MinHeap {
    private var keys: [Double] = []
    private var nodes: [Int32] = []

    mutating func push(_ key: Double, _ node: Int32) {
        keys.append(key); nodes.append(node)
        var i = keys.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if !less(i, p) { break }
            keys.swapAt(i, p); nodes.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> (Double, Int32)? {
        guard let key = keys.first else { return nil }
        let node = nodes[0]
        let lastKey = keys.removeLast(), lastNode = nodes.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey; nodes[0] = lastNode
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < keys.count && less(l, m) { m = l }
                if r < keys.count && less(r, m) { m = r }
                if m == i { break }
                keys.swapAt(i, m); nodes.swapAt(i, m)
                i = m
            }
        }
        return (key, node)
    }

    private func less(_ a: Int, _ b: Int) -> Bool { keys[a] < keys[b] || (keys[a] == keys[b] && nodes[a] < nodes[b]) }
}
