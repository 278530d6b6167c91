import Foundation
import GraphCore

/// Computes the graph's statistics on a background thread and hands them
/// to the loop as an event; the panel shows what is cheap at once and fills
/// in the rest when they come. The computation cannot be interrupted; on
/// quit the thread is left to end with the process (it only reads the graph).
enum StatsBox {
    static func start(graph: Graph, deliver: @escaping @Sendable (GraphStatistics) -> Void) {
        let t = Thread {
            var options = GraphStatistics.Options()
            options.threads = 1  // the layout has the other core
            deliver(GraphStatistics.compute(graph, options: options))
        }
        t.name = "tangle-stats"
        t.start()
    }
}
