import TangleBasics
// Sparse stress majorization (after Ortmann, Klimenta and Brandes, "A sparse
// stress model", 2016), the multilevel layout's final smoothing. Each node
// keeps exact stress terms with the nodes at most two hops away (capped for
// hubs) and one term per pivot standing for the pivot's whole region, weighted
// by how many region members lie within half the distance. A Jacobi sweep
// moves every node to the weighted mean of where each term wants it:
//   x_i ← Σ w_ij (x_j + d_ij (x_i − x_j)/|x_i − x_j|) / Σ w_ij,  w_ij ∝ d_ij⁻².
// This is what makes grids come out square and lowers stress on most graphs;
// on some (scale-free graphs of tens of thousands of nodes, whose pivot
// regions are large) the sweeps raise it instead. So every sweep is checked
// against the stress measured from a few random sources (exact BFS distances,
// as the yardstick measures it), and the best positions seen are kept.

/// Memory: a node's local terms are 5 bytes (the other node and 1 or 2
/// hops; the weight follows from the hops), and pivot terms are not stored
/// per node at all: one row of hop counts per pivot (2 bytes a node) and a
/// weight per pivot and distance stand for them. A million-node BA graph
/// (100 pivots) needs about 0.5 GB here, where 20-byte terms took 3 GB.
///
/// Stress terms of one connected graph, and Jacobi sweeps over them.
final class SparseStress: ParallelKernel, @unchecked Sendable {
    // Safety: used by one layout thread; pool workers write disjoint node ranges.
    private let n: Int
    private let pool: WorkerPool
    /// Per node i: local terms termStart[i]..<termStart[i+1] of (other,
    /// hops: 1 or 2); weight 1 for one hop, 1/4 for two.
    private var termStart: [Int] = []
    private var termNode: [Int32] = []
    private var termHops: [UInt8] = []
    /// Pivot terms: every node's hops from each pivot, 0 where node i has no
    /// term with it (the pivot itself, a pivot already among i's local terms,
    /// or unreachable). Made with the first pivot's distances.
    private var pivotHops: PivotRows?
    /// Weight of a pivot term by pivot and hops: pivotWeight[weightStart[q] + d].
    private var pivotWeight: [Double] = []
    private var weightStart: [Int] = []
    /// The pivot a node is (its row), or -1.
    private var pivotIndex: [Int32] = []
    /// Next positions, written by the pool's threads (disjoint ranges). Raw
    /// memory on purpose: `Array.withUnsafeMutableBufferPointer` on a shared
    /// stored array from several threads at once is a data race (the array is
    /// moved out of the property for the duration), which crashed under load.
    private let nx: UnsafeMutablePointer<Double>, ny: UnsafeMutablePointer<Double>, nz: UnsafeMutablePointer<Double>
    /// In 2D, the positions a sweep starts from, packed (x, y) per node.
    private let packed: UnsafeMutablePointer<SIMD2<Double>>
    private var p: PositionArrays?
    private var unit = 1.0

    static let localCap = 40
    /// Random sources whose BFS rows measure stress between sweeps.
    /// (16 tracked the yardstick's 100 random sources badly on BA-100k: the
    /// sweeps lowered it while the yardstick rose; 64 agree to ±0.002.)
    static let probeCount = 64
    /// Their BFS rows; hops saturate at 255 (one byte per node and probe
    /// keeps a million-node graph's probes at 64 MB).
    private let probes: ProbeRows

    // Preparation state: the terms are built in short steps (`prepareStep`)
    // so a layout thread can publish and take commands between them.
    private let graph: LayoutGraph
    private let pivotCount: Int
    private var rng: SplitMix64
    private var pivots: [Int] = []
    /// Largest hop count in each pivot's row.
    private var farthest: [Int] = []
    private var nearest: [Int32]
    /// The pivots' BFS scratch, kept from one pivot to the next.
    private var bfsDepth: [Int32] = []
    private var bfsQueue: [Int32] = []
    private var nextPivot = 0
    private var pivotsDone = false
    private var probeSources: [Int] = []
    private var probesDone = 0
    private var within: [[Int]] = []
    private var regionsDone = false
    private var termBuilder: LocalTerms?
    private var termsDone = 0
    /// All terms built: sweeps may run.
    private(set) var isPrepared = false
    /// Probe BFS rows per preparation step, and nodes whose terms one step builds.
    static let probesPerStep = 8
    static let termNodesPerStep = 50_000

