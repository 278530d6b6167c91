import GraphCore
import TangleBasics
import Testing
@testable import Layout

/// The direction-optimizing BFS gives the distances a plain queue BFS gives,
/// on graphs that take both directions (small worlds) and those that never
/// go bottom-up (paths, grids), connected or not.
@Suite struct HopDistanceTests {
    static func plainBFS(_ g: LayoutGraph, from s: Int) -> [Int32] {
        var d = [Int32](repeating: -1, count: g.nodeCount)
        var queue = [s]
        d[s] = 0
        var head = 0
        while head < queue.count {
            let u = queue[head]; head += 1
            for k in g.offsets[u]..<g.offsets[u + 1] {
                let v = Int(g.targets[k])
                if d[v] < 0 { d[v] = d[u] + 1; queue.append(v) }
            }
        }
        return d
    }

    @Test(arguments: ["ba", "er", "grid", "path", "star", "two parts"])
    func sameAsAPlainBFS(kind: String) throws {
        let graph: Graph
        switch kind {
        case "ba": graph = try Generators.barabasiAlbert(nodes: 20_000, m: 5, seed: 3)
        case "er": graph = try Generators.erdosRenyi(nodes: 5_000, p: 0.004, seed: 5)
        case "grid": graph = try Generators.grid(rows: 60, cols: 70)
        case "path": graph = try TestGraphs.edgeList((0..<999).map { "\($0) \($0 + 1)" }.joined(separator: "\n"))
        case "star": graph = try TestGraphs.edgeList((1..<3000).map { "0 \($0)" }.joined(separator: "\n"))
        default:
            // A dense small world and, apart from it, a path: the far part stays unreachable.
            let ba = try Generators.barabasiAlbert(nodes: 3_000, m: 8, seed: 7)
            var lines: [String] = []
            ba.forEachEdge { u, v, _ in lines.append("a\(u) a\(v)") }
            lines += (0..<200).map { "b\($0) b\($0 + 1)" }
            graph = try TestGraphs.edgeList(lines.joined(separator: "\n"))
        }
        let g = LayoutGraph(graph)
        var depth = [Int32](repeating: 0, count: g.nodeCount)
        var queue = [Int32](repeating: 0, count: g.nodeCount)
        var rng = SplitMix64(seed: 11)
        let pool = WorkerPool(threads: 2)
        for round in 0..<12 {
            let s = Int(rng.next() % UInt64(g.nodeCount))
            // Alternately on one thread and with the bottom-up levels split on the pool.
            g.hopDistances(from: s, into: &depth, queue: &queue, pool: round % 2 == 0 ? nil : pool)
            let want = Self.plainBFS(g, from: s)
            let differing = zip(depth, want).filter { $0 != $1 }.count
            #expect(differing == 0, "\(kind) from \(s): \(differing) distances differ")
            // The queue holds every reached node once, level by level.
            let reached = want.filter { $0 >= 0 }.count
            let order = queue.prefix(reached).map { want[Int($0)] }
            let levelOrdered = Set(queue.prefix(reached)).count == reached && order == order.sorted()
            #expect(levelOrdered, "\(kind): the queue is not every reached node once, level by level")
        }
    }
}
