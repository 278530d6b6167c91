#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFrameBusAtomics
import Synchronization
import TangleBasics

/// A bounded ring of ``InteractionEvent`` records in shared memory: any number
/// of producer processes, one consumer.
///
/// Each 64-byte cell starts with a sequence word (Vyukov's bounded queue):
/// `position` when free for that position, `position + 1` once a producer has
/// published into it. Producers claim positions with a CAS on the tail, so one
/// producer's events keep their order. When the queue is full, the oldest
/// pointer moves are evicted to make room; moves may also use at most three
/// quarters of the ring, so clicks and keys always find space unless a
/// quarter of the ring is already clicks and keys. A click or key that still
/// does not fit is refused: `push` says `.dropped` and the shared
/// `droppedEvents` counter records it, so no loss is silent.
public final class EventQueue: @unchecked Sendable {
    // @unchecked: shared words are accessed only through C11 atomics; local
    // state is in a Mutex and Atomics.
    let storage: any SharedStorage
    let base: UnsafeMutableRawPointer
    let cells: UnsafeMutableRawPointer
    /// Number of cells (a power of two).
    public let capacity: Int
    private let mask: UInt64
    private let moveLimit: UInt64
    private let stall = Mutex<(position: UInt64, since: UInt64)>((UInt64.max, 0))
    private let invalid = Atomic<Int>(0)
    /// How long a claimed cell may stay unpublished before the consumer gives
    /// up on its producer (one killed mid-push) and moves on.
    public static let abandonAfterNanos: UInt64 = 250_000_000

    init(storage: any SharedStorage, layout: BusLayout) {
        self.storage = storage
        self.base = storage.baseAddress
        self.cells = storage.baseAddress + layout.eventsOffset
        self.capacity = layout.eventCapacity
        self.mask = UInt64(layout.eventCapacity - 1)
        self.moveLimit = UInt64(layout.eventCapacity - layout.eventCapacity / 4)
    }

    static func initializeCells(_ cells: UnsafeMutableRawPointer, capacity: Int) {
        for i in 0..<capacity { fb_store64_relaxed(cells + i * BusLayout.cellBytes, UInt64(i)) }
    }

    private var tailAddress: UnsafeMutableRawPointer { base + HeaderField.eventTail }
    private var headAddress: UnsafeMutableRawPointer { base + HeaderField.eventHead }
    private func cell(_ position: UInt64) -> UnsafeMutableRawPointer {
        cells + Int(position & mask) * BusLayout.cellBytes
    }

    /// What happened to a pushed event.
    public enum PushOutcome: Sendable, Equatable {
        case queued
        /// Queued after evicting this many of the oldest pointer moves.
        case queuedAfterEvicting(Int)
        /// Not queued (and counted in ``EventStatistics``); a producer that
        /// must not lose it may push it again later.
        case dropped
    }

    // MARK: Producing

    /// Adds an event; never blocks for long (a bounded spin when another
    /// process is mid-operation on the oldest cell).
    @discardableResult
    public func push(_ event: InteractionEvent) -> PushOutcome {
        let words = event.words
        let isMove = event.kind.isCoalescable
        var evicted = 0
        var spins = 0
        while true {
            let tail = fb_load64_relaxed(tailAddress)
            let c = cell(tail)
            let seq = fb_load64_acquire(c)
            let lag = Int64(bitPattern: seq &- tail)
            if lag == 0 {
                if isMove, tail &- fb_load64_acquire(headAddress) >= moveLimit {
                    // Moves may not fill the last quarter: make room by evicting
                    // the oldest move, or drop this one.
                    switch evictOldestMove() {
                    case .evicted: evicted += 1; continue
                    case .busy where spins < 1000: spins += 1; pause(spins); continue
                    default: count(HeaderField.droppedMoves); return .dropped
                    }
                }
                guard fb_cas64_acqrel(tailAddress, tail, tail &+ 1) else { continue }
                store(words, into: c)
                guard fb_cas64_acqrel(c, tail, tail &+ 1) else {
                    // The consumer gave up on this cell while we were stalled; it
                    // counted the loss in abandonedEvents.
                    return .dropped
                }
                signalConsumer()
                return evicted > 0 ? .queuedAfterEvicting(evicted) : .queued
            } else if lag < 0 {
                // Full: the cell still holds the record from one lap ago.
                switch evictOldestMove() {
                case .evicted: evicted += 1; continue
                case .busy where spins < 1000: spins += 1; pause(spins); continue
                default:
                    count(isMove ? HeaderField.droppedMoves : HeaderField.droppedEvents)
                    return .dropped
                }
            } else if fb_load64_relaxed(tailAddress) == tail {
                // A cell ahead of a tail that did not move: only a corrupt
                // segment does that. Refuse rather than spin.
                count(isMove ? HeaderField.droppedMoves : HeaderField.droppedEvents)
                return .dropped
            }
            // Another producer took this position; try the next one.
        }
    }

