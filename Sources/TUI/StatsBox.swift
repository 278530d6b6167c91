import Foundation
import GraphCore

/// Computes the graph's statistics on a background thread; the UI shows
/// what is cheap at once and fills in the rest when this is ready. The
/// computation cannot be interrupted; on quit the thread is simply left to
/// end with the process (it only reads the graph).
final class StatsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var result: GraphStatistics?
    private var fresh = false
    private(set) var startedAt = Date()

    func start(graph: Graph, wake: @escaping @Sendable () -> Void) {
        startedAt = Date()
        let t = Thread { [weak self] in
            var options = GraphStatistics.Options()
            options.threads = 1  // the layout has the other core
            let s = GraphStatistics.compute(graph, options: options)
            guard let self else { return }
            self.lock.lock()
            self.result = s
            self.fresh = true
            self.lock.unlock()
            wake()
        }
        t.name = "tangle-stats"
        t.start()
    }

    var statistics: GraphStatistics? {
        lock.lock(); defer { lock.unlock() }
        return result
    }

    /// True once, when the statistics have just arrived.
    func takeNew() -> Bool {
        lock.lock(); defer { lock.unlock() }
        let f = fresh
        fresh = false
        return f
    }
}