    /// Cheap: the terms are built by `prepareStep()` (or on the first `smooth`).
    init(_ g: LayoutGraph, pool: WorkerPool, pivots pivotCount: Int, seed: UInt64) {
        n = g.nodeCount
        graph = g
        self.pool = pool
        self.pivotCount = min(pivotCount, n)
        nx = .allocate(capacity: max(n, 1)); nx.initialize(repeating: 0, count: max(n, 1))
        ny = .allocate(capacity: max(n, 1)); ny.initialize(repeating: 0, count: max(n, 1))
        nz = .allocate(capacity: max(n, 1)); nz.initialize(repeating: 0, count: max(n, 1))
        packed = .allocate(capacity: max(n, 1)); packed.initialize(repeating: .zero, count: max(n, 1))
        rng = SplitMix64(layoutSeed: seed)
        nearest = [Int32](repeating: Int32.max, count: n)
        nextPivot = n > 0 ? Int(rng.next() % UInt64(n)) : 0
        probes = ProbeRows(g, count: min(Self.probeCount, g.nodeCount))
        if self.pivotCount == 0 { pivotsDone = true }
    }

    /// Steps `prepareStep` takes in all (an estimate before the pivots are known: their count is an upper bound).
    var preparationSteps: Int {
        pivotCount + (probes.count + Self.probesPerStep - 1) / Self.probesPerStep + 1
            + (n + Self.termNodesPerStep - 1) / Self.termNodesPerStep
    }

    /// One short piece of building the terms: a pivot's BFS (pivots by
    /// max–min distance, farthest point first), a batch of probe rows, the
    /// pivot regions, or one range of nodes' terms. Returns true when done.
    @discardableResult
    func prepareStep() -> Bool {
        if isPrepared { return true }
        let g = graph
        if !pivotsDone {
            let q = pivots.count
            pivots.append(nextPivot)
            // Locals, not properties, in the loops below: each access to a
            // class's stored array is checked for exclusivity at run time
            // (a fifth of the preparation's time at a million nodes).
            var d = bfsDepth, queue = bfsQueue, near = nearest
            bfsDepth = []; bfsQueue = []; nearest = []
            if d.count != n { d = [Int32](repeating: -1, count: n); queue = [Int32](repeating: 0, count: n) }
            g.hopDistances(from: nextPivot, into: &d, queue: &queue, pool: pool)
            if q == 0 {
                // Every distance is at most the diameter, at most twice this eccentricity.
                pivotHops = PivotRows(pivots: pivotCount, nodes: n, maxDistance: 2 * Int(d.max() ?? 0))
            }
            let rows = pivotHops!
            var best = -1, bestD: Int32 = -1, far = 0
            for v in 0..<n {
                let dv = d[v]
                rows[q, v] = Int(max(dv, 0))
                guard dv >= 0 else { continue }
                far = max(far, Int(dv))
                let m = min(near[v], dv)
                near[v] = m
                if m > bestD { bestD = m; best = v }
            }
            bfsDepth = d; bfsQueue = queue; nearest = near
            farthest.append(far)
            if best < 0 || bestD == 0 || pivots.count >= pivotCount {
                bfsDepth = []; bfsQueue = []
                LayoutTrace.note("stress pivots chosen: \(pivots.count)")
                pivotsDone = true
                let nodes = UInt64(g.nodeCount)
                probeSources = (0..<probes.count).map { _ in Int(rng.next() % nodes) }
                probes.sources = probeSources
            } else {
                nextPivot = best
            }
            return false
        }
        if probesDone < probeSources.count {
            let batch = min(Self.probesPerStep, probeSources.count - probesDone)
            probes.base = probesDone
            pool.run(probes, chunks: batch)
            probesDone += batch
            return false
        }
        if !regionsDone {
            LayoutTrace.note("stress probes measured")
            // Regions: each node belongs to its closest pivot; per pivot, how many
            // members lie within each distance.
            within = pivots.map { _ in [] }
            for v in 0..<n {
                // The closest pivot (the first among equals); the pivot itself is at 0.
                var best = -1, bestD = Int.max
                for q in pivots.indices {
                    let d = pivots[q] == v ? 0 : pivotHops![q, v]
                    if (d > 0 || pivots[q] == v) && d < bestD { bestD = d; best = q }
                }
                guard best >= 0 else { continue }
                if within[best].count <= bestD { within[best] += [Int](repeating: 0, count: bestD + 1 - within[best].count) }
                within[best][bestD] += 1
            }
            for q in within.indices { for d in within[q].indices.dropFirst() { within[q][d] += within[q][d - 1] } }
            // A pivot term's weight depends only on the pivot and the distance.
            for q in pivots.indices {
                weightStart.append(pivotWeight.count)
                pivotWeight.append(0)
                for d in stride(from: 1, through: farthest[q], by: 1) {
                    let half = min(d / 2, within[q].count - 1)
                    let s = half >= 0 ? Double(within[q][half]) : 1
                    pivotWeight.append(max(1, s) / Double(d * d))
                }
            }
            pivotIndex = [Int32](repeating: -1, count: n)
            for (q, v) in pivots.enumerated() { pivotIndex[v] = Int32(q) }
            termStart.reserveCapacity(n + 1)
            // Each node gets its neighbours and at most localCap more: reserved
            // once, the term arrays are never copied while they grow (BA-1M:
            // 50M terms; growing by doubling copied them at 2% of the layout's CPU).
            termNode.reserveCapacity(g.edgeEntries + n * Self.localCap)
            termHops.reserveCapacity(g.edgeEntries + n * Self.localCap)
            regionsDone = true
            LayoutTrace.note("stress pivot regions counted")
            return false
        }
        // Terms, for one range of nodes: the pool's threads build pieces of
        // it side by side, appended here in node order.
        let hi = min(n, termsDone + Self.termNodesPerStep)
        let builder = termBuilder ?? LocalTerms(graph: g, pivotOf: pivotIndex, rows: pivotHops!,
                                                 pieces: 4 * pool.threadCount)
        termBuilder = builder
        builder.range = termsDone..<hi
        pool.run(builder, chunks: builder.pieces.count)
        for piece in builder.pieces {
            let base = termNode.count
            for s in piece.start { termStart.append(base + s) }
            termNode.append(contentsOf: piece.other)
            termHops.append(contentsOf: piece.hops)
        }
        termsDone = hi
        if termsDone >= n {
            termStart.append(termNode.count)
            if let rows = pivotHops {
                pivotHops = rows.nodeMajor(pivots: pivots.count, nodes: n)
                rows.deallocate()
            }
            isPrepared = true
            // The preparation's scratch is no longer needed.
            nearest = []; within = []; termBuilder = nil
        }
        return isPrepared
    }

