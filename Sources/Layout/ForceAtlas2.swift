// ForceAtlas2 as Jacomy, Venturini, Heymann and Bastian describe it (PLoS ONE
// 9(6), 2014): repulsion k_r·m1·m2/d between all pairs (m = degree + 1) by
// Barnes–Hut, attraction d (or log(1+d)) along edges, gravity, and the
// adaptive speed: global speed τ·traction/swinging, rising at most 50% a
// step, local speed k_s·s/(1 + s·√swinging(n)) capped by k_smax/|F(n)|.

/// One step of ForceAtlas2 on fixed buffers; reuse across steps.
final class ForceAtlas2: IterativeLayout, ParallelKernel, @unchecked Sendable {
    // Safety: used by one layout thread; pool workers touch disjoint node ranges.
    let graph: LayoutGraph
    let pool: WorkerPool
    private let tree = BarnesHutTree()
    private let n: Int
    private let mass: UnsafeMutablePointer<Double>
    private let sizes: UnsafeMutablePointer<Double>
    private let fx, fy, fz, ox, oy, oz: UnsafeMutablePointer<Double>
    /// Per node: swinging, traction, edge length sum, move length.
    private let swing, traction, edgeLen, moved: UnsafeMutablePointer<Double>
    private var hasOld = false
    private(set) var globalSpeed = 1.0
    private var speedEfficiency = 1.0
    private var quietSteps = 0
    private var customSizes = false

    // Per-step inputs read by the kernel.
    private var p: PositionArrays?
    private var params = LayoutParameters()
    private var phase = 0
    private var stepSpeed = 0.0

    static let localSpeedFactor = 0.1   // k_s
    static let maxLocalSpeed = 10.0     // k_smax
    static let maxSpeedRise = 0.5       // 50% per step
    static let minSpeedEfficiency = 0.05

    init(graph: LayoutGraph, pool: WorkerPool) {
        self.graph = graph
        self.pool = pool
        n = graph.nodeCount
        let c = max(1, n)
        func buffer() -> UnsafeMutablePointer<Double> {
            let b = UnsafeMutablePointer<Double>.allocate(capacity: c)
            b.initialize(repeating: 0, count: c)
            return b
        }
        mass = buffer(); sizes = buffer()
        fx = buffer(); fy = buffer(); fz = buffer(); ox = buffer(); oy = buffer(); oz = buffer()
        swing = buffer(); traction = buffer(); edgeLen = buffer(); moved = buffer()
        for i in 0..<n { mass[i] = Double(graph.degree(i) + 1) }
    }

    /// Per-node radii for preventOverlap (nil: every node `nodeSize`).
    func setNodeSizes(_ s: [Double]?) {
        customSizes = s != nil
        if let s { for i in 0..<n { sizes[i] = i < s.count && s[i].isFinite ? max(0, s[i]) : 0 } }
    }

    func reset() {
        hasOld = false; globalSpeed = 1; speedEfficiency = 1; quietSteps = 0
    }

    func step(_ positions: PositionArrays, parameters: LayoutParameters) -> StepReport {
        guard n > 0 else { return StepReport(globalSpeed: 0, meanMove: 0, converged: true) }
        p = positions
        params = parameters
        if !customSizes { for i in 0..<n { sizes[i] = parameters.nodeSize } }
        tree.build(positions, masses: mass, pool: pool)
        let chunks = n < 512 ? 1 : min(64, n / 256)
        phase = 0
        pool.run(self, chunks: chunks)

        // Sums in node order, so two threads give the same result as one.
        var totalSwing = 0.0, totalTraction = 0.0, totalEdge = 0.0
        for i in 0..<n {
            totalSwing += swing[i]; totalTraction += traction[i]; totalEdge += edgeLen[i]
        }
        // The global speed as Gephi's ForceAtlas2 (and its ports) adapt it:
        // a jitter tolerance scaled to the graph's size, the speed efficiency
        // halved on heavy swinging, cut when swinging exceeds the tolerance,
        // raised by 30% otherwise; the speed rises by at most 50% a step.
        let estimated = 0.05 * Double(n).squareRoot()
        var jt = parameters.jitterTolerance
            * max(estimated.squareRoot(), min(10, estimated * totalTraction / (Double(n) * Double(n))))
        if totalTraction > 0 && totalSwing / totalTraction > 2 {
            if speedEfficiency > Self.minSpeedEfficiency { speedEfficiency *= 0.5 }
            jt = max(jt, parameters.jitterTolerance)
        }
        let target = totalSwing > 0 ? jt * speedEfficiency * totalTraction / totalSwing : Double.infinity
        if totalSwing > jt * totalTraction {
            if speedEfficiency > Self.minSpeedEfficiency { speedEfficiency *= 0.7 }
        } else if globalSpeed < 1000 {
            speedEfficiency *= 1.3
        }
        let next = globalSpeed + min(target - globalSpeed, Self.maxSpeedRise * globalSpeed)
        if next.isFinite && next > 0 { globalSpeed = next }
        stepSpeed = globalSpeed
        phase = 1
        pool.run(self, chunks: chunks)
        hasOld = true

        var totalMove = 0.0
        for i in 0..<n { totalMove += moved[i] }
        let meanMove = totalMove / Double(n)
        let meanEdge = graph.edgeEntries > 0 ? totalEdge / Double(graph.edgeEntries) : parameters.scaling.squareRoot()
        quietSteps = meanMove < parameters.convergenceTolerance * max(meanEdge, 1e-9) ? quietSteps + 1 : 0
        p = nil
        return StepReport(globalSpeed: globalSpeed, meanMove: meanMove, converged: quietSteps >= 3 || n == 1)
    }

