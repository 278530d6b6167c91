import Foundation
import Testing
import GraphCore
import Synchronization
@testable import Layout

@Suite struct LayoutRunnerTests {
    /// A reader thread reads as fast as it can while the runner steps: every
    /// snapshot it sees is whole (its checksum matches its positions, all
    /// finite, the right count) and iterations never go backwards.
    @Test func snapshotsAreConsistentWhileAReaderReads() throws {
        let g = try TestGraphs.grid(40, 40)
        let runner = try LayoutRunner(graph: g, algorithm: .forceAtlas2)
        let stop = Atomic<Bool>(false)
        let problems = Atomic<Int>(0)
        let reads = Atomic<Int>(0)
        let seen = Atomic<Int>(0)
        let reader = Thread {
            var lastIteration = -1, lastGeneration = -1
            while !stop.load(ordering: .relaxed) {
                let s = runner.snapshot
                var sum = 0.0
                for v in s.positions { sum += Double(v) }
                var bad = sum != s.checksum || s.positions.count != 1600 * 2 || !s.positions.allSatisfy(\.isFinite)
                bad = bad || s.iteration < lastIteration || s.generation < lastGeneration
                if bad { problems.add(1, ordering: .relaxed) }
                if s.generation != lastGeneration { seen.add(1, ordering: .relaxed) }
                lastIteration = s.iteration; lastGeneration = s.generation
                reads.add(1, ordering: .relaxed)
            }
        }
        reader.start()
        runner.start()
        let deadline = Date().addingTimeInterval(20)
        while runner.snapshot.iteration < 150 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        stop.store(true, ordering: .relaxed)
        runner.stop()
        #expect(runner.snapshot.iteration >= 150)
        #expect(problems.load(ordering: .relaxed) == 0)
        #expect(seen.load(ordering: .relaxed) > 5)
        #expect(reads.load(ordering: .relaxed) > seen.load(ordering: .relaxed))
    }

    /// A parameter set between two single steps is used by the second step,
    /// exactly as a session stepping with the same parameters would.
    @Test func parameterChangesTakeEffectOnTheNextStep() throws {
        let g = try TestGraphs.karate()
        var base = LayoutParameters()
        base.threads = 1
        let runner = try LayoutRunner(graph: g, algorithm: .forceAtlas2, parameters: base)
        runner.start(paused: true)
        runner.step()
        let first = try #require(runner.waitForSnapshot(after: 0) { $0.iteration == 1 })
        #expect(first.parameters.scaling == 2)
        try runner.update { $0.scaling = 50; $0.gravity = 0.1 }
        #expect(runner.snapshot.iteration == 1)   // nothing stepped yet
        runner.step()
        let second = try #require(runner.waitForSnapshot(after: first.generation) { $0.iteration == 2 })
        #expect(second.parameters.scaling == 50 && second.parameters.gravity == 0.1)
        // The same two steps by hand.
        let s = try LayoutSession(graph: g, algorithm: .forceAtlas2, parameters: base)
        s.step()
        var changed = base
        changed.scaling = 50; changed.gravity = 0.1
        try s.setParameters(changed)
        s.step()
        let expected = s.positions.positions.coordinates.map { Float($0) }
        #expect(second.positions == expected)
        runner.stop()
    }

