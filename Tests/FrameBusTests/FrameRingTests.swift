// The frame ring's logic, in process (anonymous memory): the same code the
// POSIX segments run.
import Foundation
import Testing
@testable import FrameBus
import FrameBusProbeSupport
import TangleBasics

@Suite struct FrameRingTests {
    func solidFrame(_ width: Int, _ height: Int, _ value: UInt8) -> [UInt8] {
        [UInt8](repeating: value, count: width * height * 4)
    }

    @Test func publishedFramesAreReadBackWithTheirSizeAndNumber() throws {
        let bus = try FrameBus.inProcess(FrameBusConfiguration(maxWidth: 64, maxHeight: 32, eventCapacity: 64))
        #expect(bus.frames.latestFrameNumber == 0)
        var buffer: [UInt8] = []
        #expect(bus.frames.copyLatest(into: &buffer) == nil)

        let first = try bus.frames.publish(solidFrame(10, 5, 7), width: 10, height: 5)
        let second = try bus.frames.publish(solidFrame(64, 32, 9), width: 64, height: 32, format: .bgra8)
        #expect(first == 1)
        #expect(second == 2)
        let info = try #require(bus.frames.copyLatest(into: &buffer))
        #expect(info.frameNumber == 2)
        #expect(info.width == 64 && info.height == 32 && info.stride == 256 && info.format == .bgra8)
        #expect(buffer.count == 64 * 32 * 4)
        #expect(buffer.allSatisfy { $0 == 9 })
        #expect(info.publishedAt > 0 && info.publishedAt <= monotonicNanos())
    }

    @Test func unchangedFramesAreNotDeliveredAgain() throws {
        let bus = try FrameBus.inProcess(FrameBusConfiguration(maxWidth: 8, maxHeight: 8, eventCapacity: 64))
        try bus.frames.publish(solidFrame(8, 8, 1), width: 8, height: 8)
        var buffer: [UInt8] = []
        let seen = try #require(bus.frames.copyLatest(newerThan: 0, into: &buffer)).frameNumber
        #expect(!bus.frames.hasFrame(newerThan: seen))
        #expect(bus.frames.copyLatest(newerThan: seen, into: &buffer) == nil)
        #expect(bus.frames.read(newerThan: seen) { _ in true } == nil)
        try bus.frames.publish(solidFrame(8, 8, 2), width: 8, height: 8)
        #expect(bus.frames.hasFrame(newerThan: seen))
        #expect(bus.frames.copyLatest(newerThan: seen, into: &buffer)?.frameNumber == seen + 1)
    }

    @Test func aReaderSkipsToTheNewestFrameAcrossWrapAround() throws {
        let bus = try FrameBus.inProcess(FrameBusConfiguration(maxWidth: 4, maxHeight: 4, slotCount: 3, eventCapacity: 64))
        for v in 1...10 { try bus.frames.publish(solidFrame(4, 4, UInt8(v)), width: 4, height: 4) }
        var buffer: [UInt8] = []
        let info = try #require(bus.frames.copyLatest(newerThan: 2, into: &buffer))
        #expect(info.frameNumber == 10)
        #expect(buffer.allSatisfy { $0 == 10 })
    }

    @Test func renderingStraightIntoTheSlotPublishesWithoutACopy() throws {
        let bus = try FrameBus.inProcess(FrameBusConfiguration(maxWidth: 16, maxHeight: 16, eventCapacity: 64))
        let (number, sum) = try bus.frames.withNextSlot(width: 3, height: 2, stride: 16) { slot -> Int in
            #expect(slot.count == 32)
            for i in 0..<slot.count { slot[i] = UInt8(i) }
            return slot.count
        }
        #expect(number == 1 && sum == 32)
        let got = try #require(bus.frames.read { view in Array(view.bytes) })
        #expect(got.info.stride == 16 && got.info.width == 3 && got.info.byteCount == 32)
        #expect(got.result == (0..<32).map(UInt8.init))
    }

    struct RenderFailed: Error {}

