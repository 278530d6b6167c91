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

    /// Takes ownership of buffers already filled.
    private init(nodeCount: Int, offsets: UnsafeMutablePointer<Int>, targets: UnsafeMutablePointer<Int32>,
                 weights: UnsafeMutablePointer<Double>) {
        self.nodeCount = nodeCount
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
        nodeWeight = .allocate(capacity: max(1, nodeCount))
        nodeWeight.initialize(repeating: 1, count: max(1, nodeCount))
    }

    /// The graph with direction dropped, self-loops removed and the two
    /// directions of a directed pair merged (weights add; a weight that is
    /// not a positive number counts as 1). The graph's rows are sorted, so
    /// each node's row here is one merge of its sorted rows (two when
    /// directed) straight into the final buffers: one pass, no sorting, no
    /// intermediate copies (a million nodes in tens of milliseconds).
    convenience init(_ g: Graph) {
        let n = g.nodeCount
        let rows = g.inbound.map { [g.out, $0] } ?? [g.out]
        let capacity = max(1, rows.reduce(0) { $0 + $1.targets.count })
        let offsets = UnsafeMutablePointer<Int>.allocate(capacity: n + 1)
        let targets = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        let weights = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
        var write = 0
        @inline(__always) func add(_ u: Int, _ v: Int32, _ w: Double, rowStart: Int) {
            guard Int(v) != u else { return }
            let weight = w.isFinite && w > 0 ? w : 1
            if write > rowStart && targets[write - 1] == v { weights[write - 1] += weight; return }
            (targets + write).initialize(to: v)
            (weights + write).initialize(to: weight)
            write += 1
        }
        let a = rows[0]
        a.offsets.withUnsafeBufferPointer { ao in
            a.targets.withUnsafeBufferPointer { at in
                let b = rows.count > 1 ? rows[1] : rows[0]
                b.offsets.withUnsafeBufferPointer { bo in
                    b.targets.withUnsafeBufferPointer { bt in
                        for u in 0..<n {
                            offsets[u] = write
                            var i = ao[u], j = rows.count > 1 ? bo[u] : 0
                            let iEnd = ao[u + 1], jEnd = rows.count > 1 ? bo[u + 1] : 0
                            while i < iEnd || j < jEnd {
                                if j >= jEnd || (i < iEnd && at[i] <= bt[j]) {
                                    add(u, at[i], a.weights?[i] ?? 1, rowStart: offsets[u]); i += 1
                                } else {
                                    add(u, bt[j], b.weights?[j] ?? 1, rowStart: offsets[u]); j += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        offsets[n] = write
        self.init(nodeCount: n, offsets: offsets, targets: targets, weights: weights)
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

    /// The same graph with node `order[i]` renamed i (`rank` is the inverse:
    /// rank[order[i]] == i). Rows keep their entries in the old order.
    func relabeled(order: [Int32], rank: [Int32]) -> LayoutGraph {
        let n = nodeCount
        let o = UnsafeMutablePointer<Int>.allocate(capacity: n + 1)
        let t = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, edgeEntries))
        let w = UnsafeMutablePointer<Double>.allocate(capacity: max(1, edgeEntries))
        var write = 0
        order.withUnsafeBufferPointer { order in
            rank.withUnsafeBufferPointer { rank in
                for i in 0..<n {
                    o[i] = write
                    let u = Int(order[i])
                    for k in offsets[u]..<offsets[u + 1] {
                        (t + write).initialize(to: rank[Int(targets[k])])
                        (w + write).initialize(to: weights[k])
                        write += 1
                    }
                }
            }
        }
        o[n] = write
        let g = LayoutGraph(nodeCount: n, offsets: o, targets: t, weights: w)
        for i in 0..<n { g.nodeWeight[i] = nodeWeight[Int(order[i])] }
        return g
    }

    deinit {
        offsets.deallocate(); targets.deallocate(); weights.deallocate(); nodeWeight.deallocate()
    }
}

/// Nodes in the order of a Morton (Z-order) curve through their positions:
/// nodes close in space get close indices, so a layout step over a graph
/// relabeled this way reads positions and edge ends from nearby memory.
enum SpatialOrder {
    /// `order[i]` is the node that comes i-th; `rank` is its inverse.
    static func of(_ p: PositionArrays) -> (order: [Int32], rank: [Int32]) {
        let n = p.count
        guard n > 0 else { return ([], []) }
        var lo = (p.x[0], p.y[0], p.z[0]), hi = lo
        for i in 0..<n {
            lo.0 = min(lo.0, p.x[i]); hi.0 = max(hi.0, p.x[i])
            lo.1 = min(lo.1, p.y[i]); hi.1 = max(hi.1, p.y[i])
            lo.2 = min(lo.2, p.z[i]); hi.2 = max(hi.2, p.z[i])
        }
        let three = p.dimension == 3
        let bits = three ? 10 : 16
        let cells = Double((1 << bits) - 1)
        let span = max(hi.0 - lo.0, hi.1 - lo.1, hi.2 - lo.2, 1e-12)
        func cell(_ v: Double, _ low: Double) -> UInt64 {
            let c = ((v - low) / span * cells).rounded(.down)
            return c.isFinite ? UInt64(max(0, min(cells, c))) : 0
        }
        // Key in the high 32 bits, node in the low: one sort of plain integers.
        var keys = [UInt64](repeating: 0, count: n)
        for i in 0..<n {
            let x = cell(p.x[i], lo.0), y = cell(p.y[i], lo.1), z = three ? cell(p.z[i], lo.2) : 0
            var key: UInt64 = 0
            for b in 0..<bits {
                if three {
                    key |= ((x >> UInt64(b)) & 1) << UInt64(3 * b) | ((y >> UInt64(b)) & 1) << UInt64(3 * b + 1)
                        | ((z >> UInt64(b)) & 1) << UInt64(3 * b + 2)
                } else {
                    key |= ((x >> UInt64(b)) & 1) << UInt64(2 * b) | ((y >> UInt64(b)) & 1) << UInt64(2 * b + 1)
                }
            }
            keys[i] = key << 32 | UInt64(i)
        }
        keys.sort()
        var order = [Int32](repeating: 0, count: n), rank = [Int32](repeating: 0, count: n)
        for (i, k) in keys.enumerated() {
            let u = Int32(truncatingIfNeeded: k & 0xFFFF_FFFF)
            order[i] = u
            rank[Int(u)] = Int32(i)
        }
        return (order, rank)
    }
}

extension LayoutGraph {
    /// Hop distances from `source` by breadth-first search into `depth`
    /// (-1 where unreachable), using `queue` as scratch; both hold nodeCount
    /// entries and are reused across calls.
    ///
    /// Direction-optimizing (Beamer, Asanović and Patterson 2012): while the
    /// frontier's edges are many against the unvisited nodes' edges, a level
    /// is found bottom-up (each unvisited node looks for a parent in the
    /// frontier and stops at the first), which on small-world graphs skips
    /// most edge checks of the middle levels. Distances are the same either way.
    ///
    /// A bottom-up level looks its parents up in a bitmap of the frontier
    /// (a thirty-second of the depth array, so the lookups stay in cache)
    /// and, given a `pool` (not from inside one of its chunks), splits the
    /// unvisited nodes among its threads: each piece writes only its own
    /// nodes' depths and lists what it found in its own stretch of scratch,
    /// and the pieces join the queue in node order, as one thread adds them.
    func hopDistances(from source: Int, into depth: inout [Int32], queue: inout [Int32], pool: WorkerPool? = nil) {
        // Raw pointers: the checked version spent most of a big graph's BFS on checks.
        let n = nodeCount
        let words = (n + 63) / 64
        // Made at the first bottom-up level: paths, grids and the like never take one.
        var made: BottomUpLevel?
        defer { made?.release() }
        depth.withUnsafeMutableBufferPointer { dBuffer in
            queue.withUnsafeMutableBufferPointer { qBuffer in
                guard let d = dBuffer.baseAddress, let q = qBuffer.baseAddress, n > 0 else { return }
                d.update(repeating: -1, count: n)
                d[source] = 0
                q[0] = Int32(source)
                var start = 0, tail = 1
                var level: Int32 = 0
                var frontierEdges = offsets[source + 1] - offsets[source]
                var unvisitedEdges = offsets[n] - frontierEdges
                var bottomUp = false
                while start < tail {
                    let size = tail - start
                    if !bottomUp && frontierEdges > unvisitedEdges / Self.topDownFactor {
                        bottomUp = true
                    } else if bottomUp && size < n / Self.bottomUpFactor {
                        bottomUp = false
                    }
                    let next = level &+ 1
                    let end = tail
                    var nextEdges = 0
                    if bottomUp {
                        let step = made ?? BottomUpLevel(self, bitmapWords: words)
                        made = step
                        let bits = step.bits
                        bits.update(repeating: 0, count: words)
                        for i in start..<end {
                            let u = Int(q[i])
                            bits[u &>> 6] |= 1 &<< UInt64(u & 63)
                        }
                        step.depth = d
                        step.level = next
                        let pieces = pool == nil ? 1 : min(Self.bottomUpPieces, max(1, n / 4096))
                        if let pool, pieces > 1 { pool.run(step, chunks: pieces) } else { step.run(chunk: 0, of: 1) }
                        for c in 0..<pieces {
                            let lo = n * c / pieces
                            for k in 0..<step.found[c] { q[tail] = step.scratch[lo + k]; tail &+= 1 }
                            nextEdges &+= step.foundEdges[c]
                        }
                    } else {
                        for i in start..<end {
                            let u = Int(q[i])
                            for k in offsets[u]..<offsets[u + 1] {
                                let v = Int(targets[k])
                                if d[v] < 0 {
                                    d[v] = next; q[tail] = Int32(v); tail &+= 1
                                    nextEdges &+= offsets[v + 1] - offsets[v]
                                }
                            }
                        }
                    }
                    start = end
                    level = next
                    frontierEdges = nextEdges
                    unvisitedEdges -= nextEdges
                }
            }
        }
    }

    /// Pieces a parallel bottom-up level is cut into (hubs cluster at low
    /// ids in grown graphs: many pieces keep both threads busy to the end).
    static let bottomUpPieces = 32

    /// Bottom-up once the frontier has more than 1/topDownFactor of the
    /// unvisited nodes' edges; top-down again below n/bottomUpFactor nodes
    /// (Beamer et al.'s α = 14, β = 24).
    static let topDownFactor = 14
    static let bottomUpFactor = 24
}

/// One bottom-up BFS level on the pool: piece c of `count` covers nodes
/// [n·c/count, n·(c+1)/count), sets the depth of each unvisited node with a
/// parent in the frontier bitmap, and lists them in `scratch` from the
/// piece's first node on (a piece finds at most as many as it covers).
final class BottomUpLevel: ParallelKernel, @unchecked Sendable {
    // Safety: the owning thread sets `depth` and `level` while the pool is
    // idle; during a run, each piece writes only its own nodes' depths, its
    // own stretch of `scratch` and its own slots of `found`/`foundEdges`.
    let graph: LayoutGraph
    let bits: UnsafeMutablePointer<UInt64>
    let scratch: UnsafeMutablePointer<Int32>
    let found: UnsafeMutablePointer<Int>
    let foundEdges: UnsafeMutablePointer<Int>
    var depth: UnsafeMutablePointer<Int32>?
    var level: Int32 = 0

    init(_ graph: LayoutGraph, bitmapWords: Int) {
        self.graph = graph
        bits = .allocate(capacity: max(bitmapWords, 1))
        scratch = .allocate(capacity: max(graph.nodeCount, 1))
        found = .allocate(capacity: LayoutGraph.bottomUpPieces)
        foundEdges = .allocate(capacity: LayoutGraph.bottomUpPieces)
    }

    func release() {
        bits.deallocate()
        scratch.deallocate()
        found.deallocate()
        foundEdges.deallocate()
    }

    func run(chunk c: Int, of count: Int) {
        guard let d = depth else { return }
        let n = graph.nodeCount, offsets = graph.offsets, targets = graph.targets
        let lo = n * c / count, hi = n * (c + 1) / count
        let next = level
        var m = 0, edges = 0
        for v in lo..<hi where d[v] < 0 {
            for k in offsets[v]..<offsets[v + 1] {
                let t = Int(targets[k])
                if bits[t &>> 6] & (1 &<< UInt64(t & 63)) != 0 {
                    d[v] = next
                    scratch[lo + m] = Int32(v)
                    m += 1
                    edges &+= offsets[v + 1] - offsets[v]
                    break
                }
            }
        }
        found[c] = m
        foundEdges[c] = edges
    }
}
