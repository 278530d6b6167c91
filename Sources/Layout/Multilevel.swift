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
    static let coarseIterationCap = 300

    /// Lays out one connected graph into `p` (same node count).
    static func layout(_ g: LayoutGraph, into p: PositionArrays, parameters: LayoutParameters, pool: WorkerPool) {
        var levels: [LayoutGraph] = [g]
        var parents: [[Int32]] = []
        var seed = parameters.seed
        while let last = levels.last, last.nodeCount > coarsestSize,
              let (coarse, parent) = Coarsening.coarsen(last, seed: seed) {
            levels.append(coarse)
            parents.append(parent)
            seed = seed &+ 1
        }
        let dim = p.dimension
        var rng = SplitMix64(layoutSeed: parameters.seed ^ 0x5EED)
        var current = PositionArrays(count: levels[levels.count - 1].nodeCount, dimension: dim)
        SimpleLayouts.random(current, seed: parameters.seed)
        refine(levels[levels.count - 1], current, parameters: parameters, pool: pool, coarsest: true,
               maxIterations: 300)
        for level in stride(from: levels.count - 2, through: 0, by: -1) {
            let fine = levels[level]
            let coarse = levels[level + 1]
            let next = level == 0 ? p : PositionArrays(count: fine.nodeCount, dimension: dim)
            let ratio = Double(fine.nodeCount) / Double(max(1, coarse.nodeCount))
            let scale = dim == 3 ? cbrt(ratio) : ratio.squareRoot()
            let parent = parents[level]
            for u in 0..<fine.nodeCount {
                let c = Int(parent[u])
                next.x[u] = current.x[c] * scale + rng.signed() * 0.1
                next.y[u] = current.y[c] * scale + rng.signed() * 0.1
                next.z[u] = dim == 3 ? current.z[c] * scale + rng.signed() * 0.1 : 0
            }
            current = next
            var iterations = fineIterations
            if g.nodeCount > growingScheduleAbove {
                let grown = Double(fineIterations) * (Double(g.nodeCount) / Double(fine.nodeCount)).squareRoot()
                iterations = min(coarseIterationCap, Int(grown))
            }
            refine(fine, current, parameters: parameters, pool: pool, coarsest: false,
                   maxIterations: iterations)
        }
        if levels.count == 1 { p.copy(from: current) }
        // Final smoothing by sparse stress, one hop = the mean edge length.
        var total = 0.0
        for u in 0..<g.nodeCount {
            for k in g.offsets[u]..<g.offsets[u + 1] {
                let v = Int(g.targets[k])
                let dx = p.x[u] - p.x[v], dy = p.y[u] - p.y[v], dz = p.z[u] - p.z[v]
                total += (dx * dx + dy * dy + dz * dz).squareRoot()
            }
        }
        let unit = total / Double(max(1, g.edgeEntries))
        if unit > 0 && unit.isFinite {
            let stress = SparseStress(g, pool: pool, pivots: stressPivots, seed: parameters.seed)
            stress.smooth(p, sweeps: stressSweeps, unit: unit)
        }
    }

    private static func refine(_ g: LayoutGraph, _ p: PositionArrays, parameters: LayoutParameters,
                               pool: WorkerPool, coarsest: Bool, maxIterations: Int) {
        var params = parameters
        params.frGravity = 0
        params.repulsion = .barnesHut
        let engine = SpringElectrical(graph: g, pool: pool, schedule: .adaptive, k: 1,
                                      initialStep: coarsest ? 1 : 0.3)
        for _ in 0..<maxIterations {
            if engine.step(p, parameters: params).converged { break }
        }
    }
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
