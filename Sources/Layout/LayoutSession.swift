import TangleBasics
import GraphCore

// One layout in progress: the graph in layout form, the positions, the chosen
// algorithm's engine and the worker pool. Not thread-safe: the CLI drives it
// directly, LayoutRunner from its own thread.

/// A layout being computed step by step.
final class LayoutSession {
    let graph: LayoutGraph
    private(set) var positions: PositionArrays
    private(set) var parameters: LayoutParameters
    private(set) var algorithm: LayoutAlgorithm
    private(set) var iteration = 0
    private(set) var globalSpeed = 0.0
    private(set) var converged = false
    private var pool: WorkerPool
    private var engine: IterativeLayout?
    private var nodeSizes: [Double]?
    private let initial: LayoutPositions?
    /// The multilevel layout in progress (it runs over many `step()`s).
    private var multilevel: MultilevelProgress?
    /// Where the last multilevel layout ended (its progress, for the panel).
    private var finishedProgress: LayoutProgress?
    /// Seconds of work one `step()` of the multilevel layout does (nil: all
    /// of it at once, as the command line wants).
    var multilevelSlice: Double? = 0.03
    /// Asked between a multilevel step's pieces: true ends the step early
    /// (a frame wants the cores, a command waits).
    var shouldYield: (() -> Bool)?
    /// The positions are a random start nothing has laid out yet (not worth
    /// showing as a layout: a person would see a solid square).
    private(set) var provisional = false
    private var startIsRandom = false
    /// Where reset() goes back to: `initial`, or the first random placement.
    private var start: LayoutPositions?

    /// Starts from `initial` when given (its count must match), else from
    /// a random placement by `parameters.seed`.
    init(graph g: Graph, algorithm: LayoutAlgorithm, parameters: LayoutParameters,
         initial: LayoutPositions? = nil) throws {
        try parameters.validate()
        if let initial, initial.count != g.nodeCount {
            throw GraphError("positions give \(initial.count) nodes, the graph has \(g.nodeCount)")
        }
        graph = LayoutGraph(g)
        self.parameters = parameters
        self.algorithm = algorithm
        self.initial = initial
        pool = WorkerPool(threads: parameters.threads)
        positions = PositionArrays(count: g.nodeCount, dimension: parameters.dimension)
        placeInitial()
    }

    deinit { pool.shutdown() }

    /// Niceness of the force threads (see `LayoutRunner.start`): the pool's.
    var niceness: Int32 {
        get { pool.niceness.load(ordering: .relaxed) }
        set { pool.niceness.store(newValue, ordering: .relaxed) }
    }

    private func placeInitial() {
        if let start, start.dimension == positions.dimension {
            positions.load(start)
        } else if let initial {
            positions.load(initial)
            if positions.dimension == 3 && initial.dimension == 2 { addDepth() }
            startIsRandom = false
        } else {
            SimpleLayouts.random(positions, seed: parameters.seed,
                                 spacing: algorithm == .forceAtlas2 ? parameters.scaling.squareRoot() : 1)
            startIsRandom = algorithm != .random
        }
        provisional = startIsRandom
        iteration = 0; converged = false; globalSpeed = 0
        multilevel = nil; finishedProgress = nil
        engine?.reset()
        start = positions.positions
    }

    /// Gives a flat layout a little depth so 3D forces can use the third axis.
    private func addDepth() {
        var rng = SplitMix64(layoutSeed: parameters.seed ^ 0xD3)
        let r = max(positions.radius(), 1) * 0.05
        for i in 0..<positions.count { positions.z[i] = rng.signed() * r }
    }

    /// Lets a converged layout take more steps (after a change).
    func clearConverged() { converged = false; engine?.reset(); multilevel = nil }

    /// Where the multilevel layout stands (nil for the other algorithms).
    var progress: LayoutProgress? {
        guard algorithm == .multilevel else { return nil }
        return multilevel?.progress ?? finishedProgress
    }

    /// Brings `positions` up to date with a multilevel layout in progress
    /// (a coarse level spread over every node); call before reading them.
    func prepareSnapshot() {
        if let m = multilevel, m.show() { provisional = false }
    }

    /// Back to the starting positions, forgetting speed history.
    func reset() { placeInitial() }

    /// Keeps positions; the next step uses `a`.
    func setAlgorithm(_ a: LayoutAlgorithm) {
        guard a != algorithm else { return }
        algorithm = a
        engine = nil
        multilevel = nil
        converged = false
    }

    /// Validates and applies; a new dimension keeps x and y.
    func setParameters(_ p: LayoutParameters) throws {
        try p.validate()
        let old = parameters
        parameters = p
        if p.threads != old.threads {
            let kept = niceness
            pool.shutdown()
            pool = WorkerPool(threads: p.threads)
            niceness = kept
            engine = nil
        }
        if p.dimension != old.dimension {
            let moved = PositionArrays(count: positions.count, dimension: p.dimension)
            moved.load(positions.positions)
            positions = moved
            if p.dimension == 3 { addDepth() }
            engine = nil
        }
        if p.repulsion != old.repulsion || p.multilevelThreshold != old.multilevelThreshold { engine?.reset() }
        if p != old { multilevel = nil }
        converged = false
    }

    /// Node radii for ForceAtlas2's preventOverlap (nil: parameters.nodeSize).
    func setNodeSizes(_ sizes: [Double]?) {
        nodeSizes = sizes
        (engine as? ForceAtlas2)?.setNodeSizes(sizes)
        converged = false
    }

    /// Replaces the positions (same node count), e.g. from a file.
    func setPositions(_ p: LayoutPositions) throws {
        guard p.count == positions.count else {
            throw GraphError("positions give \(p.count) nodes, the graph has \(positions.count)")
        }
        positions.load(p)
        engine?.reset()
        multilevel = nil
        provisional = false
        converged = false
    }

    /// One step of the current algorithm (a whole placement for the one-shot
    /// ones; for multilevel, `multilevelSlice` seconds of it, converged when
    /// it is finished).
    func step() {
        let p = positions
        switch algorithm {
        case .forceAtlas2, .fruchtermanReingold:
            let e = engine ?? makeEngine()
            engine = e
            let report = e.step(p, parameters: parameters)
            globalSpeed = report.globalSpeed
            converged = report.converged
            provisional = false
        case .multilevel:
            let m = multilevel ?? MultilevelProgress(graph, into: p, parameters: parameters, pool: pool)
            multilevel = m
            let before = m.steps
            if m.advance(for: multilevelSlice, yield: shouldYield) {
                finishedProgress = m.progress
                multilevel = nil
                converged = true
                provisional = false
            }
            // The multilevel's own steps (a refinement step, a sweep…) count as iterations.
            iteration += max(1, m.steps - before) - 1
        case .spectral:
            provisional = false
            ComponentLayout.run(graph, p) { g, sp in SpectralLayout.place(g, into: sp, seed: parameters.seed) }
            converged = true
        case .circular:
            provisional = false
            ComponentLayout.run(graph, p) { g, sp in
                SimpleLayouts.circular(sp, nodes: (0..<g.nodeCount).map { Int32($0) })
            }
            converged = true
        case .random:
            SimpleLayouts.random(p, seed: parameters.seed &+ UInt64(iteration))
            converged = true
        }
        iteration += 1
    }

    private func makeEngine() -> IterativeLayout {
        if algorithm == .forceAtlas2 {
            let fa2 = ForceAtlas2(graph: graph, pool: pool)
            fa2.setNodeSizes(nodeSizes)
            return fa2
        }
        return SpringElectrical(graph: graph, pool: pool, schedule: .cooling, k: 1)
    }
}
