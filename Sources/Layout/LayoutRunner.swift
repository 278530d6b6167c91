import Foundation
import GraphCore
import Synchronization
import TangleBasics

/// Runs a layout on its own thread and publishes immutable snapshots.
///
/// Every control call returns at once: it queues a command that the layout
/// thread applies before its next step. `snapshot` swaps out a reference
/// under a lock held only for that swap, so a reader never waits for a step
/// and never sees half of one. Deterministic for a seed with `threads = 1`
/// (and in practice with 2: forces are summed per node in a fixed order).
public final class LayoutRunner: Sendable {
    private enum Command {
        case pause, resume, step(Int), reset
        case algorithm(LayoutAlgorithm)
        case parameters(LayoutParameters)
        case positions(LayoutPositions)
        case sizes([Double]?)
    }

    private struct Control {
        var commands: [Command] = []
        var stopping = false
        var started = false
        /// The latest parameters asked for (validated), for `parameters`.
        var parameters: LayoutParameters
    }

    private let control: Mutex<Control>
    private let latest: Mutex<LayoutSnapshot>
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let session: SessionBox
    private let handler: (@Sendable (LayoutSnapshot) -> Void)?
    /// Set while the foreground (the explorer drawing a frame) wants the
    /// cores; see `yieldToForeground(_:)`.
    private let foregroundBusy = Atomic<Bool>(false)
    /// The longest the layout waits for the foreground at a stretch.
    public static let maxForegroundWait: Duration = .milliseconds(60)
    /// Shortest time between two snapshots while running freely.
    public static let publishInterval: Duration = .milliseconds(4)

    /// Prepares a layout of `graph`; nothing runs until `start()`.
    /// `algorithm` nil picks multilevel for large graphs, ForceAtlas2 otherwise.
    /// `onSnapshot` is called on the layout thread after each publish (keep it short,
    /// e.g. post an event to the UI loop).
    public init(graph: Graph, algorithm: LayoutAlgorithm? = nil, parameters: LayoutParameters = LayoutParameters(),
                initial: LayoutPositions? = nil, onSnapshot: (@Sendable (LayoutSnapshot) -> Void)? = nil) throws {
        let chosen = algorithm ?? .automatic(nodeCount: graph.nodeCount, threshold: parameters.multilevelThreshold)
        let s = try LayoutSession(graph: graph, algorithm: chosen, parameters: parameters, initial: initial)
        session = SessionBox(s)
        control = Mutex(Control(parameters: parameters))
        latest = Mutex(LayoutSnapshot(iteration: 0, generation: 0, globalSpeed: 0, converged: false, isRunning: false,
                                      stepsPerSecond: 0, algorithm: chosen, parameters: parameters, source: s.positions,
                                      progress: s.progress, provisional: s.provisional))
        handler = onSnapshot
    }

    deinit { stop() }

    /// The latest published snapshot; never blocks on a step.
    public var snapshot: LayoutSnapshot { latest.withLock { $0 } }

    /// The parameters most recently set (applied at the next step).
    public var parameters: LayoutParameters { control.withLock { $0.parameters } }

    /// Starts the layout thread, running unless `paused`. A `niceness`
    /// above 0 lowers the priority of the layout's threads (the explorer's:
    /// a step of a million nodes takes a second on both cores, and a frame
    /// drawn meanwhile must get the cores first; idle cores still go to it).
    public func start(paused: Bool = false, niceness: Int32 = 0) {
        let first = control.withLock { c -> Bool in
            guard !c.started else { return false }
            c.started = true
            if !paused { c.commands.append(.resume) }
            return true
        }
        guard first else { return }
        let t = Thread { [self] in
            if niceness > 0 {
                lowerThreadPriority(to: niceness)
                session.value.niceness = niceness
            }
            self.loop()
        }
        t.name = "tangle.layout"
        t.start()
    }

    public func pause() { send(.pause) }
    public func resume() { send(.resume) }
    /// Runs `count` steps, then stays paused.
    public func step(_ count: Int = 1) { send(.step(max(1, count))) }
    /// Back to the starting positions (the initial ones, or random by seed).
    public func reset() { send(.reset) }
    /// Switches algorithm, keeping positions.
    public func setAlgorithm(_ a: LayoutAlgorithm) { send(.algorithm(a)) }
    /// Replaces every position (e.g. loaded from a file); counts must match.
    public func setPositions(_ p: LayoutPositions) throws {
        let n = snapshot.nodeCount
        guard p.count == n else { throw GraphError("positions give \(p.count) nodes, the graph has \(n)") }
        send(.positions(p))
    }
    /// Node radii for ForceAtlas2's preventOverlap; nil uses parameters.nodeSize.
    public func setNodeSizes(_ sizes: [Double]?) { send(.sizes(sizes)) }

    /// While `busy`, the layout thread takes no new step (for at most
    /// `maxForegroundWait` at a stretch, so it never starves): on two cores a
    /// frame drawn while both cores compute forces takes twice as long, and
    /// a person sees frames, not steps. Commands are still taken at once.
    public func yieldToForeground(_ busy: Bool) {
        foregroundBusy.store(busy, ordering: .releasing)
    }

    /// Validates now (throwing a GraphError that names the allowed range) and
    /// applies at the next step.
    public func setParameters(_ p: LayoutParameters) throws {
        try p.validate()
        control.withLock { $0.parameters = p; $0.commands.append(.parameters(p)) }
        wake.signal()
    }

    /// Changes some parameters: `try runner.update { $0.gravity = 5 }`.
    public func update(_ change: (inout LayoutParameters) -> Void) throws {
        var p = parameters
        change(&p)
        try setParameters(p)
    }

