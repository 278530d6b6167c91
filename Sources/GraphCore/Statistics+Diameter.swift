import TangleBasics
/// The diameter of one connected component, with edges taken as undirected.
///
/// Exact (the largest eccentricity, BFS from every node, the sources split
/// over threads) when the component has at most `exactLimit` nodes and those
/// searches would scan at most `exactWork` adjacency entries; otherwise
/// a lower bound from repeated double sweeps, which is the true diameter on
/// most real graphs but is reported as an estimate.
struct DiameterSearch {
    let g: Graph

    func diameter(ofComponent c: Int32, labels: [Int32], size: Int, exactLimit: Int, exactWork: Int,
                  threads: Int, seed: UInt64) -> (value: Int, estimated: Bool) {
        var nodes: [Int32] = []
        nodes.reserveCapacity(size)
        var entries = 0
        for v in 0..<labels.count where labels[v] == c {
            nodes.append(Int32(v))
            entries += g.out.degree(v) + (g.inbound?.degree(v) ?? 0)
        }
        if nodes.count <= 1 { return (0, false) }
        let work = entries.multipliedReportingOverflow(by: nodes.count)
        if nodes.count <= exactLimit && !work.overflow && work.partialValue <= exactWork {
            let nodes = nodes, g = g
            let parts = max(1, min(threads, nodes.count))
            let eccentricities = StatisticsParallel.map(parts: parts) { part in
                var bfs = BFS(nodeCount: g.nodeCount)
                var best = 0
                // Interleaved sources keep the parts' work even.
                for i in stride(from: part, to: nodes.count, by: parts) {
                    best = max(best, bfs.run(g, from: Int(nodes[i])).eccentricity)
                }
                return best
            }
            return (eccentricities.max() ?? 0, false)
        }
        // Double sweeps: from a start, BFS to the farthest node a, then BFS from
        // a; its eccentricity bounds the diameter from below. Starts: the
        // highest-degree node, then seeded random nodes of the component.
        var bfs = BFS(nodeCount: g.nodeCount)
        var random = SplitMix64(seed: seed)
        var start = Int(nodes[0])
        for v in nodes where g.degree(Int(v)) > g.degree(start) { start = Int(v) }
        var best = 0
        for sweep in 0..<4 {
            if sweep > 0 { start = Int(nodes[Int(random.next() % UInt64(nodes.count))]) }
            let first = bfs.run(g, from: start)
            let second = bfs.run(g, from: first.farthest)
            best = max(best, first.eccentricity, second.eccentricity)
        }
        return (best, true)
    }
}

/// Breadth-first search ignoring edge direction, reusing its arrays between runs.
struct BFS {
    private var distance: [Int32]
    private var queue: [Int32]

    init(nodeCount: Int) {
        distance = [Int32](repeating: -1, count: nodeCount)
        queue = [Int32](repeating: 0, count: nodeCount)
    }

    /// Eccentricity of `source` within its component and a node that far away.
    mutating func run(_ g: Graph, from source: Int) -> (eccentricity: Int, farthest: Int) {
        var tail = 1
        distance.withUnsafeMutableBufferPointer { dist in
            queue.withUnsafeMutableBufferPointer { q in
                dist[source] = 0
                q[0] = Int32(source)
                var head = 0
                while head < tail {
                    let u = Int(q[head]); head += 1
                    let next = dist[u] + 1
                    Self.expand(g.out, u, next, dist, q, &tail)
                    if let inbound = g.inbound { Self.expand(inbound, u, next, dist, q, &tail) }
                }
            }
        }
        let last = Int(queue[tail - 1])
        let result = (Int(distance[last]), last)
        for i in 0..<tail { distance[Int(queue[i])] = -1 }
        return result
    }

    @inline(__always)
    private static func expand(_ a: Adjacency, _ u: Int, _ d: Int32, _ dist: UnsafeMutableBufferPointer<Int32>,
                               _ q: UnsafeMutableBufferPointer<Int32>, _ tail: inout Int) {
        a.targets.withUnsafeBufferPointer { t in
            for k in a.offsets[u]..<a.offsets[u + 1] {
                let v = Int(t[k])
                if dist[v] < 0 { dist[v] = d; q[tail] = Int32(v); tail += 1 }
            }
        }
    }
}