    /// Up to `sweeps` Jacobi sweeps; one hop is `unit` long in layout
    /// coordinates. Leaves the positions with the lowest sampled stress among
    /// the start and every sweep (so smoothing never makes a layout worse by
    /// that measure). Returns the sampled stress before and after.
    @discardableResult
    func smooth(_ positions: PositionArrays, sweeps: Int, unit: Double) -> (before: Double, after: Double) {
        guard n > 2 else { return (0, 0) }
        while !prepareStep() {}
        begin(positions, sweeps: sweeps, unit: unit)
        while sweep() {}
        return finish()
    }

    // The sweeps one at a time (after preparation): begin, sweep until it
    // returns false, finish.
    private var sweepState: (limit: Int, done: Int, start: Double, best: Double, worse: Int, kept: PositionArrays)?

    /// Starts smoothing `positions` (prepared terms needed).
    func begin(_ positions: PositionArrays, sweeps: Int, unit: Double) {
        p = positions
        self.unit = unit
        let start = sampledStress(positions)
        let kept = PositionArrays(count: n, dimension: positions.dimension)
        kept.copy(from: positions)
        sweepState = (sweeps, 0, start, start, 0, kept)
    }

    /// One Jacobi sweep; false when smoothing is over (the sweeps used up,
    /// or three in a row no better than the best).
    func sweep() -> Bool {
        guard let positions = p, var st = sweepState, st.done < st.limit, st.worse < 3 else { return false }
        let chunks = n < 512 ? 1 : min(64, n / 256)
        if positions.dimension == 2 { for i in 0..<n { packed[i] = SIMD2(positions.x[i], positions.y[i]) } }
        pool.run(self, chunks: chunks)
        for i in 0..<n where nx[i].isFinite && ny[i].isFinite && nz[i].isFinite {
            positions.x[i] = nx[i]; positions.y[i] = ny[i]; positions.z[i] = nz[i]
        }
        let now = sampledStress(positions)
        if now < st.best {
            st.best = now
            st.kept.copy(from: positions)
            st.worse = 0
        } else {
            st.worse += 1
        }
        st.done += 1
        sweepState = st
        return st.done < st.limit && st.worse < 3
    }