    @Test func aFailedRenderPublishesNothing() throws {
        let bus = try FrameBus.inProcess(FrameBusConfiguration(maxWidth: 4, maxHeight: 4, slotCount: 1, eventCapacity: 64))
        try bus.frames.publish(solidFrame(4, 4, 5), width: 4, height: 4)
        #expect(throws: RenderFailed.self) {
            try bus.frames.withNextSlot(width: 4, height: 4) { slot in
                slot.initializeMemory(as: UInt8.self, repeating: 99)
                throw RenderFailed()
            }
        }
        #expect(bus.frames.latestFrameNumber == 1)
        // With one slot the old frame was overwritten; it must not be handed out as frame 1.
        var buffer: [UInt8] = []
        #expect(bus.frames.copyLatest(into: &buffer) == nil)
        #expect(try bus.frames.publish(solidFrame(4, 4, 6), width: 4, height: 4) == 2)
        #expect(bus.frames.copyLatest(into: &buffer)?.frameNumber == 2)
        #expect(buffer.allSatisfy { $0 == 6 })
    }

    @Test func framesBeyondTheMaximumAreRefused() throws {
        let bus = try FrameBus.inProcess(FrameBusConfiguration(maxWidth: 8, maxHeight: 8, eventCapacity: 64))
        #expect { try bus.frames.publish(solidFrame(9, 8, 0), width: 9, height: 8) } throws: {
            ($0 as? FrameBusError)?.kind == .frameTooLarge
        }
        #expect { try bus.frames.publish(solidFrame(8, 8, 0), width: 8, height: 8, stride: 40) } throws: {
            ($0 as? FrameBusError)?.kind == .frameTooLarge
        }
        #expect { try bus.frames.publish(solidFrame(8, 8, 0), width: 8, height: 8, stride: 16) } throws: {
            ($0 as? FrameBusError)?.kind == .frameTooLarge
        }
        #expect { try bus.frames.publish([1, 2, 3], width: 8, height: 8) } throws: {
            ($0 as? FrameBusError)?.kind == .frameTooLarge
        }
        #expect(bus.frames.latestFrameNumber == 0)
    }

    @Test func badConfigurationsAreRefused() {
        for c in [FrameBusConfiguration(slotCount: 0), FrameBusConfiguration(slotCount: 17),
                  FrameBusConfiguration(maxWidth: 0), FrameBusConfiguration(maxHeight: 20000),
                  FrameBusConfiguration(eventCapacity: 1000), FrameBusConfiguration(eventCapacity: 2)] {
            #expect { try FrameBus.inProcess(c) } throws: { ($0 as? FrameBusError)?.kind == .invalidConfiguration }
        }
    }

    @Test func aWaitingReaderWakesOnPublishAndOnClose() throws {
        let bus = try FrameBus.inProcess(FrameBusConfiguration(maxWidth: 4, maxHeight: 4, eventCapacity: 64))
        #expect(bus.frames.wait(newerThan: 0, timeout: .milliseconds(20)) == .timedOut)
        let outcome = Locked<FrameWait?>(nil)
        let waiter = Thread {
            // Woken by the publish below, long before the 20 s timeout.
            let r = bus.frames.wait(newerThan: 0, timeout: .seconds(20))
            outcome.withLock { $0 = r }
        }
        let start = ContinuousClock.now
        waiter.start()
        usleep(50_000)
        try bus.frames.publish(solidFrame(4, 4, 1), width: 4, height: 4)
        while !waiter.isFinished { usleep(1000) }
        #expect(outcome.withLock { $0 } == .frame(1))
        #expect(ContinuousClock.now - start < .seconds(10))
        bus.close()
        #expect(bus.frames.wait(newerThan: 1, timeout: .seconds(20)) == .writerClosed)
        #expect(bus.writerStatus == .closed)
    }

    @Test func threadsRacingOnOneSlotNeverSeeATornFrame() throws {
        // One slot: the writer rewrites the very frame the reader reads, so
        // reads collide; every collision must be caught, none handed out.
        let pattern = FramePattern(width: 32, height: 32)
        let bus = try FrameBus.inProcess(FrameBusConfiguration(maxWidth: 32, maxHeight: 32, slotCount: 1, eventCapacity: 64))
        let stop = Locked(false)
        let writer = Thread {
            var staging = [UInt8](repeating: 0, count: pattern.byteCount)
            var f: UInt64 = 1
            while !stop.withLock({ $0 }) {
                staging.withUnsafeMutableBytes { pattern.write(frame: f, into: $0) }
                _ = try? bus.frames.publish(staging, width: 32, height: 32)
                f += 1
            }
        }
        writer.start()
        let deadline = ContinuousClock.now + .seconds(20)
        var last: UInt64 = 0, good = 0, bad = 0, nonIncreasing = 0
        while good + bad < 300 && ContinuousClock.now < deadline {
            // Verify in place: the slow check widens the window for collisions.
            guard let got = bus.frames.read(newerThan: last, { FramePattern.verify($0.bytes) }) else { continue }
            if got.info.frameNumber <= last { nonIncreasing += 1 }
            if got.result == got.info.frameNumber { good += 1 } else { bad += 1 }
            last = got.info.frameNumber
        }
        stop.withLock { $0 = true }
        while !writer.isFinished { usleep(1000) }
        #expect(bad == 0)
        #expect(nonIncreasing == 0)
        #expect(good == 300)
        #expect(bus.frames.readStatistics.retriedReads > 0)
    }
}
