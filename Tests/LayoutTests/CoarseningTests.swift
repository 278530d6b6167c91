import GraphCore
import Testing
@testable import Layout

/// Coarsening on the pool builds the same coarse graph, row for row and
/// weight for weight, as on one thread; and the coarse graph keeps the
/// fine graph's total edge and node weight.
@Suite struct CoarseningTests {
    func arrays(_ g: LayoutGraph) -> (offsets: [Int], targets: [Int32], weights: [Double], nodeWeights: [Double]) {
        let m = g.edgeEntries
        return (Array(UnsafeBufferPointer(start: g.offsets, count: g.nodeCount + 1)),
                Array(UnsafeBufferPointer(start: g.targets, count: m)),
                Array(UnsafeBufferPointer(start: g.weights, count: m)),
                Array(UnsafeBufferPointer(start: g.nodeWeight, count: g.nodeCount)))
    }

    @Test(arguments: ["ba", "er"])
    func sameGraphOnOneThreadAndTwo(kind: String) throws {
        let graph = kind == "ba" ? try Generators.barabasiAlbert(nodes: 40_000, m: 5, seed: 2)
                                 : try Generators.erdosRenyi(nodes: 30_000, p: 0.0004, seed: 4)
        var level = LayoutGraph(graph)
        let pool = WorkerPool(threads: 2)
        var levels = 0
        while level.nodeCount > 100, levels < 6 {
            let one = try #require(Coarsening.coarsen(level, seed: 9))
            let two = try #require(Coarsening.coarsen(level, seed: 9, pool: pool))
            let a = arrays(one.graph), b = arrays(two.graph)
            // Booleans, so a failure names the part and does not print the arrays.
            let sameParents = one.parent == two.parent, sameOffsets = a.offsets == b.offsets
            let sameTargets = a.targets == b.targets, sameWeights = a.weights == b.weights
            let sameNodeWeights = a.nodeWeights == b.nodeWeights
            #expect(sameParents, "level \(levels): clusters differ")
            #expect(sameOffsets, "level \(levels): row offsets differ")
            #expect(sameTargets, "level \(levels): targets differ")
            #expect(sameWeights, "level \(levels): edge weights differ")
            #expect(sameNodeWeights, "level \(levels): node weights differ")
            // Rows sorted, no self-loops; weights add up to the fine graph's
            // (less the edges inside clusters).
            var sorted = true
            for c in 0..<two.graph.nodeCount {
                let row = b.targets[b.offsets[c]..<b.offsets[c + 1]]
                if zip(row, row.dropFirst()).contains(where: { $0 >= $1 }) || row.contains(Int32(c)) { sorted = false }
            }
            #expect(sorted, "level \(levels): a row is unsorted or holds its own cluster")
            let fine = arrays(level)
            let inside = (0..<level.nodeCount).reduce(0.0) { sum, u in
                (fine.offsets[u]..<fine.offsets[u + 1]).reduce(sum) { s, k in
                    two.parent[u] == two.parent[Int(fine.targets[k])] ? s + fine.weights[k] : s
                }
            }
            let fineTotal = fine.weights.reduce(0, +), coarseTotal = b.weights.reduce(0, +)
            #expect(abs(fineTotal - inside - coarseTotal) <= 1e-9 * fineTotal)
            #expect(abs(fine.nodeWeights.reduce(0, +) - b.nodeWeights.reduce(0, +)) < 1e-6)
            level = two.graph
            levels += 1
        }
        #expect(levels >= 3)
    }
}