    /// Sweeps done since `begin`.
    var sweepsDone: Int { sweepState?.done ?? 0 }

    /// Leaves the best positions seen; the sampled stress before and after.
    @discardableResult
    func finish() -> (before: Double, after: Double) {
        guard let positions = p, let st = sweepState else { return (0, 0) }
        positions.copy(from: st.kept)
        p = nil
        sweepState = nil
        return (st.start, st.best)
    }

    /// Stress over the probe rows (`ScaledStress`, the yardstick's measure),
    /// the rows shared among the pool's threads.
    func sampledStress(_ positions: PositionArrays) -> Double {
        while !isPrepared { prepareStep() }
        probes.positions = positions
        let chunks = min(probes.sources.count, 4 * pool.threadCount)
        pool.run(probes, chunks: chunks)
        probes.positions = nil
        return probes.total(chunks: chunks).value
    }

    func run(chunk: Int, of count: Int) {
        guard let p else { return }
        let lo = chunk * n / count, hi = (chunk + 1) * n / count
        let x = p.x, y = p.y, z = p.z
        let pivotCount = pivots.count
        guard let rows = pivotHops else { return }
        let narrow = rows.narrow, wide = rows.wide, rowLength = rows.nodeStride
        termStart.withUnsafeBufferPointer { termStart in
        termNode.withUnsafeBufferPointer { node in
        termHops.withUnsafeBufferPointer { hops in
        pivots.withUnsafeBufferPointer { pivots in
        pivotWeight.withUnsafeBufferPointer { pivotWeight in
        weightStart.withUnsafeBufferPointer { weightStart in
        let ox = nx, oy = ny, oz = nz
        // In 2D the packed (x, y) copy: a term's other end is one memory access.
        let two = p.dimension == 2, xy = packed
            for i in lo..<hi {
                var sx = 0.0, sy = 0.0, sz = 0.0, sw = 0.0
                let here = two ? xy[i] : .zero
                @inline(__always) func term(_ j: Int, _ h: Double, _ w: Double) {
                    if two {
                        // The 3D sums below with z ≡ 0: the same numbers, bit for bit.
                        let there = xy[j]
                        let dx = here.x - there.x, dy = here.y - there.y
                        let len = (dx * dx + dy * dy).squareRoot()
                        let f = len > 1e-12 ? h * unit / len : 0
                        sx += w * (there.x + dx * f); sy += w * (there.y + dy * f)
                        sw += w
                        return
                    }
                    let dx = x[i] - x[j], dy = y[i] - y[j], dz = z[i] - z[j]
                    let len = (dx * dx + dy * dy + dz * dz).squareRoot()
                    let want = h * unit
                    let f = len > 1e-12 ? want / len : 0
                    sx += w * (x[j] + dx * f); sy += w * (y[j] + dy * f); sz += w * (z[j] + dz * f)
                    sw += w
                }
                for t in termStart[i]..<termStart[i + 1] {
                    term(Int(node[t]), Double(hops[t]), hops[t] == 1 ? 1 : 0.25)
                }
                // Node i's hops from every pivot lie side by side (node-major rows).
                if let narrow {
                    let row = narrow + i * rowLength
                    for q in 0..<pivotCount {
                        let d = Int(row[q])
                        if d > 0 { term(pivots[q], Double(d), pivotWeight[weightStart[q] + d]) }
                    }
                } else if let wide {
                    let row = wide + i * rowLength
                    for q in 0..<pivotCount {
                        let d = Int(row[q])
                        if d > 0 { term(pivots[q], Double(d), pivotWeight[weightStart[q] + d]) }
                    }
                }
                if sw > 0 { ox[i] = sx / sw; oy[i] = sy / sw; oz[i] = sz / sw } else { ox[i] = x[i]; oy[i] = y[i]; oz[i] = z[i] }
            }
        }}}}}}
    }

    deinit {
        nx.deallocate(); ny.deallocate(); nz.deallocate(); packed.deallocate()
        pivotHops?.deallocate()
    }
}

