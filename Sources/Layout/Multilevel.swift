import TangleBasics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The multilevel scheme of Walshaw (2000) and Hu (2005), as sfdp and
// graph-tool use it: coarsen until a few dozen nodes remain, lay out the
// coarsest graph, then prolong (each node starts at its cluster's place,
// scaled up so density stays constant) and refine with the spring–electrical
// model, Barnes–Hut repulsion and Hu's adaptive step, level by level.

enum Multilevel {
    /// Stop coarsening at this many nodes.
    static let coarsestSize = 40
    /// Refinement steps per level below the coarsest (the stress smoothing
    /// finishes the job, so the spring–electrical steps need not converge).
    static let fineIterations = 30
    /// Sparse stress: sweeps and pivots. More sweeps square grids a little
    /// more but drift scale-free graphs from their stress optimum.
    static let stressSweeps = 10
    static let stressPivots = 100
    /// Above this many nodes, coarser levels get more refinement steps:
    /// fineIterations·√(n/n_level), at most coarseIterationCap. Their steps
    /// are cheap and settle the global shape that the finest level cannot
    /// move in 30 steps (BA-100k: stress 0.1825 → 0.1798 for 1.7× the
    /// refinement work; at 10k the gain is within noise, so small graphs
    /// keep the flat schedule).
    static let growingScheduleAbove = 50_000
    /// ...and up to this many: above it the coarse levels (a few thousand
    /// nodes with millions of merged edges) cost more than they give. BA
    /// m = 5, stress by layout_quality.py's definition, seeds 0–2: 200k
    /// 0.1864 growing / 0.1819 flat (20.4 / 12.7 s); 1M 0.1852 / 0.1820
    /// (156 / 109 s). BA-200k m = 3: 0.1868 / 0.1863; BA-100k m = 3
    /// (layout_bench's): 0.1795 / 0.1819, so it keeps the growing schedule.
    static let growingScheduleUpTo = 150_000
    static let coarseIterationCap = 300
    /// Levels above this many nodes are refined relabeled in the spatial
    /// order of their starting positions (`SpatialOrder`): an edge's far end
    /// and a tree leaf's points are then mostly in nearby memory. BA-1M,
    /// level 0: a refinement step reads 10M edge ends, in random order otherwise.
    static let relabelAbove = 50_000

    /// Lays out one connected graph into `p` (same node count), in one go.
    static func layout(_ g: LayoutGraph, into p: PositionArrays, parameters: LayoutParameters, pool: WorkerPool) {
        let run = MultilevelRun(g, into: p, parameters: parameters, pool: pool)
        while !run.advance() {}
    }
}

/// The multilevel layout of one connected graph as a sequence of short
/// steps, so a layout thread can show it forming and take commands between
/// them: coarsening one level, one refinement step of one level, one piece
/// of the stress terms, one stress sweep. Running every step gives exactly
/// what `Multilevel.layout` gives (it is this, run to the end).
final class MultilevelRun {
    enum Stage: Equatable { case coarsening, refining, measuring, preparing, sweeping, finished }

    let graph: LayoutGraph
    let output: PositionArrays
    let parameters: LayoutParameters
    let pool: WorkerPool
    private(set) var stage = Stage.coarsening
    /// levels[0] is `graph`; the last is the coarsest. A level is let go
    /// (an empty graph in its place) once the next finer one is refined:
    /// a million-node graph's coarse levels hold millions of merged edges each.
    private(set) var levels: [LayoutGraph]
    /// Every level's node count, kept when the level is let go.
    private var sizes: [Int] = []
    private var parents: [[Int32]] = []
    private var seed: UInt64
    private var rng: SplitMix64
    /// Positions of levels[level] while refining.
    private var current: PositionArrays?
    /// The level being refined (levels.count - 1 is the coarsest); -1 before.
    private(set) var level = -1
    private var engine: SpringElectrical?
    private var refineParameters: LayoutParameters
    /// Steps taken and allowed at this level, or sweeps / preparation steps.
    private(set) var stageStep = 0
    private(set) var stageSteps = 0
    private var stress: SparseStress?
    private var unit = 0.0
    /// Estimated work done and in all (arbitrary units, for the fraction done).
    private(set) var workDone = 0.0
    private var workTotal = 0.0
    /// Level-0 node → its cluster at `mapLevel` (for showing a coarse level).
    private var clusterMap: [Int32] = []
    private var mapLevel = 0
    /// While the level being refined is relabeled: node u of that level is
    /// `current`'s entry rank[u]. Empty when it is not relabeled.
    private var rank: [Int32] = []