    @Test func outOfRangeParametersAreRefusedAtOnce() throws {
        let runner = try LayoutRunner(graph: try TestGraphs.karate())
        #expect(throws: GraphError(source: "gravity", "must be in 0.0...1000000.0, got -1.0")) {
            try runner.update { $0.gravity = -1 }
        }
        #expect(runner.parameters.gravity == 1)
    }

    @Test func pauseResumeStepResetAndSwitchAlgorithm() throws {
        let g = try TestGraphs.karate()
        let runner = try LayoutRunner(graph: g, algorithm: .forceAtlas2)
        let start = runner.snapshot
        runner.start(paused: true)
        runner.step(3)
        let three = try #require(runner.waitForSnapshot(after: 0) { $0.iteration == 3 && !$0.isRunning })
        Thread.sleep(forTimeInterval: 0.05)
        #expect(runner.snapshot.iteration == 3)   // paused: no more steps

        runner.resume()
        let running = try #require(runner.waitForSnapshot(after: three.generation) { $0.iteration >= 20 })
        #expect(running.stepsPerSecond > 0)
        runner.pause()
        Thread.sleep(forTimeInterval: 0.05)
        let paused = runner.snapshot
        Thread.sleep(forTimeInterval: 0.05)
        #expect(runner.snapshot.iteration == paused.iteration)

        // Switching keeps positions: the first FR step starts where FA2 stopped.
        runner.setAlgorithm(.fruchtermanReingold)
        runner.step()
        let fr = try #require(runner.waitForSnapshot(after: paused.generation) { $0.algorithm == .fruchtermanReingold && $0.iteration == paused.iteration + 1 })
        var moved = 0.0
        for k in 0..<fr.positions.count { moved = max(moved, Double(abs(fr.positions[k] - paused.positions[k]))) }
        #expect(moved < 5)

        runner.reset()
        let reset = try #require(runner.waitForSnapshot(after: fr.generation) { $0.iteration == 0 })
        #expect(reset.positions == start.positions)
        runner.stop()
    }

    @Test func convergenceIsObservableAndStopsStepping() throws {
        let runner = try LayoutRunner(graph: try TestGraphs.ring(12), algorithm: .forceAtlas2)
        runner.start()
        let done = try #require(runner.waitForSnapshot(after: 0, timeout: .seconds(30)) { $0.converged })
        #expect(!done.isRunning)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(runner.snapshot.iteration == done.iteration)
        // A change gives it another go.
        try runner.update { $0.scaling = 20 }
        let again = try #require(runner.waitForSnapshot(after: done.generation) { $0.iteration > done.iteration })
        #expect(again.parameters.scaling == 20)
        runner.stop()
    }

    @Test func threeDimensionalRunnerSnapshots() throws {
        var p = LayoutParameters()
        p.dimension = 3
        let runner = try LayoutRunner(graph: try TestGraphs.grid(10, 10), algorithm: .forceAtlas2, parameters: p)
        runner.start(paused: true)
        runner.step(50)
        let s = try #require(runner.waitForSnapshot(after: 0) { $0.iteration == 50 })
        #expect(s.dimension == 3 && s.positions.count == 300)
        let zs = (0..<100).map { s.position(of: $0).z }
        #expect((zs.max() ?? 0) - (zs.min() ?? 0) > 1)
        runner.stop()
    }

    /// While the foreground asks for the cores the layout takes no step, but
    /// never for longer than `maxForegroundWait` at a stretch; released, it
    /// steps freely again. (Margins are wide: this is behaviour, not speed.)
    @Test func yieldingToTheForegroundHoldsStepsBriefly() throws {
        let g = try TestGraphs.grid(20, 20)
        let runner = try LayoutRunner(graph: g, algorithm: .forceAtlas2)
        var p = LayoutParameters()
        p.convergenceTolerance = 1e-9   // keep it running
        try runner.setParameters(p)
        runner.start()
        defer { runner.stop() }
        let first = try #require(runner.waitForSnapshot(after: 0))
        let clock = ContinuousClock()
        let heldAt = clock.now
        runner.yieldToForeground(true)
        // One step may have been under way when the flag was set.
        let held = runner.waitForSnapshot(after: first.generation, timeout: .milliseconds(20))
        let base = held?.iteration ?? first.iteration
        Thread.sleep(forTimeInterval: 0.02)
        let now = runner.snapshot.iteration
        // (Only meaningful if this thread was not itself held up past the limit.)
        if clock.now - heldAt < LayoutRunner.maxForegroundWait - .milliseconds(5) {
            #expect(now <= base + 1, "steps taken while held: \(now - base)")
        }
        // Held past the limit, it steps anyway.
        let late = runner.waitForSnapshot(after: runner.snapshot.generation, timeout: .seconds(5))
        #expect(late != nil)
        runner.yieldToForeground(false)
        let before = runner.snapshot.iteration
        Thread.sleep(forTimeInterval: 0.2)
        #expect(runner.snapshot.iteration > before + 5)
    }
}

extension LayoutRunner {
    /// Waits for a snapshot newer than `generation` that satisfies `condition`.
    func waitForSnapshot(after generation: Int, timeout: Duration = .seconds(20),
                         _ condition: (LayoutSnapshot) -> Bool) -> LayoutSnapshot? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var g = generation
        while clock.now < deadline {
            guard let s = waitForSnapshot(after: g, timeout: deadline - clock.now) else { return nil }
            if condition(s) { return s }
            g = s.generation
        }
        return nil
    }
}
