import Testing
import GraphCore
@testable import Layout

@Suite struct ForceAtlas2Tests {
    func session(_ g: Graph, _ change: (inout LayoutParameters) -> Void = { _ in }) throws -> LayoutSession {
        var p = LayoutParameters()
        p.threads = 1
        change(&p)
        return try LayoutSession(graph: g, algorithm: .forceAtlas2, parameters: p)
    }

    /// Two nodes on one edge, no gravity: attraction d balances repulsion
    /// k_r·m1·m2/d with m = degree + 1 = 2, so d = 2√k_r (and with lin-log,
    /// log(1 + d) = 4k_r/d).
    @Test(arguments: [1.0, 2.0, 10.0])
    func twoNodesSettleWhereForcesBalance(scaling: Double) throws {
        let s = try session(try TestGraphs.edgeList("a b")) { $0.scaling = scaling; $0.gravity = 0 }
        for _ in 0..<2000 { s.step() }
        let d = TestGraphs.distance(s.positions.positions, 0, 1)
        #expect(abs(d - 2 * scaling.squareRoot()) < 1e-3 * d, "d = \(d)")
    }

    @Test func linLogBalance() throws {
        let s = try session(try TestGraphs.edgeList("a b")) { $0.scaling = 2; $0.gravity = 0; $0.linLog = true }
        for _ in 0..<2000 { s.step() }
        let d = TestGraphs.distance(s.positions.positions, 0, 1)
        // Solve log(1 + d) = 8/d by bisection for the expected value.
        var lo = 0.1, hi = 100.0
        for _ in 0..<200 { let m = (lo + hi) / 2; if libmLog1p(m) < 8 / m { lo = m } else { hi = m } }
        #expect(abs(d - lo) < 1e-3 * d, "d = \(d), expected \(lo)")
    }

    /// The paper: global speed rises at most 50% a step; swinging dies down
    /// so moves shrink; the layout converges.
    @Test func speedRisesAtMostHalfAndMovesShrink() throws {
        let g = try TestGraphs.karate()
        let s = try LayoutSession(graph: g, algorithm: .forceAtlas2, parameters: LayoutParameters())
        let fa2 = ForceAtlas2(graph: s.graph, pool: WorkerPool(threads: 1))
        var speeds: [Double] = []
        var moves: [Double] = []
        var converged = false
        for _ in 0..<3000 {
            let r = fa2.step(s.positions, parameters: LayoutParameters())
            speeds.append(r.globalSpeed); moves.append(r.meanMove)
            if r.converged { converged = true; break }
        }
        for k in 1..<speeds.count { #expect(speeds[k] <= speeds[k - 1] * 1.5 + 1e-12) }
        let early = moves.prefix(10).reduce(0, +) / 10
        let late = moves.suffix(10).reduce(0, +) / 10
        #expect(late < early / 10)
        #expect(converged)
        #expect(s.positions.positions.allFinite)
    }

    @Test func preventOverlapKeepsDiscsApart() throws {
        let g = try TestGraphs.karate()
        let s = try session(g) { $0.preventOverlap = true; $0.nodeSize = 0.5; $0.scaling = 1; $0.gravity = 5 }
        for _ in 0..<3000 { s.step() }
        let p = s.positions.positions
        var closest = Double.infinity
        for a in 0..<g.nodeCount { for b in (a + 1)..<g.nodeCount { closest = min(closest, TestGraphs.distance(p, a, b)) } }
        #expect(closest > 0.9, "closest pair \(closest), discs of radius 0.5")
    }

    @Test func dissuadeHubsPushesTheHubOut() throws {
        // A star plus a ring: the hub sits at the centre unless dissuaded.
        var text = (1...30).map { "0 \($0)" }.joined(separator: "\n") + "\n"
        text += (31...90).map { "\($0) \($0 == 90 ? 31 : $0 + 1)" }.joined(separator: "\n") + "\n31 1\n"
        let g = try TestGraphs.edgeList(text)
        func hubDistance(_ dissuade: Bool) throws -> Double {
            let s = try session(g) { $0.dissuadeHubs = dissuade }
            for _ in 0..<1500 { s.step() }
            let p = s.positions.positions
            var c = (0.0, 0.0)
            for i in 0..<p.count { c.0 += p[i, 0]; c.1 += p[i, 1] }
            c.0 /= Double(p.count); c.1 /= Double(p.count)
            let r = TestGraphs.spread(p, axis: 0) + TestGraphs.spread(p, axis: 1)
            return (((p[0, 0] - c.0) * (p[0, 0] - c.0) + (p[0, 1] - c.1) * (p[0, 1] - c.1)).squareRoot()) / r
        }
        #expect(try hubDistance(true) > hubDistance(false))
    }

    @Test func edgeWeightInfluencePullsHeavyEdgesShort() throws {
        let g = try TestGraphs.edgeList("a b 10\nb c 1\nc a 1\n")
        let s = try session(g) { $0.edgeWeightInfluence = 1 }
        for _ in 0..<2000 { s.step() }
        let p = s.positions.positions
        #expect(TestGraphs.distance(p, 0, 1) < TestGraphs.distance(p, 1, 2))
        let flat = try session(g) { $0.edgeWeightInfluence = 0 }
        for _ in 0..<2000 { flat.step() }
        let q = flat.positions.positions
        #expect(abs(TestGraphs.distance(q, 0, 1) - TestGraphs.distance(q, 1, 2)) < 0.05 * TestGraphs.distance(q, 1, 2))
    }

    @Test func strongGravityGivesACompacterLayout() throws {
        let g = try TestGraphs.karate()
        func radius(_ strong: Bool) throws -> Double {
            let s = try session(g) { $0.strongGravity = strong; $0.gravity = 1 }
            for _ in 0..<1000 { s.step() }
            return s.positions.radius()
        }
        #expect(try radius(true) < radius(false))
    }
}
