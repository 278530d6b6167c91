import Foundation
import Testing
import GraphCore
import Synchronization
import TangleBasics
@testable import Layout

/// The multilevel layout run by the layout thread in short steps: it shows
/// every level as it is placed, answers commands between steps, and ends
/// exactly where the one-go layout ends.
@Suite struct MultilevelProgressTests {
    private static func parameters() -> LayoutParameters {
        var p = LayoutParameters()
        p.threads = 1
        p.seed = 7
        return p
    }

    /// Every snapshot the runner publishes, in order.
    private final class Collector: Sendable {
        let snapshots = Mutex<[LayoutSnapshot]>([])
        func add(_ s: LayoutSnapshot) { snapshots.withLock { $0.append(s) } }
        var all: [LayoutSnapshot] { snapshots.withLock { $0 } }
    }

    private static func waitForConvergence(_ runner: LayoutRunner, seconds: Double = 120) -> Bool {
        let deadline = monotonicSeconds() + seconds
        while monotonicSeconds() < deadline {
            if runner.snapshot.converged { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// At least one snapshot per level (1 = coarsest … n = the whole graph),
    /// each with every node placed (finite, not the random start), then the
    /// stress sweeps, then a converged snapshot; iterations and the fraction
    /// done never go back, and steps/s is not 0 while it runs.
    @Test func publishesEveryLevelAsItIsPlaced() throws {
        let g = try Generators.barabasiAlbert(nodes: 4000, m: 2, seed: 3)
        let collector = Collector()
        let runner = try LayoutRunner(graph: g, algorithm: .multilevel, parameters: Self.parameters(),
                                      onSnapshot: { collector.add($0) })
        #expect(runner.snapshot.provisional)          // the random start: not a layout yet
        runner.start()
        #expect(Self.waitForConvergence(runner))
        runner.stop()
        let snaps = collector.all
        let last = try #require(snaps.last)
        #expect(last.converged && !last.provisional && last.progress?.stage == .finished)
        let levels = try #require(last.progress?.levels)
        try #require(levels >= 3)
        for level in 1...levels {
            let shown = snaps.filter { $0.progress?.stage == .refining && $0.progress?.level == level }
            #expect(!shown.isEmpty, "level \(level) of \(levels) was never published")
            for s in shown {
                #expect(!s.provisional)
                #expect(s.positions.allSatisfy { $0.isFinite })
            }
        }
        #expect(snaps.contains { $0.progress?.stage == .stress })
        // A coarse level's picture is not the random start: the coarsest
        // level's snapshot differs from the initial positions.
        let start = try LayoutRunner(graph: g, algorithm: .multilevel, parameters: Self.parameters()).snapshot.positions
        let coarsest = try #require(snaps.first { $0.progress?.stage == .refining && $0.progress?.level == 1 })
        #expect(coarsest.positions != start)
        var lastIteration = -1, lastFraction = -1.0
        for s in snaps {
            #expect(s.iteration >= lastIteration)
            lastIteration = s.iteration
            if let f = s.progress?.fraction {
                #expect(f >= lastFraction - 1e-9)
                lastFraction = f
            }
        }
        #expect(last.iteration > levels)             // the multilevel's own steps are counted
        #expect(snaps.contains { $0.isRunning && $0.stepsPerSecond > 0 })
        let eta = snaps.compactMap { $0.progress?.remaining }
        #expect(!eta.isEmpty)
    }

    /// Pausing and stopping mid-level are answered within a step, not at the
    /// end of the layout; paused, the layout stays where it was; resumed, it
    /// carries on from there.
    @Test func pauseAndStopMidLevelAnswerPromptly() throws {
        let g = try Generators.barabasiAlbert(nodes: 30_000, m: 3, seed: 5)
        let runner = try LayoutRunner(graph: g, algorithm: .multilevel, parameters: Self.parameters())
        runner.start()
        // Wait until it refines a level below the coarsest.
        let deadline = monotonicSeconds() + 60
        while monotonicSeconds() < deadline {
            if let p = runner.snapshot.progress, p.stage == .refining, p.level >= 2 { break }
            Thread.sleep(forTimeInterval: 0.002)
        }
        let before = try #require(runner.snapshot.progress)
        #expect(before.stage == .refining && !runner.snapshot.converged)
        let t0 = monotonicSeconds()
        runner.pause()
        var paused: LayoutSnapshot?
        while monotonicSeconds() - t0 < 5 {
            let s = runner.snapshot
            if !s.isRunning { paused = s; break }
            Thread.sleep(forTimeInterval: 0.001)
        }
        let answered = monotonicSeconds() - t0
        let p = try #require(paused)
        #expect(answered < 1.0, "pause took \(answered) s")
        #expect(!p.converged)
        Thread.sleep(forTimeInterval: 0.2)
        #expect(runner.snapshot.iteration == p.iteration)    // paused means no steps
        runner.resume()
        let moved = runner.waitForSnapshot(after: p.generation) { $0.iteration > p.iteration }
        #expect(moved != nil)
        let t1 = monotonicSeconds()
        #expect(runner.stop(timeout: .seconds(2)))
        #expect(monotonicSeconds() - t1 < 2)
        #expect(!runner.snapshot.converged)                   // stopped mid-layout, not run to the end
    }

    /// Run in short steps by the runner (paused and resumed on the way), the
    /// layout ends exactly where the one-go layout of `tangle layout` ends.
    @Test func progressiveRunEndsWhereTheOneGoLayoutEnds() throws {
        let g = try Generators.barabasiAlbert(nodes: 3000, m: 3, seed: 11)
        let oneGo = try GraphLayout.compute(g, algorithm: .multilevel, parameters: Self.parameters())
        let runner = try LayoutRunner(graph: g, algorithm: .multilevel, parameters: Self.parameters())
        runner.start()
        _ = runner.waitForSnapshot(after: 2)
        runner.pause()
        Thread.sleep(forTimeInterval: 0.05)
        runner.resume()
        #expect(Self.waitForConvergence(runner))
        runner.stop()
        let progressive = runner.snapshot
        #expect(progressive.iteration > 1)
        let expected = oneGo.positions.coordinates.map(Float.init)
        #expect(progressive.positions == expected)
    }

    /// Several components: each is laid out (largest first) and the result
    /// is the one-go layout's, packed the same way.
    @Test func componentsEndWhereTheOneGoLayoutEnds() throws {
        var lines: [String] = []
        for c in 0..<3 {
            let size = [400, 120, 30][c]
            for i in 0..<size { lines.append("c\(c)n\(i) c\(c)n\((i * 7 + 1) % size)"); lines.append("c\(c)n\(i) c\(c)n\((i + 1) % size)") }
        }
        lines.append("alone1 alone2")
        let g = try TestGraphs.edgeList(lines.joined(separator: "\n"))
        let oneGo = try GraphLayout.compute(g, algorithm: .multilevel, parameters: Self.parameters())
        let session = try LayoutSession(graph: g, algorithm: .multilevel, parameters: Self.parameters())
        session.multilevelSlice = 0   // one step at a time
        var steps = 0
        var sawComponents = false
        while !session.converged && steps < 100_000 {
            session.step()
            session.prepareSnapshot()
            if let p = session.progress, p.components == 4, p.component >= 2 { sawComponents = true }
            steps += 1
        }
        #expect(session.converged && sawComponents)
        #expect(session.positions.positions.coordinates == oneGo.positions.coordinates)
    }

    /// The stress terms built in steps give the sweeps the one-go build gives.
    @Test func stepwiseStressPreparationMatchesTheOneGoBuild() throws {
        let g = LayoutGraph(try Generators.barabasiAlbert(nodes: 2000, m: 2, seed: 2))
        let pool = WorkerPool(threads: 1)
        let a = SparseStress(g, pool: pool, pivots: 30, seed: 4)
        let b = SparseStress(g, pool: pool, pivots: 30, seed: 4)
        var steps = 0
        while !b.prepareStep() { steps += 1 }
        #expect(steps > 30)              // a pivot per step at least
        let pa = PositionArrays(count: g.nodeCount, dimension: 2), pb = PositionArrays(count: g.nodeCount, dimension: 2)
        SimpleLayouts.random(pa, seed: 1); SimpleLayouts.random(pb, seed: 1)
        let ra = a.smooth(pa, sweeps: 5, unit: 1)
        b.begin(pb, sweeps: 5, unit: 1)
        while b.sweep() {}
        let rb = b.finish()
        #expect(ra.before == rb.before && ra.after == rb.after && ra.after < ra.before)
        #expect((0..<g.nodeCount).allSatisfy { pa.x[$0] == pb.x[$0] && pa.y[$0] == pb.y[$0] })
    }

    /// Pivot MDS, the first picture of a big graph: far better than a random
    /// start by the stress yardstick, and shown before the coarsening ends;
    /// the layout then ends exactly where it would without it.
    @Test func pivotMDSPreviewComesFirstAndChangesNothingAtTheEnd() throws {
        let graph = try TestGraphs.grid(40, 40)
        let g = LayoutGraph(graph)
        let pool = WorkerPool(threads: 1)
        let yardstick = SparseStress(g, pool: pool, pivots: 10, seed: 1)
        let mds = PositionArrays(count: g.nodeCount, dimension: 2)
        PivotMDS.place(g, into: mds, seed: 3)
        let random = PositionArrays(count: g.nodeCount, dimension: 2)
        SimpleLayouts.random(random, seed: 3)
        #expect((0..<g.nodeCount).allSatisfy { mds.x[$0].isFinite && mds.y[$0].isFinite })
        #expect(yardstick.sampledStress(mds) < 0.1)
        #expect(yardstick.sampledStress(mds) < 0.5 * yardstick.sampledStress(random))

        let p = PositionArrays(count: g.nodeCount, dimension: 2)
        SimpleLayouts.random(p, seed: 1)
        let run = MultilevelProgress(g, into: p, parameters: Self.parameters(), pool: pool)
        run.previewAbove = 100
        run.advance(for: 10)                     // stops once the preview is placed
        #expect(run.hasPreview && run.show() && !run.isFinished)
        #expect(yardstick.sampledStress(p) < 0.1)
        while !run.advance(for: 10) {}
        let oneGo = try GraphLayout.compute(graph, algorithm: .multilevel, parameters: Self.parameters())
        #expect(p.positions.coordinates == oneGo.positions.coordinates)
    }
}