    private enum Eviction { case evicted, notMove, busy }

    /// Removes the oldest event if it is a published pointer move.
    private func evictOldestMove() -> Eviction {
        let head = fb_load64_acquire(headAddress)
        let c = cell(head)
        guard fb_load64_acquire(c) == head &+ 1 else { return .busy }
        // Stable: the cell cannot be reused until someone moves the head past it,
        // and then the CAS below fails.
        let kind = UInt16(truncatingIfNeeded: fb_load64_relaxed(c + 8))
        guard kind == EventKind.pointerMove.rawValue else { return .notMove }
        guard fb_cas64_acqrel(headAddress, head, head &+ 1) else { return .busy }
        fb_store64_release(c, head &+ UInt64(capacity))
        count(HeaderField.evictedMoves)
        return .evicted
    }

    private func store(_ w: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64), into c: UnsafeMutableRawPointer) {
        fb_store64_relaxed(c + 8, w.0)
        fb_store64_relaxed(c + 16, w.1)
        fb_store64_relaxed(c + 24, w.2)
        fb_store64_relaxed(c + 32, w.3)
        fb_store64_relaxed(c + 40, w.4)
        fb_store64_relaxed(c + 48, w.5)
    }

    /// Wakes a sleeping consumer. The fence orders our claim of the tail
    /// before reading the sleep flag, pairing with the consumer's
    /// set-flag-then-recheck in ``wait(timeout:spin:)``. Only the producer that
    /// clears the flag makes the syscall, so a burst of pushes costs one wake.
    private func signalConsumer() {
        fb_fence_seqcst()
        let flag = base + HeaderField.eventSleeping
        if fb_load32_relaxed(flag) != 0, fb_exchange32_seqcst(flag, 0) != 0 {
            _ = fb_add32_seqcst(base + HeaderField.eventSignal, 1)
            fb_futex_wake_all(base + HeaderField.eventSignal)
        }
    }

    private func count(_ field: Int) { _ = fb_add64_relaxed(base + field, 1) }

    private func pause(_ round: Int) { if round > 16 { sched_yield() } }

    // MARK: Consuming (one consumer)

    /// Takes the oldest event, or nil when none is ready.
    public func pop() -> InteractionEvent? {
        while true {
            let head = fb_load64_acquire(headAddress)
            let c = cell(head)
            let seq = fb_load64_acquire(c)
            if seq == head &+ 1 {
                let words = (fb_load64_relaxed(c + 8), fb_load64_relaxed(c + 16), fb_load64_relaxed(c + 24),
                             fb_load64_relaxed(c + 32), fb_load64_relaxed(c + 40), fb_load64_relaxed(c + 48))
                // A producer evicting the oldest move may have taken it first.
                guard fb_cas64_acqrel(headAddress, head, head &+ 1) else { continue }
                fb_store64_release(c, head &+ UInt64(capacity))
                guard let event = InteractionEvent(words: words) else {
                    invalid.add(1, ordering: .relaxed)
                    continue
                }
                return event
            }
            if seq == head {
                // Free, or claimed by a producer that has not published yet.
                if fb_load64_acquire(tailAddress) == head { return nil }
                if abandonIfStalled(head, c) { continue }
                return nil
            }
            // The head moved under us (an eviction): look again. If it did not
            // move, the cell is corrupt; report nothing rather than spin.
            if fb_load64_acquire(headAddress) == head { return nil }
        }
    }

    /// Skips a cell whose producer claimed it but has not published for
    /// ``abandonAfterNanos`` (killed mid-push), so one dead producer cannot
    /// wedge the queue. Returns true if the cell was skipped.
    private func abandonIfStalled(_ head: UInt64, _ c: UnsafeMutableRawPointer) -> Bool {
        let now = monotonicNanos()
        let since = stall.withLock { state -> UInt64 in
            if state.position != head { state = (head, now) }
            return state.since
        }
        guard now &- since >= Self.abandonAfterNanos else { return false }
        // Take the cell back for the next lap; the stalled producer's publishing
        // CAS (head → head+1) then fails and it reports .dropped.
        guard fb_cas64_acqrel(c, head, head &+ UInt64(capacity)) else { return false }
        _ = fb_cas64_acqrel(headAddress, head, head &+ 1)
        count(HeaderField.abandonedEvents)
        return true
    }

    /// Takes up to `limit` events, oldest first.
    public func drain(limit: Int = .max) -> [InteractionEvent] {
        var out: [InteractionEvent] = []
        while out.count < limit, let e = pop() { out.append(e) }
        return out
    }

    /// Events claimed or waiting (approximate while producers run).
    public var pendingCount: Int {
        let tail = fb_load64_acquire(tailAddress)
        let head = fb_load64_acquire(headAddress)
        return tail > head ? Int(min(tail - head, UInt64(capacity))) : 0
    }

    /// Sleeps until an event is pending or `timeout` passes; true if one is.
    /// Spins for `spin` first, which saves a sleep and a wake-up syscall when
    /// events come in bursts.
    public func wait(timeout: Duration, spin: Duration = .zero) -> Bool {
        let start = monotonicNanos()
        let deadline = start &+ nanos(timeout)
        let spinUntil = start &+ nanos(spin)
        let signal = base + HeaderField.eventSignal
        let flag = base + HeaderField.eventSleeping
        while true {
            if pendingCount > 0 { return true }
            let now = monotonicNanos()
            if now >= deadline { return false }
            if now < spinUntil { continue }
            // Raise the flag first, then look again: a producer that claimed a
            // cell before seeing the flag is caught by the re-check; one after
            // it clears the flag, bumps the signal word and wakes us.
            _ = fb_exchange32_seqcst(flag, 1)
            let seen = fb_load32_seqcst(signal)
            if pendingCount == 0 {
                _ = fb_futex_wait(signal, seen, Int64(deadline - now))
            }
            fb_store32_release(flag, 0)
        }
    }

    /// Losses so far (shared counters, seen by every process).
    public var statistics: EventStatistics {
        EventStatistics(evictedMoves: fb_load64_relaxed(base + HeaderField.evictedMoves),
                        droppedMoves: fb_load64_relaxed(base + HeaderField.droppedMoves),
                        droppedEvents: fb_load64_relaxed(base + HeaderField.droppedEvents),
                        abandonedEvents: fb_load64_relaxed(base + HeaderField.abandonedEvents),
                        invalidEvents: UInt64(invalid.load(ordering: .relaxed)))
    }
}

/// What an event queue has lost, and why.
public struct EventStatistics: Sendable, Equatable {
    /// Oldest pointer moves removed to make room (coalescing under pressure).
    public var evictedMoves: UInt64
    /// New pointer moves refused because the queue was full of other events.
    public var droppedMoves: UInt64
    /// Clicks, keys and wheel events refused because the queue was full; each
    /// producer was told (`.dropped`).
    public var droppedEvents: UInt64
    /// Cells skipped because their producer stalled mid-push for too long.
    public var abandonedEvents: UInt64
    /// Records this consumer refused to decode (unknown kind, bad position).
    public var invalidEvents: UInt64
}
