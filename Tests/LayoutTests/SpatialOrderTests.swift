import Testing
import GraphCore
import TangleBasics
@testable import Layout

/// Big multilevel levels are refined relabeled in the spatial order of their
/// starting positions (for memory locality): the order, the relabeled graph,
/// and a layout run that way end where a plain one does, and show the right
/// node at the right place while they run.
@Suite struct SpatialOrderTests {
    @Test func theOrderIsAPermutationThatKeepsNeighboursInSpaceNearInIndex() {
        let n = 4096
        let p = PositionArrays(count: n, dimension: 2)
        var rng = SplitMix64(seed: 5)
        for i in 0..<n { p.x[i] = rng.unit() * 100; p.y[i] = rng.unit() * 100 }
        let (order, rank) = SpatialOrder.of(p)
        #expect(Set(order.map(Int.init)) == Set(0..<n))
        for i in 0..<n { #expect(Int(order[Int(rank[i])]) == i) }
        // Consecutive nodes in the new order are close in space: on average
        // far closer than two random points (about 52 apart in a 100 × 100 square).
        var step = 0.0
        for i in 1..<n {
            let a = Int(order[i - 1]), b = Int(order[i])
            step += ((p.x[a] - p.x[b]) * (p.x[a] - p.x[b]) + (p.y[a] - p.y[b]) * (p.y[a] - p.y[b])).squareRoot()
        }
        #expect(step / Double(n - 1) < 5)
    }

    @Test func theRelabeledGraphHasTheSameEdges() throws {
        let g = LayoutGraph(try Generators.barabasiAlbert(nodes: 500, m: 3, seed: 2))
        let n = g.nodeCount
        var rng = SplitMix64(seed: 9)
        var order = (0..<n).map { Int32($0) }
        order.shuffle(using: &rng)
        var rank = [Int32](repeating: 0, count: n)
        for (i, u) in order.enumerated() { rank[Int(u)] = Int32(i) }
        let r = g.relabeled(order: order, rank: rank)
        #expect(r.nodeCount == n && r.edgeEntries == g.edgeEntries)
        func edges(_ h: LayoutGraph, _ name: (Int) -> Int) -> Set<[Int]> {
            var s = Set<[Int]>()
            for i in 0..<h.nodeCount { for k in h.offsets[i]..<h.offsets[i + 1] { s.insert([name(i), name(Int(h.targets[k])), Int(h.weights[k] * 1000)]) } }
            return s
        }
        #expect(edges(r) { Int(order[$0]) } == edges(g) { $0 })
    }

    /// Relabeling every level (threshold 0) against none (threshold ∞): the
    /// same quality, and while level 0 and a coarse level refine, the picture
    /// shown puts each node beside its neighbours. On a 60 × 60 grid an edge
    /// is then a few percent of the layout's radius; a wrong mapping back
    /// would scatter the nodes, and the mean edge would be longer than the radius.
    @Test func aRelabeledRunEndsAsWellAndShowsEveryNodeInItsPlace() throws {
        let graph = try TestGraphs.grid(60, 60)
        let g = LayoutGraph(graph)
        var parameters = LayoutParameters()
        parameters.threads = 1
        parameters.seed = 3
        let pool = WorkerPool(threads: 1)
        func meanEdge(_ p: PositionArrays) -> Double {
            var total = 0.0
            for u in 0..<g.nodeCount {
                for k in g.offsets[u]..<g.offsets[u + 1] {
                    let v = Int(g.targets[k])
                    total += ((p.x[u] - p.x[v]) * (p.x[u] - p.x[v]) + (p.y[u] - p.y[v]) * (p.y[u] - p.y[v])).squareRoot()
                }
            }
            return total / Double(g.edgeEntries)
        }
        var stress: [Double] = []
        for threshold in [0, Int.max] {
            let out = PositionArrays(count: g.nodeCount, dimension: 2)
            let run = MultilevelRun(g, into: out, parameters: parameters, pool: pool, relabelAbove: threshold)
            let shown = PositionArrays(count: g.nodeCount, dimension: 2)
            var checkedCoarse = false, checkedFinest = false
            while !run.advance() {
                guard run.stage == .refining, run.stageStep == 10 else { continue }
                if run.level == 0 || (run.level == 2 && !checkedCoarse) {
                    #expect(run.show(into: shown))
                    let ratio = meanEdge(shown) / shown.radius()
                    #expect(ratio < 0.15, "level \(run.level), relabel above \(threshold): mean edge / radius \(ratio)")
                    if run.level == 0 { checkedFinest = true } else { checkedCoarse = true }
                }
            }
            #expect(checkedFinest && checkedCoarse)
            stress.append(LayoutMetrics.measure(graph, out.positions, seed: 1).stress)
        }
        #expect(abs(stress[0] - stress[1]) < 0.03 * stress[1], "stress relabeled \(stress[0]) vs plain \(stress[1])")
    }
}