    /// Where node u of the level being refined is in `current`.
    @inline(__always) private func at(_ u: Int) -> Int { rank.isEmpty ? u : Int(rank[u]) }

    /// The finest level's positions, relabeled as `current` holds them, back
    /// in `graph`'s node order.
    private func writeFinest(_ current: PositionArrays, into p: PositionArrays) {
        for u in 0..<graph.nodeCount {
            let i = at(u)
            p.x[u] = current.x[i]; p.y[u] = current.y[i]; p.z[u] = current.z[i]
        }
    }

    /// Levels above this many nodes are refined relabeled (`Multilevel.relabelAbove`).
    let relabelAbove: Int

    init(_ g: LayoutGraph, into p: PositionArrays, parameters: LayoutParameters, pool: WorkerPool,
         relabelAbove: Int = Multilevel.relabelAbove) {
        graph = g
        output = p
        self.relabelAbove = relabelAbove
        self.parameters = parameters
        self.pool = pool
        levels = [g]
        seed = parameters.seed
        rng = SplitMix64(layoutSeed: parameters.seed ^ 0x5EED)
        var params = parameters
        params.frGravity = 0
        params.repulsion = .barnesHut
        refineParameters = params
        workTotal = Self.estimate(levels: [g.nodeCount], coarsening: true)
    }

    var isFinished: Bool { stage == .finished }
    /// Some positions exist (the coarsest level is placed).
    var hasPlacement: Bool { level >= 0 }
    var fraction: Double { workTotal > 0 ? min(1, workDone / workTotal) : 0 }

    // The fraction done is counted in units of one refinement step's work
    // at a level of n nodes, n·log₂ n (Barnes–Hut). Measured on BA-100k
    // (stage times under load, 28 s in all): coarsening all levels costs
    // about 2 steps of the finest level, building the stress terms 13, and
    // each stress sweep 0.65; refinement steps fit n·log₂ n within ~30%.
    private static func stepWork(_ n: Int) -> Double { Double(n) * log2(Double(n) + 2) }
    private static let coarseningSteps = 2.0, preparationSteps = 13.0, sweepSteps = 0.65

    private static func estimate(levels: [Int], coarsening: Bool) -> Double {
        let unit = stepWork(levels[0])
        var w = coarsening ? coarseningSteps * unit : 0
        for (l, size) in levels.enumerated() {
            w += Double(iterationsAt(level: l, sizes: levels)) * stepWork(size)
        }
        return w + preparationSteps * unit + sweepWork(levels[0])
    }

    private static func sweepWork(_ n: Int) -> Double { Double(Multilevel.stressSweeps) * sweepSteps * stepWork(n) }

    private static func iterationsAt(level l: Int, sizes: [Int]) -> Int {
        if l == sizes.count - 1 { return 300 }
        var iterations = Multilevel.fineIterations
        if sizes[0] > Multilevel.growingScheduleAbove && sizes[0] <= Multilevel.growingScheduleUpTo {
            let grown = Double(Multilevel.fineIterations) * (Double(sizes[0]) / Double(sizes[l])).squareRoot()
            iterations = min(Multilevel.coarseIterationCap, Int(grown))
        }
        return iterations
    }