/// Hop counts from each pivot to every node: two bytes each, four when a
/// distance might not fit in two. Built pivot-major (row q at q·n: each
/// pivot's BFS writes one row), then turned node-major for the sweeps (node
/// v's hops from every pivot side by side, at v·pivots: a sweep reads them
/// together).
private struct PivotRows {
    let pivotStride: Int, nodeStride: Int
    let narrow: UnsafeMutablePointer<UInt16>?
    let wide: UnsafeMutablePointer<UInt32>?

    init(pivots: Int, nodes: Int, maxDistance: Int) {
        self.init(pivotStride: nodes, nodeStride: 1, size: pivots * nodes, wide: maxDistance >= Int(UInt16.max))
    }

    private init(pivotStride: Int, nodeStride: Int, size: Int, wide isWide: Bool) {
        self.pivotStride = pivotStride
        self.nodeStride = nodeStride
        narrow = isWide ? nil : .allocate(capacity: max(1, size))
        wide = isWide ? .allocate(capacity: max(1, size)) : nil
    }

    @inline(__always) subscript(q: Int, v: Int) -> Int {
        get {
            let k = q * pivotStride + v * nodeStride
            return narrow.map { Int($0[k]) } ?? Int(wide![k])
        }
        nonmutating set {
            let k = q * pivotStride + v * nodeStride
            if let narrow { narrow[k] = UInt16(truncatingIfNeeded: newValue) } else { wide![k] = UInt32(newValue) }
        }
    }

    /// The first `pivots` rows of these pivot-major rows, node-major (a new
    /// buffer; this one stays until deallocated). Copied in blocks of nodes
    /// so both sides stay in cache.
    func nodeMajor(pivots: Int, nodes: Int) -> PivotRows {
        let out = PivotRows(pivotStride: 1, nodeStride: pivots, size: pivots * nodes, wide: wide != nil)
        let block = 256
        var v0 = 0
        while v0 < nodes {
            let v1 = min(nodes, v0 + block)
            for q in 0..<pivots {
                if let narrow, let to = out.narrow {
                    for v in v0..<v1 { to[v * pivots + q] = narrow[q * pivotStride + v] }
                } else if let wide, let to = out.wide {
                    for v in v0..<v1 { to[v * pivots + q] = wide[q * pivotStride + v] }
                }
            }
            v0 = v1
        }
        return out
    }

    func deallocate() { narrow?.deallocate(); wide?.deallocate() }
}

/// Builds the local terms (`SparseStress.termStart`…) of a range of nodes
/// in pieces, one per chunk of a pool run, each into its own buffers: a
/// node's terms are its neighbours, then up to `localCap` nodes two hops
/// away, each once; a pivot among them loses its pivot term with that node.
private final class LocalTerms: ParallelKernel, @unchecked Sendable {
    // Safety: chunk c writes only pieces[c] and the pivot rows' entries of
    // its own nodes; `range` is set by the layout thread between pool runs.
    final class Piece {
        /// Per node, where its terms start in `other` (relative to the piece).
        var start: [Int] = []
        var other: [Int32] = []
        var hops: [UInt8] = []
        /// seen[j] == i: node j already has a term with node i.
        let seen: UnsafeMutablePointer<Int32>
        init(nodes: Int) {
            seen = .allocate(capacity: max(1, nodes))
            seen.initialize(repeating: -1, count: max(1, nodes))
        }
        deinit { seen.deallocate() }
    }
    let graph: LayoutGraph
    let pivotOf: [Int32]
    let rows: PivotRows
    let pieces: [Piece]
    var range = 0..<0

    init(graph: LayoutGraph, pivotOf: [Int32], rows: PivotRows, pieces: Int) {
        self.graph = graph
        self.pivotOf = pivotOf
        self.rows = rows
        self.pieces = (0..<max(1, pieces)).map { _ in Piece(nodes: graph.nodeCount) }
    }

