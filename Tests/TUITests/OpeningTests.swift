import Foundation
import GraphCore
import Layout
import Render
import Synchronization
import TangleBasics
import Testing
import TerminalGraphics
@testable import TUI

/// Opening a graph without positions (issue 17): no picture of the random
/// start, the multilevel layout's levels drawn as moving frames while it
/// forms, its progress in the panel, full detail only once it is done.
@Suite(.serialized) struct OpeningTests {
    /// Snapshots a real multilevel runner published, in order.
    private final class Collector: Sendable {
        let snapshots = Mutex<[LayoutSnapshot]>([])
        func add(_ s: LayoutSnapshot) { snapshots.withLock { $0.append(s) } }
        var all: [LayoutSnapshot] { snapshots.withLock { $0 } }
    }

    @Test func theLayoutFormsOnScreenAndOnlyTheEndIsDrawnInFull() throws {
        let g = try Generators.barabasiAlbert(nodes: 5000, m: 2, seed: 4)
        var h = try ExplorerHarness(graph: g, source: "ba5000", mode: .sixel, running: true, placed: false)
        #expect(h.state.snapshot.provisional)
        h.wait(1)
        // The random start is never drawn while a layout is about to place it.
        #expect(h.renders.isEmpty)

        let collector = Collector()
        let runner = try LayoutRunner(graph: h.state.context.graph, algorithm: .multilevel,
                                      onSnapshot: { collector.add($0) })
        runner.start()
        let deadline = monotonicSeconds() + 120
        while !runner.snapshot.converged && monotonicSeconds() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        runner.stop()
        let snaps = collector.all
        let last = try #require(snaps.last)
        #expect(last.converged)
        let id = ObjectIdentifier(h.state.context)
        var sawLevelRow = false
        var details: [Renderer.Detail] = []
        for s in snaps.dropLast() {
            h.send(.layout(s, graph: id))
            h.wait(0.06)
            if let row = h.panelValue("progress"), row.hasPrefix("level "), row.contains(" of \(last.progress?.levels ?? 0)") {
                sawLevelRow = true
            }
        }
        details = h.renders.map(\.detail)
        // Moving frames only while it runs, and several of them (one per level at least).
        #expect(details.count >= (last.progress?.levels ?? 1))
        #expect(details.allSatisfy { $0 == .interactive })
        #expect(sawLevelRow)
        #expect(h.panelValue("elapsed") != nil)
        #expect((h.panelValue("steps/s").flatMap(Double.init) ?? 0) >= 0)
        // Done: one full-detail picture of the final layout.
        h.send(.layout(last, graph: id))
        h.wait(1)
        #expect(h.renders.last?.detail == .full)
        #expect(h.panelValue("state") == "converged")
        #expect(h.panelValue("progress")?.hasPrefix("done") == true)
    }

    /// Paused before anything is placed, the random start is shown, but as
    /// a moving frame (never in full detail).
    @Test func aPausedRandomStartIsDrawnOnlyAtMovingDetail() throws {
        let g = try Generators.barabasiAlbert(nodes: 3000, m: 2, seed: 4)
        var h = try ExplorerHarness(graph: g, source: "ba3000", mode: .sixel, running: false, placed: false)
        h.wait(1)
        #expect(h.state.snapshot.provisional)
        #expect(!h.renders.isEmpty)
        #expect(h.renders.allSatisfy { $0.detail == .interactive })
    }

    /// The statistics panel says what is still computing after the quick part came.
    @Test func statisticsSayWhatIsStillComputing() throws {
        let g = try Generators.barabasiAlbert(nodes: 3000, m: 2, seed: 4)
        var h = try ExplorerHarness(graph: g, source: "ba3000")
        #expect(h.panelValue("statistics") == "computing…")
        var quick = GraphStatistics.Options()
        quick.communities = false; quick.pageRank = false; quick.diameter = false; quick.clustering = false
        let id = ObjectIdentifier(h.state.context)
        h.send(.statistics(GraphStatistics.compute(g, options: quick), graph: id))
        h.wait(0.1)
        #expect(h.panelValue("components") == "1 (largest 3000)")
        for name in ["clustering", "communities", "diameter"] { #expect(h.panelValue(name) == "computing…") }
        h.send(.statistics(GraphStatistics.compute(g), graph: id))
        h.wait(0.1)
        #expect(h.panelValue("communities")?.first?.isNumber == true)
        #expect(h.panelValue("diameter")?.contains("computing") == false)
    }
}