    /// One short step; true when the layout is finished.
    @discardableResult
    func advance() -> Bool {
        switch stage {
        case .coarsening:
            if let last = levels.last, last.nodeCount > Multilevel.coarsestSize,
               let (coarse, parent) = Coarsening.coarsen(last, seed: seed, pool: pool) {
                LayoutTrace.note("coarsened \(last.nodeCount) to \(coarse.nodeCount) nodes")
                levels.append(coarse)
                parents.append(parent)
                seed = seed &+ 1
                // Levels shrink geometrically: each is about its share of the two steps' worth.
                workDone = min(workDone + Self.stepWork(last.nodeCount), Self.coarseningSteps * Self.stepWork(graph.nodeCount))
                return false
            }
            // Coarsened: the work is known now; place the coarsest level.
            sizes = levels.map(\.nodeCount)
            workDone = Self.coarseningSteps * Self.stepWork(graph.nodeCount)
            workTotal = workDone + Self.estimate(levels: sizes, coarsening: false)
            let coarsest = levels.count - 1
            let c = PositionArrays(count: levels[coarsest].nodeCount, dimension: output.dimension)
            SimpleLayouts.random(c, seed: parameters.seed)
            current = c
            begin(level: coarsest)
            stage = .refining
            return false
        case .refining:
            guard let engine, let current else { stage = .finished; return true }
            let converged = engine.step(current, parameters: refineParameters).converged
            stageStep += 1
            let g = levels[level]
            workDone += Self.stepWork(g.nodeCount)
            guard converged || stageStep >= stageSteps else { return false }
            // The rest of this level's budgeted steps count as done.
            workDone += Double(stageSteps - stageStep) * Self.stepWork(g.nodeCount)
            if level == 0 {
                if !rank.isEmpty {
                    writeFinest(current, into: output)
                    rank = []
                } else if levels.count == 1 {
                    output.copy(from: current)
                }
                self.engine = nil
                stage = .measuring
            } else {
                prolong()
            }
            return false
        case .measuring:
            LayoutTrace.note("measuring (level 0 took \(stageStep) steps)")
            // Final smoothing by sparse stress, one hop = the mean edge length.
            let g = graph, p = output
            var total = 0.0
            for u in 0..<g.nodeCount {
                for k in g.offsets[u]..<g.offsets[u + 1] {
                    let v = Int(g.targets[k])
                    let dx = p.x[u] - p.x[v], dy = p.y[u] - p.y[v], dz = p.z[u] - p.z[v]
                    total += (dx * dx + dy * dy + dz * dz).squareRoot()
                }
            }
            unit = total / Double(max(1, g.edgeEntries))
            if unit > 0 && unit.isFinite && g.nodeCount > 2 {
                let s = SparseStress(g, pool: pool, pivots: Multilevel.stressPivots, seed: parameters.seed)
                stress = s
                stage = .preparing
                stageStep = 0
                stageSteps = s.preparationSteps
            } else {
                finish()
            }
            return isFinished
        case .preparing:
            guard let stress else { finish(); return true }
            stageStep += 1
            if stress.prepareStep() {
                LayoutTrace.note("stress terms built; sweeping")
                stress.begin(output, sweeps: Multilevel.stressSweeps, unit: unit)
                stage = .sweeping
                stageStep = 0
                stageSteps = Multilevel.stressSweeps
                workDone = max(workDone, workTotal - Self.sweepWork(graph.nodeCount))
            } else {
                workDone += Self.preparationSteps * Self.stepWork(graph.nodeCount) / Double(max(1, stageSteps))
            }
            return false
        case .sweeping:
            guard let stress else { finish(); return true }
            let more = stress.sweep()
            stageStep = stress.sweepsDone
            workDone += Self.sweepSteps * Self.stepWork(graph.nodeCount)
            if !more {
                LayoutTrace.note("stress sweeps done: \(stress.sweepsDone)")
                stress.finish()
                finish()
            }
            return isFinished
        case .finished:
            return true
        }
    }

    private func finish() {
        stress = nil
        current = nil
        rank = []
        engine = nil
        clusterMap = []
        stage = .finished
        workDone = workTotal
    }

    private func begin(level l: Int) {
        LayoutTrace.note("level \(l): \(levels[l].nodeCount) nodes, \(levels[l].edgeCount) edges, at most "
                         + "\(Self.iterationsAt(level: l, sizes: sizes)) steps (the last level took \(stageStep))")
        level = l
        let coarsest = l == levels.count - 1
        var g = levels[l]
        rank = []
        if g.nodeCount > relabelAbove, let start = current {
            let (order, r) = SpatialOrder.of(start)
            g = g.relabeled(order: order, rank: r)
            let moved = PositionArrays(count: g.nodeCount, dimension: start.dimension)
            for i in 0..<g.nodeCount {
                let u = Int(order[i])
                moved.x[i] = start.x[u]; moved.y[i] = start.y[u]; moved.z[i] = start.z[u]
            }
            current = moved
            rank = r
        }
        engine = SpringElectrical(graph: g, pool: pool, schedule: .adaptive, k: 1,
                                  initialStep: coarsest ? 1 : 0.3)
        stageStep = 0
        stageSteps = Self.iterationsAt(level: l, sizes: sizes)
    }

