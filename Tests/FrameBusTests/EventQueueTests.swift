// The event queue's logic, in process: order, full-queue policy, counters,
// bad records and a producer that dies mid-push.
import Foundation
import Testing
import CFrameBusAtomics
@testable import FrameBus

@Suite struct EventQueueTests {
    func queue(_ capacity: Int) throws -> FrameBus {
        try FrameBus.inProcess(FrameBusConfiguration(maxWidth: 1, maxHeight: 1, slotCount: 1, eventCapacity: capacity))
    }

    func move(_ serial: Int) -> InteractionEvent {
        InteractionEvent(kind: .pointerMove, x: 0.25, y: 0.75, source: 1, serial: UInt32(serial))
    }

    func click(_ serial: Int) -> InteractionEvent {
        InteractionEvent(kind: .pointerDown, x: 0.5, y: 0.5, buttons: .primary, modifiers: [.shift, .control],
                         source: 2, serial: UInt32(serial))
    }

    @Test func eventKindsHaveFixedRawValues() {
        // Part of the shared layout: renumbering breaks other processes.
        #expect(EventKind.allCases.map(\.rawValue) == [1, 2, 3, 4, 5, 6])
        #expect(EventKind.allCases.filter(\.isCoalescable) == [.pointerMove])
    }

    @Test func everyFieldSurvivesTheQueueInOrder() throws {
        let bus = try queue(16)
        let key = InteractionEvent(kind: .keyDown, keyCode: 0x1F600, source: 7, serial: 3, timestamp: 123_456_789)
        let wheel = InteractionEvent(kind: .wheel, x: 1, y: 0, wheelX: -1.5, wheelY: 3, source: 7, serial: 4)
        let sent = [click(1), move(2), key, wheel]
        for e in sent { #expect(bus.events.push(e) == .queued) }
        #expect(bus.events.pendingCount == 4)
        #expect(bus.events.drain() == sent)
        #expect(bus.events.pop() == nil)
        #expect(bus.events.pendingCount == 0)
    }

    @Test func theRingWrapsAroundManyTimes() throws {
        let bus = try queue(8)
        var next = 0
        for round in 0..<100 {
            for i in 0..<5 { #expect(bus.events.push(click(round * 5 + i)) == .queued) }
            for _ in 0..<5 {
                #expect(bus.events.pop()?.serial == UInt32(next))
                next += 1
            }
        }
        #expect(bus.events.statistics == EventStatistics(evictedMoves: 0, droppedMoves: 0, droppedEvents: 0,
                                                         abandonedEvents: 0, invalidEvents: 0))
    }

    @Test func aFullQueueEvictsTheOldestMovesToKeepClicks() throws {
        let bus = try queue(16)
        // Moves may fill only three quarters (12 of 16); later moves evict the oldest.
        for i in 0..<20 { _ = bus.events.push(move(i)) }
        #expect(bus.events.pendingCount == 12)
        #expect(bus.events.statistics.evictedMoves == 8)
        // Clicks use the reserved quarter, then evict moves.
        for i in 0..<10 {
            let outcome = bus.events.push(click(100 + i))
            #expect(outcome != .dropped)
        }
        let got = bus.events.drain()
        #expect(got.count == 16)
        #expect(got.filter { $0.kind == .pointerDown }.map(\.serial) == (100..<110).map(UInt32.init))
        // The surviving moves are the newest ones, still in order.
        #expect(got.filter { $0.kind == .pointerMove }.map(\.serial) == (14..<20).map(UInt32.init))
        #expect(bus.events.statistics.evictedMoves == 14)
        #expect(bus.events.statistics.droppedEvents == 0)
    }

    @Test func clicksThatCannotFitAreRefusedAndCounted() throws {
        let bus = try queue(8)
        for i in 0..<8 { #expect(bus.events.push(click(i)) == .queued) }
        #expect(bus.events.push(click(8)) == .dropped)
        #expect(bus.events.push(move(9)) == .dropped)
        let stats = bus.events.statistics
        #expect(stats.droppedEvents == 1)
        #expect(stats.droppedMoves == 1)
        #expect(stats.evictedMoves == 0)
        #expect(bus.events.drain().map(\.serial) == (0..<8).map(UInt32.init))
        // Room again: the producer that was told .dropped can push it now.
        #expect(bus.events.push(click(8)) == .queued)
    }

    @Test func recordsWithUnknownKindsOrPositionsAreSkipped() throws {
        let bus = try queue(8)
        #expect(bus.events.push(click(1)) == .queued)
        #expect(bus.events.push(click(2)) == .queued)
        #expect(bus.events.push(click(3)) == .queued)
        // A hostile producer's records: kind 999, and x = NaN.
        let base = try bus.storage.baseAddress + BusLayout(FrameBusConfiguration(maxWidth: 1, maxHeight: 1, slotCount: 1,
                                                                             eventCapacity: 8)).eventsOffset
        fb_store64_relaxed(base + 8, 999)
        fb_store64_relaxed(base + 64 + 16, UInt64(Float.nan.bitPattern))
        #expect(bus.events.drain().map(\.serial) == [3])
        #expect(bus.events.statistics.invalidEvents == 2)
    }

    @Test func aProducerKilledMidPushDoesNotWedgeTheQueue() throws {
        let bus = try queue(8)
        #expect(bus.events.push(click(1)) == .queued)
        // Claim a position the way a producer does, then never publish it.
        let tail = bus.storage.baseAddress + HeaderField.eventTail
        #expect(fb_cas64_acqrel(tail, 1, 2))
        #expect(bus.events.push(click(3)) == .queued)
        #expect(bus.events.pop()?.serial == 1)
        #expect(bus.events.pop() == nil)   // waiting for the stalled producer
        usleep(UInt32(EventQueue.abandonAfterNanos / 1000) + 50_000)
        #expect(bus.events.pop()?.serial == 3)
        #expect(bus.events.statistics.abandonedEvents == 1)
    }

    @Test func aWaitingConsumerWakesOnPush() throws {
        let bus = try queue(8)
        #expect(!bus.events.wait(timeout: .milliseconds(10)))
        let pusher = Thread {
            usleep(30_000)
            bus.events.push(InteractionEvent(kind: .keyDown, keyCode: 65))
        }
        pusher.start()
        #expect(bus.events.wait(timeout: .seconds(20)))
        #expect(bus.events.pop()?.keyCode == 65)
    }

    @Test func threadsProducingConcurrentlyKeepTheirOwnOrder() throws {
        let bus = try queue(256)
        let perProducer = 20_000
        let producers = (1...3).map { source in
            Thread {
                for i in 0..<perProducer {
                    let e = InteractionEvent(kind: .keyDown, keyCode: 1, source: UInt32(source), serial: UInt32(i))
                    while bus.events.push(e) == .dropped { sched_yield() }
                }
            }
        }
        producers.forEach { $0.start() }
        var next = [UInt32: UInt32]()
        var received = 0, outOfOrder = 0
        while received < 3 * perProducer {
            guard let e = bus.events.pop() else { continue }
            if e.serial != next[e.source, default: 0] { outOfOrder += 1 }
            next[e.source] = e.serial + 1
            received += 1
        }
        #expect(outOfOrder == 0)
        #expect(next == [1: UInt32(perProducer), 2: UInt32(perProducer), 3: UInt32(perProducer)])
    }
}
