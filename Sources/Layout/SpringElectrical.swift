// The spring–electrical model of Fruchterman and Reingold (1991): repulsion
// C·K²/d between all pairs, attraction d²/K along edges, K the natural edge
// length. Two ways to choose the step: FR's cooling temperature (a cap on
// each move that shrinks geometrically), or Hu's adaptive step (2005): move
// every node `step` along its force, grow the step after five steps of
// falling energy and shrink it when energy rises. Repulsion comes from the
// Barnes–Hut tree or, in FR's grid variant, from pairs closer than 2K.

/// Fruchterman–Reingold forces with FR cooling or Hu's adaptive step.
final class SpringElectrical: IterativeLayout, ParallelKernel, @unchecked Sendable {
    // Safety: used by one layout thread; pool workers touch disjoint node ranges.
    enum Schedule { case cooling, adaptive }

    let graph: LayoutGraph
    let pool: WorkerPool
    let schedule: Schedule
    /// Natural edge length.
    let k: Double
    /// Repulsion strength C (Hu uses 0.2; FR 1).
    let strength: Double
    private let tree = BarnesHutTree()
    /// One per chunk of a pool run: the group walk's interaction lists.
    private let scratches = (0..<SpringElectrical.maxChunks).map { _ in BarnesHutTree.GroupScratch() }
    static let maxChunks = 64
    private let grid = RepulsionGrid()
    private let n: Int
    private let fx, fy, fz, moved: UnsafeMutablePointer<Double>
    /// In 2D, this step's positions packed (x, y) per node: an edge's far end
    /// is then one memory access, not three (x, y and an unused z).
    private let xy: UnsafeMutablePointer<SIMD2<Double>>
    private(set) var step: Double
    private var energy = Double.infinity
    private var progress = 0
    private var quietSteps = 0
    let initialStep: Double

    private var p: PositionArrays?
    private var params = LayoutParameters()
    private var phase = 0

    init(graph: LayoutGraph, pool: WorkerPool, schedule: Schedule, k: Double = 1, strength: Double? = nil,
         initialStep: Double? = nil) {
        self.graph = graph
        self.pool = pool
        self.schedule = schedule
        self.k = k
        self.strength = strength ?? (schedule == .adaptive ? 0.2 : 1)
        n = graph.nodeCount
        let c = max(1, n)
        func buffer() -> UnsafeMutablePointer<Double> {
            let b = UnsafeMutablePointer<Double>.allocate(capacity: c)
            b.initialize(repeating: 0, count: c)
            return b
        }
        fx = buffer(); fy = buffer(); fz = buffer(); moved = buffer()
        xy = .allocate(capacity: c)
        xy.initialize(repeating: .zero, count: c)
        self.initialStep = initialStep ?? (schedule == .adaptive ? k : k * max(1, Double(c).squareRoot()) * 0.1)
        step = self.initialStep
    }

    func reset() { step = initialStep; energy = .infinity; progress = 0; quietSteps = 0 }

    func step(_ positions: PositionArrays, parameters: LayoutParameters) -> StepReport {
        guard n > 0 else { return StepReport(globalSpeed: 0, meanMove: 0, converged: true) }
        p = positions
        params = parameters
        if parameters.repulsion == .grid { grid.build(positions, cell: 2 * k) } else { tree.build(positions, masses: nil, pool: pool) }
        let chunks = n < 512 ? 1 : min(Self.maxChunks, n / 256)
        if positions.dimension == 2 { for i in 0..<n { xy[i] = SIMD2(positions.x[i], positions.y[i]) } }
        phase = 0
        pool.run(self, chunks: parameters.repulsion == .grid ? chunks : min(chunks, max(1, tree.groupCount)))
        var e = 0.0
        for i in 0..<n { e += fx[i] * fx[i] + fy[i] * fy[i] + fz[i] * fz[i] }
        phase = 1
        pool.run(self, chunks: chunks)
        var total = 0.0
        for i in 0..<n { total += moved[i] }
        let meanMove = total / Double(n)
        let usedStep = step
        switch schedule {
        case .cooling:
            step *= parameters.cooling
        case .adaptive:
            // Hu's update with t = 0.9.
            if e < energy {
                progress += 1
                if progress >= 5 { progress = 0; step /= 0.9 }
            } else {
                progress = 0; step *= 0.9
            }
            energy = e
        }
        let tol = parameters.convergenceTolerance * k
        quietSteps = meanMove < tol ? quietSteps + 1 : 0
        p = nil
        return StepReport(globalSpeed: usedStep, meanMove: meanMove,
                          converged: quietSteps >= 2 || step < tol * 0.01 || n == 1)
    }