    func run(chunk c: Int, of count: Int) {
        let piece = pieces[c], seen = piece.seen, rows = self.rows
        let lo = range.lowerBound + c * range.count / count, hi = range.lowerBound + (c + 1) * range.count / count
        // Locals: a class's stored arrays are checked for exclusivity on every access.
        var start = piece.start, other = piece.other, hops = piece.hops
        piece.start = []; piece.other = []; piece.hops = []
        start.removeAll(keepingCapacity: true); other.removeAll(keepingCapacity: true)
        hops.removeAll(keepingCapacity: true)
        pivotOf.withUnsafeBufferPointer { pivotOf in
            let offsets = graph.offsets, targets = graph.targets
            // A pivot that is already one of node i's local terms gets no pivot term.
            @inline(__always) func dropPivotTerm(of i: Int, with j: Int) {
                let q = Int(pivotOf[j])
                if q >= 0 { rows[q, i] = 0 }
            }
            for i in lo..<hi {
                start.append(other.count)
                seen[i] = Int32(i)
                /// A term of node i with node j, `h` hops away, unless it has one; true if added.
                @inline(__always) func take(_ j: Int, _ h: UInt8) -> Bool {
                    guard seen[j] != Int32(i) else { return false }
                    seen[j] = Int32(i)
                    other.append(Int32(j)); hops.append(h)
                    dropPivotTerm(of: i, with: j)
                    return true
                }
                for e in offsets[i]..<offsets[i + 1] { _ = take(Int(targets[e]), 1) }
                var added = 0
                outer: for e in offsets[i]..<offsets[i + 1] {
                    let j = Int(targets[e])
                    for f in offsets[j]..<offsets[j + 1] where take(Int(targets[f]), 2) {
                        added += 1
                        if added >= SparseStress.localCap { break outer }
                    }
                }
            }
        }
        piece.start = start; piece.other = other; piece.hops = hops
    }
}

/// BFS rows from the stress probes, one source per chunk, written into one
/// buffer (row k at k·n), hop counts saturating at 255 (0 = source or unreachable).
private final class ProbeRows: ParallelKernel, @unchecked Sendable {
    // Safety: each chunk writes only its own row; `sources` and `base` are
    // set by the layout thread between pool runs.
    let graph: LayoutGraph
    let count: Int
    var sources: [Int] = []
    /// The first row a pool run fills (chunk k fills row base + k).
    var base = 0
    let hops: UnsafeMutablePointer<UInt8>
    /// While set, a pool run sums stress over the rows instead of filling
    /// them: chunk c of count takes its share of the rows into partial[c].
    var positions: PositionArrays?
    private let partial: UnsafeMutablePointer<ScaledStress>
    static let maxChunks = 64
    /// 1/d for every hop count a row holds.
    private let inverse: [Double] = (0...255).map { $0 == 0 ? 0 : 1 / Double($0) }

    init(_ g: LayoutGraph, count: Int) {
        graph = g
        self.count = count
        let size = max(1, count * g.nodeCount)
        hops = .allocate(capacity: size)
        hops.initialize(repeating: 0, count: size)
        partial = .allocate(capacity: Self.maxChunks)
        partial.initialize(repeating: ScaledStress(), count: Self.maxChunks)
    }

    /// The partial sums of the last stress run's `chunks` chunks, together.
    func total(chunks: Int) -> ScaledStress {
        var s = ScaledStress()
        for c in 0..<min(chunks, Self.maxChunks) { s.merge(partial[c]) }
        return s
    }

    func run(chunk c: Int, of count: Int) {
        if let p = positions { stress(p, chunk: c, of: count); return }
        let k = base + c
        let n = graph.nodeCount
        var d = [Int32](repeating: -1, count: n)
        var queue = [Int32](repeating: 0, count: n)
        graph.hopDistances(from: sources[k], into: &d, queue: &queue)
        let row = hops + k * n
        for v in 0..<n { row[v] = UInt8(clamping: max(d[v], 0)) }
    }

    private func stress(_ p: PositionArrays, chunk c: Int, of count: Int) {
        guard c < Self.maxChunks else { return }
        let n = graph.nodeCount, x = p.x, y = p.y, z = p.z
        var scaled = ScaledStress()
        inverse.withUnsafeBufferPointer { inv in
            for k in c * sources.count / count..<(c + 1) * sources.count / count {
                let source = sources[k], row = hops + k * n
                let sx = x[source], sy = y[source], sz = z[source]
                for v in 0..<n {
                    let d = Int(row[v])
                    guard d > 0 else { continue }   // the source itself, or unreachable
                    let dx = x[v] - sx, dy = y[v] - sy, dz = z[v] - sz
                    scaled.add(layout: (dx * dx + dy * dy + dz * dz).squareRoot(), inverseHops: inv[d])
                }
            }
        }
        partial[c] = scaled
    }

    deinit { hops.deallocate(); partial.deallocate() }
}