    /// Ends the layout thread and waits for it (at most `timeout`, when
    /// given: a step of a large graph cannot be interrupted, and a person
    /// quitting should not wait for it); the last snapshot stays readable.
    /// Returns false when the thread was still in a step at the timeout.
    @discardableResult
    public func stop(timeout: Duration? = nil) -> Bool {
        let wasRunning = control.withLock { c -> Bool in
            let r = c.started && !c.stopping
            c.stopping = true
            return r
        }
        guard wasRunning else { return true }
        wake.signal()
        guard let timeout else { finished.wait(); return true }
        let (s, atto) = timeout.components
        return finished.wait(timeout: .now() + .nanoseconds(Int(s) * 1_000_000_000 + Int(atto / 1_000_000_000))) == .success
    }

    /// Waits (up to `timeout`) for a snapshot whose generation is above
    /// `generation`; for tools and tests, not for a render loop.
    public func waitForSnapshot(after generation: Int, timeout: Duration = .seconds(10)) -> LayoutSnapshot? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            let s = snapshot
            if s.generation > generation { return s }
            Thread.sleep(forTimeInterval: 0.001)
        }
        return nil
    }

    private func send(_ c: Command) {
        control.withLock { $0.commands.append(c) }
        wake.signal()
    }

    // MARK: the layout thread

    private func loop() {
        let s = session.value
        // A multilevel step ends early when a frame starts drawing (or a command comes).
        s.shouldYield = { [unowned self] in
            foregroundBusy.load(ordering: .acquiring) || control.withLock { !$0.commands.isEmpty || $0.stopping }
        }
        var running = false
        var autoPaused = false
        var pendingSteps = 0
        var generation = 0
        var dirty = false
        let clock = ContinuousClock()
        var lastPublish = clock.now
        var waitingSince: ContinuousClock.Instant?
        // When steps ended and the iteration count then (a multilevel step
        // counts all the refinement steps and sweeps it took).
        var stepTimes: [(at: ContinuousClock.Instant, iteration: Int)] = []
        stepTimes.reserveCapacity(4096)
        func rate() -> Double {
            let now = clock.now
            // Keep at least two entries: a multilevel step of a million nodes can take longer than the window.
            while stepTimes.count > 2, let first = stepTimes.first, now - first.at > .milliseconds(1000) {
                stepTimes.removeFirst()
            }
            guard stepTimes.count >= 2, let first = stepTimes.first, let last = stepTimes.last,
                  now - last.at < .seconds(5) else { return 0 }
            let span = last.at - first.at
            let secs = Double(span.components.seconds) + Double(span.components.attoseconds) * 1e-18
            return secs > 0 ? Double(last.iteration - first.iteration) / secs : 0
        }
        func publish() {
            generation += 1
            s.prepareSnapshot()
            let snap = LayoutSnapshot(iteration: s.iteration, generation: generation, globalSpeed: s.globalSpeed,
                                      converged: s.converged, isRunning: running || pendingSteps > 0,
                                      stepsPerSecond: running || pendingSteps > 0 ? rate() : 0,
                                      algorithm: s.algorithm, parameters: s.parameters,
                                      source: s.positions, progress: s.progress, provisional: s.provisional)
            latest.withLock { $0 = snap }
            lastPublish = clock.now
            dirty = false
            handler?(snap)
        }
        while true {
            let (commands, stopping) = control.withLock { c -> ([Command], Bool) in
                let taken = c.commands
                c.commands.removeAll(keepingCapacity: true)
                return (taken, c.stopping)
            }
            if stopping { break }
            for c in commands {
                switch c {
                case .pause: running = false; autoPaused = false; pendingSteps = 0
                case .resume:
                    if !running { stepTimes.removeAll() }
                    running = true
                    if s.converged { s.clearConverged() }
                case .step(let k): running = false; autoPaused = false; pendingSteps += k
                case .reset: s.reset(); stepTimes.removeAll()
                case .algorithm(let a): s.setAlgorithm(a); stepTimes.removeAll()
                case .parameters(let p): try? s.setParameters(p)
                case .positions(let p): try? s.setPositions(p)
                case .sizes(let z): s.setNodeSizes(z)
                }
                if autoPaused, !s.converged {
                    // A change after convergence gives the layout another go.
                    running = true; autoPaused = false
                }
                dirty = true
            }
            if running || pendingSteps > 0 {
                if foregroundBusy.load(ordering: .acquiring) {
                    let now = clock.now
                    let since = waitingSince ?? now
                    waitingSince = since
                    if now - since < Self.maxForegroundWait {
                        Thread.sleep(forTimeInterval: 0.0005)
                        continue
                    }
                } else {
                    waitingSince = nil
                }
                if stepTimes.isEmpty { stepTimes.append((clock.now, s.iteration)) }
                s.step()
                stepTimes.append((clock.now, s.iteration))
                if pendingSteps > 0 { pendingSteps -= 1 }
                if s.converged && running { running = false; autoPaused = true }
                dirty = true
                if !running || pendingSteps == 0 || clock.now - lastPublish >= Self.publishInterval { publish() }
            } else {
                if dirty { publish() }
                wake.wait()
            }
        }
        if dirty { publish() }
        finished.signal()
    }
}

/// Hands the session to the layout thread, which alone uses it afterwards.
private final class SessionBox: @unchecked Sendable {
    // Safety: after init only the layout thread touches `value`.
    let value: LayoutSession
    init(_ v: LayoutSession) { value = v }
}