    func run(chunk: Int, of count: Int) {
        if phase == 1 { move(chunk * n / count, (chunk + 1) * n / count); return }
        guard let p else { return }
        // Locals: class properties would pay an exclusivity check per node.
        let x = p.x, y = p.y, z = p.z
        let c = strength * k * k, g = params.frGravity * k, two = p.dimension == 2
        if params.repulsion == .grid {
            for i in chunk * n / count..<(chunk + 1) * n / count {
                forces(on: i, grid.repulsion(on: i, radius: 2 * k), x, y, z, c, g, two)
            }
        } else {
            // Barnes–Hut by groups of nearby points, one tree walk each, in tree order.
            let groups = tree.groupCount, order = tree.order, scratch = scratches[chunk]
            let theta2 = params.theta * params.theta
            for group in chunk * groups / count..<(chunk + 1) * groups / count {
                let range = tree.groupRepulsion(group, theta2: theta2, scratch: scratch, rx: fx, ry: fy, rz: fz)
                for q in range {
                    let i = Int(order[q])
                    forces(on: i, (fx[i], fy[i], fz[i]), x, y, z, c, g, two)
                }
            }
        }
    }

    /// Node i's force into (fx, fy, fz)[i]: repulsion `r` (Σ (p_i − p_j)/|p_i − p_j|²,
    /// Barnes–Hut or grid) times c, attraction d²/K along its edges, gravity g.
    @inline(__always) private func forces(on i: Int, _ r: (Double, Double, Double), _ x: UnsafeMutablePointer<Double>,
                                          _ y: UnsafeMutablePointer<Double>, _ z: UnsafeMutablePointer<Double>,
                                          _ c: Double, _ g: Double, _ two: Bool) {
        var gx = c * r.0, gy = c * r.1, gz = c * r.2
        let offsets = graph.offsets, targets = graph.targets
        if two {
            // Two edges at a time into two sums that do not wait on each
            // other (the compiler still takes the two square roots one by
            // one). Coarse levels of a scale-free graph keep millions of
            // merged edges on a few thousand nodes: this loop was a quarter
            // of BA-1M's layout time under perf.
            let xy = self.xy, here = xy[i], invK = 1 / k
            var a0 = SIMD2<Double>.zero, a1 = SIMD2<Double>.zero
            var e = offsets[i]
            let end = offsets[i + 1]
            while e + 1 < end {
                let u = xy[Int(targets[e])] - here, v = xy[Int(targets[e + 1])] - here
                let uu = u * u, vv = v * v
                let f = SIMD2(uu.x + uu.y, vv.x + vv.y).squareRoot() * invK   // d²/K along the unit vector
                a0 += u * f.x; a1 += v * f.y
                e += 2
            }
            if e < end {
                let u = xy[Int(targets[e])] - here
                a0 += u * ((u * u).sum().squareRoot() * invK)
            }
            let a = a0 + a1
            gx += a.x; gy += a.y
        } else {
            for e in offsets[i]..<offsets[i + 1] {
                let j = Int(targets[e])
                let dx = x[j] - x[i], dy = y[j] - y[i], dz = z[j] - z[i]
                let d = (dx * dx + dy * dy + dz * dz).squareRoot()
                let f = d / k   // d²/K along the unit vector
                gx += dx * f; gy += dy * f; gz += dz * f
            }
        }
        if g > 0 {
            let dist = (x[i] * x[i] + y[i] * y[i] + z[i] * z[i]).squareRoot()
            if dist > 0 { gx -= x[i] / dist * g; gy -= y[i] / dist * g; gz -= z[i] / dist * g }
        }
        if !(gx.isFinite && gy.isFinite && gz.isFinite) { gx = 0; gy = 0; gz = 0 }
        fx[i] = gx; fy[i] = gy; fz[i] = gz
    }

    private func move(_ lo: Int, _ hi: Int) {
        guard let p else { return }
        let three = p.dimension == 3
        let s = step
        for i in lo..<hi {
            let f = (fx[i] * fx[i] + fy[i] * fy[i] + (three ? fz[i] * fz[i] : 0)).squareRoot()
            guard f > 0 else { moved[i] = 0; continue }
            let len = schedule == .adaptive ? s : min(f, s)
            let dx = fx[i] / f * len, dy = fy[i] / f * len, dz = three ? fz[i] / f * len : 0
            let nx = p.x[i] + dx, ny = p.y[i] + dy, nz = p.z[i] + dz
            if nx.isFinite && ny.isFinite && nz.isFinite {
                p.x[i] = nx; p.y[i] = ny; p.z[i] = nz
                moved[i] = len
            } else {
                moved[i] = 0
            }
        }
    }

    deinit { for b in [fx, fy, fz, moved] { b.deallocate() }; xy.deallocate() }
}