    /// Each node of the next finer level starts at its cluster's place,
    /// scaled up so density stays constant.
    private func prolong() {
        guard let current else { return }
        let l = level - 1
        let dim = output.dimension
        let fine = levels[l], coarse = levels[level]
        let next = l == 0 ? output : PositionArrays(count: fine.nodeCount, dimension: dim)
        let ratio = Double(fine.nodeCount) / Double(max(1, coarse.nodeCount))
        let scale = dim == 3 ? cbrt(ratio) : ratio.squareRoot()
        let parent = parents[l]
        for u in 0..<fine.nodeCount {
            let c = at(Int(parent[u]))
            next.x[u] = current.x[c] * scale + rng.signed() * 0.1
            next.y[u] = current.y[c] * scale + rng.signed() * 0.1
            next.z[u] = dim == 3 ? current.z[c] * scale + rng.signed() * 0.1 : 0
        }
        self.current = next
        let coarseLevel = level
        begin(level: l)
        // Its refinement engine is gone with begin(level:): the coarse graph may go too.
        levels[coarseLevel] = LayoutGraph(offsets: [0], targets: [], weights: [])
    }

    /// Writes the layout as it stands into `p` (every node of `graph`): a
    /// coarse level's positions go to each of its clusters' members, scaled
    /// to the finest level's size and spread over the cluster's area. False
    /// while nothing is placed yet (still coarsening).
    @discardableResult
    func show(into p: PositionArrays) -> Bool {
        guard hasPlacement else { return false }
        if level == 0 && stage == .refining && !rank.isEmpty, let current {
            writeFinest(current, into: p)
            return true
        }
        guard level > 0, stage == .refining, let current else {
            if p !== output { p.copy(from: output) }
            if level == 0 && levels.count == 1 && stage == .refining, let current { p.copy(from: current) }
            return true
        }
        let n = graph.nodeCount
        if mapLevel != level || clusterMap.count != n {
            var map = parents[0]
            for j in 1..<level { for u in 0..<n { map[u] = parents[j][Int(map[u])] } }
            clusterMap = map
            mapLevel = level
        }
        let ratio = Double(n) / Double(max(1, levels[level].nodeCount))
        let dim = p.dimension
        let scale = dim == 3 ? cbrt(ratio) : ratio.squareRoot()
        // A cluster of m nodes covers about m unit cells: spread its members
        // over a square of side √m around its place (deterministic per node).
        let spread = scale * 0.5
        for u in 0..<n {
            let c = at(Int(clusterMap[u]))
            var h = SplitMix64(seed: UInt64(u) &* 0x9E37_79B9)
            p.x[u] = current.x[c] * scale + h.signed() * spread
            p.y[u] = current.y[c] * scale + h.signed() * spread
            p.z[u] = dim == 3 ? current.z[c] * scale + h.signed() * spread : 0
        }
        return true
    }
}

/// The multilevel layout of a whole graph, component by component (the
/// largest first, so the bulk of the picture forms first), in short steps;
/// the components are packed at the end, as `ComponentLayout.run` does.
final class MultilevelProgress {
    let graph: LayoutGraph
    let positions: PositionArrays
    let parameters: LayoutParameters
    let pool: WorkerPool
    private var members: [[Int32]] = []
    /// Components of two or more nodes, largest first (indices into members).
    private var order: [Int] = []
    private var index = 0
    private var run: MultilevelRun?
    private var sub: PositionArrays?
    private var indexOf: [Int32] = []
    private var started = false
    private(set) var isFinished = false
    /// Nodes of components finished, and in components of two or more nodes.
    private var nodesDone = 0
    private var nodesTotal = 0
    /// Seconds spent in `advance` (not counting pauses).
    private(set) var activeSeconds = 0.0
    /// Steps taken.
    private(set) var steps = 0
    /// Levels of the largest component's hierarchy (for the finished progress).
    private var largestLevels = 0

