import Foundation
import GraphCore
import TangleBasics

/// Computes the graph's statistics on a background thread (niced) and hands
/// them to the loop as events: for big graphs the quick ones first, then
/// all; the panel shows what has come and says what is still computing. The computation cannot be interrupted; on
/// quit the thread is left to end with the process (it only reads the graph).
enum StatsBox {
    static func start(graph: Graph, deliver: @escaping @Sendable (GraphStatistics) -> Void) {
        let t = Thread {
            // Below the layout and the pictures: a person watches those.
            lowerThreadPriority(to: 10)
            var options = GraphStatistics.Options()
            options.threads = 1  // the layout has the other core
            // The quick part first (counts, degrees, components), so the
            // panel shows it at once and says what is still computing.
            var quick = options
            quick.communities = false; quick.pageRank = false; quick.diameter = false; quick.clustering = false
            if graph.nodeCount > 20_000 { deliver(GraphStatistics.compute(graph, options: quick)) }
            deliver(GraphStatistics.compute(graph, options: options))
        }
        t.name = "tangle-stats"
        t.start()
    }
}