    func run(chunk: Int, of count: Int) {
        let lo = chunk * n / count, hi = (chunk + 1) * n / count
        if phase == 0 { forces(lo, hi) } else { move(lo, hi) }
    }

    private func forces(_ lo: Int, _ hi: Int) {
        guard let p else { return }
        let kr = params.scaling, kg = params.gravity, theta2 = params.theta * params.theta
        let overlap = params.preventOverlap, linLog = params.linLog, delta = params.edgeWeightInfluence
        let strong = params.strongGravity, dissuade = params.dissuadeHubs, hasOld = self.hasOld
        let x = p.x, y = p.y, z = p.z
        let order = tree.order
        for q in lo..<hi {
            let i = Int(order[q])
            let mi = mass[i]
            let r = tree.repulsion(on: i, theta2: theta2, sizes: overlap ? sizes : nil)
            var gx = kr * mi * r.0, gy = kr * mi * r.1, gz = kr * mi * r.2
            // Gravity towards the origin.
            let dist = (x[i] * x[i] + y[i] * y[i] + z[i] * z[i]).squareRoot()
            if dist > 0 {
                let g = strong ? kg * mi : kg * mi / dist
                gx -= x[i] * g; gy -= y[i] * g; gz -= z[i] * g
            }
            // Attraction along edges.
            let hub = dissuade ? 1 / mi : 1
            var lengths = 0.0
            for k in graph.offsets[i]..<graph.offsets[i + 1] {
                let j = Int(graph.targets[k])
                let dx = x[j] - x[i], dy = y[j] - y[i], dz = z[j] - z[i]
                let d = (dx * dx + dy * dy + dz * dz).squareRoot()
                lengths += d
                guard d > 0 else { continue }
                let w = delta == 0 ? 1 : (delta == 1 ? graph.weights[k] : libmPow(graph.weights[k], delta))
                var reach = d
                if overlap { reach = d - sizes[i] - sizes[j]; if reach <= 0 { continue } }
                let f = (linLog ? libmLog1p(reach) : reach) * w * hub / d
                gx += dx * f; gy += dy * f; gz += dz * f
            }
            edgeLen[i] = lengths
            if !(gx.isFinite && gy.isFinite && gz.isFinite) { gx = 0; gy = 0; gz = 0 }
            fx[i] = gx; fy[i] = gy; fz[i] = gz
            // Swinging and traction weighted by mass (the previous force is zero at the first step).
            let px = hasOld ? ox[i] : 0, py = hasOld ? oy[i] : 0, pz = hasOld ? oz[i] : 0
            let sx = gx - px, sy = gy - py, sz = gz - pz
            swing[i] = mi * (sx * sx + sy * sy + sz * sz).squareRoot()
            let tx = gx + px, ty = gy + py, tz = gz + pz
            traction[i] = mi * (tx * tx + ty * ty + tz * tz).squareRoot() * 0.5
        }
    }

    private func move(_ lo: Int, _ hi: Int) {
        guard let p else { return }
        let s = stepSpeed
        let three = p.dimension == 3
        let overlap = params.preventOverlap
        for i in lo..<hi {
            // Each node's own speed: the global one, less where it swings.
            var local = s / (1 + (s * swing[i]).squareRoot())
            if overlap {
                // With overlap prevention moves are damped and capped (as Gephi does).
                let f = (fx[i] * fx[i] + fy[i] * fy[i] + fz[i] * fz[i]).squareRoot()
                local *= Self.localSpeedFactor
                if f > 0 { local = min(local * f, Self.maxLocalSpeed) / f }
            }
            let dx = fx[i] * local, dy = fy[i] * local, dz = three ? fz[i] * local : 0
            let nx = p.x[i] + dx, ny = p.y[i] + dy, nz = p.z[i] + dz
            // Guard: a non-finite move leaves the node where it was.
            if nx.isFinite && ny.isFinite && nz.isFinite {
                p.x[i] = nx; p.y[i] = ny; p.z[i] = nz
                moved[i] = (dx * dx + dy * dy + dz * dz).squareRoot()
            } else {
                moved[i] = 0
            }
            ox[i] = fx[i]; oy[i] = fy[i]; oz[i] = fz[i]
        }
    }

    deinit {
        for b in [mass, sizes, fx, fy, fz, ox, oy, oz, swing, traction, edgeLen, moved] { b.deallocate() }
    }
}