    init(_ g: LayoutGraph, into p: PositionArrays, parameters: LayoutParameters, pool: WorkerPool) {
        graph = g
        positions = p
        self.parameters = parameters
        self.pool = pool
    }

    /// Steps until finished or `seconds` have passed (nil: to the end);
    /// with a time limit it also returns when a level is placed or a stage
    /// ends, so every level can be shown, and after any piece once `yield`
    /// says so. Returns true when finished.
    @discardableResult
    func advance(for seconds: Double?, yield: (() -> Bool)? = nil) -> Bool {
        let t0 = monotonicSeconds()
        defer { activeSeconds += monotonicSeconds() - t0 }
        let mark = milestone
        if seconds != nil { wantsPreview = true }
        repeat {
            let previewBefore = hasPreview
            step()
            if hasPreview != previewBefore { break }
            if seconds != nil && milestone != mark && run?.hasPlacement != false { break }
            if let yield, yield() { break }
        } while !isFinished && (seconds.map { monotonicSeconds() - t0 < $0 } ?? true)
        return isFinished
    }

    /// Changes when a level is placed, a stage ends or a component is done.
    private var milestone: [Int] {
        guard let r = run else { return [index, -1, -1] }
        let stage: Int
        switch r.stage {
        case .coarsening: stage = 0
        case .refining: stage = 1
        case .measuring, .preparing: stage = 2
        case .sweeping: stage = 3
        case .finished: stage = 4
        }
        return [index, stage, r.level]
    }

    /// Above this many nodes, a layout that is watched (`advance(for:)`
    /// with a time limit) first shows a pivot MDS placement while it coarsens.
    var previewAbove = 50_000
    private var wantsPreview = false
    /// The positions hold the pivot MDS preview (until a level replaces it).
    private(set) var hasPreview = false

    private func step() {
        steps += 1
        if wantsPreview && !started && !hasPreview && graph.nodeCount > previewAbove {
            // Every node is written again by the layout itself; this only gives the first pictures.
            PivotMDS.place(graph, into: positions, pivots: graph.nodeCount > 300_000 ? 8 : 12, seed: parameters.seed)
            hasPreview = true
            return
        }
        if !started {
            started = true
            let (label, count) = graph.components()
            members = [[Int32]](repeating: [], count: count)
            for u in 0..<graph.nodeCount { members[Int(label[u])].append(Int32(u)) }
            order = members.indices.filter { members[$0].count > 1 }.sorted {
                members[$0].count != members[$1].count ? members[$0].count > members[$1].count : $0 < $1
            }
            nodesTotal = order.reduce(0) { $0 + members[$1].count }
            return
        }
        if run == nil {
            guard index < order.count else { pack(); return }
            let nodes = members[order[index]]
            if members.count == 1 {
                run = MultilevelRun(graph, into: positions, parameters: parameters, pool: pool)
            } else {
                if indexOf.isEmpty { indexOf = [Int32](repeating: -1, count: graph.nodeCount) }
                let g = graph.subgraph(nodes, indexOf: &indexOf)
                let sp = PositionArrays(count: nodes.count, dimension: positions.dimension)
                sub = sp
                run = MultilevelRun(g, into: sp, parameters: parameters, pool: pool)
            }
        }
        guard let r = run else { return }
        let finished = r.advance()
        if index == 0 { largestLevels = r.levels.count }
        if finished {
            if let sp = sub { copyBack(sp) }
            nodesDone += members[order[index]].count
            run = nil
            sub = nil
            index += 1
        }
    }

    private func copyBack(_ sp: PositionArrays) {
        for (i, u) in members[order[index]].enumerated() {
            positions.x[Int(u)] = sp.x[i]; positions.y[Int(u)] = sp.y[i]; positions.z[Int(u)] = sp.z[i]
        }
    }

    private func pack() {
        if members.count == 1 {
            ComponentPacking.center(positions, members[0])
        } else if members.count > 1 {
            for nodes in members where nodes.count == 1 {
                let u = Int(nodes[0]); positions.x[u] = 0; positions.y[u] = 0; positions.z[u] = 0
            }
            ComponentPacking.pack(positions, components: members)
        }
        isFinished = true
    }

