import Synchronization
import TangleBasics

/// The newest encoded frame and the source's state, handed to any number of
/// waiting clients. Publishing never waits for a client: each client asks for
/// "anything after what I sent", and a slow one simply gets the newest frame
/// when it asks again, skipping those in between.
public final class FrameHub: Sendable {
    /// What a client sees when it wakes.
    public struct Snapshot: Sendable {
        /// Bumped on every frame and every state change.
        public var version: UInt64
        public var frame: EncodedFrame?
        public var state: SourceState
        public var segment: String
    }

    private struct State {
        var snapshot = Snapshot(version: 0, frame: nil, state: .waiting, segment: "")
        var waiters: [UInt64: CheckedContinuation<Snapshot?, Never>] = [:]
        /// Ids handed out but not yet waiting; cancellation removes them.
        var pending: Set<UInt64> = []
        var nextWaiter: UInt64 = 0
        var closed = false
        var lastInteraction: UInt64 = 0
        var lastDemand: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// The current snapshot, without waiting.
    public var current: Snapshot { state.withLock { $0.snapshot } }

    /// True once ``close()`` was called.
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Makes `frame` the newest and wakes every waiting client.
    public func publish(_ frame: EncodedFrame) {
        update { $0.frame = frame }
    }

    /// Records a change of source; clients wake to tell their viewers.
    public func setSource(_ sourceState: SourceState, segment: String) {
        update {
            $0.state = sourceState
            $0.segment = segment
        }
    }

    /// Marks that someone just interacted (lets the encoder lower quality).
    public func noteInteraction(at time: UInt64 = monotonicNanos()) {
        state.withLock { $0.lastInteraction = max($0.lastInteraction, time) }
    }

    /// Marks that someone asked for a single frame (`/frame.jpg`): the pump
    /// encodes for a while even with nobody streaming.
    public func noteDemand(at time: UInt64 = monotonicNanos()) {
        state.withLock { $0.lastDemand = max($0.lastDemand, time) }
    }

    /// When someone last asked for a single frame (CLOCK_MONOTONIC ns, 0: never).
    public var lastDemand: UInt64 { state.withLock { $0.lastDemand } }

    /// When someone last interacted (CLOCK_MONOTONIC ns, 0: never).
    public var lastInteraction: UInt64 { state.withLock { $0.lastInteraction } }

    private func update(_ change: (inout Snapshot) -> Void) {
        let woken: ([CheckedContinuation<Snapshot?, Never>], Snapshot)? = state.withLock { s in
            guard !s.closed else { return nil }
            change(&s.snapshot)
            s.snapshot.version += 1
            let list = Array(s.waiters.values)
            s.waiters.removeAll(keepingCapacity: true)
            return (list, s.snapshot)
        }
        guard let (list, snapshot) = woken else { return }
        for c in list { c.resume(returning: snapshot) }
    }

    /// Waits for a snapshot with a version after `version`. Nil once the hub
    /// is closed (server shutting down) or the calling task is cancelled.
    public func next(after version: UInt64) async -> Snapshot? {
        let id = state.withLock { s -> UInt64 in
            s.nextWaiter += 1
            s.pending.insert(s.nextWaiter)
            return s.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Snapshot?, Never>) in
                let immediate: Snapshot?? = state.withLock { s in
                    if s.pending.remove(id) == nil || s.closed { return .some(nil) }
                    if s.snapshot.version > version { return .some(s.snapshot) }
                    s.waiters[id] = c
                    return .none
                }
                if let immediate { c.resume(returning: immediate) }
            }
        } onCancel: {
            let c = state.withLock { s -> CheckedContinuation<Snapshot?, Never>? in
                if let c = s.waiters.removeValue(forKey: id) { return c }
                s.pending.remove(id)  // not waiting yet: the registration sees it gone
                return nil
            }
            c?.resume(returning: nil)
        }
    }

    /// Ends every wait, now and later: streams finish, the server can stop.
    public func close() {
        let list = state.withLock { s -> [CheckedContinuation<Snapshot?, Never>] in
            s.closed = true
            s.snapshot.state = .stopped
            let list = Array(s.waiters.values)
            s.waiters.removeAll()
            return list
        }
        for c in list { c.resume(returning: nil) }
    }
}
