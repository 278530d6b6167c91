import Testing
import GraphCore
@testable import Layout

@Suite struct SparseStressTests {
    /// The sampled stress is the yardstick's formula: zero for a path drawn
    /// at equal spacing on a line (any spacing: the best scaling absorbs it),
    /// positive once one node is out of place.
    @Test func sampledStressIsZeroOnlyForAnExactDrawing() throws {
        let n = 50
        let g = LayoutGraph(try TestGraphs.edgeList((0..<(n - 1)).map { "\($0) \($0 + 1)" }.joined(separator: "\n")))
        let pool = WorkerPool(threads: 1)
        let stress = SparseStress(g, pool: pool, pivots: 10, seed: 3)
        let p = PositionArrays(count: n, dimension: 2)
        for i in 0..<n { p.x[i] = 2.5 * Double(i); p.y[i] = 0 }
        #expect(abs(stress.sampledStress(p)) < 1e-12)
        p.y[n / 2] = 7
        #expect(stress.sampledStress(p) > 1e-3)
        // Everything at one point: no scaling helps, every pair is off by its whole distance.
        for i in 0..<n { p.x[i] = 0; p.y[i] = 0 }
        #expect(stress.sampledStress(p) == 1)
    }

    /// The terms (built in pieces on the pool's threads) and the sampled
    /// stress (its probe rows shared among them) do not depend on the pool:
    /// one thread and two smooth to the same positions.
    @Test func oneThreadAndTwoSmoothAlike() throws {
        let g = LayoutGraph(try Generators.barabasiAlbert(nodes: 3000, m: 3, seed: 5))
        let one = WorkerPool(threads: 1), two = WorkerPool(threads: 2)
        defer { two.shutdown() }
        let a = SparseStress(g, pool: one, pivots: 25, seed: 2), b = SparseStress(g, pool: two, pivots: 25, seed: 2)
        let pa = PositionArrays(count: g.nodeCount, dimension: 2), pb = PositionArrays(count: g.nodeCount, dimension: 2)
        SimpleLayouts.random(pa, seed: 3); SimpleLayouts.random(pb, seed: 3)
        let sa = a.sampledStress(pa), sb = b.sampledStress(pb)
        #expect(sa > 0.05 && abs(sa - sb) <= 1e-12 * sa)
        let ra = a.smooth(pa, sweeps: 6, unit: 1), rb = b.smooth(pb, sweeps: 6, unit: 1)
        #expect(ra.after < ra.before && abs(ra.after - rb.after) <= 1e-12 * ra.after)
        #expect((0..<g.nodeCount).allSatisfy { pa.x[$0] == pb.x[$0] && pa.y[$0] == pb.y[$0] })
    }

    /// Smoothing keeps the best positions it saw: what it leaves has the
    /// stress it reports, never more than it started with.
    @Test func smoothingNeverRaisesTheSampledStress() throws {
        let g = LayoutGraph(try TestGraphs.grid(30, 30))
        let pool = WorkerPool(threads: 2)
        let stress = SparseStress(g, pool: pool, pivots: 20, seed: 1)
        for seed in [UInt64(1), 2, 3] {
            let p = PositionArrays(count: g.nodeCount, dimension: 2)
            SimpleLayouts.random(p, seed: seed)
            let r = stress.smooth(p, sweeps: 10, unit: 1)
            #expect(r.after <= r.before)
            #expect(abs(stress.sampledStress(p) - r.after) < 1e-12)
            #expect((0..<g.nodeCount).allSatisfy { p.x[$0].isFinite && p.y[$0].isFinite })
        }
        // From a random start the sweeps help a lot on a grid.
        let p = PositionArrays(count: g.nodeCount, dimension: 2)
        SimpleLayouts.random(p, seed: 9)
        let r = stress.smooth(p, sweeps: 10, unit: 1)
        #expect(r.after < 0.5 * r.before)
    }
}