    /// Writes the layout as it stands into `positions`; false while nothing is placed yet.
    @discardableResult
    func show() -> Bool {
        if isFinished { return true }
        guard let r = run else { return nodesDone > 0 || hasPreview }
        if let sp = sub {
            guard r.show(into: sp) else { return nodesDone > 0 || hasPreview }
            copyBack(sp)
            return true
        }
        return r.show(into: positions) || hasPreview
    }

    /// Where the layout stands, for a panel.
    var progress: LayoutProgress {
        var p = LayoutProgress()
        p.elapsed = activeSeconds
        p.components = order.count
        p.component = min(index + 1, max(order.count, 1))
        let f: Double
        if isFinished {
            p.stage = .finished
            p.levels = largestLevels
            f = 1
        } else if let r = run {
            let inside = r.fraction
            let size = Double(members[order[index]].count)
            f = nodesTotal > 0 ? (Double(nodesDone) + inside * size) / Double(nodesTotal) : inside
            p.levels = r.levels.count
            switch r.stage {
            case .coarsening: p.stage = .coarsening; p.level = 0
            case .refining:
                p.stage = .refining
                p.level = r.levels.count - r.level
                p.step = r.stageStep; p.steps = r.stageSteps
            case .measuring, .preparing:
                p.stage = .preparingStress
                p.level = r.levels.count
                p.step = r.stageStep; p.steps = r.stageSteps
            case .sweeping:
                p.stage = .stress
                p.level = r.levels.count
                p.step = r.stageStep; p.steps = r.stageSteps
            case .finished:
                p.stage = .refining
                p.level = r.levels.count
            }
        } else {
            f = nodesTotal > 0 ? Double(nodesDone) / Double(nodesTotal) : 0
        }
        p.fraction = f
        if f >= 0.02 && f < 1 && activeSeconds > 0.2 { p.remaining = activeSeconds * (1 - f) / f }
        if isFinished { p.remaining = 0 }
        return p
    }
}

/// Where a multilevel layout stands: which level, which step, how long it
/// has run and an estimate of what is left.
public struct LayoutProgress: Sendable, Equatable {
    public enum Stage: String, Sendable {
        case coarsening
        case refining
        case preparingStress = "stress terms"
        case stress = "stress sweeps"
        case finished
    }
    public var stage = Stage.coarsening
    /// 1 is the coarsest level, `levels` the finest (the whole graph); 0 while coarsening.
    public var level = 0
    public var levels = 0
    /// Refinement step within the level, stress sweep, or preparation step, and how many there are at most.
    public var step = 0
    public var steps = 0
    /// The connected component laid out (1-based) and how many have two or more nodes.
    public var component = 1
    public var components = 1
    /// 0…1, estimated from the work of each step.
    public var fraction = 0.0
    /// Seconds spent computing (pauses not counted).
    public var elapsed = 0.0
    /// Estimated seconds left (nil until there is enough to go on).
    public var remaining: Double?
    public init() {}
}

/// Runs a placement per connected component and packs the results.
enum ComponentLayout {
    /// `place` gets each component of two or more nodes as its own graph and
    /// positions; single nodes sit alone. The packing then places them all.
    static func run(_ g: LayoutGraph, _ p: PositionArrays,
                    place: (LayoutGraph, PositionArrays) -> Void) {
        let (label, count) = g.components()
        var members = [[Int32]](repeating: [], count: count)
        for u in 0..<g.nodeCount { members[Int(label[u])].append(Int32(u)) }
        if count == 1 {
            place(g, p)
            ComponentPacking.center(p, members[0])
            return
        }
        var indexOf = [Int32](repeating: -1, count: g.nodeCount)
        for nodes in members {
            if nodes.count == 1 {
                let u = Int(nodes[0]); p.x[u] = 0; p.y[u] = 0; p.z[u] = 0
                continue
            }
            let sub = g.subgraph(nodes, indexOf: &indexOf)
            let sp = PositionArrays(count: nodes.count, dimension: p.dimension)
            place(sub, sp)
            for (i, u) in nodes.enumerated() {
                p.x[Int(u)] = sp.x[i]; p.y[Int(u)] = sp.y[i]; p.z[Int(u)] = sp.z[i]
            }
        }
        ComponentPacking.pack(p, components: members)
    }
}
